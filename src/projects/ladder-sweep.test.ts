// The one sweep blockers and late follow-up items climb (ladder-sweep.ts), specified on a ladder
// that records its climbs: which rows move, to which rung and deadline on their county's calendar
// and settings, onto which county's draft agenda, how many per batch, and that a climb that
// fails moves nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { createCalendar } from '../calendar/index.js';
import type { Store } from '../store/database.js';
import { sweepLadder, type Climb, type Ladder } from './ladder-sweep.js';
import type { BlockerLevel } from './model.js';

const targets = await dbTargets();
const calendar = createCalendar();
// Friday 6 March 2026: a deadline of Thursday the 5th has passed, one of today has not.
const clock = { now: new Date('2026-03-06T10:00:00+08:00'), calendar };

/** A ladder over the blockers table that writes nothing and remembers each climb. */
function recordingLadder(): Ladder & { climbs: Array<{ id: number; climb: Climb }> } {
  const climbs: Array<{ id: number; climb: Climb }> = [];
  return {
    table: 'project_blockers',
    climbs,
    async climb(_trx, row, climb) {
      climbs.push({ id: row.id, climb });
    },
  };
}

describe.each(targets)('the ladder sweep on $name', (target) => {
  let store: Store;
  let projectId: number;
  let departmentId: number;

  const blocker = async (regionCode: string, level: BlockerLevel, dueDate: string, status: 'open' | 'resolved' = 'open') =>
    (
      await store.db
        .insertInto('project_blockers')
        .values({
          project_id: projectId,
          region_code: regionCode,
          title: `${level} ${dueDate}`,
          description: '',
          category: '',
          owner_department_id: departmentId,
          due_date: dueDate,
          level,
          status,
          meeting_id: null,
          escalated_at: null,
          resolution: '',
          resolved_at: null,
          created_by: 'test',
          created_at: clock.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const drafts = () => store.db.selectFrom('project_meetings').select(['id', 'region_code', 'kind', 'status']).orderBy('id').execute();

  beforeAll(async () => {
    store = await target.open();
    const db = store.db;
    await db
      .insertInto('regions')
      .values([
        { code: '370883', name: '邹城市', level: 'city', parent_code: null },
        { code: '370881', name: '曲阜市', level: 'city', parent_code: null },
      ] as never)
      .execute();
    departmentId = (
      await db
        .insertInto('departments')
        .values({ code: 'ZRZY', name: '自然资源局', region_code: '370883' } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const leader = (
      await db
        .insertInto('users')
        .values({ username: 'leader', display_name: '县领导', role: 'leader', region_code: '370883', password_hash: 'x' } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await db
      .insertInto('enterprises')
      .values({
        uscc: '91370883MA3C00000X',
        region_code: '370883',
        name: '邹城甲制造有限公司',
        industry: '',
        tax_paid: 0,
        employees: 0,
        output_value: 0,
        designations: '[]',
        tier: null,
        officer_id: null,
        contact_user_id: null,
        updated_at: clock.now,
      })
      .execute();
    projectId = (
      await db
        .insertInto('projects')
        .values({
          region_code: '370883',
          name: '项目',
          investor_uscc: '91370883MA3C00000X',
          investment: 1000,
          location: '开发区',
          industry: '装备',
          level: 'county',
          leader_id: leader,
          agent_id: leader,
          task_force_lead_id: leader,
          start_date: '2026-03-02',
          created_at: clock.now,
          updated_at: clock.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    // 曲阜 gives the task-force lead 2 working days, not the default 5.
    await db.insertInto('project_settings').values({ region_code: '370881', task_force_workdays: 2, decision_workdays: 10 }).execute();
  }, 120_000);
  afterAll(() => store.close());
  beforeEach(async () => {
    await store.db.deleteFrom('project_blockers').execute();
    await store.db.deleteFrom('project_meetings').execute();
  });

  it('climbs every open row past its deadline one rung on its county’s working days, and puts those reaching the top on one draft agenda per county', async () => {
    const toLead = await blocker('370883001', 'department', '2026-03-05');
    const toMeeting = await blocker('370883', 'task_force', '2026-03-04');
    await blocker('370883', 'department', '2026-03-06'); // due today: not yet
    await blocker('370883', 'coordination', '2026-03-01'); // at the top: the meeting decides
    await blocker('370883', 'department', '2026-03-05', 'resolved');
    const qufuToLead = await blocker('370881', 'department', '2026-03-05');
    const qufuToMeeting = await blocker('370881002', 'task_force', '2026-03-05');
    const alsoToMeeting = await blocker('370883002', 'task_force', '2026-03-05');
    const ladder = recordingLadder();

    expect(await sweepLadder(store.db, clock, ladder)).toEqual({ toTaskForce: 2, toCoordination: 3 });

    const meetings = await drafts();
    expect(meetings.map((m) => [m.region_code, m.kind, m.status])).toEqual([
      ['370883', 'coordination', 'draft'],
      ['370881', 'coordination', 'draft'],
    ]);
    const [zoucheng, qufu] = meetings.map((m) => m.id);
    expect(ladder.climbs).toEqual([
      { id: toLead, climb: { level: 'task_force', dueDate: '2026-03-13', agendaId: null } },
      { id: toMeeting, climb: { level: 'coordination', dueDate: '2026-03-20', agendaId: zoucheng } },
      { id: qufuToLead, climb: { level: 'task_force', dueDate: '2026-03-10', agendaId: null } },
      { id: qufuToMeeting, climb: { level: 'coordination', dueDate: '2026-03-20', agendaId: qufu } },
      { id: alsoToMeeting, climb: { level: 'coordination', dueDate: '2026-03-20', agendaId: zoucheng } },
    ]);
  });

  it('puts rows reaching the top on the county’s draft already open', async () => {
    await blocker('370883', 'task_force', '2026-03-05');
    const first = recordingLadder();
    await sweepLadder(store.db, clock, first);
    await store.db.deleteFrom('project_blockers').execute(); // as if its climb had been written
    await blocker('370883001', 'task_force', '2026-03-05');
    const second = recordingLadder();
    await sweepLadder(store.db, clock, second);

    expect(second.climbs[0].climb.agendaId).toBe(first.climbs[0].climb.agendaId);
    expect(await drafts()).toHaveLength(1);
  });

  it('moves at most one batch, the lowest ids first', async () => {
    const ids = [await blocker('370883', 'department', '2026-03-02'), await blocker('370883', 'department', '2026-03-03'), await blocker('370883', 'department', '2026-03-04')];
    const ladder = recordingLadder();

    expect(await sweepLadder(store.db, clock, ladder, 2)).toEqual({ toTaskForce: 2, toCoordination: 0 });
    expect(ladder.climbs.map((c) => c.id)).toEqual(ids.slice(0, 2));
  });

  it('moves nothing when one climb of the batch fails: the batch is one transaction', async () => {
    const first = await blocker('370883', 'task_force', '2026-03-04');
    await blocker('370883', 'department', '2026-03-05');
    let climbs = 0;
    const failing: Ladder = {
      table: 'project_blockers',
      async climb(trx, row, climb) {
        if (++climbs === 2) throw new Error('the second climb fails');
        await trx.updateTable('project_blockers').set({ level: climb.level, meeting_id: climb.agendaId }).where('id', '=', row.id).execute();
      },
    };

    await expect(sweepLadder(store.db, clock, failing)).rejects.toThrow('the second climb fails');
    const row = await store.db.selectFrom('project_blockers').select(['level', 'meeting_id']).where('id', '=', first).executeTakeFirstOrThrow();
    expect(row).toEqual({ level: 'task_force', meeting_id: null });
    expect(await drafts()).toEqual([]);
  });
});
