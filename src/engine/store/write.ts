// The write path of the durable engine: a command's effects on its own instance become one
// JSON argument of the PL/pgSQL function engine_apply (migration 0008), which writes instance
// state, tokens, tasks, jobs, subscriptions, incidents and history all or nothing. The argument
// is kept small: nulls left out, instance, process and time named only where they differ from
// the command's own; records born and ended in one command written once, in their final state.
import type { StartOptions } from '../commands/index.js';
import type { Effects, HistoryEvent, InstanceState } from '../state.js';

/** The instance row a command writes. */
export interface InstanceRow {
  id: string;
  region_code: string;
  deployment_id: number;
  process_key: string;
}

/**
 * The engine_apply argument for `fx` on instance `row`, whose new state serialises to
 * `stateJson`. `insert`: the command starts the instance (with `latest`, the write is refused
 * when a newer deployment of the process exists); `revision`: the write applies only if the
 * instance is still at that revision.
 */
export function applyCommand(
  row: InstanceRow,
  fx: Effects,
  newState: InstanceState,
  stateJson: string,
  nowIso: string,
  insert?: { start: StartOptions; latest?: string },
  revision?: number,
): string {
  const instanceId = row.id;
  const c: Record<string, unknown> = {
    id: instanceId,
    r: row.region_code,
    d: row.deployment_id,
    p: row.process_key,
    now: nowIso,
    st: newState.status,
    end: newState.endedAt ?? null,
  };
  if (revision !== undefined) c.rev = revision;
  if (insert) {
    const st = insert.start;
    c.ins = {
      business_key: st.businessKey ?? null,
      parent_id: st.parent?.instanceId ?? null,
      parent_element_key: st.parent?.elementKey ?? null,
      started_by: st.actor?.username ?? null,
      started_at: new Date(newState.startedAt).toISOString(),
    };
    if (insert.latest) c.latest = insert.latest;
  }
  // Tokens: entered minus left in this command.
  const entered = new Map<string, HistoryEvent>();
  const left: string[] = [];
  for (const e of fx.history) {
    if (e.instanceId !== instanceId || !e.elementKey) continue;
    if (e.type === 'element.entered') entered.set(e.elementKey, e);
    else if (e.type === 'element.completed' || e.type === 'element.terminated') {
      if (!entered.delete(e.elementKey)) left.push(e.elementKey);
    }
  }
  if (left.length) c.tokDel = left;
  if (entered.size) c.tokIns = [...entered.values()].map((e) => ({ k: e.elementKey, e: e.elementId, t: e.elementType, at: e.at === nowIso ? undefined : e.at }));
  // Tasks.
  const closed = new Map(fx.tasksClosed.map((t) => [t.id, t.status]));
  const completedBy = new Map(fx.history.filter((e) => e.type === 'task.completed' && e.taskId).map((e) => [e.taskId!, e.actor ?? null]));
  if (fx.tasksCreated.length) {
    c.taskIns = fx.tasksCreated.map((t) => ({
      id: t.id,
      instance_id: t.instanceId === instanceId ? undefined : t.instanceId,
      process_key: t.processId === row.process_key ? undefined : t.processId,
      element_id: t.elementId,
      element_key: t.elementKey,
      name: t.name,
      status: closed.get(t.id),
      candidates: t.candidates,
      assignee: t.assignee,
      form_key: t.formKey,
      form: t.form,
      context: t.context,
      due_at: t.dueAt,
      created_at: t.createdAt === nowIso ? undefined : t.createdAt,
      ended_at: closed.has(t.id) ? nowIso : undefined,
    }));
  }
  const createdTasks = new Set(fx.tasksCreated.map((t) => t.id));
  const taskUpdates = fx.tasksClosed.filter((t) => !createdTasks.has(t.id)).map((t) => ({ id: t.id, status: t.status, who: completedBy.get(t.id) ?? null }));
  if (taskUpdates.length) c.taskUpd = taskUpdates;
  // Jobs and subscriptions: insert the new ones that survive, delete the old ones removed.
  const jobsRemoved = new Set(fx.jobsRemoved);
  const newJobs = fx.jobsCreated.filter((x) => !jobsRemoved.has(x.id));
  const newJobIds = new Set(fx.jobsCreated.map((x) => x.id));
  const oldJobsRemoved = fx.jobsRemoved.filter((id) => !newJobIds.has(id));
  if (oldJobsRemoved.length) c.jobDel = oldJobsRemoved;
  if (newJobs.length) c.jobIns = newJobs.map((x) => ({ id: x.id, instance_id: x.instanceId, kind: x.kind, due_at: x.dueAt, job: x }));
  const subsRemoved = new Set(fx.subscriptionsRemoved);
  const newSubs = fx.subscriptionsCreated.filter((x) => !subsRemoved.has(x.id));
  const newSubIds = new Set(fx.subscriptionsCreated.map((x) => x.id));
  const oldSubsRemoved = fx.subscriptionsRemoved.filter((id) => !newSubIds.has(id));
  if (oldSubsRemoved.length) c.subDel = oldSubsRemoved;
  if (newSubs.length) c.subIns = newSubs.map((x) => ({ id: x.id, instance_id: x.instanceId, message_name: x.messageName, correlation_key: x.correlationKey, subscription: x }));
  // Incidents.
  const resolvedNow = new Set(fx.incidentsResolved);
  if (fx.incidentsCreated.length) {
    c.incIns = fx.incidentsCreated.map((i) => ({
      id: i.id,
      instance_id: i.instanceId,
      element_id: i.elementId,
      element_key: i.elementKey,
      job_id: i.jobId ?? null,
      service_type: i.serviceType ?? null,
      message: i.message,
      status: resolvedNow.has(i.id) ? 'resolved' : 'open',
      created_at: i.createdAt,
      resolved_at: resolvedNow.has(i.id) ? nowIso : null,
    }));
  }
  const newIncidents = new Set(fx.incidentsCreated.map((i) => i.id));
  const resolved = fx.incidentsResolved.filter((id) => !newIncidents.has(id));
  if (resolved.length) c.incUpd = resolved;
  // History.
  if (fx.history.length) {
    // Absent fields are null; instance and process are the command's own unless given.
    c.hist = fx.history.map((e) => ({
      instance_id: e.instanceId === instanceId ? undefined : e.instanceId,
      process_key: e.processId === row.process_key ? undefined : e.processId,
      type: e.type,
      at: e.at === nowIso ? undefined : e.at,
      element_id: e.elementId,
      element_key: e.elementKey,
      element_type: e.elementType,
      element_name: e.elementName,
      task_id: e.taskId,
      actor: e.actor,
      department: e.department,
      data: e.data,
    }));
  }
  // The state is serialised once, by the caller: into the command, and kept for the next command.
  return `${JSON.stringify(c).slice(0, -1)},"s":${stateJson}}`;
}
