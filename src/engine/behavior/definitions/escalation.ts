// The escalation event definition: an escalation end or intermediate throw event throws; the
// nearest matching escalation boundary event or event sub-process catches it (../errors.ts),
// interrupting or not. Uncaught, the thrower waits with an incident (deployment refuses
// escalations nothing in the file could catch, so this is a run-time scope mismatch).
import type { ElementInstance } from '../../state.js';
import type { ElementContext } from '../../processor.js';
import { catchAt, findCatch } from '../errors.js';

/**
 * An escalation thrown at `from`. Returns whether `from` goes on (false when it was
 * interrupted, or when nothing caught it: then it waits with an incident).
 */
export function throwEscalation(ctx: ElementContext, from: ElementInstance, code: string | undefined): boolean {
  ctx.record('escalation.thrown', from, { data: { escalationCode: code ?? null } });
  const caught = findCatch(ctx, from, 'escalation', code);
  if (!caught) {
    ctx.raiseIncident(from, `escalation ${code ?? '(no code)'} is not caught`);
    return false;
  }
  const catcher = 'boundaryId' in caught ? caught.boundaryId : caught.startId;
  catchAt(ctx, caught, ctx.model.nodes[catcher].cancelActivity !== false, code ? { escalationCode: code } : undefined);
  return Boolean(ctx.state.elements[from.key]);
}
