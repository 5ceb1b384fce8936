// Escalation events and event sub-processes on the durable engine (PGlite and PostgreSQL):
// the same behaviour as events.test.ts, through the database, its jobs and subscriptions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { EngineStore } from './store.js';
import { chain, definitions, processXml } from './testing/bpmn.js';

const targets = await dbTargets();
const REGION = '370883';

const escalation = (key: string, cancel: boolean) =>
  definitions(
    processXml(
      key,
      `<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="work"/><intermediateThrowEvent id="raise"><escalationEventDefinition escalationRef="esc"/></intermediateThrowEvent><userTask id="more"/><endEvent id="se"/>${chain('ss', 'work', 'raise', 'more', 'se')}</subProcess>` +
        `<boundaryEvent id="caught" attachedToRef="sub" cancelActivity="${cancel}"><escalationEventDefinition escalationRef="esc"/></boundaryEvent><userTask id="supervise"/><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'sub', 'e')}${chain('caught', 'supervise', 'e2')}`,
    ),
    `<escalation id="esc" escalationCode="late"/>`,
  );

const withdrawal = (key: string, start: string, interrupting: boolean) =>
  definitions(
    processXml(
      key,
      `<startEvent id="s"/><userTask id="review"/><endEvent id="e"/>${chain('s', 'review', 'e')}` +
        `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="${interrupting}">${start}</startEvent><userTask id="handle"/><endEvent id="ee"/>${chain('es', 'handle', 'ee')}</subProcess>`,
    ),
    `<message id="m" name="withdraw"/>`,
  );
const byMessage = `<messageEventDefinition messageRef="m" zaizao:correlationKey="= applicationNo"/>`;
const byTimer = `<timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>`;

describe.each(targets)('escalations and event sub-processes on $name', (target) => {
  let store: Store;
  let clock = new Date('2025-09-30T10:00:00+08:00');
  let engine: EngineStore;
  let n = 0;
  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => clock, workerId: 'w', audit: false });
  });
  afterAll(async () => {
    await store.close();
  });

  const open = async (id: string) => (await engine.openTasks(id)).map((t) => t.elementId).sort();
  const completeAll = async (id: string) => {
    for (let i = 0; i < 10; i++) {
      const [t] = await engine.openTasks(id);
      if (!t) return;
      await engine.completeTask(t.id);
    }
  };

  it.each([
    ['interrupting', true, ['supervise']],
    ['non-interrupting', false, ['more', 'supervise']],
  ] as const)('an escalation caught by an %s boundary event', async (_what, cancel, expected) => {
    const key = `esc${++n}`;
    await engine.deploy(escalation(key, cancel), { regionCode: REGION });
    const { id, tasksCreated } = await engine.startWithTasks(key, { regionCode: REGION });
    await engine.completeTask(tasksCreated[0].id);
    expect(await open(id)).toEqual([...expected]);
    await completeAll(id);
    expect((await engine.instance(id))!.state.status).toBe('completed');
  });

  it.each([
    ['message', true, ['handle']],
    ['message', false, ['handle', 'review']],
    ['timer', true, ['handle']],
    ['timer', false, ['handle', 'review']],
  ] as const)('an event sub-process started by a %s (interrupting: %s)', async (kind, interrupting, expected) => {
    const key = `esp${++n}`;
    await engine.deploy(withdrawal(key, kind === 'message' ? byMessage : byTimer, interrupting), { regionCode: REGION });
    const id = await engine.start(key, { regionCode: REGION, variables: { applicationNo: key } });
    if (kind === 'message') expect(await engine.correlate(REGION, 'withdraw', key, { reason: 'moved' })).toEqual([id]);
    else {
      clock = new Date(clock.getTime() + 3600_000);
      expect(await engine.runDueJobs()).toBe(1);
    }
    expect(await open(id)).toEqual([...expected]);
    await completeAll(id);
    const inst = await engine.instance(id);
    expect(inst!.state.status).toBe('completed');
    expect(inst!.tokens).toEqual([]);
    const left = await store.db.selectFrom('engine_subscriptions').select('id').where('instance_id', '=', id).execute();
    const jobs = await store.db.selectFrom('engine_jobs').select('id').where('instance_id', '=', id).execute();
    expect([...left, ...jobs]).toEqual([]);
  });
});

describe.each(targets)('send tasks on $name', (target) => {
  let store: Store;
  let engine: EngineStore;
  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => new Date('2025-09-30T10:00:00+08:00'), audit: false });
  });
  afterAll(async () => {
    await store.close();
  });

  it("reach a waiting receive task in the caller's region only", async () => {
    const xml = definitions(
      processXml('applicant', `<startEvent id="s"/><sendTask id="pay" messageRef="m-paid" zaizao:correlationKey="= orderNo"/><endEvent id="e"/>${chain('s', 'pay', 'e')}`),
      processXml(
        'office',
        `<startEvent id="s2"/><receiveTask id="wait" messageRef="m-paid" zaizao:correlationKey="= orderNo"/><userTask id="issue"/>${chain('s2', 'wait', 'issue')}`,
      ),
      `<message id="m-paid" name="fee-paid"/>`,
    );
    await engine.deploy(xml, { regionCode: REGION });
    await engine.deploy(xml, { regionCode: '370800' });
    const elsewhere = await engine.start('office', { regionCode: '370800', variables: { orderNo: 'O-1' } });
    const here = await engine.start('office', { regionCode: REGION, variables: { orderNo: 'O-1' } });
    const payer = await engine.start('applicant', { regionCode: REGION, variables: { orderNo: 'O-1' } });
    expect((await engine.instance(payer))!.state.status).toBe('completed');
    expect((await engine.openTasks(here)).map((t) => t.elementId)).toEqual(['issue']);
    expect(await engine.openTasks(elsewhere)).toEqual([]);
  });
});

describe.each(targets)('signal events on $name', (target) => {
  let store: Store;
  let engine: EngineStore;
  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => new Date('2025-09-30T10:00:00+08:00'), audit: false });
  });
  afterAll(async () => {
    await store.close();
  });

  it('a thrown signal reaches waiting catch and boundary events and signal starts of its region, and nothing in another region', async () => {
    const def = `<signalEventDefinition signalRef="sig"/>`;
    const xml = definitions(
      processXml('waiter', `<startEvent id="w-s"/><intermediateCatchEvent id="w-catch">${def}</intermediateCatchEvent><userTask id="w-next"/>${chain('w-s', 'w-catch', 'w-next')}`),
      processXml(
        'worker',
        `<startEvent id="k-s"/><userTask id="k-work"/><boundaryEvent id="k-b" attachedToRef="k-work" cancelActivity="false">${def}</boundaryEvent><userTask id="k-notice"/><endEvent id="k-e"/>${chain('k-s', 'k-work', 'k-e')}${chain('k-b', 'k-notice')}`,
      ),
      processXml('started', `<startEvent id="st-s">${def}</startEvent><userTask id="st-task"/>${chain('st-s', 'st-task')}`),
      processXml('thrower', `<startEvent id="t-s"/><intermediateThrowEvent id="t-throw">${def}</intermediateThrowEvent><endEvent id="t-e"/>${chain('t-s', 't-throw', 't-e')}`),
      `<signal id="sig" name="office-closed"/>`,
    );
    await engine.deploy(xml, { regionCode: REGION });
    await engine.deploy(xml, { regionCode: '370800' });
    const away = await engine.start('waiter', { regionCode: '370800' });
    const w = await engine.start('waiter', { regionCode: REGION });
    const k = await engine.start('worker', { regionCode: REGION });
    const t = await engine.start('thrower', { regionCode: REGION });
    expect((await engine.instance(t))!.state.status).toBe('completed');
    expect((await engine.openTasks(w)).map((x) => x.elementId)).toEqual(['w-next']);
    expect((await engine.openTasks(k)).map((x) => x.elementId).sort()).toEqual(['k-notice', 'k-work']);
    expect(await engine.openTasks(away)).toEqual([]);
    const started = await engine.listInstances({ regionPrefix: REGION, processKey: 'started' });
    expect(started.total).toBe(1);
    expect((await engine.listInstances({ regionPrefix: '370800', processKey: 'started' })).total).toBe(0);
    // The boundary keeps listening: a second signal, from the API, fires it again.
    await engine.signal(REGION, 'office-closed');
    expect((await engine.openTasks(k)).map((x) => x.elementId).sort()).toEqual(['k-notice', 'k-notice', 'k-work']);
  });
});
