// Intermediate throw events: none, escalation, compensation, message, signal.
import type { ElementProcessor } from '../processor.js';
import { sendMessage } from '../behavior/definitions/message.js';
import { sendSignal } from '../behavior/definitions/signal.js';

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
