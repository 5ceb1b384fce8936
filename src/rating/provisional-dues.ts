// A 差评 rectification case's deadlines (rectify by, appeal by) are counted in working days
// from its verification on the platform calendar; across a holiday year without its official
// arrangement they are 暂定. Loading the official year recounts those of open cases — each keeps
// its span in working days from the verification, measured on the calendar in force before the
// load — with an audit row and a notice to the responsible department. Plan before the year is
// stored, apply after.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { shanghaiDate } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';

type Db = Kysely<Database>;

export interface RecomputedRatingDue {
  kind: 'rating_rectify_due' | 'rating_appeal_due';
  id: number;
  before: string;
  after: string;
  provisional: boolean;
}

interface PlannedCase {
  id: number;
  regionCode: string;
  departmentCode: string | null;
  verifiedOn: string;
  targets: Array<{ kind: RecomputedRatingDue['kind']; due: string; span: number }>;
}

export type RatingDuePlan = PlannedCase[];

const OPEN = ['rectifying', 'appealed'] as const;

export async function planRatingDueRecount(trx: Db, year: number): Promise<RatingDuePlan> {
  const since = `${year}-01-01`;
  const rows = await trx
    .selectFrom('rating_cases')
    .select(['id', 'region_code', 'department_code', 'rectify_due', 'appeal_due'])
    .where('status', 'in', [...OPEN])
    .where((eb) => eb.or([eb('rectify_due', '>=', since), eb('appeal_due', '>=', since)]))
    .orderBy('id')
    .execute();
  if (!rows.length) return [];
  const old = await loadCalendar(trx);
  const plan: RatingDuePlan = [];
  for (const r of rows) {
    const verified = await trx
      .selectFrom('rating_case_events')
      .select('at')
      .where('case_id', '=', r.id)
      .where('action', '=', 'verify')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!verified) continue;
    const verifiedOn = shanghaiDate(new Date(verified.at));
    const targets: PlannedCase['targets'] = [];
    for (const [kind, due] of [
      ['rating_rectify_due', r.rectify_due],
      ['rating_appeal_due', r.appeal_due],
    ] as const) {
      if (due !== null && due >= since && due >= verifiedOn) targets.push({ kind, due, span: old.workdaysBetween(verifiedOn, due) });
    }
    if (targets.length) plan.push({ id: r.id, regionCode: r.region_code, departmentCode: r.department_code, verifiedOn, targets });
  }
  return plan;
}

export async function applyRatingDueRecount(trx: Db, actor: Actor | null, year: number, plan: RatingDuePlan): Promise<RecomputedRatingDue[]> {
  if (!plan.length) return [];
  const cal = await loadCalendar(trx);
  const out: RecomputedRatingDue[] = [];
  for (const c of plan) {
    const changes = c.targets
      .map((t) => ({ kind: t.kind, id: c.id, before: t.due, after: t.span === 0 ? c.verifiedOn : cal.addWorkdays(c.verifiedOn, t.span) }))
      .filter((x) => x.after !== x.before)
      .map((x) => ({ ...x, provisional: cal.provisionalIn(c.verifiedOn, x.after) !== null }));
    if (!changes.length) continue;
    const rectify = changes.find((x) => x.kind === 'rating_rectify_due');
    const appeal = changes.find((x) => x.kind === 'rating_appeal_due');
    await trx
      .updateTable('rating_cases')
      .set({ ...(rectify ? { rectify_due: rectify.after } : {}), ...(appeal ? { appeal_due: appeal.after } : {}) })
      .where('id', '=', c.id)
      .execute();
    const concerns = { departments: c.departmentCode ? [c.departmentCode] : [] };
    await recordAudit(trx, {
      actor,
      action: 'rating.case.deadline.recompute',
      entity: 'rating_case',
      entityId: c.id,
      regionCode: c.regionCode,
      before: Object.fromEntries(changes.map((x) => [x.kind, x.before])),
      after: { ...Object.fromEntries(changes.map((x) => [x.kind, x.after])), provisional: changes.some((x) => x.provisional), year, concerns },
    });
    if (c.departmentCode) {
      await sendNotice(trx, {
        regionCode: c.regionCode,
        departments: [c.departmentCode],
        subject: `差评整改 ${c.id} 的期限已按 ${year} 年正式节假日安排重算`,
        body: changes.map((x) => `${x.kind === 'rating_rectify_due' ? '整改期限' : '申诉期限'} ${x.before}（暂定）→ ${x.after}${x.provisional ? '（暂定）' : ''}`).join('；'),
        entity: 'rating_case',
        entityId: c.id,
      });
    }
    out.push(...changes);
  }
  return out;
}
