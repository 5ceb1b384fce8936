// The conditional event definition: armed, it is no record but a flag on its owner; the core
// evaluates every waiting condition after each command on the instance and fires the event
// when its condition turns true (Context.run).
import type { ElementInstance } from '../../state.js';

/** Makes `owner` wait for the condition of `target` (false until evaluated). */
export function armConditional(owner: ElementInstance, target: string): void {
  (owner.conds ??= {})[target] = false;
}
