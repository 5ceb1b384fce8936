// The message event definition: a catch waits in a subscription under the message's name and
// its correlation key (evaluated when armed); a throw (end event, intermediate throw, send
// task) publishes the message with the instance's variables, routed after the command.
import { evaluate } from '../../expression.js';
import { IncidentError } from '../../errors.js';
import type { FlowNode } from '../../model.js';
import type { ElementInstance } from '../../state.js';
import type { ElementContext } from '../../processor.js';

/** Subscribes `owner` to the message of `eventNode`; it fires `target`. */
export function armMessage(ctx: ElementContext, owner: ElementInstance, eventNode: FlowNode, target: string): void {
  const ev = eventNode.event!;
  let key: string | null = null;
  if (ev.correlationKey) {
    const v = evaluate(ev.correlationKey, ctx.lookup(owner));
    if (v === null || v === undefined) throw new IncidentError(`correlation key of ${eventNode.id} ("${ev.correlationKey}") is empty`);
    key = String(v);
  }
  ctx.addSubscription(owner, { messageName: ev.messageName ?? eventNode.id, correlationKey: key, target });
}

/** Publishes the message of a throw event or send task, with the instance's variables and its correlation key. */
export function sendMessage(ctx: ElementContext, ei: ElementInstance, node: FlowNode): void {
  const ev = node.event!;
  let key: string | null = null;
  if (ev.correlationKey) {
    const v = evaluate(ev.correlationKey, ctx.lookup(ei));
    key = v === null || v === undefined ? null : String(v);
  }
  const name = ev.messageName ?? node.id;
  ctx.effects.messagesSent.push({ name, correlationKey: key, variables: { ...ctx.state.variables } });
  ctx.record('message.sent', ei, { data: { messageName: name, correlationKey: key } });
}
