// Start, end, intermediate and boundary events.
import type { ElementProcessor } from '../processor.js';
import { armEvent, sendMessage, sendSignal } from '../behavior/events.js';
import { setVariables } from '../behavior/variables.js';

export const startEventProcessor: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.complete(ei);
  },
  /** The timer, message, signal or condition of an event sub-process's start event (a listener of its scope). */
  onTrigger(ctx, ei, node, t) {
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    ctx.startEventSubProcess(ei.scopeKey, node.id, node.cancelActivity !== false);
  },
};

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
    if (kind === 'compensate') {
      ctx.compensate(ei, node); // completes when the last handler has
      return;
    }
    if (kind === 'message') sendMessage(ctx, ei, node);
    if (kind === 'signal') sendSignal(ctx, ei, node);
    ctx.complete(ei);
  },
};

export const intermediateThrowEventProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (node.event?.kind === 'escalation' && !ctx.throwEscalation(ei, node.event.escalationCode)) return;
    if (node.event?.kind === 'compensate') {
      ctx.compensate(ei, node); // goes on when the last handler has completed
      return;
    }
    if (node.event?.kind === 'message') sendMessage(ctx, ei, node);
    if (node.event?.kind === 'signal') sendSignal(ctx, ei, node);
    ctx.complete(ei);
  },
};

/** Intermediate timer, message, signal and conditional catch events. */
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
