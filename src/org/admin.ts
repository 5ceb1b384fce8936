// Administering the organisation: regions (county → township → village → grid), departments
// and users. One facade the HTTP routes, the CLI and the spreadsheet import all call. An
// administrator manages their own region and everything below it, nothing else; every
// command runs in one transaction with its audit row.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import { CHILD_LEVEL, CODE_LENGTH, ROLES, type Actor, type Department, type Region, type RegionLevel, type Role } from './model.js';
import { hashPassword, randomPassword, verifyPassword } from './password.js';
import { regionPattern, regionVisible } from './scope.js';
import { OrgError, toDepartment, toRegion, type UserTable } from './store.js';

type Db = Kysely<Database>;
type Tx = Transaction<Database> | Db;

export const NAME_MAX = 60;
export const MIN_PASSWORD = 8;

const within = (actor: Actor, code: string) => regionVisible(actor, code);
const outOfScope = (code: string) => new OrgError('out_of_scope', `region ${code} is outside your region`, `区划 ${code} 不在您管理的范围内`);

function checkName(name: string, what: { zh: string; en: string }): string {
  const n = name.trim();
  if (n.length === 0 || n.length > NAME_MAX) throw new OrgError('invalid_region', `${what.en} must have 1–${NAME_MAX} characters`, `${what.zh}须为 1–${NAME_MAX} 个字符`);
  return n;
}

// ---------------------------------------------------------------- regions

export interface NewRegion {
  code: string;
  name: string;
  /** Null only for a county (6-digit GB/T 2260 code) that is the root of its tree. */
  parentCode: string | null;
  divisionCode?: string | null;
}

/** The level a new region takes, and the problem with its code, if any (pure). */
export function regionLevelFor(code: string, parent: Pick<Region, 'code' | 'level'> | null): { level: RegionLevel } | { problem: { zh: string; en: string } } {
  if (!/^\d+$/.test(code)) return { problem: { zh: `区划代码只能由数字组成：${code}`, en: `a region code is digits only: ${code}` } };
  if (!parent) {
    if (code.length !== CODE_LENGTH.city)
      return { problem: { zh: `没有上级的区划须是县级（6 位 GB/T 2260 代码）：${code}`, en: `a region without a parent must be a county (6-digit GB/T 2260 code): ${code}` } };
    return { level: 'city' };
  }
  const level = CHILD_LEVEL[parent.level];
  if (!level) return { problem: { zh: `${parent.code} 之下不能再设区划`, en: `no regions can be created below ${parent.code}` } };
  if (!code.startsWith(parent.code) || code.length !== CODE_LENGTH[level]) {
    return {
      problem: {
        zh: `${code} 须以上级代码 ${parent.code} 开头、共 ${CODE_LENGTH[level]} 位`,
        en: `${code} must begin with its parent's code ${parent.code} and have ${CODE_LENGTH[level]} digits`,
      },
    };
  }
  return { level };
}

export async function createRegion(db: Db, actor: Actor, region: NewRegion): Promise<Region> {
  return db.transaction().execute((trx) => createRegionIn(trx, actor, region));
}

export async function createRegionIn(trx: Tx, actor: Actor, input: NewRegion): Promise<Region> {
  const name = checkName(input.name, { zh: '区划名称', en: 'a region name' });
  const parent = input.parentCode ? await trx.selectFrom('regions').selectAll().where('code', '=', input.parentCode).executeTakeFirst() : null;
  if (input.parentCode && !parent) throw new OrgError('unknown_region', `unknown parent region ${input.parentCode}`, `上级区划 ${input.parentCode} 不存在`);
  // A county is created by the platform (the command line) or an administrator above it.
  if (!within(actor, input.code) || (parent && !within(actor, parent.code) && actor.regionCode !== '')) throw outOfScope(input.code);
  const decided = regionLevelFor(input.code, parent ? { code: parent.code, level: parent.level } : null);
  if ('problem' in decided) throw new OrgError('invalid_region', decided.problem.en, decided.problem.zh);
  if (input.divisionCode != null && !/^\d{12}$/.test(input.divisionCode))
    throw new OrgError('invalid_region', `a statistical division code has 12 digits: ${input.divisionCode}`, `统计用区划代码须为 12 位数字：${input.divisionCode}`);
  const taken = await trx.selectFrom('regions').select('code').where('code', '=', input.code).executeTakeFirst();
  if (taken) throw new OrgError('duplicate_region', `region ${input.code} already exists`, `区划 ${input.code} 已存在`);
  const row = await trx
    .insertInto('regions')
    .values({ code: input.code, name, level: decided.level, parent_code: parent?.code ?? null, division_code: input.divisionCode ?? null } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx as Db, { actor, action: 'region.create', entity: 'region', entityId: input.code, regionCode: input.code, after: toRegion(row) });
  return toRegion(row);
}

export async function updateRegion(db: Db, actor: Actor, code: string, change: { name?: string; divisionCode?: string | null }): Promise<Region> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
    if (!before) throw new OrgError('unknown_region', `unknown region ${code}`, `区划 ${code} 不存在`);
    if (!within(actor, code)) throw outOfScope(code);
    const name = change.name === undefined ? before.name : checkName(change.name, { zh: '区划名称', en: 'a region name' });
    if (change.divisionCode != null && !/^\d{12}$/.test(change.divisionCode))
      throw new OrgError('invalid_region', `a statistical division code has 12 digits: ${change.divisionCode}`, `统计用区划代码须为 12 位数字：${change.divisionCode}`);
    const division = change.divisionCode === undefined ? before.division_code : change.divisionCode;
    const after = await trx.updateTable('regions').set({ name, division_code: division }).where('code', '=', code).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'region.update', entity: 'region', entityId: code, regionCode: code, before: toRegion(before), after: toRegion(after) });
    return toRegion(after);
  });
}

/**
 * Loads the official tree of a county (townships and villages) that the database lacks.
 * Regions already present keep their names; nothing is removed. Returns what was added.
 */
export async function loadRegionTree(trx: Tx, actor: Actor, tree: Region[]): Promise<{ added: number; kept: number }> {
  const codes = tree.map((r) => r.code);
  const existing = new Set(codes.length ? (await trx.selectFrom('regions').select('code').where('code', 'in', codes).execute()).map((r) => r.code) : []);
  const fresh = tree.filter((r) => !existing.has(r.code));
  for (const r of fresh) if (!within(actor, r.code)) throw outOfScope(r.code);
  // Parents come before children in the tree, so one multi-row insert per 500 keeps the references valid.
  for (let i = 0; i < fresh.length; i += 500) {
    await trx
      .insertInto('regions')
      .values(fresh.slice(i, i + 500).map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode, division_code: r.divisionCode ?? null })) as never)
      .execute();
  }
  return { added: fresh.length, kept: existing.size };
}

// ---------------------------------------------------------------- departments

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

// ---------------------------------------------------------------- users

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentId: number | null;
  /** Head of their department: overdue work is escalated to them. */
  departmentHead: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  locked: boolean;
}

const toUserView = (u: Selectable<UserTable>, now: Date): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  regionCode: u.region_code,
  departmentId: u.department_id,
  departmentHead: u.department_head,
  disabled: u.disabled,
  mustChangePassword: u.must_change_password,
  locked: u.locked_until !== null && u.locked_until > now,
});

export async function listUsers(db: Db, actor: Actor, now = new Date()): Promise<UserView[]> {
  const rows = await db.selectFrom('users').selectAll().where('region_code', 'like', regionPattern(actor)).orderBy('id').limit(10_000).execute();
  return rows.map((u) => toUserView(u, now));
}

/** Roles whose work is a department's: they need one. Applicants must not have one. */
export const DEPARTMENT_ROLES: readonly Role[] = ['department_officer', 'window_clerk'];

/** The county (first six digits) a region code belongs to. */
export const countyOf = (code: string) => code.slice(0, 6);

async function checkDepartment(trx: Tx, actor: Actor, role: Role, regionCode: string, departmentId: number | null): Promise<void> {
  if (departmentId === null) return;
  if (role === 'applicant') throw new OrgError('invalid_user', 'an applicant belongs to no department', '申请人不属于任何部门');
  const dep = await trx.selectFrom('departments').select(['id', 'region_code', 'name']).where('id', '=', departmentId).executeTakeFirst();
  if (!dep) throw new OrgError('unknown_department', `unknown department ${departmentId}`, `部门 ${departmentId} 不存在`);
  if (countyOf(dep.region_code) !== countyOf(regionCode)) {
    throw new OrgError(
      'invalid_user',
      `department ${dep.name} belongs to another county than region ${regionCode}`,
      `部门“${dep.name}”属于其他县（市、区），不能分配给区划 ${regionCode} 的用户`,
    );
  }
  // The department must sit at the user's region or above it (a township officer may work for a county bureau).
  if (!regionCode.startsWith(dep.region_code) && !within(actor, dep.region_code)) throw outOfScope(dep.region_code);
}

async function checkRegion(trx: Tx, actor: Actor, regionCode: string): Promise<void> {
  const region = await trx.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new OrgError('unknown_region', `unknown region ${regionCode}`, `区划 ${regionCode} 不存在`);
  if (!within(actor, regionCode)) throw outOfScope(regionCode);
}

function checkUserFields(u: { username?: string; displayName?: string; role?: string }): void {
  if (u.username !== undefined && !/^[a-z0-9][a-z0-9._-]{1,63}$/.test(u.username)) {
    throw new OrgError(
      'invalid_username',
      `username must be 2–64 lower-case letters, digits, dot, dash or underscore: ${u.username}`,
      `登录名须为 2–64 个小写字母、数字、点、短横线或下划线：${u.username}`,
    );
  }
  if (u.displayName !== undefined && (u.displayName.trim().length === 0 || u.displayName.length > NAME_MAX)) {
    throw new OrgError('invalid_user', `a display name has 1–${NAME_MAX} characters`, `姓名须为 1–${NAME_MAX} 个字符`);
  }
  if (u.role !== undefined && !(ROLES as readonly string[]).includes(u.role))
    throw new OrgError('invalid_role', `unknown role ${u.role}; roles are ${ROLES.join(', ')}`, `未知角色 ${u.role}`);
}

export interface NewOfficer {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentId?: number | null;
  /** Head of the department (needs a department). */
  departmentHead?: boolean;
}

/** A head leads a department: the flag without one is refused, naming it. */
function checkHead(head: boolean | undefined, departmentId: number | null): boolean {
  if (!head) return false;
  if (departmentId === null) throw new OrgError('invalid_user', 'a department head needs a department', '部门负责人须属于某个部门');
  return true;
}

/** Creates a user with a one-time password, to be changed at first sign-in. */
export async function createUser(db: Db, actor: Actor, input: NewOfficer): Promise<{ user: UserView; oneTimePassword: string }> {
  const oneTimePassword = randomPassword();
  const hash = await hashPassword(oneTimePassword);
  const user = await db.transaction().execute((trx) => createUserIn(trx, actor, input, hash));
  return { user, oneTimePassword };
}

export async function createUserIn(trx: Tx, actor: Actor, input: NewOfficer, passwordHash: string, now = new Date()): Promise<UserView> {
  checkUserFields(input);
  await checkRegion(trx, actor, input.regionCode);
  await checkDepartment(trx, actor, input.role, input.regionCode, input.departmentId ?? null);
  const head = checkHead(input.departmentHead, input.departmentId ?? null);
  const taken = await trx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new OrgError('duplicate_username', `user ${input.username} already exists`, `登录名 ${input.username} 已存在`);
  const row = await trx
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName.trim(),
      role: input.role,
      region_code: input.regionCode,
      department_id: input.departmentId ?? null,
      department_head: head,
      password_hash: passwordHash,
      must_change_password: true,
    } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toUserView(row, now);
  await recordAudit(trx as Db, { actor, action: 'user.add', entity: 'user', entityId: row.id, regionCode: input.regionCode, after: view });
  return view;
}

export interface UserChange {
  displayName?: string;
  role?: Role;
  regionCode?: string;
  departmentId?: number | null;
  departmentHead?: boolean;
  disabled?: boolean;
}

export async function updateUser(db: Db, actor: Actor, id: number, change: UserChange, now = new Date()): Promise<UserView> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw new OrgError('unknown_user', `unknown user ${id}`, `用户 ${id} 不存在`);
    if (!within(actor, before.region_code)) throw outOfScope(before.region_code);
    if (id === actor.userId && (change.disabled === true || (change.role !== undefined && change.role !== before.role))) {
      throw new OrgError('invalid_user', 'you cannot disable yourself or change your own role', '不能停用自己或修改自己的角色');
    }
    checkUserFields(change);
    const role = change.role ?? before.role;
    const regionCode = change.regionCode ?? before.region_code;
    const departmentId = change.departmentId === undefined ? (role === 'applicant' ? null : before.department_id) : change.departmentId;
    if (change.regionCode !== undefined) await checkRegion(trx, actor, regionCode);
    await checkDepartment(trx, actor, role, regionCode, departmentId);
    // Moving to another department (or none) ends the headship unless it is given again.
    const keepsHead = String(departmentId) === String(before.department_id) && before.department_head;
    const head = change.departmentHead === undefined ? keepsHead && departmentId !== null : checkHead(change.departmentHead, departmentId);
    const after = await trx
      .updateTable('users')
      .set({
        display_name: change.displayName?.trim() ?? before.display_name,
        role,
        region_code: regionCode,
        department_id: departmentId,
        department_head: head,
        disabled: change.disabled ?? before.disabled,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A disabled user, or one whose role or region changed, signs in again.
    if (after.disabled || after.role !== before.role || after.region_code !== before.region_code || after.department_id !== before.department_id) {
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    }
    await recordAudit(trx, {
      actor,
      action: after.disabled && !before.disabled ? 'user.disable' : 'user.update',
      entity: 'user',
      entityId: id,
      regionCode,
      before: toUserView(before, now),
      after: toUserView(after, now),
    });
    return toUserView(after, now);
  });
}

/** A new one-time password: the user's sessions end, a lock is lifted, the next sign-in must change it. */
export async function resetPassword(db: Db, actor: Actor, id: number): Promise<{ oneTimePassword: string }> {
  const oneTimePassword = randomPassword();
  const hash = await hashPassword(oneTimePassword);
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'region_code', 'username']).where('id', '=', id).executeTakeFirst();
    if (!user) throw new OrgError('unknown_user', `unknown user ${id}`, `用户 ${id} 不存在`);
    if (!within(actor, user.region_code)) throw outOfScope(user.region_code);
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: true, failed_attempts: 0, locked_until: null }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, { actor, action: 'user.reset_password', entity: 'user', entityId: id, regionCode: user.region_code, after: { username: user.username } });
  });
  return { oneTimePassword };
}

/** The signed-in user chooses their own password (required after a one-time password). */
export async function changeOwnPassword(db: Db, actor: Actor, current: string, next: string): Promise<void> {
  if (next.length < MIN_PASSWORD || next.length > 256) throw new OrgError('weak_password', `a password has ${MIN_PASSWORD}–256 characters`, `密码须为 ${MIN_PASSWORD}–256 个字符`);
  if (next === current) throw new OrgError('weak_password', 'the new password must differ from the current one', '新密码不能与当前密码相同');
  const user = await db.selectFrom('users').select(['password_hash']).where('id', '=', actor.userId).executeTakeFirst();
  if (!user || !(await verifyPassword(current, user.password_hash))) throw new OrgError('wrong_password', 'the current password is wrong', '当前密码不正确');
  const hash = await hashPassword(next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: false }).where('id', '=', actor.userId).execute();
    await recordAudit(trx, { actor, action: 'user.change_password', entity: 'user', entityId: actor.userId });
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
