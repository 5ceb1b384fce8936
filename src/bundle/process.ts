// The bundle's internal process: one joint intake (一窗受理) → every matter's branch in
// parallel, each made of its flattened steps (its own intake and delivery fold into the
// joint ones) → a joint decision → the result package (大礼包) delivered at once. Emitted as
// BPMN 2.0 XML with diagram interchange, in the executable subset the engine imports.
// The combined time limit is the critical path: the longest branch, in working days. Pure.
import { applyOperation } from '../analyzer/fix.js';
import { criticalPathDays } from '../analyzer/graph.js';
import { PHYSICAL_STEP_KINDS, type Matter, type Step } from '../catalogue/model.js';
import type { Branch, BundleMaterial, BundleProcess } from './model.js';
import type { BranchOrder } from './order.js';
import { materialsToExamine } from './materials.js';
import { flowGraph, ncName, writeBpmn, type Box, type BpmnNodeKind, type Point } from '../shared/bpmn-xml.js';

export { ncName } from '../shared/bpmn-xml.js';

/** Steps a branch leaves to the joint intake and the result package. */
const JOINT_KINDS = new Set<Step['kind']>(['intake', 'delivery']);

/** A matter's branch: its flattened steps without intake and delivery, and its time. */
export function branchOf(matter: Matter, materials: readonly BundleMaterial[], order?: BranchOrder): Branch {
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
    workdays: commitmentBased ? physicalWorkdays(m) : stepWorkdays,
    stepWorkdays,
    commitmentBased,
    toExamine,
    checkedAfterDecision: checked,
    result: matter.result.name,
    follows: order?.follows.get(matter.code) ?? [],
    stage: order?.stage.get(matter.code) ?? 0,
  };
}

/**
 * What a commitment letter cannot shorten: the critical path through the branch's physical
 * work alone (a medical examination, a laboratory test, making the card); 0 when it has none.
 */
function physicalWorkdays(matter: Matter): number {
  let m = matter;
  for (const s of matter.steps) if (!PHYSICAL_STEP_KINDS.has(s.kind)) m = applyOperation(m, { op: 'removeStep', step: s.id });
  return criticalPathDays(m.steps);
}

// ---------------------------------------------------------------------------------
// BPMN

type Kind = BpmnNodeKind;
interface Node {
  id: string;
  kind: Kind;
  name: string;
  /** Branch index, or -1 for the main line. */
  band: number;
  departments?: string;
  /** Platform roles (src/org/model.ts ROLES) the task is offered to besides the department. */
  roles?: string;
  formKey?: string;
  documentation?: string;
}
interface Flow {
  id: string;
  source: string;
  target: string;
  /** The branch an empty branch's flow from the split straight to the join stands for. */
  band?: number;
}

const SIZE: Record<Kind, { w: number; h: number }> = {
  startEvent: { w: 36, h: 36 },
  endEvent: { w: 36, h: 36 },
  userTask: { w: 100, h: 80 },
  parallelGateway: { w: 50, h: 50 },
};

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
  const link = (source: string, target: string, band?: number) => flows.push({ id: `Flow_${flows.length + 1}`, source, target, ...(band === undefined ? {} : { band }) });

  const start = add({ id: 'StartEvent_Apply', kind: 'startEvent', name: '提交统一申请表和告知承诺书', band: -1 });
  const intake = add({
    id: 'Task_JointIntake',
    kind: 'userTask',
    name: '综合窗口一次受理',
    band: -1,
    departments: options.leadDepartment,
    roles: 'window_clerk',
    documentation: '窗口受理人员',
    formKey: `bundle:${options.processId}`,
  });
  // One fan per stage: the branches of a stage start together and are all done before the next stage starts.
  const stages = Math.max(0, ...branches.map((b) => b.stage)) + 1;
  const splits: string[] = [];
  const joins: string[] = [];
  for (let k = 0; k < stages; k++) {
    splits.push(add({ id: k === 0 ? 'Gateway_Parallel' : `Gateway_Stage${k + 1}`, kind: 'parallelGateway', name: k === 0 ? '并联审批' : `第${k + 1}阶段并联审批`, band: -1 }));
    joins.push(add({ id: k === stages - 1 ? 'Gateway_Join' : `Gateway_Stage${k + 1}_Join`, kind: 'parallelGateway', name: '', band: -1 }));
  }
  const join = joins[stages - 1];
  const decision = add({ id: 'Task_JointDecision', kind: 'userTask', name: '联合审批决定', band: -1, departments: options.leadDepartment, documentation: '审批负责人' });
  const pack = add({
    id: 'Task_ResultPackage',
    kind: 'userTask',
    name: '证照统一出件（大礼包）',
    band: -1,
    departments: options.leadDepartment,
    roles: 'window_clerk',
    documentation: '窗口受理人员',
  });
  const end = add({ id: 'EndEvent_Concluded', kind: 'endEvent', name: '办结', band: -1 });
  link(start, intake);
  link(intake, splits[0]);
  for (let k = 0; k + 1 < stages; k++) link(joins[k], splits[k + 1]);

  branches.forEach((b, i) => {
    const split = splits[b.stage];
    const join = joins[b.stage];
    const prefix = `B${i + 1}`;
    const ids = new Set(b.steps.map((s) => s.id));
    const taskId = (s: Step) => ncName(`Task_${prefix}_${s.id}`);
    const preds = new Map(b.steps.map((s) => [s.id, s.dependsOn.filter((d) => ids.has(d) && d !== s.id)]));
    const succs = new Map(b.steps.map((s) => [s.id, [] as string[]]));
    for (const s of b.steps) for (const p of preds.get(s.id)!) succs.get(p)!.push(s.id);
    if (b.steps.length === 0) {
      link(split, join, i);
      return;
    }
    for (const s of b.steps) {
      // The step's job title (科员, 科长 ...) is not a platform role: it is told, the department is offered the task.
      const doc = `${b.matterName}（${b.matterCode}）${s.role ? ` · ${s.role}` : ''}：${s.workdays} 个工作日${b.commitmentBased && s.workdays > 0 && !PHYSICAL_STEP_KINDS.has(s.kind) ? '，告知承诺后当场办理' : ''}`;
      add({ id: taskId(s), kind: 'userTask', name: s.name, band: i, departments: s.departmentCode, documentation: doc });
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

  // Stages run one after the other: the longest branch of each, summed; the critical branch is
  // the longest of the stage that weighs most.
  let workdays = 0;
  let criticalBranch: string | null = null;
  let heaviest = 0;
  for (let k = 0; k < stages; k++) {
    let longest = 0;
    let which: string | null = null;
    for (const b of branches) {
      if (b.stage === k && b.workdays > longest) {
        longest = b.workdays;
        which = b.matterCode;
      }
    }
    workdays += longest;
    if (longest > heaviest) {
      heaviest = longest;
      criticalBranch = which;
    }
  }
  return { processId: options.processId, branches: [...branches], workdays, criticalBranch, bpmnXml: toXml(nodes, flows, options) };
}

const COLUMN = 160;
const ROW = 110;
/** Horizontal room beside a node where a flow changes row (a fan's ray). */
const TURN = 25;

/**
 * Where every element goes and how every flow is drawn, so that no two flows cross.
 *
 * Columns: the longest path from the start. Rows: the main line (intake, split, join,
 * decision, result package) in the middle; every branch a band of its own rows, in branch
 * order, an empty branch included. Inside a band a node keeps its predecessor's row when that
 * row is free from its column until its last successor (for a branch's exit: until the join),
 * else takes the first free row — so a row never holds a flow running through another node.
 * Flows: straight within a row; a flow that fans out (a gateway's outgoing to another row)
 * leaves the gateway's right corner on a ray to just past it and then runs along the target's
 * row; a flow that fans in runs along its source's row to just before the target and enters on
 * a ray. Rays from one point never cross each other, and every band's flows stay within its
 * own rows between the rays, so the branches fan out and join without crossing.
 */
function layout(nodes: readonly Node[], flows: readonly Flow[]): { shapes: Map<string, Box>; edges: Map<string, Point[]> } {
  const { incoming, outgoing, column } = flowGraph(nodes, flows);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const band = (id: string) => byId.get(id)!.band;
  const bands = Math.max(-1, ...nodes.map((n) => n.band), ...flows.map((f) => f.band ?? -1)) + 1;

  // Rows inside each band: lanes that never hold a flow passing another node.
  const rowOf = new Map<string, number>();
  const bandRows: number[] = Array.from({ length: bands }, () => 1);
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  for (let b = 0; b < bands; b++) {
    const members = nodes.filter((n) => n.band === b).sort((x, y) => column.get(x.id)! - column.get(y.id)! || order.get(x.id)! - order.get(y.id)!);
    const lanes: Array<Array<[number, number]>> = [];
    const free = (row: number, from: number, to: number) => (lanes[row] ?? []).every(([a, z]) => to <= a || z <= from);
    for (const n of members) {
      const c = column.get(n.id)!;
      const end = Math.max(c + 1, ...outgoing.get(n.id)!.map((t) => column.get(t)!));
      const preds = incoming.get(n.id)!;
      // A gateway that fans out to this node from another row runs along this node's row from its own column.
      const from = (row: number) => Math.min(c, ...preds.filter((p) => outgoing.get(p)!.length > 1 && !(band(p) === b && rowOf.get(p) === row)).map((p) => column.get(p)!));
      const preferred = preds.filter((p) => band(p) === b).map((p) => rowOf.get(p)!);
      let row = preferred.find((r) => free(r, from(r), end));
      if (row === undefined) for (row = 0; !free(row, from(row), end); row++);
      (lanes[row] ??= []).push([from(row), end]);
      rowOf.set(n.id, row);
      bandRows[b] = Math.max(bandRows[b], row + 1);
    }
  }
  const bandTop: number[] = [];
  let y = 40;
  for (let b = 0; b < bands; b++) {
    bandTop.push(y);
    y += bandRows[b] * ROW;
  }
  const total = Math.max(y - 40, ROW);
  const mainY = 40 + total / 2 - ROW / 2;
  const shapes = new Map<string, Box>();
  for (const n of nodes) {
    const { w, h } = SIZE[n.kind];
    const cx = 80 + column.get(n.id)! * COLUMN + 50;
    const rowTop = n.band < 0 ? mainY : bandTop[n.band] + rowOf.get(n.id)! * ROW;
    const cy = rowTop + ROW / 2;
    shapes.set(n.id, { x: cx - w / 2, y: cy - h / 2, w, h });
  }

  const edges = new Map<string, Point[]>();
  for (const f of flows) {
    const a = shapes.get(f.source)!;
    const b = shapes.get(f.target)!;
    const start: Point = [a.x + a.w, a.y + a.h / 2];
    const stop: Point = [b.x, b.y + b.h / 2];
    if (f.band !== undefined) {
      // An empty branch: its own row from the split's fan to the join's.
      const laneY = bandTop[f.band] + ROW / 2;
      edges.set(f.id, laneY === start[1] ? [start, stop] : [start, [start[0] + TURN, laneY], [stop[0] - TURN, laneY], stop]);
    } else if (start[1] === stop[1]) edges.set(f.id, [start, stop]);
    else if (outgoing.get(f.source)!.length > 1) edges.set(f.id, [start, [start[0] + TURN, stop[1]], stop]);
    else edges.set(f.id, [start, [stop[0] - TURN, start[1]], stop]);
  }
  return { shapes, edges };
}

function toXml(nodes: readonly Node[], flows: readonly Flow[], options: ProcessOptions): string {
  const { shapes, edges } = layout(nodes, flows);
  return writeBpmn({
    processId: options.processId,
    name: options.name,
    executable: true,
    targetNamespace: 'http://zaizao.dev/schema/bpmn/bundle',
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      name: n.name,
      documentation: n.documentation,
      attributes: { 'zaizao:candidateDepartments': n.departments, 'zaizao:candidateRoles': n.roles, 'zaizao:formKey': n.formKey },
    })),
    flows,
    shapes,
    edges,
  });
}
