// Limits on what a caller hands in: nesting depth of JSON and YAML, bytes after
// decompression, events per log. Every importer and the HTTP boundary read them from here, so
// one table (docs/security.md, "Input bounds and fuzzing") lists them all. Each can be set
// by an environment variable; a value that is not a positive whole number keeps the default.
import { isUtf8 } from 'node:buffer';
import { DomainError } from './errors.js';

export interface InputLimits {
  /** Deepest nesting of a JSON, YAML or XML document: arrays and objects, or elements (request bodies, catalogue files, process variables, BPMN, XES). */
  maxDepth: number;
  /** Bytes an uploaded catalogue may unpack to (an xlsx is a zip archive). */
  maxCatalogueBytes: number;
  /** Bytes an event log may unpack to (XES.gz, gzip CSV). */
  maxLogBytes: number;
  /** Events one event log may hold. */
  maxEvents: number;
}

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxDepth: 64,
  maxCatalogueBytes: 100 * 1024 * 1024,
  maxLogBytes: 1024 * 1024 * 1024,
  maxEvents: 5_000_000,
});

export const LIMIT_VARIABLES: Readonly<Record<keyof InputLimits, string>> = Object.freeze({
  maxDepth: 'ZAIZAO_MAX_DEPTH',
  maxCatalogueBytes: 'ZAIZAO_MAX_CATALOGUE_BYTES',
  maxLogBytes: 'ZAIZAO_MAX_LOG_BYTES',
  maxEvents: 'ZAIZAO_MAX_LOG_EVENTS',
});

/** The limits in force: the environment's where it sets them, the defaults otherwise. Read on each call, so tests and operators can change them. */
export function inputLimits(env: NodeJS.ProcessEnv = process.env): InputLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_VARIABLES) as Array<keyof InputLimits>) {
    const raw = env[LIMIT_VARIABLES[key]];
    if (raw !== undefined && /^\d+$/.test(raw.trim()) && Number(raw) > 0) out[key] = Number(raw);
  }
  return out;
}

/** Bytes for people: 100 MB, 1.5 KB. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} bytes`;
}

/**
 * The nesting depth of a JSON text, or -1 as soon as it passes `max` (scanning stops there).
 * Strings are skipped, so brackets inside them do not count. Linear, no recursion: this runs
 * before JSON.parse so a document nested 20,000 deep never reaches recursive code.
 */
export function jsonTextDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // skip the string: find the closing quote that is not escaped
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) return -1;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * The element nesting depth of an XML text, or -1 as soon as it passes `max`. Comments,
 * CDATA, processing instructions and declarations are skipped, quoted attribute values too
 * (they may hold '>'). Linear, before any (recursive) XML model is built.
 */
export function xmlTextDepth(text: string, max: number): number {
  let depth = 0;
  let deepest = 0;
  const n = text.length;
  let i = text.indexOf('<');
  while (i >= 0 && i < n) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      const end = text.startsWith('<!--', i) ? text.indexOf('-->', i + 4) : text.startsWith('<![CDATA[', i) ? text.indexOf(']]>', i + 9) : text.indexOf('>', i + 2);
      if (end < 0) break;
      i = text.indexOf('<', end + 1);
      continue;
    }
    if (c === 0x3f /* ? */) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) break;
      i = text.indexOf('<', end + 2);
      continue;
    }
    if (c === 0x2f /* / */) {
      depth--;
      const end = text.indexOf('>', i + 2);
      if (end < 0) break;
      i = text.indexOf('<', end + 1);
      continue;
    }
    // an opening tag: find its end outside quoted attribute values
    let j = i + 1;
    let quote = 0;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (quote) {
        if (d === quote) quote = 0;
      } else if (d === 0x22 || d === 0x27) quote = d;
      else if (d === 0x3e /* > */) break;
    }
    if (j >= n) break;
    if (text.charCodeAt(j - 1) !== 0x2f /* not self-closing */) {
      depth++;
      if (depth > max) return -1;
      if (depth > deepest) deepest = depth;
    }
    i = text.indexOf('<', j + 1);
  }
  return deepest;
}

/** The nesting depth of a parsed value, or -1 once it passes `max`. Iterative. */
export function valueDepth(value: unknown, max: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (seen.has(v)) continue; // YAML aliases share objects; their size is bounded elsewhere
    seen.add(v);
    const depth = d + 1;
    if (depth > max) return -1;
    if (depth > deepest) deepest = depth;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth]);
  }
  return deepest;
}

/** The message for a document nested too deep, naming the limit and its variable. */
export function tooDeep(max: number, what = ''): { zh: string; en: string } {
  return {
    zh: `${what}嵌套层数超过上限 ${max}（${LIMIT_VARIABLES.maxDepth}）`,
    en: `${what ? `${what} ` : ''}nested deeper than the limit of ${max} levels (${LIMIT_VARIABLES.maxDepth})`,
  };
}

/** An input beyond one of the limits: HTTP answers 413 `input_too_large` naming it, the CLI one line. */
export class InputLimitError extends DomainError {
  constructor(
    readonly limit: keyof InputLimits,
    readonly max: number,
    messages: { zh: string; en: string },
  ) {
    super(413, 'input_too_large', messages, { limit, max, variable: LIMIT_VARIABLES[limit] });
  }

  get variable(): string {
    return LIMIT_VARIABLES[this.limit];
  }
}

const WHAT: Record<keyof InputLimits, { zh: string; en: string; unit: (n: number) => string }> = {
  maxDepth: { zh: '嵌套层数', en: 'nesting depth', unit: (n) => `${n}` },
  maxCatalogueBytes: { zh: '清单文件解压后的大小', en: 'the catalogue file unpacked', unit: formatBytes },
  maxLogBytes: { zh: '事件日志解压后的大小', en: 'the event log unpacked', unit: formatBytes },
  maxEvents: { zh: '事件日志的事件数', en: 'events in the log', unit: (n) => n.toLocaleString('en') },
};

/** The error for an input past `limit`, e.g. "the event log unpacked exceeds the limit of 1024 MB (ZAIZAO_MAX_LOG_BYTES)". */
export function limitExceeded(limit: keyof InputLimits, max: number): InputLimitError {
  const w = WHAT[limit];
  return new InputLimitError(limit, max, {
    zh: `${w.zh}超过上限 ${w.unit(max)}（${LIMIT_VARIABLES[limit]}）`,
    en: `${w.en} exceeds the limit of ${w.unit(max)} (${LIMIT_VARIABLES[limit]})`,
  });
}

/**
 * Watches a stream of bytes for invalid UTF-8 (chunks may split a character). Decoding
 * would replace a bad sequence with U+FFFD without a word; `check` throws at the first one
 * with its byte offset.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly fail: (byteOffset: number) => Error) {}

  check(chunk: Buffer): void {
    let data = chunk;
    let base = this.offset;
    if (this.carry.length > 0) {
      data = Buffer.concat([this.carry, chunk]);
      base -= this.carry.length;
    }
    this.offset += chunk.length;
    const end = completeEnd(data);
    if (!isUtf8(data.subarray(0, end))) throw this.fail(base + firstInvalid(data.subarray(0, end)));
    this.carry = Buffer.from(data.subarray(end));
  }

  finish(): void {
    if (this.carry.length > 0) throw this.fail(this.offset - this.carry.length);
  }
}

/** Where the last complete UTF-8 character of `b` ends (a character cut at the end is left for the next chunk). */
function completeEnd(b: Buffer): number {
  const n = b.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Byte offset of the first invalid sequence (only called once isUtf8 said there is one). */
export function firstInvalid(b: Buffer): number {
  const decodes = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = b.length;
  // binary search for the shortest prefix that fails to decode
  while (hi - lo > 4) {
    const mid = (lo + hi) >>> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  for (let i = lo; i <= hi; i++) if (!decodes(i)) return Math.max(0, i - 1);
  return lo;
}
