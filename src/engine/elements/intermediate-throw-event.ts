// Intermediate throw events: none, escalation, compensation, message, signal.
import type { ElementProcessor } from '../processor.js';
import { sendMessage } from '../behavior/definitions/message.js';
import { sendSignal } from '../behavior/definitions/signal.js';
import { throwEscalation } from '../behavior/definitions/escalation.js';
import { compensate } from '../behavior/definitions/compensation.js';

export const intermediateThrowEventProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (node.event?.kind === 'escalation' && !throwEscalation(ctx, ei, node.event.escalationCode)) return;
    if (node.event?.kind === 'compensate') {
      compensate(ctx, ei, node); // goes on when the last handler has completed
      return;
    }
    if (node.event?.kind === 'message') sendMessage(ctx, ei, node);
    if (node.event?.kind === 'signal') sendSignal(ctx, ei, node);
    ctx.complete(ei);
  },
};
