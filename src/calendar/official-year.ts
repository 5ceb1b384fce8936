// Loading a year's official arrangement, the one facade the HTTP route, the UI and
// `zaizao calendar load` call: stores the year and, in the same transaction, recomputes every
// persisted deadline that was computed on that year's provisional arrangement — ledger items,
// engine task due dates and timers, the window's intake and promised dates, grass-roots cases'
// response and handling deadlines, major projects' milestone planned dates, enterprise
// requests' tier targets (and their cases), ladder deadlines of projects' blockers and
// follow-up items, 差评 rectification deadlines — each with its
// audit row naming whom it concerns and a notice to them. Then the platform calendar of this process is refreshed.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { recomputeProvisionalLedgerDeadlines } from '../catalogue/ledger-store.js';
import { recomputeProvisionalEngineDues } from '../engine/provisional-dues.js';
import { recomputeProvisionalWindowDates } from '../window/provisional-dates.js';
import { recomputeProvisionalCaseDues } from '../cases/provisional-dues.js';
import { applyMilestoneRecount, planMilestoneRecount } from '../projects/provisional-dates.js';
import { applyRequestDueRecount, planRequestDueRecount } from '../enterprise/provisional-dues.js';
import { applyRatingDueRecount, planRatingDueRecount } from '../rating/provisional-dues.js';
import { parseArrangement } from './arrangement.js';
import { loadCalendar, refreshPlatformCalendar, storeArrangement } from './store.js';
import type { Arrangement } from './model.js';

export interface RecomputedDeadline {
  kind:
    | 'ledger_item'
    | 'engine_task'
    | 'engine_timer'
    | 'window_intake_due'
    | 'window_promised_date'
    | 'window_verification_due'
    | 'case_response_due'
    | 'case_handle_due'
    | 'project_milestone'
    | 'project_blocker_due'
    | 'project_item_due'
    | 'enterprise_contact_due'
    | 'enterprise_answer_due'
    | 'rating_rectify_due'
    | 'rating_appeal_due';
  id: number | string;
  before: string;
  after: string;
  /** Still provisional: the deadline also reaches a later year without its official arrangement. */
  provisional: boolean;
}

export interface LoadedYear {
  arrangement: Arrangement;
  replaced: Arrangement | null;
  recomputed: RecomputedDeadline[];
}

export async function loadOfficialYear(db: Kysely<Database>, actor: Actor | null, json: unknown): Promise<LoadedYear> {
  const arrangement = parseArrangement(json);
  const result = await db.transaction().execute(async (trx) => {
    // Spans in working days measured on the calendar before the load, counted again after it.
    const milestonePlan = await planMilestoneRecount(trx, arrangement.year);
    const requestPlan = await planRequestDueRecount(trx, arrangement.year);
    const ratingPlan = await planRatingDueRecount(trx, arrangement.year);
    const saved = await storeArrangement(trx, actor, arrangement);
    const ledger = await recomputeProvisionalLedgerDeadlines(trx, actor, arrangement.year);
    // The platform calendar with the year just stored: engine and window deadlines count on it.
    const platform = await loadCalendar(trx);
    const engine = await recomputeProvisionalEngineDues(trx, actor, arrangement.year, platform);
    const window = await recomputeProvisionalWindowDates(trx, actor, arrangement.year, platform);
    const cases = await recomputeProvisionalCaseDues(trx, actor, arrangement.year);
    const milestones = await applyMilestoneRecount(trx, actor, arrangement.year, milestonePlan);
    const requests = await applyRequestDueRecount(trx, actor, arrangement.year, requestPlan);
    const ratings = await applyRatingDueRecount(trx, actor, arrangement.year, ratingPlan);
    return { ...saved, recomputed: [...ledger.map((r) => ({ kind: 'ledger_item' as const, ...r })), ...engine, ...window, ...cases, ...milestones, ...requests, ...ratings] };
  });
  await refreshPlatformCalendar(db);
  return result;
}
