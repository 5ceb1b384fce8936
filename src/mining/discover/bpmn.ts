// Process tree → BPMN 2.0 XML with diagram interchange (so bpmn-js draws it) using only
// what the process engine deploys: a none start event, end event, tasks, exclusive and
// parallel gateways. Exclusive splits need a condition on every flow but the default one;
// a mined model knows no data, so each choice reads a process variable named after its
// gateway (`route_Gateway_3 = "Flow_7"`; loops: `repeat_Gateway_5 = true`), and the skip or
// exit branch is the default.
import type { ProcessTree } from './process-tree.js';
import { writeBpmn, type Box, type BpmnFlow, type BpmnNode as WrittenNode } from '../../shared/bpmn-xml.js';

export type BpmnNodeKind = 'startEvent' | 'endEvent' | 'task' | 'exclusiveGateway' | 'parallelGateway';

/** A mined node: the kinds a process tree needs, with the default flow of an exclusive split. */
export type BpmnNode = WrittenNode<BpmnNodeKind>;

export type { BpmnFlow };

export interface BpmnModel {
  processId: string;
  name: string;
  nodes: BpmnNode[];
  flows: BpmnFlow[];
}

interface Fragment {
  entry: string;
  exit: string;
}

export function treeToBpmn(tree: ProcessTree, options: { processId?: string; name?: string } = {}): BpmnModel {
  const nodes: BpmnNode[] = [];
  const flows: BpmnFlow[] = [];
  const counters = { task: 0, gateway: 0, flow: 0 };
  const add = (kind: BpmnNodeKind, name?: string): BpmnNode => {
    const id = kind === 'task' ? `Activity_${++counters.task}` : `Gateway_${++counters.gateway}`;
    const n: BpmnNode = name === undefined ? { id, kind } : { id, kind, name };
    nodes.push(n);
    return n;
  };
  const flow = (source: string, target: string): BpmnFlow => {
    const f = { id: `Flow_${++counters.flow}`, source, target };
    flows.push(f);
    return f;
  };
  const build = (t: ProcessTree): Fragment | null => {
    if (t.kind === 'tau') return null;
    if (t.kind === 'activity') {
      const n = add('task', t.activity);
      return { entry: n.id, exit: n.id };
    }
    const parts = t.children.map(build);
    switch (t.operator) {
      case 'seq': {
        const present = parts.filter((p): p is Fragment => p !== null);
        if (present.length === 0) return null;
        for (let i = 1; i < present.length; i++) flow(present[i - 1].exit, present[i].entry);
        return { entry: present[0].entry, exit: present[present.length - 1].exit };
      }
      case 'and': {
        const present = parts.filter((p): p is Fragment => p !== null);
        if (present.length === 0) return null;
        if (present.length === 1) return present[0];
        const split = add('parallelGateway');
        const join = add('parallelGateway');
        for (const p of present) {
          flow(split.id, p.entry);
          flow(p.exit, join.id);
        }
        return { entry: split.id, exit: join.id };
      }
      case 'xor': {
        const split = add('exclusiveGateway');
        const join = add('exclusiveGateway');
        const out: BpmnFlow[] = [];
        let skip: BpmnFlow | null = null;
        for (const p of parts) {
          if (p === null) {
            if (!skip) skip = flow(split.id, join.id);
            continue;
          }
          out.push(flow(split.id, p.entry));
          flow(p.exit, join.id);
        }
        const all = skip ? [...out, skip] : out;
        const byDefault = all[all.length - 1];
        split.defaultFlow = byDefault.id;
        for (const f of all) if (f !== byDefault) f.condition = `= route_${split.id} = "${f.id}"`;
        return { entry: split.id, exit: join.id };
      }
      case 'loop': {
        const join = add('exclusiveGateway');
        const split = add('exclusiveGateway');
        const [body, ...redoParts] = parts;
        if (body) {
          flow(join.id, body.entry);
          flow(body.exit, split.id);
        } else flow(join.id, split.id);
        const redos = redoParts.length > 0 ? redoParts : [null];
        const back: BpmnFlow[] = [];
        let tauBack = false;
        for (const r of redos) {
          if (r) {
            back.push(flow(split.id, r.entry));
            flow(r.exit, join.id);
          } else if (!tauBack) {
            tauBack = true;
            back.push(flow(split.id, join.id));
          }
        }
        // exit is created by the caller's next flow; the default is set once it exists
        pendingExits.set(split.id, back);
        return { entry: join.id, exit: split.id };
      }
    }
  };
  const pendingExits = new Map<string, BpmnFlow[]>();
  const start: BpmnNode = { id: 'StartEvent_1', kind: 'startEvent' };
  const end: BpmnNode = { id: 'EndEvent_1', kind: 'endEvent' };
  nodes.push(start);
  const root = build(tree);
  nodes.push(end);
  if (root) {
    flow(start.id, root.entry);
    flow(root.exit, end.id);
  } else flow(start.id, end.id);
  // loop splits: the flow leaving the loop is the default, going back needs repeat_<id> = true
  for (const [splitId, back] of pendingExits) {
    const split = nodes.find((n) => n.id === splitId)!;
    const exit = flows.find((f) => f.source === splitId && !back.includes(f));
    if (exit) split.defaultFlow = exit.id;
    for (const f of back) f.condition = `= repeat_${splitId} = true`;
  }
  return { processId: options.processId ?? 'Process_mined', name: options.name ?? 'Discovered process', nodes, flows };
}

// ---------------------------------------------------------------------------------------
// Layout and XML

const SIZE: Record<BpmnNodeKind, { w: number; h: number }> = {
  startEvent: { w: 36, h: 36 },
  endEvent: { w: 36, h: 36 },
  task: { w: 100, h: 80 },
  exclusiveGateway: { w: 50, h: 50 },
  parallelGateway: { w: 50, h: 50 },
};

/** Layered left-to-right layout: columns by longest path over forward flows, rows in discovery order. */
export function layoutBpmn(model: BpmnModel): { shapes: Map<string, Box>; edges: Map<string, Array<{ x: number; y: number }>>; back: Set<string> } {
  const out = new Map<string, BpmnFlow[]>();
  for (const n of model.nodes) out.set(n.id, []);
  for (const f of model.flows) out.get(f.source)!.push(f);
  // back edges by DFS from the start event
  const state = new Map<string, number>();
  const back = new Set<string>();
  const order: string[] = [];
  const startId = model.nodes.find((n) => n.kind === 'startEvent')?.id ?? model.nodes[0]?.id;
  const visit = (id: string) => {
    state.set(id, 1);
    for (const f of out.get(id) ?? []) {
      const s = state.get(f.target);
      if (s === 1) back.add(f.id);
      else if (s === undefined) visit(f.target);
    }
    state.set(id, 2);
    order.push(id);
  };
  if (startId) visit(startId);
  for (const n of model.nodes) if (!state.has(n.id)) visit(n.id);
  order.reverse(); // topological order of the forward graph
  const layer = new Map<string, number>();
  for (const id of order) {
    if (!layer.has(id)) layer.set(id, 0);
    for (const f of out.get(id) ?? []) {
      if (back.has(f.id)) continue;
      layer.set(f.target, Math.max(layer.get(f.target) ?? 0, layer.get(id)! + 1));
    }
  }
  const rows = new Map<number, number>();
  const shapes = new Map<string, Box>();
  const kind = new Map(model.nodes.map((n) => [n.id, n.kind]));
  for (const id of order) {
    const l = layer.get(id)!;
    const r = rows.get(l) ?? 0;
    rows.set(l, r + 1);
    const { w, h } = SIZE[kind.get(id)!];
    const cx = 80 + l * 160;
    const cy = 120 + r * 130;
    shapes.set(id, { x: cx - w / 2, y: cy - h / 2, w, h });
  }
  const maxY = Math.max(...[...shapes.values()].map((b) => b.y + b.h));
  const edges = new Map<string, Array<{ x: number; y: number }>>();
  model.flows.forEach((f, i) => {
    const a = shapes.get(f.source)!;
    const b = shapes.get(f.target)!;
    const ax = a.x + a.w;
    const ay = a.y + a.h / 2;
    const bx = b.x;
    const by = b.y + b.h / 2;
    if (back.has(f.id)) {
      const below = maxY + 30 + (i % 5) * 10;
      edges.set(f.id, [
        { x: a.x + a.w / 2, y: a.y + a.h },
        { x: a.x + a.w / 2, y: below },
        { x: b.x + b.w / 2, y: below },
        { x: b.x + b.w / 2, y: b.y + b.h },
      ]);
    } else if (Math.abs(ay - by) < 1) {
      edges.set(f.id, [
        { x: ax, y: ay },
        { x: bx, y: by },
      ]);
    } else {
      const mx = (ax + bx) / 2;
      edges.set(f.id, [
        { x: ax, y: ay },
        { x: mx, y: ay },
        { x: mx, y: by },
        { x: bx, y: by },
      ]);
    }
  });
  return { shapes, edges, back };
}

/** The model as BPMN 2.0 XML with its diagram, through the one BPMN writer. */
export function bpmnToXml(model: BpmnModel): string {
  const { shapes, edges } = layoutBpmn(model);
  return writeBpmn({
    processId: model.processId,
    name: model.name,
    executable: true,
    targetNamespace: 'http://zaizao.org/bpmn/mined',
    nodes: model.nodes,
    flows: model.flows,
    shapes,
    edges: new Map([...edges].map(([id, points]) => [id, points.map((p) => [p.x, p.y] as const)])),
  });
}
