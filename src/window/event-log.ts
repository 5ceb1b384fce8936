// The applications' history as an event log for process mining: one case per application
// (its receipt number, or its id while a draft), one event per entry of window_events in
// order, named as the timeline names it (a completed step by the step's name), with the
// actor as resource and their role as `org:role`. Before/after figures of a bundle can then
// come from real applications (src/mining reads it as a stored log of source `window`).
import { sql } from 'kysely';
import { LogBuilder, type EventLog } from '../mining/model.js';
import { EVENT_LABELS } from './model.js';
import type { Db } from './store.js';

export interface WindowLogQuery {
  /** Region subtree (code prefix) the applications are of. */
  regionPrefix: string;
  /** Only the applications of this service (its code, e.g. 370883-YJS-001). */
  serviceCode?: string;
  /** At most this many events, oldest applications first (the log limits apply as for files). */
  limit: number;
}

export async function windowLog(db: Db, q: WindowLogQuery): Promise<EventLog> {
  const rows = await sql<{
    application_id: number;
    receipt_no: string | null;
    service_name: string;
    service_code: string;
    type: string;
    at: Date;
    actor: string | null;
    role: string | null;
    data: unknown;
  }>`
    select e.application_id, a.receipt_no, a.service_name, a.service_code, e.type, e.at, e.actor, e.role, e.data
    from window_events e join window_applications a on a.id = e.application_id
    where e.region_code like ${`${q.regionPrefix}%`}
      ${q.serviceCode ? sql`and a.service_code = ${q.serviceCode}` : sql``}
    order by e.application_id, e.id
    limit ${q.limit}`.execute(db);
  const b = new LogBuilder();
  let current: number | null = null;
  for (const r of rows.rows) {
    if (r.application_id !== current) {
      current = r.application_id;
      const c = b.startCase(r.receipt_no ?? `application-${r.application_id}`);
      b.setCaseAttribute(c, 'zaizao:service', 'string', r.service_name);
      b.setCaseAttribute(c, 'zaizao:serviceCode', 'string', r.service_code);
    }
    const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { name?: string } | null;
    const activity = r.type === 'task.completed' && data?.name ? data.name : (EVENT_LABELS[r.type]?.zh ?? r.type);
    const row = b.addEvent(activity, new Date(r.at).getTime(), r.actor, 'complete');
    if (r.role) b.setEventAttribute(row, 'org:role', 'string', r.role);
    b.setEventAttribute(row, 'zaizao:event', 'string', r.type);
  }
  return b.build();
}
