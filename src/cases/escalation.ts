// The overdue sweep (the server runs it every minute, sweeper.ts): cases past their handling
// limit climb to the township or onto the leader's board; late check-ins are marked.
import { recordAudit } from '../audit/trail.js';
import { addEvent, calendarFor, lockedCase, newDeadlines, write, type Clocked } from './commands.js';
import { casesChanged } from './cache.js';
import { transition } from './lifecycle.js';
import { dueFrom, findLimit } from './limits.js';
import type { CaseState } from './model.js';
import { countyOf } from './responsibility.js';
import { commandTransaction, loadSettings, loadTimeLimits, stateOf, type Db } from './store.js';
import { unitFor } from './units.js';

/**
 * The overdue sweep: a village case past its handling limit escalates to its township; a
 * township or department case goes to the leader's board. Whistles past their deadline
 * without a check-in are marked late. Returns what it did.
 */
export async function sweepOverdue(db: Db, clock: Clocked): Promise<{ escalated: number; flagged: number; lateReportIns: number }> {
  const now = clock.now;
  const due = await db
    .selectFrom('cases')
    .select(['id'])
    .where('status', 'in', ['assigned', 'handling'])
    .where('handle_due', '<', now)
    .where('leader_flagged', '=', false)
    .orderBy('id')
    .limit(1000)
    .execute();
  let escalated = 0;
  let flagged = 0;
  for (const { id } of due) {
    await commandTransaction(db, 'cases', async (trx) => {
      const row = await lockedCase(trx, id);
      const state = stateOf(row);
      if (!state.unit || !state.handleDue || now <= state.handleDue || !['assigned', 'handling'].includes(state.status)) return;
      const county = countyOf(row.region_code);
      const settings = await loadSettings(trx, county);
      const up = state.unit.tier === 'village' ? await unitFor(trx, 'township', row.region_code, null) : null;
      let next: CaseState;
      let data: Record<string, unknown>;
      if (up) {
        const calendar = await calendarFor(trx, clock, county);
        const due = dueFrom(calendar, now, findLimit(await loadTimeLimits(trx, county), row.category_code, 'township', row.region_code), row.urgency === 'urgent');
        next = transition(state, { type: 'escalate', unit: up, due, reason: 'overdue', automatic: true }, { now, bounceThreshold: settings.bounceThreshold });
        data = { unit: up, automatic: true, reason: 'overdue', ...newDeadlines(state, next) };
        escalated++;
      } else {
        next = transition(state, { type: 'flag_leader', reason: 'overdue' }, { now, bounceThreshold: settings.bounceThreshold });
        data = { automatic: true, reason: 'overdue' };
        flagged++;
      }
      // Handling late is a fact about the unit that let it pass, whatever happens next.
      await write(trx, row, next, now);
      await addEvent(trx, { caseId: id, regionCode: row.region_code, at: now, actor: null, action: up ? 'escalate' : 'flag_leader', from: state.status, to: next.status, data });
      await recordAudit(trx, { actor: null, action: up ? 'case.escalate' : 'case.flag_leader', entity: 'case', entityId: id, regionCode: row.region_code, after: data });
    });
  }
  const late = await db
    .updateTable('case_whistles')
    .set({ late: true })
    .where('on_site_at', 'is', null)
    .where('late', 'is', null)
    .where('released_at', 'is', null)
    .where('deadline', '<', now)
    .executeTakeFirst();
  casesChanged();
  return { escalated, flagged, lateReportIns: Number(late.numUpdatedRows) };
}
