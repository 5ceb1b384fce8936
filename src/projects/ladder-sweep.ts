// The escalation sweep of the ladder blockers and late follow-up items climb (blockers.ts):
// one generic sweep selects the rows due, climbs each one rung and drafts the coordination
// meeting's agenda; each ladder says only how a climb is written.
import { recordAudit } from '../audit/trail.js';
import type { WorkCalendar } from '../calendar/index.js';
import { escalation } from './blockers.js';
import { calendarFor, today, type Clocked } from './commands.js';
import { draftCoordination } from './meetings.js';
import type { BlockerLevel, ProjectSettings } from './model.js';
import { countyOf, loadProjectSettings, type Db } from './store.js';

/** Most rows of a ladder one sweep moves; the rest wait for the next sweep (a minute later in the server). */
export const SWEEP_BATCH = 1000;

/** A row on the ladder: a blocker or a follow-up item, open and below the top rung. */
export interface Climber {
  id: number;
  region_code: string;
  level: BlockerLevel;
  due_date: string;
}

/** One rung up: the new rung and deadline, and at the top the county's draft coordination meeting whose agenda the row joins. */
export interface Climb {
  level: BlockerLevel;
  dueDate: string;
  agendaId: number | null;
}

export interface Ladder {
  /** The table of the rows that climb: each has status, level, due_date and region_code. */
  table: 'project_blockers' | 'project_items';
  /** Writes one row's climb (its rung, deadline and agenda, its event and audit row) in the sweep's transaction. */
  climb(trx: Db, row: Climber, climb: Climb, now: Date): Promise<void>;
}

/** A county's calendar and project settings, read once per county in a sweep. */
function countyLadders(clock: Clocked) {
  const seen = new Map<string, { calendar: WorkCalendar; settings: ProjectSettings }>();
  return async (trx: Db, county: string) => {
    let ladder = seen.get(county);
    if (!ladder) seen.set(county, (ladder = { calendar: await calendarFor(trx, clock, county), settings: await loadProjectSettings(trx, county) }));
    return ladder;
  };
}

/**
 * One sweep of a ladder: every open row past its deadline below the top rung climbs one rung
 * (department → task-force lead → the county's coordination meeting, whose draft agenda it
 * joins, one draft per county), on the county's calendar and settings. One transaction per
 * batch (commits, not rows, are what a sweep waits on); rows another sweep holds are skipped
 * (SKIP LOCKED) and left to it. Returns how many reached each rung.
 */
export async function sweepLadder(db: Db, clock: Clocked, ladder: Ladder, batch = SWEEP_BATCH): Promise<{ toTaskForce: number; toCoordination: number }> {
  const day = today(clock.now);
  const ladderOf = countyLadders(clock);
  return db.transaction().execute(async (trx) => {
    const out = { toTaskForce: 0, toCoordination: 0 };
    const due: Climber[] = await trx
      .selectFrom(ladder.table)
      .select(['id', 'region_code', 'level', 'due_date'])
      .where('status', '=', 'open')
      .where('level', '<>', 'coordination')
      .where('due_date', '<', day)
      .orderBy('id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    const drafts = new Map<string, number>();
    for (const row of due) {
      const county = countyOf(row.region_code);
      const { calendar, settings } = await ladderOf(trx, county);
      const step = escalation({ level: row.level, status: 'open', dueDate: row.due_date }, day, calendar, settings);
      if (!step) continue;
      let agendaId: number | null = null;
      if (step.level === 'coordination') {
        if (!drafts.has(county)) drafts.set(county, await draftCoordination(trx, county, clock.now));
        agendaId = drafts.get(county)!;
      }
      await ladder.climb(trx, row, { level: step.level, dueDate: step.dueDate, agendaId }, clock.now);
      if (step.level === 'task_force') out.toTaskForce++;
      else out.toCoordination++;
    }
    return out;
  });
}

/** A blocker's climb: its rung, deadline and meeting, an event of its history and an audit row. */
const BLOCKERS: Ladder = {
  table: 'project_blockers',
  async climb(trx, b, step, now) {
    await trx.updateTable('project_blockers').set({ level: step.level, due_date: step.dueDate, escalated_at: now, meeting_id: step.agendaId }).where('id', '=', b.id).execute();
    await trx
      .insertInto('project_blocker_events')
      .values({ blocker_id: b.id, at: now, actor_name: 'system', action: 'escalate', from_level: b.level, to_level: step.level, note: `逾期（期限 ${b.due_date}）` })
      .execute();
    await recordAudit(trx, {
      actor: null,
      action: 'project.blocker.escalate',
      entity: 'project_blocker',
      entityId: b.id,
      regionCode: b.region_code,
      before: { level: b.level, dueDate: b.due_date },
      after: { level: step.level, dueDate: step.dueDate, meetingId: step.agendaId },
    });
  },
};

/** A late item's climb: its rung, deadline and agenda, and an audit row. */
const ITEMS: Ladder = {
  table: 'project_items',
  async climb(trx, item, step, now) {
    await trx
      .updateTable('project_items')
      .set({ level: step.level, due_date: step.dueDate, escalated_at: now, agenda_meeting_id: step.agendaId })
      .where('id', '=', item.id)
      .execute();
    await recordAudit(trx, {
      actor: null,
      action: 'project.item.escalate',
      entity: 'project_item',
      entityId: item.id,
      regionCode: item.region_code,
      before: { level: item.level, dueDate: item.due_date },
      after: { level: step.level, dueDate: step.dueDate, meetingId: step.agendaId },
    });
  },
};

/** Overdue blockers climb: to the task-force lead with `taskForceWorkdays` more, then onto the coordination meeting's agenda. */
export async function sweepBlockers(db: Db, clock: Clocked): Promise<{ toTaskForce: number; toCoordination: number }> {
  return sweepLadder(db, clock, BLOCKERS);
}

/** Late follow-up items climb the blockers' ladder, onto the coordination meeting's agenda beside the blockers. */
export async function sweepItems(db: Db, clock: Clocked): Promise<{ itemsToTaskForce: number; itemsToCoordination: number }> {
  const moved = await sweepLadder(db, clock, ITEMS);
  return { itemsToTaskForce: moved.toTaskForce, itemsToCoordination: moved.toCoordination };
}
