// A call activity starts the called process (a request to the engine, which routes it) with
// every variable it sees, and waits for it; its variables come back when it ends.
import type { ElementProcessor } from '../processor.js';
import { applyOutput, handleBoundaryTrigger } from '../behavior/activity.js';
import { evaluate, isExpression } from '../expression.js';
import { IncidentError } from '../errors.js';
import type { ElementInstance } from '../state.js';

export const callActivityProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    let processId = node.calledElement!;
    if (isExpression(processId)) {
      const v = evaluate(processId, ctx.lookup(ei));
      if (typeof v !== 'string' || !v) throw new IncidentError(`called element "${node.calledElement}" gave ${JSON.stringify(v)}`);
      processId = v;
    }
    const childId = `${ctx.state.id}.${ei.key}`;
    ei.childInstanceId = childId;
    const variables: Record<string, unknown> = { ...ctx.state.variables };
    for (let e: ElementInstance | undefined = ei; e; e = e.scopeKey ? ctx.state.elements[e.scopeKey] : undefined) {
      for (const [k, v] of Object.entries(e.vars ?? {})) if (!(k in variables) || e === ei) variables[k] = v;
    }
    ctx.effects.childrenStarted.push({ instanceId: childId, processId, variables, parent: { instanceId: ctx.state.id, elementKey: ei.key } });
  },
  onTrigger(ctx, ei, _node, t) {
    if (handleBoundaryTrigger(ctx, ei, t)) return;
    if (t.kind !== 'child') return;
    delete ei.childInstanceId;
    applyOutput(ctx, ei, t.variables);
    ctx.complete(ei);
  },
  onTerminate(ctx, ei) {
    if (ei.childInstanceId) ctx.effects.childrenCancelled.push(ei.childInstanceId);
    delete ei.childInstanceId;
  },
};
