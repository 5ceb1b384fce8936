// The window's stored dates counted on a provisional holiday year (暂定): the intake deadline
// of a submitted application, the promised date of an accepted one and the due date of an open
// post-decision check (事中事后核查, 20 working days from the decision). Loading the official
// year recounts them (the same functions as at submission and acceptance, src/window/clock.ts),
// with an audit row, an entry on the application's timeline and a notice to the applicant.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import type { WorkCalendar } from '../calendar/index.js';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import { shanghaiDate } from '../calendar/index.js';
import { intakeDue, promisedAfterPauses, promisedDate } from './clock.js';
import { VERIFICATION_WORKDAYS } from './results.js';
import { loadService } from './services.js';
import { logEvent, notify } from './store.js';

type Db = Kysely<Database>;

/** Whether a civil date counted from `from` crossed a provisional year. */
export function dateProvisional(calendar: Pick<WorkCalendar, 'provisionalIn'>, from: Date | string | null, date: string | null): boolean {
  if (!from || !date) return false;
  try {
    return calendar.provisionalIn(new Date(from), date) !== null;
  } catch {
    return false;
  }
}

export interface RecomputedWindowDate {
  kind: 'window_intake_due' | 'window_promised_date' | 'window_verification_due';
  id: number;
  before: string;
  after: string;
  provisional: boolean;
}

export async function recomputeProvisionalWindowDates(trx: Db, actor: Actor | null, year: number, calendar: WorkCalendar): Promise<RecomputedWindowDate[]> {
  const first = `${year}-01-01`;
  const yearEnd = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const out: RecomputedWindowDate[] = [];
  const rows = await trx
    .selectFrom('window_applications')
    .select([
      'id',
      'region_code',
      'applicant_id',
      'status',
      'bundle_id',
      'bundle_version',
      'submitted_at',
      'paused_workdays',
      'intake_due',
      'accepted_at',
      'promised_date',
      'handling_pauses',
    ])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['submitted', 'supplementing']), eb('intake_due', '>=', first as never), eb('submitted_at', '<', yearEnd)]),
        eb.and([eb('status', 'in', ['accepted', 'decided']), eb('promised_date', '>=', first as never), eb('accepted_at', '<', yearEnd)]),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const r of rows) {
    const intake = r.status === 'submitted' || r.status === 'supplementing';
    const before = String(intake ? r.intake_due : r.promised_date).slice(0, 10);
    const from = new Date((intake ? r.submitted_at : r.accepted_at)!);
    // A promised date also moved on by the working days a handling supplement stopped the clock (closed pauses).
    const after = intake
      ? intakeDue(calendar, from, r.paused_workdays)
      : promisedAfterPauses(calendar, promisedDate(calendar, from, (await loadService(trx, Number(r.bundle_id), r.bundle_version)).promisedWorkdays), r.handling_pauses);
    if (after === before) continue;
    const provisional = dateProvisional(calendar, from, after);
    await trx
      .updateTable('window_applications')
      .set(intake ? { intake_due: after } : ({ promised_date: after } as never))
      .where('id', '=', r.id)
      .execute();
    const kind = intake ? 'window_intake_due' : 'window_promised_date';
    const label = intake ? '受理期限' : '承诺办结日期';
    const data = { field: intake ? 'intakeDue' : 'promisedDate', before, after, provisional, reason: `official arrangement for ${year} loaded` };
    await recordAudit(trx, {
      actor,
      action: 'window.deadline.recompute',
      entity: 'window_application',
      entityId: Number(r.id),
      regionCode: r.region_code,
      before: { [data.field]: before, provisional: true },
      after: { ...data, concerns: { applicantId: r.applicant_id } },
    });
    await logEvent(trx, { id: r.id, region_code: r.region_code }, 'deadline.recomputed', new Date(), actor, data);
    await notify(
      trx,
      { id: r.id, region_code: r.region_code, applicant_id: r.applicant_id },
      `${label}已按 ${year} 年正式放假安排重算`,
      `${label}：${before}（暂定）→ ${after}${provisional ? '（仍为暂定）' : ''}`,
      new Date(),
    );
    out.push({ kind, id: Number(r.id), before, after, provisional });
  }
  // Open post-decision checks: counted from the decision day; the checking department is told.
  const checks = await trx
    .selectFrom('window_verifications as v')
    .innerJoin('window_applications as a', 'a.id', 'v.application_id')
    .select(['v.id', 'v.application_id', 'v.region_code', 'v.material_name', 'v.department_code', 'v.due_date', 'a.decided_at', 'a.receipt_no'])
    .where('v.status', '=', 'open')
    .where('v.due_date', '>=', first as never)
    .where('a.decided_at', '<', yearEnd)
    .orderBy('v.id')
    .forUpdate()
    .execute();
  for (const c of checks) {
    if (!c.decided_at) continue;
    const before = String(c.due_date).slice(0, 10);
    const decided = new Date(c.decided_at);
    const after = calendar.addWorkdays(shanghaiDate(decided), VERIFICATION_WORKDAYS);
    if (after === before) continue;
    const provisional = dateProvisional(calendar, decided, after);
    await trx
      .updateTable('window_verifications')
      .set({ due_date: after } as never)
      .where('id', '=', c.id)
      .execute();
    const data = { field: 'verificationDue', material: c.material_name, before, after, provisional, reason: `official arrangement for ${year} loaded` };
    await recordAudit(trx, {
      actor,
      action: 'window.verification.deadline.recompute',
      entity: 'window_verification',
      entityId: Number(c.id),
      regionCode: c.region_code,
      before: { dueDate: before, provisional: true },
      after: data,
    });
    await sendNotice(trx, {
      regionCode: c.region_code,
      departments: [c.department_code],
      subject: `事中事后核查期限已按 ${year} 年正式放假安排重算`,
      body: `${c.receipt_no ?? ''}「${c.material_name}」核查期限：${before}（暂定）→ ${after}${provisional ? '（仍为暂定）' : ''}`,
      entity: 'window_verification',
      entityId: Number(c.id),
    });
    out.push({ kind: 'window_verification_due', id: Number(c.id), before, after, provisional });
  }
  return out;
}
