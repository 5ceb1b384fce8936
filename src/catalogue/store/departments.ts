// The departments a catalogue names, what a file's references resolve against, and the checks
// every write makes on who writes and for which department.
import type { Kysely } from 'kysely';
import type { Actor, Role } from '../../org/model.js';
import { CAPABILITIES } from '../../org/capabilities.js';
import { departmentRestriction, regionVisible } from '../../org/scope.js';
import type { Database } from '../../store/schema.js';
import type {} from '../../org/store.js'; // regions and departments tables
import type { Matter } from '../model.js';
import type { ValidationContext } from '../validate.js';
import { CatalogueError } from './errors.js';

const WRITERS = new Set<Role>(CAPABILITIES.catalogueWrite.roles);

export interface DepartmentRef {
  id: number;
  code: string;
  name: string;
  regionCode: string;
}

export async function departmentsByCode(db: Kysely<Database>, codes?: Iterable<string>): Promise<Map<string, DepartmentRef>> {
  let q = db.selectFrom('departments').select(['id', 'code', 'name', 'region_code']);
  const list = codes ? [...new Set(codes)] : null;
  if (list && list.length === 0) return new Map();
  if (list) q = q.where('code', 'in', list);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, code: r.code, name: r.name, regionCode: r.region_code }]));
}

/** What a file's references may resolve against: the departments and matters that exist. */
export async function validationContext(db: Kysely<Database>): Promise<ValidationContext> {
  const deps = await db.selectFrom('departments').select(['code', 'region_code']).execute();
  const matters = await db.selectFrom('matters').select('code').execute();
  return { departments: new Map(deps.map((d) => [d.code, d.region_code])), matterCodes: new Set(matters.map((m) => m.code)) };
}

/**
 * Department names a spreadsheet may write instead of codes: the name (行政审批服务局) and the
 * name after its region's (邹城市行政审批服务局). A name two departments share is left out.
 */
export async function departmentNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('departments as d').innerJoin('regions as r', 'r.code', 'd.region_code').select(['d.code', 'd.name', 'r.name as region_name']).execute();
  const seen = new Map<string, string | null>();
  const put = (name: string, code: string) => seen.set(name, seen.has(name) && seen.get(name) !== code ? null : code);
  for (const r of rows) {
    put(r.name, r.code);
    put(`${r.region_name}${r.name}`, r.code);
  }
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
}

/** The departments and matters one matter refers to, as far as they exist (cheaper than the whole context). */
export async function referenceContext(db: Kysely<Database>, m: Matter): Promise<ValidationContext> {
  const deps = new Set<string>([m.departmentCode, ...m.steps.map((s) => s.departmentCode)]);
  for (const x of m.materials) if (x.source.departmentCode) deps.add(x.source.departmentCode);
  const codes = [...new Set([...m.prerequisites.map((p) => p.matterCode), ...m.materials.flatMap((x) => (x.source.matterCode ? [x.source.matterCode] : []))])];
  const departments = await departmentsByCode(db, deps);
  const found = codes.length === 0 ? [] : await db.selectFrom('matters').select('code').where('code', 'in', codes).execute();
  return { departments: new Map([...departments.values()].map((d) => [d.code, d.regionCode])), matterCodes: new Set(found.map((r) => r.code)) };
}

export function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权修改事项清单', en: 'not allowed to change the catalogue' });
}

export function assertDepartmentInScope(actor: Actor, dept: DepartmentRef): void {
  if (!regionVisible(actor, dept.regionCode)) {
    throw new CatalogueError('forbidden', { zh: `部门 ${dept.code} 不在您的管辖区域内`, en: `department ${dept.code} is outside your region` });
  }
  const only = departmentRestriction(actor);
  if (only !== null && only !== dept.id) {
    throw new CatalogueError('forbidden', {
      zh: `部门审批人员只能维护本部门的事项（${dept.code}）`,
      en: `department officers may only change their own department's matters (${dept.code})`,
    });
  }
}
