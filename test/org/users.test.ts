// Adding users: the store refuses a department outside the user's region and a department
// for an applicant, whoever calls it (the CLI, a future API, a seed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import { seedDemoOrganisation } from '../../src/org/seed.js';
import { addUser } from '../../src/org/store.js';
import type { Store } from '../../src/store/database.js';
import { dbTargets } from '../support/db.js';

const targets = await dbTargets();

describe.each(targets)('adding users on $name', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-for-tests');
    await store.db
      .insertInto('regions')
      .values({ code: '370811', name: '任城区', level: 'city', parent_code: null } as never)
      .execute();
    await store.db
      .insertInto('departments')
      .values({ code: 'RC-ZJJ', name: '任城区住房和城乡建设局', region_code: '370811' } as never)
      .execute();
  });
  afterAll(async () => store?.close());

  const officer = (username: string, regionCode: string, departmentCode: string, role: 'department_officer' | 'applicant' = 'department_officer') =>
    addUser(store.db, SYSTEM_ACTOR, { username, displayName: username, role, regionCode, departmentCode, password: 'a-long-password' });

  it('refuses a department of another county', async () => {
    await expect(officer('zc.rc', '370883', 'RC-ZJJ')).rejects.toMatchObject({ code: 'department_outside_region' });
  });

  it('refuses a department of a sibling township', async () => {
    await expect(officer('qq.gs', '370883002', 'GS-SHB')).rejects.toMatchObject({ code: 'department_outside_region' });
  });

  it('refuses any department for an applicant', async () => {
    await expect(officer('app.zjj', '370883', 'ZJJ', 'applicant')).rejects.toMatchObject({ code: 'department_for_applicant' });
  });

  it('accepts a department of the user’s region or a region above it, and adds nothing when refusing', async () => {
    await officer('rc.zjj', '370811', 'RC-ZJJ');
    await officer('gs.zjj', '370883001', 'ZJJ');
    const names = (await store.db.selectFrom('users').select('username').where('username', 'in', ['zc.rc', 'qq.gs', 'app.zjj', 'rc.zjj', 'gs.zjj']).execute())
      .map((u) => u.username)
      .sort();
    expect(names).toEqual(['gs.zjj', 'rc.zjj']);
  });
});
