// CSV event logs: one row per event, a column mapping says which column is the case, the
// activity, the timestamp (and optionally resource, lifecycle, start timestamp). The
// timestamp format is detected per column from the values and reported back, so a reader
// can see how `03/04/2021` was understood. Events are ordered by time within each case
// (stable: rows with equal times keep file order).
import fs from 'node:fs';
import { parse } from 'csv-parse';
import { LogBuilder, type EventLog } from '../model.js';
import { DEFAULT_OFFSET_MINUTES, detectTimestampFormat, hasExplicitOffset, TIMESTAMP_FORMATS, type TimestampFormat } from './timestamps.js';
import { LogImportError } from './errors.js';
import type { ImportProgress } from './xes.js';
import { InputLimitError, Utf8Check, inputLimits, limitExceeded } from '../../shared/bounds.js';

export interface CsvColumnMapping {
  case: string;
  activity: string;
  timestamp: string;
  resource?: string;
  lifecycle?: string;
  /** Start of the activity, when the source records it in a separate column. */
  startTimestamp?: string;
}

const MAPPED_COLUMNS = ['case', 'activity', 'timestamp', 'resource', 'startTimestamp'] as const;

/** The CSV options a caller passes as separate fields (CLI flags, query parameters). */
export type CsvColumnOptions = Partial<Pick<CsvColumnMapping, (typeof MAPPED_COLUMNS)[number]>> & { delimiter?: string };

/** The column mapping those options give (the columns not named are detected). */
export function columnMapping(options: CsvColumnOptions): Partial<CsvColumnMapping> {
  const mapping: Partial<CsvColumnMapping> = {};
  for (const k of MAPPED_COLUMNS) if (options[k]) mapping[k] = options[k];
  return mapping;
}

export interface CsvImportOptions {
  mapping?: Partial<CsvColumnMapping>;
  /** Field separator; detected from the header (`,` `;` tab `|`) when absent. */
  delimiter?: string;
  defaultOffsetMinutes?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface DetectedTimestampColumn {
  column: string;
  format: string;
  /** Whether values carry their own UTC offset, or `defaultOffsetMinutes` was assumed. */
  offset: 'explicit' | 'assumed';
  assumedOffsetMinutes?: number;
}

export interface CsvImportReport {
  mapping: CsvColumnMapping;
  delimiter: string;
  timestampFormats: DetectedTimestampColumn[];
  rows: number;
}

const CANDIDATES: Record<keyof CsvColumnMapping, string[]> = {
  case: ['case:concept:name', 'case', 'case_id', 'caseid', 'case id', 'case:id', 'trace'],
  activity: ['concept:name', 'activity', 'activity_name', 'event', 'task'],
  timestamp: ['time:timestamp', 'timestamp', 'complete timestamp', 'end_timestamp', 'time', 'end time', 'completed'],
  resource: ['org:resource', 'resource', 'user', 'performer'],
  lifecycle: ['lifecycle:transition', 'lifecycle', 'transition'],
  startTimestamp: ['start_timestamp', 'start timestamp', 'start time', 'start'],
};

function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = -1;
  for (const d of [',', ';', '\t', '|']) {
    const n = headerLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Chooses columns for the mapping: explicit names first, then well-known names. */
export function resolveMapping(header: string[], given: Partial<CsvColumnMapping> = {}): CsvColumnMapping {
  const lower = header.map((h) => h.trim().toLowerCase());
  const pick = (field: keyof CsvColumnMapping, required: boolean): string | undefined => {
    const explicit = given[field];
    if (explicit !== undefined) {
      if (!header.includes(explicit)) throw new LogImportError(`column "${explicit}" (${field}) is not in the header: ${header.join(', ')}`);
      return explicit;
    }
    for (const c of CANDIDATES[field]) {
      const i = lower.indexOf(c);
      if (i >= 0) return header[i];
    }
    if (required) throw new LogImportError(`no ${field} column: name it in the mapping (columns: ${header.join(', ')})`);
    return undefined;
  };
  const mapping: CsvColumnMapping = { case: pick('case', true)!, activity: pick('activity', true)!, timestamp: pick('timestamp', true)! };
  const resource = pick('resource', false);
  const lifecycle = pick('lifecycle', false);
  const start = pick('startTimestamp', false);
  if (resource) mapping.resource = resource;
  if (lifecycle) mapping.lifecycle = lifecycle;
  if (start && start !== mapping.timestamp) mapping.startTimestamp = start;
  return mapping;
}

export interface CsvImportResult {
  log: EventLog;
  report: CsvImportReport;
}

/** Imports CSV text or a file's contents given as an async source of chunks. */
async function importCsvSource(source: AsyncIterable<Buffer | string>, options: CsvImportOptions, totalBytes: number): Promise<CsvImportResult> {
  const offset = options.defaultOffsetMinutes ?? DEFAULT_OFFSET_MINUTES;
  let header: string[] | null = null;
  let delimiter = options.delimiter;
  const rows: string[][] = [];
  let bytesRead = 0;
  let lastReport = 0;

  // The delimiter must be known before csv-parse starts; peek at the first line.
  const chunks: Array<Buffer | string> = [];
  const iterator = source[Symbol.asyncIterator]();
  let firstText = '';
  while (!firstText.includes('\n')) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    firstText += next.value.toString();
  }
  if (delimiter === undefined) delimiter = detectDelimiter(firstText.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '');

  const parser = parse({ delimiter, bom: true, relax_column_count: false, skip_empty_lines: true, info: false });
  const { maxEvents } = inputLimits();
  const utf8 = new Utf8Check((at) => new LogImportError(`invalid UTF-8 at byte ${at}: save the CSV as UTF-8`));
  const collect = (async () => {
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (header === null) header = record;
        else if (rows.push(record) > maxEvents) throw limitExceeded('maxEvents', maxEvents);
      }
    } catch (err) {
      parser.destroy();
      throw err;
    }
  })();
  // Waits until the parser takes more, or has stopped (an error in collect).
  const drained = () =>
    new Promise((r) => {
      parser.once('drain', r);
      parser.once('close', r);
    });
  const write = (c: Buffer | string) => {
    if (typeof c !== 'string') utf8.check(c);
    return parser.destroyed || parser.write(c);
  };
  try {
    const feed = async () => {
      try {
        await feedAll();
      } catch (err) {
        parser.destroy();
        await iterator.return?.();
        throw err;
      }
    };
    const feedAll = async () => {
      for (const c of chunks) {
        bytesRead += c.length;
        if (!write(c)) await drained();
      }
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        bytesRead += next.value.length;
        if (options.onProgress && bytesRead - lastReport > 1 << 20) {
          lastReport = bytesRead;
          options.onProgress({ bytesRead, totalBytes, events: rows.length });
        }
        if (parser.destroyed) break;
        if (!write(next.value)) await drained();
      }
      utf8.finish();
      if (!parser.destroyed) parser.end();
    };
    await Promise.all([feed(), collect]);
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    if (e instanceof LogImportError || e instanceof InputLimitError) throw e;
    throw new LogImportError(`malformed CSV: ${e.message}`, e.lines, undefined);
  }
  if (header === null) throw new LogImportError('empty CSV: no header row');
  const head: string[] = header;
  const mapping = resolveMapping(head, options.mapping);
  const col = (name: string | undefined) => (name === undefined ? -1 : head.indexOf(name));
  const ci = col(mapping.case);
  const ai = col(mapping.activity);
  const ti = col(mapping.timestamp);
  const ri = col(mapping.resource);
  const li = col(mapping.lifecycle);
  const si = col(mapping.startTimestamp);

  const detect = (index: number, name: string): { format: TimestampFormat; info: DetectedTimestampColumn } => {
    const samples: string[] = [];
    const sampleRows: number[] = [];
    for (let r = 0; r < rows.length && samples.length < 2000; r += Math.max(1, Math.floor(rows.length / 2000))) {
      samples.push(rows[r][index]);
      sampleRows.push(r);
    }
    const format = detectTimestampFormat(samples);
    if (!format) {
      // Name the value that spoils the format most samples follow (a day that does not exist, a typo).
      const filled = samples.map((v, k) => [v.trim(), sampleRows[k]] as const).filter(([v]) => v !== '');
      const best = TIMESTAMP_FORMATS.map((f) => ({ f, ok: filled.filter(([v]) => !Number.isNaN(f.parse(v, 0))).length })).sort((a, b) => b.ok - a.ok)[0];
      const bad = best && best.ok > 0 ? filled.find(([v]) => Number.isNaN(best.f.parse(v, 0))) : undefined;
      if (bad) throw new LogImportError(`row ${bad[1] + 2}, column "${name}": "${bad[0]}" is not a date of the form ${best.f.name}`, bad[1] + 2, index + 1);
      throw new LogImportError(`column "${name}": timestamp format not recognised (e.g. "${filled[0]?.[0] ?? ''}")`);
    }
    const explicit = samples.filter((s) => s.trim() !== '').every(hasExplicitOffset);
    return {
      format,
      info: explicit ? { column: name, format: format.name, offset: 'explicit' } : { column: name, format: format.name, offset: 'assumed', assumedOffsetMinutes: offset },
    };
  };
  const ts = detect(ti, mapping.timestamp);
  const st = si >= 0 ? detect(si, mapping.startTimestamp!) : null;

  // group rows by case, in order of first appearance; parse timestamps once
  const caseOrder: string[] = [];
  const byCase = new Map<string, number[]>();
  const time = new Float64Array(rows.length);
  const start = st ? new Float64Array(rows.length) : null;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const id = row[ci];
    let list = byCase.get(id);
    if (!list) {
      byCase.set(id, (list = []));
      caseOrder.push(id);
    }
    list.push(r);
    const t = row[ti].trim() === '' ? NaN : ts.format.parse(row[ti], offset);
    if (row[ti].trim() !== '' && Number.isNaN(t))
      throw new LogImportError(`row ${r + 2}, column "${mapping.timestamp}": "${row[ti]}" is not a date of the form ${ts.format.name}`, r + 2, ti + 1);
    time[r] = t;
    if (start && st) {
      start[r] = row[si].trim() === '' ? NaN : st.format.parse(row[si], offset);
      if (row[si].trim() !== '' && Number.isNaN(start[r]))
        throw new LogImportError(`row ${r + 2}, column "${mapping.startTimestamp}": "${row[si]}" is not a date of the form ${st.format.name}`, r + 2, si + 1);
    }
  }

  const caseCols: Array<[number, string]> = [];
  const eventCols: Array<[number, string]> = [];
  head.forEach((h, i) => {
    if ([ci, ai, ti, ri, li, si].includes(i)) return;
    if (h.startsWith('case:')) caseCols.push([i, h.slice(5)]);
    else eventCols.push([i, h]);
  });

  const b = new LogBuilder();
  for (const id of caseOrder) {
    const list = byCase.get(id)!;
    // stable sort by time (NaN last)
    list.sort((x, y) => {
      const a = time[x];
      const c = time[y];
      if (Number.isNaN(a) || Number.isNaN(c)) return Number.isNaN(a) ? (Number.isNaN(c) ? x - y : 1) : -1;
      return a - c || x - y;
    });
    const c = b.startCase(id);
    for (const [i, key] of caseCols) {
      const v = rows[list[0]][i];
      if (v !== '') b.setCaseAttribute(c, key, 'string', v);
    }
    for (const r of list) {
      const row = rows[r];
      const e = b.addEvent(row[ai], time[r], ri >= 0 && row[ri] !== '' ? row[ri] : null, li >= 0 && row[li] !== '' ? row[li] : null, start ? start[r] : NaN);
      for (const [i, key] of eventCols) if (row[i] !== '') b.setEventAttribute(e, key, 'string', row[i]);
    }
  }
  return {
    log: b.build(),
    report: { mapping, delimiter, timestampFormats: st ? [ts.info, st.info] : [ts.info], rows: rows.length },
  };
}

export async function importCsvFile(file: string, options: CsvImportOptions = {}): Promise<CsvImportResult> {
  const totalBytes = fs.statSync(file).size;
  return importCsvSource(fs.createReadStream(file, { highWaterMark: 1 << 20 }), options, totalBytes);
}

export async function importCsvString(text: string, options: CsvImportOptions = {}): Promise<CsvImportResult> {
  async function* one() {
    yield text;
  }
  return importCsvSource(one(), options, text.length);
}
