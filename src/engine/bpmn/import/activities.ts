// An activity element → what the node carries: its multi-instance loop, and by kind the
// candidates, due date and form of a user task, the handler and retries of a service task,
// the message of a send or receive task, the process a call activity calls.
import { isExpression, evaluate } from '../../expression.js';
import { maxMultiInstance, type EngineLimits } from '../../bounds.js';
import type { Candidates, FlowNode, FormField, MultiInstance } from '../../model.js';
import { parseIsoDuration } from '../../time.js';
import { isActivity, type El } from './kinds.js';
import type { Check, ImportProblems } from './problems.js';

/** An activity's multi-instance loop and what its kind carries (candidates, form, handler, message, called process); false when it cannot be read (already reported). */
export function readActivity(p: ImportProblems, el: El, node: FlowNode, check: Check, limits: EngineLimits): boolean {
  if (!isActivity(node.kind)) return true;
  if (el.isForCompensation === true) node.forCompensation = true;
  if (el.async === true) node.async = true;
  const loop = el.loopCharacteristics;
  if (loop) {
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      p.unsupportedEl(el, `${loop.$type.replace('bpmn:', '')} (only multi-instance loops)`);
      return false;
    }
    const mi: MultiInstance = { sequential: loop.isSequential === true };
    const exprs: Array<[keyof MultiInstance, string | undefined]> = [
      ['cardinality', loop.loopCardinality?.body],
      ['collection', loop.collection],
      ['completionCondition', loop.completionCondition?.body],
      ['outputElement', loop.outputElement],
    ];
    for (const [key, text] of exprs) {
      if (!text || !text.trim()) continue;
      const t = text.trim();
      if (!p.expressionOk(el, t)) return false;
      (mi as unknown as Record<string, unknown>)[key] = t;
    }
    const literal = mi.cardinality ? constantOf(mi.cardinality) : undefined;
    if (typeof literal === 'number' && literal > maxMultiInstance(limits)) {
      p.unsupportedEl(el, `loopCardinality ${literal} exceeds the bound of ${maxMultiInstance(limits)} instances`);
      return false;
    }
    if (loop.elementVariable) mi.elementVariable = loop.elementVariable;
    if (loop.outputCollection) mi.outputCollection = loop.outputCollection;
    if (!mi.cardinality && !mi.collection)
      check(
        el,
        'multi-instance without loopCardinality or zaizao:collection',
        'add <loopCardinality>= n</loopCardinality> or zaizao:collection="= list" to the multiInstanceLoopCharacteristics',
      );
    node.multiInstance = mi;
  }
  if (node.kind === 'userTask') {
    const list = (v: string | undefined) =>
      !v
        ? []
        : isExpression(v)
          ? [v.trim()]
          : v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
    const c: Candidates = { departments: list(el.candidateDepartments), roles: list(el.candidateRoles), users: list(el.candidateUsers) };
    if (el.assignee) c.assignee = el.assignee.trim();
    for (const v of [...c.departments, ...c.roles, ...c.users, c.assignee ?? '']) if (isExpression(v) && !p.expressionOk(el, v)) return false;
    node.candidates = c;
    if (el.formKey) node.formKey = el.formKey;
    if (el.dueDate) {
      const d = el.dueDate.trim();
      if (isExpression(d) ? !p.expressionOk(el, d) : parseIsoDuration(d) === null && Number.isNaN(Date.parse(d))) {
        if (!isExpression(d)) p.unsupportedEl(el, `dueDate "${d}" is neither an ISO duration nor a date`);
        return false;
      }
      node.dueDate = d;
    }
    const fields: FormField[] = [];
    for (const v of el.extensionElements?.values ?? []) {
      if (v.$type !== 'zaizao:FormField') continue;
      const type = (v.type ?? 'string') as FormField['type'];
      if (!['string', 'number', 'boolean', 'date', 'enum'].includes(type)) {
        check(el, `form field "${v.id}" has unknown type "${type}"`, 'use type="string", "number", "boolean", "date" or "enum" on the zaizao:formField');
        continue;
      }
      const f: FormField = { id: v.id, type, required: v.required === true };
      if (v.label) f.label = v.label;
      if (v.values)
        f.values = String(v.values)
          .split(',')
          .map((s: string) => s.trim());
      fields.push(f);
    }
    if (fields.length) node.form = fields;
  }
  if (node.kind === 'serviceTask') {
    if (el.type) node.serviceType = el.type;
    else if (el.implementation && !/##(WebService|unspecified)/.test(el.implementation)) node.serviceType = el.implementation;
    else
      check(el, 'service task without zaizao:type (the registered handler)', `add zaizao:type="handler-name" to <serviceTask id="${el.id}"> naming a registered service handler`);
    node.retries = typeof el.retries === 'number' ? el.retries : 3;
    if (el.retryBackoff) {
      if (parseIsoDuration(el.retryBackoff) === null)
        check(el, `retryBackoff "${el.retryBackoff}" is not an ISO duration`, 'write zaizao:retryBackoff as an ISO-8601 duration, e.g. "PT10S"');
      else node.retryBackoff = el.retryBackoff;
    }
  }
  if (node.kind === 'sendTask') {
    // Publishes its message as an intermediate message throw event does (zaizao:correlationKey: the key it carries).
    const msg = el.messageRef;
    if (!msg) check(el, 'send task without messageRef', `declare <message id="..." name="..."/> in the definitions and add messageRef="that id" to <sendTask id="${el.id}">`);
    else node.event = { kind: 'message', messageName: msg.name ?? msg.id };
    if (el.correlationKey && node.event) {
      if (!p.expressionOk(el, el.correlationKey)) return false;
      node.event.correlationKey = el.correlationKey;
    }
  }
  if (node.kind === 'receiveTask') {
    const msg = el.messageRef;
    if (!msg) check(el, 'receive task without messageRef', `declare <message id="..." name="..."/> in the definitions and add messageRef="that id" to <receiveTask id="${el.id}">`);
    else node.event = { kind: 'message', messageName: msg.name ?? msg.id };
    if (el.correlationKey && node.event) {
      if (!p.expressionOk(el, el.correlationKey)) return false;
      node.event.correlationKey = el.correlationKey;
    }
  }
  if (node.kind === 'callActivity') {
    if (!el.calledElement) check(el, 'call activity without calledElement', `add calledElement="process-id" to <callActivity id="${el.id}">`);
    else node.calledElement = el.calledElement;
  }
  return true;
}

/** The value of an expression that reads no variable (a literal, `= 2 * 500`); undefined otherwise. */
function constantOf(text: string): unknown {
  let readsVariable = false;
  try {
    const v = evaluate(text, () => {
      readsVariable = true;
      return null;
    });
    return readsVariable ? undefined : v;
  } catch {
    return undefined;
  }
}
