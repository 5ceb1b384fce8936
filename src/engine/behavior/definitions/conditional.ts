// The conditional event definition: armed, it is no record but a flag on its owner; after
// each command on the instance (Context.run) every waiting condition is evaluated and the
// event fires when its condition turns true.
import { evaluateCondition } from '../../expression.js';
import type { ElementInstance } from '../../state.js';
import type { ElementContext } from '../../processor.js';

/** Makes `owner` wait for the condition of `target` (false until evaluated). */
export function armConditional(owner: ElementInstance, target: string): void {
  (owner.conds ??= {})[target] = false;
}

/**
 * Each condition waiting in the instance is evaluated; the first one that has turned true
 * since it was last evaluated fires (the event happens on the change, so a non-interrupting
 * one fires again only after its condition was false in between). A condition that cannot be
 * evaluated is an incident on the element waiting for it. True when something happened.
 */
export function fireConditions(ctx: ElementContext): boolean {
  for (const ei of Object.values(ctx.state.elements)) {
    if (!ei.conds || ei.incidentId) continue;
    for (const target of Object.keys(ei.conds)) {
      const condition = ctx.model.nodes[target].event?.condition ?? '';
      let holds = false;
      if (!ctx.guard(ei, () => (holds = evaluateCondition(condition, ctx.lookup(ei))), 'trigger')) return true;
      const was = ei.conds[target];
      ei.conds[target] = holds;
      if (holds && !was) {
        ctx.deliver(ei, { kind: 'condition', target });
        return true;
      }
    }
  }
  return false;
}
