// The event log as mining sees it: columnar and compact. One row per event, cases are
// contiguous ranges of rows (caseOffsets), strings that repeat (activities, resources,
// lifecycle transitions) are interned once and referenced by index from typed arrays.
// A 262,200-event log costs a few megabytes this way instead of hundreds.

/** XES attribute types (IEEE 1849). */
export type AttributeType = 'string' | 'date' | 'int' | 'float' | 'boolean' | 'id' | 'list' | 'container';

/** A stored attribute value; dates are epoch milliseconds. */
export type AttributeValue = string | number | boolean;

/** One attribute over all events (or all cases); sparse — most rows may lack it. */
export interface AttributeColumn {
  type: AttributeType;
  values: Array<AttributeValue | undefined>;
}

export interface EventLog {
  /** Case identifiers (`concept:name` of the trace), in file order. */
  readonly caseIds: string[];
  /** Events of case c are rows caseOffsets[c] .. caseOffsets[c+1]-1. Length = cases + 1. */
  readonly caseOffsets: Uint32Array;
  /** Interned activity names; `activity[e]` indexes into it. */
  readonly activityNames: string[];
  readonly activity: Uint32Array;
  /** Completion (or only) timestamp in epoch milliseconds; NaN where absent. */
  readonly timestamp: Float64Array;
  /** Start timestamp when the source has a start column (CSV); NaN where absent. */
  readonly startTimestamp: Float64Array | null;
  /** Interned resources; `resource[e]` is -1 when the event has none. */
  readonly resourceNames: string[];
  readonly resource: Int32Array;
  /** Interned lifecycle transitions, lower-case (`complete`, `start`, `schedule` ...); -1 when absent. */
  readonly lifecycleNames: string[];
  readonly lifecycle: Int32Array;
  /** Other event attributes by key (nested attributes as `parent/child`). */
  readonly eventAttributes: Map<string, AttributeColumn>;
  /** Trace attributes other than concept:name, indexed by case. */
  readonly caseAttributes: Map<string, AttributeColumn>;
  /** Top-level log attributes (not nested ones). */
  readonly logAttributes: Record<string, AttributeValue>;
  /** XES classifiers declared in the log: name → attribute keys. */
  readonly classifiers: Record<string, string[]>;
}

export function caseCount(log: EventLog): number {
  return log.caseIds.length;
}

export function eventCount(log: EventLog): number {
  return log.activity.length;
}

/** Activity names of one case, in order. */
export function traceActivities(log: EventLog, c: number): string[] {
  const out: string[] = [];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) out.push(log.activityNames[log.activity[e]]);
  return out;
}

/** Lifecycle transition of an event, lower-case, or null. */
export function lifecycleOf(log: EventLog, e: number): string | null {
  const l = log.lifecycle[e];
  return l < 0 ? null : log.lifecycleNames[l];
}

export function resourceOf(log: EventLog, e: number): string | null {
  const r = log.resource[e];
  return r < 0 ? null : log.resourceNames[r];
}

// ---------------------------------------------------------------------------------------
// Building a log row by row

class Interner {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  id(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }
}

/** data (of which the first `length` values count) with src after them: data itself, or a larger copy. */
function appended<A extends Uint32Array | Int32Array | Float64Array>(data: A, length: number, src: A): A {
  let out = data;
  if (length + src.length > data.length) {
    let size = data.length * 2;
    while (size < length + src.length) size *= 2;
    out = new (data.constructor as new (n: number) => A)(size);
    out.set(data.subarray(0, length));
  }
  out.set(src, length);
  return out;
}

class GrowableU32 {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Appends the values of src. */
  pushAll(src: Uint32Array): void {
    this.data = appended(this.data, this.length, src);
    this.length += src.length;
  }
  finish(): Uint32Array {
    return this.data.slice(0, this.length);
  }
}

class GrowableI32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Appends the values of src. */
  pushAll(src: Int32Array): void {
    this.data = appended(this.data, this.length, src);
    this.length += src.length;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

class GrowableF64 {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** Appends the values of src. */
  pushAll(src: Float64Array): void {
    this.data = appended(this.data, this.length, src);
    this.length += src.length;
  }
  finish(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Accumulates a log event by event (importers) and freezes it into an EventLog. */
export class LogBuilder {
  private readonly caseIds: string[] = [];
  private readonly offsets = new GrowableU32(256);
  private readonly activities = new Interner();
  private readonly resources = new Interner();
  private readonly lifecycles = new Interner();
  private readonly activity = new GrowableU32();
  private readonly timestamp = new GrowableF64();
  private start: GrowableF64 | null = null;
  private readonly resource = new GrowableI32();
  private readonly lifecycle = new GrowableI32();
  private readonly eventAttributes = new Map<string, AttributeColumn>();
  private readonly caseAttributes = new Map<string, AttributeColumn>();
  readonly logAttributes: Record<string, AttributeValue> = {};
  readonly classifiers: Record<string, string[]> = {};

  get events(): number {
    return this.activity.length;
  }

  get cases(): number {
    return this.caseIds.length;
  }

  /**
   * Opens a new case; following events belong to it. Returns its index. `firstEvent` is for
   * importers that add the events of several cases at once, afterwards (addEventColumns).
   */
  startCase(id: string, firstEvent = this.activity.length): number {
    this.caseIds.push(id);
    this.offsets.push(firstEvent);
    return this.caseIds.length - 1;
  }

  setCaseId(c: number, id: string): void {
    this.caseIds[c] = id;
  }

  setCaseAttribute(c: number, key: string, type: AttributeType, value: AttributeValue): void {
    let col = this.caseAttributes.get(key);
    if (!col) this.caseAttributes.set(key, (col = { type, values: [] }));
    col.values[c] = value;
  }

  /** Index of an activity name (interned on first use). */
  activityId(name: string): number {
    return this.activities.id(name);
  }

  resourceId(name: string): number {
    return this.resources.id(name);
  }

  /** Index of a lifecycle transition, lower-cased. */
  lifecycleId(name: string): number {
    return this.lifecycles.id(name.toLowerCase());
  }

  /** Appends an event to the current case; returns its row. */
  addEvent(activity: string, timestamp: number, resource: string | null, lifecycle: string | null, start = NaN): number {
    return this.addEventIds(
      this.activities.id(activity),
      timestamp,
      resource === null ? -1 : this.resources.id(resource),
      lifecycle === null ? -1 : this.lifecycleId(lifecycle),
      start,
    );
  }

  /** Appends an event given the indices of its names (from activityId, resourceId, lifecycleId; -1 for none); returns its row. */
  addEventIds(activity: number, timestamp: number, resource: number, lifecycle: number, start = NaN): number {
    if (this.caseIds.length === 0) throw new Error('addEvent before startCase');
    const e = this.activity.length;
    this.activity.push(activity);
    this.timestamp.push(timestamp);
    this.resource.push(resource);
    this.lifecycle.push(lifecycle);
    if (start === start) {
      if (!this.start) {
        this.start = new GrowableF64(Math.max(1024, this.timestamp.data.length));
        for (let i = 0; i < e; i++) this.start.push(NaN);
      }
    }
    if (this.start) this.start.push(start);
    return e;
  }

  /** Appends the first `count` rows of columns of ids (as addEventIds takes them, activity ids ≥ 0) and timestamps as events. */
  addEventColumns(count: number, activity: Int32Array, timestamp: Float64Array, resource: Int32Array, lifecycle: Int32Array): void {
    if (count === 0) return;
    if (this.caseIds.length === 0) throw new Error('addEvent before startCase');
    // the same bytes as a Uint32Array: a typed-array copy between two kinds goes value by value
    this.activity.pushAll(new Uint32Array(activity.buffer, activity.byteOffset, count));
    this.timestamp.pushAll(timestamp.subarray(0, count));
    this.resource.pushAll(resource.subarray(0, count));
    this.lifecycle.pushAll(lifecycle.subarray(0, count));
    if (this.start) for (let i = 0; i < count; i++) this.start.push(NaN);
  }

  setEventAttribute(e: number, key: string, type: AttributeType, value: AttributeValue): void {
    let col = this.eventAttributes.get(key);
    if (!col) this.eventAttributes.set(key, (col = { type, values: [] }));
    col.values[e] = value;
  }

  build(): EventLog {
    const offsets = new Uint32Array(this.caseIds.length + 1);
    offsets.set(this.offsets.data.subarray(0, this.offsets.length));
    offsets[this.caseIds.length] = this.activity.length;
    return {
      caseIds: this.caseIds,
      caseOffsets: offsets,
      activityNames: this.activities.names,
      activity: this.activity.finish(),
      timestamp: this.timestamp.finish(),
      startTimestamp: this.start ? this.start.finish() : null,
      resourceNames: this.resources.names,
      resource: this.resource.finish(),
      lifecycleNames: this.lifecycles.names,
      lifecycle: this.lifecycle.finish(),
      eventAttributes: this.eventAttributes,
      caseAttributes: this.caseAttributes,
      logAttributes: this.logAttributes,
      classifiers: this.classifiers,
    };
  }
}

/** A new log with only the cases `keep` accepts (in order), e.g. to split before/after a date. */
export function selectCases(log: EventLog, keep: (c: number) => boolean): EventLog {
  const cases: number[] = [];
  for (let c = 0; c < log.caseIds.length; c++) if (keep(c)) cases.push(c);
  return rebuild(log, cases, () => true);
}

/** A new log with only the events `keep` accepts (cases left empty stay, as empty traces). */
export function selectEvents(log: EventLog, keep: (e: number) => boolean): EventLog {
  const cases = log.caseIds.map((_, c) => c);
  return rebuild(log, cases, keep);
}

/** Keeps only events with the given lifecycle transition (events without one are kept). */
export function keepLifecycle(log: EventLog, transition: string): EventLog {
  const want = log.lifecycleNames.indexOf(transition.toLowerCase());
  return selectEvents(log, (e) => log.lifecycle[e] < 0 || log.lifecycle[e] === want);
}

function rebuild(log: EventLog, cases: number[], keepEvent: (e: number) => boolean): EventLog {
  const rows: number[] = [];
  const offsets = new Uint32Array(cases.length + 1);
  cases.forEach((c, i) => {
    offsets[i] = rows.length;
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) if (keepEvent(e)) rows.push(e);
  });
  offsets[cases.length] = rows.length;
  const pick = <T extends Uint32Array | Int32Array | Float64Array>(src: T, make: (n: number) => T): T => {
    const out = make(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]];
    return out;
  };
  const pickColumn = (col: AttributeColumn, index: number[]): AttributeColumn => {
    const values: Array<AttributeValue | undefined> = [];
    index.forEach((src, i) => {
      const v = col.values[src];
      if (v !== undefined) values[i] = v;
    });
    return { type: col.type, values };
  };
  const eventAttributes = new Map<string, AttributeColumn>();
  for (const [k, col] of log.eventAttributes) eventAttributes.set(k, pickColumn(col, rows));
  const caseAttributes = new Map<string, AttributeColumn>();
  for (const [k, col] of log.caseAttributes) caseAttributes.set(k, pickColumn(col, cases));
  return {
    caseIds: cases.map((c) => log.caseIds[c]),
    caseOffsets: offsets,
    activityNames: log.activityNames,
    activity: pick(log.activity, (n) => new Uint32Array(n)),
    timestamp: pick(log.timestamp, (n) => new Float64Array(n)),
    startTimestamp: log.startTimestamp ? pick(log.startTimestamp, (n) => new Float64Array(n)) : null,
    resourceNames: log.resourceNames,
    resource: pick(log.resource, (n) => new Int32Array(n)),
    lifecycleNames: log.lifecycleNames,
    lifecycle: pick(log.lifecycle, (n) => new Int32Array(n)),
    eventAttributes,
    caseAttributes,
    logAttributes: log.logAttributes,
    classifiers: log.classifiers,
  };
}

/** Builds a log from plain traces (tests, small inputs): each trace is a case id and its events. */
export function logFromTraces(
  traces: Array<{ id?: string; events: Array<string | { activity: string; time?: string | number; resource?: string; lifecycle?: string; start?: string | number }> }>,
): EventLog {
  const b = new LogBuilder();
  const ms = (t: string | number | undefined) => (t === undefined ? NaN : typeof t === 'number' ? t : Date.parse(t));
  traces.forEach((t, i) => {
    b.startCase(t.id ?? String(i + 1));
    for (const ev of t.events) {
      if (typeof ev === 'string') b.addEvent(ev, NaN, null, null);
      else b.addEvent(ev.activity, ms(ev.time), ev.resource ?? null, ev.lifecycle ?? null, ms(ev.start));
    }
  });
  return b.build();
}
