// The cases' history as an event log the miner reads (src/mining CSV import): one row per
// step of a case — case id, activity, time, who — so the loop itself can be mined (variants,
// rework from reopened checks, waiting between steps) until cases run on the engine.
import { sql } from 'kysely';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { monthRange } from './metrics.js';
import type { Db } from './store.js';

export const MAX_EVENT_ROWS = 2_000_000;

function csvField(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function eventLogCsv(rows: ReadonlyArray<{ caseId: number; action: string; at: Date; actor: string; category: string }>): string {
  const lines = ['case:concept:name,concept:name,time:timestamp,org:resource,category'];
  for (const r of rows) lines.push([String(r.caseId), r.action, shanghaiIso(r.at), r.actor, r.category].map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** Events of the cases reported in a month within the caller's region, in case and step order. */
export async function caseEventLog(db: Db, actor: Actor, month: string): Promise<string> {
  const { from, to } = monthRange(month);
  const rows = await db
    .selectFrom('case_events as e')
    .innerJoin('cases as c', 'c.id', 'e.case_id')
    .where('c.region_code', 'like', regionPattern(actor))
    .where('c.reported_at', '>=', from)
    .where('c.reported_at', '<', to)
    .select(['e.case_id', 'e.action', 'e.at', 'e.actor_name', 'c.category_code'])
    .orderBy(sql`e.case_id, e.id`)
    .limit(MAX_EVENT_ROWS)
    .execute();
  return eventLogCsv(rows.map((r) => ({ caseId: r.case_id, action: r.action, at: r.at, actor: r.actor_name, category: r.category_code })));
}
