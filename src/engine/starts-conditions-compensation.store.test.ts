// Timer starts, conditional events, compensation and signal-started event sub-processes on the
// durable engine (PGlite and PostgreSQL): the behaviour of timer-starts.test.ts,
// conditions.test.ts, compensation.test.ts and events.test.ts, through the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { EngineStore } from './store.js';
import { chain, definitions, processXml } from './testing/bpmn.js';

const targets = await dbTargets();
const REGION = '370883';

const timerStart = (key: string, cycle: string) =>
  definitions(
    processXml(
      key,
      `<startEvent id="tick"><timerEventDefinition><timeCycle>${cycle}</timeCycle></timerEventDefinition></startEvent><userTask id="rank"/><endEvent id="e"/>${chain('tick', 'rank', 'e')}`,
    ),
  );
const cond = (c: string) => `<conditionalEventDefinition><condition xsi:type="tFormalExpression">${c}</condition></conditionalEventDefinition>`;
const compensate = `<compensateEventDefinition/>`;

describe.each(targets)('timer starts, conditions, compensation and signal event sub-processes on $name', (target) => {
  let store: Store;
  let clock = new Date('2025-09-30T10:00:00+08:00');
  let engine: EngineStore;
  let n = 0;
  const handlers = { fee: () => ({ feeBooked: true }), refund: () => ({ feeBooked: false }) };
  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => clock, workerId: 'w', audit: false, handlers });
  });
  afterAll(async () => {
    await store.close();
  });

  const open = async (id: string) => (await engine.openTasks(id)).map((t) => t.elementId).sort();
  const startJobs = (key: string) =>
    store.db
      .selectFrom('engine_jobs as j')
      .innerJoin('engine_deployments as d', 'd.id', 'j.deployment_id')
      .select(['j.due_at', 'd.version', 'j.instance_id'])
      .where('d.process_key', '=', key)
      .where('j.kind', '=', 'start')
      .execute();

  it("a timer start event starts an instance each time it falls due, exactly once; a new version replaces the earlier one's timer", async () => {
    const key = `monthly${++n}`;
    clock = new Date('2025-09-30T10:00:00+08:00');
    await engine.deploy(timerStart(key, 'R/2025-10-01T09:00:00+08:00/P1M'), { regionCode: REGION });
    expect(await startJobs(key)).toMatchObject([{ version: 1, instance_id: null }]);
    expect(await engine.runDueJobs()).toBe(0);
    clock = new Date('2025-10-01T09:00:00+08:00');
    expect(await engine.runDueJobs()).toBe(1);
    expect(await engine.runDueJobs()).toBe(0);
    const started = await engine.listInstances({ regionPrefix: REGION, processKey: key });
    expect(started.total).toBe(1);
    expect(await open(started.items[0].id)).toEqual(['rank']);
    expect((await startJobs(key)).map((j) => new Date(j.due_at).toISOString())).toEqual([new Date('2025-11-01T09:00:00+08:00').toISOString()]);
    await engine.deploy(timerStart(key, 'R/2025-11-15T09:00:00+08:00/P1M'), { regionCode: REGION });
    expect((await startJobs(key)).map((j) => [j.version, new Date(j.due_at).toISOString()])).toEqual([[2, new Date('2025-11-15T09:00:00+08:00').toISOString()]]);
    clock = new Date('2025-11-15T09:00:00+08:00');
    expect(await engine.runDueJobs()).toBe(1);
    const latest = await engine.listInstances({ regionPrefix: REGION, processKey: key });
    expect(latest.items.map((i) => i.version).sort()).toEqual([1, 2]);
  });

  it('a timer cycle of zero is refused at deployment, by element id, and nothing is deployed', async () => {
    const key = `zero${++n}`;
    await expect(engine.deploy(timerStart(key, 'R/PT0S'), { regionCode: REGION })).rejects.toMatchObject({
      code: 'unsupported',
      details: { unsupported: expect.arrayContaining([expect.objectContaining({ id: 'tick' })]) },
    });
    expect(await store.db.selectFrom('engine_deployments').select('id').where('process_key', '=', key).execute()).toEqual([]);
  });

  it.each([
    [true, ['handle']],
    [false, ['handle', 'work']],
  ] as const)('a conditional boundary event (interrupting: %s) fires when a task completion makes it hold', async (cancel, expected) => {
    const key = `cond${++n}`;
    await engine.deploy(
      definitions(
        processXml(
          key,
          `<startEvent id="s"/><parallelGateway id="f"/><userTask id="work"/><endEvent id="we"/><userTask id="update"/><endEvent id="ue"/>` +
            `<boundaryEvent id="urgent" attachedToRef="work" cancelActivity="${cancel}">${cond('= priority = "urgent"')}</boundaryEvent><userTask id="handle"/><endEvent id="he"/>` +
            `${chain('s', 'f', 'work', 'we')}${chain('f', 'update', 'ue')}${chain('urgent', 'handle', 'he')}`,
        ),
      ),
      { regionCode: REGION },
    );
    const { id, tasksCreated } = await engine.startWithTasks(key, { regionCode: REGION, variables: { priority: 'normal' } });
    await engine.completeTask(tasksCreated.find((t) => t.elementId === 'update')!.id, { variables: { priority: 'urgent' } });
    expect(await open(id)).toEqual([...expected]);
  });

  it('conditional start events start the latest version of each process whose condition holds', async () => {
    const key = `subsidy${++n}`;
    await engine.deploy(definitions(processXml(key, `<startEvent id="s">${cond('= age &gt;= 60')}</startEvent><userTask id="grant"/>${chain('s', 'grant')}`)), {
      regionCode: REGION,
    });
    const r = await engine.startByConditions(REGION, { age: 72 });
    expect(r.instances).toHaveLength(1);
    expect(await open(r.instances[0])).toEqual(['grant']);
    expect((await engine.startByConditions('370800', { age: 72 })).instances).toEqual([]);
  });

  it('a withdrawal undoes the fee booking: the compensation end event of the event sub-process runs the refund', async () => {
    const key = `permit${++n}`;
    await engine.deploy(
      definitions(
        processXml(
          key,
          `<startEvent id="s"/><serviceTask id="book-fee" zaizao:type="fee"/><boundaryEvent id="book-fee-c" attachedToRef="book-fee">${compensate}</boundaryEvent><serviceTask id="refund-fee" zaizao:type="refund" isForCompensation="true"/><association id="a" sourceRef="book-fee-c" targetRef="refund-fee"/>` +
            `<userTask id="review"/><endEvent id="e"/>${chain('s', 'book-fee', 'review', 'e')}` +
            `<subProcess id="withdrawal" triggeredByEvent="true"><startEvent id="ws"><messageEventDefinition messageRef="m" zaizao:correlationKey="= applicationNo"/></startEvent><endEvent id="undone">${compensate}</endEvent>${chain('ws', 'undone')}</subProcess>`,
        ),
        `<message id="m" name="withdraw"/>`,
      ),
      { regionCode: REGION },
    );
    const id = await engine.start(key, { regionCode: REGION, variables: { applicationNo: key } });
    await engine.runDueJobs();
    expect(await open(id)).toEqual(['review']);
    expect(await engine.correlate(REGION, 'withdraw', key)).toEqual([id]);
    expect(await open(id)).toEqual([]);
    await engine.runDueJobs();
    const inst = await engine.instance(id);
    expect(inst!.state).toMatchObject({ status: 'completed', variables: { feeBooked: false } });
    expect(inst!.tokens).toEqual([]);
    expect((await engine.history({ instanceId: id })).filter((e) => e.type === 'compensation.thrown')).toMatchObject([{ elementId: 'undone', data: { activities: ['book-fee'] } }]);
  });

  it.each([
    [true, ['reassess']],
    [false, ['reassess', 'review']],
  ] as const)('a signal starts the event sub-process (interrupting: %s) of every open instance in its region only', async (interrupting, expected) => {
    const key = `policy${++n}`;
    const xml = definitions(
      processXml(
        key,
        `<startEvent id="s"/><userTask id="review"/><endEvent id="e"/>${chain('s', 'review', 'e')}` +
          `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="${interrupting}"><signalEventDefinition signalRef="sig"/></startEvent><userTask id="reassess"/><endEvent id="ee"/>${chain('es', 'reassess', 'ee')}</subProcess>`,
      ),
      `<signal id="sig" name="policy-changed-${key}"/>`,
    );
    await engine.deploy(xml, { regionCode: REGION });
    await engine.deploy(xml, { regionCode: '370800' });
    const here = await engine.start(key, { regionCode: REGION });
    const away = await engine.start(key, { regionCode: '370800' });
    expect(await engine.signal(REGION, `policy-changed-${key}`)).toEqual([here]);
    expect(await open(here)).toEqual([...expected]);
    expect(await open(away)).toEqual(['review']);
  });
});
