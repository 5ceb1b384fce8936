// What one command may do. A caller controls variables (a countersign's cardinality), and a
// modeller controls the graph (a loop with no wait state, a timer cycle of zero): both are
// bounded so that no start, completion or timer can exhaust memory, spin without end, or
// flood the history table. Over a bound at run time the command is rolled back and the
// element gets an incident; literal values over a bound are refused at deployment.
import type { FlowNode, ProcessModel } from './model.js';
import { addDuration, parseIsoCycle } from './time.js';

export interface EngineLimits {
  /** Element activations in one command (default 10,000). */
  maxSteps?: number;
  /** Instances of one multi-instance activity (default 1,000). */
  maxMultiInstance?: number;
  /** Shortest period of a repeating timer cycle, in milliseconds (default one minute). */
  minTimerCycleMs?: number;
}

export const DEFAULT_MAX_STEPS = 10_000;
export const DEFAULT_MAX_MULTI_INSTANCE = 1_000;
export const DEFAULT_MIN_TIMER_CYCLE_MS = 60_000;

export const maxSteps = (l: EngineLimits) => l.maxSteps ?? DEFAULT_MAX_STEPS;
export const maxMultiInstance = (l: EngineLimits) => l.maxMultiInstance ?? DEFAULT_MAX_MULTI_INSTANCE;
export const minTimerCycleMs = (l: EngineLimits) => l.minTimerCycleMs ?? DEFAULT_MIN_TIMER_CYCLE_MS;

/** One command activated more elements than the bound: the model loops without a wait state. */
export class LoopLimitError extends Error {
  constructor(
    readonly elementId: string,
    readonly limit: number,
  ) {
    super(`more than ${limit} element executions in one command (last at ${elementId}): the model loops without reaching a wait state`);
    this.name = 'LoopLimitError';
  }
}

/** The period of an ISO-8601 repeating interval in plain milliseconds; null when it is not one. */
export function cyclePeriodMs(text: string): number | null {
  const c = parseIsoCycle(text);
  if (!c) return null;
  return addDuration(new Date(0), c.duration).getTime();
}

/** Elements at which a command stops: it waits there for a person, a job, a message or a timer. */
function waits(n: FlowNode): boolean {
  if (n.async) return true;
  // A condition that already holds goes straight through, within the same command.
  if (n.event?.kind === 'conditional') return false;
  return (
    n.kind === 'userTask' ||
    n.kind === 'serviceTask' ||
    n.kind === 'receiveTask' ||
    n.kind === 'callActivity' ||
    n.kind === 'eventBasedGateway' ||
    n.kind === 'intermediateCatchEvent'
  );
}

const runaway = new WeakMap<ProcessModel, boolean>();

/**
 * Whether one command on this model could reach the step bound: a cycle that passes no wait
 * state, a multi-instance activity, or splits that multiply tokens beyond the bound. Only
 * then does a command keep a copy of the state to roll back to — a copy per command would
 * cost the plain processes (most of them) a third of their speed in memory.
 */
export function mayRunAway(model: ProcessModel, limits: EngineLimits = {}): boolean {
  let v = runaway.get(model);
  if (v === undefined) {
    v = computeRunaway(model, maxSteps(limits));
    runaway.set(model, v);
  }
  return v;
}

function computeRunaway(model: ProcessModel, limit: number): boolean {
  const nodes = Object.values(model.nodes);
  let fanOut = 1;
  for (const n of nodes) {
    if (n.multiInstance) return true;
    if (n.outgoing.length > 1) fanOut = Math.min(fanOut * n.outgoing.length, Number.MAX_SAFE_INTEGER);
  }
  if (fanOut * (nodes.length + 1) * 2 > limit) return true;
  // Edges a token can follow within one command: flows, an activity to its boundary events,
  // a sub-process into its start event, and its end events out over the sub-process's flows
  // (a sub-process is two points here: entered, and left at `id#left`).
  const next = new Map<string, string[]>();
  const add = (a: string, b: string) => {
    const list = next.get(a);
    if (list) list.push(b);
    else next.set(a, [b]);
  };
  const left = (id: string) => (model.nodes[id]?.kind === 'subProcess' ? `${id}#left` : id);
  for (const f of Object.values(model.flows)) add(left(f.source), f.target);
  for (const n of nodes) {
    for (const b of n.boundaries ?? []) add(n.id, b);
    const scope = model.nodes[n.scope];
    if (scope) {
      if (n.kind === 'startEvent') add(scope.id, n.id);
      if (n.kind === 'endEvent') add(n.id, `${scope.id}#left`);
    }
  }
  // A cycle among the elements that do not wait.
  const state = new Map<string, 1 | 2>();
  for (const start of nodes) {
    if (state.has(start.id) || waits(start)) continue;
    const stack: Array<[string, number]> = [[start.id, 0]];
    state.set(start.id, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const succ = next.get(top[0]) ?? [];
      if (top[1] >= succ.length) {
        state.set(top[0], 2);
        stack.pop();
        continue;
      }
      const s = succ[top[1]++];
      const node = model.nodes[s.replace(/#left$/, '')];
      if (!node || waits(node)) continue;
      const st = state.get(s);
      if (st === 1) return true;
      if (st === undefined) {
        state.set(s, 1);
        stack.push([s, 0]);
      }
    }
  }
  return false;
}
