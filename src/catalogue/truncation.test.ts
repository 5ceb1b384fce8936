// A catalogue file cut short must not pass for a complete one: a row cut in the middle is a
// problem naming its sheet, row and column, and an import that would take every step,
// material or legal basis away from a matter lists those removals and needs confirmation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { seedDemoOrganisation } from '../org/seed.js';
import type { Actor } from '../org/model.js';
import { writeCatalogue } from './files/index.js';
import { CatalogueError, importCatalogueFile, loadCatalogue, seedDemoCatalogue } from './store.js';

const targets = await dbTargets();

const count = async (store: Store, table: 'matters' | 'matter_versions' | 'audit_log') =>
  Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.each(targets)('a truncated catalogue file on $name', (target) => {
  let store: Store;
  let reform: Actor;
  let csv: string;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-1');
    await seedDemoCatalogue(store.db);
    reform = { userId: 0, username: 'reform.test', displayName: 'reform', role: 'reform_office', regionCode: '370883', departmentId: null };
    csv = (await writeCatalogue(await loadCatalogue(store.db, reform), 'csv')).toString('utf8');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('reports a row cut in the middle with its sheet, row and the first missing column', async () => {
    const lines = csv.split('\r\n');
    const at = lines.findIndex((l) => l === '[steps]') + 3; // the second step row
    const cut = [...lines.slice(0, at), lines[at].split(',').slice(0, 4).join(',')].join('\r\n');
    const out = await importCatalogueFile(store.db, reform, cut, 'cut.csv');
    expect(out.result).toBeNull();
    expect(out.problems).toContainEqual(
      expect.objectContaining({
        sheet: 'steps',
        row: at + 1,
        column: expect.any(String),
        reason: expect.objectContaining({ en: expect.stringContaining('the file may be truncated') }),
      }),
    );
  });

  it('refuses an import that would remove every step of existing matters, listing them, unless allowed', async () => {
    const lines = csv.split('\r\n');
    const cut = lines
      .slice(
        0,
        lines.findIndex((l) => l === '[steps]'),
      )
      .join('\r\n');
    const versions = await count(store, 'matter_versions');
    const err = await importCatalogueFile(store.db, reform, cut, 'cut.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogueError);
    const removals = (err as CatalogueError).removals;
    expect((err as CatalogueError).code).toBe('conflict');
    expect(removals.filter((r) => r.kind === 'steps')).toHaveLength(15);
    expect(removals[0]).toMatchObject({ matterCode: expect.any(String), kind: expect.any(String), count: expect.any(Number) });
    expect(await count(store, 'matter_versions')).toBe(versions);
    // A dry run says the same, and writes nothing either.
    await expect(importCatalogueFile(store.db, reform, cut, 'cut.csv', { dryRun: true })).rejects.toMatchObject({
      code: 'conflict',
      removals: expect.arrayContaining([expect.objectContaining({ kind: 'steps' })]),
    });
    const dry = await importCatalogueFile(store.db, reform, cut, 'cut.csv', { dryRun: true, allowRemovals: true });
    expect(dry.result).toMatchObject({ updated: 15 });
    expect(await count(store, 'matter_versions')).toBe(versions);
  });

  it('accepts no cut between 1 % and 99 % of the file, and writes nothing for any of them', async () => {
    const versions = await count(store, 'matter_versions');
    const audit = await count(store, 'audit_log');
    const accepted: number[] = [];
    for (let pct = 1; pct <= 99; pct++) {
      const cut = csv.slice(0, Math.floor((csv.length * pct) / 100));
      const out = await importCatalogueFile(store.db, reform, cut, 'cut.csv').catch((e: unknown) => {
        if (e instanceof CatalogueError) return null;
        throw e;
      });
      if (out && out.problems.length === 0) accepted.push(pct);
    }
    expect(accepted).toEqual([]);
    expect(await count(store, 'matter_versions')).toBe(versions);
    expect(await count(store, 'audit_log')).toBe(audit);
  });
});
