import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { sharedData } from '../../../test/support/shared-data.js';
import type { EventLog } from '../model.js';
import { importXesFile, importXesString } from './xes.js';
import { XesReader } from './xes-reader.js';
import { XesEventsWasm, xesWasmAvailable } from './xes-events-wasm.js';

/** Reads bytes through the byte scanner, cut into chunks of the given sizes (cycled). */
function readBytes(bytes: Buffer, wasm: boolean, sizes: number[] = [1 << 20]): EventLog {
  const reader = new XesReader({ mode: 'bytes', wasm });
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    reader.writeBytes(bytes.subarray(i, i + n));
    i += n;
  }
  return reader.finish();
}

const xes = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n${body}\n</log>\n`;

describe('the WebAssembly event loop', () => {
  it('is built on install, so imports use it', () => {
    expect(xesWasmAvailable()).toBe(true);
  });

  it('reads the events of a log written as OpenXES writes them itself, all of them', async () => {
    let read = 0;
    const count = (method: 'events' | 'traces') => {
      const original = XesEventsWasm.prototype[method];
      return vi.spyOn(XesEventsWasm.prototype, method).mockImplementation(function (this: XesEventsWasm, from: number, n: number, limit: number) {
        const stop = original.call(this, from, n, limit);
        read += this.produced;
        return stop;
      });
    };
    const spies = [count('events'), count('traces')];
    try {
      const log = await importXesFile(sharedData('eventlogs', 'bpic2012.xes.gz'));
      expect(read).toBeGreaterThan(log.activity.length * 0.99);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it.each(fs.readdirSync(sharedData('eventlogs')).filter((f) => /\.xes(\.gz)?$/.test(f)))('reads %s exactly as the JavaScript scanner does', async (name) => {
    const withWasm = await importXesFile(sharedData('eventlogs', name), { wasm: true });
    const withoutWasm = await importXesFile(sharedData('eventlogs', name), { wasm: false });
    expect(withWasm.activity.length).toBeGreaterThan(0);
    expect(isDeepStrictEqual(withWasm, withoutWasm)).toBe(true);
  });

  it('numbers names by first use across the events it reads and those it leaves to JavaScript', () => {
    const log = importViaBytes(
      xes(`<trace><string key="concept:name" value="c1"/>
        <event><string key="concept:name" value="B &amp; C"/><string key="org:resource" value="r2"/></event>
        <event><string key="concept:name" value="A"/><string key="org:resource" value="r1"/><string key="lifecycle:transition" value="START"/></event>
        <event><string key="concept:name" value="B &amp; C"/><int key="n" value="3"/></event>
        <event><string key="concept:name" value="A"/><string key="org:resource" value="r2"/><string key="lifecycle:transition" value="COMPLETE"/></event>
      </trace>`),
    );
    expect(log.activityNames).toEqual(['B & C', 'A']);
    expect(Array.from(log.activity)).toEqual([0, 1, 0, 1]);
    expect(log.resourceNames).toEqual(['r2', 'r1']);
    expect(log.lifecycleNames).toEqual(['start', 'complete']);
    expect(log.eventAttributes.get('n')?.values[2]).toBe(3);
  });

  it('reads a trace with more events than one call holds, and many distinct values', () => {
    const events: string[] = [];
    for (let i = 0; i < 70_000; i++) {
      events.push(
        `<event><string key="concept:name" value="act ${i % 3000}"/><string key="org:resource" value="person ${i}"/><date key="time:timestamp" value="2024-01-01T00:00:00.000+08:00"/></event>`,
      );
    }
    const bytes = Buffer.from(xes(`<trace><string key="concept:name" value="long"/>\n${events.join('\n')}\n</trace>`));
    const withWasm = readBytes(bytes, true);
    expect(withWasm.activity.length).toBe(70_000);
    expect(withWasm.activityNames.length).toBe(3000);
    expect(withWasm.resourceNames.length).toBe(70_000);
    expect(isDeepStrictEqual(withWasm, readBytes(bytes, false))).toBe(true);
  });

  it('reads any mix of plain and other events, traces and metadata as the JavaScript scanner and the full parser do, however it is cut', () => {
    const name = fc.constantFrom('A', 'B_1', 'W_Completeren aanvraag', '受理', 'a &amp; b', 'tab\there', '', 'x"y'.replace('"', '&quot;'));
    const time = fc.constantFrom(
      '2011-10-01T00:38:44.546+02:00',
      '2024-02-30T24:00:60.000+08:00',
      '2011-10-01T00:38:44+02:00',
      '2024-03-04 09:00:00',
      '2011-1O-01T00:38:44.546+02:00',
      '0099-10-01T00:38:44.546+02:00',
      '2011-10-01T00:38:44.546Z',
      '2011-10-01T00:38:44Z',
      '2011-10-01T00:38:44.5Z',
      '2011-10-01T00:38:44.123456+02:00',
      '2011-10-01T00:38:44z',
    );
    const core = fc.oneof(
      name.map((v) => `<string key="concept:name" value="${v}"/>`),
      name.map((v) => `<string key="org:resource" value="${v}"/>`),
      fc.constantFrom('COMPLETE', 'start', 'Schedule').map((v) => `<string key="lifecycle:transition" value="${v}"/>`),
      time.map((v) => `<date key="time:timestamp" value="${v}"/>`),
    );
    const extra = fc.oneof(
      fc.constant('<int key="n" value="7"/>'),
      fc.constant('<date key="start_timestamp" value="2011-10-01T00:30:00.000+02:00"/>'),
      fc.constant('<string key="note"  value="two spaces"/>'),
      fc.constant('<string key="parent" value="p"><string key="child" value="c"/></string>'),
      fc.constant('<date key="dueDate" value="2014-04-17T09:30:39+02:00"/>'),
      fc.constant('<date key="dueDate" value="2014-04-17"/>'),
      fc.constant('<boolean key="done" value="false"/>'),
      fc.constant('<float key="cost" value="x1"/>'),
      fc.constant('<int key="concept:name" value="5"/>'),
      fc.constant('<string key="time:timestamp" value="2011-10-01T00:38:44.546+02:00"/>'),
      fc.constant('<id key="org:resource" value="r-9"/>'),
    );
    const event = fc
      .tuple(fc.array(fc.oneof(core, core, extra), { maxLength: 7 }), fc.constantFrom('', '\n\t\t', ' '))
      .map(([attrs, ws]) => `<event>${ws}${attrs.join(ws)}${ws}</event>`);
    const traceAttribute = fc.oneof(
      name.map((v) => `<string key="concept:name" value="${v}"/>`),
      fc.constantFrom(
        '<date key="REG_DATE" value="2011-10-01T00:38:44.546+02:00"/>',
        '<date key="REG_DATE" value="2011-10-01"/>',
        '<int key="AMOUNT_REQ" value="20000"/>',
        '<float key="score" value="1.5"/>',
        '<boolean key="ok" value="TRUE"/>',
        '<id key="uid" value="u-1"/>',
        '<string key="AMOUNT_REQ" value="abc"/>',
        '<string key="nested" value="n"><int key="inner" value="1"/></string>',
        '<date key="concept:name" value="2011-10-01T00:38:44.546+02:00"/>',
      ),
    );
    const trace = fc
      .tuple(fc.array(fc.oneof(event, event, traceAttribute), { maxLength: 6 }), fc.constantFrom('\n\t', ''))
      .map(([parts, ws]) => `<trace>${ws}${parts.join(ws)}${ws}</trace>`);
    const metadata = fc.constantFrom(
      '<int key="meta_general:events_total" value="9"><int key="A" value="4"/>\n\t<int key="B;C+COMPLETE" value="5"/></int>',
      '<float key="m" value="1.5"><float key="10609" value="2.538"/><float key="人" value="1"/></float>',
      '<string key="g" value="x"><string key="Author" value="A &amp; B"/></string>',
      '<global scope="event"><string key="concept:name" value="UNKNOWN"/></global>',
      '<!-- a comment -->',
    );
    const log = fc
      .tuple(fc.array(metadata, { maxLength: 3 }), fc.array(trace, { maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 4 }))
      .map(([meta, traces, sizes]) => ({ text: xes([...meta, ...traces].join('\n')), sizes }));
    fc.assert(
      fc.property(log, ({ text, sizes }) => {
        const bytes = Buffer.from(text, 'utf8');
        const strict = attempt(() => importXesString(text, { mode: 'strict' }));
        const js = attempt(() => readBytes(bytes, false, sizes));
        const wasm = attempt(() => readBytes(bytes, true, sizes));
        const wasmWhole = attempt(() => readBytes(bytes, true));
        // the byte scanner may hand a log to the full parser (it then reads it again): where it
        // reads a log itself, the WebAssembly loop changes nothing of the result
        expect(wasm instanceof Error).toBe(js instanceof Error);
        if (!(js instanceof Error)) expect(isDeepStrictEqual(wasm, js)).toBe(true);
        // and never accepts what the full parser rejects
        if (strict instanceof Error) expect([wasm, wasmWhole].every((r) => r instanceof Error)).toBe(true);
        else if (!(wasmWhole instanceof Error)) expect(isDeepStrictEqual(comparable(wasmWhole), comparable(strict))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

function importViaBytes(text: string): EventLog {
  const log = readBytes(Buffer.from(text), true);
  expect(isDeepStrictEqual(log, readBytes(Buffer.from(text), false))).toBe(true);
  return log;
}

function attempt(read: () => EventLog): EventLog | Error {
  try {
    return read();
  } catch (err) {
    return err as Error;
  }
}

/** A log without its attribute containers' prototypes and holes, for comparing readers that build them alike. */
function comparable(log: EventLog) {
  return {
    caseIds: log.caseIds,
    activities: Array.from(log.activity, (a) => log.activityNames[a]),
    times: Array.from(log.timestamp),
    resources: Array.from(log.resource, (r) => (r < 0 ? null : log.resourceNames[r])),
    lifecycles: Array.from(log.lifecycle, (l) => (l < 0 ? null : log.lifecycleNames[l])),
    events: [...log.eventAttributes].map(([k, c]) => [k, c.type, Array.from(c.values)]),
    cases: [...log.caseAttributes].map(([k, c]) => [k, c.type, Array.from(c.values)]),
  };
}
