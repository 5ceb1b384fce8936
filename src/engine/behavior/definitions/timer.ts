// The timer event definition: a date, a duration or a repeating cycle, literal or from an
// expression, on plain clock time or a named working-day calendar (../../time.ts). Armed, it
// is a job owned by an element instance; a duration on a calendar keeps how it was counted
// (`rule`, an expression as it evaluated) so that a loaded holiday year can recount it.
import { evaluate, isExpression } from '../../expression.js';
import { IncidentError } from '../../errors.js';
import type { FlowNode } from '../../model.js';
import type { ElementInstance } from '../../state.js';
import { TimerError, timerDueAt, type CalendarResolver } from '../../time.js';
import type { ElementContext } from '../../processor.js';
import { cyclePeriodMs, minTimerCycleMs } from '../../bounds.js';

/** When the timer of `eventNode` falls due, seen from element instance `ei`; null when a cycle is exhausted. */
export function computeTimerDue(ctx: ElementContext, ei: ElementInstance, eventNode: FlowNode, fired = 0): Date | null {
  return evaluateTimer(ctx, ei, eventNode, fired).due;
}

/** The timer's due instant and its ISO text (an expression evaluated): what a recount needs. */
function evaluateTimer(ctx: ElementContext, ei: ElementInstance, eventNode: FlowNode, fired = 0): { due: Date | null; value: string } {
  const timer = eventNode.event?.timer;
  if (!timer) throw new IncidentError(`${eventNode.id} has no timer definition`);
  let value = timer.value;
  if (isExpression(value)) {
    const v = evaluate(value, ctx.lookup(ei));
    if (typeof v !== 'string' || v === '') throw new IncidentError(`timer of ${eventNode.id}: expression "${timer.value}" gave ${JSON.stringify(v)}, not an ISO-8601 text`);
    value = v;
  }
  if (timer.type === 'cycle') {
    // Literal cycles are checked at deployment; one computed by an expression is checked here.
    const period = cyclePeriodMs(value);
    if (period !== null && period < minTimerCycleMs(ctx.options))
      throw new IncidentError(`timer of ${eventNode.id}: cycle "${value}" repeats more often than every ${minTimerCycleMs(ctx.options) / 1000} s`);
  }
  let calendar;
  if (timer.calendar) {
    calendar = ctx.options.calendars?.(timer.calendar);
    if (!calendar) throw new IncidentError(`timer of ${eventNode.id}: unknown calendar "${timer.calendar}"`);
  }
  return { due: timerDueAt(timer.type, value, ctx.now, calendar, fired), value };
}

/** Arms the timer of `eventNode` on behalf of `owner`: a job that fires `target`. */
export function armTimer(ctx: ElementContext, owner: ElementInstance, eventNode: FlowNode, target: string): void {
  const { due, value } = evaluateTimer(ctx, owner, eventNode);
  if (!due) return;
  const t = eventNode.event?.timer;
  // A duration on a calendar is kept (an expression's as it evaluated now: the variables may
  // change before the recount) so that an official holiday year can recount it.
  const rule = t?.type === 'duration' && t.calendar ? { duration: value, calendar: t.calendar, from: ctx.nowIso } : undefined;
  ctx.addJob(owner, { kind: 'timer', dueAt: due.toISOString(), target, fired: 0, ...(rule ? { rule } : {}) });
  ctx.record('timer.scheduled', owner, { data: { target, dueAt: due.toISOString() } });
}

/** A repeating cycle that fired schedules its next firing, if it has repetitions left. */
export function rearmCycle(ctx: ElementContext, owner: ElementInstance, target: FlowNode, fired: number): void {
  const next = computeTimerDue(ctx, owner, target, fired + 1);
  if (next) ctx.addJob(owner, { kind: 'timer', dueAt: next.toISOString(), target: target.id, fired: fired + 1 });
}

/**
 * When a timer start event of a deployed process falls due, `fired` firings after the first;
 * null when it fires no more (a date or duration fired once, a cycle's repetitions used up).
 * Its time is a literal (checked at deployment): there are no variables before the instance.
 */
export function startTimerDue(node: FlowNode, from: Date, calendars: CalendarResolver | undefined, fired = 0): Date | null {
  const timer = node.event?.timer;
  if (!timer) throw new TimerError(`${node.id} has no timer definition`);
  if (timer.type !== 'cycle' && fired > 0) return null;
  let calendar;
  if (timer.calendar) {
    calendar = calendars?.(timer.calendar);
    if (!calendar) throw new TimerError(`timer of ${node.id}: unknown calendar "${timer.calendar}"`);
  }
  return timerDueAt(timer.type, timer.value, from, calendar, fired);
}
