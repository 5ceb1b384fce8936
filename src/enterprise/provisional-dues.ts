// An enterprise request's tier targets (first contact, answer) counted on a provisional holiday
// year (暂定). Loading the official year recounts the targets still pending — each keeps its
// span in working days from the day of filing, measured on the calendar in force before the
// load — and its case in the closed loop (response → contact, handling → answer) moves with
// it, so request and case never disagree. An audit row per request and a notice to its
// service officer. Plan before the year is stored, apply after.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import { shanghaiIso } from '../shared/time.js';
import { countyOf } from './store.js';

type Db = Kysely<Database>;

export interface RecomputedRequestDue {
  kind: 'enterprise_contact_due' | 'enterprise_answer_due';
  id: number;
  before: string;
  after: string;
  provisional: boolean;
}

interface PlannedRequest {
  id: number;
  regionCode: string;
  title: string;
  caseId: number | null;
  officerId: number | null;
  filedAt: Date;
  targets: Array<{ kind: RecomputedRequestDue['kind']; due: Date; span: number }>;
}

export type RequestDuePlan = PlannedRequest[];

const endOf = (date: string) => new Date(`${date}T17:30:00+08:00`);
const baseDay = (calendar: WorkCalendar, filedAt: Date) => {
  const filedOn = shanghaiDate(filedAt);
  return calendar.isWorkday(filedOn) ? filedOn : calendar.addWorkdays(filedOn, 1);
};

/** Before the year is stored: open requests with a pending target in that year or later, each target's span. */
export async function planRequestDueRecount(trx: Db, year: number): Promise<RequestDuePlan> {
  const yearStart = new Date(`${year}-01-01T00:00:00+08:00`);
  const rows = await trx
    .selectFrom('enterprise_requests')
    .select(['id', 'region_code', 'title', 'status', 'case_id', 'officer_id', 'contact_due', 'answer_due', 'created_at'])
    .where('status', 'in', ['submitted', 'contacted'])
    .where('answer_due', '>=', yearStart)
    .orderBy('id')
    .execute();
  const calendars = new Map<string, WorkCalendar>();
  const plan: RequestDuePlan = [];
  for (const r of rows) {
    const county = countyOf(r.region_code);
    if (!calendars.has(county)) calendars.set(county, await loadCalendar(trx, county));
    const old = calendars.get(county)!;
    const filedAt = new Date(r.created_at);
    const base = baseDay(old, filedAt);
    const pending: Array<[RecomputedRequestDue['kind'], Date]> = [['enterprise_answer_due', new Date(r.answer_due)]];
    if (r.status === 'submitted') pending.unshift(['enterprise_contact_due', new Date(r.contact_due)]);
    const targets = pending.filter(([, due]) => due >= yearStart).map(([kind, due]) => ({ kind, due, span: old.workdaysBetween(base, shanghaiDate(due)) }));
    plan.push({ id: Number(r.id), regionCode: r.region_code, title: r.title, caseId: r.case_id === null ? null : Number(r.case_id), officerId: r.officer_id, filedAt, targets });
  }
  return plan;
}

/** After the year is stored: the same spans on the county's calendar now. */
export async function applyRequestDueRecount(trx: Db, actor: Actor | null, year: number, plan: RequestDuePlan): Promise<RecomputedRequestDue[]> {
  const out: RecomputedRequestDue[] = [];
  const calendars = new Map<string, WorkCalendar>();
  for (const r of plan) {
    const county = countyOf(r.regionCode);
    if (!calendars.has(county)) calendars.set(county, await loadCalendar(trx, county));
    const cal = calendars.get(county)!;
    const base = baseDay(cal, r.filedAt);
    const changes: RecomputedRequestDue[] = [];
    for (const t of r.targets) {
      const due = endOf(t.span <= 0 ? base : cal.addWorkdays(base, t.span));
      if (due.getTime() !== t.due.getTime())
        changes.push({ kind: t.kind, id: r.id, before: t.due.toISOString(), after: due.toISOString(), provisional: cal.provisionalIn(r.filedAt, due) !== null });
    }
    if (!changes.length) continue;
    const contact = changes.find((c) => c.kind === 'enterprise_contact_due');
    const answer = changes.find((c) => c.kind === 'enterprise_answer_due');
    await trx
      .updateTable('enterprise_requests')
      .set({ ...(contact ? { contact_due: new Date(contact.after) } : {}), ...(answer ? { answer_due: new Date(answer.after) } : {}) })
      .where('id', '=', r.id)
      .execute();
    // The request's case carries the same targets: contact → response, answer → handling.
    if (r.caseId !== null) {
      await trx
        .updateTable('cases')
        .set({ ...(contact ? { response_due: new Date(contact.after) } : {}), ...(answer ? { handle_due: new Date(answer.after) } : {}) })
        .where('id', '=', r.caseId)
        .execute();
    }
    const officer = r.officerId === null ? undefined : await trx.selectFrom('users').select('username').where('id', '=', r.officerId).executeTakeFirst();
    const concerns = { users: officer ? [officer.username] : [] };
    await recordAudit(trx, {
      actor,
      action: 'enterprise.request.deadline.recompute',
      entity: 'enterprise_request',
      entityId: r.id,
      regionCode: r.regionCode,
      before: Object.fromEntries(changes.map((c) => [c.kind, c.before])),
      after: { ...Object.fromEntries(changes.map((c) => [c.kind, c.after])), provisional: changes.some((c) => c.provisional), year, caseId: r.caseId, concerns },
    });
    if (officer) {
      const at = (iso: string) => shanghaiIso(new Date(iso)).slice(0, 16).replace('T', ' ');
      await sendNotice(trx, {
        regionCode: r.regionCode,
        users: [officer.username],
        subject: `诉求“${r.title}”的服务时限已按 ${year} 年正式节假日安排重算`,
        body: changes
          .map((c) => `${c.kind === 'enterprise_contact_due' ? '首次联系' : '答复'} ${at(c.before)}（暂定）→ ${at(c.after)}${c.provisional ? '（暂定）' : ''}`)
          .join('；'),
        entity: 'enterprise_request',
        entityId: r.id,
      });
    }
    out.push(...changes);
  }
  return out;
}
