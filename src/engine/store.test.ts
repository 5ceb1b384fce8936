import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { ConflictError, EngineError } from './errors.js';
import { BpmnError } from './memory.js';
import { EngineStore, type EngineCaller } from './store.js';
import { verifyAuditTrail } from '../audit/trail.js';
import { chain, definitions, processXml } from './testing/bpmn.js';

const targets = await dbTargets();
const REGION = '370883';
const clerk: EngineCaller = { userId: 1, username: 'clerk', role: 'window_clerk', departmentCode: 'hall' };
const officer = (dept: string, n = 2): EngineCaller => ({ userId: n, username: `officer-${dept}`, role: 'department_officer', departmentCode: dept });

const permit = definitions(
  processXml(
    'permit',
    `<startEvent id="s"/><userTask id="intake" name="受理" zaizao:candidateRoles="window_clerk"/>` +
      `<userTask id="sign" name="会签" zaizao:candidateDepartments="= dept"><multiInstanceLoopCharacteristics zaizao:collection="= departments" zaizao:elementVariable="dept"/></userTask>` +
      `<userTask id="decide" name="决定" zaizao:candidateRoles="leader"/><endEvent id="e"/>${chain('s', 'intake', 'sign', 'decide', 'e')}`,
  ),
);

describe.each(targets)('durable engine on $name', (target) => {
  let store: Store;
  let clock = new Date('2025-09-30T10:00:00+08:00');
  let engine: EngineStore;

  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => clock, workerId: 'w1', leaseMs: 60_000 });
  });
  afterAll(async () => {
    await store.close();
  });

  it('deploys versions; a running instance stays on its version', async () => {
    const v1 = await engine.deploy(definitions(processXml('versioned', `<startEvent id="s"/><userTask id="old"/><endEvent id="e"/>${chain('s', 'old', 'e')}`)), {
      regionCode: REGION,
      actor: null,
    });
    const running = await engine.start('versioned', { regionCode: REGION });
    const v2 = await engine.deploy(definitions(processXml('versioned', `<startEvent id="s"/><userTask id="new"/><endEvent id="e"/>${chain('s', 'new', 'e')}`)), {
      regionCode: REGION,
      actor: null,
    });
    expect(v1.deployments[0].version).toBe(1);
    expect(v2.deployments[0].version).toBe(2);
    const later = await engine.start('versioned', { regionCode: REGION });
    expect((await engine.instance(running))!.deploymentId).toBe(v1.deployments[0].id);
    expect((await engine.instance(later))!.deploymentId).toBe(v2.deployments[0].id);
    const [oldTask] = (await engine.worklist({ regionPrefix: REGION })).filter((t) => t.instanceId === running);
    expect(oldTask.elementId).toBe('old');
    await engine.completeTask(oldTask.id);
    expect((await engine.instance(running))!.state.status).toBe('completed');
  });

  it('a server that remembered an older deployment starts the newer one another server deployed', async () => {
    const a = new EngineStore(store.db, { now: () => clock, workerId: 'a', audit: false });
    const b = new EngineStore(store.db, { now: () => clock, workerId: 'b', audit: false });
    const xml = (task: string) => definitions(processXml('redeployed', `<startEvent id="s"/><userTask id="${task}"/><endEvent id="e"/>${chain('s', task, 'e')}`));
    const v1 = await b.deploy(xml('first'), { regionCode: REGION });
    const first = await a.startWithTasks('redeployed', { regionCode: REGION });
    const v2 = await b.deploy(xml('second'), { regionCode: REGION });
    const second = await a.startWithTasks('redeployed', { regionCode: REGION });
    expect((await a.instance(first.id))!.deploymentId).toBe(v1.deployments[0].id);
    expect((await a.instance(second.id))!.deploymentId).toBe(v2.deployments[0].id);
    expect(second.tasksCreated.map((t) => t.elementId)).toEqual(['second']);
    expect((await a.history({ instanceId: second.id })).filter((h) => h.type === 'process.started')).toHaveLength(1);
  });

  it('refuses to deploy a model with unsupported elements, naming them', async () => {
    const xml = definitions(processXml('bad', `<startEvent id="s"/><scriptTask id="js"/><endEvent id="e"/>${chain('s', 'js', 'e')}`));
    const err = await engine.deploy(xml, { regionCode: REGION }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('unsupported');
    expect((err as EngineError).details).toMatchObject({ unsupported: [{ id: 'js', type: 'bpmn:ScriptTask' }] });
  });

  it('runs a countersign permit: worklists by role and department, tokens, history', async () => {
    await engine.deploy(permit, { regionCode: REGION, actor: null });
    const id = await engine.start('permit', { regionCode: REGION, variables: { departments: ['market', 'fire', 'health'] }, businessKey: 'APP-1', actor: null });
    const intake = (await engine.worklist({ regionPrefix: REGION, roles: ['window_clerk'] })).filter((t) => t.instanceId === id);
    expect(intake.map((t) => t.elementId)).toEqual(['intake']);
    await engine.completeTask(intake[0].id, { actor: clerk });
    const fire = (await engine.worklist({ regionPrefix: REGION, departments: ['fire'] })).filter((t) => t.instanceId === id);
    expect(fire).toHaveLength(1);
    expect(fire[0].candidates.departments).toEqual(['fire']);
    // claimed by one officer, the task leaves the department's worklist for the others
    await engine.claimTask(fire[0].id, officer('fire', 3));
    expect((await engine.worklist({ regionPrefix: REGION, departments: ['fire'], username: 'officer-other' })).filter((t) => t.instanceId === id)).toEqual([]);
    expect((await engine.worklist({ regionPrefix: REGION, departments: ['fire'], username: 'officer-fire' })).filter((t) => t.instanceId === id)).toHaveLength(1);
    const inst = await engine.instance(id);
    expect(inst!.tokens).toEqual([
      { elementId: 'sign', count: 4 }, // the body and three signatures
    ]);
    for (const dept of ['market', 'fire', 'health']) {
      const [t] = (await engine.worklist({ departments: [dept], username: `officer-${dept}` })).filter((x) => x.instanceId === id);
      await engine.completeTask(t.id, { actor: officer(dept) });
    }
    const [decide] = (await engine.worklist({ roles: ['leader'] })).filter((t) => t.instanceId === id);
    await engine.completeTask(decide.id, { actor: { userId: 9, username: 'leader', role: 'leader' } });
    const done = await engine.instance(id);
    expect(done!.state.status).toBe('completed');
    expect(done!.tokens).toEqual([]);
    const history = await engine.history({ instanceId: id });
    expect(history[0].type).toBe('process.started');
    expect(history.at(-1)!.type).toBe('process.completed');
    expect(history.filter((h) => h.type === 'task.completed').map((h) => h.department)).toEqual(['hall', 'market', 'fire', 'health', undefined]);
  });

  it('completing a task twice advances once; the second caller gets a conflict', async () => {
    const id = await engine.start('permit', { regionCode: REGION, variables: { departments: ['market'] } });
    const [t] = (await engine.worklist({ roles: ['window_clerk'] })).filter((x) => x.instanceId === id);
    await engine.completeTask(t.id, { actor: clerk });
    await expect(engine.completeTask(t.id, { actor: clerk })).rejects.toBeInstanceOf(ConflictError);
    const completed = (await engine.history({ instanceId: id })).filter((h) => h.type === 'task.completed');
    expect(completed).toHaveLength(1);
  });

  it('two clients completing the same task at once: exactly one wins, the other gets a conflict', async () => {
    const second = new EngineStore(store.db, { now: () => clock, workerId: 'w2' });
    for (let round = 0; round < 5; round++) {
      const id = await engine.start('permit', { regionCode: REGION, variables: { departments: ['market'] } });
      const [t] = (await engine.worklist({ roles: ['window_clerk'] })).filter((x) => x.instanceId === id);
      const results = await Promise.allSettled([engine.completeTask(t.id, { actor: clerk }), second.completeTask(t.id, { actor: clerk })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConflictError);
      const history = await engine.history({ instanceId: id });
      expect(history.filter((h) => h.type === 'task.completed')).toHaveLength(1);
      expect(history.filter((h) => h.type === 'task.created' && h.elementId === 'sign')).toHaveLength(1);
    }
  });

  it('signatures completed concurrently all count, and the decision is created once', async () => {
    const id = await engine.start('permit', { regionCode: REGION, variables: { departments: ['a', 'b', 'c', 'd'] } });
    const [t] = (await engine.worklist({ roles: ['window_clerk'] })).filter((x) => x.instanceId === id);
    await engine.completeTask(t.id, { actor: clerk });
    const signs = (await engine.worklist({ regionPrefix: REGION })).filter((x) => x.instanceId === id);
    expect(signs).toHaveLength(4);
    await Promise.all(signs.map((s, i) => engine.completeTask(s.id, { actor: officer(s.candidates.departments[0], 10 + i) })));
    const open = (await engine.worklist({ regionPrefix: REGION })).filter((x) => x.instanceId === id);
    expect(open.map((x) => x.elementId)).toEqual(['decide']);
  });

  it('without the audit trail (one statement per command) completions are still exactly once', async () => {
    const fast = new EngineStore(store.db, { now: () => clock, workerId: 'f1', audit: false });
    const other = new EngineStore(store.db, { now: () => clock, workerId: 'f2', audit: false });
    const auditRows = async () => (await store.db.selectFrom('audit_log').select('id').execute()).length;
    const before = await auditRows();
    for (let round = 0; round < 5; round++) {
      const { id, tasksCreated } = await fast.startWithTasks('permit', { regionCode: REGION, variables: { departments: ['a', 'b', 'c'] } });
      // One client completes from what it remembers, the other reads the database.
      const results = await Promise.allSettled([fast.completeTask(tasksCreated[0].id, { actor: clerk }), other.completeTask(tasksCreated[0].id, { actor: clerk })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
      const signs = (await fast.worklist({ regionPrefix: REGION })).filter((x) => x.instanceId === id);
      expect(signs.map((x) => x.elementId)).toEqual(['sign', 'sign', 'sign']);
      await Promise.all(signs.map((s, i) => (i % 2 ? fast : other).completeTask(s.id, { actor: officer(s.candidates.departments[0], 10 + i) })));
      const history = await fast.history({ instanceId: id });
      expect(history.filter((h) => h.type === 'task.completed')).toHaveLength(4);
      expect(history.filter((h) => h.type === 'task.created' && h.elementId === 'decide')).toHaveLength(1);
    }
    expect(await auditRows()).toBe(before);
  });

  it('start, claim and completion append to the audit trail in their transaction', async () => {
    const { id, tasksCreated } = await engine.startWithTasks('permit', { regionCode: REGION, variables: { departments: ['market'] }, actor: clerk });
    await engine.claimTask(tasksCreated[0].id, clerk);
    await engine.completeTask(tasksCreated[0].id, { actor: clerk, variables: { note: 'ok' } });
    await expect(engine.completeTask(tasksCreated[0].id, { actor: clerk })).rejects.toBeInstanceOf(ConflictError);
    const rows = await store.db.selectFrom('audit_log').selectAll().where('entity_id', 'in', [id, tasksCreated[0].id]).orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.entity, r.actor_name])).toEqual([
      ['engine.start', 'engine_instance', 'clerk'],
      ['engine.task.claim', 'engine_task', 'clerk'],
      ['engine.task.complete', 'engine_task', 'clerk'],
    ]);
    expect(rows[2].after).toMatchObject({ status: 'completed', instanceId: id, variables: { note: 'ok' } });
    expect((await verifyAuditTrail(store.db)).ok).toBe(true);
  });

  it('a working-day timer waits on the job executor until its instant: 2025-09-30 + P2D → 2025-10-10 at the close of office hours (as a due date of P2D)', async () => {
    await engine.deploy(
      definitions(
        processXml(
          'timer',
          `<startEvent id="s"/><intermediateCatchEvent id="t"><timerEventDefinition zaizao:calendar="cn-workday"><timeDuration>P2D</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>${chain('s', 't', 'e')}`,
        ),
      ),
      { regionCode: REGION },
    );
    clock = new Date('2025-09-30T10:00:00+08:00');
    const id = await engine.start('timer', { regionCode: REGION });
    clock = new Date('2025-10-10T17:29:59+08:00');
    await engine.runDueJobs();
    expect((await engine.instance(id))!.state.status).toBe('active');
    clock = new Date('2025-10-10T17:30:00+08:00');
    expect(await engine.runDueJobs()).toBeGreaterThanOrEqual(1);
    expect((await engine.instance(id))!.state.status).toBe('completed');
    const fired = (await engine.history({ instanceId: id })).find((h) => h.type === 'timer.fired');
    expect(fired!.at).toBe('2025-10-10T17:30:00+08:00');
    clock = new Date('2025-09-30T10:00:00+08:00');
  });

  it('workers share jobs with SKIP LOCKED; a lease that expires passes the job to another worker', async () => {
    await engine.deploy(
      definitions(
        processXml(
          'waits',
          `<startEvent id="s"/><intermediateCatchEvent id="t"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>${chain('s', 't', 'e')}`,
        ),
      ),
      { regionCode: REGION },
    );
    clock = new Date('2025-09-30T10:00:00+08:00');
    const ids = await Promise.all([0, 1, 2, 3].map(() => engine.start('waits', { regionCode: REGION })));
    clock = new Date('2025-09-30T10:05:00+08:00');
    const w1 = new EngineStore(store.db, { now: () => clock, workerId: 'A', leaseMs: 60_000 });
    const w2 = new EngineStore(store.db, { now: () => clock, workerId: 'B', leaseMs: 600_000 });
    const a = await w1.acquireJobs(2);
    const b = await w2.acquireJobs(10);
    expect(a).toHaveLength(2);
    const mine = (jobs: typeof a) => jobs.filter((j) => ids.includes(j.instanceId));
    expect(mine(b).length).toBe(2);
    expect(new Set([...a, ...b].map((j) => j.id)).size).toBe(a.length + b.length);
    // worker A dies; after its lease expires worker B takes the jobs over
    expect(await w2.acquireJobs(10)).toEqual([]);
    clock = new Date('2025-09-30T10:06:01+08:00');
    const taken = await w2.acquireJobs(10);
    expect(taken.map((j) => j.id).sort()).toEqual(a.map((j) => j.id).sort());
    // A comes back: its lease is gone, so it must not run the job
    expect(await w1.executeJob(a[0])).toBe('skipped');
    for (const j of [...b, ...taken]) expect(await w2.executeJob(j)).toBe('done');
    for (const id of ids) expect((await engine.instance(id))!.state.status).toBe('completed');
    for (const id of ids) expect((await engine.history({ instanceId: id })).filter((h) => h.type === 'timer.fired')).toHaveLength(1);
    clock = new Date('2025-09-30T10:00:00+08:00');
  });

  it('a failing service task retries, raises an incident, and runs again once resolved', async () => {
    let up = false;
    const svc = new EngineStore(store.db, {
      now: () => clock,
      workerId: 'svc',
      handlers: {
        registry: () => {
          if (!up) throw new Error('registry down');
          return { registered: true };
        },
        screening: () => {
          throw new BpmnError('REJECTED');
        },
      },
    });
    await svc.deploy(
      definitions(
        `<error id="rej" errorCode="REJECTED"/>`,
        processXml(
          'svc',
          `<startEvent id="s"/><serviceTask id="reg" zaizao:type="registry" zaizao:retries="2" zaizao:retryBackoff="PT1S"/><serviceTask id="scr" zaizao:type="screening"/><boundaryEvent id="b" attachedToRef="scr"><errorEventDefinition errorRef="rej"/></boundaryEvent><userTask id="refuse"/><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'reg', 'scr', 'e')}${chain('b', 'refuse', 'e2')}`,
        ),
      ),
      { regionCode: REGION },
    );
    clock = new Date('2025-09-30T10:00:00+08:00');
    const id = await svc.start('svc', { regionCode: REGION });
    await svc.runDueJobs();
    clock = new Date('2025-09-30T10:00:05+08:00');
    await svc.runDueJobs();
    const incidents = (await svc.incidents({ regionPrefix: REGION })).filter((i) => i.instanceId === id);
    expect(incidents).toEqual([expect.objectContaining({ elementId: 'reg', message: 'registry down', status: 'open' })]);
    up = true;
    await svc.resolveIncident(incidents[0].id, { actor: { userId: 1, username: 'admin', role: 'admin' } });
    await expect(svc.resolveIncident(incidents[0].id)).rejects.toBeInstanceOf(ConflictError);
    await svc.runDueJobs();
    await svc.runDueJobs();
    const inst = await svc.instance(id);
    expect(inst!.state.variables.registered).toBe(true);
    expect((await svc.worklist({})).filter((t) => t.instanceId === id).map((t) => t.elementId)).toEqual(['refuse']);
  });

  it('an asynchronous continuation runs on the job executor, once', async () => {
    await engine.deploy(
      definitions(processXml('later', `<startEvent id="s"/><userTask id="a"/><userTask id="b" zaizao:async="true"/><endEvent id="e"/>${chain('s', 'a', 'b', 'e')}`)),
      { regionCode: REGION },
    );
    const id = await engine.start('later', { regionCode: REGION });
    const [a] = await engine.openTasks(id);
    const { tasksCreated } = await engine.completeTask(a.id);
    expect(tasksCreated).toEqual([]);
    expect(await engine.openTasks(id)).toEqual([]);
    expect(await engine.runDueJobs()).toBeGreaterThanOrEqual(1);
    expect((await engine.openTasks(id)).map((t) => t.elementId)).toEqual(['b']);
    expect(await engine.runDueJobs()).toBe(0);
  });

  it('call activities and messages cross instances inside one transaction', async () => {
    await engine.deploy(
      definitions(
        `<message id="m" name="fee-paid"/>`,
        processXml('pay', `<startEvent id="ps"/><receiveTask id="wait" messageRef="m" zaizao:correlationKey="= orderNo"/><endEvent id="pe"/>${chain('ps', 'wait', 'pe')}`),
        processXml('main', `<startEvent id="s"/><callActivity id="call" calledElement="pay"/><userTask id="deliver"/><endEvent id="e"/>${chain('s', 'call', 'deliver', 'e')}`),
      ),
      { regionCode: REGION },
    );
    const id = await engine.start('main', { regionCode: REGION, variables: { orderNo: 'O-77' } });
    expect(await engine.correlate(REGION, 'fee-paid', 'O-78')).toEqual([]);
    const reached = await engine.correlate(REGION, 'fee-paid', 'O-77', { paid: 30 });
    expect(reached).toHaveLength(1);
    expect(reached[0]).not.toBe(id);
    const inst = await engine.instance(id);
    expect(inst!.state.variables.paid).toBe(30);
    expect((await engine.worklist({})).filter((t) => t.instanceId === id).map((t) => t.elementId)).toEqual(['deliver']);
  });

  it('cancelling withdraws tasks and timers and is audited', async () => {
    const id = await engine.start('permit', { regionCode: REGION, variables: { departments: ['x'] } });
    await engine.cancel(id, { actor: { userId: 1, username: 'admin', role: 'admin' }, reason: 'withdrawn' });
    expect((await engine.worklist({})).filter((t) => t.instanceId === id)).toEqual([]);
    const rows = await store.db.selectFrom('audit_log').selectAll().where('entity_id', '=', id).orderBy('id').execute();
    expect(rows.map((r) => [r.action, r.entity])).toEqual([
      ['engine.start', 'engine_instance'],
      ['engine.cancel', 'engine_instance'],
    ]);
    await expect(engine.cancel(id)).rejects.toBeInstanceOf(ConflictError);
  });

  it('exports the history as XES with lifecycle, resource and department', async () => {
    const xes = await engine.exportXes({ processKey: 'permit' });
    expect(xes).toContain('<log xes.version="1849-2016"');
    expect(xes).toContain('<string key="concept:name" value="会签"/>');
    expect(xes).toContain('<string key="lifecycle:transition" value="complete"/>');
    expect(xes).toContain('<string key="org:resource" value="officer-fire"/>');
    expect(xes).toContain('<string key="org:group" value="fire"/>');
    expect(xes).toMatch(/<date key="time:timestamp" value="2025-09-30T02:00:00.000Z"\/>/);
    expect(xes).toContain('<string key="zaizao:businessKey" value="APP-1"/>');
  });

  it('the token table always matches the element instances in the state', async () => {
    const rows = await store.db.selectFrom('engine_instances').select(['id', 'state']).execute();
    for (const r of rows) {
      const state = (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as { elements: Record<string, { elementId: string }> };
      const tokens = await store.db.selectFrom('engine_element_instances').select(['element_key', 'element_id']).where('instance_id', '=', r.id).orderBy('element_key').execute();
      expect(tokens.map((t) => [t.element_key, t.element_id]).sort()).toEqual(
        Object.entries(state.elements)
          .map(([k, e]) => [k, e.elementId])
          .sort(),
      );
    }
  });
});
