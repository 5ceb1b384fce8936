// The bundle's internal process: one joint intake (一窗受理) → every matter's branch in
// parallel, each made of its flattened steps (its own intake and delivery fold into the
// joint ones) → a joint decision → the result package (大礼包) delivered at once. Emitted as
// BPMN 2.0 XML with diagram interchange, in the executable subset the engine imports.
// The combined time limit is the critical path: the longest branch, in working days. Pure.
import { applyOperation } from '../analyze/fix.js';
import { criticalPathDays } from '../analyze/graph.js';
import type { Matter, Step } from '../catalog/model.js';
import type { Branch, BundleMaterial, BundleProcess } from './model.js';
import { materialsToExamine } from './materials.js';

export const ZAIZAO_NS = 'http://zaizao.dev/schema/bpmn';

/** Steps a branch leaves to the joint intake and the result package. */
const JOINT_KINDS = new Set<Step['kind']>(['intake', 'delivery']);

/** A matter's branch: its flattened steps without intake and delivery, and its time. */
export function branchOf(matter: Matter, materials: readonly BundleMaterial[]): Branch {
  let m = matter;
  for (const s of matter.steps) if (JOINT_KINDS.has(s.kind)) m = applyOperation(m, { op: 'removeStep', step: s.id });
  const stepWorkdays = criticalPathDays(m.steps);
  const { toExamine, checked } = materialsToExamine(matter, materials);
  const commitmentBased = toExamine.length === 0;
  return {
    matterCode: matter.code,
    matterName: matter.name,
    departmentCode: matter.departmentCode,
    steps: m.steps,
    workdays: commitmentBased ? 0 : stepWorkdays,
    stepWorkdays,
    commitmentBased,
    toExamine,
    checkedAfterDecision: checked,
    result: matter.result.name,
  };
}

// ---------------------------------------------------------------------------------
// BPMN

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Kind = 'startEvent' | 'endEvent' | 'userTask' | 'parallelGateway';
interface Node {
  id: string;
  kind: Kind;
  name: string;
  /** Branch index, or -1 for the main line. */
  band: number;
  departments?: string;
  roles?: string;
  formKey?: string;
  documentation?: string;
}
interface Flow {
  id: string;
  source: string;
  target: string;
}

const SIZE: Record<Kind, { w: number; h: number }> = {
  startEvent: { w: 36, h: 36 },
  endEvent: { w: 36, h: 36 },
  userTask: { w: 100, h: 80 },
  parallelGateway: { w: 50, h: 50 },
};

/** An XML NCName from any text (ids must not start with a digit or hold CJK punctuation). */
export function ncName(text: string): string {
  const s = text.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(s) ? s : `_${s}`;
}

export interface ProcessOptions {
  processId: string;
  name: string;
  /** Department of the joint intake, decision and delivery (the one window). */
  leadDepartment: string;
}

export function buildProcess(branches: readonly Branch[], options: ProcessOptions): BundleProcess {
  const nodes: Node[] = [];
  const flows: Flow[] = [];
  const add = (n: Node) => (nodes.push(n), n.id);
  const link = (source: string, target: string) => flows.push({ id: `Flow_${flows.length + 1}`, source, target });

  const start = add({ id: 'StartEvent_Apply', kind: 'startEvent', name: '提交统一申请表和告知承诺书', band: -1 });
  const intake = add({ id: 'Task_JointIntake', kind: 'userTask', name: '综合窗口一次受理', band: -1, departments: options.leadDepartment, roles: '窗口受理人员', formKey: `bundle:${options.processId}` });
  const split = add({ id: 'Gateway_Parallel', kind: 'parallelGateway', name: '并联审批', band: -1 });
  const join = add({ id: 'Gateway_Join', kind: 'parallelGateway', name: '', band: -1 });
  const decision = add({ id: 'Task_JointDecision', kind: 'userTask', name: '联合审批决定', band: -1, departments: options.leadDepartment, roles: '审批负责人' });
  const pack = add({ id: 'Task_ResultPackage', kind: 'userTask', name: '证照统一出件（大礼包）', band: -1, departments: options.leadDepartment, roles: '窗口受理人员' });
  const end = add({ id: 'EndEvent_Concluded', kind: 'endEvent', name: '办结', band: -1 });
  link(start, intake);
  link(intake, split);

  branches.forEach((b, i) => {
    const prefix = `B${i + 1}`;
    const ids = new Set(b.steps.map((s) => s.id));
    const taskId = (s: Step) => ncName(`Task_${prefix}_${s.id}`);
    const preds = new Map(b.steps.map((s) => [s.id, s.dependsOn.filter((d) => ids.has(d) && d !== s.id)]));
    const succs = new Map(b.steps.map((s) => [s.id, [] as string[]]));
    for (const s of b.steps) for (const p of preds.get(s.id)!) succs.get(p)!.push(s.id);
    if (b.steps.length === 0) {
      link(split, join);
      return;
    }
    for (const s of b.steps) {
      const doc = `${b.matterName}（${b.matterCode}）：${s.workdays} 个工作日${b.commitmentBased && s.workdays > 0 ? '，告知承诺后当场办理' : ''}`;
      add({ id: taskId(s), kind: 'userTask', name: s.name, band: i, departments: s.departmentCode, roles: s.role, documentation: doc });
    }
    // Gateways where a branch forks or joins inside.
    const inOf = new Map<string, string>();
    const outOf = new Map<string, string>();
    for (const s of b.steps) {
      const t = taskId(s);
      if (preds.get(s.id)!.length > 1) {
        const g = add({ id: `${t}_join`, kind: 'parallelGateway', name: '', band: i });
        link(g, t);
        inOf.set(s.id, g);
      } else inOf.set(s.id, t);
      if (succs.get(s.id)!.length > 1) {
        const g = add({ id: `${t}_fork`, kind: 'parallelGateway', name: '', band: i });
        link(t, g);
        outOf.set(s.id, g);
      } else outOf.set(s.id, t);
    }
    for (const s of b.steps) for (const p of preds.get(s.id)!) link(outOf.get(p)!, inOf.get(s.id)!);
    const entries = b.steps.filter((s) => preds.get(s.id)!.length === 0);
    const exits = b.steps.filter((s) => succs.get(s.id)!.length === 0);
    if (entries.length === 1) link(split, inOf.get(entries[0].id)!);
    else {
      const g = add({ id: `Gateway_${prefix}_start`, kind: 'parallelGateway', name: '', band: i });
      link(split, g);
      for (const s of entries) link(g, inOf.get(s.id)!);
    }
    if (exits.length === 1) link(outOf.get(exits[0].id)!, join);
    else {
      const g = add({ id: `Gateway_${prefix}_end`, kind: 'parallelGateway', name: '', band: i });
      for (const s of exits) link(outOf.get(s.id)!, g);
      link(g, join);
    }
  });
  link(join, decision);
  link(decision, pack);
  link(pack, end);

  let workdays = 0;
  let criticalBranch: string | null = null;
  for (const b of branches) {
    if (b.workdays > workdays) {
      workdays = b.workdays;
      criticalBranch = b.matterCode;
    }
  }
  return { processId: options.processId, branches: [...branches], workdays, criticalBranch, bpmnXml: toXml(nodes, flows, options) };
}

/** Columns by longest path from the start; rows by branch band, then by order within a column. */
function layout(nodes: readonly Node[], flows: readonly Flow[]): Map<string, { x: number; y: number; w: number; h: number }> {
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const f of flows) {
    incoming.get(f.target)!.push(f.source);
    outgoing.get(f.source)!.push(f.target);
  }
  // Kahn's order gives every node its column = longest path from the start.
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
  // Rows: each band gets as many rows as its widest column.
  const rowOf = new Map<string, number>();
  const bandRows = new Map<number, number>();
  const used = new Map<string, number>();
  for (const n of nodes) {
    if (n.band < 0) continue;
    const k = `${n.band}|${column.get(n.id)}`;
    const r = used.get(k) ?? 0;
    used.set(k, r + 1);
    rowOf.set(n.id, r);
    bandRows.set(n.band, Math.max(bandRows.get(n.band) ?? 1, r + 1));
  }
  const ROW = 110;
  const bandTop = new Map<number, number>();
  let y = 40;
  for (const band of [...bandRows.keys()].sort((a, b) => a - b)) {
    bandTop.set(band, y);
    y += bandRows.get(band)! * ROW;
  }
  const total = Math.max(y - 40, ROW);
  const mainY = 40 + total / 2 - ROW / 2;
  const out = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const n of nodes) {
    const { w, h } = SIZE[n.kind];
    const cx = 80 + column.get(n.id)! * 160 + 50;
    const rowTop = n.band < 0 ? mainY : bandTop.get(n.band)! + rowOf.get(n.id)! * ROW;
    const cy = rowTop + ROW / 2;
    out.set(n.id, { x: cx - w / 2, y: cy - h / 2, w, h });
  }
  return out;
}

function toXml(nodes: readonly Node[], flows: readonly Flow[], options: ProcessOptions): string {
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const f of flows) {
    incoming.get(f.target)!.push(f.id);
    outgoing.get(f.source)!.push(f.id);
  }
  const lines: string[] = [];
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push(
    `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zaizao="${ZAIZAO_NS}" id="Definitions_${esc(options.processId)}" targetNamespace="${ZAIZAO_NS}/bundle" exporter="Zaizao" exporterVersion="1">`,
  );
  lines.push(`  <process id="${esc(options.processId)}" name="${esc(options.name)}" isExecutable="true">`);
  for (const n of nodes) {
    const attrs = [`id="${n.id}"`];
    if (n.name) attrs.push(`name="${esc(n.name)}"`);
    if (n.departments) attrs.push(`zaizao:candidateDepartments="${esc(n.departments)}"`);
    if (n.roles) attrs.push(`zaizao:candidateRoles="${esc(n.roles.replace(/,/g, '，'))}"`);
    if (n.formKey) attrs.push(`zaizao:formKey="${esc(n.formKey)}"`);
    const inner = [
      ...(n.documentation ? [`      <documentation>${esc(n.documentation)}</documentation>`] : []),
      ...incoming.get(n.id)!.map((f) => `      <incoming>${f}</incoming>`),
      ...outgoing.get(n.id)!.map((f) => `      <outgoing>${f}</outgoing>`),
    ];
    lines.push(`    <${n.kind} ${attrs.join(' ')}>`, ...inner, `    </${n.kind}>`);
  }
  for (const f of flows) lines.push(`    <sequenceFlow id="${f.id}" sourceRef="${f.source}" targetRef="${f.target}" />`);
  lines.push('  </process>');
  const shapes = layout(nodes, flows);
  lines.push(`  <bpmndi:BPMNDiagram id="Diagram_${esc(options.processId)}">`);
  lines.push(`    <bpmndi:BPMNPlane id="Plane_${esc(options.processId)}" bpmnElement="${esc(options.processId)}">`);
  for (const n of nodes) {
    const s = shapes.get(n.id)!;
    lines.push(`      <bpmndi:BPMNShape id="${n.id}_di" bpmnElement="${n.id}"><dc:Bounds x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" /></bpmndi:BPMNShape>`);
  }
  for (const f of flows) {
    const a = shapes.get(f.source)!;
    const b = shapes.get(f.target)!;
    const sx = a.x + a.w;
    const sy = a.y + a.h / 2;
    const tx = b.x;
    const ty = b.y + b.h / 2;
    const points =
      sy === ty
        ? [[sx, sy], [tx, ty]]
        : [[sx, sy], [(sx + tx) / 2, sy], [(sx + tx) / 2, ty], [tx, ty]];
    lines.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`);
  }
  lines.push('    </bpmndi:BPMNPlane>', '  </bpmndi:BPMNDiagram>', '</definitions>');
  return `${lines.join('\n')}\n`;
}
