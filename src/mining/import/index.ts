// One entry point for every log format: a file (the name chooses the format) or content
// held in memory (a request's body).
import zlib from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { firstInvalid, inputLimits, limitExceeded } from '../../shared/bounds.js';
import type { EventLog } from '../model.js';
import { importCsvFile, importCsvString, type CsvImportOptions, type CsvImportReport } from './csv.js';
import { importXesFile, importXesString, type ImportProgress } from './xes.js';
import { LogImportError } from './errors.js';

export { LogImportError } from './errors.js';
export type { ImportProgress } from './xes.js';

export interface ImportOptions extends CsvImportOptions {
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportedLog {
  log: EventLog;
  format: 'xes' | 'csv';
  /** What CSV import detected (mapping, timestamp formats); absent for XES. */
  csv?: CsvImportReport;
}

/** Imports `.xes`, `.xes.gz` or `.csv` (the extension decides; `.gz` of anything else is read as XES). */
export async function importLogFile(file: string, options: ImportOptions = {}): Promise<ImportedLog> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv')) {
    const { log, report } = await importCsvFile(file, options);
    return { log, format: 'csv', csv: report };
  }
  if (lower.endsWith('.xes') || lower.endsWith('.xes.gz') || lower.endsWith('.gz') || lower.endsWith('.xml')) {
    return { log: await importXesFile(file, options), format: 'xes' };
  }
  throw new LogImportError(`unknown log format: ${file} (expected .xes, .xes.gz or .csv)`);
}

/** A log held in memory: its text, or with encoding base64 its bytes (gzip-compressed XES is recognised). */
export interface LogContent {
  format: 'xes' | 'csv';
  content: string;
  encoding?: 'utf8' | 'base64';
  mapping?: Record<string, string>;
}

/** gunzip within the log limit: a small gzip that unpacks to gigabytes is refused, not held in memory. */
function gunzipBounded(bytes: Buffer): Buffer<ArrayBuffer> {
  const { maxLogBytes } = inputLimits();
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: maxLogBytes }) as Buffer<ArrayBuffer>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw limitExceeded('maxLogBytes', maxLogBytes);
    // a damaged gzip stream is an unreadable log like any other
    if ((err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') throw new LogImportError((err as Error).message);
    throw err;
  }
}

/** Imports a log held in memory; LogImportError says why it cannot be read. */
export async function importLogContent(input: LogContent): Promise<{ log: EventLog; csv?: CsvImportReport }> {
  let text: string;
  if (input.encoding === 'base64') {
    let bytes = Buffer.from(input.content, 'base64');
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipBounded(bytes);
    if (!isUtf8(bytes)) throw new LogImportError(`invalid UTF-8 at byte ${firstInvalid(bytes)}: save the log as UTF-8`);
    text = bytes.toString('utf8');
  } else text = input.content;
  if (input.format === 'csv') {
    const { log, report } = await importCsvString(text, { mapping: input.mapping });
    return { log, csv: report };
  }
  return { log: importXesString(text) };
}
