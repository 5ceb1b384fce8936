// The fast path of XES file import, on bytes: gunzipped chunks are scanned without decoding
// the whole text. The attributes that make up most of a log (an event's concept:name,
// time:timestamp, org:resource, lifecycle:transition) go straight into the reader: repeated
// names are looked up by their bytes, timestamps are parsed from the digits; everything else
// is decoded and handed to the reader like the string scanner does. Like that scanner it
// checks strictly and throws `ScannerUnsure` at anything it does not read with certainty;
// the importer then reads the file again with saxes.
import { DEFAULT_OFFSET_MINUTES, parseTimestamp } from './timestamps.js';
import { ScannerUnsure, decodeAttributeValue } from './xes-scanner.js';

/** What the byte scanner needs from the XES reader. */
export interface ByteScannerSink {
  open(name: string, key: string | undefined, value: string | undefined, other: Record<string, string> | null): void;
  close(): void;
  /** True when the innermost open element is an <event>. */
  inEvent(): boolean;
  setEventActivity(name: string): void;
  setEventTime(ms: number): void;
  setEventResource(name: string): void;
  setEventLifecycle(name: string): void;
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
const ATTRIBUTE_TYPES = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);

// the shape most elements of a log have: <type key="…" value="…"/>
const SHAPES = ['string', 'date', 'int', 'float', 'boolean', 'id'].map((t) => ({ type: t, head: Buffer.from(`<${t} key="`, 'latin1') }));
const VALUE_MID = Buffer.from('" value="', 'latin1');

const CORE = ['concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition'].map((k) => Buffer.from(k, 'latin1'));
const C_NAME = 0;
const C_TIME = 1;
const C_RESOURCE = 2;
const C_LIFECYCLE = 3;

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

/** Strings for byte sequences seen before (activity names, resources, lifecycle values). */
class ByteInterner {
  private readonly table = new Map<number, Array<{ bytes: Buffer; text: string }>>();
  private size = 0;
  get(b: Buffer, a: number, e: number, scanner: XesByteScanner): string {
    let h = 0x811c9dc5;
    for (let i = a; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const bucket = this.table.get(h);
    if (bucket) {
      for (const entry of bucket) {
        const k = entry.bytes;
        if (k.length !== e - a) continue;
        let same = true;
        for (let i = 0; i < k.length; i++)
          if (b[a + i] !== k[i]) {
            same = false;
            break;
          }
        if (same) return entry.text;
      }
    }
    const text = scanner.decodeRange(b, a, e);
    if (this.size < 200_000) {
      this.size++;
      const entry = { bytes: Buffer.from(b.subarray(a, e)), text };
      if (bucket) bucket.push(entry);
      else this.table.set(h, [entry]);
    }
    return text;
  }
}

function digits(b: Buffer, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `YYYY-MM-DD[T ]hh:mm[:ss[.f…]][Z|±hh[:]mm]` from bytes; NaN for anything else (the caller decodes and retries). */
function parseIsoBytes(b: Buffer, a: number, e: number, defaultOffset: number): number {
  if (e - a < 10 || b[a + 4] !== 45 || b[a + 7] !== 45) return NaN;
  const y = digits(b, a, 4);
  const mo = digits(b, a + 5, 2);
  const d = digits(b, a + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = a + 10;
  if (i < e && (b[i] === 84 || b[i] === 32)) {
    if (e - i < 6 || b[i + 3] !== 58) return NaN;
    h = digits(b, i + 1, 2);
    mi = digits(b, i + 4, 2);
    if (h < 0 || mi < 0) return NaN;
    i += 6;
    if (i < e && b[i] === 58) {
      if (e - i < 3) return NaN;
      sec = digits(b, i + 1, 2);
      if (sec < 0) return NaN;
      i += 3;
      if (i < e && (b[i] === 46 || b[i] === 44)) {
        i++;
        let scale = 100;
        while (i < e) {
          const dd = b[i] - 48;
          if (dd < 0 || dd > 9) break;
          ms += dd * scale;
          scale /= 10;
          i++;
        }
        ms = Math.floor(ms);
      }
    }
    if (h > 24 || mi > 59 || sec > 60) return NaN;
  }
  let offset = defaultOffset;
  if (i < e) {
    const c = b[i];
    if (c === 90 || c === 122) {
      offset = 0;
      i++;
    } else if (c === 43 || c === 45) {
      if (e - i < 3) return NaN;
      const oh = digits(b, i + 1, 2);
      let j = i + 3;
      if (j < e && b[j] === 58) j++;
      let om = 0;
      if (j < e) {
        if (e - j < 2) return NaN;
        om = digits(b, j, 2);
        j += 2;
      }
      if (oh < 0 || om < 0) return NaN;
      offset = (c === 45 ? -1 : 1) * (oh * 60 + om);
      i = j;
    } else return NaN;
  }
  if (i !== e) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60_000;
}

export class XesByteScanner {
  private rest: Buffer | null = null;
  private readonly stack: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private atStart = true;
  private first = true;
  private readonly activities = new ByteInterner();
  private readonly resources = new ByteInterner();
  private readonly lifecycles = new ByteInterner();
  // attributes of the tag being read (reused)
  private readonly aNames: string[] = [];
  private readonly aStart: number[] = [];
  private readonly aEnd: number[] = [];
  private readonly aFlags: number[] = [];
  private readonly offset: number;

  constructor(
    private readonly sink: ByteScannerSink,
    options: { defaultOffsetMinutes?: number } = {},
  ) {
    this.offset = options.defaultOffsetMinutes ?? DEFAULT_OFFSET_MINUTES;
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
    let i = 0;
    while (i < limit) {
      const lt = b.indexOf(LT, i);
      const textEnd = lt < 0 ? n : lt;
      for (let k = i; k < textEnd; k++) if (!isSpace(b[k])) throw new ScannerUnsure('text content');
      if (lt < 0) return n;
      i = lt;
      if (lt + 1 >= n) break;
      const c = b[lt + 1];
      let end: number;
      if (c === 33) end = this.comment(b, lt);
      else if (c === 63) end = this.instruction(b, lt);
      else if (c === SLASH) end = this.closeTag(b, lt);
      else end = this.openTag(b, lt);
      if (end < 0) break;
      this.atStart = false;
      i = end;
    }
    return i;
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
    for (let k = a; k < e; k++) {
      const v = b[k];
      if (v < 0x20) {
        if (v === 9 || v === 10 || v === 13) flags |= 2;
        else return -1;
      } else if (v === LT) return -1;
      else if (v === AMP) flags |= 1;
      else if (v >= 0x80) flags |= 4;
    }
    return flags;
  }

  /**
   * `<type key="core key" value="…"/>` directly inside an event, read without the general
   * tag parser; returns the index after it, or -1 when the bytes have another shape (the
   * general parser then reads them).
   */
  private shapedAttribute(b: Buffer, lt: number): number {
    const n = b.length;
    let head: Buffer;
    switch (b[lt + 1]) {
      case 115: // s
        head = SHAPES[0].head;
        break;
      case 100: // d
        head = SHAPES[1].head;
        break;
      case 105: // i
        head = b[lt + 2] === 110 ? SHAPES[2].head : SHAPES[5].head;
        break;
      case 102: // f
        head = SHAPES[3].head;
        break;
      case 98: // b
        head = SHAPES[4].head;
        break;
      default:
        return -1;
    }
    if (lt + head.length > n || !equalBytes(b, lt, lt + head.length, head)) return -1;
    const ks = lt + head.length;
    const ke = b.indexOf(QUOTE, ks);
    if (ke < 0) return -1;
    let core = -1;
    const len = ke - ks;
    const first = b[ks];
    if (len === 12 && first === 99) core = C_NAME;
    else if (len === 14 && first === 116) core = C_TIME;
    else if (len === 12 && first === 111) core = C_RESOURCE;
    else if (len === 20 && first === 108) core = C_LIFECYCLE;
    if (core < 0 || !equalBytes(b, ks, ke, CORE[core]) || (core === C_TIME && head !== SHAPES[1].head)) return -1;
    if (ke + VALUE_MID.length > n || !equalBytes(b, ke, ke + VALUE_MID.length, VALUE_MID)) return -1;
    const vs = ke + VALUE_MID.length;
    const ve = b.indexOf(QUOTE, vs);
    if (ve < 0 || ve + 3 > n || b[ve + 1] !== SLASH || b[ve + 2] !== GT) return -1;
    if (core === C_TIME) {
      // digits and separators only: a reference or a forbidden character makes it NaN
      const t = parseIsoBytes(b, vs, ve, this.offset);
      if (Number.isNaN(t)) return -1;
      this.sink.setEventTime(t);
    } else if (core === C_NAME) this.sink.setEventActivity(this.activities.get(b, vs, ve, this));
    else if (core === C_RESOURCE) this.sink.setEventResource(this.resources.get(b, vs, ve, this));
    else this.sink.setEventLifecycle(this.lifecycles.get(b, vs, ve, this));
    return ve + 3;
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
    if (this.stack.length > 0 && this.sink.inEvent()) {
      const end = this.shapedAttribute(b, lt);
      if (end >= 0) return end;
    }
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
    // the hot path: <type key="core key" value="…"/> directly inside an event
    if (selfClosing && count === 2 && ATTRIBUTE_TYPES.has(name) && this.sink.inEvent()) {
      const ki = this.aNames[0] === 'key' ? 0 : this.aNames[1] === 'key' ? 1 : -1;
      const vi = 1 - ki;
      if (ki >= 0 && this.aNames[vi] === 'value' && this.aFlags[ki] === 0) {
        const ks = this.aStart[ki];
        const ke = this.aEnd[ki];
        let core = -1;
        for (let j = 0; j < CORE.length; j++)
          if (equalBytes(b, ks, ke, CORE[j])) {
            core = j;
            break;
          }
        if (core >= 0 && !(core === C_TIME && name !== 'date')) {
          const vs = this.aStart[vi];
          const ve = this.aEnd[vi];
          const simple = (this.aFlags[vi] & 3) === 0;
          // (no closures here: this runs for every event attribute)
          if (core === C_TIME) {
            let t = simple ? parseIsoBytes(b, vs, ve, this.offset) : NaN;
            if (Number.isNaN(t)) t = parseTimestamp(this.decodeValue(b, vi), this.offset);
            if (Number.isNaN(t)) throw new ScannerUnsure('unreadable date');
            this.sink.setEventTime(t);
          } else if (!simple) {
            const v = this.decodeValue(b, vi);
            if (core === C_NAME) this.sink.setEventActivity(v);
            else if (core === C_RESOURCE) this.sink.setEventResource(v);
            else this.sink.setEventLifecycle(v);
          } else if (core === C_NAME) this.sink.setEventActivity(this.activities.get(b, vs, ve, this));
          else if (core === C_RESOURCE) this.sink.setEventResource(this.resources.get(b, vs, ve, this));
          else this.sink.setEventLifecycle(this.lifecycles.get(b, vs, ve, this));
          return p;
        }
      }
    }
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
    if (selfClosing) {
      if (this.stack.length === 0) this.rootClosed = true;
      this.sink.close();
    } else this.stack.push(name);
    return p;
  }
}
