import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../engine/bpmn/import.js';
import { sharedData } from '../../../test/support/shared-data.js';
import { bpmnXmlToPetriNet } from '../conform/petri.js';
import { tokenReplay } from '../conform/token-replay.js';
import { importXesFile } from '../import/xes.js';
import { bpmnToXml, treeToBpmn } from './bpmn.js';
import { discoverProcessTree } from './inductive.js';
import { leaf, node, tau } from './process-tree.js';

interface El {
  $type: string;
  id: string;
  name?: string;
  flowElements?: El[];
  rootElements?: El[];
  diagrams?: Array<{ plane: { planeElement: Array<{ $type: string; bpmnElement: { id: string } }> } }>;
}

async function discoveredXml() {
  const log = await importXesFile(sharedData('eventlogs', 'running-example.xes'));
  return { log, xml: bpmnToXml(treeToBpmn(discoverProcessTree(log))) };
}

describe('BPMN from a discovered model', () => {
  it('is deployable by the process engine: only start/end events, tasks, exclusive and parallel gateways', async () => {
    const { xml } = await discoveredXml();
    const { validation, models } = await importBpmn(xml);
    expect(validation).toMatchObject({ ok: true, executable: true, errors: [], unsupported: [] });
    const kinds = new Set(Object.values(models!.processes[0].nodes).map((n) => n.kind));
    expect([...kinds].sort()).toEqual(['endEvent', 'exclusiveGateway', 'parallelGateway', 'startEvent', 'task']);
  });

  it('carries diagram interchange for every element, so bpmn-js can draw it', async () => {
    const { xml } = await discoveredXml();
    const { rootElement, warnings } = (await new BpmnModdle().fromXML(xml)) as unknown as { rootElement: El; warnings: unknown[] };
    expect(warnings).toEqual([]);
    const process = rootElement.rootElements!.find((e) => e.$type === 'bpmn:Process')!;
    const drawn = new Set(rootElement.diagrams![0].plane.planeElement.map((p) => p.bpmnElement.id));
    for (const el of process.flowElements!) expect(drawn.has(el.id)).toBe(true);
    expect(
      process
        .flowElements!.filter((e) => e.$type === 'bpmn:Task')
        .map((t) => t.name)
        .sort(),
    ).toEqual(['check ticket', 'decide', 'examine casually', 'examine thoroughly', 'pay compensation', 'register request', 'reinitiate request', 'reject request']);
  });

  it('replays the log it was discovered from with fitness 1', async () => {
    const { log, xml } = await discoveredXml();
    const result = tokenReplay(log, await bpmnXmlToPetriNet(xml));
    expect(result.fitness).toBe(1);
    expect(result.fitTraces).toBe(6);
  });

  it('gives every exclusive split a default flow and conditions on the others', () => {
    const model = treeToBpmn(node('seq', [leaf('a'), node('xor', [leaf('b'), leaf('c'), tau()]), node('loop', [leaf('d'), tau()])]));
    for (const g of model.nodes.filter((n) => n.kind === 'exclusiveGateway')) {
      const out = model.flows.filter((f) => f.source === g.id);
      if (out.length < 2) continue;
      expect(g.defaultFlow).toBeDefined();
      for (const f of out) expect(f.id === g.defaultFlow || f.condition !== undefined).toBe(true);
    }
  });

  it('draws an empty model as start → end', async () => {
    const xml = bpmnToXml(treeToBpmn(tau()));
    const { validation } = await importBpmn(xml);
    expect(validation.ok).toBe(true);
  });
});
