// The `zaizao mine` command, run as a child process like a user would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runZaizao } from '../../test/support/cli.js';
import { sharedData } from '../../test/support/shared-data.js';

const running = sharedData('eventlogs', 'running-example.xes');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mine-'));

describe('zaizao mine LOG', () => {
  it('prints the figures as JSON with variants, DFG edges and throughput in working days', async () => {
    const r = await runZaizao(['mine', running, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data).toMatchObject({ cases: 6, events: 42, activities: 8, calendar: { name: 'cn-workday' } });
    expect(data.variants).toHaveLength(6);
    expect(data.variants[0]).toMatchObject({ activities: expect.any(Array), count: 1 });
    expect(data.dfg.edges).toContainEqual(expect.objectContaining({ from: 'check ticket', to: 'decide', count: 6, medianSeconds: expect.any(Number) }));
    expect(data.throughput.medianWorkdays).toBeGreaterThan(0);
    expect(data.throughput.medianHours).toBeGreaterThan(data.throughput.medianWorkdays);
  });

  it('is the default subcommand: `mine LOG` and `mine summary LOG` agree', async () => {
    const [a, b] = await Promise.all([
      runZaizao(['mine', running, '--format', 'json', '--calendar', 'none']),
      runZaizao(['mine', 'summary', running, '--format', 'json', '--calendar', 'none']),
    ]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).throughput.medianWorkdays).toBeNull();
  });

  it('writes an HTML report', async () => {
    const r = await runZaizao(['mine', running, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/);
    expect(r.stdout).toContain('register request');
  });

  it('fails with one line and exit 2 on a wrong option, 1 on a broken log', async () => {
    const usage = await runZaizao(['mine', running, '--format', 'xml']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
    const both = await runZaizao(['mine', running, '--matter', 'X', '--promised-workdays', '5']);
    expect(both).toMatchObject({ code: 2, stderr: 'zaizao: give --promised-workdays or --matter, not both\n' });
    const dir = tmp();
    const broken = path.join(dir, 'broken.xes');
    fs.writeFileSync(broken, '<log>\n<trace>\n<event>\n</trace>\n</log>\n');
    const bad = await runZaizao(['mine', broken]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^zaizao: .*broken\.xes: malformed XML: .*\(line 4, column \d+\)\n$/);
    expect(bad.stdout).toBe('');
  });
});

describe('zaizao mine discover and conform', () => {
  it('discovers a BPMN model and replays the log on it with fitness 1', async () => {
    const dir = tmp();
    const model = path.join(dir, 'model.bpmn');
    const d = await runZaizao(['mine', 'discover', running, '--out', model, '--format', 'json']);
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout)).toMatchObject({ out: model, tasks: 8 });
    expect(fs.readFileSync(model, 'utf8')).toContain('<bpmndi:BPMNDiagram');
    const c = await runZaizao(['mine', 'conform', running, model, '--format', 'json']);
    expect(c.code).toBe(0);
    const result = JSON.parse(c.stdout);
    expect(result.fitness).toBe(1);
    expect(result.traces).toHaveLength(6);
    expect(result.traces[0]).toMatchObject({ case: '3', fitness: 1, fit: true });
  });

  it('names the deviating activities of a log that does not fit', async () => {
    const dir = tmp();
    const model = path.join(dir, 'model.bpmn');
    await runZaizao(['mine', 'discover', running, '--out', model]);
    const csv = path.join(dir, 'skips.csv');
    fs.writeFileSync(csv, 'case,activity,timestamp\n1,register request,2024-03-04 09:00\n1,decide,2024-03-04 10:00\n1,pay compensation,2024-03-05 10:00\n');
    const c = await runZaizao(['mine', 'conform', csv, model, '--format', 'json']);
    const result = JSON.parse(c.stdout);
    expect(result.fitness).toBeLessThan(1);
    expect(result.deviatingActivities.map((d: { activity: string }) => d.activity)).toEqual(['decide']);
  });
});

describe('zaizao mine compare and export', () => {
  it('splits one log at a date and compares the halves', async () => {
    const r = await runZaizao(['mine', 'compare', running, '--split-at', '2011-01-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const cmp = JSON.parse(r.stdout);
    expect(cmp.before.cases + cmp.after.cases).toBe(6);
    expect(cmp.figures.map((f: { name: string }) => f.name)).toContain('medianWorkdays');
    const usage = await runZaizao(['mine', 'compare', running]);
    expect(usage.code).toBe(2);
  });

  it('checks the engine subcommand’s region before opening the database', async () => {
    const r = await runZaizao(['mine', 'engine', '--region', 'Zoucheng']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('zaizao: --region must be a region code of digits (got Zoucheng)\n');
  });

  it('exports CSV as XES that imports again', async () => {
    const dir = tmp();
    const out = path.join(dir, 'receipt.xes.gz');
    const e = await runZaizao(['mine', 'export', sharedData('eventlogs', 'receipt.csv'), '--out', out]);
    expect(e.code).toBe(0);
    const r = await runZaizao(['mine', out, '--format', 'json', '--variants', '1']);
    expect(JSON.parse(r.stdout)).toMatchObject({ cases: 1434, events: 8577, totalVariants: 116 });
  });
});

describe('zaizao mine import LOG', () => {
  it('stores a log in the database, in the top region unless told otherwise', async () => {
    const data = tmp();
    const env = { ZAIZAO_DATA: data, ZAIZAO_DEMO_PASSWORD: 'demo-pass-123', DATABASE_URL: '' };
    expect((await runZaizao(['seed', 'demo'], env)).code).toBe(0);
    const r = await runZaizao(['mine', 'import', running, '--name', '示例日志', '--format', 'json', '--no-progress'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: '示例日志', source: 'xes', cases: 6, events: 42, regionCode: '370883', createdBy: 'system' });
    const town = await runZaizao(['mine', 'import', running, '--region', '370883001'], env);
    expect(town.stdout).toMatch(/^stored log \d+ "running-example.xes" in region 370883001: 6 cases, 42 events/);
    const bad = await runZaizao(['mine', 'import', running, '--region', '999'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('no such region: 999');
  });
});
