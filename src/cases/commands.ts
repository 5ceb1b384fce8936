// What every cases command shares: the clock it runs on, its refusals, the case read locked with
// what the caller's access is judged on, and what it writes — the case's new state (checked
// against a concurrent change), its events and its photos.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import { loadCalendar } from '../calendar/store.js';
import type { WorkCalendar } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { CaseError, type CaseState } from './model.js';
import type { Step } from './permissions.js';
import type { decodePhotos } from './photos.js';
import { stateColumns, stateOf, type CasesTable, type Db } from './store.js';

export interface Clocked {
  now: Date;
  /** The calendar to count on; loaded from the database (the county's own hours and days off) when absent. */
  calendar?: WorkCalendar;
}

const SYSTEM_NAME = 'system';

/** A case that exists but is not the caller's to see: said so (403), not "not found". */
export function outOfScope(id: number | string): CaseError {
  return new CaseError('forbidden', outOfScopeMessage({ zh: '案件', en: 'case' }, id));
}

export function notFound(id: number | string): CaseError {
  return new CaseError('not_found', { zh: `未找到案件：${id}`, en: `case not found: ${id}` });
}

export function forbiddenStep(step: Step): CaseError {
  return new CaseError('forbidden', { zh: '您不能对该案件执行此操作', en: `you may not ${step.replace('_', ' ')} this case` }, { step });
}

export async function calendarFor(db: Db, clock: Clocked, countyCode: string): Promise<WorkCalendar> {
  return clock.calendar ?? loadCalendar(db, countyCode);
}

export interface EventInput {
  caseId: number;
  regionCode: string;
  at: Date;
  actor: Actor | null;
  action: string;
  from: string | null;
  to: string;
  data?: unknown;
}

export async function addEvent(db: Db, e: EventInput): Promise<void> {
  await addEvents(db, [e]);
}

export function eventRow(e: EventInput) {
  return {
    case_id: e.caseId,
    region_code: e.regionCode,
    at: e.at,
    actor_id: e.actor && e.actor.userId > 0 ? e.actor.userId : null,
    actor_name: e.actor?.username ?? SYSTEM_NAME,
    action: e.action,
    from_status: e.from,
    to_status: e.to,
    data: JSON.stringify(e.data ?? {}),
  };
}

async function addEvents(db: Db, events: EventInput[]): Promise<void> {
  await db
    .insertInto('case_events')
    .values(events.map(eventRow) as never)
    .execute();
}

export function photoRow(caseId: number, regionCode: string, kind: 'report' | 'evidence' | 'checkin' | 'check', p: ReturnType<typeof decodePhotos>[number], at: Date) {
  return { case_id: caseId, region_code: regionCode, kind, mime: p.mime, bytes: p.bytes, sha256: crypto.createHash('sha256').update(p.bytes).digest('hex'), created_at: at };
}

export async function savePhotos(
  db: Db,
  caseId: number,
  regionCode: string,
  kind: 'report' | 'evidence' | 'checkin' | 'check',
  photos: ReturnType<typeof decodePhotos>,
  at: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const p of photos) {
    const row = await db
      .insertInto('case_photos')
      .values(photoRow(caseId, regionCode, kind, p, at) as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

/** The deadlines a step set (a dispatch, an escalation, a reopening), for the case's history: mining reads them as due dates. */
export function newDeadlines(before: CaseState, after: CaseState): { responseDue?: string; handleDue?: string } {
  const out: { responseDue?: string; handleDue?: string } = {};
  if (after.responseDue && after.responseDue.getTime() !== before.responseDue?.getTime()) out.responseDue = shanghaiIso(after.responseDue);
  if (after.handleDue && after.handleDue.getTime() !== before.handleDue?.getTime()) out.handleDue = shanghaiIso(after.handleDue);
  return out;
}

export async function lockedCase(db: Db, id: number): Promise<Selectable<CasesTable>> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

async function whistledDepartments(db: Db, caseId: number): Promise<number[]> {
  const rows = await db.selectFrom('case_whistles').select('department_id').where('case_id', '=', caseId).where('released_at', 'is', null).execute();
  return rows.map((r) => r.department_id);
}

export async function accessView(db: Db, row: Selectable<CasesTable>) {
  return { regionCode: row.region_code, unit: stateOf(row).unit, reporterId: row.reporter_id, whistledDepartmentIds: await whistledDepartments(db, row.id) };
}

export async function write(db: Db, row: Selectable<CasesTable>, next: CaseState, now: Date): Promise<void> {
  const res = await db
    .updateTable('cases')
    .set({ ...stateColumns(next), updated_at: now, revision: row.revision + 1 } as never)
    .where('id', '=', row.id)
    .where('revision', '=', row.revision)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new CaseError('conflict', { zh: '案件已被他人修改，请刷新', en: 'the case changed meanwhile; reload it' });
}
