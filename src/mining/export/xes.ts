// An event log → XES, through the one XES writer (shared/xes.ts): the log's attributes and
// classifiers, one trace per case (its id as concept:name, its attributes), one event per row
// with its activity, lifecycle, resource, times and other attributes. Timestamps in UTC.
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { AttributeType, AttributeValue, EventLog } from '../model.js';
import { typedAttribute, writeXes, type XesAttribute, type XesAttributeType, type XesTraceData } from '../../shared/xes.js';

/** Nested lists and containers were flattened into `parent/child` keys on import: what is left of them is text. */
function xesType(type: AttributeType): XesAttributeType {
  return type === 'list' || type === 'container' ? 'string' : type;
}

function* eventsOf(log: EventLog, c: number): Generator<XesAttribute[]> {
  const columns = [...log.eventAttributes];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
    const event: XesAttribute[] = [{ key: 'concept:name', type: 'string', value: log.activityNames[log.activity[e]] }];
    if (log.lifecycle[e] >= 0) event.push({ key: 'lifecycle:transition', type: 'string', value: log.lifecycleNames[log.lifecycle[e]] });
    if (log.resource[e] >= 0) event.push({ key: 'org:resource', type: 'string', value: log.resourceNames[log.resource[e]] });
    event.push({ key: 'time:timestamp', type: 'date', value: log.timestamp[e] });
    if (log.startTimestamp) event.push({ key: 'start_timestamp', type: 'date', value: log.startTimestamp[e] });
    for (const [key, col] of columns) {
      const v: AttributeValue | undefined = col.values[e];
      if (v !== undefined) event.push({ key, type: xesType(col.type), value: v });
    }
    yield event;
  }
}

function* tracesOf(log: EventLog): Generator<XesTraceData> {
  const columns = [...log.caseAttributes];
  for (let c = 0; c < log.caseIds.length; c++) {
    const attributes: XesAttribute[] = [{ key: 'concept:name', type: 'string', value: log.caseIds[c] }];
    for (const [key, col] of columns) {
      const v = col.values[c];
      if (v !== undefined) attributes.push({ key, type: xesType(col.type), value: v });
    }
    yield { attributes, events: eventsOf(log, c) };
  }
}

/** Writes the log as XES text, chunk by chunk (for streams). */
export function* exportXes(log: EventLog): Generator<string> {
  yield* writeXes({
    classifiers: log.classifiers,
    attributes: Object.entries(log.logAttributes).flatMap(([k, v]) => typedAttribute(k, v) ?? []),
    traces: tracesOf(log),
  });
}

/** Writes the log as XES to a file (gzip-compressed when the name ends in .gz). */
export async function writeXesFile(log: EventLog, file: string): Promise<void> {
  const out = fs.createWriteStream(file);
  const gzip = file.endsWith('.gz') ? zlib.createGzip() : null;
  const sink: NodeJS.WritableStream = gzip ?? out;
  if (gzip) gzip.pipe(out);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  for (const chunk of exportXes(log)) {
    if (!sink.write(chunk)) await new Promise((r) => sink.once('drain', r));
  }
  sink.end();
  await done;
}
