// The WebAssembly half of XES import (src/mining/import/wasm/xes-events.ts, compiled into
// build/wasm on install): loads the module once per process and gives each import an
// instance of its own. When the module is not there (sources not compiled), imports run on
// the JavaScript scanner alone: the same results, more slowly.
import fs from 'node:fs';
import { ScannerUnsure } from './xes-scanner.js';

const WASM_FILE = new URL('../../../build/wasm/xes-events.wasm', import.meta.url);

interface Exports {
  memory: WebAssembly.Memory;
  init(): void;
  reserve(n: number): number;
  events(from: number, n: number, limit: number): number;
  traces(from: number, n: number, limit: number): number;
  producedTraces(): number;
  outputTraceEvents(): number;
  outputTraceAttributes(): number;
  outputAttributeType(): number;
  outputAttributeKey(): number;
  outputAttributeValue(): number;
  outputAttributeLength(): number;
  outputAttributeTime(): number;
  outputAttributeOwner(): number;
  producedAttributes(): number;
  skipAttributes(from: number, n: number, limit: number): number;
  outputActivity(): number;
  outputResource(): number;
  outputLifecycle(): number;
  outputTime(): number;
  producedEvents(): number;
  internedCount(kind: number): number;
  internedPointer(kind: number, id: number): number;
  internedLength(kind: number, id: number): number;
}

/** The kinds of interned values, in the module's numbering. */
export const KIND_ACTIVITY = 0;
export const KIND_RESOURCE = 1;
export const KIND_LIFECYCLE = 2;
export const KIND_KEY = 3;
const KINDS = 4;
/** Attribute element names by the module's type numbers. */
export const ATTRIBUTE_TYPES = ['string', 'date', 'int', 'float', 'boolean', 'id'] as const;

// the sizes of the module's output columns (OUT_CAP, TRACE_CAP, ATTR_CAP there)
const EVENT_ROWS = 65536;
const TRACE_ROWS = 8192;
const ATTRIBUTE_ROWS = 32768;

/** What one call of the WebAssembly loop read: plain events (with their other attributes), and with `traces` plain traces. */
export interface PlainBatch {
  /** Rows of the event columns. */
  readonly produced: number;
  /** Ids into texts[KIND_ACTIVITY], texts[KIND_RESOURCE], texts[KIND_LIFECYCLE] (-1: none). */
  readonly activity: Int32Array;
  readonly resource: Int32Array;
  readonly lifecycle: Int32Array;
  /** Epoch milliseconds, NaN for none. */
  readonly time: Float64Array;
  readonly traceCount: number;
  /** Rows of the attribute columns: attributes of traces and of events. */
  readonly attributeCount: number;
  /** Per attribute, the event row it belongs to, or -1 for an attribute of a trace. */
  readonly attributeOwner: Int32Array;
  /** Per trace, the end of its rows in the event columns and in the attribute columns. */
  readonly traceEvents: Int32Array;
  readonly traceAttributes: Int32Array;
  /** Per attribute, its element (index into ATTRIBUTE_TYPES) and key (id into texts[KIND_KEY]). */
  readonly attributeType: Int32Array;
  readonly attributeKey: Int32Array;
  /** Per attribute that is a date of a usual shape, its epoch milliseconds (else NaN). */
  readonly attributeTime: Float64Array;
  /** Texts of the interned values by kind, indexed by id. */
  readonly texts: readonly string[][];
  /** The text of attribute a's value. */
  attributeValue(a: number): string;
}

let compiled: WebAssembly.Module | null | undefined;

function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) compiled = fs.existsSync(WASM_FILE) ? new WebAssembly.Module(fs.readFileSync(WASM_FILE)) : null;
  return compiled;
}

/** Whether imports can use the WebAssembly event loop (its module is compiled and loads). */
export function xesWasmAvailable(): boolean {
  return wasmModule() !== null;
}

/**
 * One import's WebAssembly reader: `load` the bytes being scanned, then `events` reads plain
 * events from a position inside a trace, `traces` plain traces from a position inside the
 * log; what they read is the PlainBatch this object is until the next call.
 */
export class XesEventsWasm implements PlainBatch {
  private readonly x: Exports;
  private buffer: ArrayBuffer | null = null;
  private bytes!: Buffer;
  private input = 0;
  activity!: Int32Array;
  resource!: Int32Array;
  lifecycle!: Int32Array;
  time!: Float64Array;
  produced = 0;
  traceEvents!: Int32Array;
  traceAttributes!: Int32Array;
  attributeType!: Int32Array;
  attributeKey!: Int32Array;
  attributeTime!: Float64Array;
  attributeOwner!: Int32Array;
  attributeCount = 0;
  private attributeStart!: Uint32Array;
  private attributeLength!: Int32Array;
  traceCount = 0;
  readonly texts: string[][] = Array.from({ length: KINDS }, () => []);

  /** `decode` turns a value's bytes into its text, checking them as an attribute value. */
  private constructor(
    module: WebAssembly.Module,
    private readonly decode: (b: Buffer, a: number, e: number) => string,
  ) {
    const instance = new WebAssembly.Instance(module, {
      env: {
        abort: () => {
          throw new ScannerUnsure('WebAssembly reader aborted');
        },
      },
    });
    this.x = instance.exports as unknown as Exports;
    this.x.init();
    this.refresh();
  }

  /** A reader for one import, or null when the module is not available. */
  static create(decode: (b: Buffer, a: number, e: number) => string): XesEventsWasm | null {
    const module = wasmModule();
    return module ? new XesEventsWasm(module, decode) : null;
  }

  /** Views of the module's memory, made anew after it grows. */
  private refresh(): void {
    const buffer = this.x.memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.bytes = Buffer.from(buffer);
    const x = this.x;
    this.activity = new Int32Array(buffer, x.outputActivity(), EVENT_ROWS);
    this.resource = new Int32Array(buffer, x.outputResource(), EVENT_ROWS);
    this.lifecycle = new Int32Array(buffer, x.outputLifecycle(), EVENT_ROWS);
    this.time = new Float64Array(buffer, x.outputTime(), EVENT_ROWS);
    this.traceEvents = new Int32Array(buffer, x.outputTraceEvents(), TRACE_ROWS);
    this.traceAttributes = new Int32Array(buffer, x.outputTraceAttributes(), TRACE_ROWS);
    this.attributeType = new Int32Array(buffer, x.outputAttributeType(), ATTRIBUTE_ROWS);
    this.attributeKey = new Int32Array(buffer, x.outputAttributeKey(), ATTRIBUTE_ROWS);
    this.attributeStart = new Uint32Array(buffer, x.outputAttributeValue(), ATTRIBUTE_ROWS);
    this.attributeLength = new Int32Array(buffer, x.outputAttributeLength(), ATTRIBUTE_ROWS);
    this.attributeTime = new Float64Array(buffer, x.outputAttributeTime(), ATTRIBUTE_ROWS);
    this.attributeOwner = new Int32Array(buffer, x.outputAttributeOwner(), ATTRIBUTE_ROWS);
  }

  attributeValue(a: number): string {
    const p = this.attributeStart[a];
    return this.decode(this.bytes, p, p + this.attributeLength[a]);
  }

  /** Copies the bytes being scanned into the module (positions stay those of b). */
  load(b: Buffer): void {
    this.input = this.x.reserve(b.length);
    this.refresh();
    this.bytes.set(b, this.input);
  }

  /**
   * Reads plain events from `from` (an `<event>` in a trace) within the first n loaded bytes,
   * each starting before `limit`; returns where it stopped. `produced` events are in the columns.
   */
  events(from: number, n: number, limit: number): number {
    return this.after(this.x.events(from, n, limit));
  }

  /**
   * Reads plain traces from `from` (a `<trace>` in the log) within the first n loaded bytes,
   * each starting before `limit`; returns where it stopped. `traceCount` traces are read.
   */
  traces(from: number, n: number, limit: number): number {
    return this.after(this.x.traces(from, n, limit));
  }

  /**
   * Skips attribute elements without children and with plain ASCII text from `from`, inside
   * content the log drops, within the first n loaded bytes; returns where it stopped.
   */
  skipAttributes(from: number, n: number, limit: number): number {
    return this.x.skipAttributes(from, n, limit);
  }

  private after(stop: number): number {
    this.refresh();
    this.produced = this.x.producedEvents();
    this.traceCount = this.x.producedTraces();
    this.attributeCount = this.x.producedAttributes();
    for (let kind = 0; kind < KINDS; kind++) {
      const texts = this.texts[kind];
      const count = this.x.internedCount(kind);
      while (texts.length < count) {
        const p = this.x.internedPointer(kind, texts.length);
        texts.push(this.decode(this.bytes, p, p + this.x.internedLength(kind, texts.length)));
      }
    }
    return stop;
  }
}
