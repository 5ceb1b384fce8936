// zaizao bundle, run as the real command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runZaizao } from '../../test/support/cli.js';
import { demoCatalogue } from '../catalogue/demo/index.js';
import { writeCatalogue } from '../catalogue/files/index.js';
import { importBpmn } from '../engine/bpmn/import.js';
import { seedDemoCatalogue } from '../catalogue/store.js';
import { seedDemoOrganisation } from '../org/seed.js';
import { openStore } from '../store/database.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-bundle-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('zaizao bundle', () => {
  it('create --demo construction --format json prints before and after and writes the PDFs, HTML and BPMN', { timeout: 120_000 }, async () => {
    const out = tempDir();
    const files = { form: path.join(out, 'form.pdf'), letter: path.join(out, 'letter.pdf'), html: path.join(out, 'letter.html'), bpmn: path.join(out, 'process.bpmn') };
    const r = await runZaizao([
      'bundle',
      'create',
      '--demo',
      'construction',
      '--format',
      'json',
      '--form-pdf',
      files.form,
      '--letter-pdf',
      files.letter,
      '--letter-html',
      files.html,
      '--bpmn',
      files.bpmn,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json.before)).toEqual([
      'matters',
      'forms',
      'formFields',
      'materials',
      'steps',
      'departments',
      'stamps',
      'countersigns',
      'visits',
      'inspections',
      'examinations',
      'promisedWorkdaysSum',
      'promisedWorkdays',
    ]);
    expect(json.before).toMatchObject({ matters: 9, promisedWorkdays: 2 });
    expect(json.before.materials).toBeGreaterThanOrEqual(20);
    expect(json.after).toMatchObject({ forms: 1, commitmentLetters: 1 });
    expect(json.draft.name).toBe('建筑工程施工许可一件事');
    for (const f of [files.form, files.letter]) expect(fs.readFileSync(f).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(files.html, 'utf8')).toContain('告知承诺书');
    expect((await importBpmn(fs.readFileSync(files.bpmn, 'utf8'))).validation.ok).toBe(true);
  });

  it('refuses bad input on one line in both languages, exit 1; wrong options are usage errors, exit 2', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const file = path.join(dir, 'catalogue.json');
    fs.writeFileSync(file, await writeCatalogue(demoCatalogue(), 'json'));
    const unknown = await runZaizao(['bundle', 'create', '--catalog', file, '--name', '试验', '--matters', '370883-JS-001,370883-XX-404']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('事项清单中没有以下事项编码：370883-XX-404');
    expect(unknown.stderr).toContain('no matter with these codes');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    const single = await runZaizao(['bundle', 'create', '--catalog', file, '--name', '试验', '--matters', '370883-JS-001']);
    expect(single.code).toBe(1);
    expect(single.stderr).toContain('至少合并两个事项');
    expect((await runZaizao(['bundle', 'create', '--demo', 'nothing'])).code).toBe(2);
    expect((await runZaizao(['bundle', 'create', '--matters', 'A,B'])).code).toBe(2);
  });

  it('saves, publishes and lists a bundle on the database', { timeout: 240_000 }, async () => {
    const data = tempDir();
    const env = { ZAIZAO_DATA: path.join(data, 'db'), DATABASE_URL: '' };
    // The demo organisation and catalogue, loaded in-process (the commands that do it have their own tests).
    const store = await openStore({ kind: 'pglite', dataDir: env.ZAIZAO_DATA });
    await seedDemoOrganisation(store.db, 'demo-pass-123');
    await seedDemoCatalogue(store.db);
    await store.close();
    const saved = await runZaizao(['bundle', 'create', '--demo', 'business-startup', '--save', '--format', 'json'], env);
    expect(saved.stderr).toBe('');
    expect(JSON.parse(saved.stdout).bundle).toEqual({ id: 1, version: 1 });
    const published = await runZaizao(['bundle', 'publish', '1'], env);
    expect(published.stderr).toBe('');
    expect(published.stdout).toMatch(/service 370883-YJS-001 .*process bundle_1 deployed as version 1/);
    const list = await runZaizao(['bundle', 'list', '--format', 'json'], env);
    expect(JSON.parse(list.stdout).items.map((b: { name: string; status: string }) => [b.name, b.status])).toEqual([['企业开办一件事', 'published']]);

    // The office vetoes a replacement by a named user: a new version; publishing it again shows the changes first.
    const reliances = JSON.parse((await runZaizao(['bundle', 'reliances', '1', '--format', 'json'], env)).stdout) as { reliances: Array<{ key: string; source: string }> };
    const key = reliances.reliances.find((r) => r.source === 'material')!.key;
    const vetoed = await runZaizao(['bundle', 'veto', '1', '--key', key, '--reason', '暂无共享渠道', '--by', 'reform'], env);
    expect(vetoed.stderr).toBe('');
    expect(vetoed.stdout).toContain(`bundle 1 version 2: vetoed ${key}`);
    const unconfirmed = await runZaizao(['bundle', 'publish', '1'], env);
    expect(unconfirmed.code).toBe(1);
    expect(JSON.parse(unconfirmed.stdout).vetoes.added).toEqual([key]);
    expect((await runZaizao(['bundle', 'publish', '1', '--confirm'], env)).stdout).toContain('published bundle 1 version 2');
  });
});
