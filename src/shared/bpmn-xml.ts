// Writing BPMN 2.0 XML with diagram interchange from nodes, flows and a layout (with the
// columns a left-to-right layout starts from). The processes Zaizao generates (a matter's
// steps, a bundle's branches, a model mined from an event log) are all written here, so they
// share one namespace set, one escaping and one shape of output that bpmn-js draws and the
// engine deploys. (The engine's modeler round trip writes through bpmn-moddle instead.) Pure.

import { escapeXml } from './xml.js';

export const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** The namespace of Zaizao's BPMN extension attributes (docs/engine.md). */
export const ZAIZAO_NS = 'http://zaizao.dev/schema/bpmn';

/** The kinds a matter's or a bundle's process is made of. */
export type BpmnNodeKind = 'startEvent' | 'endEvent' | 'userTask' | 'parallelGateway';
/** Every kind the writer writes: a mined model adds plain tasks and exclusive gateways. */
export type WrittenNodeKind = BpmnNodeKind | 'task' | 'exclusiveGateway';

export interface BpmnNode<K extends WrittenNodeKind = BpmnNodeKind> {
  id: string;
  kind: K;
  name?: string;
  documentation?: string;
  /** Extension attributes, e.g. `{ 'zaizao:candidateDepartments': 'XZSP' }`; empty values are left out. */
  attributes?: Record<string, string | undefined>;
  /** The default outgoing flow of an exclusive split. */
  defaultFlow?: string;
}

export interface BpmnFlow {
  id: string;
  source: string;
  target: string;
  /** Condition expression (engine syntax) on a flow leaving an exclusive split. */
  condition?: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Point = readonly [number, number];

export interface BpmnDocument {
  processId: string;
  name: string;
  executable: boolean;
  targetNamespace: string;
  nodes: readonly BpmnNode<WrittenNodeKind>[];
  flows: readonly BpmnFlow[];
  shapes: ReadonlyMap<string, Box>;
  edges: ReadonlyMap<string, readonly Point[]>;
  /** Label bounds of nodes whose name is drawn outside the shape (events). */
  labels?: ReadonlyMap<string, Box>;
}

/** An XML NCName from any text (ids must not start with a digit). */
export function ncName(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

export interface FlowGraph {
  incoming: Map<string, string[]>;
  outgoing: Map<string, string[]>;
  /** Every node's column: the longest path from a node without incoming flows (Kahn's order). */
  column: Map<string, number>;
}

/** Neighbours of every node and its column for a left-to-right layout. */
export function flowGraph(nodes: readonly { id: string }[], flows: readonly BpmnFlow[]): FlowGraph {
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
  return { incoming, outgoing, column };
}

const bounds = (b: Box) => `<dc:Bounds x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" />`;

export function writeBpmn(doc: BpmnDocument): string {
  const incoming = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(doc.nodes.map((n) => [n.id, []]));
  for (const f of doc.flows) {
    incoming.get(f.target)!.push(f.id);
    outgoing.get(f.source)!.push(f.id);
  }
  const pid = escapeXml(doc.processId);
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<definitions xmlns="${BPMN_NS}" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zaizao="${ZAIZAO_NS}" id="Definitions_${pid}" targetNamespace="${escapeXml(doc.targetNamespace)}" exporter="Zaizao" exporterVersion="1">`,
    `  <process id="${pid}" name="${escapeXml(doc.name)}" isExecutable="${doc.executable}">`,
  ];
  for (const n of doc.nodes) {
    const attrs = [`id="${n.id}"`];
    if (n.name) attrs.push(`name="${escapeXml(n.name)}"`);
    if (n.defaultFlow) attrs.push(`default="${n.defaultFlow}"`);
    for (const [key, value] of Object.entries(n.attributes ?? {})) if (value) attrs.push(`${key}="${escapeXml(value)}"`);
    lines.push(
      `    <${n.kind} ${attrs.join(' ')}>`,
      ...(n.documentation ? [`      <documentation>${escapeXml(n.documentation)}</documentation>`] : []),
      ...incoming.get(n.id)!.map((f) => `      <incoming>${f}</incoming>`),
      ...outgoing.get(n.id)!.map((f) => `      <outgoing>${f}</outgoing>`),
      `    </${n.kind}>`,
    );
  }
  for (const f of doc.flows) {
    const head = `    <sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}"`;
    if (f.condition === undefined) lines.push(`${head} />`);
    else lines.push(`${head}>`, `      <conditionExpression xsi:type="tFormalExpression">${escapeXml(f.condition)}</conditionExpression>`, '    </sequenceFlow>');
  }
  lines.push('  </process>', `  <bpmndi:BPMNDiagram id="Diagram_${pid}">`, `    <bpmndi:BPMNPlane id="Plane_${pid}" bpmnElement="${pid}">`);
  for (const n of doc.nodes) {
    const label = doc.labels?.get(n.id);
    const marker = n.kind === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '';
    lines.push(
      `      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"${marker}>${bounds(doc.shapes.get(n.id)!)}${label ? `<bpmndi:BPMNLabel>${bounds(label)}</bpmndi:BPMNLabel>` : ''}</bpmndi:BPMNShape>`,
    );
  }
  for (const f of doc.flows) {
    lines.push(
      `      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${doc.edges
        .get(f.id)!
        .map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`)
        .join('')}</bpmndi:BPMNEdge>`,
    );
  }
  lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>', '</definitions>');
  return `${lines.join('\n')}\n`;
}
