// Stored event logs: uploaded as files (raw body), kept compactly, listed within the caller's
// scope, analysed by id, deleted with an audit row; a failed upload stores nothing.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { sharedData } from '../../test/support/shared-data.js';
import { EngineStore } from '../engine/store.js';
import { importXesFile } from './import/xes.js';
import { decodeLog, encodeLog } from './log-codec.js';
import type { EventLog } from './model.js';

const targets = await dbTargets();
const RUNNING = fs.readFileSync(sharedData('eventlogs', 'running-example.xes'));

const columns = (log: EventLog) => ({
  cases: log.caseIds,
  offsets: Array.from(log.caseOffsets),
  activities: Array.from(log.activity, (a) => log.activityNames[a]),
  times: Array.from(log.timestamp),
  start: log.startTimestamp && Array.from(log.startTimestamp),
  resources: Array.from(log.resource, (r) => (r < 0 ? null : log.resourceNames[r])),
  lifecycles: Array.from(log.lifecycle, (l) => (l < 0 ? null : log.lifecycleNames[l])),
  attributes: [...log.eventAttributes].map(([k, c]) => [k, c.type, c.values]),
  caseAttributes: [...log.caseAttributes].map(([k, c]) => [k, c.type, c.values]),
  logAttributes: log.logAttributes,
  classifiers: log.classifiers,
});

describe('the stored form of a log', () => {
  it.each(['running-example.xes', 'roadtraffic100traces.xes', 'BPIC15_1.xes.gz'])('gives %s back unchanged, in a fraction of the file’s size', async (name) => {
    const log = await importXesFile(sharedData('eventlogs', name));
    const bytes = encodeLog(log);
    expect(columns(decodeLog(bytes))).toEqual(columns(log));
    expect(bytes.length).toBeLessThan(fs.statSync(sharedData('eventlogs', name)).size);
  });
});

describe.each(targets)('stored event logs on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let officer: Client;
  let clerk: Client;
  const upload = (client: Client, body: Buffer | string, query: string) =>
    client.inject({ method: 'POST', url: `/api/mining/logs?${query}`, headers: { 'content-type': 'application/octet-stream' }, payload: body });
  const count = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('mining_logs')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await openTestApp(target);
    reform = await signInAs(t.app, 'reform');
    officer = await signInAs(t.app, 'officer');
    clerk = await signInAs(t.app, 'clerk');
  });
  afterAll(async () => t?.close());

  it('stores an uploaded XES file, lists it and analyses it by id', async () => {
    const res = await upload(reform, RUNNING, 'name=%E7%A4%BA%E4%BE%8B&fileName=running-example.xes');
    expect(res.statusCode, res.body).toBe(201);
    const info = res.json();
    expect(info).toMatchObject({
      name: '示例',
      source: 'xes',
      fileName: 'running-example.xes',
      fileBytes: RUNNING.length,
      cases: 6,
      events: 42,
      activities: 8,
      regionCode: reform.user.regionCode,
      createdBy: 'reform',
    });
    expect(info.storedBytes).toBeLessThan(RUNNING.length);
    const list = (await reform.inject({ method: 'GET', url: '/api/mining/logs' })).json().items;
    expect(list.map((l: { id: number }) => l.id)).toContain(info.id);

    const summary = await reform.inject({ method: 'GET', url: `/api/mining/logs/${info.id}/summary?variants=2&promisedWorkdays=5` });
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toMatchObject({ cases: 6, events: 42, totalVariants: 6, log: { id: info.id }, deadlines: { promised: { limitWorkdays: 5 } } });
    expect(summary.json().variants).toHaveLength(2);
    expect(summary.json().throughput.medianWorkdays).toBeGreaterThan(0);
    expect(summary.json().dfg.edges.length).toBeGreaterThan(0);

    const discovered = await reform.inject({ method: 'GET', url: `/api/mining/logs/${info.id}/discover` });
    expect(discovered.statusCode).toBe(200);
    expect(discovered.json().tasks).toBe(8);
    const conform = await reform.inject({ method: 'POST', url: `/api/mining/logs/${info.id}/conform`, payload: { bpmn: discovered.json().bpmn, traces: 1 } });
    expect(conform.json()).toMatchObject({ fitness: 1, fitTraces: 6 });

    const split = await reform.inject({ method: 'GET', url: `/api/mining/logs/${info.id}/compare?splitAt=2011-01-01` });
    expect(split.statusCode, split.body).toBe(200);
    expect(split.json().before.cases + split.json().after.cases).toBe(6);
  });

  it('reads gzip-compressed XES and CSV with a column mapping, and compares two stored logs', async () => {
    const gz = await upload(reform, zlib.gzipSync(RUNNING), 'fileName=running.xes.gz');
    expect(gz.statusCode, gz.body).toBe(201);
    expect(gz.json()).toMatchObject({ name: 'running.xes.gz', source: 'xes', events: 42 });
    const csv = await upload(
      reform,
      'Akte;Schritt;Zeit\n1;a;2024-03-04 09:00\n1;b;2024-03-05 09:00\n2;a;2024-03-04 10:00\n',
      'name=csv&format=csv&case=Akte&activity=Schritt&timestamp=Zeit&delimiter=%3B',
    );
    expect(csv.statusCode, csv.body).toBe(201);
    expect(csv.json()).toMatchObject({ source: 'csv', cases: 2, events: 3, importReport: { mapping: { case: 'Akte' } } });
    const named = await reform.inject({
      method: 'POST',
      url: '/api/mining/logs',
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('申请记录.xes') },
      payload: RUNNING,
    });
    expect(named.json()).toMatchObject({ name: '申请记录.xes', fileName: '申请记录.xes', source: 'xes' });
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(Object.keys(docs.json().paths)).toContain('/api/mining/logs/{id}/summary');
    const compared = await reform.inject({ method: 'GET', url: `/api/mining/logs/${gz.json().id}/compare?after=${csv.json().id}` });
    expect(compared.statusCode, compared.body).toBe(200);
    expect(compared.json()).toMatchObject({ before: { cases: 6 }, after: { cases: 2 } });
    expect((await reform.inject({ method: 'GET', url: `/api/mining/logs/${gz.json().id}/compare` })).statusCode).toBe(400);
  });

  it('takes files larger than the JSON body limit, the format found from the bytes', async () => {
    const res = await upload(reform, fs.readFileSync(sharedData('eventlogs', 'BPIC15_1.xes.gz')), 'name=bpic15');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ source: 'xes', cases: 1199, events: 52217 });
    const summary = (await reform.inject({ method: 'GET', url: `/api/mining/logs/${res.json().id}/summary?variants=0&dueAttribute=dueDate` })).json();
    expect(summary).toMatchObject({ cases: 1199, events: 52217 });
    expect(summary.deadlines.due.events).toBeGreaterThan(0);
  });

  it('stores nothing for a malformed file (422 with line and column), an oversize one (413) or an empty one', async () => {
    const before = await count();
    const bad = await upload(reform, '<log>\n<trace>\n</log>', 'fileName=bad.xes');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error).toMatchObject({ code: 'log_unreadable', details: { line: 3 } });
    expect(bad.json().error.message.zh).toContain('事件日志无法读取');
    const cut = zlib.gzipSync(RUNNING);
    expect((await upload(reform, cut.subarray(0, cut.length >> 1), 'fileName=cut.xes.gz')).statusCode).toBe(422);
    const badCsv = await upload(reform, 'a,b\n1,2\n', 'fileName=x.csv');
    expect(badCsv.statusCode).toBe(422);
    process.env.ZAIZAO_MINING_UPLOAD_MAX_BYTES = '1000';
    try {
      const big = await upload(reform, RUNNING, 'fileName=running-example.xes');
      expect(big.statusCode).toBe(413);
      expect(big.json().error).toMatchObject({ code: 'log_too_large', message: { zh: expect.stringContaining('日志文件过大'), en: expect.stringContaining('too large') } });
      // without a declared length too (the body is counted while it streams)
      const chunked = await reform.inject({
        method: 'POST',
        url: '/api/mining/logs?fileName=r.xes',
        headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' },
        payload: RUNNING,
      });
      expect(chunked.statusCode).toBe(413);
    } finally {
      delete process.env.ZAIZAO_MINING_UPLOAD_MAX_BYTES;
    }
    expect((await upload(reform, '', 'fileName=empty.xes')).statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it('keeps logs within region and department, and refuses roles without access', async () => {
    const own = await upload(officer, RUNNING, 'name=officer-log');
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().departmentCode).not.toBeNull();
    const officerList = (await officer.inject({ method: 'GET', url: '/api/mining/logs' })).json().items as Array<{ id: number; departmentCode: string }>;
    expect(officerList.map((l) => l.id)).toEqual([own.json().id]);
    const reformList = (await reform.inject({ method: 'GET', url: '/api/mining/logs' })).json().items as Array<{ id: number }>;
    expect(reformList.map((l) => l.id)).toContain(own.json().id);
    const someoneElses = reformList.find((l) => l.id !== own.json().id)!.id;
    // Another department's log exists: it is outside the officer's scope, and says so.
    const outside = await officer.inject({ method: 'GET', url: `/api/mining/logs/${someoneElses}/summary` });
    expect([outside.statusCode, outside.json().error.message.zh]).toEqual([403, `事件日志 ${someoneElses} 不在您的管辖范围内`]);
    expect((await clerk.inject({ method: 'GET', url: '/api/mining/logs' })).statusCode).toBe(403);
    expect((await upload(clerk, RUNNING, 'name=x')).statusCode).toBe(403);
    expect((await reform.inject({ method: 'GET', url: '/api/mining/logs/999999' })).statusCode).toBe(404);
  });

  it('deletes a log with an audit row; only managers delete others’ logs', async () => {
    const mine = (await upload(officer, RUNNING, 'name=to-delete')).json();
    const theirs = (await upload(reform, RUNNING, 'name=reform-log')).json();
    expect((await officer.inject({ method: 'DELETE', url: `/api/mining/logs/${theirs.id}` })).statusCode).toBe(403); // outside their scope
    const del = await officer.inject({ method: 'DELETE', url: `/api/mining/logs/${mine.id}` });
    expect(del.statusCode).toBe(204);
    expect((await officer.inject({ method: 'GET', url: `/api/mining/logs/${mine.id}` })).statusCode).toBe(404);
    const audit = await t.store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'mining_log').where('entity_id', '=', String(mine.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['mining.log.store', 'mining.log.delete']);
    expect((await reform.inject({ method: 'DELETE', url: `/api/mining/logs/${theirs.id}` })).statusCode).toBe(204);
  });

  it('stores the engine’s history as a log, for the roles that may read it', async () => {
    const engine = new EngineStore(t.store.db);
    const d = (await reform.inject({ method: 'POST', url: '/api/mining/discover', payload: { log: { format: 'xes', content: RUNNING.toString('utf8') } } })).json() as {
      bpmn: string;
    };
    await engine.deploy(d.bpmn.replace('id="Process_mined"', 'id="stored_claims"').replace('bpmnElement="Process_mined"', 'bpmnElement="stored_claims"'), {
      regionCode: reform.user.regionCode,
    });
    await engine.start('stored_claims', { regionCode: reform.user.regionCode });
    const res = await reform.inject({ method: 'POST', url: '/api/mining/logs/engine', payload: { name: '引擎历史', processKey: 'stored_claims' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ source: 'engine', cases: 1, importReport: { processKey: 'stored_claims' } });
    const summary = (await reform.inject({ method: 'GET', url: `/api/mining/logs/${res.json().id}/summary?lifecycle=complete` })).json();
    expect(summary.variants[0].activities[0]).toBe('register request');
    expect((await officer.inject({ method: 'POST', url: '/api/mining/logs/engine', payload: { name: 'x' } })).statusCode).toBe(403);
  });
});
