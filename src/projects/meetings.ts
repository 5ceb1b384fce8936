// Meetings: a task force's, and the county's coordination meeting (调度会) whose agenda the
// ladder drafts; each decision becomes a follow-up item with owner and deadline, or decides on a
// blocker or a late item of the agenda.
import { recordAudit } from '../audit/trail.js';
import { shanghaiDate } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage, regionVisible } from '../org/scope.js';
import { loadProject, mayManage, OFFICES } from './access.js';
import { departmentIn, forbidden, invalid, requireDate, requireText, today, userIn, type Clocked } from './commands.js';
import { ProjectError } from './model.js';
import { countyOf, type Db } from './store.js';

export const MAX_DECISIONS = 50;

/** The county's coordination meeting being drafted (created when the first blocker reaches it). */
export async function draftCoordination(trx: Db, county: string, now: Date): Promise<number> {
  const found = await trx
    .selectFrom('project_meetings')
    .select('id')
    .where('region_code', '=', county)
    .where('kind', '=', 'coordination')
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (found) return found.id;
  const row = await trx
    .insertInto('project_meetings')
    .values({
      region_code: county,
      project_id: null,
      kind: 'coordination',
      status: 'draft',
      title: `重点项目调度会（${shanghaiDate(now)} 起草）`,
      held_on: null,
      minutes: '',
      created_by: 'system',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface Decision {
  text: string;
  /** Required: a decision without an owner department is refused by name. */
  ownerDepartmentId?: number | null;
  ownerUsername?: string;
  dueDate: string;
  /** The blocker the decision is about; with `resolves` it closes it. */
  blockerId?: number;
  /** A late follow-up item on the coordination meeting's agenda: the decision sets its owner and deadline; with `resolves` it closes it. */
  itemId?: number;
  resolves?: boolean;
}

async function checkDecisions(
  db: Db,
  county: string,
  decisions: Decision[],
  day: string,
  blockerOk: (id: number) => Promise<boolean>,
  itemOk: (id: number) => Promise<boolean> = async () => false,
) {
  if (decisions.length > MAX_DECISIONS) throw invalid({ zh: `一次会议最多 ${MAX_DECISIONS} 项决定`, en: `at most ${MAX_DECISIONS} decisions per meeting` }, { field: 'decisions' });
  const out = [];
  for (const [i, d] of decisions.entries()) {
    const text = requireText(d.text, `decisions[${i}].text`, { zh: `第 ${i + 1} 项决定的内容`, en: `decision ${i + 1}'s text` }, 2000);
    if (d.ownerDepartmentId === undefined || d.ownerDepartmentId === null)
      throw invalid({ zh: `第 ${i + 1} 项决定没有责任部门`, en: `decision ${i + 1} has no owner department` }, { field: `decisions[${i}].ownerDepartmentId` });
    await departmentIn(db, county, d.ownerDepartmentId, `decisions[${i}].ownerDepartmentId`);
    const owner = d.ownerUsername ? await userIn(db, county, d.ownerUsername, `decisions[${i}].ownerUsername`, null) : null;
    const dueDate = requireDate(d.dueDate, `decisions[${i}].dueDate`, { zh: `第 ${i + 1} 项决定的期限`, en: `decision ${i + 1}'s deadline` });
    if (dueDate < day)
      throw invalid({ zh: `第 ${i + 1} 项决定的期限已过：${dueDate}`, en: `decision ${i + 1}: the deadline ${dueDate} is past` }, { field: `decisions[${i}].dueDate` });
    if (d.blockerId !== undefined && !(await blockerOk(d.blockerId)))
      throw invalid(
        { zh: `第 ${i + 1} 项决定所指的堵点不在议程上：${d.blockerId}`, en: `decision ${i + 1}: blocker ${d.blockerId} is not on this meeting's agenda` },
        { field: `decisions[${i}].blockerId` },
      );
    if (d.itemId !== undefined && (d.blockerId !== undefined || !(await itemOk(d.itemId))))
      throw invalid(
        { zh: `第 ${i + 1} 项决定所指的督办事项不在议程上：${d.itemId}`, en: `decision ${i + 1}: follow-up item ${d.itemId} is not on this meeting's agenda` },
        { field: `decisions[${i}].itemId` },
      );
    if (d.resolves && d.blockerId === undefined && d.itemId === undefined)
      throw invalid({ zh: `第 ${i + 1} 项决定要销号，但没有指明堵点`, en: `decision ${i + 1} resolves a blocker but names none` }, { field: `decisions[${i}].blockerId` });
    out.push({ ...d, ownerDepartmentId: d.ownerDepartmentId, text, dueDate, ownerUserId: owner?.id ?? null });
  }
  return out;
}

async function writeDecisions(
  trx: Db,
  actor: Actor,
  meetingId: number,
  decisions: Awaited<ReturnType<typeof checkDecisions>>,
  projectOf: (d: Decision) => Promise<{ id: number; region_code: string }>,
  now: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const d of decisions) {
    if (d.itemId !== undefined) {
      // A late item the meeting decided on: closed, or given the decision's owner and deadline.
      const set = d.resolves
        ? { status: 'done' as const, done_at: now, note: `调度会决定：${d.text}` }
        : { owner_department_id: d.ownerDepartmentId, owner_user_id: d.ownerUserId, due_date: d.dueDate, note: `调度会决定：${d.text}` };
      await trx.updateTable('project_items').set(set).where('id', '=', d.itemId).execute();
      ids.push(d.itemId);
      continue;
    }
    const p = await projectOf(d);
    const item = await trx
      .insertInto('project_items')
      .values({
        project_id: p.id,
        region_code: p.region_code,
        meeting_id: meetingId,
        blocker_id: d.blockerId ?? null,
        text: d.text,
        owner_department_id: d.ownerDepartmentId,
        owner_user_id: d.ownerUserId,
        due_date: d.dueDate,
        status: 'open',
        done_at: null,
        note: '',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(item.id);
    if (d.blockerId !== undefined) {
      const b = await trx.selectFrom('project_blockers').select(['level', 'status']).where('id', '=', d.blockerId).forUpdate().executeTakeFirstOrThrow();
      if (d.resolves && b.status === 'open') {
        await trx.updateTable('project_blockers').set({ status: 'resolved', resolution: d.text, resolved_at: now }).where('id', '=', d.blockerId).execute();
        await trx
          .insertInto('project_blocker_events')
          .values({ blocker_id: d.blockerId, at: now, actor_name: actor.username, action: 'resolve', from_level: b.level, to_level: null, note: `会议决定：${d.text}` })
          .execute();
      } else {
        // The decision sets the blocker's new deadline and owner.
        await trx.updateTable('project_blockers').set({ due_date: d.dueDate, owner_department_id: d.ownerDepartmentId }).where('id', '=', d.blockerId).execute();
        await trx
          .insertInto('project_blocker_events')
          .values({
            blocker_id: d.blockerId,
            at: now,
            actor_name: actor.username,
            action: 'decide',
            from_level: b.level,
            to_level: b.level,
            note: `${d.text}（期限 ${d.dueDate}）`,
          })
          .execute();
      }
    }
  }
  return ids;
}

/** A task force's meeting with its minutes; each decision becomes a follow-up item with owner and deadline. */
export async function holdTaskForceMeeting(
  db: Db,
  actor: Actor,
  projectId: number,
  input: { title: string; heldOn: string; minutes: string; decisions: Decision[] },
  clock: Clocked,
): Promise<{ id: number; items: number[] }> {
  const p = await loadProject(db, actor, projectId);
  if (!mayManage(actor, p)) throw forbidden({ zh: '只有专班组长或领导可以召开专班会议', en: 'only the task-force lead or a leader holds a task-force meeting' });
  const county = countyOf(p.region_code);
  const title = requireText(input.title, 'title', { zh: '会议名称', en: 'the title' }, 200);
  const heldOn = requireDate(input.heldOn, 'heldOn', { zh: '会议日期', en: 'the meeting date' });
  const minutes = requireText(input.minutes, 'minutes', { zh: '会议纪要', en: 'the minutes' }, 20_000);
  const decisions = await checkDecisions(
    db,
    county,
    input.decisions,
    today(clock.now),
    async (id) => !!(await db.selectFrom('project_blockers').select('id').where('id', '=', id).where('project_id', '=', projectId).where('status', '=', 'open').executeTakeFirst()),
  );
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .insertInto('project_meetings')
      .values({
        region_code: p.region_code,
        project_id: projectId,
        kind: 'task_force',
        status: 'held',
        title,
        held_on: heldOn,
        minutes,
        created_by: actor.username,
        created_at: clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await writeDecisions(trx, actor, m.id, decisions, async () => ({ id: p.id, region_code: p.region_code }), clock.now);
    await recordAudit(trx, {
      actor,
      action: 'project.meeting.task_force',
      entity: 'project_meeting',
      entityId: m.id,
      regionCode: p.region_code,
      after: { projectId, title, heldOn, items },
    });
    return { id: m.id, items };
  });
}

/**
 * The county's coordination meeting (调度会) holds its drafted agenda: each decision is about
 * a blocker on the agenda and flows back as a follow-up item with its deadline; `resolves`
 * closes the blocker. Agenda blockers without a decision wait for the next meeting.
 */
export async function holdCoordinationMeeting(
  db: Db,
  actor: Actor,
  meetingId: number,
  input: { heldOn: string; minutes: string; decisions: Decision[] },
  clock: Clocked,
): Promise<{ id: number; items: number[]; carriedOver: number }> {
  if (!OFFICES.has(actor.role))
    throw forbidden({ zh: '只有领导、改革办或管理员可以召开调度会', en: 'only a leader, the reform office or an administrator holds the coordination meeting' });
  const meeting = await db.selectFrom('project_meetings').selectAll().where('id', '=', meetingId).where('kind', '=', 'coordination').executeTakeFirst();
  if (!meeting) throw new ProjectError('not_found', { zh: `未找到调度会：${meetingId}`, en: `coordination meeting not found: ${meetingId}` });
  if (!regionVisible(actor, meeting.region_code)) throw forbidden(outOfScopeMessage({ zh: '调度会', en: 'coordination meeting' }, meetingId));
  if (meeting.status !== 'draft') throw new ProjectError('conflict', { zh: '该调度会已召开', en: 'this meeting has already been held' });
  const heldOn = requireDate(input.heldOn, 'heldOn', { zh: '会议日期', en: 'the meeting date' });
  const minutes = requireText(input.minutes, 'minutes', { zh: '会议纪要', en: 'the minutes' }, 20_000);
  const onAgenda = async (id: number) =>
    !!(await db.selectFrom('project_blockers').select('id').where('id', '=', id).where('meeting_id', '=', meetingId).where('status', '=', 'open').executeTakeFirst());
  const itemOnAgenda = async (id: number) =>
    !!(await db.selectFrom('project_items').select('id').where('id', '=', id).where('agenda_meeting_id', '=', meetingId).where('status', '=', 'open').executeTakeFirst());
  for (const [i, d] of input.decisions.entries()) {
    if (d.blockerId === undefined && d.itemId === undefined)
      throw invalid(
        { zh: `第 ${i + 1} 项决定没有指明堵点或督办事项`, en: `decision ${i + 1} names no blocker or follow-up item from the agenda` },
        { field: `decisions[${i}].blockerId` },
      );
  }
  const decisions = await checkDecisions(db, meeting.region_code, input.decisions, today(clock.now), onAgenda, itemOnAgenda);
  return db.transaction().execute(async (trx) => {
    const held = await trx
      .updateTable('project_meetings')
      .set({ status: 'held', held_on: heldOn, minutes })
      .where('id', '=', meetingId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(held.numUpdatedRows) !== 1) throw new ProjectError('conflict', { zh: '该调度会已召开', en: 'this meeting has already been held' });
    const items = await writeDecisions(
      trx,
      actor,
      meetingId,
      decisions,
      async (d) => {
        const b = await trx.selectFrom('project_blockers').select(['project_id', 'region_code']).where('id', '=', d.blockerId!).executeTakeFirstOrThrow();
        return { id: b.project_id, region_code: b.region_code };
      },
      clock.now,
    );
    // Blockers the meeting did not decide on go to the next meeting's agenda.
    const decided = decisions.filter((d) => d.blockerId !== undefined).map((d) => d.blockerId!);
    let carry = trx.updateTable('project_blockers').set({ meeting_id: null }).where('meeting_id', '=', meetingId).where('status', '=', 'open');
    if (decided.length) carry = carry.where('id', 'not in', decided);
    const carried = await carry.executeTakeFirst();
    // Late items without a decision go to the next meeting too.
    const decidedItems = decisions.filter((d) => d.itemId !== undefined).map((d) => d.itemId!);
    let undecidedItems = trx.selectFrom('project_items').select('id').where('agenda_meeting_id', '=', meetingId).where('status', '=', 'open');
    if (decidedItems.length) undecidedItems = undecidedItems.where('id', 'not in', decidedItems);
    const itemsCarried = (await undecidedItems.execute()).map((r) => r.id);
    const carriedOver = Number(carried.numUpdatedRows) + itemsCarried.length;
    if (carriedOver > 0) {
      const next = await draftCoordination(trx, meeting.region_code, clock.now);
      await trx
        .updateTable('project_blockers')
        .set({ meeting_id: next })
        .where('meeting_id', 'is', null)
        .where('level', '=', 'coordination')
        .where('status', '=', 'open')
        .where('region_code', 'like', `${meeting.region_code}%`)
        .execute();
      if (itemsCarried.length) await trx.updateTable('project_items').set({ agenda_meeting_id: next }).where('id', 'in', itemsCarried).execute();
    }
    await recordAudit(trx, {
      actor,
      action: 'project.meeting.coordination',
      entity: 'project_meeting',
      entityId: meetingId,
      regionCode: meeting.region_code,
      after: { heldOn, items, carriedOver },
    });
    return { id: meetingId, items, carriedOver };
  });
}
