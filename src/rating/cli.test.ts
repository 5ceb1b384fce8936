// zaizao rating, run as the real command on an embedded database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZaizao } from '../../test/support/cli.js';
import type { Actor } from '../org/model.js';
import { seedDemoData } from '../server/seed.js';
import { openStore } from '../store/database.js';
import { rate } from './store.js';
import { applicationFor, deployRatedProcess } from './testing.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-rating-cli-'));
const env = { ZAIZAO_DATA: dir, DATABASE_URL: '' };
const applicant: Actor = { userId: 9, username: 'applicant', displayName: '申请人', role: 'applicant', regionCode: '370883', departmentId: null };

beforeAll(async () => {
  const clock = () => new Date('2026-12-01T10:00:00+08:00');
  const store = await openStore({ kind: 'pglite', dataDir: dir });
  try {
    await seedDemoData(store, 'cli-test-password');
    const engine = await deployRatedProcess(store, clock);
    const id = await applicationFor(engine, 'applicant');
    await rate(store.db, applicant, { occurrenceKind: 'instance', occurrenceId: id, level: 2, channel: 'portal' }, clock());
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('zaizao rating', () => {
  it('ranking prints the month’s fair ranking as JSON', { timeout: 120_000 }, async () => {
    const r = await runZaizao(['rating', 'ranking', '--month', '2026-12', '--format', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ dimension: 'department', period: { from: '2026-12-01', to: '2026-12-31' }, minSample: 30 });
    expect(json.rows).toEqual([expect.objectContaining({ key: 'ZJJ', name: '住房和城乡建设局', total: 1, negative: 1, rank: null, sampleTooSmall: true })]);
  });

  it('refuses a month that is not YYYY-MM and an unknown dimension with one line and exit 2', { timeout: 120_000 }, async () => {
    const month = await runZaizao(['rating', 'ranking', '--month', '2026-13'], env);
    expect(month.code).toBe(2);
    expect(month.stderr.trim().split('\n')).toHaveLength(1);
    expect(month.stderr).toContain('YYYY-MM');
    const dimension = await runZaizao(['rating', 'ranking', '--month', '2026-12', '--dimension', 'planet'], env);
    expect(dimension.code).toBe(2);
  });

  it('defaults gives none while no county has the rule', { timeout: 120_000 }, async () => {
    const r = await runZaizao(['rating', 'defaults'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('default ratings given: 0\n');
  });
});
