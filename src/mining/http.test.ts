// The mining API: logs go in with the request, figures and models come out. Nothing is
// stored, so one database target is enough.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { sharedData } from '../../test/support/shared-data.js';
import { EngineStore } from '../engine/store.js';
import { demoCatalogue } from '../catalogue/demo/index.js';

const [target] = await dbTargets();
const running = { format: 'xes', content: fs.readFileSync(sharedData('eventlogs', 'running-example.xes'), 'utf8') };

describe('mining API', () => {
  let t: TestApp;
  let clerk: Client;
  beforeAll(async () => {
    t = await openTestApp(target);
    clerk = await signInAs(t.app, 'clerk');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/mining/summary', payload: { log: running } });
    expect(res.statusCode).toBe(401);
  });

  it('summarises a log with working days', async () => {
    const res = await clerk.inject({ method: 'POST', url: '/api/mining/summary', payload: { log: running, variants: 2 } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ cases: 6, events: 42, activities: 8, totalVariants: 6 });
    expect(body.variants).toHaveLength(2);
    expect(body.dfg.edges[0]).toMatchObject({ from: expect.any(String), to: expect.any(String), count: expect.any(Number), medianSeconds: expect.any(Number) });
    expect(body.throughput.medianWorkdays).toBeGreaterThan(0);
  });

  it('reads gzip-compressed XES sent as base64 and CSV with a mapping', async () => {
    const gz = fs.readFileSync(sharedData('eventlogs', 'BPIC15_1.xes.gz')).toString('base64');
    const res = await clerk.inject({ method: 'POST', url: '/api/mining/summary', payload: { log: { format: 'xes', content: gz, encoding: 'base64' }, variants: 0 } });
    expect(res.json()).toMatchObject({ cases: 1199, events: 52217 });
    const csv = await clerk.inject({
      method: 'POST',
      url: '/api/mining/summary',
      payload: {
        log: { format: 'csv', content: 'Akte,Schritt,Zeit\n1,a,2024-03-04 09:00\n1,b,2024-03-05 09:00\n', mapping: { case: 'Akte', activity: 'Schritt', timestamp: 'Zeit' } },
        calendar: 'none',
      },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.json()).toMatchObject({ cases: 1, events: 2, throughput: { medianHours: 24, medianWorkdays: null }, csv: { mapping: { case: 'Akte' } } });
  });

  it('answers 422 with line and column for a broken log, 400 for a bad request', async () => {
    const bad = await clerk.inject({ method: 'POST', url: '/api/mining/summary', payload: { log: { format: 'xes', content: '<log>\n<trace>\n</log>' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'log_unreadable', details: { line: 3 } });
    expect(bad.json().error.message.zh).toContain('事件日志无法读取');
    const invalid = await clerk.inject({ method: 'POST', url: '/api/mining/summary', payload: { log: { format: 'pdf', content: 'x' } } });
    expect(invalid.statusCode).toBe(400);
  });

  it('discovers a BPMN model and checks the log against it', async () => {
    const d = await clerk.inject({ method: 'POST', url: '/api/mining/discover', payload: { log: running } });
    expect(d.statusCode).toBe(200);
    const { bpmn, tasks } = d.json();
    expect(tasks).toBe(8);
    const c = await clerk.inject({ method: 'POST', url: '/api/mining/conform', payload: { log: running, bpmn, traces: 1 } });
    expect(c.statusCode).toBe(200);
    expect(c.json()).toMatchObject({ fitness: 1, fitTraces: 6, traces: [{ case: '3', fitness: 1 }] });
    const unusable = await clerk.inject({ method: 'POST', url: '/api/mining/conform', payload: { log: running, bpmn: '<definitions/>' } });
    expect(unusable.statusCode).toBe(422);
    expect(unusable.json().error).toMatchObject({
      code: 'model_unusable',
      message: { zh: expect.stringMatching(/^BPMN 模型无法用于一致性检查：/), en: expect.stringMatching(/^the BPMN model cannot be replayed: /) },
    });
  });

  it('compares one log split at an instant', async () => {
    const res = await clerk.inject({ method: 'POST', url: '/api/mining/compare', payload: { before: running, splitAt: '2011-01-01T00:00:00+08:00' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.before.cases + body.after.cases).toBe(6);
    expect(body.figures.find((f: { name: string }) => f.name === 'cases')).toMatchObject({ before: body.before.cases, after: body.after.cases });
    const both = await clerk.inject({ method: 'POST', url: '/api/mining/compare', payload: { before: running } });
    expect(both.statusCode).toBe(400);
  });

  it('mines the engine history of the caller’s regions, for the roles that may read it', async () => {
    const engine = new EngineStore(t.store.db);
    const d = (await clerk.inject({ method: 'POST', url: '/api/mining/discover', payload: { log: running } })).json() as { bpmn: string };
    const reform = await signInAs(t.app, 'reform');
    await engine.deploy(d.bpmn.replace('id="Process_mined"', 'id="claims"').replace('bpmnElement="Process_mined"', 'bpmnElement="claims"'), { regionCode: reform.user.regionCode });
    await engine.start('claims', { regionCode: reform.user.regionCode });
    await engine.start('claims', { regionCode: reform.user.regionCode });
    const res = await reform.inject({ method: 'GET', url: '/api/mining/engine?processKey=claims&lifecycle=complete' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ cases: 2, totalVariants: 1 });
    expect(body.variants[0].activities[0]).toBe('register request');
    expect((await clerk.inject({ method: 'GET', url: '/api/mining/engine' })).statusCode).toBe(403);

    // against a matter's promised time limit from the catalogue
    const matter = demoCatalogue().matters.find((m) => m.promisedDays > 0)!;
    const limited = (await reform.inject({ method: 'GET', url: `/api/mining/engine?processKey=claims&matter=${encodeURIComponent(matter.code)}` })).json();
    expect(limited.promisedLimit).toMatchObject({ matterCode: matter.code, promisedDays: matter.promisedDays });
    expect(limited.deadlines.promised).toMatchObject({ limitWorkdays: matter.promisedDays, cases: 2, late: 0 });
    expect((await reform.inject({ method: 'GET', url: '/api/mining/engine?matter=NO-SUCH-MATTER' })).statusCode).toBe(404);
  });
});
