// Moving a task between people: 转办 (reassign to another officer or department, with a
// reason), 退回 (hand it back to whoever completed the step before it), and delegation while
// away (an officer's tasks are offered to a colleague for a date range). The process stays
// where it is; who works the task changes. Each command writes a history event and an audit
// row in one transaction. Departments with open tasks and nobody to work them are found here.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { mayUse } from '../org/access-rules.js';
import { departmentCodeOf } from '../org/store.js';
import type { Candidates } from './model.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

type Db = Kysely<Database>;
type Label = { zh: string; en: string };

export interface DelegationTable {
  id: number;
  region_code: string;
  from_user_id: number;
  to_user_id: number;
  starts_on: string;
  ends_on: string;
  reason: string;
  created_at: Date;
  revoked_at: Date | null;
}

declare module '../store/schema.js' {
  interface Database {
    task_delegations: DelegationTable;
  }
}

type TaskCommandErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'unstaffed';
const TASK_COMMAND_ERROR_STATUS: StatusTable<TaskCommandErrorCode> = { not_found: 404, forbidden: 403, conflict: 409, invalid: 400, unstaffed: 409 };

export class TaskCommandError extends DomainError {
  constructor(
    readonly code: TaskCommandErrorCode,
    messages: Label,
  ) {
    super(TASK_COMMAND_ERROR_STATUS[code], code, messages);
  }
}

export const REASON_MAX = 500;
const county = (code: string) => code.slice(0, 6);

function checkReason(reason: string): string {
  const r = reason.trim();
  if (!r || r.length > REASON_MAX) throw new TaskCommandError('invalid', { zh: `请填写 1–${REASON_MAX} 个字的理由`, en: `give a reason of 1–${REASON_MAX} characters` });
  return r;
}

async function openTask(trx: Db, taskId: string, actor: Actor) {
  const row = await trx.selectFrom('engine_tasks').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
  if (!row) throw new TaskCommandError('not_found', { zh: `任务 ${taskId} 不存在`, en: `task ${taskId} not found` });
  if (!regionVisible(actor, row.region_code)) throw new TaskCommandError('forbidden', outOfScopeMessage({ zh: '任务', en: 'task' }, taskId));
  if (row.status !== 'open')
    throw new TaskCommandError('conflict', { zh: `任务已${row.status === 'completed' ? '办结' : '撤销'}，不能再转办或退回`, en: `the task is already ${row.status}` });
  return row;
}

async function history(
  trx: Db,
  row: { region_code: string; instance_id: string; process_key: string; element_id: string; element_key: string; name: string | null; id: string },
  type: string,
  actor: Actor,
  data: unknown,
  now: Date,
) {
  const inst = await trx.selectFrom('engine_instances').select('deployment_id').where('id', '=', row.instance_id).executeTakeFirstOrThrow();
  await trx
    .insertInto('engine_history')
    .values({
      region_code: row.region_code,
      instance_id: row.instance_id,
      process_key: row.process_key,
      deployment_id: inst.deployment_id,
      type,
      at: now,
      element_id: row.element_id,
      element_key: row.element_key,
      element_type: 'userTask',
      element_name: row.name,
      task_id: row.id,
      actor: actor.username,
      department: null,
      data: JSON.stringify(data),
    } as never)
    .execute();
}

/** An active user who may be given a task of that county. */
async function targetUser(trx: Db, username: string, taskRegion: string) {
  const u = await trx.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'region_code', 'disabled']).where('username', '=', username).executeTakeFirst();
  if (!u || county(u.region_code) !== county(taskRegion))
    throw new TaskCommandError('invalid', { zh: `本县（市、区）没有用户 ${username}`, en: `no user ${username} in this county` });
  if (u.disabled) throw new TaskCommandError('invalid', { zh: `${u.display_name} 已停用`, en: `${u.display_name} is disabled` });
  if (u.role === 'applicant') throw new TaskCommandError('invalid', { zh: '不能把任务转给申请人', en: 'a task cannot go to an applicant' });
  return u;
}

async function targetDepartment(trx: Db, code: string, taskRegion: string) {
  const d = await trx
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'region_code', sql<boolean>`exists (select 1 from users u where u.department_id = departments.id and not u.disabled)`.as('staffed')])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!d || county(d.region_code) !== county(taskRegion))
    throw new TaskCommandError('invalid', { zh: `本县（市、区）没有部门 ${code}`, en: `no department ${code} in this county` });
  if (!d.staffed)
    throw new TaskCommandError('unstaffed', { zh: `${d.name}没有在岗人员，任务转过去也无人办理`, en: `${d.name} has no active officer: the task would wait there forever` });
  return d;
}

/**
 * Who may move (转办, 退回) a task: supervisors any task of their regions; an officer a task that
 * is theirs to work (assigned to them, or open and offered to them, their role or department).
 */
export async function mayMoveTask(db: Db, actor: Actor, taskId: string): Promise<void> {
  const task = await db.selectFrom('engine_tasks').select(['region_code', 'assignee', 'candidates']).where('id', '=', taskId).executeTakeFirst();
  if (!task) throw new TaskCommandError('not_found', { zh: `任务 ${taskId} 不存在`, en: `task ${taskId} not found` });
  if (!regionVisible(actor, task.region_code)) throw new TaskCommandError('forbidden', outOfScopeMessage({ zh: '任务', en: 'task' }, taskId));
  if (mayUse('tasks.supervise', actor.role)) return;
  const c = (typeof task.candidates === 'string' ? JSON.parse(task.candidates) : task.candidates) as Candidates;
  if (task.assignee) {
    if (task.assignee === actor.username) return;
  } else {
    const dep = actor.departmentId ? await departmentCodeOf(db, actor.departmentId) : null;
    if (c.users.includes(actor.username) || c.users.includes(String(actor.userId)) || c.roles.includes(actor.role) || (dep && c.departments.includes(dep))) return;
  }
  throw new TaskCommandError('forbidden', {
    zh: '该任务不由您办理，只有办理人或调度、窗口、改革办、管理员可以转办或退回',
    en: 'this task is not yours: only its holder, or a dispatcher, clerk, the reform office or an administrator, may reassign or return it',
  });
}

export interface ReassignTarget {
  username?: string;
  departmentCode?: string;
}

/** 转办: the task goes to one officer (assigned to them) or to a department (offered to its officers). */
export async function reassignTask(
  db: Db,
  actor: Actor,
  taskId: string,
  to: ReassignTarget,
  reason: string,
  now: Date,
): Promise<{ candidates: Candidates; assignee: string | null }> {
  const why = checkReason(reason);
  if (!!to.username === !!to.departmentCode) throw new TaskCommandError('invalid', { zh: '请指定转办给一名工作人员或一个部门', en: 'name either one officer or one department' });
  return db.transaction().execute(async (trx) => {
    const row = await openTask(trx, taskId, actor);
    let candidates: Candidates;
    let assignee: string | null;
    let label: string;
    if (to.username) {
      const u = await targetUser(trx, to.username, row.region_code);
      candidates = { departments: [], roles: [], users: [u.username] };
      assignee = u.username;
      label = u.display_name;
    } else {
      const d = await targetDepartment(trx, to.departmentCode!, row.region_code);
      candidates = { departments: [d.code], roles: [], users: [] };
      assignee = null;
      label = d.name;
    }
    const before = { candidates: row.candidates, assignee: row.assignee };
    await trx
      .updateTable('engine_tasks')
      .set({ candidates: JSON.stringify(candidates), assignee, claimed_at: assignee ? now : null } as never)
      .where('id', '=', taskId)
      .execute();
    await history(trx, row, 'task.reassigned', actor, { from: before, to: { candidates, assignee, label }, reason: why }, now);
    await recordAudit(trx, {
      actor,
      action: 'engine.task.reassign',
      entity: 'engine_task',
      entityId: taskId,
      regionCode: row.region_code,
      before,
      after: { candidates, assignee, reason: why },
    });
    return { candidates, assignee };
  });
}

/**
 * 退回: the task goes back to whoever completed the step before it in the same instance,
 * with the reason, so they can put right what they passed on. The first step of an
 * instance has no one to return to.
 */
export async function returnTask(db: Db, actor: Actor, taskId: string, reason: string, now: Date): Promise<{ returnedTo: string }> {
  const why = checkReason(reason);
  return db.transaction().execute(async (trx) => {
    const row = await openTask(trx, taskId, actor);
    const previous = await trx
      .selectFrom('engine_history')
      .select(['actor', 'element_name', 'element_id'])
      .where('instance_id', '=', row.instance_id)
      .where('type', '=', 'task.completed')
      .where('at', '<=', row.created_at)
      .where('actor', 'is not', null)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!previous?.actor)
      throw new TaskCommandError('invalid', {
        zh: '这是本件的第一个办理环节，没有可退回的上一环节',
        en: 'this is the first step of the case: there is no previous step to return to',
      });
    const u = await targetUser(trx, previous.actor, row.region_code);
    const candidates: Candidates = { departments: [], roles: [], users: [u.username] };
    const before = { candidates: row.candidates, assignee: row.assignee };
    await trx
      .updateTable('engine_tasks')
      .set({ candidates: JSON.stringify(candidates), assignee: u.username, claimed_at: now } as never)
      .where('id', '=', taskId)
      .execute();
    await history(
      trx,
      row,
      'task.returned',
      actor,
      { from: before, to: { candidates, assignee: u.username, label: u.display_name }, previousStep: previous.element_name ?? previous.element_id, reason: why },
      now,
    );
    await recordAudit(trx, {
      actor,
      action: 'engine.task.return',
      entity: 'engine_task',
      entityId: taskId,
      regionCode: row.region_code,
      before,
      after: { assignee: u.username, reason: why },
    });
    return { returnedTo: u.username };
  });
}

// ---------------------------------------------------------------- delegation

export interface Delegation {
  id: number;
  fromUser: string;
  fromName: string;
  toUser: string;
  toName: string;
  startsOn: string;
  endsOn: string;
  reason: string;
  revoked: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_DELEGATION_DAYS = 366;

/** An officer delegates their tasks to a colleague of the same county for a date range (inclusive). */
export async function delegateTasks(db: Db, actor: Actor, input: { toUsername: string; startsOn: string; endsOn: string; reason: string }): Promise<Delegation> {
  const why = checkReason(input.reason);
  if (!DATE.test(input.startsOn) || !DATE.test(input.endsOn) || Number.isNaN(Date.parse(input.startsOn)) || Number.isNaN(Date.parse(input.endsOn))) {
    throw new TaskCommandError('invalid', { zh: '日期格式应为 YYYY-MM-DD', en: 'dates are YYYY-MM-DD' });
  }
  const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / 86_400_000;
  if (days < 0 || days >= MAX_DELEGATION_DAYS)
    throw new TaskCommandError('invalid', {
      zh: `结束日期须不早于开始日期，且委托不超过 ${MAX_DELEGATION_DAYS} 天`,
      en: `the end may not precede the start, and a delegation lasts at most ${MAX_DELEGATION_DAYS} days`,
    });
  if (input.toUsername === actor.username) throw new TaskCommandError('invalid', { zh: '不能委托给自己', en: 'you cannot delegate to yourself' });
  return db.transaction().execute(async (trx) => {
    const to = await targetUser(trx, input.toUsername, actor.regionCode);
    const row = await trx
      .insertInto('task_delegations')
      .values({ region_code: actor.regionCode, from_user_id: actor.userId, to_user_id: to.id, starts_on: input.startsOn, ends_on: input.endsOn, reason: why } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'engine.task.delegate',
      entity: 'task_delegation',
      entityId: row.id,
      after: { to: to.username, startsOn: input.startsOn, endsOn: input.endsOn, reason: why },
    });
    return {
      id: row.id,
      fromUser: actor.username,
      fromName: actor.displayName,
      toUser: to.username,
      toName: to.display_name,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      reason: why,
      revoked: false,
    };
  });
}

export async function revokeDelegation(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('task_delegations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row || (row.from_user_id !== actor.userId && !(actor.role === 'admin' && regionVisible(actor, row.region_code)))) {
      throw new TaskCommandError('not_found', { zh: `委托 ${id} 不存在`, en: `delegation ${id} not found` });
    }
    if (row.revoked_at) return;
    await trx.updateTable('task_delegations').set({ revoked_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, { actor, action: 'engine.task.delegation_revoke', entity: 'task_delegation', entityId: id, regionCode: row.region_code });
  });
}

/** Delegations the caller gave or received. */
export async function listDelegations(db: Db, actor: Actor): Promise<Delegation[]> {
  const rows = await db
    .selectFrom('task_delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .innerJoin('users as t', 't.id', 'd.to_user_id')
    .select([
      'd.id',
      'f.username as fromUser',
      'f.display_name as fromName',
      't.username as toUser',
      't.display_name as toName',
      'd.starts_on',
      'd.ends_on',
      'd.reason',
      'd.revoked_at',
    ])
    .where((eb) => eb.or([eb('d.from_user_id', '=', actor.userId), eb('d.to_user_id', '=', actor.userId)]))
    .orderBy('d.starts_on', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fromUser: r.fromUser,
    fromName: r.fromName,
    toUser: r.toUser,
    toName: r.toName,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    reason: r.reason,
    revoked: r.revoked_at !== null,
  }));
}

/** Whose tasks the caller works today (Asia/Shanghai civil date): the users who delegated to them. */
export async function delegatorsOf(db: Db, userId: number, today: string): Promise<Array<{ id: number; username: string; departmentCode: string | null }>> {
  return db
    .selectFrom('task_delegations as d')
    .innerJoin('users as f', 'f.id', 'd.from_user_id')
    .leftJoin('departments as dep', 'dep.id', 'f.department_id')
    .select(['f.id', 'f.username', 'dep.code as departmentCode'])
    .where('d.to_user_id', '=', userId)
    .where('d.revoked_at', 'is', null)
    .where('d.starts_on', '<=', today)
    .where('d.ends_on', '>=', today)
    .where('f.disabled', '=', false)
    .limit(50)
    .execute();
}

// ---------------------------------------------------------------- stuck work

export interface StuckDepartment {
  code: string;
  name: string;
  openTasks: number;
}

/** Departments of the caller's regions that have open, unassigned tasks and no active user. */
export async function stuckDepartments(db: Db, actor: Actor): Promise<StuckDepartment[]> {
  const rows = await sql<{ code: string; name: string; open_tasks: number }>`
    select d.code, d.name, count(*)::int as open_tasks
    from engine_tasks t
    cross join lateral jsonb_array_elements_text(t.candidates->'departments') as c(code)
    join departments d on d.code = c.code
    where t.status = 'open' and t.assignee is null and t.region_code like ${regionPattern(actor)}
      and not exists (select 1 from users u where u.department_id = d.id and not u.disabled)
    group by d.code, d.name
    order by count(*) desc, d.code
    limit 200`.execute(db);
  return rows.rows.map((r) => ({ code: r.code, name: r.name, openTasks: Number(r.open_tasks) }));
}

export type Delegator = Awaited<ReturnType<typeof delegatorsOf>>[number];

/** The task is the delegator's own: assigned to them, or offered to them by name or id. */
export function personallyOffered(d: Delegator, task: { assignee?: string; candidates: Candidates }): boolean {
  if (task.assignee) return task.assignee === d.username;
  return task.candidates.users.includes(d.username) || task.candidates.users.includes(String(d.id));
}
