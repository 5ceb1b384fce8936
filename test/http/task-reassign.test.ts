// Tasks stuck on a department without people: deploying such a process is refused, naming
// the department; running work there is flagged; 转办 moves a task to an officer or a staffed
// department, 退回 hands it back to the previous step's officer, and an officer away lets a
// colleague work their tasks for a date range. Every move is in the history and the audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { DEMO_SETS } from '../../src/catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../../src/bundle/demo-decisions.js';

const targets = await dbTargets();
const NOW = new Date('2026-03-02T10:00:00+08:00');

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zaizao="http://zaizao.dev/schema/bpmn" id="defs_reassign" targetNamespace="http://example.org/reassign">
  <process id="deposit_review" name="保证金审查流程" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="permit" />
    <userTask id="permit" name="施工许可审查" zaizao:candidateDepartments="ZJJ" />
    <sequenceFlow id="f2" sourceRef="permit" targetRef="deposit" />
    <userTask id="deposit" name="保证金审查" zaizao:candidateDepartments="RSJ" />
    <sequenceFlow id="f3" sourceRef="deposit" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

describe.each(targets)('reassigning, returning and delegating tasks on $name', (target) => {
  let t: TestApp;
  let admin: Client;
  let clerk: Client;
  let officer: Client; // 住建局
  let sjj: Client; // 市场监管局
  let rsjId: number;

  const task = async (client: Client, name: string) =>
    ((await client.inject({ method: 'GET', url: '/api/engine/tasks' })).json() as Array<{ id: string; name: string; instanceId: string; delegatedFrom?: string }>).filter(
      (x) => x.name === name,
    );
  const startCase = async () => {
    const res = await admin.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'deposit_review' } });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const permit = (await task(officer, '施工许可审查')).find((x) => x.instanceId === id)!;
    expect((await officer.inject({ method: 'POST', url: `/api/engine/tasks/${permit.id}/complete`, payload: {} })).statusCode).toBe(200);
    return id;
  };
  const setRsj = async (disabled: boolean) => {
    expect((await admin.inject({ method: 'PATCH', url: `/api/org/users/${rsjId}`, payload: { disabled } })).statusCode).toBe(200);
  };

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => NOW });
    admin = await signInAs(t.app, 'admin');
    clerk = await signInAs(t.app, 'clerk');
    officer = await signInAs(t.app, 'officer');
    sjj = await signInAs(t.app, 'officer.sjj');
    const users = (await admin.inject({ method: 'GET', url: '/api/org/users' })).json().items as Array<{ id: number; username: string }>;
    rsjId = users.find((u) => u.username === 'officer.rsj')!.id;
  });
  afterAll(async () => t?.close());

  it('refuses to deploy a process with a step for a department without an active officer, naming it', async () => {
    await setRsj(true);
    const refused = await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: PROCESS } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('unstaffed');
    expect(refused.json().error.message.zh).toContain('人力资源和社会保障局（保证金审查）');
    // The construction bundle's 保证金审查 goes to 人社局 too: publishing it is refused alike.
    const reform = await signInAs(t.app, 'reform');
    const bundle = (
      await reform.inject({
        method: 'POST',
        url: '/api/bundles',
        payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, decisions: DEMO_FIELD_DECISIONS.construction },
      })
    ).json();
    const publish = await reform.inject({ method: 'POST', url: `/api/bundles/${bundle.id}/publish` });
    expect(publish.statusCode).toBe(409);
    expect(publish.json().error.message.zh).toContain('人力资源和社会保障局');
    await setRsj(false);
    expect((await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: PROCESS } })).statusCode).toBe(201);
    expect((await reform.inject({ method: 'POST', url: `/api/bundles/${bundle.id}/publish` })).statusCode).toBe(200);
  });

  it('flags the department when its only officer leaves, and a clerk reassigns the waiting task to an officer', async () => {
    const instance = await startCase();
    await setRsj(true);
    const stuck = (await clerk.inject({ method: 'GET', url: '/api/engine/tasks/stuck' })).json().items;
    expect(stuck).toEqual([{ code: 'RSJ', name: '人力资源和社会保障局', openTasks: 1 }]);

    const deposit = (await t.store.db.selectFrom('engine_tasks').select('id').where('instance_id', '=', instance).where('element_id', '=', 'deposit').executeTakeFirstOrThrow()).id;
    const toEmpty = await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/reassign`, payload: { departmentCode: 'RSJ', reason: '人社局无人' } });
    expect(toEmpty.statusCode).toBe(409);
    expect(toEmpty.json().error.message.zh).toContain('没有在岗人员');
    expect((await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/reassign`, payload: { username: 'officer.sjj', reason: '' } })).statusCode).toBe(400);
    // Someone whose task it is not may not move it.
    expect((await officer.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/reassign`, payload: { username: 'officer', reason: '我来办' } })).statusCode).toBe(403);
    const applicant = await signInAs(t.app, 'applicant');
    expect((await applicant.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/reassign`, payload: { username: 'officer', reason: 'x' } })).statusCode).toBe(403);

    const moved = await clerk.inject({
      method: 'POST',
      url: `/api/engine/tasks/${deposit}/reassign`,
      payload: { username: 'officer.sjj', reason: '人社局暂无人员，由市场监管局代审' },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ assignee: 'officer.sjj' });
    expect((await clerk.inject({ method: 'GET', url: '/api/engine/tasks/stuck' })).json().items).toEqual([]);
    expect((await task(sjj, '保证金审查')).map((x) => x.id)).toEqual([deposit]);
    expect((await sjj.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/complete`, payload: {} })).statusCode).toBe(200);

    const history = await t.store.db
      .selectFrom('engine_history')
      .select(['type', 'actor', 'data'])
      .where('instance_id', '=', instance)
      .where('type', '=', 'task.reassigned')
      .execute();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor: 'clerk', data: { reason: '人社局暂无人员，由市场监管局代审', to: { assignee: 'officer.sjj' } } });
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'engine.task.reassign').execute();
    expect(audit).toEqual([{ action: 'engine.task.reassign', actor_name: 'clerk' }]);
    await setRsj(false);
  });

  it('returns a task to the officer of the previous step; the first step has nothing to return to', async () => {
    const instance = await startCase();
    const rsj = await signInAs(t.app, 'officer.rsj');
    const deposit = (await task(rsj, '保证金审查')).find((x) => x.instanceId === instance)!;
    const back = await rsj.inject({ method: 'POST', url: `/api/engine/tasks/${deposit.id}/return`, payload: { reason: '缺少施工合同，请补正' } });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toEqual({ returnedTo: 'officer' });
    expect((await task(officer, '保证金审查')).map((x) => x.id)).toContain(deposit.id);
    expect((await task(rsj, '保证金审查')).map((x) => x.id)).not.toContain(deposit.id);

    const fresh = await admin.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'deposit_review' } });
    const first = (await task(officer, '施工许可审查')).find((x) => x.instanceId === fresh.json().id)!;
    const none = await officer.inject({ method: 'POST', url: `/api/engine/tasks/${first.id}/return`, payload: { reason: '退回' } });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message.zh).toContain('没有可退回的上一环节');
  });

  it('lets a colleague work an absent officer’s tasks for the delegated days only', async () => {
    const instance = await startCase();
    const deposit = (await t.store.db.selectFrom('engine_tasks').select('id').where('instance_id', '=', instance).where('element_id', '=', 'deposit').executeTakeFirstOrThrow()).id;
    await clerk.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/reassign`, payload: { username: 'officer.sjj', reason: '指定刘洋办理' } });
    // A delegation that starts tomorrow gives nothing today.
    const later = await sjj.inject({
      method: 'POST',
      url: '/api/engine/delegations',
      payload: { toUsername: 'officer', startsOn: '2026-03-03', endsOn: '2026-03-06', reason: '出差' },
    });
    expect(later.statusCode).toBe(201);
    expect((await task(officer, '保证金审查')).map((x) => x.id)).not.toContain(deposit);
    expect((await officer.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/complete`, payload: {} })).statusCode).toBe(403);

    const bad = await sjj.inject({
      method: 'POST',
      url: '/api/engine/delegations',
      payload: { toUsername: 'officer', startsOn: '2026-03-06', endsOn: '2026-03-02', reason: '出差' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await sjj.inject({ method: 'POST', url: '/api/engine/delegations', payload: { toUsername: 'applicant', startsOn: '2026-03-02', endsOn: '2026-03-02', reason: 'x' } }))
        .statusCode,
    ).toBe(400);

    const today = await sjj.inject({
      method: 'POST',
      url: '/api/engine/delegations',
      payload: { toUsername: 'officer', startsOn: '2026-03-02', endsOn: '2026-03-04', reason: '休假' },
    });
    expect(today.statusCode).toBe(201);
    const mine = await task(officer, '保证金审查');
    expect(mine.find((x) => x.id === deposit)).toMatchObject({ delegatedFrom: 'officer.sjj' });
    expect(
      (await officer.inject({ method: 'GET', url: '/api/engine/delegations' })).json().items.map((d: { fromUser: string; startsOn: string }) => [d.fromUser, d.startsOn]),
    ).toEqual([
      ['officer.sjj', '2026-03-03'],
      ['officer.sjj', '2026-03-02'],
    ]);
    expect((await officer.inject({ method: 'POST', url: `/api/engine/tasks/${deposit}/complete`, payload: {} })).statusCode).toBe(200);

    expect((await officer.inject({ method: 'DELETE', url: `/api/engine/delegations/${today.json().id}` })).statusCode).toBe(404); // not the delegator's
    expect((await sjj.inject({ method: 'DELETE', url: `/api/engine/delegations/${today.json().id}` })).statusCode).toBe(204);
  });
});
