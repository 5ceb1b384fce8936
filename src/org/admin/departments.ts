// Departments of a region: create and rename, and which have nobody to do their tasks.
import { recordAudit } from '../../audit/trail.js';
import type { Actor, Department } from '../model.js';
import { regionPattern } from '../scope.js';
import { OrgError, toDepartment } from '../store.js';
import { checkName, outOfScope, within, type Db, type Tx } from './checks.js';

export interface NewDepartment {
  code: string;
  name: string;
  regionCode: string;
}

export async function createDepartment(db: Db, actor: Actor, input: NewDepartment): Promise<Department> {
  return db.transaction().execute((trx) => createDepartmentIn(trx, actor, input));
}

export async function createDepartmentIn(trx: Tx, actor: Actor, input: NewDepartment): Promise<Department> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(input.code)) {
    throw new OrgError(
      'invalid_department',
      `a department code is 1–40 letters, digits, dot, dash or underscore: ${input.code}`,
      `部门代码须为 1–40 个字母、数字、点、短横线或下划线：${input.code}`,
    );
  }
  const name = checkName(input.name, { zh: '部门名称', en: 'a department name' });
  const region = await trx.selectFrom('regions').select('code').where('code', '=', input.regionCode).executeTakeFirst();
  if (!region) throw new OrgError('unknown_region', `unknown region ${input.regionCode}`, `区划 ${input.regionCode} 不存在`);
  if (!within(actor, input.regionCode)) throw outOfScope(input.regionCode);
  const taken = await trx
    .selectFrom('departments')
    .select(['code', 'region_code'])
    .where((eb) => eb.or([eb('code', '=', input.code), eb.and([eb('region_code', '=', input.regionCode), eb('name', '=', name)])]))
    .executeTakeFirst();
  if (taken) {
    throw taken.code === input.code
      ? new OrgError('duplicate_department', `department code ${input.code} is taken (codes are unique on the platform)`, `部门代码 ${input.code} 已被使用（全平台唯一）`)
      : new OrgError('duplicate_department', `region ${input.regionCode} already has a department named ${name}`, `区划 ${input.regionCode} 已有名为“${name}”的部门`);
  }
  const row = await trx
    .insertInto('departments')
    .values({ code: input.code, name, region_code: input.regionCode } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx as Db, { actor, action: 'department.create', entity: 'department', entityId: row.id, regionCode: input.regionCode, after: toDepartment(row) });
  return toDepartment(row);
}

export async function updateDepartment(db: Db, actor: Actor, id: number, change: { name?: string }): Promise<Department> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new OrgError('unknown_department', `unknown department ${id}`, `部门 ${id} 不存在`);
    if (!within(actor, before.region_code)) throw outOfScope(before.region_code);
    const name = change.name === undefined ? before.name : checkName(change.name, { zh: '部门名称', en: 'a department name' });
    const clash = await trx.selectFrom('departments').select('id').where('region_code', '=', before.region_code).where('name', '=', name).where('id', '!=', id).executeTakeFirst();
    if (clash)
      throw new OrgError('duplicate_department', `region ${before.region_code} already has a department named ${name}`, `区划 ${before.region_code} 已有名为“${name}”的部门`);
    const after = await trx.updateTable('departments').set({ name }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'department.update',
      entity: 'department',
      entityId: id,
      regionCode: before.region_code,
      before: toDepartment(before),
      after: toDepartment(after),
    });
    return toDepartment(after);
  });
}

/** Departments of the caller's regions with no active user (their tasks would wait forever). */
export async function departmentsWithoutOfficers(db: Db, actor: Actor): Promise<number[]> {
  const rows = await db
    .selectFrom('departments')
    .select('departments.id')
    .where('departments.region_code', 'like', regionPattern(actor))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('users').select('users.id').whereRef('users.department_id', '=', 'departments.id').where('users.disabled', '=', false))))
    .execute();
  return rows.map((r) => r.id);
}
