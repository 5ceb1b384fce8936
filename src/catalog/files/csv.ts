// CSV: one file, several tables. Each table starts with a line holding only its sheet name
// in brackets ([matters]), then its heading line, then its rows; a blank line ends it. A
// CSV without any [sheet] line is read as the matters sheet alone. UTF-8 with a BOM so
// spreadsheet programs show Chinese correctly. Rows are reported by line number.
import { parse } from 'csv-parse/sync';
import type { Catalogue } from '../model.js';
import { catalogueToSheets, sheetsToCatalogue, type Cell, type ParseResult, type RawTable, type TabularOptions } from './tabular.js';

function quote(cell: Cell): string {
  const s = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(cat: Catalogue): string {
  const lines: string[] = [];
  for (const { spec, rows } of catalogueToSheets(cat)) {
    lines.push(`[${spec.name}]`);
    lines.push(spec.columns.map((c) => quote(c.label.zh)).join(','));
    for (const r of rows) lines.push(r.map(quote).join(','));
    lines.push('');
  }
  return `\uFEFF${lines.join('\r\n')}`;
}

const SECTION = /^\[([^\]]+)\]$/;

export function readCsv(text: string, options: TabularOptions = {}): ParseResult {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, info: true, bom: true }) as unknown as typeof records;
  } catch (err) {
    return {
      catalogue: null,
      problems: [{ sheet: 'file', row: 0, column: '', value: '', reason: { zh: `无法解析 CSV：${(err as Error).message}`, en: `cannot parse the CSV: ${(err as Error).message}` } }],
      origins: new WeakMap(),
      flawed: new WeakSet(),
    };
  }
  const tables: RawTable[] = [];
  let current: RawTable | null = null;
  let expectHeader = false;
  const sectioned = records.some((r) => r.record.length === 1 && SECTION.test(r.record[0].trim()));
  if (!sectioned) {
    current = { sheet: 'matters', headerRow: 0, headers: [], rows: [] };
    tables.push(current);
    expectHeader = true;
  }
  for (const { record, info } of records) {
    const line = info.lines;
    const blank = record.every((v) => v.trim() === '');
    const section = record.length === 1 ? SECTION.exec(record[0].trim()) : null;
    if (section) {
      current = { sheet: section[1], headerRow: 0, headers: [], rows: [] };
      tables.push(current);
      expectHeader = true;
      continue;
    }
    if (blank || !current) continue;
    if (expectHeader) {
      current.headers = record;
      current.headerRow = line;
      expectHeader = false;
      continue;
    }
    current.rows.push({ row: line, values: record });
  }
  const result = sheetsToCatalogue(tables, options);
  if (!sectioned && result.catalogue) {
    // A plain matters list: the region and departments come from the database on import.
    result.problems = result.problems.filter((p) => p.sheet !== 'catalogue');
  }
  return result;
}
