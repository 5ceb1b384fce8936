// The engine's HTTP routes, on every database target, signed in as demo users.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { chain, definitions, processXml } from './testing/bpmn.js';

const targets = await dbTargets();

const PERMIT = definitions(
  processXml(
    'permit',
    `<startEvent id="s"/><userTask id="intake" name="受理" zaizao:candidateRoles="window_clerk"><extensionElements><zaizao:formField id="complete" type="boolean" required="true"/></extensionElements></userTask>` +
      `<userTask id="sign" name="会签" zaizao:candidateDepartments="= dept" zaizao:dueDate="P3D"><multiInstanceLoopCharacteristics zaizao:collection="= departments" zaizao:elementVariable="dept"/></userTask>` +
      `<userTask id="decide" name="决定" zaizao:candidateRoles="leader"/><endEvent id="e"/>${chain('s', 'intake', 'sign', 'decide', 'e')}`,
  ),
);

describe.each(targets)('engine API on $name', (target) => {
  let t: TestApp;
  let admin: Client;
  let clerk: Client;
  let sjj: Client;
  let zjj: Client;
  let leader: Client;
  let clock = new Date('2025-09-30T10:00:00+08:00');
  /** Sessions expire on the app's clock: sign in again after moving it. */
  const signInAll = async () => {
    admin = await signInAs(t.app, 'admin');
    clerk = await signInAs(t.app, 'clerk');
    sjj = await signInAs(t.app, 'officer.sjj');
    zjj = await signInAs(t.app, 'officer');
    leader = await signInAs(t.app, 'leader');
  };
  beforeAll(async () => {
    t = await openTestApp(target, { now: () => clock });
    await signInAll();
  });
  afterAll(async () => t?.close());

  test('deploying is for administrators and the reform office; unsupported elements give 422 with their ids', async () => {
    expect((await clerk.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: PERMIT } })).statusCode).toBe(403);
    const bad = await admin.inject({
      method: 'POST',
      url: '/api/engine/deployments',
      payload: { xml: definitions(processXml('bad', `<startEvent id="s"/><sendTask id="mail"/><endEvent id="e"/>${chain('s', 'mail', 'e')}`)) },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.details.unsupported).toEqual([expect.objectContaining({ id: 'mail', type: 'bpmn:SendTask' })]);
    expect(bad.json().error.message.zh).toMatch(/不支持/);
    const ok = await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: PERMIT } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().deployments).toEqual([expect.objectContaining({ processKey: 'permit', version: 1 })]);
  });

  test('deploying gives the three answers apart: invalid BPMN 400, valid but not executable here 422 with hints, executable 201', async () => {
    const invalid = await admin.inject({
      method: 'POST',
      url: '/api/engine/deployments',
      payload: { xml: definitions(processXml('inv', `<startEvent id="s"/><endEvent id="e"/><task id="t"/>${chain('s', 'e', 't')}`)) },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.details.errors).toEqual([expect.objectContaining({ id: 'e', message: expect.stringMatching(/outgoing/) })]);
    const notHere = await admin.inject({
      method: 'POST',
      url: '/api/engine/deployments',
      payload: { xml: definitions(processXml('svc', `<startEvent id="s"/><serviceTask id="call"/>${chain('s', 'call')}`)) },
    });
    expect(notHere.statusCode).toBe(422);
    expect(notHere.json().error.details.unsupported).toEqual([expect.objectContaining({ id: 'call', hint: expect.stringMatching(/zaizao:type/) })]);
  });

  test('a countersign started with a billion signers answers 201 and waits with an incident; a loop without a wait state too', async () => {
    const cs = definitions(
      processXml(
        'cs',
        `<startEvent id="s"/><userTask id="sign"><multiInstanceLoopCharacteristics><loopCardinality xsi:type="tFormalExpression">= signers</loopCardinality></multiInstanceLoopCharacteristics></userTask>${chain('s', 'sign')}`,
      ),
      processXml(
        'spin',
        `<startEvent id="s2"/><exclusiveGateway id="g" default="g-a"/><task id="a"/><endEvent id="e2"/>${chain('s2', 'g')}<sequenceFlow id="g-e2" sourceRef="g" targetRef="e2"><conditionExpression xsi:type="tFormalExpression">= stop</conditionExpression></sequenceFlow><sequenceFlow id="g-a" sourceRef="g" targetRef="a"/>${chain('a', 'g')}`,
      ),
    );
    expect((await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: cs } })).statusCode).toBe(201);
    const big = await clerk.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'cs', variables: { signers: 1_000_000_000 } } });
    expect(big.statusCode).toBe(201);
    const spin = await clerk.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'spin' } });
    expect(spin.statusCode).toBe(201);
    const incidents = (await admin.inject({ method: 'GET', url: '/api/engine/incidents' })).json() as Array<{ instanceId: string; elementId: string }>;
    expect(incidents.filter((i) => i.instanceId === big.json().id).map((i) => i.elementId)).toEqual(['sign']);
    expect(incidents.filter((i) => i.instanceId === spin.json().id).map((i) => i.elementId)).toEqual(['s2']);
  });

  test("a signal is broadcast in the caller's region by operators", async () => {
    const xml = definitions(
      processXml(
        'sigwait',
        `<startEvent id="s"/><intermediateCatchEvent id="c"><signalEventDefinition signalRef="sg"/></intermediateCatchEvent><userTask id="u"/>${chain('s', 'c', 'u')}`,
      ),
      `<signal id="sg" name="storm-warning"/>`,
    );
    expect((await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml } })).statusCode).toBe(201);
    const id = (await clerk.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'sigwait' } })).json().id as string;
    expect((await clerk.inject({ method: 'POST', url: '/api/engine/signals', payload: { name: 'storm-warning' } })).statusCode).toBe(403);
    const sent = await admin.inject({ method: 'POST', url: '/api/engine/signals', payload: { name: 'storm-warning' } });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().instances).toEqual([id]);
  });

  test('variables offered by operators start the processes of their region whose conditional start holds', async () => {
    const xml = definitions(
      processXml(
        'subsidy',
        `<startEvent id="s"><conditionalEventDefinition><condition xsi:type="tFormalExpression">= age &gt;= 60</condition></conditionalEventDefinition></startEvent><userTask id="u"/>${chain('s', 'u')}`,
      ),
    );
    expect((await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml } })).statusCode).toBe(201);
    expect((await clerk.inject({ method: 'POST', url: '/api/engine/conditions', payload: { variables: { age: 72 } } })).statusCode).toBe(403);
    const young = await admin.inject({ method: 'POST', url: '/api/engine/conditions', payload: { variables: { age: 30 } } });
    expect(young.json()).toEqual({ instances: [], failed: [] });
    const old = await admin.inject({ method: 'POST', url: '/api/engine/conditions', payload: { variables: { age: 72 } } });
    expect(old.statusCode).toBe(200);
    expect(old.json().instances).toHaveLength(1);
    expect((await admin.inject({ method: 'POST', url: '/api/engine/conditions', payload: {} })).statusCode).toBe(400);
  });

  test('a permit runs through worklists by role and department; a second completion is a 409', async () => {
    const started = await clerk.inject({
      method: 'POST',
      url: '/api/engine/instances',
      payload: { processKey: 'permit', variables: { departments: ['SJJ', 'ZJJ'] }, businessKey: 'A-1' },
    });
    expect(started.statusCode).toBe(201);
    const id = started.json().id as string;
    const mine = (await clerk.inject({ method: 'GET', url: '/api/engine/tasks?scope=role' })).json() as Array<{ id: string; instanceId: string; elementId: string }>;
    const intake = mine.find((x) => x.instanceId === id)!;
    expect(intake.elementId).toBe('intake');
    const badForm = await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${intake.id}/complete`, payload: { variables: {} } });
    expect(badForm.statusCode).toBe(400);
    expect(badForm.json().error.message.en).toMatch(/complete required/);
    expect((await sjj.inject({ method: 'POST', url: `/api/engine/tasks/${intake.id}/complete`, payload: { variables: { complete: true } } })).statusCode).toBe(403);
    const done = await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${intake.id}/complete`, payload: { variables: { complete: true } } });
    expect(done.statusCode).toBe(200);
    expect(done.json().next.map((x: { elementId: string }) => x.elementId)).toEqual(['sign', 'sign']);
    const again = await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${intake.id}/complete`, payload: { variables: { complete: true } } });
    expect(again.statusCode).toBe(409);

    const sjjTasks = (await sjj.inject({ method: 'GET', url: '/api/engine/tasks?scope=department' })).json() as Array<{
      id: string;
      instanceId: string;
      deadline: string;
      dueAt: string;
    }>;
    const sign = sjjTasks.find((x) => x.instanceId === id)!;
    expect(sign.deadline).toBe('ok');
    expect(sign.dueAt).toBe('2025-10-11T17:30:00+08:00'); // the close of office hours (Asia/Shanghai, as the rest of the API)
    clock = new Date('2025-10-12T10:00:00+08:00');
    await signInAll();
    const later = (await sjj.inject({ method: 'GET', url: '/api/engine/tasks?scope=department' })).json() as Array<{ instanceId: string; deadline: string }>;
    expect(later.find((x) => x.instanceId === id)!.deadline).toBe('overdue');
    expect((await sjj.inject({ method: 'POST', url: `/api/engine/tasks/${sign.id}/claim` })).statusCode).toBe(200);
    expect((await zjj.inject({ method: 'POST', url: `/api/engine/tasks/${sign.id}/complete`, payload: {} })).statusCode).toBe(403);
    expect((await sjj.inject({ method: 'POST', url: `/api/engine/tasks/${sign.id}/complete`, payload: {} })).statusCode).toBe(200);
    const zjjSign = ((await zjj.inject({ method: 'GET', url: '/api/engine/tasks' })).json() as Array<{ id: string; instanceId: string }>).find((x) => x.instanceId === id)!;
    expect((await zjj.inject({ method: 'POST', url: `/api/engine/tasks/${zjjSign.id}/complete`, payload: {} })).statusCode).toBe(200);
    const decide = ((await leader.inject({ method: 'GET', url: '/api/engine/tasks' })).json() as Array<{ id: string; instanceId: string }>).find((x) => x.instanceId === id)!;
    expect((await leader.inject({ method: 'POST', url: `/api/engine/tasks/${decide.id}/complete`, payload: {} })).statusCode).toBe(200);

    const state = (await clerk.inject({ method: 'GET', url: `/api/engine/instances/${id}` })).json();
    expect(state).toMatchObject({ status: 'completed', businessKey: 'A-1', tokens: [], tasks: [] });
    const history = (await clerk.inject({ method: 'GET', url: `/api/engine/instances/${id}/history` })).json() as Array<{ type: string; department?: string }>;
    expect(history.filter((h) => h.type === 'task.completed').map((h) => h.department)).toEqual(['XZSP', 'SJJ', 'ZJJ', undefined]);
    const xes = await admin.inject({ method: 'GET', url: '/api/engine/history.xes?processKey=permit' });
    expect(xes.statusCode).toBe(200);
    expect(xes.headers['content-type']).toMatch(/xml/);
    expect(xes.body).toContain('<string key="org:group" value="SJJ"/>');
  });

  test('the deployment’s BPMN, the instance list and element counts, each within the caller’s scope', async () => {
    const deployments = (await clerk.inject({ method: 'GET', url: '/api/engine/deployments' })).json() as Array<{ id: number; processKey: string }>;
    const dep = deployments.find((d) => d.processKey === 'permit')!;
    const xml = await clerk.inject({ method: 'GET', url: `/api/engine/deployments/${dep.id}/bpmn` });
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toMatch(/xml/);
    expect(xml.body).toContain('<userTask id="intake"');
    expect((await clerk.inject({ method: 'GET', url: '/api/engine/deployments/999999/bpmn' })).statusCode).toBe(404);
    expect((await clerk.inject({ method: 'GET', url: '/api/engine/deployments/abc/bpmn' })).statusCode).toBe(400);

    // Two new instances: one waiting at intake, one at the countersign of SJJ only.
    const start = async (departments: string[]) =>
      (await clerk.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'permit', variables: { departments } } })).json().id as string;
    const atIntake = await start(['ZJJ']);
    const atSign = await start(['SJJ']);
    const intake = ((await clerk.inject({ method: 'GET', url: '/api/engine/tasks?scope=role' })).json() as Array<{ id: string; instanceId: string }>).find(
      (x) => x.instanceId === atSign,
    )!;
    expect((await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${intake.id}/complete`, payload: { variables: { complete: true } } })).statusCode).toBe(200);

    const list = await clerk.inject({ method: 'GET', url: `/api/engine/instances?deploymentId=${dep.id}&status=active&limit=1` });
    expect(list.statusCode).toBe(200);
    const page = list.json() as { items: Array<{ id: string; status: string; version: number; startedAt: string }>; total: number; limit: number };
    expect(page.limit).toBe(1);
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.items[0]).toMatchObject({ status: 'active', version: 1, processKey: 'permit' });
    expect(page.items[0].startedAt).toMatch(/\+08:00$/);
    // Paged by key: the next page starts after the last row of this one, none twice.
    const byKey: string[] = [];
    let before: string | null = null;
    do {
      const next = (
        await admin.inject({ method: 'GET', url: `/api/engine/instances?processKey=permit&limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}` })
      ).json() as { items: Array<{ id: string }>; next: string | null; totalCapped: boolean };
      expect(next.totalCapped).toBe(false);
      byKey.push(...next.items.map((i) => i.id));
      before = next.next;
    } while (before && byKey.length < 50);
    expect(new Set(byKey).size).toBe(byKey.length);
    expect(byKey).toEqual(expect.arrayContaining([atIntake, atSign]));
    expect((await admin.inject({ method: 'GET', url: '/api/engine/instances?before=yesterday' })).statusCode).toBe(400);
    const all = (await admin.inject({ method: 'GET', url: '/api/engine/instances?processKey=permit&limit=500' })).json() as { items: Array<{ id: string; status: string }> };
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([atIntake, atSign]));
    expect(all.items.some((i) => i.status === 'completed')).toBe(true);
    expect((await clerk.inject({ method: 'GET', url: '/api/engine/instances?status=sleeping' })).statusCode).toBe(400);
    // A department officer sees the instances with a task for the department; an applicant those they started (none).
    const sjjList = (await sjj.inject({ method: 'GET', url: '/api/engine/instances?limit=500' })).json() as { items: Array<{ id: string }> };
    expect(sjjList.items.map((i) => i.id)).toContain(atSign);
    expect(sjjList.items.map((i) => i.id)).not.toContain(atIntake);
    const applicant = await signInAs(t.app, 'applicant');
    expect((await applicant.inject({ method: 'GET', url: '/api/engine/instances' })).json()).toMatchObject({ items: [], total: 0 });

    const counts = (await admin.inject({ method: 'GET', url: `/api/engine/deployments/${dep.id}/counts` })).json() as {
      elements: Array<{ elementId: string; active: number; passed: number }>;
      instances: Record<string, number>;
    };
    const at = (id: string) => counts.elements.find((e) => e.elementId === id) ?? { active: 0, passed: 0 };
    expect(at('intake').active).toBeGreaterThanOrEqual(1);
    expect(at('sign').active).toBeGreaterThanOrEqual(1);
    expect(at('intake').passed).toBeGreaterThanOrEqual(2);
    expect(at('e').passed).toBeGreaterThanOrEqual(1);
    expect(counts.instances.active).toBeGreaterThanOrEqual(2);
    const sjjCounts = (await sjj.inject({ method: 'GET', url: `/api/engine/deployments/${dep.id}/counts` })).json() as { instances: Record<string, number> };
    expect(sjjCounts.instances.active).toBeLessThan(counts.instances.active);
  });

  test('cancel withdraws the tasks; unknown instances are 404', async () => {
    const id = (await clerk.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'permit', variables: { departments: [] } } })).json().id as string;
    expect((await clerk.inject({ method: 'POST', url: `/api/engine/instances/${id}/cancel`, payload: {} })).statusCode).toBe(403);
    const r = await admin.inject({ method: 'POST', url: `/api/engine/instances/${id}/cancel`, payload: { reason: 'withdrawn' } });
    expect(r.statusCode).toBe(200);
    expect((await admin.inject({ method: 'POST', url: `/api/engine/instances/${id}/cancel`, payload: {} })).statusCode).toBe(409);
    expect((await admin.inject({ method: 'GET', url: '/api/engine/instances/nope' })).statusCode).toBe(404);
  });
});
