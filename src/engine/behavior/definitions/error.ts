// The error event definition: an error end event (or a service handler's BpmnError, or a
// called process that ended with an error) throws; the nearest matching error boundary event
// or event sub-process catches it (../errors.ts), always interrupting. Uncaught, it ends a
// called process with the error (its call activity throws it on), else the thrower waits with
// an incident.
import type { ElementInstance } from '../../state.js';
import type { ElementContext } from '../../processor.js';
import { catchAt, findCatch } from '../errors.js';

/** A BPMN error thrown at `from`: caught by the nearest matching error boundary or event sub-process, else up to the caller, else an incident. */
export function throwError(ctx: ElementContext, from: ElementInstance, errorCode: string | undefined): void {
  ctx.record('error.thrown', from, { data: { errorCode: errorCode ?? null } });
  const caught = findCatch(ctx, from, 'error', errorCode);
  if (caught) {
    catchAt(ctx, caught, true, errorCode ? { errorCode } : undefined);
    return;
  }
  if (ctx.state.parent) {
    ctx.terminateScope(null);
    ctx.finishProcess('terminated', errorCode ?? 'error');
    return;
  }
  if (ctx.state.elements[from.key]) ctx.raiseIncident(from, `error ${errorCode ?? '(no code)'} is not caught`);
}
