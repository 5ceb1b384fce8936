// Process mining's one entry point: the HTTP routes and `zaizao mine` call these, never the
// algorithm files below them (as PM4Py's discovery.py stands over its algo/ folder). Each
// analysis is put together here once — discovery to BPMN with its one noise default, replay
// on a model, figures with their variant limit, before/after — so the routes and the
// command differ only in how they take their input and show their answer. Pure, but for the
// stored-log functions it passes on from store.ts.
import { compareLogs, splitAt, type Comparison } from './compare.js';
import { bpmnXmlToPetriNet, type PetriNet } from './conform/petri.js';
import { tokenReplay, type ReplayResult } from './conform/token-replay.js';
import { bpmnToXml, treeToBpmn } from './discover/bpmn.js';
import { discoverProcessTree } from './discover/inductive.js';
import { treeToString } from './discover/process-tree.js';
import type { EventLog } from './model.js';
import type { WorkingTimeCalendar } from './performance/calendar.js';
import { summarizeLog, type LogSummary, type SummaryOptions } from './summary.js';
import { isoDatesExist } from '../shared/time.js';

export { importLogContent, importLogFile, LogImportError, type ImportedLog, type LogContent } from './import/index.js';
export { columnMapping, importCsvFile, type CsvColumnOptions, type CsvImportReport } from './import/csv.js';
export { importXesFile } from './import/xes.js';
export { writeXesFile } from './export/xes.js';
export { keepLifecycle, type EventLog } from './model.js';
export { BpmnConversionError, type PetriNet } from './conform/petri.js';
export type { WorkingTimeCalendar } from './performance/calendar.js';
export { renderSummaryHtml } from './report-html.js';
export type { LogSummary } from './summary.js';
export type { Comparison } from './compare.js';
export type { ReplayResult, TraceReplay } from './conform/token-replay.js';
export type { WorkTime, WorkTimeByActivity } from './performance/work.js';
export type { Summary } from './stats.js';
export { deleteStoredLog, engineLog, listStoredLogs, loadStoredLog, promisedLimitOfMatter, storedLogInfo, StoredLogError, storeLog, type StoredLogInfo } from './store.js';

/** The inductive miner's noise threshold when the caller gives none (IMf; 0 is plain IM). */
export const DEFAULT_NOISE_THRESHOLD = 0.2;
/** The highest noise threshold a caller may ask for: at 1 every behaviour would be noise. */
export const MAX_NOISE_THRESHOLD = 0.99;

export interface DiscoveredModel {
  /** BPMN 2.0 XML with its diagram, deployable by the engine. */
  bpmn: string;
  /** The process tree in PM4Py's notation. */
  tree: string;
  tasks: number;
  gateways: number;
  flows: number;
}

/** Discovers a process model with the inductive miner and writes it as BPMN. */
export function discoverBpmn(log: EventLog, options: { noiseThreshold?: number; name?: string } = {}): DiscoveredModel {
  const tree = discoverProcessTree(log, { noiseThreshold: options.noiseThreshold ?? DEFAULT_NOISE_THRESHOLD });
  const model = treeToBpmn(tree, { name: options.name });
  return {
    bpmn: bpmnToXml(model),
    tree: treeToString(tree),
    tasks: model.nodes.filter((n) => n.kind === 'task').length,
    gateways: model.nodes.filter((n) => n.kind.endsWith('Gateway')).length,
    flows: model.flows.length,
  };
}

/** The Petri net a BPMN model replays on; BpmnConversionError says why a model cannot be replayed. */
export function modelNet(bpmn: string): Promise<PetriNet> {
  return bpmnXmlToPetriNet(bpmn);
}

/** Token-based replay of the log on the net, listing at most `traces` cases when given. */
export function conform(log: EventLog, net: PetriNet, traces?: number): ReplayResult {
  const result = tokenReplay(log, net);
  return traces === undefined ? result : { ...result, traces: result.traces.slice(0, traces) };
}

/** The figures of a log, listing at most `variants` variants when given (`totalVariants` counts them all). */
export function summarize(log: EventLog, options: SummaryOptions & { variants?: number } = {}): LogSummary & { totalVariants: number } {
  const { variants, ...summaryOptions } = options;
  const summary = summarizeLog(log, summaryOptions);
  const totalVariants = summary.variants.length;
  if (variants !== undefined) summary.variants = summary.variants.slice(0, variants);
  return { ...summary, totalVariants };
}

/** Before/after: against a second log, or the log's cases split at an instant (by when each started). */
export function compare(log: EventLog, against: EventLog | Date, calendar?: WorkingTimeCalendar): Comparison {
  const halves = against instanceof Date ? splitAt(log, against) : { before: log, after: against };
  return compareLogs(halves.before, halves.after, calendar);
}

/** A split instant from text: an ISO instant, or a date alone meaning midnight in Beijing; undefined when unreadable or the day does not exist. */
export function parseSplitInstant(text: string): Date | undefined {
  const t = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00+08:00`) : Date.parse(text);
  return Number.isNaN(t) || !isoDatesExist(text) ? undefined : new Date(t);
}
