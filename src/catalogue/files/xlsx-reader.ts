// A small, fast xlsx reader for imports: the zip's entries inflated with node:zlib, the
// workbook, its relationships, the shared strings and each sheet's cells read with saxes,
// values only (no styles, no cell objects). exceljs builds a model of every cell, which
// costs more than the whole rest of an import. Anything this reader does not understand
// makes it throw, and the caller falls back to exceljs.
import zlib from 'node:zlib';
import { SaxesParser } from 'saxes';
import { isUtf8 } from 'node:buffer';
import { firstInvalid, inputLimits, limitExceeded } from '../../shared/bounds.js';

/** A part of the workbook that is not UTF-8: reported, not read with replacement characters. */
export class XlsxEncodingError extends Error {
  constructor(
    readonly part: string,
    readonly byteOffset: number,
  ) {
    super(`${part} is not valid UTF-8 (byte ${byteOffset})`);
    this.name = 'XlsxEncodingError';
  }
}

export interface SheetValues {
  name: string;
  /** Rows by their 1-based number; each row's values by 0-based column. */
  rows: Map<number, unknown[]>;
}

/**
 * The bytes the archive's entries unpack to, as its central directory declares them: an
 * xlsx that declares more than the limit is refused before anything is inflated.
 */
export function declaredUnpackedBytes(buf: Buffer): number {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 0;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < count && p + 46 <= buf.length; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) break;
    const size = buf.readUInt32LE(p + 24);
    total += size === 0xffffffff ? Infinity : size; // zip64: more than 4 GB
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}

function entries(buf: Buffer): Map<string, Buffer> {
  // The declared sizes may lie: inflating is bounded by what is left of the budget.
  const { maxCatalogueBytes } = inputLimits();
  let budget = maxCatalogueBytes;
  // End of central directory: the last 0x06054b50 signature (no zip64, no archive comment beyond 64 KiB).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt zip entry');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) data = raw;
    else if (method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, budget) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw limitExceeded('maxCatalogueBytes', maxCatalogueBytes);
        throw err;
      }
    } else throw new Error(`unsupported zip compression ${method}`);
    budget -= data.length;
    if (budget < 0) throw limitExceeded('maxCatalogueBytes', maxCatalogueBytes);
    out.set(name, data);
  }
  return out;
}

function parse(xml: string, handlers: { open?: (name: string, attrs: Record<string, string>) => void; close?: (name: string) => void; text?: (t: string) => void }): void {
  const p = new SaxesParser();
  let error: Error | null = null;
  p.on('error', (e) => {
    error ??= e;
  });
  if (handlers.open) p.on('opentag', (t) => handlers.open!(t.name, t.attributes as Record<string, string>));
  if (handlers.close) p.on('closetag', (t) => handlers.close!(t.name));
  if (handlers.text) {
    p.on('text', handlers.text);
    p.on('cdata', handlers.text);
  }
  p.write(xml).close();
  if (error) throw error;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

function resolveTarget(target: string): string {
  const t = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Every sheet's values, in workbook order. */
export function readWorkbookValues(data: Buffer): SheetValues[] {
  const files = entries(data);
  const text = (name: string) => {
    const b = files.get(name);
    if (!b) throw new Error(`missing ${name}`);
    // Decoding would replace invalid bytes with U+FFFD without a word (xlsx parts are UTF-8).
    if (!isUtf8(b)) throw new XlsxEncodingError(name, firstInvalid(b));
    return b.toString('utf8');
  };

  const sheets: Array<{ name: string; rid: string }> = [];
  parse(text('xl/workbook.xml'), {
    open: (name, a) => {
      if (local(name) === 'sheet') sheets.push({ name: a.name, rid: a['r:id'] ?? Object.entries(a).find(([k]) => local(k) === 'id')?.[1] ?? '' });
    },
  });
  const targets = new Map<string, string>();
  parse(text('xl/_rels/workbook.xml.rels'), {
    open: (name, a) => {
      if (local(name) === 'Relationship') targets.set(a.Id, resolveTarget(a.Target));
    },
  });

  const shared: string[] = [];
  if (files.has('xl/sharedStrings.xml')) {
    let cur: string | null = null;
    let inT = false;
    let inRph = false;
    parse(text('xl/sharedStrings.xml'), {
      open: (name) => {
        const n = local(name);
        if (n === 'si') cur = '';
        else if (n === 't') inT = true;
        else if (n === 'rPh') inRph = true; // phonetic hints are not part of the text
      },
      close: (name) => {
        const n = local(name);
        if (n === 'si') {
          shared.push(cur ?? '');
          cur = null;
        } else if (n === 't') inT = false;
        else if (n === 'rPh') inRph = false;
      },
      text: (t) => {
        if (inT && !inRph && cur !== null) cur += t;
      },
    });
  }

  return sheets.map(({ name, rid }) => {
    const path = targets.get(rid);
    if (!path) throw new Error(`sheet ${name} has no part`);
    const rows = new Map<number, unknown[]>();
    let rowNo = 0;
    let row: unknown[] = [];
    let col = -1;
    let type = '';
    let value: string | null = null;
    let inValue = false;
    let inInline = false;
    let inInlineT = false;
    let inRph = false;
    let nextCol = 0;
    parse(text(path), {
      open: (tag, a) => {
        const n = local(tag);
        if (n === 'row') {
          rowNo = a.r ? Number(a.r) : rowNo + 1;
          row = [];
          nextCol = 0;
        } else if (n === 'c') {
          col = a.r ? columnIndex(a.r) : nextCol;
          nextCol = col + 1;
          type = a.t ?? 'n';
          value = null;
        } else if (n === 'v') {
          inValue = true;
          value ??= '';
        } else if (n === 'is') {
          inInline = true;
          value ??= '';
        } else if (n === 't' && inInline) inInlineT = true;
        else if (n === 'rPh') inRph = true;
      },
      close: (tag) => {
        const n = local(tag);
        if (n === 'v') inValue = false;
        else if (n === 'is') inInline = false;
        else if (n === 't') inInlineT = false;
        else if (n === 'rPh') inRph = false;
        else if (n === 'c') {
          if (value !== null) {
            let v: unknown;
            if (type === 's') v = shared[Number(value)] ?? '';
            else if (type === 'b') v = value === '1';
            else if (type === 'n') v = value === '' ? null : Number(value);
            else v = value; // inlineStr, str (formula result), e (error), d (ISO date)
            row[col] = v;
          }
        } else if (n === 'row') rows.set(rowNo, row);
      },
      text: (t) => {
        if ((inValue || (inInlineT && !inRph)) && value !== null) value += t;
      },
    });
    return { name, rows };
  });
}
