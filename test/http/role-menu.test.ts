// Every page the rule table offers a role loads for that role without 403, and every page it
// withholds is refused by the server: the menu and the server read the same table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { ROLES, type Role } from '../../src/org/model.js';
import { DEMO_USERS } from '../../src/org/demo.js';
import { ACCESS_RULES, mayUse, type AccessRule } from '../../src/org/access-rules.js';

const targets = (await dbTargets()).slice(0, 1); // the rule table does not depend on the database

/** What each page loads first. */
const PAGE_PROBES: Partial<Record<AccessRule, string>> = {
  'page.catalogue': '/api/catalog/matters',
  'page.analyzer': '/api/analyze',
  'page.bundles': '/api/bundles',
  'page.processes': '/api/engine/tasks',
  'page.mining': '/api/mining/logs',
  'page.org': '/api/org/regions',
  'page.audit': '/api/audit',
  'org.users': '/api/org/users',
  'audit.verify': '/api/audit/head',
  'tasks.supervise': '/api/engine/tasks/stuck',
  'page.calendar': '/api/calendar/years',
  'page.window': '/api/window/applications',
  'page.cases': '/api/cases/board',
  'page.ratings': '/api/ratings',
  'page.projects': '/api/enterprise-requests',
};

/** Pages whose first data every role may read some of (scoped to the caller): only the offer is checked. */
const SHARED_READS = new Set<AccessRule>(['page.org', 'page.processes', 'page.calendar', 'page.window', 'page.cases', 'page.ratings']);

describe.each(targets)('role menus on $name', (target) => {
  let t: TestApp;
  const clients = new Map<Role, Client>();
  beforeAll(async () => {
    t = await openTestApp(target);
    for (const role of ROLES) clients.set(role, await signInAs(t.app, DEMO_USERS.find((u) => u.role === role)!.username));
  });
  afterAll(async () => t?.close());

  it('has a probe for every page rule', () => {
    for (const rule of Object.keys(ACCESS_RULES).filter((r) => r.startsWith('page.'))) expect(PAGE_PROBES[rule as AccessRule], rule).toBeDefined();
  });

  it.each(ROLES)('offers %s only pages that load', async (role) => {
    for (const [rule, url] of Object.entries(PAGE_PROBES) as Array<[AccessRule, string]>) {
      const res = await clients.get(role)!.inject({ method: 'GET', url });
      if (mayUse(rule, role)) expect(res.statusCode, `${role} ${rule} ${url}`).toBe(200);
      // A withheld page's data is refused — except pages every role may read some of.
      else if (!SHARED_READS.has(rule)) expect(res.statusCode, `${role} ${rule} ${url}`).toBe(403);
    }
  });

  it('refuses catalogue imports to the roles that are not offered the import tab', async () => {
    for (const role of ROLES) {
      const res = await clients
        .get(role)!
        .inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'x.json', content: Buffer.from('{}').toString('base64'), dryRun: true } });
      if (mayUse('catalogue.write', role)) expect(res.statusCode, role).not.toBe(403);
      else expect(res.statusCode, role).toBe(403);
    }
  });

  it('shows applicants no organisation figures', async () => {
    const counts = (await clients.get('applicant')!.inject({ method: 'GET', url: '/api/dashboard' })).json().counts;
    expect(counts).toMatchObject({ regions: null, departments: null, users: null });
    expect((await clients.get('admin')!.inject({ method: 'GET', url: '/api/dashboard' })).json().counts.users).toBeGreaterThan(10);
  });
});
