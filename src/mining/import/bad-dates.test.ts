// A day that does not exist (2025-02-30) is refused wherever a date is read — XES through
// the WebAssembly loop and through JavaScript alike, CSV event logs, BPMN timer dates —
// instead of rolling over to 2025-03-02 as Date.UTC and Date.parse would.
import { describe, expect, it } from 'vitest';
import { importBpmn, validationExitCode } from '../../engine/bpmn/import.js';
import { definitions, flow, processXml } from '../../engine/testing/bpmn.js';
import { importCsvString } from './csv.js';
import { parseIsoTimestamp, parseTimestamp, TIMESTAMP_FORMATS } from './timestamps.js';
import { importXesString } from './xes.js';
import { XesReader } from './xes-reader.js';
import { xesWasmAvailable } from './xes-events-wasm.js';

const xes = (stamp: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n<trace><string key="concept:name" value="c1"/>\n` +
  `<event><string key="concept:name" value="A"/><date key="time:timestamp" value="2025-02-28T10:00:00.000+08:00"/></event>\n` +
  `<event><string key="concept:name" value="B"/><date key="time:timestamp" value="${stamp}"/></event>\n</trace>\n</log>\n`;

function readBytes(text: string, wasm: boolean) {
  const reader = new XesReader({ mode: 'bytes', wasm });
  reader.writeBytes(Buffer.from(text));
  return reader.finish();
}

const outcome = (fn: () => unknown): string => {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('dates that do not exist', () => {
  it('are not timestamps, in any format a log may use', () => {
    for (const s of ['2025-02-30', '2025-02-29T00:00:00Z', '2025-04-31 08:00', '2100-02-29T00:00:00+08:00']) {
      expect(parseIsoTimestamp(s), s).toBeNaN();
      expect(parseTimestamp(s), s).toBeNaN();
    }
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTimestamp('2000-02-29')).not.toBeNaN();
    for (const f of TIMESTAMP_FORMATS.filter((x) => /DD/.test(x.name))) {
      const text = f.name.startsWith('YYYY/')
        ? '2025/02/30'
        : f.name.startsWith('YYYY.')
          ? '2025.02.30'
          : f.name.startsWith('DD')
            ? `30${f.name[2]}02${f.name[2]}2025`
            : `02${f.name[2]}30${f.name[2]}2025`;
      expect(f.parse(text, 0), `${f.name}: ${text}`).toBeNaN();
    }
  });

  it('stop an XES import the same way through WebAssembly and JavaScript, naming the attribute', () => {
    expect(xesWasmAvailable()).toBe(true);
    for (const stamp of ['2025-02-30T10:00:00.000+08:00', '2025-02-30T10:00:00Z', '2025-02-30T10:00:00+08:00', '2025-02-30']) {
      const wasm = outcome(() => readBytes(xes(stamp), true));
      const js = outcome(() => readBytes(xes(stamp), false));
      const text = outcome(() => importXesString(xes(stamp)));
      const strict = outcome(() => importXesString(xes(stamp), { mode: 'strict' }));
      expect(wasm, stamp).toContain(`"${stamp}"`);
      expect(wasm).toContain('time:timestamp');
      expect(js).toBe(wasm);
      expect(text).toContain(`"${stamp}"`);
      expect(strict).toContain(`"${stamp}"`);
    }
    expect(readBytes(xes('2024-02-29T10:00:00.000+08:00'), true).activity.length).toBe(2);
  });

  it('stop a CSV event log, naming the row and the column', async () => {
    const csv = 'case,activity,timestamp\nc1,A,2025-02-27 10:00:00\nc1,B,2025-02-28 10:00:00\nc1,C,2025-02-30 10:00:00\n';
    await expect(importCsvString(csv)).rejects.toThrow('row 4, column "timestamp": "2025-02-30 10:00:00" is not a date');
    const rows = [
      'case,activity,timestamp,start_timestamp',
      ...Array.from({ length: 200 }, (_, i) => `c${i},A,2025-01-02 10:00:00,2025-01-02 09:00:00`),
      'c9,B,2025-01-03 10:00:00,2025-02-30 09:00:00',
    ];
    await expect(importCsvString(rows.join('\n'))).rejects.toThrow('row 202, column "start_timestamp": "2025-02-30 09:00:00" is not a date');
    const late = ['case,activity,timestamp', ...Array.from({ length: 200 }, (_, i) => `c${i},A,2025-01-02 10:00:00`), 'c9,B,2025-02-30 10:00:00'];
    await expect(importCsvString(late.join('\n'))).rejects.toThrow('row 202, column "timestamp": "2025-02-30 10:00:00" is not a date');
  });

  it('make a BPMN timer date an error naming the element', async () => {
    const xml = (date: string) =>
      definitions(
        processXml(
          'p',
          `<startEvent id="s"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDate>${date}</timeDate></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>${flow('s', 'wait')}${flow('wait', 'e')}`,
        ),
      );
    const bad = (await importBpmn(xml('2025-02-30T09:00:00+08:00'))).validation;
    // A timeDate is an expression, not schema-checked BPMN: the model is valid but cannot run here (exit 3).
    expect(validationExitCode(bad)).toBe(3);
    expect(bad.unsupported).toContainEqual(expect.objectContaining({ id: 'wait', reason: expect.stringContaining('2025-02-30') }));
    const good = (await importBpmn(xml('2025-02-28T09:00:00+08:00'))).validation;
    expect(validationExitCode(good)).toBe(0);
  });
});
