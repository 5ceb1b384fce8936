// After acceptance: a department asks the applicant for a supplement during handling — the
// promised-time clock stops (working days) and resumes on resubmission, the timeline shows
// the pause — and overdue (red) steps are escalated once to the department's head and to the
// supervision board (效能监督), with a notice. Department heads are flagged where users are
// administered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../bundle/demo-decisions.js';
import { escalateOverdue } from './escalation.js';
import type { FormSchema } from './form.js';
import { sampleCreditCode, sampleForm } from './sample.js';
import { windowContext } from './store.js';

const targets = await dbTargets();
/** Monday 2026-03-02 10:00 in Zoucheng; tests never read the real clock. */
let clock = new Date('2026-03-02T10:00:00+08:00');
const PDF = Buffer.from('%PDF-1.7\n% a scanned material\n');

function multipart(code: string, bytes: Buffer) {
  const b = '----zaizao' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="materialCode"\r\n\r\n${code}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${b}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

describe.each(targets)('handling supplement and escalation on $name', (target) => {
  let t: TestApp;
  let admin: Client, reform: Client, applicant: Client, clerk: Client, rsj: Client, zjj: Client;
  let appId: number;
  /** The housing bureau's step asks; the labour bureau's step is the one escalated. */
  let zjjTask: { taskId: string };
  let rsjTask: { taskId: string };
  const asked = 'safety_measures';
  const notAsked = 'dangerous_works_list';
  const holder = sampleCreditCode();
  const sweep = () => escalateOverdue(windowContext(t.store.db, { now: () => clock }));
  const upload = (c: Client, code: string, bytes = PDF) => c.inject({ method: 'POST', url: `/api/window/applications/${appId}/materials`, ...multipart(code, bytes) });
  const detail = async () => (await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}` })).json();

  async function travel(to: Date) {
    clock = to;
    [admin, reform, applicant, clerk, rsj, zjj] = await Promise.all(['admin', 'reform', 'applicant', 'clerk', 'officer.rsj', 'officer'].map((u) => signInAs(t.app, u)));
  }

  beforeAll(async () => {
    clock = new Date('2026-03-02T10:00:00+08:00');
    t = await openTestApp(target, { now: () => clock });
    await travel(clock);
    // The office accepted the analyzer's proposed removals (one batch by rule): the bundle applies them, as Zoucheng runs it.
    expect((await reform.inject({ method: 'POST', url: '/api/analyze/decisions', payload: { decision: 'accept', rule: 'no-legal-basis' } })).statusCode).toBe(201);
    const created = (
      await reform.inject({
        method: 'POST',
        url: '/api/bundles',
        payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, decisions: DEMO_FIELD_DECISIONS.construction },
      })
    ).json();
    expect((await reform.inject({ method: 'POST', url: `/api/bundles/${created.id}/publish` })).statusCode).toBe(200);
    const service = (await applicant.inject({ method: 'GET', url: `/api/window/services/${created.id}` })).json();
    const form = sampleForm(service.form.schema as FormSchema, { uscc: holder, applicant_name: '邹城市示例建设有限公司' });
    appId = (await applicant.inject({ method: 'POST', url: '/api/window/applications', payload: { serviceId: created.id, form } })).json().id;
    for (const m of service.materials as Array<{ code: string; handling: string }>) if (m.handling !== 'commitment') expect((await upload(applicant, m.code)).statusCode).toBe(201);
    expect(
      (await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: { commitment: { signedName: '周敏', agreed: true } } })).statusCode,
    ).toBe(200);
    expect((await clerk.inject({ method: 'POST', url: `/api/window/applications/${appId}/accept`, payload: {} })).json().promisedDate).toBe('2026-03-02');
    rsjTask = (await rsj.inject({ method: 'GET', url: '/api/window/tasks' })).json().items[0];
    zjjTask = (await zjj.inject({ method: 'GET', url: '/api/window/tasks' })).json().items[0];
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('flags a department head where users are administered, and refuses a head without a department', async () => {
    const users = (await admin.inject({ method: 'GET', url: '/api/org/users' })).json().items as Array<{ id: number; username: string; departmentHead: boolean }>;
    const rsjUser = users.find((u) => u.username === 'officer.rsj')!;
    expect(rsjUser.departmentHead).toBe(false);
    const flagged = await admin.inject({ method: 'PATCH', url: `/api/org/users/${rsjUser.id}`, payload: { departmentHead: true } });
    expect(flagged.statusCode).toBe(200);
    expect(flagged.json()).toMatchObject({ username: 'officer.rsj', departmentHead: true });
    const reformUser = users.find((u) => u.username === 'reform')!;
    const headless = await admin.inject({ method: 'PATCH', url: `/api/org/users/${reformUser.id}`, payload: { departmentHead: true } });
    expect(headless.statusCode).toBeGreaterThanOrEqual(400);
    expect(headless.statusCode).toBeLessThan(500);
    expect(headless.body).toContain('部门负责人须属于某个部门');
  });

  it('lets a step ask only for published materials its department examines, once', async () => {
    expect(rsjTask).toBeDefined();
    const ask = (items: Array<{ materialCode: string; reason: string }>, c = zjj, task = zjjTask) =>
      c.inject({ method: 'POST', url: `/api/window/tasks/${task.taskId}/supplement`, payload: { items } });
    const outside = await ask([{ materialCode: '营业执照副本', reason: '请提供' }]);
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message.zh).toContain('营业执照副本');
    const shared = await ask([{ materialCode: 'land_title', reason: '请提供' }]);
    expect(shared.statusCode).toBe(422);
    // The labour bureau does not examine the safety measures: it cannot ask for them.
    const another = await ask([{ materialCode: asked, reason: '请补正' }], rsj, rsjTask);
    expect(another.statusCode).toBe(422);
    expect(another.json().error.message.zh).toContain('不是本部门审查的材料');
    const noReason = await ask([{ materialCode: asked, reason: ' ' }]);
    expect(noReason.statusCode).toBe(422);
    expect((await ask([{ materialCode: asked, reason: '缺少签章' }], await signInAs(t.app, 'officer.sjj'))).statusCode).toBe(403);
    clock = new Date('2026-03-02T10:30:00+08:00');
    const ok = await ask([{ materialCode: asked, reason: '缺少签章' }]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await ask([{ materialCode: asked, reason: '再次' }])).statusCode).toBe(409);
    const pdf = await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}/notices/${ok.json().notice}/pdf` });
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const messages = (await applicant.inject({ method: 'GET', url: '/api/window/messages' })).json().items;
    expect(messages[0].subject).toBe('请补正材料（办理中一次性告知）');
  });

  it('stops every clock of the application while the applicant supplements: nothing turns red, nothing escalates, the asking step waits', async () => {
    await travel(new Date('2026-03-05T10:30:00+08:00')); // three working days later
    const a = await detail();
    expect(a).toMatchObject({ status: 'accepted', clockStopped: true, promisedDate: '2026-03-02' });
    expect(a.deadline).toMatchObject({ stopped: true, level: 'green' });
    const work = (await rsj.inject({ method: 'GET', url: '/api/window/tasks' })).json().items;
    expect(work.find((i: { taskId: string }) => i.taskId === rsjTask.taskId).clock).toMatchObject({ stopped: true, level: 'green' });
    expect((await sweep()).escalated).toBe(0);
    const waiting = await zjj.inject({ method: 'POST', url: `/api/window/tasks/${zjjTask.taskId}/complete`, payload: {} });
    expect(waiting.statusCode).toBe(409);
    expect(waiting.json().error.message.zh).toContain('等待申请人补正');
    // Only the items asked may be handed in, and all of them before resubmitting.
    expect((await upload(applicant, notAsked)).statusCode).toBe(409);
    expect((await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: {} })).statusCode).toBe(422);
  });

  it('resumes on resubmission: the promised date moves on by the working days the clock stood still; the timeline shows the pause', async () => {
    expect((await upload(applicant, asked, Buffer.from('%PDF-1.7\n% signed and stamped\n'))).statusCode).toBe(201);
    const res = await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', promisedDate: '2026-03-05' });
    const a = await detail();
    expect(a).toMatchObject({ status: 'accepted', clockStopped: false, promisedDate: '2026-03-05', handlingSupplement: null });
    expect(a.handlingPauses).toEqual([expect.objectContaining({ workdays: 3 })]);
    const types = a.timeline.map((e: { type: string }) => e.type);
    expect(types.indexOf('handling.supplement.requested')).toBeGreaterThan(types.indexOf('application.accepted'));
    expect(types.indexOf('handling.supplement.answered')).toBeGreaterThan(types.indexOf('handling.supplement.requested'));
    expect(a.timeline.find((e: { type: string }) => e.type === 'handling.supplement.answered').data).toMatchObject({ pausedWorkdays: 3, promisedDate: '2026-03-05' });
    // The step's own clock moved on by the same three days: half a day from 10:00 Monday, plus three.
    const item = (await rsj.inject({ method: 'GET', url: '/api/window/tasks' })).json().items.find((i: { taskId: string }) => i.taskId === rsjTask.taskId);
    expect(item.clock.stopped).toBe(false);
    expect(item.clock.dueAt.slice(0, 10)).toBe('2026-03-05');
    const tracked = await t.store.db.selectFrom('window_events').select('type').where('application_id', '=', appId).where('type', 'like', 'handling.%').execute();
    expect(tracked).toHaveLength(2);
  });

  it('escalates an overdue step once, to the department head (a notice) and to the supervision board', async () => {
    await travel(new Date('2026-03-10T10:00:00+08:00'));
    const first = await sweep();
    expect(first.escalated).toBeGreaterThan(0);
    expect((await sweep()).escalated).toBe(0);
    const notices = (await rsj.inject({ method: 'GET', url: '/api/notices' })).json();
    const mine = (notices.items ?? notices) as Array<{ subject: string; entityId: string }>;
    expect(mine.some((n) => n.subject.startsWith('逾期督办') && n.entityId === String(appId))).toBe(true);
    const board = (await reform.inject({ method: 'GET', url: '/api/window/supervision' })).json();
    const row = board.escalated.find((e: { taskId: string }) => e.taskId === rsjTask.taskId);
    expect(row).toMatchObject({ applicationId: appId, departments: ['RSJ'], heads: ['officer.rsj'], open: true });
    expect((await rsj.inject({ method: 'GET', url: '/api/window/supervision' })).statusCode).toBe(403);
    const audit = await t.store.db.selectFrom('audit_log').select('action').where('action', '=', 'window.task.escalate').execute();
    expect(audit.length).toBe(first.escalated);
  });
});
