// zaizao projects, run as the real command on an embedded database: the roster template
// imports as it is, an export re-imports, a bad file changes nothing, the sweep and the board run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runZaizao } from '../../test/support/cli.js';
import { rosterTemplate } from '../enterprise/roster.js';
import { seedDemoData } from '../server/seed.js';
import { openStore } from '../store/database.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-projects-cli-'));
const env = { ZAIZAO_DATA: path.join(dir, 'db'), DATABASE_URL: '' };

beforeAll(async () => {
  const store = await openStore({ kind: 'pglite', dataDir: env.ZAIZAO_DATA });
  try {
    await seedDemoData(store, 'cli-test-password');
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('zaizao projects', () => {
  it('imports the roster template, refuses a file that is not a workbook, exports, sweeps and prints the board', async () => {
    const template = path.join(dir, 'template.xlsx');
    fs.writeFileSync(template, rosterTemplate());
    const imported = await runZaizao(['projects', 'roster-import', template, '--county', '370883'], env);
    expect(imported.stdout).toContain('created 1, updated 0, tier changes 1');
    const bad = path.join(dir, 'bad.xlsx');
    fs.writeFileSync(bad, 'not a workbook');
    const refused = await runZaizao(['projects', 'roster-import', bad, '--county', '370883'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('nothing was imported');
    const out = path.join(dir, 'export.xlsx');
    expect((await runZaizao(['projects', 'roster-export', out, '--county', '370883'], env)).code).toBe(0);
    expect((await runZaizao(['projects', 'roster-import', out, '--county', '370883'], env)).stdout).toContain('created 0, updated 1, tier changes 0');
    expect((await runZaizao(['projects', 'sweep'], env)).stdout).toContain('blockers to task-force lead: 0');
    expect((await runZaizao(['projects', 'board', '--county', '370883', '--format', 'json'], env)).stdout).toContain('"columns"');
  }, 120_000);
});
