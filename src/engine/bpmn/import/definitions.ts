// The definitions → the engine's models: each process and sub-process read element by element
// (kinds, events, activities, sequence flows with their conditions), then linked and checked.
// The graph is built from each sequence flow's sourceRef/targetRef (not from incoming/outgoing
// lists, which many tools leave out or get wrong).
import type { EngineLimits } from '../../bounds.js';
import type { FlowNode, ModelSet, ProcessModel, SequenceFlow } from '../../model.js';
import { readActivity } from './activities.js';
import { checkEscalations, checkProcess, computeInclusiveReach, link } from './checks.js';
import { readEvent } from './events.js';
import { IGNORED_TYPES, KIND_BY_TYPE, type El } from './kinds.js';
import type { Check, ImportProblems } from './problems.js';

export class DefinitionsReader {
  private readonly messages: Record<string, string> = {};
  /** Association source id → target ids (compensation boundary event → handler). */
  private readonly associations = new Map<string, string[]>();

  constructor(
    private readonly p: ImportProblems,
    private readonly limits: EngineLimits,
  ) {}

  read(defs: El): ModelSet {
    for (const root of defs.rootElements ?? []) {
      if (root.$type === 'bpmn:Message') this.messages[root.id] = root.name ?? root.id;
    }
    const processes: ProcessModel[] = [];
    // What would be deployed: the processes marked executable, or all of them when none is.
    const procs = (defs.rootElements ?? []).filter((r: El) => r.$type === 'bpmn:Process');
    const noneExecutable = procs.length > 0 && procs.every((r: El) => r.isExecutable === false);
    for (const root of procs) processes.push(this.readProcess(root, noneExecutable));
    if (processes.length === 0) this.p.error(defs, 'the definitions contain no process');
    checkEscalations(this.p, processes);
    // A call activity must name a process of this file or one deployed separately; only
    // a missing name is an error here.
    return { processes, messages: this.messages };
  }

  private readProcess(proc: El, noneExecutable: boolean): ProcessModel {
    // A process is executable unless it says isExecutable="false".
    const executable = proc.isExecutable !== false;
    const model: ProcessModel = {
      id: proc.id,
      name: proc.name,
      executable,
      nodes: {},
      flows: {},
      messageStarts: {},
      reachableFrom: {},
    };
    const problemsBefore = this.p.errors.length;
    const check: Check = (el, reason, hint) => {
      if (executable || noneExecutable) this.p.unsupportedEl(el ?? proc, reason, hint);
      else this.p.warnings.push(`${el?.id ?? proc.id}: ${reason} (process is not executable)`);
    };
    if (noneExecutable) this.p.unsupportedEl(proc, 'the process is marked isExecutable="false"', `set isExecutable="true" on <process id="${proc.id}"> to deploy it`);
    this.readContainer(proc, proc.id, model, check);
    link(this.p, model, this.associations, check);
    checkProcess(this.p, model, proc, check, noneExecutable);
    if (this.p.errors.length === problemsBefore) model.reachableFrom = computeInclusiveReach(model);
    return model;
  }

  private readContainer(container: El, scope: string, model: ProcessModel, check: Check): void {
    const flows: El[] = [];
    const unsupportedCondition = this.p.unsupportedConditions;
    // Associations link a compensation boundary event to its handler.
    for (const a of container.artifacts ?? []) {
      if (a.$type === 'bpmn:Association' && a.sourceRef?.id && a.targetRef?.id)
        this.associations.set(a.sourceRef.id, [...(this.associations.get(a.sourceRef.id) ?? []), a.targetRef.id]);
    }
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        flows.push(el);
        continue;
      }
      if (IGNORED_TYPES.has(el.$type)) continue;
      const kind = KIND_BY_TYPE[el.$type];
      if (!kind) {
        this.p.unsupportedEl(el, 'element type not executed by the engine', 'replace it by a supported element (docs/engine.md, Supported BPMN) or remove it');
        continue;
      }
      const node: FlowNode = { id: el.id, kind, scope, incoming: [], outgoing: [] };
      if (kind === 'subProcess' && el.triggeredByEvent) node.eventSubProcess = true;
      if (el.name) node.name = el.name;
      if (!readEvent(this.p, el, node, check, this.limits)) continue;
      if (!readActivity(this.p, el, node, check, this.limits)) continue;
      if (el.default) node.defaultFlow = el.default.id;
      if (model.nodes[node.id]) this.p.error(el, `duplicate id "${node.id}"`);
      model.nodes[node.id] = node;
      if (kind === 'subProcess') this.readContainer(el, el.id, model, check);
    }
    for (const f of flows) {
      const flow: SequenceFlow = { id: f.id, source: f.sourceRef?.id, target: f.targetRef?.id, scope };
      if (f.name) flow.name = f.name;
      if (!f.sourceRef || !f.targetRef) {
        this.p.error(f, `sequence flow without ${!f.sourceRef ? 'sourceRef' : 'targetRef'}`);
        continue;
      }
      const cond = f.conditionExpression;
      if (cond) {
        const body = (cond.body ?? '').trim();
        if (cond.language && !/feel|zaizao|juel/i.test(cond.language)) {
          this.p.unsupported.push({
            id: f.id,
            type: 'bpmn:FormalExpression',
            reason: `expression language ${cond.language}`,
            hint: "rewrite the condition in the engine's expression language (FEEL subset, see docs/engine.md) and drop the language attribute or set it to FEEL",
          });
        } else if (body === '') {
          check(f, 'empty condition expression', 'write the condition in the conditionExpression, e.g. "= amount > 1000", or remove the element');
        } else if (this.p.expressionOk(f, body)) flow.condition = body;
        else unsupportedCondition.add(f.id);
      }
      model.flows[flow.id] = flow;
    }
  }
}
