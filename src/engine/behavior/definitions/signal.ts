// The signal event definition: a catch waits in the subscription table under a name no message
// can have; a throw is broadcast, after the command, to every instance of the region waiting.
import type { FlowNode } from '../../model.js';
import type { ElementInstance } from '../../state.js';
import type { ElementContext } from '../../processor.js';

/** Signals wait in the subscription table under a name no message can have by accident. */
export function signalSubscription(name: string): string {
  return `signal:${name}`;
}

/** Subscribes `owner` to the signal of `eventNode`; it fires `target`. */
export function armSignal(ctx: ElementContext, owner: ElementInstance, eventNode: FlowNode, target: string): void {
  ctx.addSubscription(owner, { messageName: signalSubscription(eventNode.event!.signalName ?? eventNode.id), correlationKey: null, target });
}

/** Throws the signal of a throw event: broadcast, after the command, to every instance of the region waiting for it. */
export function sendSignal(ctx: ElementContext, ei: ElementInstance, node: FlowNode): void {
  const name = node.event!.signalName ?? node.id;
  ctx.effects.signalsSent.push({ name, variables: { ...ctx.state.variables } });
  ctx.record('signal.sent', ei, { data: { signalName: name } });
}
