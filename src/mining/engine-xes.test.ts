// The engine's history written as XES imports back through mining's XES importer as the
// same log that mining reads from the history directly: the same cases, events, times,
// lifecycle transitions, resources and departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineStore, type EngineCaller } from '../engine/store.js';
import { chain, definitions, processXml } from '../engine/testing/bpmn.js';
import type { Store } from '../store/database.js';
import { dbTargets } from '../../test/support/db.js';
import { importXesString } from './import/xes.js';
import type { EventLog } from './model.js';
import { engineLog } from './store.js';

const targets = await dbTargets();
const REGION = '370883';
const clerk: EngineCaller = { userId: 1, username: 'clerk', role: 'window_clerk', departmentCode: 'hall' };
const officer = (dept: string, n: number): EngineCaller => ({ userId: n, username: `officer-${dept}`, role: 'department_officer', departmentCode: dept });

const permit = definitions(
  processXml(
    'permit',
    `<startEvent id="s"/><userTask id="intake" name="受理 & 登记" zaizao:candidateRoles="window_clerk"/><task id="check" name="核查"/>` +
      `<userTask id="sign" name="会签" zaizao:candidateDepartments="= dept"><multiInstanceLoopCharacteristics zaizao:collection="= departments" zaizao:elementVariable="dept"/></userTask>` +
      `<endEvent id="e"/>${chain('s', 'intake', 'check', 'sign', 'e')}`,
  ),
);

/** A log's events in order, each as what an analysis reads of it. */
function events(log: EventLog) {
  const group = log.eventAttributes.get('org:group');
  const element = log.eventAttributes.get('zaizao:elementId');
  return Array.from(log.activity, (a, e) => ({
    activity: log.activityNames[a],
    time: log.timestamp[e],
    lifecycle: log.lifecycle[e] >= 0 ? log.lifecycleNames[log.lifecycle[e]] : null,
    resource: log.resource[e] >= 0 ? log.resourceNames[log.resource[e]] : null,
    group: group?.values[e] ?? null,
    element: element?.values[e] ?? null,
  }));
}

describe.each(targets)('the engine history as XES on $name', (target) => {
  let store: Store;
  let clock = new Date('2025-09-30T10:00:00+08:00');
  let engine: EngineStore;
  let done: string;
  let cancelled: string;

  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => clock });
    await engine.deploy(permit, { regionCode: REGION, actor: null });
    done = await engine.start('permit', { regionCode: REGION, variables: { departments: ['market', 'fire'] }, businessKey: 'APP-1', actor: null });
    const [intake] = await engine.worklist({ regionPrefix: REGION });
    await engine.claimTask(intake.id, clerk);
    clock = new Date('2025-09-30T11:00:00+08:00');
    await engine.completeTask(intake.id, { actor: clerk });
    clock = new Date('2025-10-08T09:30:00+08:00');
    const signs = (await engine.worklist({ regionPrefix: REGION })).filter((t) => t.instanceId === done);
    for (const [i, t] of signs.entries()) await engine.completeTask(t.id, { actor: officer(t.candidates.departments[0], 10 + i) });
    cancelled = await engine.start('permit', { regionCode: REGION, variables: { departments: ['health'] } });
    await engine.cancel(cancelled, { actor: { userId: 1, username: 'admin', role: 'admin' } });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('imports back as the log mining reads from the history itself', async () => {
    const fromXes = importXesString(await engine.exportXes({ processKey: 'permit' }), { mode: 'strict' });
    const direct = await engineLog(store.db, { processKey: 'permit' });
    expect(fromXes.caseIds).toEqual([done, cancelled]);
    expect(Array.from(fromXes.caseOffsets)).toEqual(Array.from(direct.caseOffsets));
    expect(events(fromXes)).toEqual(events(direct));
  });

  it('carries each step of the user tasks with who did it, where, and when', async () => {
    const log = importXesString(await engine.exportXes({ processKey: 'permit' }));
    const steps = events(log).filter((e) => e.element === 'intake' || e.element === 'sign');
    expect(steps.slice(0, 3)).toEqual([
      { activity: '受理 & 登记', time: Date.parse('2025-09-30T10:00:00+08:00'), lifecycle: 'schedule', resource: null, group: null, element: 'intake' },
      { activity: '受理 & 登记', time: Date.parse('2025-09-30T10:00:00+08:00'), lifecycle: 'assign', resource: 'clerk', group: 'hall', element: 'intake' },
      { activity: '受理 & 登记', time: Date.parse('2025-09-30T11:00:00+08:00'), lifecycle: 'complete', resource: 'clerk', group: 'hall', element: 'intake' },
    ]);
    expect(steps.filter((e) => e.lifecycle === 'complete' && e.element === 'sign').map((e) => [e.resource, e.group])).toEqual([
      ['officer-market', 'market'],
      ['officer-fire', 'fire'],
    ]);
    expect(steps.at(-1)).toMatchObject({ element: 'intake', lifecycle: 'withdraw' });
    const businessKey = log.caseAttributes.get('zaizao:businessKey')!.values;
    expect([businessKey[0], businessKey[1]]).toEqual(['APP-1', undefined]);
  });
});
