// The catalog commands, run in-process against an embedded database in a temporary directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Command, CommanderError } from 'commander';
import { register } from '../cli/commands/catalog.js';
import { CliError } from '../cli/errors.js';
import { openStore } from '../store/database.js';
import { seedDemoOrganisation } from '../org/seed.js';

let dir: string;
const saved = { ZAIZAO_DATA: process.env.ZAIZAO_DATA, DATABASE_URL: process.env.DATABASE_URL };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-catalog-'));
  process.env.ZAIZAO_DATA = path.join(dir, 'data');
  delete process.env.DATABASE_URL;
  const store = await openStore({ kind: 'pglite', dataDir: process.env.ZAIZAO_DATA });
  await seedDemoOrganisation(store.db, 'demo-password-1');
  await store.close();
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function zaizao(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const program = new Command('zaizao').exitOverride();
  register(program);
  const override = (cmd: Command) => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  try {
    await program.parseAsync(args, { from: 'user' });
    return { code: 0, stdout, stderr };
  } catch (e) {
    if (e instanceof CommanderError) return { code: 2, stdout, stderr };
    stderr += `zaizao: ${(e as Error).message}\n`;
    return { code: e instanceof CliError ? e.exitCode : 1, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const file = (name: string) => path.join(dir, name);

describe('zaizao catalog', () => {
  it('writes the template', async () => {
    const r = await zaizao('catalog', 'template', '--out', file('template.xlsx'));
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('template.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toContain('matters');
    expect((await zaizao('catalog', 'template', '--out', file('template.csv'))).code).toBe(2);
  });

  it('generates the same catalogue for the same seed, JSON to stdout without --out', async () => {
    const a = await zaizao('catalog', 'generate', '--matters', '60', '--departments', '30', '--seed', '4');
    const b = await zaizao('catalog', 'generate', '--matters', '60', '--departments', '30', '--seed', '4', '--out', file('gen.json'));
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(JSON.parse(a.stdout).matters).toHaveLength(60);
    expect(fs.readFileSync(file('gen.json'), 'utf8')).toBe(a.stdout);
    expect((await zaizao('catalog', 'generate', '--matters', 'many')).code).toBe(2);
  });

  it('refuses departments the organisation lacks unless told to create them, then imports', async () => {
    const refused = await zaizao('catalog', 'import', file('gen.json'), '--lang', 'en');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/departments .*D017 .*not in the organisation/);
    expect(refused.stderr).toMatch(/problem\(s\), nothing imported/);
    const ok = await zaizao('catalog', 'import', file('gen.json'), '--create-departments');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/60 matters imported as as_is: 60 new, 0 changed \(new version\), 0 unchanged; 14 departments created/);
  });

  it('shows a progress bar on a terminal for long imports', async () => {
    expect((await zaizao('catalog', 'generate', '--matters', '250', '--departments', '30', '--seed', '9', '--region', '370883', '--out', file('long.json'))).code).toBe(0);
    // a catalogue of its own: other codes than gen.json
    const doc = JSON.parse(fs.readFileSync(file('long.json'), 'utf8'));
    for (const m of doc.matters) {
      m.code = m.code.replace('-G', '-L');
      for (const p of m.prerequisites) p.matterCode = p.matterCode.replace('-G', '-L');
    }
    fs.writeFileSync(file('long.json'), JSON.stringify(doc));
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = true;
    try {
      const r = await zaizao('catalog', 'import', file('long.json'), '--create-departments');
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/importing .* 250\/250 matters/);
    } finally {
      process.stderr.isTTY = tty;
    }
  });

  it('exports and re-imports losslessly: nothing changes', async () => {
    const json = await zaizao('catalog', 'export');
    expect(json.code).toBe(0);
    const gen = JSON.parse(fs.readFileSync(file('gen.json'), 'utf8'));
    const exported = JSON.parse(json.stdout).matters as Array<{ code: string }>;
    expect(exported.filter((m) => m.code.includes('-G'))).toEqual(gen.matters);
    for (const ext of ['xlsx', 'csv', 'yaml']) {
      expect((await zaizao('catalog', 'export', '--out', file(`export.${ext}`))).code).toBe(0);
      const again = await zaizao('catalog', 'import', file(`export.${ext}`), '--format', 'json');
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ imported: true, matters: 310, created: 0, updated: 0, unchanged: 310 });
    }
    expect((await zaizao('catalog', 'export', '--format', 'xlsx')).code).toBe(2);
  });

  it('lists every problem of a bad file and writes nothing', async () => {
    const csv = fs.readFileSync(file('export.csv'), 'utf8').replace(/,行政许可,/, ',行政批准,');
    fs.writeFileSync(file('bad.csv'), csv);
    const r = await zaizao('catalog', 'import', file('bad.csv'), '--format', 'json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.imported).toBe(false);
    expect(report.problems[0]).toMatchObject({ sheet: 'matters', column: 'kind', value: '行政批准' });
    expect(report.problems[0].reason.zh).toContain('不是允许的取值');
    expect((await zaizao('catalog', 'import', file('missing.json'))).stderr).toMatch(/no such file/);
  });

  it('lists the removals a cut-short file would make and imports it only with --allow-removals', async () => {
    const csv = fs.readFileSync(file('export.csv'), 'utf8');
    fs.writeFileSync(file('cut.csv'), csv.slice(0, csv.indexOf('[steps]')));
    const dry = await zaizao('catalog', 'import', file('cut.csv'), '--dry-run', '--lang', 'en');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/matter\s+removes\s+count/);
    expect(dry.stderr.trim().split('\n')).toHaveLength(1);
    expect(dry.stderr).toContain('--allow-removals');
    const refused = await zaizao('catalog', 'import', file('cut.csv'));
    expect(refused.code).toBe(1);
    const confirmed = await zaizao('catalog', 'import', file('cut.csv'), '--allow-removals', '--format', 'json');
    expect(confirmed.code).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ imported: true, updated: 310 });
  });

  it('exports the ledger report', async () => {
    const r = await zaizao('catalog', 'ledger', '--out', file('ledger.xlsx'));
    expect(r.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file('ledger.xlsx'));
    expect(wb.worksheets[0].getCell('A1').value).toBe('流程再造事项台账');
  });
});
