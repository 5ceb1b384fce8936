// An imported event log as bytes for the database: the columnar log as it is in memory
// (typed arrays written as they are, names and sparse attribute columns as JSON), the whole
// compressed with gzip. Timestamps are written as differences from the previous event, which
// are small and repeat, so they compress far better than the instants themselves; reading
// adds them up again exactly (the differences of doubles that are whole milliseconds are
// exact). BPIC 2012 (262,200 events, 74 MB of XES) takes about 1 MB this way.
import zlib from 'node:zlib';
import type { AttributeColumn, AttributeType, AttributeValue, EventLog } from './model.js';

const MAGIC = 'ZZLOG1';

interface Header {
  caseIds: string[];
  activityNames: string[];
  resourceNames: string[];
  lifecycleNames: string[];
  events: number;
  start: boolean;
  /** Sparse columns as [type, rows, values]. */
  eventAttributes: Array<[string, AttributeType, number[], AttributeValue[]]>;
  caseAttributes: Array<[string, AttributeType, number[], AttributeValue[]]>;
  logAttributes: Record<string, AttributeValue>;
  classifiers: Record<string, string[]>;
}

function sparse(columns: Map<string, AttributeColumn>): Header['eventAttributes'] {
  const out: Header['eventAttributes'] = [];
  for (const [key, col] of columns) {
    const rows: number[] = [];
    const values: AttributeValue[] = [];
    col.values.forEach((v, i) => {
      if (v !== undefined) {
        rows.push(i);
        values.push(v);
      }
    });
    out.push([key, col.type, rows, values]);
  }
  return out;
}

function dense(columns: Header['eventAttributes']): Map<string, AttributeColumn> {
  const out = new Map<string, AttributeColumn>();
  for (const [key, type, rows, values] of columns) {
    const col: AttributeColumn = { type, values: [] };
    for (let i = 0; i < rows.length; i++) col.values[rows[i]] = values[i];
    out.set(key, col);
  }
  return out;
}

function deltas(ts: Float64Array): Float64Array {
  const out = new Float64Array(ts.length);
  let prev = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (Number.isNaN(t)) out[i] = NaN;
    else {
      out[i] = t - prev;
      prev = t;
    }
  }
  return out;
}

function undelta(d: Float64Array): Float64Array {
  const out = new Float64Array(d.length);
  let prev = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (Number.isNaN(v)) out[i] = NaN;
    else out[i] = prev = prev + v;
  }
  return out;
}

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The log as compressed bytes. */
export function encodeLog(log: EventLog): Buffer {
  const header: Header = {
    caseIds: log.caseIds,
    activityNames: log.activityNames,
    resourceNames: log.resourceNames,
    lifecycleNames: log.lifecycleNames,
    events: log.activity.length,
    start: log.startTimestamp !== null,
    eventAttributes: sparse(log.eventAttributes),
    caseAttributes: sparse(log.caseAttributes),
    logAttributes: log.logAttributes,
    classifiers: log.classifiers,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(MAGIC.length + 4);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, MAGIC.length);
  const pad = Buffer.alloc((8 - ((head.length + json.length) % 8)) % 8);
  const parts = [head, json, pad, bytesOf(deltas(log.timestamp))];
  if (log.startTimestamp) parts.push(bytesOf(deltas(log.startTimestamp)));
  parts.push(bytesOf(log.caseOffsets), bytesOf(log.activity), bytesOf(log.resource), bytesOf(log.lifecycle));
  return zlib.gzipSync(Buffer.concat(parts), { level: 6 });
}

export class LogDecodeError extends Error {}

/** The log again from `encodeLog`'s bytes. */
export function decodeLog(bytes: Uint8Array): EventLog {
  const raw = zlib.gunzipSync(bytes);
  if (raw.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new LogDecodeError('not a stored event log');
  const jsonLength = raw.readUInt32LE(MAGIC.length);
  let at = MAGIC.length + 4;
  const header = JSON.parse(raw.toString('utf8', at, at + jsonLength)) as Header;
  at += jsonLength;
  at += (8 - (at % 8)) % 8;
  // copy out of the decompressed buffer into arrays of their own (aligned, and the big buffer can go)
  const take = <T>(make: (n: number) => T & ArrayBufferView, n: number, size: number): T => {
    const out = make(n);
    Buffer.from(out.buffer, out.byteOffset, out.byteLength).set(raw.subarray(at, at + n * size));
    at += n * size;
    return out;
  };
  const n = header.events;
  const timestamp = undelta(take((k) => new Float64Array(k), n, 8));
  const startTimestamp = header.start ? undelta(take((k) => new Float64Array(k), n, 8)) : null;
  const caseOffsets = take((k) => new Uint32Array(k), header.caseIds.length + 1, 4);
  const activity = take((k) => new Uint32Array(k), n, 4);
  const resource = take((k) => new Int32Array(k), n, 4);
  const lifecycle = take((k) => new Int32Array(k), n, 4);
  if (at !== raw.length) throw new LogDecodeError('stored event log has the wrong length');
  return {
    caseIds: header.caseIds,
    caseOffsets,
    activityNames: header.activityNames,
    activity,
    timestamp,
    startTimestamp,
    resourceNames: header.resourceNames,
    resource,
    lifecycleNames: header.lifecycleNames,
    lifecycle,
    eventAttributes: dense(header.eventAttributes),
    caseAttributes: dense(header.caseAttributes),
    logAttributes: header.logAttributes,
    classifiers: header.classifiers,
  };
}
