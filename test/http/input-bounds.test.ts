// Bounds at the HTTP boundary: ids and offsets beyond PostgreSQL's integer range and JSON
// bodies nested deeper than the limit are the caller's error (400 with the error shape),
// never a database error or a stack overflow (500).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';

const [target] = await dbTargets(); // the boundary is the same on every database

const errorShape = { error: { code: expect.any(String), message: { zh: expect.any(String), en: expect.any(String) } } };
const HUGE = '99999999999999999999';

describe('input bounds at the HTTP boundary', () => {
  let t: TestApp;
  let reform: Client;
  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-03-02T10:00:00+08:00') });
    reform = await signInAs(t.app, 'reform');
  });
  afterAll(async () => t?.close());

  it.each([
    `/api/catalog/ledger/${HUGE}`,
    `/api/catalog/ledger/2147483648`,
    `/api/catalog/ledger/1/attachments/${HUGE}`,
    `/api/catalog/matters/370883-JS-001/versions/${HUGE}`,
    `/api/catalog/matters?offset=${HUGE}`,
    `/api/catalog/matters?offset=1e20`,
    `/api/bundles/${HUGE}`,
    `/api/mining/logs/${HUGE}`,
    `/api/audit?offset=${HUGE}`,
    `/api/engine/instances?offset=${HUGE}`,
  ])('answers 400 for GET %s', async (url) => {
    const res = await reform.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject(errorShape);
  });

  it('refuses a body nested deeper than the limit, naming it, before parsing it', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`; // variables nested 5,000 deep
    for (const [url, payload] of [
      ['/api/engine/instances', `{"processKey":"p","variables":{"v":${deep}}}`],
      ['/api/engine/messages', `{"name":"m","variables":{"v":${deep}}}`],
      ['/api/catalog/matters/370883-JS-001/versions', `{"stage":"as_is","matter":{"code":"x","name":${deep}}}`],
      ['/api/catalog/ledger', `{"matters":${'['.repeat(20000)}${']'.repeat(20000)}}`],
    ] as const) {
      const res = await reform.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'too_deep', details: { limit: 64 } } });
      expect(res.json().error.message.en).toContain('ZAIZAO_MAX_DEPTH');
    }
  });

  it('refuses BPMN and XES documents whose elements nest deeper than the limit, naming it', async () => {
    const n = 20_000;
    const sub = `${'<subProcess id="sp">'.repeat(n)}${'</subProcess>'.repeat(n)}`;
    const bpmn = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><process id="deep" isExecutable="true">${sub}</process></definitions>`;
    const deployed = await reform.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: bpmn } });
    expect(deployed.statusCode).toBe(400); // the engine answers every invalid model so
    expect(deployed.body).toContain('XML nested deeper than the limit of 64 levels (ZAIZAO_MAX_DEPTH)');
    const xes = `<?xml version="1.0"?><log xmlns="http://www.xes-standard.org/"><trace><event>${'<container key="c">'.repeat(n)}${'</container>'.repeat(n)}</event></trace></log>`;
    const uploaded = await reform.inject({ method: 'POST', url: '/api/mining/logs?fileName=deep.xes', headers: { 'content-type': 'application/octet-stream' }, payload: xes });
    expect(uploaded.statusCode).toBe(422);
    expect(uploaded.json().error.message.en).toContain('XML nested deeper than the limit of 64 levels (ZAIZAO_MAX_DEPTH)');
  });

  it('refuses NUL characters in paths, query strings, bodies and the uploaded file name (PostgreSQL text cannot hold them)', async () => {
    for (const [method, url, payload, headers] of [
      ['GET', '/api/catalog/matters/%00', undefined, {}],
      ['GET', '/api/catalog/matters?search=a%00b', undefined, {}],
      ['POST', '/api/engine/deployments', '{"xml":"<definitions>\\u0000</definitions>"}', { 'content-type': 'application/json' }],
      ['POST', '/api/engine/deployments', '{"xml":"\\ud800"}', { 'content-type': 'application/json' }],
      ['POST', '/api/mining/logs?name=a%00', 'x', { 'content-type': 'application/octet-stream' }],
      ['POST', '/api/mining/logs', 'x', { 'content-type': 'application/octet-stream', 'x-file-name': 'a%00.xes' }],
    ] as const) {
      const res = await reform.inject({ method, url, payload, headers });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('invalid_text');
    }
  });

  it('still parses ordinary JSON bodies, and refuses a __proto__ key as before', async () => {
    const ok = await reform.inject({ method: 'POST', url: '/api/engine/instances', payload: { processKey: 'no-such-process' } });
    expect(ok.statusCode).toBeLessThan(500);
    expect(ok.statusCode).not.toBe(400);
    const proto = await reform.inject({
      method: 'POST',
      url: '/api/engine/instances',
      payload: '{"processKey":"p","__proto__":{"x":1}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(proto.statusCode).toBe(400);
  });
});
