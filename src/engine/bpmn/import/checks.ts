// The checks on a process once its elements are read: flows linked to their ends, boundary
// events to their hosts and compensation handlers, the rules on starts, gateways and event
// sub-processes, escalations that something catches; and what inclusive joins wait for.
import { isExpression } from '../../expression.js';
import type { FlowNode, ProcessModel } from '../../model.js';
import { isActivity, type El } from './kinds.js';
import type { Check, ImportProblems } from './problems.js';

/** Builds incoming/outgoing from the flows and attaches boundary events (a compensation boundary event: its handler, through its association). */
export function link(p: ImportProblems, model: ProcessModel, associations: Map<string, string[]>, check: Check): void {
  for (const flow of Object.values(model.flows)) {
    const src = model.nodes[flow.source];
    const tgt = model.nodes[flow.target];
    if (!src || !tgt) {
      // An end of the flow is an unsupported or ignored element: already reported.
      delete model.flows[flow.id];
      continue;
    }
    if (src.scope !== flow.scope || tgt.scope !== flow.scope) {
      p.error({ id: flow.id, $type: 'bpmn:SequenceFlow' }, `sequence flow crosses a sub-process boundary (${flow.source} → ${flow.target})`);
      continue;
    }
    src.outgoing.push(flow.id);
    tgt.incoming.push(flow.id);
  }
  for (const node of Object.values(model.nodes)) {
    if (node.kind !== 'boundaryEvent' || !node.attachedTo) continue;
    const host = model.nodes[node.attachedTo];
    if (!host) continue;
    if (!isActivity(host.kind)) {
      p.error({ id: node.id, $type: 'bpmn:BoundaryEvent' }, `attached to ${node.attachedTo}, which is not an activity`);
      continue;
    }
    (host.boundaries ??= []).push(node.id);
    if (node.event?.kind === 'compensate') linkCompensation(model, node, host, associations, check);
  }
}

function linkCompensation(model: ProcessModel, boundary: FlowNode, host: FlowNode, associations: Map<string, string[]>, check: Check): void {
  const el = { id: boundary.id, $type: 'bpmn:BoundaryEvent' };
  const handlers = (associations.get(boundary.id) ?? []).filter((id) => model.nodes[id]);
  const handler = handlers.length === 1 ? model.nodes[handlers[0]] : undefined;
  if (!handler) {
    check(
      el,
      handlers.length ? 'compensation boundary event associated with more than one activity' : 'compensation boundary event without a handler',
      `draw one association from ${boundary.id} to the activity that undoes ${host.id}, marked isForCompensation="true"`,
    );
    return;
  }
  if (!handler.forCompensation) check(el, `the compensation handler ${handler.id} is not marked isForCompensation="true"`, `add isForCompensation="true" to ${handler.id}`);
  else if (handler.scope !== host.scope) check(el, `the compensation handler ${handler.id} is not in the scope of ${host.id}`, `move ${handler.id} next to ${host.id}`);
  else if (host.compensationHandler) check(el, `${host.id} has more than one compensation boundary event`, `keep one compensation boundary event on ${host.id}`);
  else host.compensationHandler = handler.id;
}

/** The rules a process must keep once linked: start events per scope, event sub-processes, gateways, flows; it also records the process's starts. */
export function checkProcess(p: ImportProblems, model: ProcessModel, proc: El, check: Check, noneExecutable: boolean): void {
  const ref = (n: FlowNode) => ({ id: n.id, $type: `bpmn:${n.kind[0].toUpperCase()}${n.kind.slice(1)}` });
  const startsByScope = new Map<string, FlowNode[]>();
  for (const node of Object.values(model.nodes)) {
    // Conditions waiting inside instances (all but a process's own conditional start) are re-evaluated after every command.
    if (node.event?.kind === 'conditional' && (node.kind !== 'startEvent' || model.nodes[node.scope]?.eventSubProcess)) model.conditional = true;
    if (node.kind === 'startEvent') {
      const list = startsByScope.get(node.scope) ?? [];
      list.push(node);
      startsByScope.set(node.scope, list);
      if (node.incoming.length) p.error(ref(node), 'a start event has incoming flows');
      const scopeNode = model.nodes[node.scope];
      const kind = node.event?.kind ?? 'none';
      if (scopeNode?.eventSubProcess) {
        // An event sub-process starts with the event it waits for; error starts always interrupt.
        if (kind === 'none') p.error(ref(node), `the start event of event sub-process ${scopeNode.id} has no event definition`);
        if (kind === 'error' && node.cancelActivity === false) p.error(ref(node), 'an error start event always interrupts (isInterrupting must be true)');
        if (scopeNode.startEvent) p.error(ref(node), `more than one start event in event sub-process ${scopeNode.id}`);
        scopeNode.startEvent = node.id;
        continue;
      }
      if (kind === 'error' || kind === 'escalation') {
        p.error(ref(node), `an ${kind} start event belongs in an event sub-process`);
        continue;
      }
      if (kind === 'signal') {
        if (node.scope !== model.id) p.error(ref(node), 'a signal start event inside a sub-process (only a process starts on a signal here)');
        else if (node.event!.signalName) (model.signalStarts ??= {})[node.event!.signalName] = node.id;
        continue;
      }
      if (kind === 'timer' || kind === 'conditional') {
        if (node.scope !== model.id) {
          p.error(ref(node), `a ${kind} start event inside a sub-process (only a process or an event sub-process starts on a ${kind === 'timer' ? 'timer' : 'condition'})`);
        } else if (kind === 'timer' && node.event!.timer && isExpression(node.event!.timer.value)) {
          check(
            ref(node),
            'timer start event with an expression (a process has no variables before it starts)',
            `write the time of ${node.id} as a literal ISO-8601 date, duration or cycle`,
          );
        } else if (kind === 'timer' && node.event!.timer) (model.timerStarts ??= []).push(node.id);
        else if (kind === 'conditional' && node.event!.condition) (model.conditionalStarts ??= []).push(node.id);
        continue;
      }
      if (kind === 'message') {
        if (node.scope !== model.id) {
          p.error(ref(node), 'a message start event inside a sub-process (only event sub-processes start on a message)');
          continue;
        }
        if (node.event!.messageName) model.messageStarts[node.event!.messageName] = node.id;
      } else if (node.scope === model.id) {
        if (model.startEvent) check(ref(node), 'more than one none start event', 'keep one none start event per process (give the others a message)');
        model.startEvent = node.id;
      } else {
        if (scopeNode.startEvent) p.error(ref(node), 'more than one start event in the sub-process');
        scopeNode.startEvent = node.id;
      }
    }
    if (node.eventSubProcess) {
      if (node.incoming.length || node.outgoing.length) p.error(ref(node), 'an event sub-process has sequence flows');
      if (node.boundaries?.length) p.error(ref(node), 'an event sub-process has boundary events');
      const container = model.nodes[node.scope];
      if (container) (container.eventSubProcesses ??= []).push(node.id);
      else (model.eventSubProcesses ??= []).push(node.id);
    }
    if (node.kind === 'endEvent' && node.outgoing.length) p.error(ref(node), 'an end event has outgoing flows');
    if (node.forCompensation && (node.incoming.length || node.outgoing.length)) {
      check(
        ref(node),
        'a compensation handler (isForCompensation) with sequence flows',
        `remove the sequence flows of ${node.id}: it is reached only through the association from a compensation boundary event`,
      );
    }
    if (node.kind === 'boundaryEvent' && node.event?.kind === 'compensate' && node.outgoing.length) {
      check(ref(node), 'a compensation boundary event with outgoing flows', `remove the outgoing flows of ${node.id}: its handler is linked by an association`);
    }
    if (node.event?.kind === 'compensate' && node.event.activityRef && !model.nodes[node.event.activityRef]?.compensationHandler) {
      p.warnings.push(`${node.id}: compensates ${node.event.activityRef}, which has no compensation boundary event and handler, so nothing is compensated`);
    }
    if (node.kind === 'boundaryEvent' && node.incoming.length) p.error(ref(node), 'a boundary event has incoming flows');
    if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
      if (node.outgoing.length > 1) {
        for (const fid of node.outgoing) {
          const f = model.flows[fid];
          if (!f.condition && fid !== node.defaultFlow && !p.unsupportedConditions.has(fid)) {
            p.warnings.push(`${fid}: leaves ${node.kind} ${node.id} without a condition and is not its default flow, so it is always taken`);
          }
        }
      }
      if (node.defaultFlow && !node.outgoing.includes(node.defaultFlow)) p.error(ref(node), `default flow ${node.defaultFlow} does not leave the gateway`);
    }
    if (node.kind === 'eventBasedGateway') {
      for (const fid of node.outgoing) {
        const t = model.nodes[model.flows[fid].target];
        const ok = (t.kind === 'intermediateCatchEvent' && t.incoming.length === 1) || (t.kind === 'receiveTask' && !t.multiInstance);
        if (!ok) p.error(ref(t), `follows event-based gateway ${node.id} but is not a catch event or receive task with one incoming flow`);
      }
      if (node.outgoing.length < 2) p.error(ref(node), 'an event-based gateway needs at least two outgoing flows');
    }
    if (node.kind === 'subProcess' && !Object.values(model.nodes).some((n) => n.scope === node.id && n.kind === 'startEvent')) {
      p.unsupported.push({
        id: node.id,
        type: 'bpmn:SubProcess',
        reason: 'sub-process without a start event (implicit start)',
        hint: `add a none <startEvent> inside <subProcess id="${node.id}"> with a sequence flow to its first element`,
      });
    }
    if (!['startEvent', 'boundaryEvent'].includes(node.kind) && !node.eventSubProcess && !node.forCompensation && node.incoming.length === 0 && model.executable) {
      p.warnings.push(`${node.id}: ${node.kind} has no incoming flow and is never reached`);
    }
  }
  if (
    !model.startEvent &&
    Object.keys(model.messageStarts).length === 0 &&
    Object.keys(model.signalStarts ?? {}).length === 0 &&
    !model.timerStarts?.length &&
    !model.conditionalStarts?.length
  ) {
    if (model.executable || noneExecutable)
      p.unsupported.push({
        id: proc.id,
        type: 'bpmn:Process',
        reason: 'no none or message start event (implicit start)',
        hint: `add a none <startEvent> to <process id="${proc.id}"> with a sequence flow to its first element`,
      });
    else p.warnings.push(`${proc.id}: the process has no none or message start event (process is not executable)`);
  }
}

/** An escalation thrown with a code that no boundary event or event sub-process of the file catches would go nowhere: refused. */
export function checkEscalations(p: ImportProblems, processes: ProcessModel[]): void {
  const caught = new Set<string | undefined>();
  for (const proc of processes) {
    for (const n of Object.values(proc.nodes)) {
      if (n.event?.kind !== 'escalation') continue;
      if (n.kind === 'boundaryEvent' || (n.kind === 'startEvent' && proc.nodes[n.scope]?.eventSubProcess)) caught.add(n.event.escalationCode);
    }
  }
  for (const proc of processes) {
    if (!proc.executable && processes.some((q) => q.executable)) continue;
    for (const n of Object.values(proc.nodes)) {
      if (n.event?.kind !== 'escalation' || (n.kind !== 'endEvent' && n.kind !== 'intermediateThrowEvent') || !n.event.escalationCode) continue;
      if (caught.has(undefined) || caught.has(n.event.escalationCode)) continue;
      p.unsupported.push({
        id: n.id,
        type: n.kind === 'endEvent' ? 'bpmn:EndEvent' : 'bpmn:IntermediateThrowEvent',
        reason: `escalation "${n.event.escalationCode}" is caught nowhere`,
        hint: `add an escalation boundary event (escalationRef to code "${n.event.escalationCode}") on an activity around ${n.id}, or an event sub-process starting on it`,
      });
    }
  }
}

/**
 * For each inclusive gateway with several incoming flows: the nodes of its scope from which
 * it can be reached without passing through it (boundary events lead back to their host).
 */
export function computeInclusiveReach(model: ProcessModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of Object.values(model.nodes)) {
    if (g.kind !== 'inclusiveGateway' || g.incoming.length < 2) continue;
    const seen = new Set<string>();
    const stack = g.incoming.map((f) => model.flows[f].source);
    while (stack.length) {
      const id = stack.pop()!;
      if (id === g.id || seen.has(id)) continue;
      seen.add(id);
      const n = model.nodes[id];
      for (const f of n.incoming) stack.push(model.flows[f].source);
      if (n.kind === 'boundaryEvent' && n.attachedTo) stack.push(n.attachedTo);
    }
    // A token on a boundary event's host can reach the gateway through the boundary event.
    for (const id of [...seen]) {
      const n = model.nodes[id];
      if (n.kind === 'boundaryEvent' && n.attachedTo) seen.add(n.attachedTo);
    }
    out[g.id] = [...seen].sort();
  }
  return out;
}
