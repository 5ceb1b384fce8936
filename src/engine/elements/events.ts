// Start, end, intermediate and boundary events.
import type { ElementProcessor } from '../processor.js';
import { armEvent } from '../behavior/events.js';
import { setVariables } from '../behavior/variables.js';
import { evaluate } from '../expression.js';
import type { Context } from '../core.js';
import type { FlowNode } from '../model.js';
import type { ElementInstance } from '../state.js';

export const startEventProcessor: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.complete(ei);
  },
  /** The timer or message of an event sub-process's start event (a listener of its scope). */
  onTrigger(ctx, ei, node, t) {
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    ctx.startEventSubProcess(ei.scopeKey, node.id, node.cancelActivity !== false);
  },
};

function sendMessage(ctx: Context, ei: ElementInstance, node: FlowNode): void {
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

export const endEventProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    const kind = node.event?.kind ?? 'none';
    if (kind === 'terminate') {
      ctx.terminateScope(ei.scopeKey, ei);
      ctx.dropQueued(ei.scopeKey);
      ctx.complete(ei);
      return;
    }
    if (kind === 'error') {
      ctx.throwError(ei, node.event!.errorCode);
      return;
    }
    if (kind === 'escalation' && !ctx.throwEscalation(ei, node.event!.escalationCode)) return;
    if (kind === 'message') sendMessage(ctx, ei, node);
    ctx.complete(ei);
  },
};

export const intermediateThrowEventProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (node.event?.kind === 'escalation' && !ctx.throwEscalation(ei, node.event.escalationCode)) return;
    if (node.event?.kind === 'message') sendMessage(ctx, ei, node);
    ctx.complete(ei);
  },
};

/** Intermediate timer and message catch events. */
export const catchEventProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (ctx.triggered.delete(node.id)) {
      ctx.complete(ei);
      return;
    }
    armEvent(ctx, ei, node, node.id);
  },
  onTrigger(ctx, ei, _node, t) {
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    ctx.complete(ei);
  },
};

export const boundaryEventProcessor: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.complete(ei);
  },
};
