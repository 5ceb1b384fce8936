import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { demoCatalogue } from '../demo/index.js';
import { writeCatalogue, writeTemplate } from './index.js';
import { readWorkbookValues } from './xlsx-reader.js';
import { cellText } from './tabular.js';

/** Each sheet's cells as exceljs reads them: name → row number → texts. */
async function viaExcelJs(buf: Buffer): Promise<Map<string, Map<number, string[]>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out = new Map<string, Map<number, string[]>>();
  wb.eachSheet((ws) => {
    const rows = new Map<number, string[]>();
    ws.eachRow((row, n) => {
      const values: string[] = [];
      row.eachCell((cell, c) => (values[c - 1] = cellText(cell.value)));
      rows.set(
        n,
        Array.from(values, (v) => v ?? ''),
      );
    });
    out.set(ws.name, rows);
  });
  return out;
}

function viaReader(buf: Buffer): Map<string, Map<number, string[]>> {
  return new Map(readWorkbookValues(buf).map((s) => [s.name, new Map([...s.rows].map(([n, v]) => [n, Array.from(v, (x) => cellText(x))]))]));
}

describe('the small xlsx reader', () => {
  it('reads what our writer writes exactly as exceljs does', async () => {
    const buf = await writeCatalogue(demoCatalogue(), 'xlsx');
    expect(viaReader(buf)).toEqual(await viaExcelJs(buf));
  });

  it('reads what exceljs writes (the template, a workbook edited in a spreadsheet library) as exceljs does', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeCatalogue(demoCatalogue(), 'xlsx')) as unknown as ArrayBuffer);
    wb.getWorksheet('matters')!.getRow(2).getCell(2).value = { richText: [{ text: '建筑工程' }, { text: '施工许可', font: { bold: true } }] };
    wb.getWorksheet('matters')!.getRow(3).getCell(7).value = 3;
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    expect(viaReader(edited)).toEqual(await viaExcelJs(edited));
    const template = await writeTemplate();
    expect(viaReader(template)).toEqual(await viaExcelJs(template));
  });

  it('refuses what is not a workbook', () => {
    expect(() => readWorkbookValues(Buffer.from('not a zip'))).toThrow();
  });
});
