// End events: none, terminate (ends its scope), error, escalation, compensation, message, signal.
import type { ElementProcessor } from '../processor.js';
import { sendMessage } from '../behavior/definitions/message.js';
import { sendSignal } from '../behavior/definitions/signal.js';

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
