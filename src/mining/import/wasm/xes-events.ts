// AssemblyScript, compiled to WebAssembly by `npm run build:wasm` (and on install).
//
// The hot loop of XES import: runs of plain traces and plain events, read from the bytes.
// A plain event holds the four core attributes in the shapes OpenXES writes,
//   <string key="concept:name|org:resource|lifecycle:transition" value="…"/>
//   <date key="time:timestamp" value="2011-10-01T00:38:44.546+02:00"/>
// (the time also without its fraction, or with Z), and other attributes without children
// (`<string|date|int|float|boolean|id key="…" value="…"/>`), with whitespace between them; a
// plain trace holds plain events and such attributes. Values of the core attributes and
// attribute keys are interned here (one table per kind, numbered by first use); events come
// out as four columns, other attributes as the places of their values (dates of the same
// shapes parsed). Anything else — a reference, whitespace XML normalises, a character XML
// forbids, another timestamp shape, a core key in another shape, nested attributes, a trace
// or event cut by the end of the input — stops the loop at the start of that trace or event,
// and the JavaScript scanner reads it. The rules for the core attributes are those of its
// `coreAttribute`, so either reads an event the same way.
// WebAssembly because a one-pass import runs mostly before the JavaScript JIT has warmed
// up: compiled ahead of the run, this loop reads a large log about ten times faster.

const LT: u32 = 60;
const SLASH: u32 = 47;
const GT: u32 = 62;
const QUOTE: u32 = 34;
const AMP: u32 = 38;

// four ASCII bytes as a little-endian u32
const W_OPEN_EV: u32 = 0x6576653c; // '<eve'
const W_ENT_GT: u32 = 0x3e746e65; // 'ent>'
const W_CLOSE_EV: u32 = 0x76652f3c; // '</ev'
const W_STR: u32 = 0x7274733c; // '<str'
const W_ING: u32 = 0x20676e69; // 'ing '
const W_KEYEQ: u32 = 0x3d79656b; // 'key='
const W_DAT: u32 = 0x7461643c; // '<dat'
const W_E_KE: u32 = 0x656b2065; // 'e ke'
const W_EYQ: u32 = 0x223d7965; // 'ey="'
const W_CONC: u32 = 0x636e6f63; // 'conc'
const W_EPT: u32 = 0x3a747065; // 'ept:'
const W_NAME: u32 = 0x656d616e; // 'name'
const W_LIFE: u32 = 0x6566696c; // 'life'
const W_CYCL: u32 = 0x6c637963; // 'cycl'
const W_E_TR: u32 = 0x72743a65; // 'e:tr'
const W_ANSI: u32 = 0x69736e61; // 'ansi'
const W_TION: u32 = 0x6e6f6974; // 'tion'
const W_TIME: u32 = 0x656d6974; // 'time'
const W_COLTIM: u32 = 0x6d69743a; // ':tim'
const W_ESTA: u32 = 0x61747365; // 'esta'
const W_TAMP: u32 = 0x706d6174; // 'tamp'
const W_ORG: u32 = 0x3a67726f; // 'org:'
const W_RESO: u32 = 0x6f736572; // 'reso'
const W_URCE: u32 = 0x65637275; // 'urce'
const W_QVA: u32 = 0x61762022; // '" va'
const W_LUEEQ: u32 = 0x3d65756c; // 'lue='

const W_OPEN_TR: u32 = 0x6172743c; // '<tra'
const W_ACE_GT: u32 = 0x3e656361; // 'ace>'
const W_CLOSE_TR: u32 = 0x72742f3c; // '</tr'
const W_INT: u32 = 0x746e693c; // '<int'
const W_SPKEY: u32 = 0x79656b20; // ' key'
const W_FLO: u32 = 0x6f6c663c; // '<flo'
const W_AT_K: u32 = 0x6b207461; // 'at k'
const W_BOO: u32 = 0x6f6f623c; // '<boo'
const W_LEAN: u32 = 0x6e61656c; // 'lean'
const W_ID_SP: u32 = 0x2064693c; // '<id '

const K_ACTIVITY: i32 = 0;
const K_RESOURCE: i32 = 1;
const K_LIFECYCLE: i32 = 2;
/** Attribute keys (of trace attributes). */
const K_KEY: i32 = 3;
const C_TIME: i32 = 4;

// attribute types, as the JavaScript side names them
const T_STRING: i32 = 0;
const T_DATE: i32 = 1;
const T_INT: i32 = 2;
const T_FLOAT: i32 = 3;
const T_BOOLEAN: i32 = 4;
const T_ID: i32 = 5;

/** Zero bytes kept after the input, so that reading a few bytes ahead never needs a bounds check. */
const PAD: usize = 128;
/** Events per call at most (the output columns' size). */
const OUT_CAP: i32 = 65536;
/** Traces, and trace attributes, per call at most. */
const TRACE_CAP: i32 = 8192;
const ATTR_CAP: i32 = 32768;

let produced: i32 = 0;

let input: usize = 0;
let inputCap: usize = 0;

let outActivity: usize = 0;
let outResource: usize = 0;
let outLifecycle: usize = 0;
let outTime: usize = 0;

// traces: per trace the end of its events and of its attributes in the columns; per
// attribute its type, key id and the place of its value in the input
let tracesOut: i32 = 0;
let attrsOut: i32 = 0;
let outTraceEvents: usize = 0;
let outTraceAttrs: usize = 0;
let outAttrType: usize = 0;
let outAttrKey: usize = 0;
let outAttrValue: usize = 0;
let outAttrLength: usize = 0;
let outAttrTime: usize = 0;
/** Per attribute row, the event row it belongs to, or -1 for an attribute of a trace. */
let outAttrOwner: usize = 0;

// interned values, per kind: an open-addressing table of id + 1 (0 free), and per id the
// value's place in the arena, its length and its hash
const KINDS: i32 = 4;
let tables = new StaticArray<usize>(KINDS);
let tableMask = new StaticArray<u32>(KINDS);
let counts = new StaticArray<i32>(KINDS);
let entryCap = new StaticArray<i32>(KINDS);
let entryPtr = new StaticArray<usize>(KINDS);
let entryLen = new StaticArray<usize>(KINDS);
let entryHash = new StaticArray<usize>(KINDS);
let arena: usize = 0;
let arenaUsed: usize = 0;
let arenaCap: usize = 0;

/**
 * Keys with a meaning of their own in an event (the core attributes in any other shape, and
 * the start time): an event with one of them in an attribute coreAttribute does not read
 * goes to JavaScript.
 */
const SPECIAL_KEY_TEXTS: StaticArray<string> = ['concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition', 'start_timestamp'];
const SPECIAL_KEYS: i32 = 5;

// the attribute just read by coreAttribute
let attrKind: i32 = 0;
let attrStart: usize = 0;
let attrLen: i32 = 0;
let attrHash: u32 = 0;
let attrTime: f64 = 0;

function zeroed(size: usize): usize {
  const p = heap.alloc(size);
  memory.fill(p, 0, size);
  return p;
}

export function init(): void {
  outActivity = heap.alloc(<usize>OUT_CAP * 4);
  outResource = heap.alloc(<usize>OUT_CAP * 4);
  outLifecycle = heap.alloc(<usize>OUT_CAP * 4);
  outTime = heap.alloc(<usize>OUT_CAP * 8);
  outTraceEvents = heap.alloc(<usize>TRACE_CAP * 4);
  outTraceAttrs = heap.alloc(<usize>TRACE_CAP * 4);
  outAttrType = heap.alloc(<usize>ATTR_CAP * 4);
  outAttrKey = heap.alloc(<usize>ATTR_CAP * 4);
  outAttrValue = heap.alloc(<usize>ATTR_CAP * 4);
  outAttrLength = heap.alloc(<usize>ATTR_CAP * 4);
  outAttrTime = heap.alloc(<usize>ATTR_CAP * 8);
  outAttrOwner = heap.alloc(<usize>ATTR_CAP * 4);
  for (let k = 0; k < KINDS; k++) {
    unchecked((tables[k] = zeroed(1024 * 4)));
    unchecked((tableMask[k] = 1023));
    unchecked((counts[k] = 0));
    unchecked((entryCap[k] = 256));
    unchecked((entryPtr[k] = heap.alloc(256 * 4)));
    unchecked((entryLen[k] = heap.alloc(256 * 4)));
    unchecked((entryHash[k] = heap.alloc(256 * 4)));
  }
  arenaCap = 1 << 16;
  arena = heap.alloc(arenaCap);
  arenaUsed = 0;
  // the keys an event's attribute may not have to be read here: they are ids 0 .. SPECIAL_KEYS - 1
  const scratch = zeroed(64);
  for (let k = 0; k < SPECIAL_KEYS; k++) {
    const key = unchecked(SPECIAL_KEY_TEXTS[k]);
    for (let c = 0; c < key.length; c++) store<u8>(scratch + <usize>c, <u8>key.charCodeAt(c));
    store<u8>(scratch + <usize>key.length, <u8>QUOTE);
    plainValue(scratch, scratch + 64, true);
    intern(K_KEY, scratch, key.length, attrHash);
  }
}

/** Room for n input bytes (and the padding); returns where to put them. */
export function reserve(n: i32): usize {
  const need = <usize>n + PAD;
  if (need > inputCap) {
    if (input != 0) heap.free(input);
    inputCap = need > 1 << 20 ? need : 1 << 20;
    input = heap.alloc(inputCap);
  }
  return input;
}

export function outputActivity(): usize {
  return outActivity;
}
export function outputResource(): usize {
  return outResource;
}
export function outputLifecycle(): usize {
  return outLifecycle;
}
export function outputTime(): usize {
  return outTime;
}
export function producedEvents(): i32 {
  return produced;
}
export function producedTraces(): i32 {
  return tracesOut;
}
export function outputTraceEvents(): usize {
  return outTraceEvents;
}
export function outputTraceAttributes(): usize {
  return outTraceAttrs;
}
export function outputAttributeType(): usize {
  return outAttrType;
}
export function outputAttributeKey(): usize {
  return outAttrKey;
}
export function outputAttributeValue(): usize {
  return outAttrValue;
}
export function outputAttributeLength(): usize {
  return outAttrLength;
}
export function outputAttributeTime(): usize {
  return outAttrTime;
}
export function outputAttributeOwner(): usize {
  return outAttrOwner;
}
export function producedAttributes(): i32 {
  return attrsOut;
}
/** How many distinct values of a kind (0 activity, 1 resource, 2 lifecycle, 3 attribute key) have been seen. */
export function internedCount(kind: i32): i32 {
  return counts[kind];
}
/** Where the bytes of value `id` of a kind are. */
export function internedPointer(kind: i32, id: i32): usize {
  return arena + <usize>load<u32>(entryPtr[kind] + (<usize>id << 2));
}
export function internedLength(kind: i32, id: i32): i32 {
  return load<i32>(entryLen[kind] + (<usize>id << 2));
}

@inline
function isSpace(c: u32): bool {
  return c == 32 || c == 10 || c == 9 || c == 13;
}

/** The digit at p, or a number above 9 when it is none. */
@inline
function digit(p: usize): u32 {
  return <u32>load<u8>(p) - 48;
}

/** Days in a month (the JavaScript side's daysInMonth): 2025-02-30 is no date. */
function daysInMonth(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

function daysFromCivil(y: i32, m: i32, d: i32): i32 {
  // the JavaScript scanner's arithmetic (years from 100 on: every operand non-negative)
  const yy = m <= 2 ? y - 1 : y;
  const era = yy / 400;
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (153 * mp + 2) / 5 + d - 1;
  const doe = yoe * 365 + (yoe >> 2) - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/**
 * A timestamp at a of the shapes logs write, `2011-10-01T00:38:44.546+02:00`, without the
 * fraction, or with `Z` for the offset: its end (the index after it) and its epoch
 * milliseconds in attrTime; 0 for anything else (the JavaScript scanner reads every other
 * shape; these it reads to the same milliseconds).
 */
function isoTimestamp(a: usize): usize {
  if (load<u8>(a + 4) != 45 || load<u8>(a + 7) != 45 || load<u8>(a + 10) != 84 || load<u8>(a + 13) != 58 || load<u8>(a + 16) != 58) return 0;
  const y0 = digit(a), y1 = digit(a + 1), y2 = digit(a + 2), y3 = digit(a + 3);
  const m0 = digit(a + 5), m1 = digit(a + 6), d0 = digit(a + 8), d1 = digit(a + 9);
  const h0 = digit(a + 11), h1 = digit(a + 12), i0 = digit(a + 14), i1 = digit(a + 15);
  const s0 = digit(a + 17), s1 = digit(a + 18);
  let bad =
    <u32>(y0 > 9) | <u32>(y1 > 9) | <u32>(y2 > 9) | <u32>(y3 > 9) | <u32>(m0 > 9) | <u32>(m1 > 9) | <u32>(d0 > 9) | <u32>(d1 > 9) |
    <u32>(h0 > 9) | <u32>(h1 > 9) | <u32>(i0 > 9) | <u32>(i1 > 9) | <u32>(s0 > 9) | <u32>(s1 > 9);
  let p = a + 19;
  let f: u32 = 0;
  if (load<u8>(p) == 46) {
    // exactly three digits of a second
    const f0 = digit(p + 1), f1 = digit(p + 2), f2 = digit(p + 3);
    bad |= <u32>(f0 > 9) | <u32>(f1 > 9) | <u32>(f2 > 9);
    f = f0 * 100 + f1 * 10 + f2;
    p += 4;
  }
  let offset: i64 = 0;
  const sign = <u32>load<u8>(p);
  if (sign == 90) p += 1; // Z
  else if (sign == 43 || sign == 45) {
    if (load<u8>(p + 3) != 58) return 0;
    const o0 = digit(p + 1), o1 = digit(p + 2), o2 = digit(p + 4), o3 = digit(p + 5);
    bad |= <u32>(o0 > 9) | <u32>(o1 > 9) | <u32>(o2 > 9) | <u32>(o3 > 9);
    offset = (sign == 45 ? -1 : 1) * <i64>(o0 * 600 + o1 * 60 + o2 * 10 + o3);
    p += 6;
  } else return 0;
  if (bad != 0) return 0;
  const y = <i32>(y0 * 1000 + y1 * 100 + y2 * 10 + y3);
  const mo = <i32>(m0 * 10 + m1);
  const d = <i32>(d0 * 10 + d1);
  const h = <i32>(h0 * 10 + h1);
  const mi = <i32>(i0 * 10 + i1);
  const sec = <i32>(s0 * 10 + s1);
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 24 || mi > 59 || sec > 60) return 0;
  const ms: i64 = <i64>daysFromCivil(y, mo, d) * 86400000 + <i64>h * 3600000 + <i64>mi * 60000 + <i64>sec * 1000 + <i64>f - offset * 60000;
  attrTime = <f64>ms;
  return p;
}

/**
 * A core attribute at lt (its `<`); returns the index after it, or 0 when the bytes have
 * another shape (the same checks as the JavaScript scanner's `coreAttribute`).
 */
function coreAttribute(lt: usize, end: usize): usize {
  const head = load<u32>(lt);
  let ks: usize;
  if (head == W_STR) {
    if (load<u32>(lt + 4) != W_ING || load<u32>(lt + 8) != W_KEYEQ || <u32>load<u8>(lt + 12) != QUOTE) return 0;
    ks = lt + 13;
  } else if (head == W_DAT) {
    if (load<u32>(lt + 4) != W_E_KE || load<u32>(lt + 7) != W_EYQ) return 0;
    ks = lt + 11;
  } else return 0;
  const k0 = load<u32>(ks);
  let ke: usize;
  let kind: i32;
  if (k0 == W_CONC) {
    if (load<u32>(ks + 4) != W_EPT || load<u32>(ks + 8) != W_NAME) return 0;
    ke = ks + 12;
    kind = K_ACTIVITY;
  } else if (k0 == W_LIFE) {
    if (load<u32>(ks + 4) != W_CYCL || load<u32>(ks + 8) != W_E_TR || load<u32>(ks + 12) != W_ANSI || load<u32>(ks + 16) != W_TION) return 0;
    ke = ks + 20;
    kind = K_LIFECYCLE;
  } else if (k0 == W_TIME) {
    if (head != W_DAT || load<u32>(ks + 4) != W_COLTIM || load<u32>(ks + 8) != W_ESTA || load<u32>(ks + 10) != W_TAMP) return 0;
    ke = ks + 14;
    kind = C_TIME;
  } else if (k0 == W_ORG) {
    if (load<u32>(ks + 4) != W_RESO || load<u32>(ks + 8) != W_URCE) return 0;
    ke = ks + 12;
    kind = K_RESOURCE;
  } else return 0;
  if (load<u32>(ke) != W_QVA || load<u32>(ke + 4) != W_LUEEQ || <u32>load<u8>(ke + 8) != QUOTE) return 0;
  if ((head == W_DAT) != (kind == C_TIME)) return 0;
  const vs = ke + 9;
  attrKind = kind;
  if (kind == C_TIME) {
    const ve = isoTimestamp(vs);
    if (ve == 0 || ve + 2 >= end || <u32>load<u8>(ve) != QUOTE) return 0;
    if (<u32>load<u8>(ve + 1) != SLASH || <u32>load<u8>(ve + 2) != GT) return 0;
    return ve + 3;
  }
  const ve = plainValue(vs, end, false);
  if (ve == 0 || ve + 2 >= end || <u32>load<u8>(ve + 1) != SLASH || <u32>load<u8>(ve + 2) != GT) return 0;
  attrStart = vs;
  attrLen = <i32>(ve - vs);
  return ve + 3;
}

/** Whether the len bytes at a and at b are the same. */
@inline
function sameBytes(a: usize, b: usize, len: usize): bool {
  let i: usize = 0;
  while (i + 8 <= len) {
    if (load<u64>(a + i) != load<u64>(b + i)) return false;
    i += 8;
  }
  while (i < len) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
    i++;
  }
  return true;
}

function growTable(kind: i32): void {
  const oldTable = unchecked(tables[kind]);
  const oldMask = unchecked(tableMask[kind]);
  const size: u32 = (oldMask + 1) << 1;
  const table = zeroed(<usize>size << 2);
  const mask = size - 1;
  const hashes = unchecked(entryHash[kind]);
  for (let s: u32 = 0; s <= oldMask; s++) {
    const idPlus = load<u32>(oldTable + (<usize>s << 2));
    if (idPlus == 0) continue;
    let slot = load<u32>(hashes + (<usize>(idPlus - 1) << 2)) & mask;
    while (load<u32>(table + (<usize>slot << 2)) != 0) slot = (slot + 1) & mask;
    store<u32>(table + (<usize>slot << 2), idPlus);
  }
  heap.free(oldTable);
  unchecked((tables[kind] = table));
  unchecked((tableMask[kind] = mask));
}

/** The id of the value at start (len bytes, hash h) among the values of a kind, added when new. */
function intern(kind: i32, start: usize, len: i32, h: u32): i32 {
  const table = unchecked(tables[kind]);
  const mask = unchecked(tableMask[kind]);
  const ptrs = unchecked(entryPtr[kind]);
  const lens = unchecked(entryLen[kind]);
  let slot = h & mask;
  for (;;) {
    const idPlus = load<u32>(table + (<usize>slot << 2));
    if (idPlus == 0) break;
    const id = <usize>(idPlus - 1);
    if (load<u32>(unchecked(entryHash[kind]) + (id << 2)) == h && load<i32>(lens + (id << 2)) == len) {
      if (sameBytes(arena + <usize>load<u32>(ptrs + (id << 2)), start, <usize>len)) return <i32>id;
    }
    slot = (slot + 1) & mask;
  }
  // a new value: its bytes go to the arena (the input is overwritten chunk by chunk)
  const id = unchecked(counts[kind]);
  if (id == unchecked(entryCap[kind])) {
    const cap = id << 1;
    unchecked((entryPtr[kind] = heap.realloc(unchecked(entryPtr[kind]), <usize>cap << 2)));
    unchecked((entryLen[kind] = heap.realloc(unchecked(entryLen[kind]), <usize>cap << 2)));
    unchecked((entryHash[kind] = heap.realloc(unchecked(entryHash[kind]), <usize>cap << 2)));
    unchecked((entryCap[kind] = cap));
  }
  if (arenaUsed + <usize>len > arenaCap) {
    let cap = arenaCap << 1;
    while (arenaUsed + <usize>len > cap) cap <<= 1;
    arena = heap.realloc(arena, cap);
    arenaCap = cap;
  }
  memory.copy(arena + arenaUsed, start, <usize>len);
  store<u32>(unchecked(entryPtr[kind]) + (<usize>id << 2), <u32>arenaUsed);
  store<i32>(unchecked(entryLen[kind]) + (<usize>id << 2), len);
  store<u32>(unchecked(entryHash[kind]) + (<usize>id << 2), h);
  arenaUsed += <usize>len;
  store<u32>(table + (<usize>slot << 2), <u32>id + 1);
  unchecked((counts[kind] = id + 1));
  if (<u32>(id + 1) * 2 > mask) growTable(kind);
  return id;
}

const ONES: u64 = 0x0101010101010101;
const HIGHS: u64 = 0x8080808080808080;

/** The high bit of each byte of x that equals b (exact for the lowest such byte). */
@inline
function bytesEqual(x: u64, b: u64): u64 {
  const y = x ^ (ONES * b);
  return (y - ONES) & ~y & HIGHS;
}

/**
 * The end of a plain value at vs (its closing quote) and a hash of its bytes in attrHash; 0
 * for a value it does not read: one with a reference, whitespace XML normalises, a forbidden
 * character or (with `ascii`) a byte from 0x80 on, which JavaScript decodes to check that it
 * is UTF-8. Eight bytes at a time: the padding after the input makes reading ahead safe.
 */
function plainValue(vs: usize, end: usize, ascii: bool): usize {
  let h: u32 = 0x811c9dc5;
  let p = vs;
  const high: u64 = ascii ? HIGHS : 0;
  for (;;) {
    const x = load<u64>(p);
    // bytes below 0x20 (exact below a byte from 0x80 on), '"', '<', '&'
    const stops = ((x - ONES * 0x20) & ~x & HIGHS) | bytesEqual(x, QUOTE) | bytesEqual(x, LT) | bytesEqual(x, AMP) | (x & high);
    if (stops == 0) {
      h = (h ^ <u32>x) * 0x01000193;
      h = (h ^ <u32>(x >> 32)) * 0x01000193;
      p += 8;
      continue;
    }
    const k = <usize>(ctz(stops) >> 3);
    if (k > 0) {
      const rest = x & ((<u64>1 << (<u64>k << 3)) - 1);
      h = (h ^ <u32>rest) * 0x01000193;
      h = (h ^ <u32>(rest >> 32)) * 0x01000193;
    }
    const q = p + k;
    if (q >= end || <u32>load<u8>(q) != QUOTE) return 0;
    attrHash = h;
    return q;
  }
  return 0; // not reached
}

/**
 * A plain event at i (its `<event>`): its columns go to row `produced`, its other attributes
 * (without children, with plain text) to the attribute columns, and the index after its
 * `</event>` is returned; 0 when it is not plain or not complete.
 */
function plainEvent(i: usize, end: usize): usize {
  const attrMark = attrsOut;
  const next = readEvent(i, end);
  if (next == 0) attrsOut = attrMark; // none of its attributes go out either
  return next;
}

function readEvent(i: usize, end: usize): usize {
  let p = i + 7;
  let aStart: usize = 0;
  let aLen: i32 = -1;
  let aHash: u32 = 0;
  let rStart: usize = 0;
  let rLen: i32 = -1;
  let rHash: u32 = 0;
  let lStart: usize = 0;
  let lLen: i32 = -1;
  let lHash: u32 = 0;
  let time: f64 = NaN;
  for (;;) {
    while (p < end && isSpace(<u32>load<u8>(p))) p++;
    if (p + 8 > end || <u32>load<u8>(p) != LT) return 0;
    if (<u32>load<u8>(p + 1) == SLASH) {
      if (load<u32>(p) != W_CLOSE_EV || load<u32>(p + 4) != W_ENT_GT) return 0;
      p += 8;
      break;
    }
    const next = coreAttribute(p, end);
    if (next == 0) {
      // another attribute of the event, kept as a row of the attribute columns
      const after = attributeRow(p, end, produced);
      if (after == 0) return 0;
      p = after;
      continue;
    }
    const kind = attrKind;
    if (kind == K_ACTIVITY) {
      aStart = attrStart;
      aLen = attrLen;
      aHash = attrHash;
    } else if (kind == K_RESOURCE) {
      rStart = attrStart;
      rLen = attrLen;
      rHash = attrHash;
    } else if (kind == K_LIFECYCLE) {
      lStart = attrStart;
      lLen = attrLen;
      lHash = attrHash;
    } else time = attrTime;
    p = next;
  }
  // an event without a name takes the JavaScript path (it names it "")
  if (aLen < 0) return 0;
  const e = <usize>produced;
  store<i32>(outActivity + (e << 2), intern(K_ACTIVITY, aStart, aLen, aHash));
  store<i32>(outResource + (e << 2), rLen < 0 ? -1 : intern(K_RESOURCE, rStart, rLen, rHash));
  store<i32>(outLifecycle + (e << 2), lLen < 0 ? -1 : intern(K_LIFECYCLE, lStart, lLen, lHash));
  store<f64>(outTime + (e << 3), time);
  produced++;
  return p;
}

// the attribute element just read by plainAttribute
let elemType: i32 = 0;
let elemKeyStart: usize = 0;
let elemKeyEnd: usize = 0;
let elemKeyHash: u32 = 0;
let elemValueStart: usize = 0;
let elemValueEnd: usize = 0;

/**
 * An attribute element without children at lt, `<string|date|int|float|boolean|id
 * key="…" value="…"/>` with plain key and value; returns the index after it (its parts in
 * the elem… globals), or 0 when it has another shape.
 */
function plainAttribute(lt: usize, end: usize, ascii: bool): usize {
  const head = load<u32>(lt);
  let ks: usize;
  let type: i32;
  if (head == W_STR) {
    if (load<u32>(lt + 4) != W_ING || load<u32>(lt + 8) != W_KEYEQ || <u32>load<u8>(lt + 12) != QUOTE) return 0;
    ks = lt + 13;
    type = T_STRING;
  } else if (head == W_DAT) {
    if (load<u32>(lt + 4) != W_E_KE || load<u32>(lt + 7) != W_EYQ) return 0;
    ks = lt + 11;
    type = T_DATE;
  } else if (head == W_INT) {
    if (load<u32>(lt + 4) != W_SPKEY || <u32>load<u8>(lt + 8) != 61 || <u32>load<u8>(lt + 9) != QUOTE) return 0;
    ks = lt + 10;
    type = T_INT;
  } else if (head == W_FLO) {
    if (load<u32>(lt + 4) != W_AT_K || load<u32>(lt + 8) != W_EYQ) return 0;
    ks = lt + 12;
    type = T_FLOAT;
  } else if (head == W_BOO) {
    if (load<u32>(lt + 4) != W_LEAN || load<u32>(lt + 8) != W_SPKEY || <u32>load<u8>(lt + 12) != 61 || <u32>load<u8>(lt + 13) != QUOTE) return 0;
    ks = lt + 14;
    type = T_BOOLEAN;
  } else if (head == W_ID_SP) {
    if (load<u32>(lt + 4) != W_KEYEQ || <u32>load<u8>(lt + 8) != QUOTE) return 0;
    ks = lt + 9;
    type = T_ID;
  } else return 0;
  const ke = plainValue(ks, end, ascii);
  if (ke == 0 || ke == ks) return 0;
  const keyHash = attrHash;
  if (load<u32>(ke) != W_QVA || load<u32>(ke + 4) != W_LUEEQ || <u32>load<u8>(ke + 8) != QUOTE) return 0;
  const vs = ke + 9;
  const ve = plainValue(vs, end, ascii);
  if (ve == 0 || ve + 2 >= end || <u32>load<u8>(ve + 1) != SLASH || <u32>load<u8>(ve + 2) != GT) return 0;
  elemType = type;
  elemKeyStart = ks;
  elemKeyEnd = ke;
  elemKeyHash = keyHash;
  elemValueStart = vs;
  elemValueEnd = ve;
  return ve + 3;
}

/**
 * An attribute without children at lt, of a trace (owner -1) or of the event that will be
 * row `owner`: its type, key and value (a date parsed when it has a usual shape) go to row
 * `attrsOut`; returns the index after it, or 0. An event's attribute with a key of its own
 * meaning (SPECIAL_KEY_TEXTS) is not read.
 */
function attributeRow(lt: usize, end: usize, owner: i32): usize {
  if (attrsOut == ATTR_CAP) return 0;
  const next = plainAttribute(lt, end, false);
  if (next == 0) return 0;
  const key = intern(K_KEY, elemKeyStart, <i32>(elemKeyEnd - elemKeyStart), elemKeyHash);
  if (owner >= 0 && key < SPECIAL_KEYS) return 0;
  const a = <usize>attrsOut;
  store<i32>(outAttrType + (a << 2), elemType);
  store<i32>(outAttrKey + (a << 2), key);
  store<u32>(outAttrValue + (a << 2), <u32>elemValueStart);
  store<i32>(outAttrLength + (a << 2), <i32>(elemValueEnd - elemValueStart));
  store<i32>(outAttrOwner + (a << 2), owner);
  let time: f64 = NaN;
  if (elemType == T_DATE && isoTimestamp(elemValueStart) == elemValueEnd) time = attrTime;
  store<f64>(outAttrTime + (a << 3), time);
  attrsOut++;
  return next;
}

/**
 * Attribute elements without children and with plain ASCII key and value, one after the
 * other from input offset `from`, inside content the log drops (metadata nested in a log
 * attribute); each must start before `limit`. Returns where something else begins.
 */
export function skipAttributes(from: i32, n: i32, limit: i32): i32 {
  const base = input;
  const end = begin(n);
  const lim = base + <usize>limit;
  let i = base + <usize>from;
  while (i < lim && i + 8 <= end && <u32>load<u8>(i) == LT) {
    const next = plainAttribute(i, end, true);
    if (next == 0) break;
    i = next;
    while (i < end && isSpace(<u32>load<u8>(i))) i++;
  }
  return <i32>(i - base);
}

/** Starts a call on the first n input bytes: zero padding after them, empty outputs; returns their end. */
function begin(n: i32): usize {
  const end = input + <usize>n;
  memory.fill(end, 0, PAD);
  produced = 0;
  tracesOut = 0;
  attrsOut = 0;
  return end;
}

/**
 * Plain events, one after the other, from input offset `from` (the `<` of an `<event>`
 * inside a trace) in the first n bytes of the input; an event must start before `limit`.
 * Returns the offset where something else begins: the next construct after the last event
 * read, or the start of an event it does not read. `producedEvents()` tells how many
 * events the output columns hold.
 */
export function events(from: i32, n: i32, limit: i32): i32 {
  const base = input;
  const end = begin(n);
  const lim = base + <usize>limit;
  let i = base + <usize>from;
  for (;;) {
    if (produced == OUT_CAP || i >= lim || i + 7 > end || load<u32>(i) != W_OPEN_EV || load<u32>(i + 3) != W_ENT_GT) return <i32>(i - base);
    const next = plainEvent(i, end);
    if (next == 0) return <i32>(i - base);
    i = next;
    while (i < end && isSpace(<u32>load<u8>(i))) i++;
  }
  return <i32>(i - base); // not reached
}

/**
 * Plain traces, one after the other, from input offset `from` (the `<` of a `<trace>` in the
 * log); a trace must start before `limit`. Returns where something else begins, or the start
 * of a trace it does not read (nothing of which is in the output). `producedTraces()` tells
 * how many traces the output holds; trace t's events end at row `outputTraceEvents()[t]` of
 * the event columns, its attributes at row `outputTraceAttributes()[t]` of theirs.
 */
export function traces(from: i32, n: i32, limit: i32): i32 {
  const base = input;
  const end = begin(n);
  const lim = base + <usize>limit;
  let i = base + <usize>from;
  for (;;) {
    if (i >= lim || i + 8 > end || load<u32>(i) != W_OPEN_TR || load<u32>(i + 3) != W_ACE_GT) return <i32>(i - base);
    if (tracesOut == TRACE_CAP) return <i32>(i - base);
    const eventMark = produced;
    const attrMark = attrsOut;
    let p = i + 7;
    let complete = false;
    for (;;) {
      while (p < end && isSpace(<u32>load<u8>(p))) p++;
      if (p + 8 > end || <u32>load<u8>(p) != LT) break;
      const c1 = <u32>load<u8>(p + 1);
      if (c1 == SLASH) {
        if (load<u32>(p) == W_CLOSE_TR && load<u32>(p + 4) == W_ACE_GT) {
          p += 8;
          complete = true;
        }
        break;
      }
      let next: usize = 0;
      if (c1 == 101) {
        if (produced == OUT_CAP || load<u32>(p) != W_OPEN_EV || load<u32>(p + 3) != W_ENT_GT) break;
        next = plainEvent(p, end);
      } else next = attributeRow(p, end, -1);
      if (next == 0) break;
      p = next;
    }
    if (!complete) {
      // nothing of this trace goes out; JavaScript reads it (or the next call, when full)
      produced = eventMark;
      attrsOut = attrMark;
      return <i32>(i - base);
    }
    store<i32>(outTraceEvents + (<usize>tracesOut << 2), produced);
    store<i32>(outTraceAttrs + (<usize>tracesOut << 2), attrsOut);
    tracesOut++;
    i = p;
    while (i < end && isSpace(<u32>load<u8>(i))) i++;
  }
  return <i32>(i - base); // not reached
}
