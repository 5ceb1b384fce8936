// Role × region matrix: every list endpoint, called by every role from two cities and a
// township, returns only records of the caller's region subtree (plus, for departments,
// the regions above it), and nothing at all where the role has no access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { DEMO_PASSWORD, openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { addUser } from '../../src/org/store.js';
import { ancestorCodes } from '../../src/org/scope.js';
import { SYSTEM_ACTOR, ROLES, type Role } from '../../src/org/model.js';

const targets = await dbTargets();

/** Every list endpoint: where each item's region is, and which roles may call it. */
const SCOPED_LISTS: Array<{
  url: string;
  region: (item: Record<string, unknown>) => string;
  /** The item's department code, where department officers see only their own. */
  department?: (item: Record<string, unknown>) => string;
  allowDepartmentAncestors?: boolean;
  roles?: Role[];
}> = [
  { url: '/api/catalog/matters?limit=500', region: (i) => String(i.regionCode), department: (i) => String(i.departmentCode) },
  { url: '/api/catalog/ledger', region: (i) => String(i.regionCode) },
  { url: '/api/bundles', region: (i) => String(i.regionCode) },
  { url: '/api/engine/deployments', region: (i) => String(i.regionCode) },
  { url: '/api/engine/tasks', region: (i) => String(i.regionCode) },
  { url: '/api/engine/instances?limit=500', region: (i) => String(i.regionCode) },
  { url: '/api/engine/incidents', region: (i) => String(i.regionCode), roles: ['admin', 'reform_office', 'leader', 'dispatcher'] },
  { url: '/api/org/regions', region: (i) => String(i.code) },
  { url: '/api/org/departments', region: (i) => String(i.regionCode), allowDepartmentAncestors: true },
  { url: '/api/org/users', region: (i) => String(i.regionCode), roles: ['admin', 'reform_office', 'leader'] },
  { url: '/api/audit?limit=500', region: (i) => String(i.regionCode), roles: ['admin', 'reform_office', 'leader'] },
  {
    url: '/api/mining/logs',
    region: (i) => String(i.regionCode),
    department: (i) => String(i.departmentCode),
    roles: ['admin', 'reform_office', 'leader', 'department_officer', 'dispatcher'],
  },
];

const QUFU = '370881';

describe.each(targets)('access scope on $name', (target) => {
  let t: TestApp;
  const clients: Array<{ label: string; client: Client }> = [];

  beforeAll(async () => {
    t = await openTestApp(target);
    // A second city with its own department and a user of every role: nothing of Zoucheng may reach them.
    await t.store.db
      .insertInto('regions')
      .values({ code: QUFU, name: '曲阜市', level: 'city', parent_code: null } as never)
      .execute();
    await t.store.db
      .insertInto('departments')
      .values({ code: 'QF-XZSP', name: '曲阜市行政审批服务局', region_code: QUFU } as never)
      .execute();
    for (const role of ROLES) {
      await addUser(t.store.db, SYSTEM_ACTOR, {
        username: `qf.${role.replace('_', '-')}`,
        displayName: `曲阜 ${role}`,
        role,
        regionCode: QUFU,
        departmentCode: role === 'department_officer' ? 'QF-XZSP' : null,
        password: DEMO_PASSWORD,
      });
      clients.push({ label: `${role}@${QUFU}`, client: await signInAs(t.app, `qf.${role.replace('_', '-')}`) });
    }
    await addUser(t.store.db, SYSTEM_ACTOR, { username: 'gs.admin', displayName: '钢山街道管理员', role: 'admin', regionCode: '370883001', password: DEMO_PASSWORD });
    clients.push({ label: 'admin@370883001', client: await signInAs(t.app, 'gs.admin') });
    for (const username of ['admin', 'reform', 'clerk', 'officer', 'dispatcher', 'grid', 'leader', 'applicant']) {
      const c = await signInAs(t.app, username);
      clients.push({ label: `${username}@${c.user.regionCode}`, client: c });
    }
    // Records in both cities: a deployed process with a running instance each, and a Zoucheng bundle.
    for (const label of ['admin@370883', `admin@${QUFU}`]) {
      const admin = clients.find((c) => c.label === label)!.client;
      const key = `scope_${admin.user.regionCode}`;
      const dep = await admin.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: simpleProcess(key) } });
      expect(dep.statusCode, dep.body).toBeLessThan(300);
      const inst = await admin.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: key } });
      expect(inst.statusCode, inst.body).toBe(201);
    }
    const reform = clients.find((c) => c.label === 'reform@370883')!.client;
    const codes = ((await reform.inject({ method: 'GET', url: '/api/catalog/matters?limit=500' })).json().items as Array<{ code: string; name: string }>)
      .filter((m) => /质量|安全/.test(m.name))
      .map((m) => m.code)
      .slice(0, 2);
    const bundle = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { name: '范围测试', matterCodes: codes } });
    expect(bundle.statusCode, bundle.body).toBeLessThan(300);
    // A stored event log in each city, and a department officer's own.
    for (const label of ['admin@370883', `admin@${QUFU}`, `department_officer@${QUFU}`, 'officer@370883']) {
      const log = await clients
        .find((c) => c.label === label)!
        .client.inject({ method: 'POST', url: '/api/mining/logs?name=scope', headers: { 'content-type': 'application/octet-stream' }, payload: SMALL_LOG });
      expect(log.statusCode, `${label}: ${log.body}`).toBe(201);
    }
  });
  afterAll(async () => t.close());

  it('never returns a record outside the caller’s region subtree', async () => {
    const departmentCodes = new Map((await t.store.db.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.id, d.code]));
    let checked = 0;
    for (const { label, client } of clients) {
      for (const list of SCOPED_LISTS) {
        const res = await client.inject({ method: 'GET', url: list.url });
        if (list.roles && !list.roles.includes(client.user.role as Role)) {
          expect(res.statusCode, `${label} ${list.url}`).toBe(403);
          continue;
        }
        // Without a declared role list, a role may be refused (403) — that leaks nothing —
        // but the city's administrator and reform office must be served.
        if (!list.roles && res.statusCode === 403 && !['admin', 'reform_office'].includes(client.user.role)) continue;
        expect(res.statusCode, `${label} ${list.url}`).toBe(200);
        const allowed = (code: string) =>
          code.startsWith(client.user.regionCode) || (list.allowDepartmentAncestors === true && ancestorCodes(client.user.regionCode).includes(code));
        const body = res.json();
        const items = (Array.isArray(body) ? body : body.items) as Array<Record<string, unknown>>;
        const ownDepartment = client.user.role === 'department_officer' ? departmentCodes.get(client.user.departmentId!) : undefined;
        for (const item of items) {
          expect(allowed(list.region(item)), `${label} got ${list.region(item)} from ${list.url}`).toBe(true);
          if (list.department && client.user.role === 'department_officer') {
            expect(list.department(item), `${label} got another department's record from ${list.url}`).toBe(ownDepartment);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('opens an instance by id exactly when the instance list shows it to the caller', async () => {
    const ids = (await t.store.db.selectFrom('engine_instances').select('id').execute()).map((r) => r.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    let refused = 0;
    for (const { label, client } of clients) {
      const list = await client.inject({ method: 'GET', url: '/api/engine/instances?limit=500' });
      const listed = new Set(list.statusCode === 200 ? (list.json().items as Array<{ id: string }>).map((i) => i.id) : []);
      for (const id of ids) {
        for (const path of ['', '/history']) {
          const res = await client.inject({ method: 'GET', url: `/api/engine/instances/${id}${path}` });
          // An instance that exists but is not the caller's to see answers 403 (out of scope), never its content.
          expect(res.statusCode, `${label} opening ${id}${path}`).toBe(listed.has(id) ? 200 : 403);
          if (!listed.has(id)) refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(0); // department officers, applicants and the other city are refused
  });

  it('shows each city only its own figures on the dashboard', async () => {
    const zou = clients.find((c) => c.label === 'admin@370883')!.client;
    const qf = clients.find((c) => c.label === `admin@${QUFU}`)!.client;
    const a = (await zou.inject({ method: 'GET', url: '/api/dashboard' })).json();
    const b = (await qf.inject({ method: 'GET', url: '/api/dashboard' })).json();
    expect(a.region.name).toBe('邹城市');
    expect(a.counts.regions).toBe(1 + 16 + 714 + 2); // the official tree of 邹城市 and two demo grids
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
    const codes = regions.map((r) => r.code);
    expect(codes).toContain('370883001');
    expect(codes).toContain('370883001201');
    expect(codes.every((c) => c.startsWith('370883001'))).toBe(true);
    expect(codes).not.toContain('370883002');
  });
});

const SMALL_LOG =
  '<log xes.version="1.0"><trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="受理"/><date key="time:timestamp" value="2025-03-03T09:00:00+08:00"/></event></trace></log>';

function simpleProcess(key: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs_${key}" targetNamespace="http://example.org/scope">
  <process id="${key}" name="范围测试流程" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <userTask id="review" name="审核" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
}
