// The enterprise roster as an xlsx workbook (sheet 企业名录 / enterprises): reading it into
// rows with every problem of shape named by sheet, row and column (pure: no database), the
// blank template, and the export. Import itself (all-or-nothing) is in roster-files.ts.
import { cellText } from '../catalogue/files/tabular.js';
import { readWorkbookValues } from '../catalogue/files/xlsx-reader.js';
import { writeWorkbook, type XlsxCell } from '../catalogue/files/xlsx-writer.js';
import { isValidCreditCode } from '../window/identity.js';
import type { Text } from './model.js';

export const ROSTER_SHEET = { key: 'enterprises', zh: '企业名录' } as const;
export const MAX_ROSTER_ROWS = 50_000;

export const ROSTER_COLUMNS = [
  { key: 'uscc', zh: '统一社会信用代码', required: true, note: '18 位，按 GB 32100 校验' },
  { key: 'name', zh: '企业名称', required: true, note: '' },
  { key: 'region_code', zh: '所在区划代码', required: true, note: '本县（市）或其下的乡镇' },
  { key: 'industry', zh: '行业', required: false, note: '' },
  { key: 'tax_paid', zh: '纳税额（万元）', required: false, note: '上年度，非负数' },
  { key: 'employees', zh: '从业人数', required: false, note: '非负整数' },
  { key: 'output_value', zh: '产值（万元）', required: false, note: '上年度，非负数' },
  { key: 'designations', zh: '称号', required: false, note: '多个用顿号分隔，如 专精特新、高新技术企业' },
  { key: 'officer', zh: '服务专员登录名', required: false, note: '本县的用户' },
  { key: 'contact', zh: '企业账号登录名', required: false, note: '企业在平台上的申请人账号' },
] as const;
type ColumnKey = (typeof ROSTER_COLUMNS)[number]['key'];

export interface RosterProblem {
  sheet: string;
  /** 1-based row as the spreadsheet shows it (the heading is row 1); 0 for the whole file. */
  row: number;
  column: string;
  value: string;
  reason: Text;
}

export interface RosterRow {
  row: number;
  uscc: string;
  name: string;
  regionCode: string;
  industry: string;
  taxPaid: number;
  employees: number;
  outputValue: number;
  designations: string[];
  officer: string | null;
  contact: string | null;
}

const r = (zh: string, en: string): Text => ({ zh, en });
const headingOf = (key: ColumnKey) => ROSTER_COLUMNS.find((c) => c.key === key)!.zh;

/** Reads the roster sheet; every problem of shape at once. */
export function parseRoster(data: Buffer): { rows: RosterRow[]; problems: RosterProblem[]; sheet: string } {
  let sheets;
  try {
    sheets = readWorkbookValues(data);
  } catch (err) {
    return {
      rows: [],
      sheet: '',
      problems: [
        { sheet: '文件', row: 0, column: '', value: '', reason: r(`无法读取 xlsx 文件：${(err as Error).message}`, `cannot read the xlsx file: ${(err as Error).message}`) },
      ],
    };
  }
  const sheet = sheets.find((s) => s.name.trim() === ROSTER_SHEET.zh || s.name.trim().toLowerCase() === ROSTER_SHEET.key);
  if (!sheet)
    return {
      rows: [],
      sheet: '',
      problems: [
        { sheet: ROSTER_SHEET.zh, row: 0, column: '', value: '', reason: r(`缺少“${ROSTER_SHEET.zh}”工作表`, `the sheet ${ROSTER_SHEET.zh} (${ROSTER_SHEET.key}) is missing`) },
      ],
    };
  const problems: RosterProblem[] = [];
  const heading = (sheet.rows.get(1) ?? []).map((v) => cellText(v).trim());
  const index = new Map<ColumnKey, number>();
  for (const col of ROSTER_COLUMNS) {
    const at = heading.findIndex((h) => h === col.zh || h.toLowerCase() === col.key);
    if (at >= 0) index.set(col.key, at);
    else if (col.required) problems.push({ sheet: sheet.name, row: 1, column: col.zh, value: '', reason: r(`缺少“${col.zh}”列`, `the column ${col.zh} (${col.key}) is missing`) });
  }
  if (problems.length) return { rows: [], problems, sheet: sheet.name };
  const rows: RosterRow[] = [];
  const seen = new Map<string, number>();
  for (const [n, values] of [...sheet.rows.entries()].sort((a, b) => a[0] - b[0])) {
    if (n === 1) continue;
    const get = (key: ColumnKey) => (index.has(key) ? cellText(values[index.get(key)!]).trim() : '');
    if (ROSTER_COLUMNS.every((c) => get(c.key) === '')) continue;
    if (rows.length >= MAX_ROSTER_ROWS) {
      problems.push({
        sheet: sheet.name,
        row: n,
        column: '',
        value: '',
        reason: r(`文件超过 ${MAX_ROSTER_ROWS} 行，请分批导入`, `the file has more than ${MAX_ROSTER_ROWS} rows; import it in parts`),
      });
      break;
    }
    const problem = (key: ColumnKey, reason: Text) => problems.push({ sheet: sheet.name, row: n, column: headingOf(key), value: get(key), reason });
    let ok = true;
    for (const c of ROSTER_COLUMNS) {
      if (c.required && get(c.key) === '') {
        problem(c.key, r(`“${c.zh}”不能为空`, `${c.key} is required`));
        ok = false;
      }
    }
    const uscc = get('uscc').toUpperCase();
    if (uscc && !isValidCreditCode(uscc)) {
      problem('uscc', r('统一社会信用代码不正确（格式或校验码）', 'not a valid unified social credit code (format or check character, GB 32100)'));
      ok = false;
    } else if (uscc && seen.has(uscc)) {
      problem('uscc', r(`与第 ${seen.get(uscc)} 行重复`, `the same code as row ${seen.get(uscc)}`));
      ok = false;
    }
    if (uscc) seen.set(uscc, n);
    const num = (key: ColumnKey, integer: boolean): number => {
      const text = get(key);
      if (text === '') return 0;
      const v = Number(text);
      if (!Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
        problem(key, integer ? r('须为非负整数', 'must be a whole number ≥ 0') : r('须为非负数', 'must be a number ≥ 0'));
        ok = false;
        return 0;
      }
      return v;
    };
    const taxPaid = num('tax_paid', false);
    const employees = num('employees', true);
    const outputValue = num('output_value', false);
    if (!/^\d{6,15}$/.test(get('region_code')) && get('region_code') !== '') {
      problem('region_code', r('区划代码应为 6–15 位数字', 'a region code is 6 to 15 digits'));
      ok = false;
    }
    if (!ok) continue;
    rows.push({
      row: n,
      uscc,
      name: get('name').slice(0, 200),
      regionCode: get('region_code'),
      industry: get('industry').slice(0, 100),
      taxPaid,
      employees,
      outputValue,
      designations: get('designations')
        .split(/[、,，;；]/)
        .map((s) => s.trim())
        .filter(Boolean)
        .slice(0, 10),
      officer: get('officer') || null,
      contact: get('contact') || null,
    });
  }
  return { rows, problems, sheet: sheet.name };
}

export { headingOf as rosterHeading };

export interface RosterExportRow {
  uscc: string;
  name: string;
  regionCode: string;
  industry: string;
  taxPaid: number;
  employees: number;
  outputValue: number;
  designations: string[];
  officer: string | null;
  contact: string | null;
  tier: string | null;
}

/** The roster as the import reads it, plus the tier each enterprise has now. */
export function rosterWorkbook(rows: Iterable<RosterExportRow>): Buffer {
  function* body(): Iterable<XlsxCell[]> {
    yield [...ROSTER_COLUMNS.map((c) => c.zh), '分级（导出）'];
    for (const e of rows)
      yield [e.uscc, e.name, e.regionCode, e.industry, e.taxPaid, e.employees, e.outputValue, e.designations.join('、'), e.officer ?? '', e.contact ?? '', e.tier ?? ''];
  }
  return writeWorkbook([{ name: ROSTER_SHEET.zh, rows: body(), widths: [22, 30, 14, 14, 12, 10, 12, 24, 16, 16, 10] }]);
}

/** The blank template: headings, one example row, and a sheet of instructions. */
export function rosterTemplate(): Buffer {
  return writeWorkbook([
    {
      name: ROSTER_SHEET.zh,
      rows: [ROSTER_COLUMNS.map((c) => c.zh), ['91370883MA3C00001W', '邹城示例制造有限公司', '370883', '装备制造', 620, 350, 48000, '专精特新', 'officer', 'applicant']],
      widths: ROSTER_COLUMNS.map(() => 20),
    },
    {
      name: '说明',
      rows: [
        ['列', '必填', '说明'],
        ...ROSTER_COLUMNS.map((c) => [c.zh, c.required ? '是' : '否', c.note]),
        ['', '', '导入是“全部或全不”：任何一行有问题，整个文件都不导入，并列出每个问题的工作表、行和列。'],
        ['', '', '导入后按管理员设定的分级标准重新计算每家企业的分级，分级变化留有历史。'],
      ],
      widths: [18, 6, 60],
    },
  ]);
}
