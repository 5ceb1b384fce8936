// The cases' own history (case_events) as an event log for process mining, read the way the
// miner reads the process engine's history: one case per case, one event per step in order,
// the actor as resource, the unit holding the case as `org:group` (so handovers between
// villages, townships and departments come out), and the step's deadline as `dueDate` (so
// late responses and late handling show in the deadline analysis on the working-day and
// business-hour clocks the case ran on). Why not engine instances: see docs/cases.md.
import { sql } from 'kysely';
import { LogBuilder, type EventLog } from '../mining/model.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import type { Db } from './store.js';

/** At most this many events are read into one log (the miner's own bound). */
export const MAX_HISTORY_EVENTS = 5_000_000;

export interface HistoryQuery {
  /** Cases reported at or after this instant. */
  from?: Date;
  /** Cases reported before this instant. */
  to?: Date;
  categoryCode?: string;
}

export interface HistoryRow {
  caseId: number;
  action: string;
  at: Date;
  actor: string;
  data: Record<string, unknown>;
  category: string;
  channel: string;
  regionCode: string;
}

/**
 * The activity a step is in the log. A check is split by its outcome: a failed check sends
 * the case back to handling, and the miner should see that loop as such.
 */
export function activityOf(action: string, data: Record<string, unknown>): string {
  if (action === 'check') return data.passed === false ? 'check failed' : 'check passed';
  if (action === 'report_in.acknowledge') return 'report-in acknowledged';
  if (action === 'report_in.on_site') return 'report-in on site';
  return action;
}

const dateOf = (v: unknown): number | null => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** Builds the log from the rows of the cases' events, in case and step order (pure). */
export function historyLog(rows: readonly HistoryRow[]): EventLog {
  const b = new LogBuilder();
  let current = -1;
  let unit: string | null = null;
  let responseDue: number | null = null;
  let handleDue: number | null = null;
  for (const r of rows) {
    if (r.caseId !== current) {
      current = r.caseId;
      unit = null;
      responseDue = null;
      handleDue = null;
      const c = b.startCase(String(r.caseId));
      b.setCaseAttribute(c, 'zaizao:process', 'string', 'case');
      b.setCaseAttribute(c, 'category', 'string', r.category);
      b.setCaseAttribute(c, 'channel', 'string', r.channel);
      b.setCaseAttribute(c, 'region', 'string', r.regionCode);
    }
    const moved = r.data.unit as { name?: unknown } | undefined;
    if ((r.action === 'assign' || r.action === 'escalate') && typeof moved?.name === 'string') unit = moved.name;
    if (r.action === 'return') unit = null;
    const e = b.addEvent(activityOf(r.action, r.data), r.at.getTime(), r.actor, 'complete');
    if (unit) b.setEventAttribute(e, 'org:group', 'string', unit);
    // The deadline this step was due by, set by the dispatch before it.
    const due = r.action === 'respond' ? responseDue : r.action === 'handle' ? handleDue : null;
    if (due !== null) b.setEventAttribute(e, 'dueDate', 'date', due);
    if ('responseDue' in r.data) responseDue = dateOf(r.data.responseDue);
    if ('handleDue' in r.data) handleDue = dateOf(r.data.handleDue);
  }
  return b.build();
}

/** The history of the cases reported in the caller's region subtree (optionally a period and one category) as an event log. */
export async function caseHistoryLog(db: Db, actor: Actor, q: HistoryQuery = {}): Promise<EventLog> {
  let query = db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .where('c.region_code', 'like', regionPattern(actor))
    .select(['e.case_id', 'e.action', 'e.at', 'e.actor_name', 'e.data', 'c.category_code', 'c.channel', 'c.region_code']);
  if (q.from) query = query.where('c.reported_at', '>=', q.from);
  if (q.to) query = query.where('c.reported_at', '<', q.to);
  if (q.categoryCode) query = query.where('c.category_code', '=', q.categoryCode);
  const rows = await query
    .orderBy(sql`e.case_id, e.id`)
    .limit(MAX_HISTORY_EVENTS)
    .execute();
  return historyLog(
    rows.map((r) => ({
      caseId: Number(r.case_id),
      action: r.action,
      at: new Date(r.at),
      actor: r.actor_name,
      data: (r.data ?? {}) as Record<string, unknown>,
      category: r.category_code,
      channel: r.channel,
      regionCode: r.region_code,
    })),
  );
}
