// Requests (诉求) as the API shows them: one request with its history, the officer's worklist,
// the leader's lists and the open requests by tier; targets missed and 暂定 worked out at read time.
import { sql } from 'kysely';
import { defaultCalendar } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { countyFor, missingRequest, OFFICES } from './commands.js';
import { REQUEST_STATUSES, type RequestStatus, type Text } from './model.js';
import { missedTarget, type RequestRung } from './requests.js';
import { loadTierRules, requestStateOf, type Db } from './store.js';

export interface RequestView {
  id: number;
  uscc: string;
  enterprise: string;
  regionCode: string;
  tier: string;
  title: string;
  description: string;
  status: RequestStatus;
  officer: string | null;
  filedBy: string;
  createdAt: string;
  contactDue: string;
  answerDue: string;
  contactedAt: string | null;
  contactedLate: boolean | null;
  answeredAt: string | null;
  answeredLate: boolean | null;
  answer: string;
  closedAt: string | null;
  escalated: boolean;
  /** Where the request stands on its ladder: officer → department → leader. */
  rung: RequestRung;
  /** Its case in the closed loop (src/cases). */
  caseId: number | null;
  overdue: 'contact' | 'answer' | null;
  finished: boolean;
  /** The targets were counted across a holiday year without its official arrangement (暂定). */
  provisional?: boolean;
  events?: Array<{ at: string; actor: string; action: string; note: string }>;
}

export function requestBase(db: Db) {
  return db
    .selectFrom('enterprise_requests as r')
    .innerJoin('enterprises as e', 'e.uscc', 'r.uscc')
    .leftJoin('users as o', 'o.id', 'r.officer_id')
    .selectAll('r')
    .select(['e.name as enterprise', 'e.contact_user_id', 'o.display_name as officer_name']);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toRequest(r: any, now: Date): RequestView {
  const state = requestStateOf(r);
  const iso = (d: Date | null) => (d ? shanghaiIso(new Date(d)) : null);
  return {
    id: r.id,
    uscc: r.uscc,
    enterprise: r.enterprise,
    regionCode: r.region_code,
    tier: r.tier,
    title: r.title,
    description: r.description,
    status: r.status,
    officer: r.officer_name,
    filedBy: r.filed_by,
    createdAt: shanghaiIso(new Date(r.created_at)),
    contactDue: shanghaiIso(state.contactDue),
    answerDue: shanghaiIso(state.answerDue),
    contactedAt: iso(state.contactedAt),
    contactedLate: state.contactedLate,
    answeredAt: iso(state.answeredAt),
    answeredLate: state.answeredLate,
    answer: state.answer,
    closedAt: iso(state.closedAt),
    escalated: state.escalated,
    rung: r.rung,
    caseId: r.case_id === null ? null : Number(r.case_id),
    overdue: missedTarget(state, now),
    finished: state.status === 'closed',
    // Targets counted across a holiday year without its official arrangement are 暂定.
    ...(state.status !== 'closed' && provisionalSince(new Date(r.created_at), state.answerDue) ? { provisional: true } : {}),
  };
}

function provisionalSince(from: Date, to: Date): boolean {
  try {
    return defaultCalendar().provisionalIn(from, to) !== null;
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function scopedRequests(actor: Actor, q: any) {
  q = q.where('r.region_code', 'like', regionPattern(actor));
  if (actor.role === 'applicant') return q.where('e.contact_user_id', '=', actor.userId);
  if (!OFFICES.has(actor.role)) return q.where('r.officer_id', '=', actor.userId);
  return q;
}

export async function getRequest(db: Db, actor: Actor, id: number, now: Date, skipScope = false): Promise<RequestView> {
  const base = requestBase(db).where('r.id', '=', id);
  const row = await (skipScope ? base : scopedRequests(actor, base)).executeTakeFirst();
  if (!row) throw await missingRequest(db, id);
  const events = await db.selectFrom('enterprise_request_events').select(['at', 'actor_name', 'action', 'note']).where('request_id', '=', id).orderBy('id').execute();
  return { ...toRequest(row, now), events: events.map((e) => ({ at: shanghaiIso(new Date(e.at)), actor: e.actor_name, action: e.action, note: e.note })) };
}

export const REQUEST_VIEWS = ['mine', 'open', 'overdue', 'escalated', 'all'] as const;
export type RequestListView = (typeof REQUEST_VIEWS)[number];

/** The officer's worklist (mine: open, nearest deadline first), the leader's open and escalated lists, an enterprise's own. */
export async function listRequests(
  db: Db,
  actor: Actor,
  q: { view?: RequestListView; tier?: string; status?: RequestStatus; limit?: number; offset?: number },
  now: Date,
): Promise<{ items: RequestView[] }> {
  let query = scopedRequests(actor, requestBase(db));
  const view = q.view ?? 'all';
  if (view === 'mine') query = query.where('r.officer_id', '=', actor.userId).where('r.status', '<>', 'closed');
  if (view === 'open') query = query.where('r.status', '<>', 'closed');
  if (view === 'escalated') query = query.where('r.status', '<>', 'closed').where('r.escalated', '=', true);
  if (view === 'overdue')
    query = query
      .where('r.status', 'in', ['submitted', 'contacted'])
      .where((eb: never) => (eb as { or: (x: unknown[]) => unknown }).or([sql`r.status = 'submitted' and r.contact_due < ${now}`, sql`r.answer_due < ${now}`]));
  if (q.tier) query = query.where('r.tier', '=', q.tier);
  if (q.status && (REQUEST_STATUSES as readonly string[]).includes(q.status)) query = query.where('r.status', '=', q.status);
  query = view === 'mine' || view === 'open' || view === 'overdue' ? query.orderBy('r.answer_due').orderBy('r.id') : query.orderBy('r.id', 'desc');
  const rows = await query
    .limit(Math.min(q.limit ?? 100, 500))
    .offset(q.offset ?? 0)
    .execute();
  return { items: rows.map((r: unknown) => toRequest(r, now)) };
}

/** The leader's view: open requests by tier, with how many missed a target and how many are escalated. */
export async function requestsByTier(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<Array<{ tier: string; label: Text | null; open: number; overdue: number; escalated: number; atLeader: number }>> {
  const rows = await db
    .selectFrom('enterprise_requests')
    .select([
      'tier',
      sql<number>`count(*)`.as('open'),
      sql<number>`count(*) filter (where (status = 'submitted' and contact_due < ${now}) or (status in ('submitted', 'contacted') and answer_due < ${now}))`.as('overdue'),
      sql<number>`count(*) filter (where escalated)`.as('escalated'),
      sql<number>`count(*) filter (where rung = 'leader')`.as('at_leader'),
    ])
    .where('region_code', 'like', regionPattern(actor))
    .where('status', '<>', 'closed')
    .groupBy('tier')
    .execute();
  const { rules } = await loadTierRules(db, countyFor(actor));
  const labels = new Map(rules.map((r) => [r.tier, r.label]));
  const order = new Map(rules.map((r) => [r.tier, r.position]));
  return rows
    .map((r) => ({
      tier: r.tier,
      label: labels.get(r.tier) ?? null,
      open: Number(r.open),
      overdue: Number(r.overdue),
      escalated: Number(r.escalated),
      atLeader: Number(r.at_leader),
    }))
    .sort((a, b) => (order.get(a.tier) ?? 99) - (order.get(b.tier) ?? 99));
}
