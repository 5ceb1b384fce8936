// Uploads bounded after decompression: a gzip or xlsx bomb, a log with more events than the
// limit, bytes that are not UTF-8. Each is refused with the limit (and its setting) named,
// 413 input_too_large or 422, and nothing is stored.
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { zip } from '../support/zip.js';
import { DEFAULT_LIMITS, inputLimits } from '../../src/shared/bounds.js';

const [target] = await dbTargets();

const xesLog = (events: number, name = 'A') => {
  const body = Array.from(
    { length: events },
    (_, i) => `<event><string key="concept:name" value="${name}"/><date key="time:timestamp" value="2025-01-02T10:${String(i % 60).padStart(2, '0')}:00.000+08:00"/></event>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n<trace><string key="concept:name" value="c1"/>\n${body}\n</trace>\n</log>\n`;
};

describe('upload limits', () => {
  let t: TestApp;
  let reform: Client;
  const saved = { ...process.env };
  const stored = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('mining_logs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const matters = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('matter_versions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const upload = (name: string, body: Buffer | string) =>
    reform.inject({ method: 'POST', url: `/api/mining/logs?fileName=${name}`, headers: { 'content-type': 'application/octet-stream' }, payload: body });
  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-03-02T10:00:00+08:00') });
    reform = await signInAs(t.app, 'reform');
  });
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('ZAIZAO_MAX_')) delete process.env[k];
    Object.assign(process.env, saved);
  });
  afterAll(async () => t?.close());

  it('has documented defaults that settings may change', () => {
    expect(inputLimits({})).toEqual(DEFAULT_LIMITS);
    expect(inputLimits({ ZAIZAO_MAX_LOG_EVENTS: '10', ZAIZAO_MAX_DEPTH: 'lots' })).toEqual({ ...DEFAULT_LIMITS, maxEvents: 10 });
  });

  it('refuses a log with more events than the limit: 413 naming it, nothing stored', async () => {
    process.env.ZAIZAO_MAX_LOG_EVENTS = '1000';
    for (const [name, body] of [
      ['big.xes', xesLog(1500)],
      ['big.xes.gz', zlib.gzipSync(xesLog(1500))],
      ['big.csv', ['case,activity,timestamp', ...Array.from({ length: 1500 }, (_, i) => `c${i % 7},A,2025-01-02 10:00:00`)].join('\n')],
    ] as const) {
      const res = await upload(name, body);
      expect(res.statusCode, name).toBe(413);
      expect(res.json().error).toMatchObject({ code: 'input_too_large', details: { limit: 'maxEvents', max: 1000, variable: 'ZAIZAO_MAX_LOG_EVENTS' } });
      expect(res.json().error.message.en).toBe('events in the log exceeds the limit of 1,000 (ZAIZAO_MAX_LOG_EVENTS)');
    }
    expect(await stored()).toBe(0);
    expect((await upload('ok.xes', xesLog(900))).statusCode).toBe(201);
    expect(await stored()).toBe(1);
  });

  it('refuses a split date that does not exist instead of rolling it over', async () => {
    const stored = await upload('split.xes', xesLog(5));
    expect(stored.statusCode).toBe(201);
    const res = await reform.inject({ method: 'GET', url: `/api/mining/logs/${stored.json().id}/compare?splitAt=2025-02-30` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message.en).toBe('unreadable splitAt: 2025-02-30');
  });

  it('refuses a gzip that unpacks past the byte limit, streamed or in a JSON body', async () => {
    process.env.ZAIZAO_MAX_LOG_BYTES = String(1024 * 1024);
    const bomb = zlib.gzipSync(Buffer.concat([Buffer.from(xesLog(1).replace('</log>\n', '')), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from('</log>\n')]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const before = await stored();
    const res = await upload('bomb.xes.gz', bomb);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message.en).toBe('the event log unpacked exceeds the limit of 1 MB (ZAIZAO_MAX_LOG_BYTES)');
    const summary = await reform.inject({ method: 'POST', url: '/api/mining/summary', payload: { log: { format: 'xes', encoding: 'base64', content: bomb.toString('base64') } } });
    expect(summary.statusCode).toBe(413);
    expect(await stored()).toBe(before);
  });

  it('refuses bytes that are not UTF-8, saying where', async () => {
    const text = Buffer.from(xesLog(3, 'ÄÖ'));
    const at = text.indexOf(Buffer.from('ÄÖ'));
    text[at + 1] = 0xff;
    const res = await upload('bad.xes', text);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message.en).toContain(`invalid UTF-8 at byte ${at + 1}`);
    const csv = Buffer.from('case,activity,timestamp\nc1,受理,2025-01-02 10:00:00\n');
    csv[csv.indexOf(Buffer.from('受')) + 1] = 0x41;
    const bad = await upload('bad.csv', csv);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message.en).toContain('invalid UTF-8 at byte');
    const catalogue = await reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'c.csv', content: csv.toString('base64'), dryRun: true } });
    expect(catalogue.statusCode).toBe(422);
    expect(catalogue.json().error.details.problems[0].reason.en).toMatch(/^the file is not valid UTF-8 \(byte \d+\)/);
  });

  it('refuses an xlsx zip bomb before unpacking it, and one whose sizes lie while unpacking', async () => {
    process.env.ZAIZAO_MAX_CATALOGUE_BYTES = String(1024 * 1024);
    const before = await matters();
    const huge = Buffer.alloc(4 * 1024 * 1024, 0x20);
    for (const file of [zip([{ name: 'xl/workbook.xml', data: huge }]), zip([{ name: 'xl/workbook.xml', data: huge, declaredSize: 100 }])]) {
      const res = await reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'bomb.xlsx', content: file.toString('base64') } });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.message.en).toBe('the catalogue file unpacked exceeds the limit of 1 MB (ZAIZAO_MAX_CATALOGUE_BYTES)');
    }
    expect(await matters()).toBe(before);
  });
});
