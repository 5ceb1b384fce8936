// Waiting for events: timers become jobs, messages become subscriptions, both owned by an
// element instance (the catch event itself, the activity carrying boundary events, or the
// event-based gateway) and withdrawn when that instance ends.
import { evaluate, isExpression } from '../expression.js';
import { IncidentError } from '../errors.js';
import type { FlowNode } from '../model.js';
import type { ElementInstance } from '../state.js';
import { TimerError, timerDueAt, type CalendarResolver } from '../time.js';
import type { Context } from '../core.js';
import { cyclePeriodMs, minTimerCycleMs } from '../bounds.js';

/** When the timer of `eventNode` falls due, seen from element instance `ei`; null when a cycle is exhausted. */
export function computeTimerDue(ctx: Context, ei: ElementInstance, eventNode: FlowNode, fired = 0): Date | null {
  return evaluateTimer(ctx, ei, eventNode, fired).due;
}

/** The timer's due instant and its ISO text (an expression evaluated): what a recount needs. */
function evaluateTimer(ctx: Context, ei: ElementInstance, eventNode: FlowNode, fired = 0): { due: Date | null; value: string } {
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
    if (period !== null && period < minTimerCycleMs(ctx.options)) throw new IncidentError(`timer of ${eventNode.id}: cycle "${value}" repeats more often than every ${minTimerCycleMs(ctx.options) / 1000} s`);
  }
  let calendar;
  if (timer.calendar) {
    calendar = ctx.options.calendars?.(timer.calendar);
    if (!calendar) throw new IncidentError(`timer of ${eventNode.id}: unknown calendar "${timer.calendar}"`);
  }
  return { due: timerDueAt(timer.type, value, ctx.now, calendar, fired), value };
}

/** Arms the event of `eventNode` on behalf of `owner` (timer job or message subscription). */
export function armEvent(ctx: Context, owner: ElementInstance, eventNode: FlowNode, target: string): void {
  const ev = eventNode.event;
  if (!ev) return;
  if (ev.kind === 'timer') {
    const { due, value } = evaluateTimer(ctx, owner, eventNode);
    if (!due) return;
    const t = ev.timer;
    // A duration on a calendar is kept (an expression's as it evaluated now: the variables may
    // change before the recount) so that an official holiday year can recount it.
    const rule = t?.type === 'duration' && t.calendar ? { duration: value, calendar: t.calendar, from: ctx.nowIso } : undefined;
    ctx.addJob(owner, { kind: 'timer', dueAt: due.toISOString(), target, fired: 0, ...(rule ? { rule } : {}) });
    ctx.record('timer.scheduled', owner, { data: { target, dueAt: due.toISOString() } });
  } else if (ev.kind === 'message') {
    let key: string | null = null;
    if (ev.correlationKey) {
      const v = evaluate(ev.correlationKey, ctx.lookup(owner));
      if (v === null || v === undefined) throw new IncidentError(`correlation key of ${eventNode.id} ("${ev.correlationKey}") is empty`);
      key = String(v);
    }
    ctx.addSubscription(owner, { messageName: ev.messageName ?? eventNode.id, correlationKey: key, target });
  } else if (ev.kind === 'signal') {
    ctx.addSubscription(owner, { messageName: signalSubscription(ev.signalName ?? eventNode.id), correlationKey: null, target });
  } else if (ev.kind === 'conditional') {
    // Not a record: the core evaluates the condition after every command on the instance (Context.run).
    (owner.conds ??= {})[target] = false;
  }
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

export function subscribeBoundaries(ctx: Context, host: ElementInstance, node: FlowNode): void {
  for (const b of node.boundaries ?? []) {
    const bn = ctx.model.nodes[b];
    const kind = bn.event?.kind;
    if (kind === 'timer' || kind === 'message' || kind === 'signal' || kind === 'conditional') armEvent(ctx, host, bn, b);
  }
}

export function clearOwnedWaits(ctx: Context, ei: ElementInstance): void {
  if (ei.jobs?.length) ctx.effects.jobsRemoved.push(...ei.jobs);
  if (ei.subscriptions?.length) ctx.effects.subscriptionsRemoved.push(...ei.subscriptions);
  delete ei.jobs;
  delete ei.subscriptions;
  delete ei.conds;
}

/** A boundary event fired on `host`: interrupting ones end the host first. */
export function triggerBoundary(ctx: Context, host: ElementInstance, boundaryId: string, variables: Record<string, unknown> = {}): void {
  const b = ctx.model.nodes[boundaryId];
  if (b.cancelActivity !== false) ctx.terminate(host);
  const ei = ctx.activateNow(boundaryId, host.scopeKey, Object.keys(variables).length ? { vars: variables } : {});
  void ei;
}

/** Publishes the message of a throw event or send task, with the instance's variables and its correlation key. */
export function sendMessage(ctx: Context, ei: ElementInstance, node: FlowNode): void {
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

/** Signals wait in the subscription table under a name no message can have by accident. */
export function signalSubscription(name: string): string {
  return `signal:${name}`;
}

/** Throws the signal of a throw event: broadcast, after the command, to every instance of the region waiting for it. */
export function sendSignal(ctx: Context, ei: ElementInstance, node: FlowNode): void {
  const name = node.event!.signalName ?? node.id;
  ctx.effects.signalsSent.push({ name, variables: { ...ctx.state.variables } });
  ctx.record('signal.sent', ei, { data: { signalName: name } });
}
