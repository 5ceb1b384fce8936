// The XES reader: XES elements, as the scanners and the XML parser meet them, → the columnar
// log (LogBuilder). It knows the log/trace/event nesting, typed and nested attributes, the
// core attributes of an event (activity, time, resource, lifecycle), classifiers, and what it
// drops (extensions, globals, unknown elements); the byte scanner hands it plain events (and
// those WebAssembly read) in columns.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { LogBuilder, type AttributeType, type AttributeValue, type EventLog } from '../model.js';
import { DEFAULT_OFFSET_MINUTES, parseTimestamp } from './timestamps.js';
import { inputLimits, tooDeep } from '../../shared/bounds.js';
import { ScannerUnsure, XesScanner } from './xes-scanner.js';
import { XesByteScanner, type ByteScannerSink, type InternEntry } from './xes-bytes.js';
import { ATTRIBUTE_TYPES, KIND_ACTIVITY, KIND_KEY, KIND_LIFECYCLE, KIND_RESOURCE, type PlainBatch } from './xes-events-wasm.js';
import { LogImportError } from './errors.js';

const ATTRIBUTE_TAGS = new Set<string>(['string', 'date', 'int', 'float', 'boolean', 'id', 'list', 'container']);

// Frame kinds on the element stack
const F_LOG = 1;
const F_TRACE = 2;
const F_EVENT = 3;
const F_ATTR = 4;
const F_VALUES = 5;
const F_SKIP = 6; // global, extension, classifier and anything unknown

function localName(tag: string): string {
  const i = tag.indexOf(':');
  return i < 0 ? tag : tag.slice(i + 1);
}

/**
 * Incremental XES reader: feed text with `write`, then `finish` for the log. In `fast` mode
 * the text goes through the XES scanner, which throws `ScannerUnsure` at anything it does
 * not read with certainty (the caller then starts over in `strict` mode); in `strict` mode
 * it goes through saxes, and every problem is a LogImportError with line and column.
 */
export class XesReader implements ByteScannerSink {
  private readonly parser: SaxesParser | null = null;
  private readonly scanner: XesScanner | null = null;
  private readonly bytes: XesByteScanner | null = null;
  private readonly builder = new LogBuilder();
  private readonly kinds: number[] = [];
  private readonly paths: string[] = [];
  private readonly offset: number;
  private sawLog = false;
  private first = true;
  // the event being read
  private activity: string | null = null;
  private readonly maxDepth = inputLimits().maxDepth;
  private time = NaN;
  private resource: string | null = null;
  private lifecycle: string | null = null;
  // the same values as interned by the byte scanner (they carry their index in the log)
  private activityEntry: InternEntry | null = null;
  private resourceEntry: InternEntry | null = null;
  private lifecycleEntry: InternEntry | null = null;
  private start = NaN;
  private extras: Array<[string, AttributeType, AttributeValue]> = [];
  private caseIndex = -1;
  /** Ids of the WebAssembly loop's interned values (activity, resource, lifecycle) in the log. */
  private readonly wasmIds: [number[], number[], number[]] = [[], [], []];

  constructor(options: { defaultOffsetMinutes?: number; mode?: 'fast' | 'strict' | 'bytes'; wasm?: boolean } = {}) {
    this.offset = options.defaultOffsetMinutes ?? DEFAULT_OFFSET_MINUTES;
    if (options.mode === 'bytes') {
      this.bytes = new XesByteScanner(this, { defaultOffsetMinutes: this.offset, wasm: options.wasm });
      return;
    }
    if (options.mode === 'fast') {
      this.scanner = new XesScanner({
        open: (name, names, values, count) => {
          let key: string | undefined;
          let value: string | undefined;
          let other: Record<string, string> | null = null;
          for (let i = 0; i < count; i++) {
            const a = names[i];
            if (a === 'key') key = values[i];
            else if (a === 'value') value = values[i];
            else (other ??= {})[a] = values[i];
          }
          this.open(name, key, value, other);
        },
        close: () => this.close(),
      });
      return;
    }
    const parser = new SaxesParser({ position: true });
    this.parser = parser;
    parser.on('error', (err) => {
      throw new LogImportError(`malformed XML: ${err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')}`, parser.line, parser.column + 1);
    });
    parser.on('opentag', (tag) => {
      const { key, value, ...other } = (tag as SaxesTagPlain).attributes;
      this.open(tag.name, key, value, other);
    });
    parser.on('closetag', () => this.close());
  }

  get events(): number {
    return this.builder.events;
  }

  write(text: string): void {
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.scanner) this.scanner.write(text);
    else this.parser!.write(text);
  }

  /** Feeds raw bytes (mode `bytes` only). */
  writeBytes(chunk: Buffer): void {
    this.bytes!.write(chunk);
  }

  finish(): EventLog {
    if (this.bytes) this.bytes.finish();
    else if (this.scanner) this.scanner.finish();
    else this.parser!.close();
    if (!this.sawLog) this.fail('not an XES log: no <log> root element');
    return this.builder.build();
  }

  private fail(message: string): never {
    // the fast scanner knows no positions: let the strict reader find and report it
    if (!this.parser) throw new ScannerUnsure(message);
    throw new LogImportError(message, this.parser.line, this.parser.column + 1);
  }

  /** @internal for the scanners */
  open(tagName: string, key: string | undefined, raw: string | undefined, other: Record<string, string> | null): void {
    const name = localName(tagName);
    const depth = this.kinds.length;
    if (depth >= this.maxDepth) this.fail(tooDeep(this.maxDepth, 'XML').en);
    const parent = depth > 0 ? this.kinds[depth - 1] : 0;
    if (depth === 0) {
      if (name !== 'log') this.fail(`not an XES log: root element is <${tagName}>`);
      this.sawLog = true;
      this.kinds.push(F_LOG);
      this.paths.push('');
      return;
    }
    if (parent === F_SKIP) {
      this.kinds.push(F_SKIP);
      this.paths.push('');
      return;
    }
    if (ATTRIBUTE_TAGS.has(name)) {
      if (key === undefined) {
        // seen in real logs' metadata: a keyless value; it cannot be addressed, so it is skipped
        this.kinds.push(F_SKIP);
        this.paths.push('');
        return;
      }
      const path = parent === F_ATTR || parent === F_VALUES ? `${this.paths[depth - 1]}/${key}` : key;
      this.kinds.push(F_ATTR);
      this.paths.push(path);
      this.attribute(parent === F_ATTR || parent === F_VALUES ? this.ownerKind() : parent, path, name as AttributeType, raw, parent === F_ATTR || parent === F_VALUES);
      return;
    }
    if (name === 'values' && parent === F_ATTR) {
      this.kinds.push(F_VALUES);
      this.paths.push(this.paths[depth - 1]);
      return;
    }
    if (name === 'trace' && parent === F_LOG) {
      this.openTrace(this.builder.events);
      return;
    }
    if (name === 'event' && parent === F_TRACE) {
      this.beginEvent();
      return;
    }
    if (name === 'event' && parent === F_LOG) this.fail('<event> outside a <trace>');
    if (name === 'classifier' && parent === F_LOG) {
      const cname = other?.name;
      const keys = other?.keys;
      if (cname && keys) this.builder.classifiers[cname] = keys.trim().split(/\s+/);
    }
    this.kinds.push(F_SKIP);
    this.paths.push('');
  }

  /** A <trace> in the log: a new case, numbered until its concept:name names it, whose events start at row firstEvent. */
  private openTrace(firstEvent: number): void {
    this.caseIndex = this.builder.startCase(String(this.builder.cases + 1), firstEvent);
    this.kinds.push(F_TRACE);
    this.paths.push('');
  }

  /** The log/trace/event that owns the attribute currently open (through nesting). */
  private ownerKind(): number {
    for (let i = this.kinds.length - 1; i >= 0; i--) {
      const k = this.kinds[i];
      if (k === F_LOG || k === F_TRACE || k === F_EVENT) return k;
    }
    return 0;
  }

  /** The value of an attribute from its text; `parsedDate`: a date's milliseconds, already read from its bytes. */
  private value(type: AttributeType, raw: string | undefined, key: string, parsedDate = NaN): AttributeValue | undefined {
    if (raw === undefined) return undefined;
    switch (type) {
      case 'date': {
        const t = parsedDate === parsedDate ? parsedDate : parseTimestamp(raw, this.offset);
        if (Number.isNaN(t)) this.fail(`unreadable date "${raw}" for ${key}`);
        return t;
      }
      case 'int':
      case 'float': {
        const n = Number(raw);
        return Number.isNaN(n) ? raw : n;
      }
      case 'boolean':
        return raw.toLowerCase() === 'true';
      default:
        return raw;
    }
  }

  private attribute(owner: number, key: string, type: AttributeType, raw: string | undefined, nested: boolean, parsedDate = NaN): void {
    if (owner === F_EVENT) {
      if (!nested) {
        if (key === 'concept:name') {
          this.activity = raw ?? '';
          this.activityEntry = null;
          return;
        }
        if (key === 'time:timestamp') {
          this.time = this.value('date', raw, key) as number;
          return;
        }
        if (key === 'org:resource') {
          this.resource = raw ?? null;
          this.resourceEntry = null;
          return;
        }
        if (key === 'lifecycle:transition') {
          this.lifecycle = raw ?? null;
          this.lifecycleEntry = null;
          return;
        }
        if (key === 'start_timestamp' && type === 'date') {
          this.start = this.value('date', raw, key) as number;
          return;
        }
      }
      const v = this.value(type, raw, key, parsedDate);
      if (v !== undefined) this.extras.push([key, type, v]);
      return;
    }
    if (owner === F_TRACE) {
      if (!nested && key === 'concept:name') {
        if (raw !== undefined) this.builder.setCaseId(this.caseIndex, raw);
        return;
      }
      const v = this.value(type, raw, key, parsedDate);
      if (v !== undefined) this.builder.setCaseAttribute(this.caseIndex, key, type, v);
      return;
    }
    if (owner === F_LOG && !nested) {
      const v = this.value(type, raw, key, parsedDate);
      if (v !== undefined) this.builder.logAttributes[key] = v;
    }
  }

  /** @internal for the byte scanner: `<event>` (as `open` reads it); false when it is not inside a trace (then `open` must read it) */
  openEvent(): boolean {
    const depth = this.kinds.length;
    if (depth === 0 || this.kinds[depth - 1] !== F_TRACE) return false;
    this.beginEvent();
    return true;
  }

  /** An <event> in a trace: nothing of it read yet. */
  private beginEvent(): void {
    this.activity = null;
    this.time = NaN;
    this.resource = null;
    this.lifecycle = null;
    this.activityEntry = null;
    this.resourceEntry = null;
    this.lifecycleEntry = null;
    this.start = NaN;
    if (this.extras.length) this.extras = []; // reused while events have no other attributes
    this.kinds.push(F_EVENT);
    this.paths.push('');
  }

  /** @internal for the byte scanner: nothing inside the innermost element reaches the log (unknown elements, metadata nested in log attributes) */
  skipsChildren(): boolean {
    const k = this.kinds[this.kinds.length - 1];
    return k === F_SKIP || ((k === F_ATTR || k === F_VALUES) && this.ownerKind() === F_LOG);
  }

  /** @internal for the byte scanner: an element inside one whose content is dropped */
  openSkipped(): void {
    this.kinds.push(F_SKIP);
    this.paths.push('');
  }

  /** @internal for the byte scanner */
  inEvent(): boolean {
    return this.kinds[this.kinds.length - 1] === F_EVENT;
  }

  /** @internal for the byte scanner */
  inTrace(): boolean {
    return this.kinds[this.kinds.length - 1] === F_TRACE;
  }

  /** @internal for the byte scanner */
  inLog(): boolean {
    return this.kinds.length === 1 && this.kinds[0] === F_LOG;
  }

  /** @internal for the byte scanner: plain events read by WebAssembly, their names numbered here by first use */
  addPlainEvents(batch: PlainBatch): void {
    const b = this.builder;
    const firstEvent = b.events;
    const { activity, resource, lifecycle, texts, produced } = batch;
    const am = this.wasmIds[KIND_ACTIVITY];
    const rm = this.wasmIds[KIND_RESOURCE];
    const lm = this.wasmIds[KIND_LIFECYCLE];
    for (let e = 0; e < produced; e++) {
      // the columns are the module's scratch space: ids are rewritten in place
      const wa = activity[e];
      let a = am[wa];
      if (a === undefined) a = am[wa] = b.activityId(texts[KIND_ACTIVITY][wa]);
      activity[e] = a;
      const wr = resource[e];
      if (wr >= 0) {
        let r = rm[wr];
        if (r === undefined) r = rm[wr] = b.resourceId(texts[KIND_RESOURCE][wr]);
        resource[e] = r;
      }
      const wl = lifecycle[e];
      if (wl >= 0) {
        let l = lm[wl];
        if (l === undefined) l = lm[wl] = b.lifecycleId(texts[KIND_LIFECYCLE][wl]);
        lifecycle[e] = l;
      }
    }
    b.addEventColumns(produced, activity, batch.time, resource, lifecycle);
    // their other attributes, in document order, as addEvent sets an event's extras
    const keys = texts[KIND_KEY];
    for (let a = 0; a < batch.attributeCount; a++) {
      const owner = batch.attributeOwner[a];
      if (owner < 0) continue;
      const type = ATTRIBUTE_TYPES[batch.attributeType[a]];
      const key = keys[batch.attributeKey[a]];
      const v = this.value(type, batch.attributeValue(a), key, batch.attributeTime[a]);
      if (v !== undefined) b.setEventAttribute(firstEvent + owner, key, type, v);
    }
  }

  /** @internal for the byte scanner: plain traces read by WebAssembly, read here as `open`/`close` would */
  addPlainTraces(batch: PlainBatch): void {
    const keys = batch.texts[KIND_KEY];
    const firstEvent = this.builder.events;
    let a = 0;
    for (let t = 0; t < batch.traceCount; t++) {
      this.openTrace(firstEvent + (t === 0 ? 0 : batch.traceEvents[t - 1]));
      for (const end = batch.traceAttributes[t]; a < end; a++) {
        if (batch.attributeOwner[a] >= 0) continue; // an event's: addPlainEvents sets it
        this.attribute(F_TRACE, keys[batch.attributeKey[a]], ATTRIBUTE_TYPES[batch.attributeType[a]], batch.attributeValue(a), false, batch.attributeTime[a]);
      }
      this.close();
    }
    // the events of all these traces in one go (each case starts at its own row)
    this.addPlainEvents(batch);
  }

  /** @internal for the byte scanner */
  setEventActivityEntry(entry: InternEntry): void {
    this.activityEntry = entry;
    this.activity = entry.text;
  }

  /** @internal for the byte scanner */
  setEventResourceEntry(entry: InternEntry): void {
    this.resourceEntry = entry;
    this.resource = entry.text;
  }

  /** @internal for the byte scanner */
  setEventLifecycleEntry(entry: InternEntry): void {
    this.lifecycleEntry = entry;
    this.lifecycle = entry.text;
  }

  /** @internal for the byte scanner */
  setEventTime(ms: number): void {
    this.time = ms;
  }

  /** @internal for the scanners */
  close(): void {
    const kind = this.kinds.pop();
    this.paths.pop();
    if (kind === F_EVENT) this.addEvent();
  }

  /** @internal for the byte scanner: the end of the event that is the innermost element */
  closeEvent(): void {
    this.kinds.pop();
    this.paths.pop();
    this.addEvent();
  }

  private addEvent(): void {
    // indices are given when the event is added, so names are numbered by first use as before
    const b = this.builder;
    const ae = this.activityEntry;
    const a = ae !== null ? (ae.id >= 0 ? ae.id : (ae.id = b.activityId(ae.text))) : b.activityId(this.activity ?? '');
    const re = this.resourceEntry;
    const r = re !== null ? (re.id >= 0 ? re.id : (re.id = b.resourceId(re.text))) : this.resource === null ? -1 : b.resourceId(this.resource);
    const le = this.lifecycleEntry;
    const l = le !== null ? (le.id >= 0 ? le.id : (le.id = b.lifecycleId(le.text))) : this.lifecycle === null ? -1 : b.lifecycleId(this.lifecycle);
    const e = b.addEventIds(a, this.time, r, l, this.start);
    if (this.extras.length) for (const [k, t, v] of this.extras) b.setEventAttribute(e, k, t, v);
  }
}
