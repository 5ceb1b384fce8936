// A matter's steps as a BPMN 2.0 process with diagram interchange: a task per step, parallel
// gateways where the steps fork or join, columns by the longest path from the start, flows at
// right angles. The catalogue holds steps with their dependencies (dependsOn), not diagrams;
// this is where they become one — for the viewer (the web app imports this module) and, made
// executable, for the process engine (each task offered to the step's department, due in the
// step's working days). Pure.
import { flowGraph, ncName, writeBpmn, type Box, type BpmnFlow, type BpmnNode, type BpmnNodeKind, type Point } from '../shared/bpmn-xml.js';
import { DEFAULT_BUSINESS_HOURS } from '../calendar/model.js';
import type { Step } from './model.js';

type Node = BpmnNode & { kind: BpmnNodeKind; name: string };
type Flow = BpmnFlow;
export type { Box };

const SIZE: Record<BpmnNodeKind, { w: number; h: number }> = {
  startEvent: { w: 36, h: 36 },
  endEvent: { w: 36, h: 36 },
  userTask: { w: 120, h: 80 },
  parallelGateway: { w: 50, h: 50 },
};
const COLUMN = 170;
const ROW = 120;

/** What of a step the process needs (the web app's API types have the same fields). */
export type ProcessStep = Pick<Step, 'id' | 'name' | 'departmentCode' | 'role' | 'workdays' | 'dependsOn'>;

export interface MatterProcessInput {
  code: string;
  name: string;
  steps: readonly ProcessStep[];
}

export interface MatterProcessOptions {
  /** Department name for a code (the code itself when unknown). */
  departmentName?: (code: string) => string;
  /** Words of the start and end events. */
  startLabel?: string;
  endLabel?: string;
  /**
   * For the engine: isExecutable="true", each task offered to its step's department
   * (zaizao:candidateDepartments) and due in its working days (zaizao:dueDate on cn-workday).
   */
  executable?: boolean;
}

/** The process graph of a matter: tasks, the gateways its forks and joins need, and the flows. */
export function matterGraph(matter: MatterProcessInput, options: MatterProcessOptions = {}): { nodes: Node[]; flows: Flow[] } {
  const department = options.departmentName ?? ((code: string) => code);
  const ids = new Set(matter.steps.map((s) => s.id));
  const nodes: Node[] = [];
  const flows: Flow[] = [];
  const add = (n: Node) => (nodes.push(n), n.id);
  const link = (source: string, target: string) => flows.push({ id: `Flow_${flows.length + 1}`, source, target });

  // Dependencies within the matter, without self-loops; a cycle is cut where the walk meets it again.
  const preds = new Map<string, string[]>();
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byId = new Map(matter.steps.map((s) => [s.id, s]));
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    state.set(id, 'visiting');
    const kept: string[] = [];
    for (const d of new Set(byId.get(id)!.dependsOn)) {
      if (!ids.has(d) || d === id || state.get(d) === 'visiting') continue;
      visit(d);
      kept.push(d);
    }
    preds.set(id, kept);
    state.set(id, 'done');
    order.push(id);
  };
  for (const s of matter.steps) visit(s.id);
  const succs = new Map<string, string[]>(matter.steps.map((s) => [s.id, []]));
  for (const id of order) for (const p of preds.get(id)!) succs.get(p)!.push(id);

  const start = add({ id: 'StartEvent_1', kind: 'startEvent', name: options.startLabel ?? '' });
  const end = { id: 'EndEvent_1', kind: 'endEvent' as const, name: options.endLabel ?? '' };
  if (matter.steps.length === 0) {
    add(end);
    link(start, end.id);
    return { nodes, flows };
  }
  const taskId = (id: string) => ncName(`Task_${id}`);
  const inOf = new Map<string, string>();
  const outOf = new Map<string, string>();
  for (const id of order) {
    const s = byId.get(id)!;
    const t = add({
      id: taskId(id),
      kind: 'userTask',
      name: s.name,
      documentation: `${department(s.departmentCode)}${s.role ? ` · ${s.role}` : ''} · ${s.workdays}`,
      attributes: options.executable ? { 'zaizao:candidateDepartments': s.departmentCode, 'zaizao:dueDate': dueDate(s.workdays) } : undefined,
    });
    if (preds.get(id)!.length > 1) {
      const g = add({ id: `${t}_join`, kind: 'parallelGateway', name: '' });
      link(g, t);
      inOf.set(id, g);
    } else inOf.set(id, t);
    if (succs.get(id)!.length > 1) {
      const g = add({ id: `${t}_fork`, kind: 'parallelGateway', name: '' });
      link(t, g);
      outOf.set(id, g);
    } else outOf.set(id, t);
  }
  for (const id of order) for (const p of preds.get(id)!) link(outOf.get(p)!, inOf.get(id)!);
  const entries = order.filter((id) => preds.get(id)!.length === 0);
  const exits = order.filter((id) => succs.get(id)!.length === 0);
  if (entries.length === 1) link(start, inOf.get(entries[0])!);
  else {
    const g = add({ id: 'Gateway_Start', kind: 'parallelGateway', name: '' });
    link(start, g);
    for (const id of entries) link(g, inOf.get(id)!);
  }
  add(end);
  if (exits.length === 1) link(outOf.get(exits[0])!, end.id);
  else {
    const g = add({ id: 'Gateway_End', kind: 'parallelGateway', name: '' });
    for (const id of exits) link(outOf.get(id)!, g);
    link(g, end.id);
  }
  return { nodes, flows };
}

/** Columns by longest path from the start; the nodes of a column stacked and centred on the middle row. */
export function layoutGraph(nodes: readonly Node[], flows: readonly Flow[]): Map<string, Box> {
  const { column } = flowGraph(nodes, flows);
  const columns = new Map<number, string[]>();
  for (const n of nodes) {
    const c = column.get(n.id) ?? 0;
    if (!columns.has(c)) columns.set(c, []);
    columns.get(c)!.push(n.id);
  }
  const tallest = Math.max(...[...columns.values()].map((ids) => ids.length));
  const middle = 40 + (tallest * ROW) / 2;
  const kindOf = new Map(nodes.map((n) => [n.id, n.kind]));
  const out = new Map<string, Box>();
  for (const [c, ids] of columns) {
    ids.forEach((id, row) => {
      const { w, h } = SIZE[kindOf.get(id)!];
      const cx = 60 + c * COLUMN + 60;
      const cy = middle + (row - (ids.length - 1) / 2) * ROW;
      out.set(id, { x: Math.round(cx - w / 2), y: Math.round(cy - h / 2), w, h });
    });
  }
  return out;
}

/** Right angles: out of the source's right side, across at the middle, into the target's left side. */
export function waypoints(a: Box, b: Box): Point[] {
  const sx = a.x + a.w;
  const sy = a.y + a.h / 2;
  const tx = b.x;
  const ty = b.y + b.h / 2;
  if (sy === ty)
    return [
      [sx, sy],
      [tx, ty],
    ];
  const mx = Math.round((sx + tx) / 2);
  return [
    [sx, sy],
    [mx, sy],
    [mx, ty],
    [tx, ty],
  ];
}

/** Minutes of business time in a working day with the default business hours (7 h). */
const WORKDAY_MINUTES = DEFAULT_BUSINESS_HOURS.periods.reduce((sum, p) => sum + minutesOf(p.end) - minutesOf(p.start), 0);

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * A step's working days as an ISO duration the engine counts on the working-day calendar:
 * whole days as days, a part of a day as business minutes of a default working day (half a
 * day = 3.5 h); none for 0.
 */
export function dueDate(workdays: number): string | undefined {
  if (!(workdays > 0)) return undefined;
  const days = Math.floor(workdays);
  const minutes = Math.round((workdays - days) * WORKDAY_MINUTES);
  return days || minutes ? `P${days ? `${days}D` : ''}${minutes ? `T${minutes}M` : ''}` : undefined;
}

/** BPMN 2.0 XML of a matter's steps, with the diagram laid out. */
export function matterBpmn(matter: MatterProcessInput, options: MatterProcessOptions = {}): string {
  const { nodes, flows } = matterGraph(matter, options);
  const shapes = layoutGraph(nodes, flows);
  const edges = new Map(flows.map((f) => [f.id, waypoints(shapes.get(f.source)!, shapes.get(f.target)!)]));
  const labels = new Map<string, Box>();
  for (const n of nodes) {
    if (n.kind !== 'startEvent' && n.kind !== 'endEvent') continue;
    const b = shapes.get(n.id)!;
    labels.set(n.id, { x: b.x - 22, y: b.y + b.h + 6, w: 80, h: 28 });
  }
  return writeBpmn({
    processId: ncName(`Process_${matter.code}`),
    name: matter.name,
    executable: options.executable === true,
    targetNamespace: 'urn:zaizao:matter',
    nodes,
    flows,
    shapes,
    edges,
    labels,
  });
}
