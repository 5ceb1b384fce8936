// zaizao analyze FILE, run as the real command on the demo catalogue written to a file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCatalogue } from '../catalogue/demo/index.js';
import { writeCatalogue } from '../catalogue/files/index.js';
import { runZaizao } from '../../test/support/cli.js';
import { sarifProblems } from './sarif.js';
import { RULE_IDS } from './rules/index.js';
import { openStore } from '../store/database.js';
import { seedDemoOrganisation } from '../org/seed.js';
import { seedDemoCatalogue } from '../catalogue/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { setRuleSetting } from './store.js';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-analyze-'));
  file = path.join(dir, 'demo.json');
  fs.writeFileSync(file, await writeCatalogue(demoCatalogue(), 'json'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('zaizao analyze FILE', () => {
  it('--format json: findings with rule, severity, matter, location, message, fix; figures as-is and to-be; exit 1 for errors', async () => {
    const res = await runZaizao(['analyze', file, '--format', 'json']);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      expect(Object.keys(f)).toEqual(expect.arrayContaining(['rule', 'severity', 'matter', 'location', 'message']));
      expect(RULE_IDS).toContain(f.rule);
    }
    expect(out.findings.some((f: { fix?: unknown }) => f.fix)).toBe(true);
    expect(out.figures.asIs.catalogue.matters).toBe(15);
    expect(out.figures.toBe.catalogue.materialsToSubmit).toBeLessThan(out.figures.asIs.catalogue.materialsToSubmit);
    expect(Object.keys(out.figures.asIs.departments).length).toBeGreaterThan(1);
  });

  it('--format sarif: a SARIF 2.1.0 log with every rule and every finding', async () => {
    const res = await runZaizao(['analyze', file, '--format', 'sarif']);
    const log = JSON.parse(res.stdout);
    expect(sarifProblems(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULE_IDS);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('demo.json');
  });

  it('--format table with a configuration that switches the error rules off: exit 0', async () => {
    const config = path.join(dir, 'rules.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        'no-legal-basis': 'off',
        'mutual-prerequisite': 'warning',
        'countersign-without-basis': 'off',
        'promised-exceeds-need': 'off',
        'commitment-eligible': 'off',
      }),
    );
    const res = await runZaizao(['analyze', file, '--config', config, '--lang', 'en']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Materials to submit');
    expect(res.stdout).not.toContain('no-legal-basis');
    const byDepartment = await runZaizao(['analyze', file, '--config', config, '--lang', 'en', '--figures', 'department']);
    expect(byDepartment.stdout).toMatch(/XZSP .*->/);
    expect(byDepartment.stdout).toMatch(/ZJJ .*->/);
  });

  it('bad input: one line on stderr', async () => {
    const missing = await runZaizao(['analyze', path.join(dir, 'none.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    const badConfig = path.join(dir, 'bad.json');
    fs.writeFileSync(badConfig, JSON.stringify({ 'no-such-rule': 'off' }));
    const usage = await runZaizao(['analyze', file, '--config', badConfig]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown rule: no-such-rule');
    const format = await runZaizao(['analyze', file, '--format', 'xml']);
    expect(format.code).toBe(2);
  });
});

describe('zaizao analyze without FILE: the catalogue in the database, with the region’s rule settings', () => {
  let data: string;
  beforeAll(async () => {
    data = path.join(dir, 'data');
    const store = await openStore({ kind: 'pglite', dataDir: data });
    try {
      await seedDemoOrganisation(store.db, 'demo-password-1');
      await seedDemoCatalogue(store.db);
      await setRuleSetting(store.db, SYSTEM_ACTOR, '370883', 'extra-visit', { severity: 'off' });
    } finally {
      await store.close();
    }
  });

  it('analyses the stored demo catalogue; the region switched extra-visit off', async () => {
    const env = { ZAIZAO_DATA: data, DATABASE_URL: '' };
    const res = await runZaizao(['analyze', '--format', 'json', '--region', '370883'], env);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out.figures.asIs.catalogue.matters).toBe(15);
    expect(out.findings.some((f: { rule: string }) => f.rule === 'extra-visit')).toBe(false);
    expect(out.findings.some((f: { rule: string }) => f.rule === 'mutual-prerequisite')).toBe(true);
    const bad = await runZaizao(['analyze', '--region', 'abc'], env);
    expect(bad.code).toBe(2);
  });
});

describe('sarifProblems', () => {
  it('names what a log lacks', () => {
    expect(sarifProblems({ version: '2.0.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal', ruleIndex: 3 }] }] })).toEqual([
      'sarifLog.version must be "2.1.0" (§3.13.2)',
      'runs[0].tool.driver.name required (§3.19.8)',
      'runs[0].results[0]: message object required (§3.27.11)',
      'runs[0].results[0].level invalid (§3.27.10)',
      'runs[0].results[0].ruleIndex out of range (§3.27.6)',
    ]);
  });
});
