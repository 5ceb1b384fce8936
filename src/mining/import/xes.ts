// XES (IEEE 1849) import: a file or a text → an event log (the export is ../export/xes.ts).
// The file (gzip or not) is streamed in chunks; a fast scanner on its bytes (xes-bytes.ts)
// reads it first, and at anything it is unsure of the file is read again with the full XML
// parser. Both feed the XES reader (xes-reader.ts); only the columnar log grows in memory,
// never a document tree. Any well-formedness error aborts the import with its line and
// column, and nothing of the half-read log is returned. Bounds: bytes after gunzip, events,
// and UTF-8 that decoding would silently repair.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';
import type { EventLog } from '../model.js';
import { InputLimitError, Utf8Check, inputLimits, limitExceeded } from '../../shared/bounds.js';
import { ScannerUnsure } from './xes-scanner.js';
import { XesReader } from './xes-reader.js';
import { LogImportError } from './errors.js';

export interface ImportProgress {
  /** Bytes of the source read so far (compressed bytes for .gz). */
  bytesRead: number;
  totalBytes: number;
  events: number;
}

export interface XesImportOptions {
  /** Minutes east of UTC for timestamps without an offset (default +08:00). */
  defaultOffsetMinutes?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Read plain events with the WebAssembly loop when it is built (default true; false keeps to JavaScript). */
  wasm?: boolean;
}

function isGzip(file: string): boolean {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 2, 0);
  } finally {
    fs.closeSync(fd);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

async function readXesFile(file: string, options: XesImportOptions, mode: 'bytes' | 'strict'): Promise<EventLog> {
  const totalBytes = fs.statSync(file).size;
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  const reader = new XesReader({ defaultOffsetMinutes: options.defaultOffsetMinutes, mode, wasm: options.wasm });
  let lastReport = 0;
  raw.on('data', (chunk: Buffer | string) => {
    bytesRead += chunk.length;
    if (options.onProgress && (bytesRead - lastReport > 1 << 20 || bytesRead === totalBytes)) {
      lastReport = bytesRead;
      options.onProgress({ bytesRead, totalBytes, events: reader.events });
    }
  });
  // gunzip runs on the thread pool, in parallel with the parsing on this thread; a large
  // output buffer lets it run ahead instead of waiting for the parser to ask
  const source: NodeJS.ReadableStream = isGzip(file) ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20, readableHighWaterMark: 1 << 23 } as zlib.ZlibOptions)) : raw;
  const decoder = new StringDecoder('utf8');
  // Bounds: bytes after gunzip, events, and UTF-8 that decoding would silently repair.
  const { maxLogBytes, maxEvents } = inputLimits();
  const utf8 = new Utf8Check((at) => new LogImportError(`invalid UTF-8 at byte ${at} of the XML: save the log as UTF-8`));
  let unpacked = 0;
  const bounded = (chunk: Buffer) => {
    unpacked += chunk.length;
    if (unpacked > maxLogBytes) throw limitExceeded('maxLogBytes', maxLogBytes);
    if (reader.events > maxEvents) throw limitExceeded('maxEvents', maxEvents);
    utf8.check(chunk);
    return chunk;
  };
  try {
    if (mode === 'bytes') {
      for await (const chunk of source as AsyncIterable<Buffer>) reader.writeBytes(bounded(chunk));
    } else {
      for await (const chunk of source as AsyncIterable<Buffer>) reader.write(decoder.write(bounded(chunk)));
      reader.write(decoder.end());
    }
    utf8.finish();
    const log = reader.finish();
    if (log.activity.length > maxEvents) throw limitExceeded('maxEvents', maxEvents);
    return log;
  } catch (err) {
    raw.destroy();
    if (err instanceof LogImportError || err instanceof ScannerUnsure || err instanceof InputLimitError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw new LogImportError(`corrupt gzip data: ${(err as Error).message}`);
    throw err;
  }
}

/**
 * Imports an XES file, `.xes` or gzip-compressed (`.xes.gz`, detected by its magic bytes).
 * The fast scanner reads it first; if it meets anything unusual, the file is read again
 * with the full XML parser, which either imports it or reports the error's position.
 */
export async function importXesFile(file: string, options: XesImportOptions = {}): Promise<EventLog> {
  try {
    return await readXesFile(file, options, 'bytes');
  } catch (err) {
    if (!(err instanceof ScannerUnsure)) throw err;
  }
  return readXesFile(file, options, 'strict');
}

/** Imports XES text held in memory (small logs, tests, uploads). */
export function importXesString(text: string, options: XesImportOptions & { mode?: 'fast' | 'strict' } = {}): EventLog {
  const read = (mode: 'fast' | 'strict') => {
    const reader = new XesReader({ defaultOffsetMinutes: options.defaultOffsetMinutes, mode });
    const CHUNK = 1 << 16;
    for (let i = 0; i < text.length; i += CHUNK) reader.write(text.slice(i, i + CHUNK));
    return reader.finish();
  };
  if (options.mode === 'strict') return withinEventLimit(read('strict'));
  try {
    return withinEventLimit(read('fast'));
  } catch (err) {
    if (!(err instanceof ScannerUnsure)) throw err;
  }
  return withinEventLimit(read('strict'));
}

/** A log held in memory is bounded by the request that brought it; its events still are. */
function withinEventLimit(log: EventLog): EventLog {
  const { maxEvents } = inputLimits();
  if (log.activity.length > maxEvents) throw limitExceeded('maxEvents', maxEvents);
  return log;
}
