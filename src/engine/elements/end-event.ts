// End events: none, terminate (ends its scope), error, escalation, compensation, message, signal.
import type { ElementProcessor } from '../processor.js';
import { sendMessage } from '../behavior/definitions/message.js';
import { sendSignal } from '../behavior/definitions/signal.js';
import { throwError } from '../behavior/definitions/error.js';
import { throwEscalation } from '../behavior/definitions/escalation.js';
import { compensate } from '../behavior/definitions/compensation.js';

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
      throwError(ctx, ei, node.event!.errorCode);
      return;
    }
    if (kind === 'escalation' && !throwEscalation(ctx, ei, node.event!.escalationCode)) return;
    if (kind === 'compensate') {
      compensate(ctx, ei, node); // completes when the last handler has
      return;
    }
    if (kind === 'message') sendMessage(ctx, ei, node);
    if (kind === 'signal') sendSignal(ctx, ei, node);
    ctx.complete(ei);
  },
};
