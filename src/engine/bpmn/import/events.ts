// An event element's definition (message, timer, error, escalation, signal, conditional,
// compensate, terminate) → the node's event, checked against what its kind of event supports.
import { isoDatesExist } from '../../../shared/time.js';
import { isExpression } from '../../expression.js';
import { cyclePeriodMs, minTimerCycleMs, type EngineLimits } from '../../bounds.js';
import type { EventDefinition, FlowNode } from '../../model.js';
import { parseIsoCycle, parseIsoDuration } from '../../time.js';
import { ALLOWED_EVENTS, EVENT_KIND_BY_DEF, type El } from './kinds.js';
import type { Check, ImportProblems } from './problems.js';

/** An event's definition → the node's event; false when the element cannot be read (already reported). */
export function readEvent(p: ImportProblems, el: El, node: FlowNode, check: Check, limits: EngineLimits): boolean {
  const allowed = ALLOWED_EVENTS[node.kind];
  if (!allowed) return true;
  const defs: El[] = el.eventDefinitions ?? [];
  if (defs.length > 1) {
    p.unsupportedEl(el, 'multiple event definitions');
    return false;
  }
  const def = defs[0];
  const kind = def ? EVENT_KIND_BY_DEF[def.$type] : 'none';
  if (!kind || !allowed.includes(kind)) {
    p.unsupportedEl(el, `${def ? def.$type.replace('bpmn:', '') : 'none'} on ${el.$type.replace('bpmn:', '')}`);
    return false;
  }
  const event: EventDefinition = { kind };
  if (kind === 'message') {
    if (!def.messageRef)
      check(el, 'message event without messageRef', 'declare <message id="..." name="..."/> in the definitions and add messageRef="that id" to the messageEventDefinition');
    else event.messageName = def.messageRef.name ?? def.messageRef.id;
    if (def.correlationKey) {
      if (!p.expressionOk(el, def.correlationKey)) return false;
      event.correlationKey = def.correlationKey;
    }
  }
  if (kind === 'error' && def.errorRef) event.errorCode = def.errorRef.errorCode ?? def.errorRef.name ?? def.errorRef.id;
  if (kind === 'escalation' && def.escalationRef) event.escalationCode = def.escalationRef.escalationCode ?? def.escalationRef.name ?? def.escalationRef.id;
  if (kind === 'escalation' && !event.escalationCode && (node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent')) {
    check(
      el,
      'escalation thrown without an escalation code',
      'declare <escalation id="..." escalationCode="..."/> in the definitions and add escalationRef="that id" to the escalationEventDefinition',
    );
  }
  if (kind === 'signal') {
    const name = def.signalRef?.name ?? def.signalRef?.id;
    if (!name)
      check(el, 'signal event without a named signal', 'declare <signal id="..." name="..."/> in the definitions and add signalRef="that id" to the signalEventDefinition');
    else event.signalName = name;
  }
  if (kind === 'conditional') {
    const cond = def.condition;
    const body = (cond?.body ?? '').trim();
    if (cond?.language && !/feel|zaizao|juel/i.test(cond.language)) {
      check(
        el,
        `condition in expression language ${cond.language}`,
        "rewrite the condition in the engine's expression language (FEEL subset, see docs/engine.md) and drop the language attribute or set it to FEEL",
      );
      return false;
    }
    if (body === '') {
      check(
        el,
        'conditional event without a condition',
        'write the condition on process variables in <condition xsi:type="tFormalExpression">= amount > 1000</condition> inside the conditionalEventDefinition',
      );
      return false;
    }
    if (!p.expressionOk(el, body)) return false;
    event.condition = body;
  }
  if (kind === 'compensate' && def.activityRef) event.activityRef = def.activityRef.id;
  if (node.kind === 'startEvent') node.cancelActivity = el.isInterrupting !== false;
  if (kind === 'timer') {
    const timer = def.timeDuration
      ? { type: 'duration' as const, e: def.timeDuration }
      : def.timeDate
        ? { type: 'date' as const, e: def.timeDate }
        : def.timeCycle
          ? { type: 'cycle' as const, e: def.timeCycle }
          : null;
    const value = (timer?.e?.body ?? '').trim();
    if (!timer || value === '') {
      check(el, 'timer without timeDuration, timeDate or timeCycle', 'add <timeDuration>P2D</timeDuration> (or timeDate, timeCycle) inside the timerEventDefinition');
    } else {
      if (isExpression(value)) {
        if (!p.expressionOk(el, value)) return false;
      } else if (!isoDatesExist(value)) {
        // Date.parse would roll 2025-02-30 over to 2025-03-02: a date that does not exist is an error in the model.
        check(el, `timer ${timer.type} "${value}" names a day that does not exist`);
        return false;
      } else if (!timerLiteralOk(timer.type, value)) {
        p.unsupportedEl(el, `timer ${timer.type} "${value}" is not ISO-8601`);
        return false;
      } else if (timer.type === 'cycle' && (cyclePeriodMs(value) ?? 0) < minTimerCycleMs(limits)) {
        p.unsupportedEl(el, `timer cycle "${value}" repeats more often than every ${minTimerCycleMs(limits) / 1000} s; use a longer period (timeCycle)`);
        return false;
      } else if (def.calendar && timer.type !== 'date' && /^[^T]*\d(Y|M)/.test(timer.type === 'cycle' ? (parseIsoCycle(value)?.durationText ?? '') : value)) {
        // Fails at run time anyway (time.ts): years and months have no working-day meaning.
        p.unsupportedEl(
          el,
          `timer ${timer.type} "${value}" counts years or months on the working-day calendar ${def.calendar}`,
          'count working days (P20D) on the calendar, or drop zaizao:calendar for calendar months (R/2025-10-01T09:00:00+08:00/P1M)',
        );
        return false;
      }
      event.timer = { type: timer.type, value };
      if (def.calendar) event.timer.calendar = def.calendar;
    }
  }
  node.event = event;
  if (node.kind === 'boundaryEvent') {
    node.attachedTo = el.attachedToRef?.id;
    node.cancelActivity = el.cancelActivity !== false;
    if (!node.attachedTo) p.error(el, 'boundary event without attachedToRef');
    if (kind === 'error' && !node.cancelActivity) p.error(el, 'an error boundary event always interrupts (cancelActivity must be true)');
  }
  return true;
}

function timerLiteralOk(type: 'duration' | 'date' | 'cycle', value: string): boolean {
  if (type === 'duration') return parseIsoDuration(value) !== null;
  if (type === 'date') return !Number.isNaN(Date.parse(value));
  return parseIsoCycle(value) !== null;
}
