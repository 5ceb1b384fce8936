// A matter's steps become a BPMN diagram the viewer can draw: every step a task, forks and
// joins as parallel gateways, columns in dependency order, and valid BPMN 2.0 with DI.
import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import type { Step } from './model.js';
import { dueDate, layoutGraph, matterBpmn, matterGraph } from './process.js';

function step(id: string, name: string, dependsOn: string[] = [], extra: Partial<Step> = {}): Step {
  return {
    id,
    name,
    kind: 'review',
    departmentCode: 'XZSP',
    role: '科员',
    workdays: 0.5,
    stamps: [],
    applicantPresent: false,
    onlinePossible: true,
    legalBases: [],
    dependsOn,
    needsResultOf: [],
    ...extra,
  };
}

async function parse(xml: string) {
  const moddle = new BpmnModdle();
  const { rootElement, warnings } = await moddle.fromXML(xml);
  return {
    definitions: rootElement as unknown as {
      rootElements: Array<{ $type: string; flowElements: Array<{ $type: string; id: string; name?: string }> }>;
      diagrams: Array<{ plane: { planeElement: Array<{ $type: string; bpmnElement: { id: string }; bounds?: { x: number; y: number }; waypoint?: unknown[] }> } }>;
    },
    warnings,
  };
}

describe('matter process as BPMN', () => {
  it('draws a chain of steps left to right on one row, from a start to an end event', async () => {
    const steps = [step('S01', '窗口受理', [], { kind: 'intake' }), step('S02', '材料审查', ['S01']), step('S03', '审批决定', ['S02'], { kind: 'decision' })];
    const xml = matterBpmn(
      { code: '370883-JS-001', name: '建筑工程施工许可证核发', steps },
      { departmentName: (c) => (c === 'XZSP' ? '行政审批服务局' : c), startLabel: '申请', endLabel: '办结' },
    );
    const { definitions, warnings } = await parse(xml);
    expect(warnings).toEqual([]);
    const process = definitions.rootElements.find((e) => e.$type === 'bpmn:Process')!;
    const tasks = process.flowElements.filter((e) => e.$type === 'bpmn:UserTask');
    expect(tasks.map((t) => t.name)).toEqual(['窗口受理', '材料审查', '审批决定']);
    expect(process.flowElements.filter((e) => e.$type === 'bpmn:ParallelGateway')).toHaveLength(0);
    expect(process.flowElements.filter((e) => e.$type === 'bpmn:SequenceFlow')).toHaveLength(4);
    const shapes = new Map(definitions.diagrams[0].plane.planeElement.filter((e) => e.$type === 'bpmndi:BPMNShape').map((s) => [s.bpmnElement.id, s.bounds!]));
    const [a, b, c] = ['Task_S01', 'Task_S02', 'Task_S03'].map((id) => shapes.get(id)!);
    expect(a.x).toBeLessThan(b.x);
    expect(b.x).toBeLessThan(c.x);
    expect(new Set([a.y, b.y, c.y]).size).toBe(1);
    // Every flow is drawn.
    const edges = definitions.diagrams[0].plane.planeElement.filter((e) => e.$type === 'bpmndi:BPMNEdge');
    expect(edges).toHaveLength(4);
    for (const e of edges) expect(e.waypoint!.length).toBeGreaterThanOrEqual(2);
    expect(xml).toContain('行政审批服务局');
  });

  it('puts steps that wait for the same step side by side, between a parallel fork and join', async () => {
    const steps = [step('S01', '受理'), step('S02', '质量监督会签', ['S01']), step('S03', '安全监督会签', ['S01']), step('S04', '决定', ['S02', 'S03'])];
    const { nodes, flows } = matterGraph({ code: 'M', name: 'm', steps });
    expect(nodes.filter((n) => n.kind === 'parallelGateway').map((n) => n.id)).toEqual(['Task_S01_fork', 'Task_S04_join']);
    const boxes = layoutGraph(nodes, flows);
    expect(boxes.get('Task_S02')!.x).toBe(boxes.get('Task_S03')!.x);
    expect(boxes.get('Task_S02')!.y).not.toBe(boxes.get('Task_S03')!.y);
    const { warnings } = await parse(matterBpmn({ code: 'M', name: 'm', steps }));
    expect(warnings).toEqual([]);
  });

  it('cuts a cycle in the dependencies instead of looping, and joins several last steps before the end', () => {
    const steps = [step('A', 'a', ['B']), step('B', 'b', ['A']), step('C', 'c', ['A']), step('D', 'd', ['A'])];
    const { nodes, flows } = matterGraph({ code: '1-X', name: 'x', steps });
    const between = flows
      .map((f) => `${f.source}>${f.target}`)
      .filter((f) => !/Start|End/.test(f))
      .sort();
    expect(between).toEqual(['Task_A>Task_A_fork', 'Task_A_fork>Task_C', 'Task_A_fork>Task_D', 'Task_B>Task_A']);
    const boxes = layoutGraph(nodes, flows);
    expect(boxes.size).toBe(nodes.length);
    expect(flows.filter((f) => f.target === 'Gateway_End').map((f) => f.source)).toEqual(['Task_C', 'Task_D']);
    expect(matterBpmn({ code: '1-X', name: 'x', steps })).toContain('<process id="Process_1-X" name="x"');
  });

  it('draws a matter without steps as start to end', async () => {
    const { definitions, warnings } = await parse(matterBpmn({ code: 'E', name: 'e<&>', steps: [] }));
    expect(warnings).toEqual([]);
    expect(definitions.rootElements[0].flowElements.map((e) => e.$type).sort()).toEqual(['bpmn:EndEvent', 'bpmn:SequenceFlow', 'bpmn:StartEvent']);
  });
});

describe("a step's working days as a due date", () => {
  it('counts whole days as days and a part of a day in business minutes of a 7-hour day', () => {
    expect(dueDate(0)).toBeUndefined();
    expect(dueDate(2)).toBe('P2D');
    expect(dueDate(0.5)).toBe('PT210M');
    expect(dueDate(1.5)).toBe('P1DT210M');
  });
});
