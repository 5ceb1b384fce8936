// Requests are rated through 好差评 (src/rating) as occurrences of kind `enterprise_request`:
// finished once closed, rated by the enterprise's own account, attributed to the service
// officer and their department. A 差评 opens on the request's two steps and their targets.
import { defaultCalendar } from '../calendar/index.js';
import type { OccurrenceSource } from '../rating/occurrence.js';
import { advanceEnterpriseCase } from '../cases/enterprise-channel.js';
import { shanghaiIso } from '../shared/time.js';
import type { Db } from './store.js';

async function load(db: Db, id: string) {
  if (!/^\d{1,15}$/.test(id)) return null;
  return db
    .selectFrom('enterprise_requests as r')
    .innerJoin('enterprises as e', 'e.uscc', 'r.uscc')
    .leftJoin('users as c', 'c.id', 'e.contact_user_id')
    .leftJoin('users as o', 'o.id', 'r.officer_id')
    .leftJoin('departments as d', 'd.id', 'o.department_id')
    .select([
      'r.id',
      'r.region_code',
      'r.status',
      'r.title',
      'r.tier',
      'r.created_at',
      'r.filed_by',
      'r.contact_due',
      'r.contacted_at',
      'r.answer_due',
      'r.answered_at',
      'r.closed_at',
      'c.username as owner',
      'o.username as officer',
      'd.code as department',
    ])
    .where('r.id', '=', Number(id))
    .executeTakeFirst();
}

export const enterpriseRequestSource: OccurrenceSource = {
  kind: 'enterprise_request',
  async rated(trx, id, level, actor, now) {
    const row = await trx.selectFrom('enterprise_requests').select('case_id').where('id', '=', Number(id)).executeTakeFirst();
    if (row?.case_id != null) await advanceEnterpriseCase(trx, actor, Number(row.case_id), { step: 'evaluate', satisfaction: level }, now);
  },
  async load(db, id) {
    const r = await load(db, id);
    if (!r) return null;
    return {
      kind: 'enterprise_request',
      id: String(r.id),
      regionCode: r.region_code,
      finished: r.status === 'closed',
      owner: r.owner,
      departmentCode: r.department,
      officer: r.officer,
      matterCode: `enterprise-request-${r.tier}`,
      matterName: r.title,
      windowCode: null,
      endedAt: r.closed_at ? new Date(r.closed_at) : null,
    };
  },
  async facts(db, id, now) {
    const r = await load(db, id);
    if (!r) return null;
    const cal = defaultCalendar();
    const created = new Date(r.created_at);
    const step = (name: string, end: Date | null, due: Date) => ({
      name,
      handledBy: r.officer,
      department: r.department,
      workdays: end ? Math.round(cal.workdaysBetweenInstants(created, end) * 100) / 100 : null,
      dueAt: shanghaiIso(due),
      missedDeadline: (end ?? now) > due,
    });
    const steps = [
      step('首次联系', r.contacted_at ? new Date(r.contacted_at) : null, new Date(r.contact_due)),
      step('答复', r.answered_at ? new Date(r.answered_at) : null, new Date(r.answer_due)),
    ];
    const ended = r.closed_at ? new Date(r.closed_at) : null;
    const longest = steps.filter((s) => s.workdays !== null).sort((a, b) => b.workdays! - a.workdays!)[0];
    return {
      startedAt: shanghaiIso(created),
      endedAt: ended ? shanghaiIso(ended) : null,
      startedBy: r.filed_by,
      workdays: ended ? Math.round(cal.workdaysBetweenInstants(created, ended) * 100) / 100 : null,
      steps,
      supplementNotices: 0,
      missedDeadlines: steps.filter((s) => s.missedDeadline).map((s) => s.name),
      longestStep: longest?.name ?? null,
    };
  },
};
