// A grass-roots case's deadlines counted on a provisional holiday year (暂定): the response
// deadline of an assigned case and the handling deadline of an assigned or handled one.
// Loading the official year recounts them — the same limits from the same start (the
// assignment, or the failed check that reopened the case) on the county's calendar — with an
// audit row and a notice to the unit's department.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import type { WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import { shanghaiIso } from '../shared/time.js';
import { dueFrom, findLimit } from './limits.js';
import { countyOf } from './responsibility.js';
import { loadTimeLimits } from './store.js';

type Db = Kysely<Database>;

export interface RecomputedCaseDue {
  kind: 'case_response_due' | 'case_handle_due';
  id: number;
  before: string;
  after: string;
  provisional: boolean;
}

export async function recomputeProvisionalCaseDues(trx: Db, actor: Actor | null, year: number): Promise<RecomputedCaseDue[]> {
  const yearStart = new Date(`${year}-01-01T00:00:00+08:00`);
  const yearEnd = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const rows = await trx
    .selectFrom('cases')
    .leftJoin('departments', 'departments.id', 'cases.unit_department_id')
    .select([
      'cases.id',
      'cases.region_code',
      'cases.category_code',
      'cases.tier',
      'cases.urgency',
      'cases.status',
      'cases.reopened',
      'cases.assigned_at',
      'cases.response_due',
      'cases.handle_due',
      'departments.code as department_code',
    ])
    .where('cases.status', 'in', ['assigned', 'handling'])
    // An enterprise request's case counts on its tier's targets: recounted with the request (src/enterprise/provisional-dues.ts).
    .where('cases.channel', '!=', 'enterprise')
    .where('cases.assigned_at', '<', yearEnd)
    .where((eb) => eb.or([eb('cases.handle_due', '>=', yearStart), eb.and([eb('cases.status', '=', 'assigned'), eb('cases.response_due', '>=', yearStart)])]))
    .orderBy('cases.id')
    .execute();
  const calendars = new Map<string, WorkCalendar>();
  const out: RecomputedCaseDue[] = [];
  for (const r of rows) {
    if (!r.tier || !r.assigned_at) continue;
    const county = countyOf(r.region_code);
    if (!calendars.has(county)) calendars.set(county, await loadCalendar(trx, county));
    const calendar = calendars.get(county)!;
    const limit = findLimit(await loadTimeLimits(trx, county), r.category_code, r.tier, r.region_code);
    const urgent = r.urgency === 'urgent';
    const assigned = new Date(r.assigned_at);
    const response = dueFrom(calendar, assigned, limit, urgent).responseDue;
    // A failed check reopened the case on a new handling limit counted from the check.
    const reopenedAt = r.reopened > 0 ? await lastReopening(trx, r.id) : null;
    const handleStart = reopenedAt && reopenedAt > assigned ? reopenedAt : assigned;
    const handle = dueFrom(calendar, handleStart, limit, urgent).handleDue;
    const changes: RecomputedCaseDue[] = [];
    if (r.status === 'assigned' && r.response_due && response.getTime() !== new Date(r.response_due).getTime()) {
      changes.push({
        kind: 'case_response_due',
        id: Number(r.id),
        before: new Date(r.response_due).toISOString(),
        after: response.toISOString(),
        provisional: calendar.provisionalIn(assigned, response) !== null,
      });
    }
    if (r.handle_due && handle.getTime() !== new Date(r.handle_due).getTime()) {
      changes.push({
        kind: 'case_handle_due',
        id: Number(r.id),
        before: new Date(r.handle_due).toISOString(),
        after: handle.toISOString(),
        provisional: calendar.provisionalIn(handleStart, handle) !== null,
      });
    }
    if (changes.length === 0) continue;
    await trx
      .updateTable('cases')
      .set({
        ...(changes.some((c) => c.kind === 'case_response_due') ? { response_due: response } : {}),
        ...(changes.some((c) => c.kind === 'case_handle_due') ? { handle_due: handle } : {}),
      })
      .where('id', '=', r.id)
      .execute();
    const concerns = { departments: r.department_code ? [r.department_code] : [] };
    for (const c of changes) {
      await recordAudit(trx, {
        actor,
        action: 'case.deadline.recompute',
        entity: 'case',
        entityId: r.id,
        regionCode: r.region_code,
        before: { [c.kind]: c.before },
        after: { [c.kind]: c.after, provisional: c.provisional, year, concerns },
      });
    }
    if (r.department_code) {
      const what = changes.map(
        (c) =>
          `${c.kind === 'case_response_due' ? '响应时限' : '办结时限'} ${shanghaiIso(new Date(c.before)).slice(0, 16).replace('T', ' ')}（暂定）→ ${shanghaiIso(new Date(c.after)).slice(0, 16).replace('T', ' ')}${c.provisional ? '（暂定）' : ''}`,
      );
      await sendNotice(trx, {
        regionCode: r.region_code,
        departments: [r.department_code],
        subject: `诉求 ${r.id} 的期限已按 ${year} 年正式节假日安排重算`,
        body: what.join('；'),
        entity: 'case',
        entityId: r.id,
      });
    }
    out.push(...changes);
  }
  return out;
}

async function lastReopening(trx: Db, caseId: number): Promise<Date | null> {
  const e = await trx
    .selectFrom('case_events')
    .select('at')
    .where('case_id', '=', caseId)
    .where('action', '=', 'check')
    .where('to_status', '=', 'handling')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return e ? new Date(e.at) : null;
}
