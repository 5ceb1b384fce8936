// Officers' and applicants' accounts: list, create with a one-time password, change, reset a
// password; and one's own password.
import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/trail.js';
import { ROLES, type Actor, type Role } from '../model.js';
import { hashPassword, randomPassword, verifyPassword } from '../password.js';
import { regionPattern } from '../scope.js';
import { OrgError, type UserTable } from '../store.js';
import { MIN_PASSWORD, NAME_MAX, outOfScope, within, type Db, type Tx } from './checks.js';

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
