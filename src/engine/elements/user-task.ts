// A user task waits for a person: it creates the task with its candidates (literal or from
// expressions) and its due date (a duration counted on the working-day calendar, kept so that
// a loaded holiday year can recount it), and completes when the task is completed.
import type { ElementContext, ElementProcessor } from '../processor.js';
import { applyOutput, handleBoundaryTrigger } from '../behavior/activity.js';
import { evaluate, isExpression } from '../expression.js';
import { IncidentError } from '../errors.js';
import { durationFrom, parseIsoDuration, type DueRule } from '../time.js';
import type { Candidates } from '../model.js';
import type { ElementInstance, TaskRecord } from '../state.js';

function resolveList(ctx: ElementContext, ei: ElementInstance, entries: string[], what: string): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (!isExpression(e)) {
      out.push(e);
      continue;
    }
    const v = evaluate(e, ctx.lookup(ei));
    const list = Array.isArray(v) ? v : v === null ? [] : [v];
    for (const x of list) {
      if (typeof x !== 'string' && typeof x !== 'number') throw new IncidentError(`${what} "${e}" gave ${JSON.stringify(x)}`);
      out.push(String(x));
    }
  }
  return out;
}

function resolveCandidates(ctx: ElementContext, ei: ElementInstance, c: Candidates | undefined): Candidates {
  const out: Candidates = {
    departments: resolveList(ctx, ei, c?.departments ?? [], 'candidate department'),
    roles: resolveList(ctx, ei, c?.roles ?? [], 'candidate role'),
    users: resolveList(ctx, ei, c?.users ?? [], 'candidate user'),
  };
  if (c?.assignee) {
    const a = resolveList(ctx, ei, [c.assignee], 'assignee');
    if (a[0]) out.assignee = a[0];
  }
  return out;
}

/** The due date; `rule` when a duration was counted on a calendar (kept so it can be recounted). */
function dueAt(ctx: ElementContext, ei: ElementInstance, text: string | undefined): { at: string; rule?: DueRule } | undefined {
  if (!text) return undefined;
  let v: unknown = text;
  if (isExpression(text)) v = evaluate(text, ctx.lookup(ei));
  if (v === null) return undefined;
  if (typeof v !== 'string') throw new IncidentError(`due date "${text}" gave ${JSON.stringify(v)}`);
  if (parseIsoDuration(v)) {
    const name = ctx.options.dueDateCalendar ?? 'cn-workday';
    const calendar = ctx.options.calendars?.(name);
    const at = durationFrom(ctx.now, v, calendar).toISOString();
    return calendar ? { at, rule: { duration: v, calendar: name } } : { at };
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new IncidentError(`due date "${v}" is neither a duration nor a date`);
  return { at: d.toISOString() };
}

export const userTaskProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    const task: TaskRecord = {
      id: `${ctx.state.id}:t${ei.key}`,
      instanceId: ctx.state.id,
      processId: ctx.state.processId,
      elementId: node.id,
      elementKey: ei.key,
      candidates: resolveCandidates(ctx, ei, node.candidates),
      createdAt: ctx.nowIso,
    };
    if (node.name) task.name = node.name;
    if (task.candidates.assignee) task.assignee = task.candidates.assignee;
    if (node.formKey) task.formKey = node.formKey;
    if (node.form) task.form = node.form;
    const due = dueAt(ctx, ei, node.dueDate);
    if (due) task.dueAt = due.at;
    if (ei.vars) task.context = { ...ei.vars };
    ei.taskId = task.id;
    ctx.effects.tasksCreated.push(task);
    ctx.record('task.created', ei, {
      taskId: task.id,
      department: task.candidates.departments[0],
      data: { candidates: task.candidates, ...(task.dueAt ? { dueAt: task.dueAt } : {}), ...(due?.rule ? { dueRule: due.rule } : {}), ...(ei.vars ? { context: ei.vars } : {}) },
    });
  },
  onTrigger(ctx, ei, _node, t) {
    if (handleBoundaryTrigger(ctx, ei, t)) return;
    if (t.kind !== 'task') return;
    applyOutput(ctx, ei, t.variables);
    delete ei.taskId;
    ctx.complete(ei);
  },
  onTerminate(ctx, ei) {
    if (!ei.taskId) return;
    ctx.effects.tasksClosed.push({ id: ei.taskId, status: 'cancelled' });
    ctx.record('task.cancelled', ei, { taskId: ei.taskId });
    delete ei.taskId;
  },
};
