// Regions, departments, users and sessions in the database.
import crypto from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import type { Actor, Department, Region, RegionLevel, Role } from './model.js';
import { ROLES } from './model.js';
import { hashPassword, verifyPassword } from './password.js';
import { ancestorCodes, regionPattern, regionVisible } from './scope.js';
import { clearAccount, lockKeys, releaseAttempt, reserveAttempt, THROTTLE, throttleKeys } from './throttle.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export interface RegionTable {
  code: string;
  name: string;
  level: RegionLevel;
  parent_code: string | null;
  division_code: string | null;
  created_at: Date;
}
export interface DepartmentTable {
  id: number;
  code: string;
  name: string;
  region_code: string;
  created_at: Date;
}
export interface UserTable {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  region_code: string;
  department_id: number | null;
  password_hash: string;
  failed_attempts: number;
  locked_until: Date | null;
  disabled: boolean;
  must_change_password: boolean;
  /** Head of their department (科室/局负责人): overdue work of the department is escalated to them. */
  department_head: import('kysely').Generated<boolean>;
  created_at: Date;
}
export interface SessionTable {
  token_hash: string;
  user_id: number;
  region_code: string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    regions: RegionTable;
    departments: DepartmentTable;
    users: UserTable;
    sessions: SessionTable;
  }
}

type Db = Kysely<Database>;

export const LOCKOUT_THRESHOLD = THROTTLE.accountFromSource;
export const LOCKOUT_MINUTES = THROTTLE.lockMinutes;
export const SESSION_HOURS = 12;

export const toRegion = (r: Selectable<RegionTable>): Region => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code, divisionCode: r.division_code });
export const toDepartment = (d: Selectable<DepartmentTable>): Department => ({ id: d.id, code: d.code, name: d.name, regionCode: d.region_code });

export async function listRegions(db: Db, actor: Actor): Promise<Region[]> {
  const rows = await db.selectFrom('regions').selectAll().where('code', 'like', regionPattern(actor)).orderBy('code').execute();
  return rows.map(toRegion);
}

export async function listDepartments(db: Db, actor: Actor): Promise<Department[]> {
  // Departments of the caller's region subtree and of the regions above it (a township
  // officer works with the city's departments too).
  const ancestors = ancestorCodes(actor.regionCode);
  const rows = await db
    .selectFrom('departments')
    .selectAll()
    .where((eb) => eb.or([eb('region_code', 'like', regionPattern(actor)), ...(ancestors.length ? [eb('region_code', 'in', ancestors)] : [])]))
    .orderBy('id')
    .execute();
  return rows.map(toDepartment);
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentCode?: string | null;
  /** Head of that department: overdue work is escalated to them. */
  departmentHead?: boolean;
  password: string;
  /** A hash already made from `password` (seeding many users with one password hashes once). */
  passwordHash?: string;
}

export type OrgErrorCode =
  | 'unknown_region'
  | 'unknown_department'
  | 'unknown_user'
  | 'duplicate_username'
  | 'duplicate_region'
  | 'duplicate_department'
  | 'invalid_role'
  | 'invalid_username'
  | 'invalid_region'
  | 'invalid_department'
  | 'invalid_user'
  | 'weak_password'
  | 'wrong_password'
  | 'out_of_scope'
  | 'department_outside_region'
  | 'department_for_applicant';

const ORG_ERROR_STATUS: StatusTable<OrgErrorCode> = {
  department_outside_region: 422,
  department_for_applicant: 422,
  unknown_region: 404,
  unknown_department: 404,
  unknown_user: 404,
  duplicate_username: 409,
  duplicate_region: 409,
  duplicate_department: 409,
  invalid_role: 400,
  invalid_username: 400,
  invalid_region: 400,
  invalid_department: 400,
  invalid_user: 400,
  weak_password: 400,
  wrong_password: 400,
  out_of_scope: 403,
};

export class OrgError extends DomainError {
  constructor(
    readonly code: OrgErrorCode,
    message: string,
    zh?: string,
  ) {
    super(ORG_ERROR_STATUS[code], code, { zh: zh ?? message, en: message });
  }

  /** The message in Chinese; the English one is `message`. */
  get zh(): string {
    return this.messages.zh;
  }
}

export async function addUser(db: Db, actor: Actor | null, user: NewUser): Promise<{ id: number }> {
  checkNewUser(user);
  const passwordHash = user.passwordHash ?? (await hashPassword(user.password));
  return db.transaction().execute((trx) => insertUser(trx, actor, user, passwordHash));
}

function checkNewUser(user: NewUser): void {
  if (!/^[a-z0-9][a-z0-9._-]{1,63}$/.test(user.username))
    throw new OrgError(
      'invalid_username',
      `username must be 2–64 lower-case letters, digits, dot, dash or underscore: ${user.username}`,
      `登录名须为 2–64 个小写字母、数字、点、短横线或下划线：${user.username}`,
    );
  if (!ROLES.includes(user.role)) throw new OrgError('invalid_role', `unknown role ${user.role}; roles are ${ROLES.join(', ')}`, `未知角色 ${user.role}`);
  if (user.password.length < 8) throw new OrgError('weak_password', 'password must have at least 8 characters', '密码至少 8 个字符');
}

/** Adds a user inside the caller's transaction (the demo seed adds all its users in one). */
export async function addUserIn(trx: Transaction<Database>, actor: Actor | null, user: NewUser & { passwordHash: string }): Promise<{ id: number }> {
  checkNewUser(user);
  return insertUser(trx, actor, user, user.passwordHash);
}

async function insertUser(trx: Transaction<Database>, actor: Actor | null, user: NewUser, passwordHash: string): Promise<{ id: number }> {
  const region = await trx.selectFrom('regions').select('code').where('code', '=', user.regionCode).executeTakeFirst();
  if (!region) throw new OrgError('unknown_region', `unknown region ${user.regionCode}`, `区划 ${user.regionCode} 不存在`);
  let departmentId: number | null = null;
  if (user.departmentCode) {
    // Applicants belong to no department; staff to a department of their region or one above it.
    if (user.role === 'applicant') throw new OrgError('department_for_applicant', 'an applicant belongs to no department', '申请人不属于任何部门');
    const dep = await trx.selectFrom('departments').select(['id', 'region_code']).where('code', '=', user.departmentCode).executeTakeFirst();
    if (!dep) throw new OrgError('unknown_department', `unknown department ${user.departmentCode}`, `部门代码 ${user.departmentCode} 不存在`);
    if (!user.regionCode.startsWith(dep.region_code))
      throw new OrgError(
        'department_outside_region',
        `department ${user.departmentCode} belongs to region ${dep.region_code}, not to ${user.regionCode} or a region above it`,
        `部门 ${user.departmentCode} 属于区划 ${dep.region_code}，不是区划 ${user.regionCode} 或其上级`,
      );
    departmentId = dep.id;
  }
  if (user.departmentHead && departmentId === null) throw new OrgError('invalid_user', 'a department head needs a department (--department)');
  const taken = await trx.selectFrom('users').select('id').where('username', '=', user.username).executeTakeFirst();
  if (taken) throw new OrgError('duplicate_username', `user ${user.username} already exists`, `登录名 ${user.username} 已存在`);
  const row = await trx
    .insertInto('users')
    .values({
      username: user.username,
      display_name: user.displayName,
      role: user.role,
      region_code: user.regionCode,
      department_id: departmentId,
      department_head: user.departmentHead === true,
      password_hash: passwordHash,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(trx, {
    actor,
    action: 'user.add',
    entity: 'user',
    entityId: row.id,
    regionCode: user.regionCode,
    after: { username: user.username, displayName: user.displayName, role: user.role, regionCode: user.regionCode, departmentId, departmentHead: user.departmentHead === true },
  });
  return { id: row.id };
}

export type SignInResult = { ok: true; actor: Actor; token: string; csrfToken: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'locked' | 'throttled' };

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Checks a password. Attempts are throttled per account, per account from the source address
 * and per source address (see throttle.ts); a locked account answers `locked` without saying
 * until when. `source` is the caller's address (the CLI and tests may leave the default).
 */
export async function signIn(db: Db, username: string, password: string, now = new Date(), source = 'local'): Promise<SignInResult> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const known = user && !user.disabled ? user : null;
  const keys = throttleKeys(known?.id ?? null, source);
  const reservation = await reserveAttempt(db, keys, now);
  if (!reservation.ok) return { ok: false, reason: reservation.kind === 'source' ? 'throttled' : 'locked' };
  if (!known) {
    // Same work as a real check, so timing does not reveal which user names exist.
    await verifyPassword(password, 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    await lockKeys(db, reservation.last, now);
    return { ok: false, reason: 'invalid' };
  }
  const good = await verifyPassword(password, known.password_hash);
  if (!good) {
    const lock = reservation.last.some((k) => k.kind === 'account');
    await db.transaction().execute(async (trx) => {
      await lockKeys(trx, reservation.last, now);
      await recordAudit(trx, {
        actor: null,
        action: lock ? 'auth.locked' : 'auth.failed',
        entity: 'user',
        entityId: known.id,
        regionCode: known.region_code,
        after: { username, source },
      });
    });
    return lock ? { ok: false, reason: 'locked' } : { ok: false, reason: 'invalid' };
  }
  await releaseAttempt(db, keys);
  const token = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
  const actor = toActor(known);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sessions')
      .values({ token_hash: sha256(token), user_id: known.id, region_code: known.region_code, csrf_token: csrfToken, expires_at: expiresAt } as never)
      .execute();
    await recordAudit(trx, { actor, action: 'auth.signin', entity: 'user', entityId: known.id });
  });
  return { ok: true, actor, token, csrfToken, expiresAt };
}

/**
 * An administrator unlocks an account: every sign-in counter and lock of it is forgotten
 * (locks of source addresses stay). Audited. Only within the administrator's regions.
 */
export async function unlockUser(db: Db, actor: Actor, username: string): Promise<{ id: number; username: string; cleared: number }> {
  return db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'username', 'region_code']).where('username', '=', username).executeTakeFirst();
    if (!user || !regionVisible(actor, user.region_code)) throw new OrgError('unknown_user', `no user ${username} in your regions`, `您管理的区划中没有用户 ${username}`);
    const cleared = await clearAccount(trx, user.id);
    await trx.updateTable('users').set({ failed_attempts: 0, locked_until: null }).where('id', '=', user.id).execute();
    await recordAudit(trx, { actor, action: 'user.unlock', entity: 'user', entityId: user.id, regionCode: user.region_code, after: { username, cleared } });
    return { id: user.id, username: user.username, cleared };
  });
}

export async function sessionActor(db: Db, token: string, now = new Date()): Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at'])
    .where('sessions.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row || row.expires_at <= now || row.disabled) return null;
  return { actor: toActor(row), csrfToken: row.csrf_token, mustChangePassword: row.must_change_password };
}

export async function signOut(db: Db, token: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
    await recordAudit(trx, { actor, action: 'auth.signout', entity: 'user', entityId: actor.userId });
  });
}

function toActor(u: Selectable<UserTable>): Actor {
  return { userId: u.id, username: u.username, displayName: u.display_name, role: u.role, regionCode: u.region_code, departmentId: u.department_id };
}

/** The actor of an active user, for commands run on someone's behalf (CLI `--by`). */
export async function actorOf(db: Db, username: string): Promise<Actor | null> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).where('disabled', '=', false).executeTakeFirst();
  return row ? toActor(row) : null;
}

export async function describeActor(db: Db, actor: Actor) {
  const user = await db.selectFrom('users').select('must_change_password').where('id', '=', actor.userId).executeTakeFirst();
  const region = await db.selectFrom('regions').select('name').where('code', '=', actor.regionCode).executeTakeFirst();
  const dep = actor.departmentId ? await db.selectFrom('departments').select('name').where('id', '=', actor.departmentId).executeTakeFirst() : undefined;
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    regionCode: actor.regionCode,
    regionName: region?.name ?? null,
    departmentId: actor.departmentId,
    departmentName: dep?.name ?? null,
    /** A one-time password is in use: the caller must choose their own before anything else. */
    mustChangePassword: user?.must_change_password ?? false,
  };
}

/** A department's code by its id; null for none or an unknown id. */
export async function departmentCodeOf(db: Db, departmentId: number | null | undefined): Promise<string | null> {
  if (departmentId == null) return null;
  const row = await db.selectFrom('departments').select('code').where('id', '=', departmentId).executeTakeFirst();
  return row?.code ?? null;
}

/** Every department's name by its code (across regions: codes are unique). */
export async function departmentNamesByCode(db: Db): Promise<Map<string, string>> {
  return new Map((await db.selectFrom('departments').select(['code', 'name']).execute()).map((d) => [d.code, d.name]));
}
