import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.js';
import { lifecycleOf, traceActivities } from '../model.js';
import { importXesFile, importXesString } from './xes.js';
import { LogImportError } from './errors.js';
import { XesReader } from './xes-reader.js';

const xes = (body: string, head = '<?xml version="1.0" encoding="UTF-8"?>\n') => `${head}<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n${body}\n</log>\n`;

describe('XES import of the shared event logs', () => {
  it.each([
    ['running-example.xes', 6, 42],
    ['roadtraffic100traces.xes', 100, 390],
    ['BPIC15_1.xes.gz', 1199, 52217],
  ])('%s has the documented number of cases and events', async (name, cases, events) => {
    const log = await importXesFile(sharedData('eventlogs', name));
    expect(log.caseIds.length).toBe(cases);
    expect(log.activity.length).toBe(events);
    expect(Array.from(log.timestamp).every((t) => Number.isFinite(t))).toBe(true);
  });

  it('reads BPIC15 despite its byte-order mark, with case ids and dates as numbers', async () => {
    const log = await importXesFile(sharedData('eventlogs', 'BPIC15_1.xes.gz'));
    expect(log.caseIds[0]).toBe('10009138');
    const due = log.eventAttributes.get('dueDate');
    expect(due?.type).toBe('date');
    expect(due!.values.some((v) => typeof v === 'number')).toBe(true);
    expect(log.caseAttributes.get('parts')?.values[0]).toBeTypeOf('string');
  });

  it('reads the running example event by event, with offsets applied', async () => {
    const log = await importXesFile(sharedData('eventlogs', 'running-example.xes'));
    expect(log.caseIds[0]).toBe('3');
    expect(traceActivities(log, 0)).toEqual([
      'register request',
      'examine casually',
      'check ticket',
      'decide',
      'reinitiate request',
      'examine thoroughly',
      'check ticket',
      'decide',
      'pay compensation',
    ]);
    expect(log.resourceNames).toContain('Pete');
    // 2010-12-30T14:32:00.000+01:00
    expect(new Date(log.timestamp[0]).toISOString()).toBe('2010-12-30T13:32:00.000Z');
  });

  it('reports progress on the way', async () => {
    const seen: number[] = [];
    await importXesFile(sharedData('eventlogs', 'roadtraffic100traces.xes'), { onProgress: (p) => seen.push(p.bytesRead) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(fs.statSync(sharedData('eventlogs', 'roadtraffic100traces.xes')).size);
  });
});

describe('XES import of the forms real files use', () => {
  it('skips a UTF-8 byte-order mark', () => {
    const log = importXesString(`\uFEFF${xes('<trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="A"/></event></trace>')}`);
    expect(log.caseIds).toEqual(['c1']);
  });

  it('lower-cases lifecycle transitions', () => {
    const log = importXesString(
      xes(
        '<trace><event><string key="concept:name" value="A"/><string key="lifecycle:transition" value="START"/></event><event><string key="concept:name" value="A"/><string key="lifecycle:transition" value="COMPLETE"/></event></trace>',
      ),
    );
    expect([lifecycleOf(log, 0), lifecycleOf(log, 1)]).toEqual(['start', 'complete']);
  });

  it('keeps nested attributes under parent/child keys and does not mistake them for core attributes', () => {
    const log = importXesString(
      xes(`<trace><event>
        <string key="concept:name" value="A"/>
        <string key="address" value="x"><string key="concept:name" value="nested"/><int key="zip" value="273500"/></string>
        <list key="tags"><values><string key="t" value="urgent"/></values></list>
      </event></trace>`),
    );
    expect(log.activityNames).toEqual(['A']);
    expect(log.eventAttributes.get('address')?.values[0]).toBe('x');
    expect(log.eventAttributes.get('address/concept:name')?.values[0]).toBe('nested');
    expect(log.eventAttributes.get('address/zip')?.values[0]).toBe(273500);
    expect(log.eventAttributes.get('tags/t')?.values[0]).toBe('urgent');
  });

  it.each([
    ['2021-03-04T10:00:00.000+08:00', '2021-03-04T02:00:00.000Z'],
    ['2021-03-04T10:00:00Z', '2021-03-04T10:00:00.000Z'],
    ['2021-03-04T10:00:00.123456+0100', '2021-03-04T09:00:00.123Z'],
    ['2021-03-04 10:00:00', '2021-03-04T02:00:00.000Z'],
    ['2021-03-04', '2021-03-03T16:00:00.000Z'],
    ['2021-03-04T10:00', '2021-03-04T02:00:00.000Z'],
  ])('reads the timestamp %s (no offset means China Standard Time)', (text, iso) => {
    const log = importXesString(xes(`<trace><event><string key="concept:name" value="A"/><date key="time:timestamp" value="${text}"/></event></trace>`));
    expect(new Date(log.timestamp[0]).toISOString()).toBe(iso);
  });

  it('honours another default offset for timestamps without one', () => {
    const log = importXesString(xes('<trace><event><string key="concept:name" value="A"/><date key="time:timestamp" value="2021-03-04T10:00:00"/></event></trace>'), {
      defaultOffsetMinutes: 0,
    });
    expect(new Date(log.timestamp[0]).toISOString()).toBe('2021-03-04T10:00:00.000Z');
  });
});

describe('XES import of malformed input', () => {
  it('fails with line and column on a tag that is never closed properly', () => {
    const text = xes('<trace>\n<event>\n<string key="concept:name" value="A"/>\n</trace>');
    let error: unknown;
    try {
      importXesString(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LogImportError);
    expect((error as LogImportError).line).toBe(6);
    expect((error as LogImportError).column).toBeGreaterThan(0);
    expect((error as Error).message).toMatch(/line 6, column \d+/);
  });

  it('fails on a truncated file rather than returning the cases read so far', async () => {
    const full = fs.readFileSync(sharedData('eventlogs', 'running-example.xes'), 'utf8');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xes-'));
    const file = path.join(dir, 'cut.xes');
    fs.writeFileSync(file, full.slice(0, Math.floor(full.length / 2)));
    await expect(importXesFile(file)).rejects.toBeInstanceOf(LogImportError);
    const gz = path.join(dir, 'cut.xes.gz');
    const packed = zlib.gzipSync(full);
    fs.writeFileSync(gz, packed.subarray(0, packed.length >> 1));
    await expect(importXesFile(gz)).rejects.toBeInstanceOf(LogImportError);
  });

  it('rejects a document that is not an XES log', () => {
    expect(() => importXesString('<?xml version="1.0"?><definitions/>')).toThrow(/not an XES log/);
    expect(() => importXesString('')).toThrow(LogImportError);
  });

  it('rejects an unreadable date with its position', () => {
    expect(() => importXesString(xes('<trace><event><date key="time:timestamp" value="yesterday"/></event></trace>'))).toThrow(/unreadable date "yesterday".*line 3/);
  });
});

describe('the fast scanner and the full parser', () => {
  const columns = (log: ReturnType<typeof importXesString>) => ({
    cases: log.caseIds,
    activities: Array.from(log.activity, (a) => log.activityNames[a]),
    times: Array.from(log.timestamp),
    resources: Array.from(log.resource, (r) => (r < 0 ? null : log.resourceNames[r])),
    attributes: [...log.eventAttributes].map(([k, c]) => [k, c.type, c.values]),
    caseAttributes: [...log.caseAttributes].map(([k, c]) => [k, c.type, c.values]),
  });

  it.each(['running-example.xes', 'roadtraffic100traces.xes'])('read %s identically (text, bytes of the file, full parser)', async (name) => {
    const text = fs.readFileSync(sharedData('eventlogs', name), 'utf8');
    const strict = columns(importXesString(text, { mode: 'strict' }));
    expect(columns(importXesString(text))).toEqual(strict);
    expect(columns(await importXesFile(sharedData('eventlogs', name)))).toEqual(strict);
  });

  it('read a file with references, tabs, non-ASCII names and other timestamp forms from bytes as the full parser does', async () => {
    const text = `\uFEFF${xes(`<trace><string key="concept:name" value="案件-1"/>
      <event><string key="concept:name" value="受理 &amp; 审查"/><date key="time:timestamp" value="2024-03-04 09:00:00"/><string key="org:resource" value="王\t芳"/><string key="lifecycle:transition" value="COMPLETE"/></event>
      <event><string key="concept:name" value="决定"/><date key="time:timestamp" value="2024-03-05T09:00:00.5-0100"/><int key="parts" value="7"/><string key="org:resource" value="&#x674E;"/></event>
    </trace>`)}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xes-'));
    const file = path.join(dir, 'forms.xes');
    fs.writeFileSync(file, text);
    const fromBytes = await importXesFile(file);
    expect(columns(fromBytes)).toEqual(columns(importXesString(text.slice(1), { mode: 'strict' })));
    expect(fromBytes.activityNames).toEqual(['受理 & 审查', '决定']);
    expect(fromBytes.resourceNames).toEqual(['王 芳', '李']);
    expect(fromBytes.eventAttributes.get('parts')?.values[1]).toBe(7);
    expect(new Date(fromBytes.timestamp[1]).toISOString()).toBe('2024-03-05T10:00:00.500Z');
  });

  it('decode references and normalise whitespace in values the same way', () => {
    const text = xes('<trace><event><string key="concept:name" value="a &amp; b&#x4E2D;&#9;c&#10;d\te"/><string key="note" value=\'say "yes"\'/></event></trace>');
    const fast = importXesString(text);
    expect(fast.activityNames).toEqual(['a & b中\tc\nd e']);
    expect(fast.eventAttributes.get('note')?.values[0]).toBe('say "yes"');
    expect(columns(fast)).toEqual(columns(importXesString(text, { mode: 'strict' })));
  });

  it('hands what it does not read itself (DOCTYPE, CDATA, text) to the full parser, which imports it', () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE log>\n<log xes.version="1.0"><!-- made by hand --><trace><string key="concept:name" value="c1"/><event><string key="concept:name" value="A"/></event></trace></log>\n`;
    expect(importXesString(text).caseIds).toEqual(['c1']);
    const withText = xes('<trace>note<event><string key="concept:name" value="A"/></event></trace>');
    expect(importXesString(withText).activityNames).toEqual(['A']);
  });

  it('never accepts what the full parser rejects: all report the same error', async () => {
    for (const bad of [
      xes('<trace><event><string key="concept:name" value="a < b"/></event></trace>'),
      xes('<trace><event><string key="concept:name" value="x" key="y"/></event></trace>'),
      xes('<trace><event><string key="concept:name" value="A &nope; B"/></event></trace>'),
      xes('<trace><event></trace></event>'),
      `${xes('<trace/>')}<log/>`,
    ]) {
      let fast: unknown;
      let strict: unknown;
      try {
        importXesString(bad);
      } catch (err) {
        fast = err;
      }
      try {
        importXesString(bad, { mode: 'strict' });
      } catch (err) {
        strict = err;
      }
      expect(strict).toBeInstanceOf(LogImportError);
      expect((fast as Error).message).toBe((strict as Error).message);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xes-')), 'bad.xes');
      fs.writeFileSync(file, bad);
      const fromFile = await importXesFile(file).catch((err: unknown) => err);
      expect((fromFile as Error).message).toBe((strict as Error).message);
    }
  });

  it('read the same however the input is cut into chunks', () => {
    const text = fs.readFileSync(sharedData('eventlogs', 'roadtraffic100traces.xes'), 'utf8').replace(/\n/g, '\r\n');
    const bytes = Buffer.from(`\uFEFF${text}`, 'utf8');
    const expected = columns(importXesString(text, { mode: 'strict' }));
    let seed = 7;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % max);
    };
    for (const max of [1, 7, 64, 4096]) {
      const byteReader = new XesReader({ mode: 'bytes' });
      for (let i = 0; i < bytes.length;) {
        const n = next(max);
        byteReader.writeBytes(bytes.subarray(i, i + n));
        i += n;
      }
      expect(columns(byteReader.finish())).toEqual(expected);
      const textReader = new XesReader({ mode: 'fast' });
      for (let i = 0; i < text.length;) {
        const n = next(max);
        textReader.write(text.slice(i, i + n));
        i += n;
      }
      expect(columns(textReader.finish())).toEqual(expected);
    }
  });
});

describe('timestamps read from bytes', () => {
  it('equal those read from text, for every shape the reader accepts and many it does not', async () => {
    const { parseIsoBytes } = await import('./iso-bytes.js');
    const { parseIsoTimestamp } = await import('./timestamps.js');
    const fc = (await import('fast-check')).default;
    const pad = (v: number, n: number) => String(v).padStart(n, '0');
    const shaped = fc
      .record({
        y: fc.integer({ min: 0, max: 9999 }),
        mo: fc.integer({ min: 0, max: 13 }),
        d: fc.integer({ min: 0, max: 32 }),
        h: fc.integer({ min: 0, max: 25 }),
        mi: fc.integer({ min: 0, max: 60 }),
        s: fc.integer({ min: 0, max: 61 }),
        f: fc.constantFrom('', '.5', '.546', '.123456', ',25'),
        sep: fc.constantFrom('T', ' '),
        zone: fc.constantFrom('', 'Z', '+02:00', '-0130', '+08:00', '-11:30', '+0', 'x'),
        seconds: fc.boolean(),
      })
      .map(
        ({ y, mo, d, h, mi, s, f, sep, zone, seconds }) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}${seconds ? `:${pad(s, 2)}${f}` : ''}${zone}`,
      );
    const anything = fc.oneof(
      shaped,
      fc.string({ maxLength: 32 }),
      shaped.map((t) => t.slice(0, 10)),
    );
    fc.assert(
      fc.property(anything, fc.constantFrom(480, 0, -60), (text, offset) => {
        const bytes = Buffer.from(`x${text}y`, 'utf8');
        const fromBytes = parseIsoBytes(bytes, 1, bytes.length - 1, offset);
        const fromText = parseIsoTimestamp(text, offset);
        expect(Object.is(fromBytes, fromText) || (Number.isNaN(fromBytes) && Number.isNaN(fromText))).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(parseIsoBytes(Buffer.from('2011-10-01T00:38:44.546+02:00'), 0, 29, 480)).toBe(Date.parse('2011-10-01T00:38:44.546+02:00'));
    expect(parseIsoBytes(Buffer.from('2024-02-30T24:00:60.000+08:00'), 0, 29, 480)).toBe(parseIsoTimestamp('2024-02-30T24:00:60.000+08:00'));
  });
});
