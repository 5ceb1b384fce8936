// The one XES writer (IEEE 1849-2016): a log of traces of events, each a list of typed
// attributes, with the concept, time, lifecycle and organizational extensions declared.
// The engine's history export and mining's log export build their traces and hand them here.
// The text comes out chunk by chunk (the header, then one chunk per trace), so that a large
// log streams to a file without being held whole.
import { escapeXml as esc } from './xml.js';

export type XesAttributeType = 'string' | 'date' | 'int' | 'float' | 'boolean' | 'id';

/** One typed attribute; a date's value is epoch milliseconds (written in UTC) or ISO text as is. */
export interface XesAttribute {
  key: string;
  type: XesAttributeType;
  value: string | number | boolean;
}

export interface XesTraceData {
  attributes: XesAttribute[];
  /** Each event as its attributes, in the order they are written. */
  events: Iterable<XesAttribute[]>;
}

export interface XesLogData {
  attributes?: XesAttribute[];
  /** Attributes every trace or event carries, with their default values (XES globals). */
  globals?: { trace?: XesAttribute[]; event?: XesAttribute[] };
  /** Classifier name → the attribute keys it is made of. */
  classifiers?: Record<string, string[]>;
  traces: Iterable<XesTraceData>;
}

const EXTENSIONS = [
  ['Concept', 'concept'],
  ['Time', 'time'],
  ['Lifecycle', 'lifecycle'],
  ['Organizational', 'org'],
] as const;

/** A JavaScript value as an attribute of the type it has (a whole number: int); null and undefined: none. */
export function typedAttribute(key: string, value: string | number | boolean | null | undefined): XesAttribute | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return { key, type: 'boolean', value };
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int' : 'float', value };
  return { key, type: 'string', value };
}

/** One attribute element; a date that is no instant (NaN) is left out. */
export function xesAttribute(a: XesAttribute): string {
  let text: string;
  if (a.type === 'date' && typeof a.value === 'number') {
    if (!Number.isFinite(a.value)) return '';
    text = new Date(a.value).toISOString();
  } else text = String(a.value);
  return `<${a.type} key="${esc(a.key)}" value="${esc(text)}"/>`;
}

function lines(attributes: Iterable<XesAttribute>, indent: string): string {
  let out = '';
  for (const a of attributes) {
    const element = xesAttribute(a);
    if (element) out += `${indent}${element}\n`;
  }
  return out;
}

/** The log as XES text, chunk by chunk. */
export function* writeXes(log: XesLogData): Generator<string> {
  let head = '<?xml version="1.0" encoding="UTF-8"?>\n' + '<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">\n';
  for (const [name, prefix] of EXTENSIONS) head += `\t<extension name="${name}" prefix="${prefix}" uri="http://www.xes-standard.org/${prefix}.xesext"/>\n`;
  for (const scope of ['trace', 'event'] as const) {
    const globals = log.globals?.[scope];
    if (globals?.length) head += `\t<global scope="${scope}">\n${lines(globals, '\t\t')}\t</global>\n`;
  }
  for (const [name, keys] of Object.entries(log.classifiers ?? {})) head += `\t<classifier name="${esc(name)}" keys="${esc(keys.join(' '))}"/>\n`;
  head += lines(log.attributes ?? [], '\t');
  yield head;
  for (const trace of log.traces) {
    let out = `\t<trace>\n${lines(trace.attributes, '\t\t')}`;
    for (const event of trace.events) out += `\t\t<event>\n${lines(event, '\t\t\t')}\t\t</event>\n`;
    yield `${out}\t</trace>\n`;
  }
  yield '</log>\n';
}

/** The log as one XES text (logs that fit in memory: an HTTP answer, a test). */
export function xesText(log: XesLogData): string {
  let out = '';
  for (const chunk of writeXes(log)) out += chunk;
  return out;
}
