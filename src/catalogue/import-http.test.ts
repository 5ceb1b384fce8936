// The import route's answers for what the import refuses: a dry run checks everything the
// import checks (scope and role included), and removals of every step, material or legal
// basis need allowRemovals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { demoCatalogue } from './demo/index.js';
import { seedDemoCatalogue } from './store.js';
import { writeCatalogue } from './files/index.js';

const targets = await dbTargets();

describe.each(targets)('catalogue import route on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let officer: Client;
  const versions = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('matter_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-03-02T10:00:00+08:00') });
    await seedDemoCatalogue(t.store.db);
    reform = await signInAs(t.app, 'reform');
    officer = await signInAs(t.app, 'officer');
  });
  afterAll(async () => t?.close());

  it('answers a dry run with the 403 the import gives (another department’s matters)', async () => {
    const cat = demoCatalogue();
    cat.matters = cat.matters.map((m) => ({ ...m, name: `${m.name}（改）` }));
    const content = (await writeCatalogue(cat, 'json')).toString('base64');
    const real = await officer.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'c.json', content } });
    expect(real.statusCode).toBe(403);
    const dry = await officer.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'c.json', content, dryRun: true } });
    expect(dry.statusCode).toBe(403);
    expect(dry.json().error.code).toBe('forbidden');
  });

  it('answers 409 listing the removals, and imports them with allowRemovals', async () => {
    const cat = demoCatalogue();
    cat.matters = cat.matters.slice(0, 2).map((m) => ({ ...m, steps: [] }));
    const content = (await writeCatalogue(cat, 'json')).toString('base64');
    const before = await versions();
    const refused = await reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'c.json', content } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('removals_need_confirmation');
    expect(refused.json().error.details.removals).toEqual([
      expect.objectContaining({ matterCode: cat.matters[0].code, kind: 'steps' }),
      expect.objectContaining({ matterCode: cat.matters[1].code, kind: 'steps' }),
    ]);
    expect(await versions()).toBe(before);
    const dry = await reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'c.json', content, dryRun: true, allowRemovals: true } });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ imported: false, result: { updated: 2 } });
    expect(await versions()).toBe(before);
    const confirmed = await reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'c.json', content, allowRemovals: true } });
    expect(confirmed.statusCode).toBe(200);
    expect(await versions()).toBe(before + 2);
  });
});
