// CSV: one file, several tables. Each table starts with a line holding only its sheet name
// in brackets ([matters]), then its heading line, then its rows; a blank line ends it. A
// CSV without any [sheet] line is read as the matters sheet alone. UTF-8 with a BOM so
// spreadsheet programs show Chinese correctly. Rows are reported by line number.
import { parse } from 'csv-parse/sync';
import type { Catalogue } from '../model.js';
import { catalogueToSheets, sheetsToCatalogue, type Cell, type ImportProblem, type ParseResult, type RawTable, type TabularOptions } from './tabular.js';

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
      problems: [
        { sheet: 'file', row: 0, column: '', value: '', reason: { zh: `无法解析 CSV：${(err as Error).message}`, en: `cannot parse the CSV: ${(err as Error).message}` } },
      ],
      origins: new WeakMap(),
      flawed: new WeakSet(),
    };
  }
  const tables: RawTable[] = [];
  let current: RawTable | null = null;
  let expectHeader = false;
  const cellProblems: ImportProblem[] = [];
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
    const cells = cellCountProblem(current, line, record);
    if (cells) cellProblems.push(cells);
    current.rows.push({ row: line, values: record });
  }
  const result = sheetsToCatalogue(tables, options);
  result.problems.push(...cellProblems);
  if (!sectioned && result.catalogue) {
    // A plain matters list: the region and departments come from the database on import.
    result.problems = result.problems.filter((p) => p.sheet !== 'catalogue');
  }
  return result;
}

/**
 * A row with fewer cells than its heading line (a file cut off in the middle of a row) or
 * with text beyond the last heading is a problem, naming the first missing or extra column.
 */
function cellCountProblem(table: RawTable, line: number, record: string[]): ImportProblem | null {
  const headers = table.headers.map((h) => String(h ?? ''));
  let width = headers.length;
  while (width > 0 && headers[width - 1].trim() === '') width--;
  if (record.length < width) {
    return {
      sheet: table.sheet,
      row: line,
      column: headers[record.length],
      value: record[record.length - 1] ?? '',
      reason: {
        zh: `该行只有 ${record.length} 个单元格，标题行有 ${width} 列（文件可能被截断）`,
        en: `the row has ${record.length} cells but the heading line has ${width} columns (the file may be truncated)`,
      },
    };
  }
  const extra = record.findIndex((v, i) => i >= width && v.trim() !== '');
  if (extra >= 0) {
    return {
      sheet: table.sheet,
      row: line,
      column: `#${extra + 1}`,
      value: record[extra],
      reason: { zh: `该行有 ${record.length} 个单元格，超出标题行的 ${width} 列`, en: `the row has ${record.length} cells, more than the ${width} columns of the heading line` },
    };
  }
  return null;
}
