// The xlsx workbook: an instructions sheet (说明) and one sheet per kind of row, headings in
// Chinese, enum columns with drop-down lists. Reading accepts headings by key, Chinese or
// English label, and ignores the instructions sheet.
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './exceljs.js';
import type { Catalogue } from '../model.js';
import { sheetRows, sheetsToCatalogue, type Cell, type ParseResult, type RawTable, type TabularOptions } from './tabular.js';
import { writeWorkbook, type XlsxCell, type XlsxSheet } from './xlsx-writer.js';
import { declaredUnpackedBytes, readWorkbookValues, XlsxEncodingError, type SheetValues } from './xlsx-reader.js';
import { InputLimitError, inputLimits, limitExceeded } from '../../shared/bounds.js';
import { aliasesOf, SHEETS, type ColumnSpec, type SheetSpec } from './template.js';

export const README_SHEET = '说明';
const IGNORED_SHEETS = new Set([README_SHEET, 'readme', 'README']);

const TYPE_NOTES: Record<ColumnSpec['type'], string> = {
  text: '文本',
  code: '编码（必填）',
  optcode: '编码（可空）',
  int: '整数',
  number: '数字',
  optnumber: '数字（可空）',
  bool: '是/否',
  list: '多项，用“；”分隔',
  idlist: '编号，用“,”分隔',
  enum: '选项（必填）',
  optenum: '选项（可空）',
};

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

function noteOf(sheet: string, c: ColumnSpec): string {
  const aliases = aliasesOf(sheet, c.key);
  return [c.note.zh, aliases.length ? `也可用列标题：${aliases.join('、')}` : ''].filter((x) => x !== '').join('；');
}

function allowed(c: ColumnSpec): string {
  return (c.values ?? []).map((v) => c.valueLabels?.[v]?.zh ?? v).join('、');
}

function addReadme(wb: ExcelJS.Workbook): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(README_SHEET);
  ws.columns = [
    { header: '工作表 sheet', key: 'sheet', width: 16 },
    { header: '列 column', key: 'key', width: 24 },
    { header: '列标题', key: 'zh', width: 26 },
    { header: 'Heading', key: 'en', width: 24 },
    { header: '类型', key: 'type', width: 18 },
    { header: '允许取值', key: 'values', width: 50 },
    { header: '说明', key: 'note', width: 50 },
  ];
  ws.addRow({ sheet: '', key: '', zh: '事项清单导入模板：每个工作表第一行为列标题；导入时全部校验，任何一行有误则整体不导入。', en: '', type: '', values: '', note: '' });
  for (const s of SHEETS) {
    ws.addRow({ sheet: s.name, key: '', zh: s.label.zh, en: s.label.en, type: '', values: '', note: s.note.zh });
    for (const c of s.columns) ws.addRow({ sheet: s.name, key: c.key, zh: c.label.zh, en: c.label.en, type: TYPE_NOTES[c.type], values: allowed(c), note: noteOf(s.name, c) });
  }
  return ws;
}

function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec, rows: Cell[][], validations: boolean): void {
  const ws = wb.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({ header: c.label.zh, key: c.key, width: Math.max(10, Math.min(40, c.label.zh.length * 2 + 4)) }));
  ws.getRow(1).font = { bold: true };
  if (validations) {
    spec.columns.forEach((c, i) => {
      const list = c.type === 'bool' ? '是,否' : c.values ? c.values.map((v) => c.valueLabels?.[v]?.zh ?? v).join(',') : null;
      if (!list || list.length > 250) return;
      const letter = columnLetter(i + 1);
      (ws as unknown as { dataValidations?: { add(range: string, v: unknown): void } }).dataValidations?.add(`${letter}2:${letter}2000`, {
        type: 'list',
        allowBlank: c.type !== 'enum',
        formulae: [`"${list}"`],
        showErrorMessage: true,
        errorTitle: c.label.zh,
        error: `允许取值：${list}`,
      });
    });
  }
  for (const r of rows) ws.addRow(r);
}

/** The catalogue as an xlsx workbook: the instructions sheet, then one sheet per kind of row. */
export async function writeXlsx(cat: Catalogue): Promise<Buffer> {
  const readme: XlsxCell[][] = [['工作表 sheet', '列 column', '列标题', 'Heading', '类型', '允许取值', '说明']];
  for (const s of SHEETS) {
    readme.push([s.name, '', s.label.zh, s.label.en, '', '', s.note.zh]);
    for (const c of s.columns) readme.push([s.name, c.key, c.label.zh, c.label.en, TYPE_NOTES[c.type], allowed(c), noteOf(s.name, c)]);
  }
  const sheets: XlsxSheet[] = [{ name: README_SHEET, rows: readme, widths: [16, 24, 26, 24, 18, 50, 50] }];
  for (const spec of SHEETS) {
    const heading = spec.columns.map((c) => c.label.zh);
    const rows = (function* () {
      yield heading;
      yield* sheetRows(cat, spec.name);
    })();
    sheets.push({ name: spec.name, rows, widths: spec.columns.map((c) => Math.max(10, Math.min(40, c.label.zh.length * 2 + 4))) });
  }
  return writeWorkbook(sheets);
}

/** The empty template: instructions, headings and drop-down lists, ready to fill in. */
export async function writeTemplate(): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Zaizao';
  addReadme(wb);
  for (const spec of SHEETS) addSheet(wb, spec, [], true);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readXlsx(data: Buffer | Uint8Array, options: TabularOptions = {}): Promise<ParseResult> {
  let fast: SheetValues[] | null = null;
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  // A zip bomb is refused before either reader inflates it (exceljs would take it whole).
  const { maxCatalogueBytes } = inputLimits();
  if (declaredUnpackedBytes(buf) > maxCatalogueBytes) throw limitExceeded('maxCatalogueBytes', maxCatalogueBytes);
  try {
    fast = readWorkbookValues(buf);
  } catch (err) {
    if (err instanceof InputLimitError) throw err;
    if (err instanceof XlsxEncodingError) {
      const reason = {
        zh: `xlsx 文件的 ${err.part} 不是有效的 UTF-8 编码（第 ${err.byteOffset} 字节）`,
        en: `the xlsx file's ${err.part} is not valid UTF-8 (byte ${err.byteOffset})`,
      };
      return { catalogue: null, problems: [{ sheet: 'file', row: 0, column: err.part, value: String(err.byteOffset), reason }], origins: new WeakMap(), flawed: new WeakSet() };
    }
    fast = null; // something the small reader does not know: exceljs reads it (or says why it cannot)
  }
  if (fast) {
    const tables: RawTable[] = fast
      .filter((s) => !IGNORED_SHEETS.has(s.name))
      .map((s) => ({
        sheet: s.name,
        headerRow: 1,
        headers: s.rows.get(1) ?? [],
        rows: [...s.rows]
          .filter(([n]) => n > 1)
          .sort((x, y) => x[0] - y[0])
          .map(([row, values]) => ({ row, values })),
      }));
    return sheetsToCatalogue(tables, options);
  }
  return readXlsxWithExcelJs(data, options);
}

async function readXlsxWithExcelJs(data: Buffer | Uint8Array, options: TabularOptions): Promise<ParseResult> {
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    return {
      catalogue: null,
      problems: [
        {
          sheet: 'file',
          row: 0,
          column: '',
          value: '',
          reason: { zh: `无法读取 xlsx 文件：${(err as Error).message}`, en: `cannot read the xlsx file: ${(err as Error).message}` },
        },
      ],
      origins: new WeakMap(),
      flawed: new WeakSet(),
    };
  }
  const tables: RawTable[] = [];
  wb.eachSheet((ws) => {
    if (IGNORED_SHEETS.has(ws.name)) return;
    const headerRow = ws.getRow(1);
    const width = Math.max(ws.actualColumnCount, headerRow.cellCount);
    const readValues = (row: ExcelJS.Row) => {
      const values: unknown[] = [];
      for (let i = 1; i <= width; i++) values.push(row.getCell(i).value);
      return values;
    };
    const table: RawTable = { sheet: ws.name, headerRow: 1, headers: readValues(headerRow), rows: [] };
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (n > 1) table.rows.push({ row: n, values: readValues(row) });
    });
    tables.push(table);
  });
  return sheetsToCatalogue(tables, options);
}
