// Catalogue files by extension: .xlsx, .csv, .json, .yaml/.yml. Reading is all-or-nothing:
// every cell and every reference is checked and every problem is listed with sheet, row,
// column, value and reason (zh-CN and en); a catalogue comes back only when there is none.
import path from 'node:path';
import type { Catalogue } from '../model.js';
import { validateCatalogue, type ValidationContext } from '../validate.js';
import { excerpt } from '../limits.js';
import { isUtf8 } from 'node:buffer';
import { firstInvalid, inputLimits, limitExceeded } from '../../shared/bounds.js';
import { readCsv, writeCsv } from './csv.js';
import { readJson, readYaml, writeJson, writeYaml } from './document.js';
import { readXlsx, writeTemplate, writeXlsx } from './xlsx.js';
import type { ImportProblem, ParseResult } from './tabular.js';

export type { ImportProblem } from './tabular.js';
export { writeTemplate };

export const FILE_FORMATS = ['xlsx', 'csv', 'json', 'yaml'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const CONTENT_TYPES: Record<FileFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
};

/** The format a file name's extension names, or null. */
export function formatOf(fileName: string): FileFormat | null {
  const ext = path.extname(fileName).toLowerCase().slice(1);
  if (ext === 'yml') return 'yaml';
  return (FILE_FORMATS as readonly string[]).includes(ext) ? (ext as FileFormat) : null;
}

export function describeProblem(p: ImportProblem, lang: 'zh' | 'en' = 'zh'): string {
  const where = [p.sheet, p.row > 0 ? (lang === 'zh' ? `第 ${p.row} 行` : `row ${p.row}`) : '', p.column].filter((x) => x !== '').join(lang === 'zh' ? ' ' : ', ');
  const value = p.value === '' ? '' : lang === 'zh' ? `（值：${p.value}）` : ` (value: ${p.value})`;
  return `${where}: ${p.reason[lang]}${value}`;
}

export interface ReadOptions extends ValidationContext {
  /** Region to assume when the file names none (a plain matters CSV). */
  regionCode?: string;
  /** Department name → code, for spreadsheets that name departments instead of coding them (xlsx, CSV). */
  departmentNames?: ReadonlyMap<string, string>;
}

export interface ReadResult {
  catalogue: Catalogue | null;
  problems: ImportProblem[];
}

const fileProblem = (reason: { zh: string; en: string }, value = ''): ParseResult => ({
  catalogue: null,
  problems: [{ sheet: 'file', row: 0, column: '', value, reason }],
  origins: new WeakMap(),
  flawed: new WeakSet(),
});

async function parseByFormat(data: Buffer | Uint8Array | string, format: FileFormat, options: ReadOptions): Promise<ParseResult> {
  const { maxCatalogueBytes } = inputLimits();
  const size = typeof data === 'string' ? data.length : data.byteLength;
  if (size > maxCatalogueBytes) throw limitExceeded('maxCatalogueBytes', maxCatalogueBytes);
  if (format === 'xlsx') return readXlsx(typeof data === 'string' ? Buffer.from(data) : data, { departmentNames: options.departmentNames });
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    // Decoding would replace invalid bytes with U+FFFD without a word: refuse them, saying where.
    if (!isUtf8(bytes)) {
      const at = firstInvalid(bytes);
      return fileProblem({ zh: `文件不是有效的 UTF-8 编码（第 ${at} 字节）：请以 UTF-8 保存`, en: `the file is not valid UTF-8 (byte ${at}): save it as UTF-8` }, String(at));
    }
    text = bytes.toString('utf8');
  }
  switch (format) {
    case 'csv':
      return readCsv(text, { departmentNames: options.departmentNames });
    case 'json':
      return readJson(text);
    case 'yaml':
      return readYaml(text);
  }
}

/** Reads and checks a catalogue file; `catalogue` is null whenever `problems` is not empty. */
export async function readCatalogue(data: Buffer | Uint8Array | string, format: FileFormat, options: ReadOptions = {}): Promise<ReadResult> {
  const parsed = await parseByFormat(data, format, options);
  const problems = [...parsed.problems];
  const cat = parsed.catalogue;
  if (cat && cat.regionCode === '' && options.regionCode) cat.regionCode = options.regionCode;
  if (cat) {
    // Reference checks run even when cells were wrong (bad cells hold stand-in values);
    // a cell already reported is not reported again.
    const reported = new Set(problems.map((p) => `${p.sheet}|${p.row}|${p.column}`));
    for (const issue of validateCatalogue(cat, options)) {
      if (parsed.flawed.has(issue.target)) continue;
      const origin = parsed.origins.get(issue.target);
      const value = Array.isArray(issue.value) ? issue.value.join(',') : issue.value === null || issue.value === undefined ? '' : String(issue.value);
      const p = { sheet: origin?.sheet ?? 'matters', row: origin?.row ?? 0, column: origin ? origin.column(issue.field) : issue.field, value, reason: issue.reason };
      const key = `${p.sheet}|${p.row}|${p.column}`;
      if (!reported.has(key)) problems.push(p);
      reported.add(key);
    }
  }
  for (const p of problems) p.value = excerpt(p.value, 200); // never echo a huge cell back
  problems.sort((a, b) => SHEET_ORDER(a.sheet) - SHEET_ORDER(b.sheet) || a.row - b.row || a.column.localeCompare(b.column));
  if (problems.length > MAX_PROBLEMS) {
    // Every problem up to a bound that keeps the answer readable and small; the rest are counted.
    const more = problems.length - MAX_PROBLEMS;
    problems.length = MAX_PROBLEMS;
    problems.push({
      sheet: 'file',
      row: 0,
      column: '',
      value: String(more),
      reason: { zh: `另有 ${more} 处问题未列出（最多列出 ${MAX_PROBLEMS} 处）`, en: `${more} more problem(s) not listed (at most ${MAX_PROBLEMS} are listed)` },
    });
  }
  return problems.length > 0 ? { catalogue: null, problems } : { catalogue: cat, problems };
}

/** Problems listed for one file; a file with more is counted beyond this. */
export const MAX_PROBLEMS = 10_000;

const ORDER = [
  'file',
  'catalogue',
  'departments',
  'matters',
  'materials',
  'steps',
  'prerequisites',
  'form_fields',
  'routes',
  'dictionary_materials',
  'dictionary_fields',
  'legal_bases',
];
function SHEET_ORDER(sheet: string): number {
  const i = ORDER.indexOf(sheet);
  return i < 0 ? ORDER.length : i;
}

/** Reads a file by its name's extension. */
export async function readCatalogueFile(data: Buffer | Uint8Array | string, fileName: string, options: ReadOptions = {}): Promise<ReadResult> {
  const format = formatOf(fileName);
  if (!format) {
    return {
      catalogue: null,
      problems: [
        {
          sheet: 'file',
          row: 0,
          column: '',
          value: fileName,
          reason: { zh: '不支持的文件类型，应为 .xlsx、.csv、.json 或 .yaml', en: 'unsupported file type; use .xlsx, .csv, .json or .yaml' },
        },
      ],
    };
  }
  return readCatalogue(data, format, options);
}

export async function writeCatalogue(cat: Catalogue, format: FileFormat): Promise<Buffer> {
  switch (format) {
    case 'xlsx':
      return writeXlsx(cat);
    case 'csv':
      return Buffer.from(writeCsv(cat), 'utf8');
    case 'json':
      return Buffer.from(writeJson(cat), 'utf8');
    case 'yaml':
      return Buffer.from(writeYaml(cat), 'utf8');
  }
}
