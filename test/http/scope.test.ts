// Role × region matrix: every list endpoint, called by every role from two cities and a
// township, returns only records of the caller's region subtree (plus, for departments,
// the regions above it), and nothing at all where the role has no access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { DEMO_PASSWORD, openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { addUser, ancestorCodes } from '../../src/org/store.js';
import { SYSTEM_ACTOR, ROLES, type Role } from '../../src/org/model.js';

const targets = await dbTargets();

/** Every list endpoint: where each item's region is, and which roles may call it. */
const SCOPED_LISTS: Array<{ url: string; region: (item: Record<string, unknown>) => string; allowDepartmentAncestors?: boolean; roles?: Role[] }> = [
  { url: '/api/org/regions', region: (i) => String(i.code) },
  { url: '/api/org/departments', region: (i) => String(i.regionCode), allowDepartmentAncestors: true },
  { url: '/api/org/users', region: (i) => String(i.regionCode), roles: ['admin', 'reform_office', 'leader'] },
  { url: '/api/audit?limit=500', region: (i) => String(i.regionCode), roles: ['admin', 'reform_office', 'leader'] },
];

const QUFU = '370881';

describe.each(targets)('access scope on $name', (target) => {
  let t: TestApp;
  const clients: Array<{ label: string; client: Client }> = [];

  beforeAll(async () => {
    t = await openTestApp(target);
    // A second city with its own department and a user of every role: nothing of Zoucheng may reach them.
    await t.store.db.insertInto('regions').values({ code: QUFU, name: '曲阜市', level: 'city', parent_code: null } as never).execute();
    await t.store.db.insertInto('departments').values({ code: 'QF-XZSP', name: '曲阜市行政审批服务局', region_code: QUFU } as never).execute();
    for (const role of ROLES) {
      await addUser(t.store.db, SYSTEM_ACTOR, { username: `qf.${role.replace('_', '-')}`, displayName: `曲阜 ${role}`, role, regionCode: QUFU, departmentCode: role === 'department_officer' ? 'QF-XZSP' : null, password: DEMO_PASSWORD });
      clients.push({ label: `${role}@${QUFU}`, client: await signInAs(t.app, `qf.${role.replace('_', '-')}`) });
    }
    await addUser(t.store.db, SYSTEM_ACTOR, { username: 'gs.admin', displayName: '钢山街道管理员', role: 'admin', regionCode: '370883001', password: DEMO_PASSWORD });
    clients.push({ label: 'admin@370883001', client: await signInAs(t.app, 'gs.admin') });
    for (const username of ['admin', 'reform', 'clerk', 'officer', 'dispatcher', 'grid', 'leader', 'applicant']) {
      const c = await signInAs(t.app, username);
      clients.push({ label: `${username}@${c.user.regionCode}`, client: c });
    }
  });
  afterAll(async () => t.close());

  it('never returns a record outside the caller’s region subtree', async () => {
    let checked = 0;
    for (const { label, client } of clients) {
      for (const list of SCOPED_LISTS) {
        const res = await client.inject({ method: 'GET', url: list.url });
        if (list.roles && !list.roles.includes(client.user.role as Role)) {
          expect(res.statusCode, `${label} ${list.url}`).toBe(403);
          continue;
        }
        expect(res.statusCode, `${label} ${list.url}`).toBe(200);
        const allowed = (code: string) => code.startsWith(client.user.regionCode) || (list.allowDepartmentAncestors === true && ancestorCodes(client.user.regionCode).includes(code));
        for (const item of res.json().items as Array<Record<string, unknown>>) {
          expect(allowed(list.region(item)), `${label} got ${list.region(item)} from ${list.url}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('shows each city only its own figures on the dashboard', async () => {
    const zou = clients.find((c) => c.label === 'admin@370883')!.client;
    const qf = clients.find((c) => c.label === `admin@${QUFU}`)!.client;
    const a = (await zou.inject({ method: 'GET', url: '/api/dashboard' })).json();
    const b = (await qf.inject({ method: 'GET', url: '/api/dashboard' })).json();
    expect(a.region.name).toBe('邹城市');
    expect(a.counts.regions).toBe(10);
    expect(b.region.name).toBe('曲阜市');
    expect(b.counts).toMatchObject({ regions: 1, departments: 1, users: ROLES.length, matters: 0 });
    expect(a.counts.matters).toBeGreaterThanOrEqual(9); // the demo catalogue
    expect(a.byDepartment.map((d: { name: string }) => d.name)).toContain('住房和城乡建设局');
    const officer = clients.find((c) => c.label === 'officer@370883')!.client; // 住建局
    const own = (await officer.inject({ method: 'GET', url: '/api/dashboard' })).json();
    expect(own.byDepartment.map((d: { name: string }) => d.name)).toEqual(['住房和城乡建设局']);
  });

  it('lets a township admin see its township, not the city', async () => {
    const gs = clients.find((c) => c.label === 'admin@370883001')!.client;
    const regions = (await gs.inject({ method: 'GET', url: '/api/org/regions' })).json().items as Array<{ code: string }>;
    expect(regions.map((r) => r.code).sort()).toEqual(['370883001', '370883001201', '370883001202']);
  });
});
