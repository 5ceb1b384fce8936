// Notices have a read state of their own per reader: a department's notice reaches every officer
// of it, and one officer reading it leaves it unread for the others. Nobody reads another's notice.
// Pages show people by name, not login name (GET /api/org/people), within what the caller may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { DEMO_PASSWORD, openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { addUser } from '../../src/org/store.js';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import { sendNotice } from '../../src/org/notices.js';

const targets = await dbTargets();

describe.each(targets)('notices read state on $name', (target) => {
  let t: TestApp;
  let officer: Client;
  let colleague: Client;
  let clerk: Client;
  let clerkNotice: number;

  beforeAll(async () => {
    t = await openTestApp(target);
    await addUser(t.store.db, SYSTEM_ACTOR, {
      username: 'officer.zjj2',
      displayName: '住建局 王磊',
      role: 'department_officer',
      regionCode: '370883',
      departmentCode: 'ZJJ',
      password: DEMO_PASSWORD,
    });
    const common = { regionCode: '370883', entity: 'catalog_ledger_item', body: '2027-01-05（暂定）→ 2027-01-06' };
    await sendNotice(t.store.db, { ...common, departments: ['ZJJ'], subject: '整改期限已按正式节假日安排重算' });
    await sendNotice(t.store.db, { ...common, users: ['officer'], subject: '办理期限已重算' });
    await sendNotice(t.store.db, { ...common, users: ['clerk'], subject: '窗口期限已重算' });
    clerkNotice = Number((await t.store.db.selectFrom('notices').select('id').where('recipient_username', '=', 'clerk').executeTakeFirstOrThrow()).id);
    [officer, colleague, clerk] = await Promise.all(['officer', 'officer.zjj2', 'clerk'].map((u) => signInAs(t.app, u)));
  });
  afterAll(() => t.close());

  const unread = async (c: Client) => (await c.inject({ method: 'GET', url: '/api/notices/unread-count' })).json().unread as number;

  it('counts unread notices per reader, and marking one read leaves it unread for the department colleague', async () => {
    const list = (await officer.inject({ method: 'GET', url: '/api/notices' })).json();
    expect(list.unread).toBe(2);
    expect(list.items.map((n: { subject: string; read: boolean }) => [n.subject, n.read])).toEqual([
      ['办理期限已重算', false],
      ['整改期限已按正式节假日安排重算', false],
    ]);
    const deptNotice = list.items[1].id as number;
    const res = await officer.inject({ method: 'POST', url: `/api/notices/${deptNotice}/read` });
    expect(res.json()).toEqual({ unread: 1 });
    expect(await unread(colleague)).toBe(1);
    const onlyUnread = (await officer.inject({ method: 'GET', url: '/api/notices?unread=true' })).json();
    expect(onlyUnread.items.map((n: { subject: string }) => n.subject)).toEqual(['办理期限已重算']);
  });

  it('marks all of the caller’s notices read, and nobody else’s', async () => {
    const res = await colleague.inject({ method: 'POST', url: '/api/notices/read-all' });
    expect(res.json()).toEqual({ marked: 1, unread: 0 });
    expect(await unread(colleague)).toBe(0);
    expect(await unread(officer)).toBe(1);
    expect(await unread(clerk)).toBe(1);
  });

  it('refuses to mark another person’s notice, saying it is outside the caller’s scope, and 404s an unknown id', async () => {
    const res = await officer.inject({ method: 'POST', url: `/api/notices/${clerkNotice}/read` });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatchObject({ zh: `通知 ${clerkNotice} 不在您的管辖范围内` });
    expect(await unread(clerk)).toBe(1);
    expect((await officer.inject({ method: 'POST', url: '/api/notices/999999/read' })).statusCode).toBe(404);
  });

  it('names people by login name: staff to their county, applicants only to staff', async () => {
    const names = async (c: Client, ...u: string[]) => (await c.inject({ method: 'GET', url: `/api/org/people?${u.map((x) => `username=${x}`).join('&')}` })).json().items;
    expect(await names(officer, 'clerk', 'applicant', 'nobody')).toEqual(
      expect.arrayContaining([
        { username: 'clerk', displayName: '综合窗口 李娜' },
        { username: 'applicant', displayName: '申请人 周敏' },
      ]),
    );
    const applicant = await signInAs(t.app, 'applicant');
    expect(await names(applicant, 'clerk', 'applicant2', 'applicant')).toEqual(
      expect.arrayContaining([
        { username: 'clerk', displayName: '综合窗口 李娜' },
        { username: 'applicant', displayName: '申请人 周敏' },
      ]),
    );
    expect((await names(applicant, 'applicant2')).length).toBe(0);
  });
});
