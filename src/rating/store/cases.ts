// 差评 rectification cases: read within the caller's region and department, and moved one step
// at a time through the state machine of ../rectification.ts (verify, rectify, appeal, ...).
import { sql, type Selectable } from 'kysely';
import { recordAudit } from '../../audit/trail.js';
import { defaultCalendar, shanghaiDate } from '../../calendar/index.js';
import type { Actor } from '../../org/model.js';
import { outOfScopeMessage, regionPattern, regionVisible } from '../../org/scope.js';
import { shanghaiIso } from '../../shared/time.js';
import type { Facts } from '../facts.js';
import { RatingError, type RatingView } from '../model.js';
import { contribute, retract } from '../rollup.js';
import { ACTION_ROLES, allowedActions, applyCaseCommand, type CaseAction, type CaseCommand, type CaseState, type CaseStatus } from '../rectification.js';
import { json, toView, type Db, type RatingCasesTable, type RatingsTable } from './tables.js';
import { loadRules } from './rules.js';
import { departmentCodeOf } from './lists.js';

const CASE_READERS = new Set(['admin', 'reform_office', 'leader', 'department_officer']);

export interface CaseEventView {
  at: string;
  actor: string;
  action: string;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  data: Record<string, unknown>;
}

export interface CaseView {
  id: number;
  regionCode: string;
  departmentCode: string | null;
  status: CaseStatus;
  anonymous: boolean;
  openedAt: string;
  rectifyDue: string | null;
  appealDue: string | null;
  rectifiedAt: string | null;
  rectifiedOnTime: boolean | null;
  followedUp: boolean;
  feedback: string | null;
  closedAt: string | null;
  /** Past its rectification deadline and not rectified. */
  overdue: boolean;
  /** The deadlines were counted across a holiday year without its official arrangement (暂定). */
  provisional?: true;
  actions: CaseAction[];
  rating: RatingView;
}

export interface CaseDetail extends CaseView {
  facts: Facts | Record<string, never>;
  events: CaseEventView[];
}

export interface CaseQuery {
  status?: CaseStatus;
  departmentCode?: string;
  limit?: number;
  offset?: number;
}

function caseQuery(db: Db) {
  return db.selectFrom('rating_cases as c').innerJoin('ratings as r', 'r.id', 'c.rating_id');
}

type CaseRow = Selectable<RatingsTable> & {
  c_id: number;
  c_region: string;
  c_department: string | null;
  c_status: CaseStatus;
  c_anonymous: boolean;
  c_facts: unknown;
  c_opened: Date;
  c_rectify_due: string | null;
  c_appeal_due: string | null;
  c_rectified_at: Date | null;
  c_on_time: boolean | null;
  c_followed_up: boolean;
  c_feedback: string | null;
  c_closed: Date | null;
};

function selectCase(q: ReturnType<typeof caseQuery>) {
  return q
    .selectAll('r')
    .select([
      'c.id as c_id',
      'c.region_code as c_region',
      'c.department_code as c_department',
      'c.status as c_status',
      'c.anonymous as c_anonymous',
      'c.facts as c_facts',
      'c.opened_at as c_opened',
      'c.rectify_due as c_rectify_due',
      'c.appeal_due as c_appeal_due',
      'c.rectified_at as c_rectified_at',
      'c.rectified_on_time as c_on_time',
      'c.followed_up as c_followed_up',
      'c.feedback as c_feedback',
      'c.closed_at as c_closed',
    ]);
}

/** Whether a deadline counted since the case opened crosses a provisional year (the verification lies between). */
function provisionalUntil(opened: Date, ...dues: Array<string | null>): boolean {
  try {
    const from = shanghaiDate(new Date(opened));
    return dues.some((d) => d !== null && d >= from && defaultCalendar().provisionalIn(from, d) !== null);
  } catch {
    return false;
  }
}

function toCaseView(r: CaseRow, today: string): CaseView {
  return {
    id: r.c_id,
    regionCode: r.c_region,
    departmentCode: r.c_department,
    status: r.c_status,
    anonymous: r.c_anonymous,
    openedAt: shanghaiIso(new Date(r.c_opened)),
    rectifyDue: r.c_rectify_due,
    appealDue: r.c_appeal_due,
    rectifiedAt: r.c_rectified_at ? shanghaiIso(new Date(r.c_rectified_at)) : null,
    rectifiedOnTime: r.c_on_time,
    followedUp: r.c_followed_up,
    feedback: r.c_feedback,
    closedAt: r.c_closed ? shanghaiIso(new Date(r.c_closed)) : null,
    overdue: (r.c_status === 'rectifying' || r.c_status === 'appealed') && r.c_rectify_due !== null && today > r.c_rectify_due,
    ...((r.c_status === 'rectifying' || r.c_status === 'appealed') && provisionalUntil(r.c_opened, r.c_appeal_due ?? r.c_rectify_due, r.c_rectify_due)
      ? { provisional: true as const }
      : {}),
    actions: allowedActions(r.c_status),
    rating: toView(r, r.c_id, r.c_feedback),
  };
}

async function scopedCases(db: Db, actor: Actor) {
  if (!CASE_READERS.has(actor.role)) throw new RatingError('forbidden', { zh: '无权查看差评整改', en: 'your role does not see rectification cases' });
  let q = caseQuery(db).where('c.region_code', 'like', regionPattern(actor));
  const dept = await departmentCodeOf(db, actor);
  if (dept !== null) q = q.where('c.department_code', '=', dept);
  return q;
}

export async function listCases(db: Db, actor: Actor, query: CaseQuery, now: Date): Promise<{ items: CaseView[]; total: number }> {
  let q = await scopedCases(db, actor);
  if (query.status) q = q.where('c.status', '=', query.status);
  if (query.departmentCode) q = q.where('c.department_code', '=', query.departmentCode);
  const today = shanghaiDate(now);
  const [rows, total] = await Promise.all([
    selectCase(q)
      .orderBy('c.opened_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(Math.min(query.limit ?? 50, 500))
      .offset(query.offset ?? 0)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
  ]);
  return { total: Number(total?.n ?? 0), items: rows.map((r) => toCaseView(r as CaseRow, today)) };
}

export async function getCase(db: Db, actor: Actor, id: number, now: Date): Promise<CaseDetail> {
  const q = await scopedCases(db, actor);
  const row = await selectCase(q.where('c.id', '=', id)).executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom('rating_cases').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw new RatingError('forbidden', outOfScopeMessage({ zh: '差评整改', en: 'rectification case' }, id));
    throw new RatingError('not_found', { zh: `未找到差评整改：${id}`, en: `rectification case not found: ${id}` });
  }
  const events = await db.selectFrom('rating_case_events').selectAll().where('case_id', '=', id).orderBy('id').execute();
  return {
    ...toCaseView(row as CaseRow, shanghaiDate(now)),
    facts: json((row as CaseRow).c_facts) as Facts,
    events: events.map((e) => ({
      at: shanghaiIso(new Date(e.at)),
      actor: e.actor,
      action: e.action,
      fromStatus: e.from_status as CaseStatus,
      toStatus: e.to_status as CaseStatus,
      data: json(e.data) as Record<string, unknown>,
    })),
  };
}

/** A command as the caller gives it; verify's deadlines come from the county's rules and the calendar. */
export type CaseInput = Exclude<CaseCommand, { kind: 'verify' }> | { kind: 'verify'; note: string };

/** Moves a case one step. Role, region and department are checked, then the state machine decides. */
export async function actOnCase(db: Db, actor: Actor, id: number, input: CaseInput, now: Date): Promise<CaseDetail> {
  if (!ACTION_ROLES[input.kind].includes(actor.role)) {
    throw new RatingError('forbidden', { zh: '你的角色不能执行该操作', en: `your role cannot ${input.kind.replace('_', ' ')} a case` });
  }
  const today = shanghaiDate(now);
  const dept = await departmentCodeOf(db, actor);

  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rating_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new RatingError('not_found', { zh: `未找到差评整改：${id}`, en: `rectification case not found: ${id}` });
    if (!regionVisible(actor, row.region_code) || (dept !== null && row.department_code !== dept))
      throw new RatingError('forbidden', outOfScopeMessage({ zh: '差评整改', en: 'rectification case' }, id));
    let command: CaseCommand;
    if (input.kind === 'verify') {
      // The deadlines run from the verification, in working days of the case's county rules.
      const rules = await loadRules(trx, row.region_code);
      const calendar = defaultCalendar();
      command = { ...input, rectifyDue: calendar.addWorkdays(today, rules.rectifyWorkdays), appealDue: calendar.addWorkdays(today, rules.appealWorkdays) };
    } else command = input;
    const state: CaseState = {
      status: row.status,
      anonymous: row.anonymous,
      rectifyDue: row.rectify_due,
      appealDue: row.appeal_due,
      rectifiedOnTime: row.rectified_on_time,
      followedUp: row.followed_up,
    };
    const next = applyCaseCommand(state, command, today);
    const patch: Partial<Selectable<RatingCasesTable>> = {
      status: next.status,
      rectify_due: next.rectifyDue,
      appeal_due: next.appealDue,
      rectified_on_time: next.rectifiedOnTime,
      followed_up: next.followedUp,
      updated_at: now,
    };
    if (command.kind === 'rectify') {
      patch.rectified_at = now;
      patch.feedback = command.feedback.trim();
    }
    if (next.status === 'closed' || next.status === 'excluded') patch.closed_at = now;
    // The rating counts as it stood until now and as it stands after the step (rectified, excluded).
    await retract(trx, [row.rating_id]);
    await trx.updateTable('rating_cases').set(patch).where('id', '=', id).execute();
    if (next.status === 'excluded') await trx.updateTable('ratings').set({ excluded: true }).where('id', '=', row.rating_id).execute();
    await contribute(trx, [row.rating_id]);
    const { kind, ...data } = command;
    await trx
      .insertInto('rating_case_events')
      .values({
        case_id: id,
        region_code: row.region_code,
        at: now,
        actor: actor.username,
        action: kind,
        from_status: state.status,
        to_status: next.status,
        data: JSON.stringify(data),
      })
      .execute();
    await recordAudit(trx, { actor, action: `rating.case.${kind}`, entity: 'rating_case', entityId: id, regionCode: row.region_code, before: state, after: { ...next, ...data } });
  });
  return getCase(db, actor, id, now);
}
