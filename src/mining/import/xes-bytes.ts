// The fast path of XES file import, on bytes: gunzipped chunks are scanned without decoding
// the whole text. The attributes that make up most of a log (an event's concept:name,
// time:timestamp, org:resource, lifecycle:transition as `<string key="…" value="…"/>` or
// `<date …/>`) are matched against pre-encoded bytes and go straight into the reader:
// repeated values are looked up by a hash of their bytes (byte-interner.ts: no string is made
// for a value seen before), timestamps are parsed from the digits into epoch milliseconds by
// arithmetic (iso-bytes.ts).
// When the WebAssembly loop is built (xes-events-wasm.ts), runs of plain traces and events
// and the plain elements of dropped metadata go to it instead: it reads them by the same
// rules, ahead of the JIT, and stops where this scanner must read.
// Everything else is decoded and handed to the reader like the string scanner does. Like
// that scanner it checks strictly and throws `ScannerUnsure` at anything it does not read
// with certainty; the importer then reads the file again with saxes.
import { ByteInterner, type InternEntry } from './byte-interner.js';
import { parseIsoBytes } from './iso-bytes.js';
import { DEFAULT_OFFSET_MINUTES } from './timestamps.js';
import { ScannerUnsure, decodeAttributeValue } from './xes-scanner.js';
import { XesEventsWasm, type PlainBatch } from './xes-events-wasm.js';

export type { InternEntry } from './byte-interner.js';

/** What the byte scanner needs from the XES reader. */
export interface ByteScannerSink {
  open(name: string, key: string | undefined, value: string | undefined, other: Record<string, string> | null): void;
  close(): void;
  /** `<event>` inside a trace (true), else nothing done (false). */
  openEvent(): boolean;
  /** `</event>` of the innermost element, an event. */
  closeEvent(): void;
  /** True when the innermost open element is an <event>. */
  inEvent(): boolean;
  /** True when the innermost open element is a <trace> (its events may be read by WebAssembly). */
  inTrace(): boolean;
  /** True when the innermost open element is the <log> (its traces may be read by WebAssembly). */
  inLog(): boolean;
  /** The batch's events (and their other attributes), read by WebAssembly, belong to the current trace. */
  addPlainEvents(batch: PlainBatch): void;
  /** The batch's traces, read by WebAssembly, are the log's next ones. */
  addPlainTraces(batch: PlainBatch): void;
  /** True when everything inside the innermost open element is dropped (then children go to `openSkipped`). */
  skipsChildren(): boolean;
  /** An element whose attributes are not needed. */
  openSkipped(): void;
  setEventActivityEntry(entry: InternEntry): void;
  setEventTime(ms: number): void;
  setEventResourceEntry(entry: InternEntry): void;
  setEventLifecycleEntry(entry: InternEntry): void;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOTE = 34;
const APOS = 39;
const EQ = 61;
const AMP = 38;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameByte(c: number, first: boolean): boolean {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0x80) return true;
  return !first && ((c >= 48 && c <= 57) || c === 45 || c === 46);
}

const KNOWN = ['key', 'value', 'string', 'date', 'event', 'trace', 'int', 'float', 'boolean', 'id', 'list', 'values', 'container', 'log'];
const KNOWN_BYTES = KNOWN.map((k) => Buffer.from(k, 'latin1'));

const C_NAME = 0;
const C_TIME = 1;
const C_RESOURCE = 2;
const C_LIFECYCLE = 3;
/** Four ASCII characters as the little-endian 32-bit integer DataView.getInt32 reads. */
function word(s: string): number {
  return s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24);
}
const W_STR = word('<str');
const W_ING = word('ing ');
const W_KEYEQ = word('key=');
const W_DAT = word('<dat');
const W_E_KE = word('e ke');
const W_EYQ = word('ey="');
const W_CONC = word('conc');
const W_EPT = word('ept:');
const W_NAME = word('name');
const W_LIFE = word('life');
const W_CYCL = word('cycl');
const W_E_TR = word('e:tr');
const W_ANSI = word('ansi');
const W_TION = word('tion');
const W_TIME = word('time');
const W_COLTIM = word(':tim');
const W_ESTA = word('esta');
const W_TAMP = word('tamp');
const W_ORG = word('org:');
const W_RESO = word('reso');
const W_URCE = word('urce');
const W_QVA = word('" va');
const W_OPEN_EV = word('<eve');
const W_CLOSE_EV = word('</ev');
const W_ENT_GT = word('ent>');
const W_LUEEQ = word('lue=');

function equalBytes(b: Buffer, a: number, e: number, k: Buffer): boolean {
  if (e - a !== k.length) return false;
  for (let i = 0; i < k.length; i++) if (b[a + i] !== k[i]) return false;
  return true;
}

function knownName(b: Buffer, a: number, e: number): string {
  for (let i = 0; i < KNOWN_BYTES.length; i++) if (equalBytes(b, a, e, KNOWN_BYTES[i])) return KNOWN[i];
  const s = b.toString('utf8', a, e);
  if (s.includes('\uFFFD') || !/^[A-Za-z_:\u00C0-\uFFFD][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFD]*$/.test(s)) throw new ScannerUnsure('name');
  return s;
}

/** What a byte means in an attribute value: 1 a reference, 2 whitespace XML normalises, 4 part of a non-ASCII character, 8 not allowed. */
const VALUE_CLASS = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) VALUE_CLASS[c] = 8;
VALUE_CLASS[9] = VALUE_CLASS[10] = VALUE_CLASS[13] = 2;
VALUE_CLASS[LT] = 8;
VALUE_CLASS[AMP] = 1;
for (let c = 0x80; c < 0x100; c++) VALUE_CLASS[c] = 4;

/** FNV-1a: the hash the interner finds values by, computed here while a value's end is sought. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export class XesByteScanner {
  private rest: Buffer | null = null;
  private readonly stack: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private atStart = true;
  private first = true;
  /** Whether the innermost open element is an <event> (as the reader sees it). */
  private inEvent = false;
  /** Whether the reader drops what is inside the innermost open element. */
  private skipping = false;
  private readonly activities = new ByteInterner();
  private readonly resources = new ByteInterner();
  private readonly lifecycles = new ByteInterner();
  // attributes of the tag being read (reused)
  private readonly aNames: string[] = [];
  private readonly aStart: number[] = [];
  private readonly aEnd: number[] = [];
  private readonly aFlags: number[] = [];
  private readonly offset: number;
  /** The WebAssembly event loop, when built and not turned off. */
  private readonly wasm: XesEventsWasm | null;
  /** The bytes the WebAssembly loop holds a copy of, during one `scan`. */
  private wasmHolds: Buffer | null = null;

  constructor(
    private readonly sink: ByteScannerSink,
    options: { defaultOffsetMinutes?: number; wasm?: boolean } = {},
  ) {
    this.offset = options.defaultOffsetMinutes ?? DEFAULT_OFFSET_MINUTES;
    this.wasm = options.wasm === false ? null : XesEventsWasm.create((b, a, e) => this.decodeRange(b, a, e));
  }

  write(chunk: Buffer): void {
    if (this.first) {
      const b = this.rest && this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
      this.rest = null;
      if (b.length < 3) {
        this.rest = b;
        return;
      }
      this.first = false;
      chunk = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
    } else if (this.rest && this.rest.length) {
      // finish what the chunk border cut on a small buffer (the rest and the chunk's start)
      // instead of copying the whole chunk behind the rest
      const rest = this.rest;
      this.rest = null;
      const take = Math.min(chunk.length, 1 << 16);
      const head = Buffer.concat([rest, chunk.subarray(0, take)]);
      const i = this.scan(head, rest.length);
      if (i >= rest.length) chunk = chunk.subarray(i - rest.length);
      else if (take === chunk.length) {
        this.rest = head.subarray(i);
        return;
      } else chunk = Buffer.concat([head.subarray(i), chunk.subarray(take)]);
    }
    const i = this.scan(chunk, chunk.length);
    this.rest = i < chunk.length ? chunk.subarray(i) : null;
  }

  /** Reads the constructs that begin before `limit`; returns where it stopped (at an incomplete one, or past `limit`). */
  private scan(b: Buffer, limit: number): number {
    const n = b.length;
    const dv = new DataView(b.buffer, b.byteOffset, n);
    const wasm = this.wasm;
    this.wasmHolds = null;
    let i = 0;
    while (i < limit) {
      let c = b[i];
      if (c !== LT) {
        // whitespace between tags (usually a line break and a few tabs)
        while (c === 10 || c === 9 || c === 32 || c === 13) {
          if (++i >= n) return n;
          c = b[i];
        }
        if (c !== LT) throw new ScannerUnsure('text content');
        if (i >= limit) return i;
      }
      if (i + 1 >= n) return i;
      const c1 = b[i + 1];
      if (this.inEvent) {
        // the hot path: the core attributes of an event, and its end
        if (c1 === SLASH) {
          if (i + 8 <= n && dv.getInt32(i, true) === W_CLOSE_EV && dv.getInt32(i + 4, true) === W_ENT_GT && this.stack[this.stack.length - 1] === 'event') {
            this.stack.pop();
            this.sink.closeEvent();
            this.inEvent = this.sink.inEvent();
            this.skipping = this.sink.skipsChildren();
            this.atStart = false;
            i += 8;
            continue;
          }
        } else {
          const end = this.coreAttribute(b, dv, i, n);
          if (end > 0) {
            i = end;
            continue;
          }
        }
      } else if (c1 === 101 && this.stack.length > 0) {
        if (wasm !== null && this.sink.inTrace()) {
          // a trace's plain events, read in WebAssembly
          const stop = this.loaded(wasm, b).events(i, n, limit);
          if (wasm.produced > 0) this.sink.addPlainEvents(wasm);
          if (stop !== i) {
            this.atStart = false;
            i = stop;
            continue;
          }
        }
        // a run of events (a trace's): read by a loop of its own (one event at a time where
        // WebAssembly reads the plain ones)
        const end = this.events(b, dv, i, n, limit, wasm !== null);
        if (end !== i) {
          this.inEvent = this.sink.inEvent();
          this.skipping = this.sink.skipsChildren();
          this.atStart = false;
          i = end;
          continue;
        }
      }
      if (this.skipping && wasm !== null && c1 !== SLASH && c1 !== 33 && c1 !== 63) {
        // dropped content (a log's metadata): its plain attribute elements are checked and
        // skipped in WebAssembly
        const stop = this.loaded(wasm, b).skipAttributes(i, n, limit);
        if (stop !== i) {
          this.atStart = false;
          i = stop;
          continue;
        }
      }
      if (c1 === 116 && wasm !== null && this.sink.inLog()) {
        // plain traces, read in WebAssembly; the others are read here
        const stop = this.loaded(wasm, b).traces(i, n, limit);
        if (wasm.traceCount > 0) this.sink.addPlainTraces(wasm);
        if (stop !== i) {
          this.atStart = false;
          i = stop;
          continue;
        }
      }
      let end: number;
      if (c1 === 33) end = this.comment(b, i);
      else if (c1 === 63) end = this.instruction(b, i);
      else if (c1 === SLASH) end = this.closeTag(b, i);
      else end = this.openTag(b, i);
      if (end < 0) return i;
      this.atStart = false;
      i = end;
    }
    return i;
  }

  /** The WebAssembly loop with the bytes being scanned copied in (once per `scan`, when first needed). */
  private loaded(wasm: XesEventsWasm, b: Buffer): XesEventsWasm {
    if (this.wasmHolds !== b) {
      wasm.load(b);
      this.wasmHolds = b;
    }
    return wasm;
  }

  /**
   * Events inside a trace, one after the other, as long as they consist of core attributes
   * (`coreAttribute`) — nearly all of a log. Returns where something else begins (or the
   * chunk ends), possibly inside an event: the general loop in `scan` reads that and goes on.
   * A loop of its own, so that it is compiled with what events look like, not with the
   * header of the file that comes first (a log's metadata can be megabytes).
   */
  private events(b: Buffer, dv: DataView, i: number, n: number, limit: number, once: boolean): number {
    for (;;) {
      // at the `<` of what may be an <event>
      if (i >= limit || i + 7 > n || dv.getInt32(i, true) !== W_OPEN_EV || dv.getInt32(i + 3, true) !== W_ENT_GT || !this.sink.openEvent()) return i;
      this.stack.push('event');
      i += 7;
      for (;;) {
        if (i >= n) return i;
        let c = b[i];
        while (c === 10 || c === 9 || c === 32 || c === 13) {
          if (++i >= n) return i;
          c = b[i];
        }
        if (c !== LT || i >= limit || i + 8 > n) return i;
        if (b[i + 1] === SLASH) {
          if (dv.getInt32(i, true) !== W_CLOSE_EV || dv.getInt32(i + 4, true) !== W_ENT_GT) return i;
          this.stack.pop();
          this.sink.closeEvent();
          i += 8;
          break;
        }
        const end = this.coreAttribute(b, dv, i, n);
        if (end < 0) return i;
        i = end;
      }
      // the next event?
      if (i >= n) return i;
      let c = b[i];
      while (c === 10 || c === 9 || c === 32 || c === 13) {
        if (++i >= n) return i;
        c = b[i];
      }
      if (once) return i;
    }
  }

  /**
   * `<string key="core key" value="…"/>` or `<date key="time:timestamp" value="…"/>` directly
   * inside an event, matched four bytes at a time against the pre-encoded shapes; returns the
   * index after it, or -1 when the bytes have another shape or end first (the general parser
   * then reads them).
   */
  private coreAttribute(b: Buffer, dv: DataView, lt: number, n: number): number {
    // near the end of the chunk the general parser reads it (reading past the end would
    // make the optimised code of this function bail out)
    if (n - lt < 96) return -1;
    let ks: number;
    const head = dv.getInt32(lt, true);
    if (head === W_STR) {
      if (dv.getInt32(lt + 4, true) !== W_ING || dv.getInt32(lt + 8, true) !== W_KEYEQ || b[lt + 12] !== QUOTE) return -1;
      ks = lt + 13;
    } else if (head === W_DAT) {
      if (dv.getInt32(lt + 4, true) !== W_E_KE || dv.getInt32(lt + 7, true) !== W_EYQ) return -1;
      ks = lt + 11;
    } else return -1;
    const k0 = dv.getInt32(ks, true);
    let ke: number;
    let core: number;
    if (k0 === W_CONC) {
      if (dv.getInt32(ks + 4, true) !== W_EPT || dv.getInt32(ks + 8, true) !== W_NAME) return -1;
      ke = ks + 12;
      core = C_NAME;
    } else if (k0 === W_LIFE) {
      if (dv.getInt32(ks + 4, true) !== W_CYCL || dv.getInt32(ks + 8, true) !== W_E_TR || dv.getInt32(ks + 12, true) !== W_ANSI || dv.getInt32(ks + 16, true) !== W_TION) return -1;
      ke = ks + 20;
      core = C_LIFECYCLE;
    } else if (k0 === W_TIME) {
      if (head !== W_DAT || dv.getInt32(ks + 4, true) !== W_COLTIM || dv.getInt32(ks + 8, true) !== W_ESTA || dv.getInt32(ks + 10, true) !== W_TAMP) return -1;
      ke = ks + 14;
      core = C_TIME;
    } else if (k0 === W_ORG) {
      if (dv.getInt32(ks + 4, true) !== W_RESO || dv.getInt32(ks + 8, true) !== W_URCE) return -1;
      ke = ks + 12;
      core = C_RESOURCE;
    } else return -1;
    // `" value="`
    if (dv.getInt32(ke, true) !== W_QVA || dv.getInt32(ke + 4, true) !== W_LUEEQ || b[ke + 8] !== QUOTE) return -1;
    if ((head === W_DAT) !== (core === C_TIME)) return -1;
    const vs = ke + 9;
    if (core === C_TIME) {
      // digits and separators only: a quote, a reference or a forbidden character makes it
      // NaN, so the usual 29 bytes followed by a quote need no search for the quote
      let ve = vs + 29;
      let ms = b[ve] === QUOTE ? parseIsoBytes(b, vs, ve, this.offset) : NaN;
      if (ms !== ms) {
        ve = vs;
        while (ve < n && b[ve] !== QUOTE) ve++;
        if (ve >= n) return -1;
        ms = parseIsoBytes(b, vs, ve, this.offset);
        if (ms !== ms) return -1;
      }
      if (ve + 2 >= n || b[ve + 1] !== SLASH || b[ve + 2] !== GT) return -1;
      this.sink.setEventTime(ms);
      return ve + 3;
    }
    // the value's end and the hash of its bytes in one pass; references, whitespace to
    // normalise and forbidden characters are left to the general parser
    let h = FNV_OFFSET;
    let ve = vs;
    for (; ve < n; ve++) {
      const c = b[ve];
      if (c === QUOTE) break;
      if (c < 0x20 || c === LT || c === AMP) return -1;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    if (ve + 2 >= n || b[ve + 1] !== SLASH || b[ve + 2] !== GT) return -1;
    if (core === C_NAME) this.sink.setEventActivityEntry(this.activities.get(b, vs, ve, h, this));
    else if (core === C_RESOURCE) this.sink.setEventResourceEntry(this.resources.get(b, vs, ve, h, this));
    else this.sink.setEventLifecycleEntry(this.lifecycles.get(b, vs, ve, h, this));
    return ve + 3;
  }

  finish(): void {
    if (this.rest) for (let k = 0; k < this.rest.length; k++) if (!isSpace(this.rest[k])) throw new ScannerUnsure('unfinished markup');
    if (!this.rootSeen || !this.rootClosed || this.stack.length) throw new ScannerUnsure('unclosed elements');
  }

  private comment(b: Buffer, lt: number): number {
    if (lt + 4 > b.length) return -1;
    if (!(b[lt + 2] === 45 && b[lt + 3] === 45)) throw new ScannerUnsure('markup declaration');
    const end = b.indexOf('-->', lt + 4, 'latin1');
    if (end < 0) return -1;
    const dd = b.indexOf('--', lt + 4, 'latin1');
    if (dd < end || b[end - 1] === 45) throw new ScannerUnsure('comment');
    for (let k = lt + 4; k < end; k++) if (b[k] < 0x20 && !isSpace(b[k])) throw new ScannerUnsure('comment');
    return end + 3;
  }

  private instruction(b: Buffer, lt: number): number {
    const end = b.indexOf('?>', lt + 2, 'latin1');
    if (end < 0) return -1;
    const text = b.toString('utf8', lt, end);
    const target = /^<\?([^\s?]+)/.exec(text)?.[1] ?? '';
    if (target.toLowerCase() === 'xml') {
      if (!this.atStart || target !== 'xml' || lt !== 0) throw new ScannerUnsure('misplaced XML declaration');
      if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]\1(\s+encoding\s*=\s*(["'])[A-Za-z][-A-Za-z0-9._]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(text))
        throw new ScannerUnsure('XML declaration');
    } else if (!/^[A-Za-z_:][-A-Za-z0-9_:.]*$/.test(target)) throw new ScannerUnsure('processing instruction');
    return end + 2;
  }

  private closeTag(b: Buffer, lt: number): number {
    const gt = b.indexOf(GT, lt + 2);
    if (gt < 0) return -1;
    let e = gt;
    while (e > lt + 2 && isSpace(b[e - 1])) e--;
    const open = this.stack.pop();
    if (open === undefined) throw new ScannerUnsure('end tag without start');
    let same = open.length === e - lt - 2;
    for (let k = 0; same && k < open.length; k++) if (open.charCodeAt(k) !== b[lt + 2 + k]) same = false;
    if (!same && b.toString('utf8', lt + 2, e) !== open) throw new ScannerUnsure('mismatched end tag');
    if (this.stack.length === 0) this.rootClosed = true;
    this.sink.close();
    this.inEvent = this.sink.inEvent();
    this.skipping = this.sink.skipsChildren();
    return gt + 1;
  }

  /** The text of attribute k of the tag being read (references replaced, whitespace normalised). */
  decodeValue(b: Buffer, k: number): string {
    const flags = this.aFlags[k];
    let s = b.toString('utf8', this.aStart[k], this.aEnd[k]);
    if (flags & 4 && (s.includes('\uFFFD') || /[\uFFFE\uFFFF]/.test(s))) throw new ScannerUnsure('encoding');
    if (flags & 3) s = decodeAttributeValue(s, (flags & 2) !== 0, (flags & 1) !== 0);
    return s;
  }

  /** Bytes a..e of an attribute value: 0 plain, else flags (1 reference, 2 whitespace, 4 non-ASCII); -1 not allowed. */
  private static valueFlags(b: Buffer, a: number, e: number): number {
    let flags = 0;
    for (let k = a; k < e; k++) flags |= VALUE_CLASS[b[k]];
    return flags & 8 ? -1 : flags;
  }

  /** Text of the value bytes a..e, checked and decoded as an attribute value (the interner calls this once per distinct value). */
  decodeRange(b: Buffer, a: number, e: number): string {
    const flags = XesByteScanner.valueFlags(b, a, e);
    if (flags < 0) throw new ScannerUnsure('character not allowed in an attribute value');
    this.aStart[0] = a;
    this.aEnd[0] = e;
    this.aFlags[0] = flags;
    return this.decodeValue(b, 0);
  }

  private openTag(b: Buffer, lt: number): number {
    const n = b.length;
    let p = lt + 1;
    while (p < n && isNameByte(b[p], p === lt + 1)) p++;
    if (p >= n) return -1;
    const after = b[p];
    if (p === lt + 1 || !(isSpace(after) || after === SLASH || after === GT)) throw new ScannerUnsure('element name');
    const name = knownName(b, lt + 1, p);
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const before = p;
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return -1;
      const c = b[p];
      if (c === GT) {
        p++;
        break;
      }
      if (c === SLASH) {
        if (p + 1 >= n) return -1;
        if (b[p + 1] !== GT) throw new ScannerUnsure('slash in tag');
        selfClosing = true;
        p += 2;
        break;
      }
      if (p === before) throw new ScannerUnsure('attributes without space');
      const from = p;
      while (p < n && isNameByte(b[p], p === from)) p++;
      const attrEnd = p;
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return -1;
      if (b[p] !== EQ || attrEnd === from) throw new ScannerUnsure('attribute without value');
      p++;
      while (p < n && isSpace(b[p])) p++;
      if (p >= n) return -1;
      const q = b[p];
      if (q !== QUOTE && q !== APOS) throw new ScannerUnsure('unquoted attribute');
      const close = b.indexOf(q, p + 1);
      if (close < 0) return -1;
      const flags = XesByteScanner.valueFlags(b, p + 1, close);
      if (flags < 0) throw new ScannerUnsure('character not allowed in an attribute value');
      const attr = knownName(b, from, attrEnd);
      for (let k = 0; k < count; k++) if (this.aNames[k] === attr) throw new ScannerUnsure('duplicate attribute');
      this.aNames[count] = attr;
      this.aStart[count] = p + 1;
      this.aEnd[count] = close;
      this.aFlags[count] = flags;
      count++;
      p = close + 1;
    }
    if (this.rootClosed || (this.stack.length === 0 && this.rootSeen)) throw new ScannerUnsure('second root');
    this.rootSeen = true;
    if (this.skipping) {
      // inside what the reader drops (metadata nested in a log attribute, unknown elements):
      // values are checked (references and non-ASCII by decoding them), not made into strings
      for (let k = 0; k < count; k++) if (this.aFlags[k] & 5) this.decodeValue(b, k);
      this.sink.openSkipped();
    } else {
      let key: string | undefined;
      let value: string | undefined;
      let other: Record<string, string> | null = null;
      for (let k = 0; k < count; k++) {
        const a = this.aNames[k];
        const v = this.decodeValue(b, k);
        if (a === 'key') key = v;
        else if (a === 'value') value = v;
        else (other ??= {})[a] = v;
      }
      this.sink.open(name, key, value, other);
    }
    if (selfClosing) {
      if (this.stack.length === 0) this.rootClosed = true;
      this.sink.close();
    } else this.stack.push(name);
    this.inEvent = this.sink.inEvent();
    this.skipping = this.sink.skipsChildren();
    return p;
  }
}
