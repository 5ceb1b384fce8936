// The requests' escalation sweep (run with the projects' sweeps, src/projects/sweeper.ts).
import { recordAudit } from '../audit/trail.js';
import { advanceEnterpriseCase } from '../cases/enterprise-channel.js';
import { REQUEST_RUNGS, rungFor } from './requests.js';
import { requestStateOf, type Db } from './store.js';

/**
 * The sweep: an open request past a target climbs its ladder — first contact missed: the
 * officer's department is told; the answer missed: the leader (the case goes on the leader's
 * board). Each climb is an event of the request, a move of its case and an audit row. Returns
 * how many climbed.
 */
export async function sweepRequests(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom('enterprise_requests')
    .select(['id'])
    .where('rung', '<>', 'leader')
    .where('status', 'in', ['submitted', 'contacted'])
    .where((eb) => eb.or([eb.and([eb('status', '=', 'submitted'), eb('contact_due', '<', now), eb('rung', '=', 'officer')]), eb('answer_due', '<', now)]))
    .orderBy('id')
    .limit(5000)
    .execute();
  let climbed = 0;
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('enterprise_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return false;
      const state = requestStateOf(row);
      const rung = rungFor(state, now);
      const missed = rung === 'leader' ? 'answer' : 'contact';
      if (REQUEST_RUNGS.indexOf(rung) <= REQUEST_RUNGS.indexOf(row.rung)) return false;
      await trx.updateTable('enterprise_requests').set({ escalated: true, rung, escalated_at: now, updated_at: now }).where('id', '=', id).execute();
      await trx
        .insertInto('enterprise_request_events')
        .values({ request_id: id, at: now, actor_name: 'system', action: 'escalate', note: `${missed} → ${rung}` })
        .execute();
      if (row.case_id !== null) await advanceEnterpriseCase(trx, null, Number(row.case_id), { step: 'escalate', rung: rung as 'department' | 'leader', missed }, now);
      await recordAudit(trx, {
        actor: null,
        action: 'enterprise.request.escalate',
        entity: 'enterprise_request',
        entityId: id,
        regionCode: row.region_code,
        before: { rung: row.rung },
        after: { missed, rung },
      });
      return true;
    });
    if (done) climbed++;
  }
  return climbed;
}
