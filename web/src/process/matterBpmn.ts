// A matter's steps as BPMN 2.0 XML with diagram interchange, for the bpmn-js viewer. The
// catalogue serves steps with their dependencies (dependsOn), not a diagram, so the browser
// lays them out: a column per step by its longest path from the start, parallel gateways
// where the steps fork or join, sequence flows routed at right angles. Pure.
import type { Step } from '../api/catalogue.js';

type Kind = 'startEvent' | 'endEvent' | 'userTask' | 'parallelGateway';

interface Node {
  id: string;
  kind: Kind;
  name: string;
  documentation?: string;
}

interface Flow {
  id: string;
  source: string;
  target: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const SIZE: Record<Kind, { w: number; h: number }> = {
  startEvent: { w: 36, h: 36 },
  endEvent: { w: 36, h: 36 },
  userTask: { w: 120, h: 80 },
  parallelGateway: { w: 50, h: 50 },
};
const COLUMN = 170;
const ROW = 120;

export interface MatterProcessInput {
  code: string;
  name: string;
  steps: readonly Step[];
}

export interface MatterProcessOptions {
  /** Department name for a code (the code itself when unknown). */
  departmentName?: (code: string) => string;
  /** Words of the start and end events. */
  startLabel?: string;
  endLabel?: string;
}

/** An XML NCName from any text (ids must not start with a digit). */
export function ncName(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
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
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const f of flows) {
    incoming.get(f.target)!.push(f.source);
    outgoing.get(f.source)!.push(f.target);
  }
  const column = new Map<string, number>();
  const pending = new Map(nodes.map((n) => [n.id, incoming.get(n.id)!.length]));
  const queue = nodes.filter((n) => pending.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) column.set(id, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const t of outgoing.get(id)!) {
      column.set(t, Math.max(column.get(t) ?? 0, column.get(id)! + 1));
      pending.set(t, pending.get(t)! - 1);
      if (pending.get(t) === 0) queue.push(t);
    }
  }
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
export function waypoints(a: Box, b: Box): Array<{ x: number; y: number }> {
  const sx = a.x + a.w;
  const sy = a.y + a.h / 2;
  const tx = b.x;
  const ty = b.y + b.h / 2;
  if (sy === ty) return [{ x: sx, y: sy }, { x: tx, y: ty }];
  const mx = Math.round((sx + tx) / 2);
  return [{ x: sx, y: sy }, { x: mx, y: sy }, { x: mx, y: ty }, { x: tx, y: ty }];
}

/** BPMN 2.0 XML of a matter's steps, with the diagram laid out. */
export function matterBpmn(matter: MatterProcessInput, options: MatterProcessOptions = {}): string {
  const { nodes, flows } = matterGraph(matter, options);
  const boxes = layoutGraph(nodes, flows);
  const processId = ncName(`Process_${matter.code}`);
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const f of flows) {
    incoming.get(f.target)!.push(f.id);
    outgoing.get(f.source)!.push(f.id);
  }
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Definitions_${processId}" targetNamespace="urn:zaizao:matter">`,
  );
  lines.push(`  <process id="${processId}" name="${esc(matter.name)}" isExecutable="false">`);
  for (const n of nodes) {
    const attrs = [`id="${n.id}"`];
    if (n.name) attrs.push(`name="${esc(n.name)}"`);
    const inner = [
      ...(n.documentation ? [`      <documentation>${esc(n.documentation)}</documentation>`] : []),
      ...incoming.get(n.id)!.map((f) => `      <incoming>${f}</incoming>`),
      ...outgoing.get(n.id)!.map((f) => `      <outgoing>${f}</outgoing>`),
    ];
    lines.push(`    <${n.kind} ${attrs.join(' ')}>`, ...inner, `    </${n.kind}>`);
  }
  for (const f of flows) lines.push(`    <sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}" />`);
  lines.push('  </process>');
  lines.push(`  <bpmndi:BPMNDiagram id="Diagram_${processId}">`);
  lines.push(`    <bpmndi:BPMNPlane id="Plane_${processId}" bpmnElement="${processId}">`);
  for (const n of nodes) {
    const b = boxes.get(n.id)!;
    const label = n.kind === 'startEvent' || n.kind === 'endEvent' ? `<bpmndi:BPMNLabel><dc:Bounds x="${b.x - 22}" y="${b.y + b.h + 6}" width="80" height="28" /></bpmndi:BPMNLabel>` : '';
    lines.push(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />${label}</bpmndi:BPMNShape>`);
  }
  for (const f of flows) {
    const points = waypoints(boxes.get(f.source)!, boxes.get(f.target)!);
    lines.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${points.map((p) => `<di:waypoint x="${p.x}" y="${p.y}" />`).join('')}</bpmndi:BPMNEdge>`);
  }
  lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>', '</definitions>', '');
  return lines.join('\n');
}
