// Due dates and timers counted across a holiday year without its official arrangement are
// provisional (暂定) and recounted when the year is loaded, with an audit row and a notice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { EngineStore, type EngineCaller } from './store.js';
import { chain, definitions, processXml } from './testing/bpmn.js';
import { loadOfficialYear } from '../calendar/official-year.js';
import { refreshPlatformCalendar } from '../calendar/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';

const targets = await dbTargets();
const REGION = '370883';
const clerk: EngineCaller = { userId: 1, username: 'clerk', role: 'window_clerk', departmentCode: 'hall' };

const review = definitions(
  processXml(
    'year_end_review',
    `<startEvent id="s"/><userTask id="review" name="年末审查" zaizao:candidateDepartments="ZJJ" zaizao:dueDate="P5D"/><endEvent id="e"/>${chain('s', 'review', 'e')}` +
      `<boundaryEvent id="remind" attachedToRef="review" cancelActivity="false"><timerEventDefinition zaizao:calendar="cn-workday"><timeDuration>P4D</timeDuration></timerEventDefinition></boundaryEvent>` +
      `<sequenceFlow id="fr" sourceRef="remind" targetRef="reminded"/><endEvent id="reminded"/>` +
      // A limit from the instance's variables: recounted as it evaluated when the timer was set.
      `<boundaryEvent id="chase" attachedToRef="review" cancelActivity="false"><timerEventDefinition zaizao:calendar="cn-workday"><timeDuration>= chaseAfter</timeDuration></timerEventDefinition></boundaryEvent>` +
      `<sequenceFlow id="fc" sourceRef="chase" targetRef="chased"/><endEvent id="chased"/>`,
  ),
);

describe.each(targets)('provisional due dates on $name', (target) => {
  let store: Store;
  // Monday 2026-12-28, 06:13 Asia/Shanghai: before office hours, days before a year without its notice.
  const clock = new Date('2026-12-28T06:13:00+08:00');
  let engine: EngineStore;

  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => clock, workerId: 'w1' });
    await engine.deploy(review, { regionCode: REGION, actor: null });
  });
  afterAll(async () => {
    await store.db.deleteFrom('calendar_years').execute(); // leave the platform calendar as it was
    await refreshPlatformCalendar(store.db);
    await store.close();
  });

  it('ends a due date of five working days at the close of office hours, marks it 暂定, and recounts it when 2027 is loaded', async () => {
    const id = await engine.start('year_end_review', { regionCode: REGION, actor: clerk, variables: { chaseAfter: 'P6D' } });
    const [task] = (await engine.worklist({ regionPrefix: REGION })).filter((t) => t.instanceId === id);
    // 29, 30, 31 December; 1 January is the statutory holiday; 4 and 5 January. Closing time 17:30, not 06:13.
    expect(task).toMatchObject({ dueAt: '2027-01-05T17:30:00+08:00', dueProvisional: true });

    // The official 2027 (an illustrative fixture) also gives 4 January off.
    const loaded = await loadOfficialYear(store.db, SYSTEM_ACTOR, { year: 2027, daysOff: ['2027-01-01', '2027-01-04', '2027-10-01'], makeUpWorkdays: [], source: 'test fixture' });
    expect(loaded.recomputed).toEqual(
      expect.arrayContaining([
        {
          kind: 'engine_task',
          id: task.id,
          before: new Date('2027-01-05T17:30:00+08:00').toISOString(),
          after: new Date('2027-01-06T17:30:00+08:00').toISOString(),
          provisional: false,
        },
        // Timers of whole working days end at the close of office hours too, with the due date of the same length.
        expect.objectContaining({
          kind: 'engine_timer',
          before: new Date('2027-01-04T17:30:00+08:00').toISOString(),
          after: new Date('2027-01-05T17:30:00+08:00').toISOString(),
          provisional: false,
        }),
        expect.objectContaining({
          kind: 'engine_timer',
          before: new Date('2027-01-06T17:30:00+08:00').toISOString(),
          after: new Date('2027-01-07T17:30:00+08:00').toISOString(),
          provisional: false,
        }),
      ]),
    );
    const [after] = (await engine.worklist({ regionPrefix: REGION })).filter((t) => t.instanceId === id);
    expect(after.dueAt).toBe('2027-01-06T17:30:00+08:00');
    expect(after.dueProvisional).toBeUndefined();

    const audit = await store.db.selectFrom('audit_log').selectAll().where('action', 'in', ['engine.task.due.recompute', 'engine.timer.recompute']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['engine.task.due.recompute', 'engine.timer.recompute', 'engine.timer.recompute']);
    expect(audit[0].after).toMatchObject({ provisional: false, concerns: { departments: ['ZJJ'] } });

    const notices = await store.db.selectFrom('notices').selectAll().orderBy('id').execute();
    expect(notices.map((n) => [n.recipient_department, n.recipient_username])).toEqual([
      ['ZJJ', null],
      [null, 'clerk'],
      [null, 'clerk'],
    ]);
    const jobs = await store.db.selectFrom('engine_jobs').select(['due_at']).where('instance_id', '=', id).where('kind', '=', 'timer').orderBy('due_at').execute();
    expect(jobs.map((j) => new Date(j.due_at).toISOString())).toEqual([new Date('2027-01-05T17:30:00+08:00').toISOString(), new Date('2027-01-07T17:30:00+08:00').toISOString()]);
    expect(notices[0].subject).toContain('年末审查');
    expect(notices[0].body).toBe('2027-01-05 17:30（暂定）→ 2027-01-06 17:30');
  });
});
