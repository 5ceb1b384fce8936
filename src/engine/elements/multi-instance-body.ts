// The multi-instance body (countersign, 会签): runs its activity once per item, in parallel or
// in sequence, until all are done or the completion condition holds. Each inner instance is a
// child of the body; the body hears of its completion through onChildCompleted.
import type { ElementContext, ElementProcessor } from '../processor.js';
import { handleBoundaryTrigger } from '../behavior/activity.js';
import { setVariables } from '../behavior/variables.js';
import { evaluate, evaluateCondition } from '../expression.js';
import { IncidentError } from '../errors.js';
import type { FlowNode } from '../model.js';
import type { ElementInstance } from '../state.js';
import { maxMultiInstance } from '../bounds.js';

function startInner(ctx: ElementContext, body: ElementInstance, node: FlowNode, index: number): void {
  const mi = body.mi!;
  mi.next = index + 1;
  mi.active++;
  const vars: Record<string, unknown> = { loopCounter: index + 1 };
  if (node.multiInstance!.elementVariable) vars[node.multiInstance!.elementVariable] = mi.items[index];
  ctx.activateNow(node.id, body.key, { inner: true, vars });
}

function finishBody(ctx: ElementContext, body: ElementInstance, node: FlowNode): void {
  const out = node.multiInstance!.outputCollection;
  if (out) setVariables(ctx.state.variables, { [out]: body.mi!.outputs });
  ctx.complete(body);
}

export const multiInstanceBodyProcessor: ElementProcessor = {
  onActivate(ctx, body, node) {
    const mi = node.multiInstance!;
    let items: unknown[];
    const max = maxMultiInstance(ctx.options);
    if (mi.collection) {
      const v = evaluate(mi.collection, ctx.lookup(body));
      if (!Array.isArray(v)) throw new IncidentError(`collection "${mi.collection}" of ${node.id} gave ${JSON.stringify(v)}, not a list`);
      if (v.length > max) throw new IncidentError(`collection "${mi.collection}" of ${node.id} has ${v.length} items; at most ${max} instances run`);
      items = v;
    } else {
      const n = evaluate(mi.cardinality!, ctx.lookup(body));
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new IncidentError(`loopCardinality "${mi.cardinality}" of ${node.id} gave ${JSON.stringify(n)}`);
      // Checked before anything is allocated: a cardinality of 1e9 must not reach new Array.
      if (n > max) throw new IncidentError(`loopCardinality "${mi.cardinality}" of ${node.id} gave ${n}; at most ${max} instances run`);
      items = new Array(n).fill(null);
    }
    body.mi = { items, total: items.length, next: 0, completed: 0, active: 0, outputs: new Array(items.length).fill(null) };
    if (items.length === 0) {
      finishBody(ctx, body, node);
      return;
    }
    if (mi.sequential) startInner(ctx, body, node, 0);
    else for (let i = 0; i < items.length && ctx.state.elements[body.key]; i++) startInner(ctx, body, node, i);
  },
  onTrigger(ctx, body, _node, t) {
    handleBoundaryTrigger(ctx, body, t);
  },
  onChildCompleted(ctx, body, node, inner) {
    const mi = body.mi!;
    mi.completed++;
    mi.active--;
    const spec = node.multiInstance!;
    if (spec.outputElement) {
      const index = Number(inner.vars?.loopCounter ?? 1) - 1;
      mi.outputs[index] = evaluate(spec.outputElement, ctx.lookup(inner)) ?? null;
    }
    if (spec.completionCondition && evaluateCondition(spec.completionCondition, ctx.lookup(body))) {
      for (const child of ctx.childrenOf(body.key)) ctx.terminate(child);
      finishBody(ctx, body, node);
      return;
    }
    if (spec.sequential && mi.next < mi.total) {
      startInner(ctx, body, node, mi.next);
      return;
    }
    if (mi.active === 0 && mi.next >= mi.total) finishBody(ctx, body, node);
  },
};
