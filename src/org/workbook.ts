// The organisation workbook: regions, departments and users of a county in one xlsx file
// (sheets 区划 / 部门 / 用户, or regions / departments / users). Import is all-or-nothing:
// every problem is listed with its sheet, row and column (by their Chinese names, and by key for
// the English UI, whichever the file used), and a file
// with any problem changes nothing. Each imported user gets a one-time password, shown once.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import { readWorkbookValues } from '../catalogue/files/xlsx-reader.js';
import { writeWorkbook } from '../catalogue/files/xlsx-writer.js';
import { cellText } from '../catalogue/files/tabular.js';
import { ROLES, ROLE_LABELS, type Actor, type Role } from './model.js';
import { createDepartmentIn, createRegionIn, createUserIn } from './admin.js';
import { hashPassword, randomPassword } from './password.js';
import { OrgError } from './store.js';

type Label = { zh: string; en: string };

export interface OrgImportProblem {
  /** The sheet's Chinese name (区划, 部门, 用户; 文件 for the whole file), whichever name the file used. */
  sheet: string;
  /** The sheet's key for the English UI: regions, departments, users or file. */
  sheetKey: string;
  /** 1-based row as the spreadsheet shows it (the heading is row 1); 0 for the whole sheet. */
  row: number;
  /** The column's Chinese heading (部门代码 ...), '' for a whole row or sheet. */
  column: string;
  /** The column's key for the English UI (code ...). */
  columnKey: string;
  value: string;
  reason: Label;
}

interface Column {
  key: string;
  zh: string;
  required: boolean;
  note: string;
}
interface SheetSpec {
  key: 'regions' | 'departments' | 'users';
  zh: string;
  columns: Column[];
}

export const ORG_SHEETS: SheetSpec[] = [
  {
    key: 'regions',
    zh: '区划',
    columns: [
      { key: 'code', zh: '区划代码', required: true, note: '乡镇 9 位、村（社区）12 位、网格 15 位，以上级代码开头' },
      { key: 'name', zh: '名称', required: true, note: '如 钢山街道' },
      { key: 'parent_code', zh: '上级区划代码', required: true, note: '县级区划没有上级时留空' },
      { key: 'division_code', zh: '统计用区划代码', required: false, note: '12 位，可留空' },
    ],
  },
  {
    key: 'departments',
    zh: '部门',
    columns: [
      { key: 'code', zh: '部门代码', required: true, note: '全平台唯一，如 510802-XZSP' },
      { key: 'name', zh: '部门名称', required: true, note: '如 行政审批服务局' },
      { key: 'region_code', zh: '所属区划代码', required: true, note: '部门所在的区划' },
    ],
  },
  {
    key: 'users',
    zh: '用户',
    columns: [
      { key: 'username', zh: '登录名', required: true, note: '小写字母、数字、点、短横线' },
      { key: 'display_name', zh: '姓名', required: true, note: '' },
      { key: 'role', zh: '角色', required: true, note: ROLES.map((r) => ROLE_LABELS[r].zh).join('、') },
      { key: 'region_code', zh: '所属区划代码', required: true, note: '' },
      { key: 'department_code', zh: '部门代码', required: false, note: '申请人留空' },
      { key: 'department_head', zh: '部门负责人', required: false, note: '填“是”：该部门的负责人（逾期事项向其督办）；否则留空' },
    ],
  },
];

export const MAX_ORG_ROWS = 5000;

/** The 部门负责人 cell: yes (是), no (否) or empty; null for anything else. */
function headOf(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  if (['', '否', 'no', 'n', 'false', '0'].includes(v)) return false;
  if (['是', 'yes', 'y', 'true', '1'].includes(v)) return true;
  return null;
}
export const MAX_ORG_USERS = 2000;

export interface OrgRows {
  regions: Array<{ row: number; code: string; name: string; parentCode: string | null; divisionCode: string | null }>;
  departments: Array<{ row: number; code: string; name: string; regionCode: string }>;
  users: Array<{ row: number; username: string; displayName: string; role: Role; regionCode: string; departmentCode: string | null; departmentHead: boolean }>;
  /** Where a problem lies, in Chinese and by key, whatever the file named its sheets and headings. */
  where: Record<SheetSpec['key'], (row: number, column: string) => Pick<OrgImportProblem, 'sheet' | 'sheetKey' | 'row' | 'column' | 'columnKey'>>;
}

const r = (zh: string, en: string): Label => ({ zh, en });

const FILE = { sheet: '文件', sheetKey: 'file', row: 0, column: '', columnKey: '' };

function locator(spec: SheetSpec) {
  return (row: number, column: string) => ({ sheet: spec.zh, sheetKey: spec.key, row, column: spec.columns.find((c) => c.key === column)?.zh ?? '', columnKey: column });
}

function roleOf(text: string): Role | null {
  if ((ROLES as readonly string[]).includes(text)) return text as Role;
  return ROLES.find((role) => ROLE_LABELS[role].zh === text || ROLE_LABELS[role].en.toLowerCase() === text.toLowerCase()) ?? null;
}

/** Reads the workbook into rows, with every problem of shape (pure: no database). */
export function parseOrgWorkbook(data: Buffer): { rows: OrgRows | null; problems: OrgImportProblem[] } {
  let sheets;
  try {
    sheets = readWorkbookValues(data);
  } catch (err) {
    return { rows: null, problems: [{ ...FILE, value: '', reason: r(`无法读取 xlsx 文件：${(err as Error).message}`, `cannot read the xlsx file: ${(err as Error).message}`) }] };
  }
  const problems: OrgImportProblem[] = [];
  const rows: OrgRows = { regions: [], departments: [], users: [], where: {} as OrgRows['where'] };
  let total = 0;
  for (const spec of ORG_SHEETS) {
    const sheet = sheets.find((s) => s.name.trim() === spec.zh || s.name.trim().toLowerCase() === spec.key);
    const at = locator(spec);
    rows.where[spec.key] = at;
    if (!sheet) continue; // a file may hold only some of the sheets
    const heading = (sheet.rows.get(1) ?? []).map((v) => cellText(v).trim());
    const index = new Map<string, number>();
    for (const col of spec.columns) {
      const found = heading.findIndex((h) => h === col.zh || h.toLowerCase() === col.key);
      if (found >= 0) {
        index.set(col.key, found);
      } else if (col.required) {
        problems.push({ ...at(1, col.key), value: '', reason: r(`缺少“${col.zh}”列`, `the column ${col.zh} (${col.key}) is missing`) });
      }
    }
    if (spec.columns.some((c) => c.required && !index.has(c.key))) continue;
    for (const [n, values] of [...sheet.rows.entries()].sort((a, b) => a[0] - b[0])) {
      if (n === 1) continue;
      const get = (key: string) => (index.has(key) ? cellText(values[index.get(key)!]).trim() : '');
      if (spec.columns.every((c) => get(c.key) === '')) continue;
      if (++total > MAX_ORG_ROWS) {
        problems.push({ ...at(n, ''), value: '', reason: r(`文件超过 ${MAX_ORG_ROWS} 行，请分批导入`, `the file has more than ${MAX_ORG_ROWS} rows; import it in parts`) });
        return { rows: null, problems };
      }
      const missing = spec.columns.filter((c) => c.required && get(c.key) === '' && !(spec.key === 'regions' && c.key === 'parent_code'));
      for (const c of missing) problems.push({ ...at(n, c.key), value: '', reason: r(`“${c.zh}”不能为空`, `${c.key} is required`) });
      if (missing.length) continue;
      if (spec.key === 'regions')
        rows.regions.push({ row: n, code: get('code'), name: get('name'), parentCode: get('parent_code') || null, divisionCode: get('division_code') || null });
      else if (spec.key === 'departments') rows.departments.push({ row: n, code: get('code'), name: get('name'), regionCode: get('region_code') });
      else {
        const role = roleOf(get('role'));
        if (!role) {
          problems.push({
            ...at(n, 'role'),
            value: get('role'),
            reason: r(`未知角色，应为：${ROLES.map((x) => ROLE_LABELS[x].zh).join('、')}`, `unknown role; roles are ${ROLES.join(', ')}`),
          });
          continue;
        }
        const head = headOf(get('department_head'));
        if (head === null) {
          problems.push({ ...at(n, 'department_head'), value: get('department_head'), reason: r('“部门负责人”应填“是”“否”或留空', 'department_head is yes, no or empty') });
          continue;
        }
        rows.users.push({
          row: n,
          username: get('username'),
          displayName: get('display_name'),
          role,
          regionCode: get('region_code'),
          departmentCode: get('department_code') || null,
          departmentHead: head,
        });
      }
    }
  }
  if (sheets.every((s) => !ORG_SHEETS.some((spec) => s.name.trim() === spec.zh || s.name.trim().toLowerCase() === spec.key))) {
    problems.push({ ...FILE, value: '', reason: r('文件中没有“区划”“部门”或“用户”工作表', 'the file has no sheet named 区划/regions, 部门/departments or 用户/users') });
  }
  if (rows.users.length > MAX_ORG_USERS) {
    problems.push({ ...rows.where.users(0, ''), value: String(rows.users.length), reason: r(`一次最多导入 ${MAX_ORG_USERS} 个用户`, `at most ${MAX_ORG_USERS} users per file`) });
  }
  // Duplicates within the file.
  const dup = (key: SheetSpec['key'], list: Array<{ row: number }>, field: string, value: (x: never) => string) => {
    const seen = new Map<string, number>();
    for (const item of list) {
      const v = value(item as never);
      if (seen.has(v)) problems.push({ ...rows.where[key](item.row, field), value: v, reason: r(`与第 ${seen.get(v)} 行重复`, `repeats row ${seen.get(v)}`) });
      else seen.set(v, item.row);
    }
  };
  dup('regions', rows.regions, 'code', (x: { code: string }) => x.code);
  dup('departments', rows.departments, 'code', (x: { code: string }) => x.code);
  dup('users', rows.users, 'username', (x: { username: string }) => x.username);
  return { rows: problems.length ? null : rows, problems };
}

export interface OrgImportResult {
  ok: boolean;
  problems: OrgImportProblem[];
  counts: { regions: number; departments: number; users: number };
  /** Each new user's one-time password, shown once (changed at first sign-in). */
  passwords: Array<{ username: string; displayName: string; oneTimePassword: string }>;
}

class Rollback extends Error {}

/** Imports the workbook in one transaction: everything or nothing. */
export async function importOrgWorkbook(db: Kysely<Database>, actor: Actor, data: Buffer): Promise<OrgImportResult> {
  const empty = { regions: 0, departments: 0, users: 0 };
  const parsed = parseOrgWorkbook(data);
  if (!parsed.rows) return { ok: false, problems: parsed.problems, counts: empty, passwords: [] };
  const rows = parsed.rows;
  const passwords = rows.users.map((u) => ({ username: u.username, displayName: u.displayName, oneTimePassword: randomPassword() }));
  const hashes = await Promise.all(passwords.map((p) => hashPassword(p.oneTimePassword)));
  const problems: OrgImportProblem[] = [];
  const at = (key: SheetSpec['key'], row: number, column: string, value: string, err: unknown) => {
    if (!(err instanceof OrgError)) throw err;
    problems.push({ ...rows.where[key](row, column), value, reason: r(err.zh, err.message) });
  };
  try {
    await db.transaction().execute(async (trx) => {
      // Parents before children: a shorter code is higher in the tree.
      for (const reg of [...rows.regions].sort((a, b) => a.code.length - b.code.length || a.row - b.row)) {
        try {
          await createRegionIn(trx, actor, reg);
        } catch (err) {
          const column = err instanceof OrgError && err.code === 'unknown_region' ? 'parent_code' : 'code';
          at('regions', reg.row, column, column === 'code' ? reg.code : (reg.parentCode ?? ''), err);
        }
      }
      for (const dep of rows.departments) {
        try {
          await createDepartmentIn(trx, actor, dep);
        } catch (err) {
          const column =
            err instanceof OrgError && (err.code === 'unknown_region' || err.code === 'out_of_scope')
              ? 'region_code'
              : err instanceof OrgError && err.message.includes('named')
                ? 'name'
                : 'code';
          at('departments', dep.row, column, column === 'region_code' ? dep.regionCode : column === 'name' ? dep.name : dep.code, err);
        }
      }
      for (const [i, u] of rows.users.entries()) {
        try {
          let departmentId: number | null = null;
          if (u.departmentCode) {
            const dep = await trx.selectFrom('departments').select('id').where('code', '=', u.departmentCode).executeTakeFirst();
            if (!dep) {
              problems.push({
                ...rows.where.users(u.row, 'department_code'),
                value: u.departmentCode,
                reason: r(`部门代码 ${u.departmentCode} 不存在`, `unknown department ${u.departmentCode}`),
              });
              continue;
            }
            departmentId = dep.id;
          }
          await createUserIn(
            trx,
            actor,
            { username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, departmentId, departmentHead: u.departmentHead },
            hashes[i],
          );
        } catch (err) {
          const code = err instanceof OrgError ? err.code : '';
          const column =
            code === 'unknown_region' || code === 'out_of_scope'
              ? 'region_code'
              : code === 'invalid_user' || code === 'unknown_department'
                ? 'department_code'
                : code === 'invalid_role'
                  ? 'role'
                  : 'username';
          const value = column === 'region_code' ? u.regionCode : column === 'department_code' ? (u.departmentCode ?? '') : column === 'role' ? u.role : u.username;
          at('users', u.row, column, value, err);
        }
      }
      if (problems.length) throw new Rollback();
      await recordAudit(trx, {
        actor,
        action: 'org.import',
        entity: 'organisation',
        entityId: actor.regionCode || null,
        after: { regions: rows.regions.length, departments: rows.departments.length, users: rows.users.length },
      });
    });
  } catch (err) {
    if (err instanceof Rollback) return { ok: false, problems, counts: empty, passwords: [] };
    throw err;
  }
  return { ok: true, problems: [], counts: { regions: rows.regions.length, departments: rows.departments.length, users: rows.users.length }, passwords };
}

/** The blank workbook with headings, one example row per sheet and a sheet of instructions. */
export function orgTemplate(): Buffer {
  const example: Record<SheetSpec['key'], string[]> = {
    regions: ['370883001201003', '曾家沟村第三网格', '370883001201', ''],
    departments: ['370883-TJJ', '统计局', '370883'],
    users: ['wang.fang', '王芳', '部门审批人员', '370883', '370883-TJJ'],
  };
  return writeWorkbook([
    ...ORG_SHEETS.map((spec) => ({ name: spec.zh, rows: [spec.columns.map((c) => c.zh), example[spec.key]], widths: spec.columns.map(() => 22) })),
    {
      name: '说明',
      rows: [
        ['工作表', '列', '必填', '说明'],
        ...ORG_SHEETS.flatMap((spec) => spec.columns.map((c) => [spec.zh, c.zh, c.required ? '是' : '否', c.note])),
        ['', '', '', '导入是“全部或全不”：任何一行有问题，整个文件都不导入，并列出每个问题的工作表、行和列。'],
        ['', '', '', '每个新用户获得一个一次性密码（只显示一次），首次登录时必须修改。'],
      ],
      widths: [10, 16, 6, 60],
    },
  ]);
}
