// What the durable engine answers without changing anything: tasks and worklists, instances
// and their counts, incidents, deployments, history and its XES export. EngineStore (../store.ts)
// adds the commands and the job executor on top.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { shanghaiIso } from '../../shared/time.js';
import { defaultCalendar } from '../../calendar/index.js';
import type { HistoryEvent, IncidentRecord, InstanceState, InstanceStatus, TaskRecord } from '../state.js';
import { toXes, tracesOf } from '../xes.js';
import { dueProvisionalYear } from '../provisional-dues.js';
import type { EngineTaskTable } from './tables.js';

type Db = Kysely<Database>;

/** Which instances a caller sees: a region subtree; only those started by one user; only those with a task offered to one department. */
export interface InstanceQuery {
  regionPrefix: string;
  startedBy?: string;
  departmentCode?: string;
}

export interface InstanceSummary {
  id: string;
  regionCode: string;
  deploymentId: number;
  processKey: string;
  processName: string | null;
  version: number;
  businessKey: string | null;
  status: InstanceStatus;
  startedBy: string | null;
  startedAt: string;
  endedAt: string | null;
}

export class EngineQueries {
  constructor(
    readonly db: Db,
    /** The clock (overdue is decided against it). */
    protected readonly clock: () => Date,
  ) {}

  async task(taskId: string): Promise<(TaskRecord & { status: string; regionCode: string }) | null> {
    const row = await this.db.selectFrom('engine_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
    return row ? { ...taskFromRow(row), status: row.status, regionCode: row.region_code } : null;
  }

  /** The open tasks of one instance, oldest first. */
  async openTasks(instanceId: string): Promise<TaskRecord[]> {
    const rows = await this.db
      .selectFrom('engine_tasks')
      .selectAll()
      .where('instance_id', '=', instanceId)
      .where('status', '=', 'open')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(taskFromRow);
  }

  /**
   * Open tasks a user may work: assigned to them, or offered to their user id, department or role; within a region prefix;
   * with `startedBy`, only tasks of instances that user started (an applicant's tasks are those of their own applications).
   */
  async worklist(q: {
    regionPrefix?: string;
    username?: string;
    userId?: string | number;
    departments?: string[];
    roles?: string[];
    startedBy?: string;
    limit?: number;
  }): Promise<Array<TaskRecord & { status: string; overdue: boolean }>> {
    let query = this.db.selectFrom('engine_tasks').selectAll().where('status', '=', 'open');
    if (q.regionPrefix) query = query.where('region_code', 'like', `${q.regionPrefix}%`);
    if (q.startedBy !== undefined)
      query = query.where(sql<boolean>`exists (select 1 from engine_instances i where i.id = engine_tasks.instance_id and i.started_by = ${q.startedBy})`);
    // Offered to the caller (user, department, role) and not claimed by someone else, or assigned to them.
    const offered = [];
    if (q.userId !== undefined) offered.push(sql<boolean>`candidates->'users' ? ${String(q.userId)}`);
    if (q.username) offered.push(sql<boolean>`candidates->'users' ? ${q.username}`);
    for (const d of q.departments ?? []) offered.push(sql<boolean>`candidates->'departments' ? ${d}`);
    for (const r of q.roles ?? []) offered.push(sql<boolean>`candidates->'roles' ? ${r}`);
    const mine = q.username ? sql<boolean>`assignee = ${q.username}` : null;
    const open = offered.length ? sql<boolean>`(assignee is null${q.username ? sql` or assignee = ${q.username}` : sql``}) and (${sql.join(offered, sql` or `)})` : null;
    if (mine && open) query = query.where(sql<boolean>`(${mine} or (${open}))`);
    else if (mine) query = query.where(mine);
    else if (open) query = query.where(open);
    const rows = await query
      .orderBy('created_at')
      .limit(q.limit ?? 500)
      .execute();
    const now = this.clock().getTime();
    return rows.map((r) => ({ ...taskFromRow(r), status: r.status, overdue: !!r.due_at && new Date(r.due_at).getTime() < now }));
  }

  async incidents(q: { regionPrefix?: string; status?: 'open' | 'resolved' } = {}): Promise<Array<IncidentRecord & { status: string }>> {
    let query = this.db
      .selectFrom('engine_incidents')
      .selectAll()
      .where('status', '=', q.status ?? 'open');
    if (q.regionPrefix) query = query.where('region_code', 'like', `${q.regionPrefix}%`);
    const rows = await query.orderBy('created_at').execute();
    return rows.map((r) => ({
      id: r.id,
      instanceId: r.instance_id,
      elementKey: r.element_key,
      elementId: r.element_id,
      jobId: r.job_id ?? undefined,
      serviceType: r.service_type ?? undefined,
      message: r.message,
      createdAt: shanghaiIso(new Date(r.created_at)),
      status: r.status,
    }));
  }

  async instance(instanceId: string): Promise<{ state: InstanceState; regionCode: string; deploymentId: number; tokens: Array<{ elementId: string; count: number }> } | null> {
    const row = await this.db.selectFrom('engine_instances').selectAll().where('id', '=', instanceId).executeTakeFirst();
    if (!row) return null;
    const tokens = await this.db
      .selectFrom('engine_element_instances')
      .select(['element_id', sql<number>`count(*)`.as('n')])
      .where('instance_id', '=', instanceId)
      .groupBy('element_id')
      .orderBy('element_id')
      .execute();
    const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as InstanceState;
    return { state, regionCode: row.region_code, deploymentId: row.deployment_id, tokens: tokens.map((t) => ({ elementId: t.element_id, count: Number(t.n) })) };
  }

  /**
   * Instances in scope, newest first, a page at a time. Paged by key (`before`: the last
   * row's started_at and id, as `next` gives it) so a deep page costs what the first does;
   * `offset` remains for short pagers. The count stops at `countUpTo` (default 1000):
   * `totalCapped` says there are more, without counting a county's every instance per page.
   */
  async listInstances(
    q: InstanceQuery & {
      instanceId?: string;
      deploymentId?: number;
      processKey?: string;
      status?: string;
      limit?: number;
      offset?: number;
      before?: { at: string; id: string };
      countUpTo?: number;
    },
  ): Promise<{ items: InstanceSummary[]; total: number; totalCapped: boolean; next: { at: string; id: string } | null }> {
    let query = this.db.selectFrom('engine_instances as i').innerJoin('engine_deployments as d', 'd.id', 'i.deployment_id');
    query = query.where('i.region_code', 'like', `${q.regionPrefix}%`);
    if (q.instanceId !== undefined) query = query.where('i.id', '=', q.instanceId);
    if (q.deploymentId !== undefined) query = query.where('i.deployment_id', '=', q.deploymentId);
    if (q.processKey) query = query.where('i.process_key', '=', q.processKey);
    if (q.status) query = query.where('i.status', '=', q.status);
    if (q.startedBy !== undefined) query = query.where('i.started_by', '=', q.startedBy);
    if (q.departmentCode !== undefined)
      query = query.where(sql<boolean>`exists (select 1 from engine_tasks t where t.instance_id = i.id and t.candidates->'departments' ? ${q.departmentCode})`);
    const cap = q.countUpTo ?? 1000;
    const limit = q.limit ?? 50;
    let page = query;
    if (q.before) page = page.where(sql<boolean>`(i.started_at, i.id) < (${new Date(q.before.at)}, ${q.before.id})`);
    const [all, counted] = await Promise.all([
      page
        .select(['i.id', 'i.region_code', 'i.deployment_id', 'i.process_key', 'i.business_key', 'i.status', 'i.started_by', 'i.started_at', 'i.ended_at', 'd.version', 'd.name'])
        .orderBy('i.started_at', 'desc')
        .orderBy('i.id', 'desc')
        .limit(limit + 1)
        .offset(q.offset ?? 0)
        .execute(),
      this.db
        .selectFrom(
          query
            .select(sql<number>`1`.as('one'))
            .limit(cap + 1)
            .as('s'),
        )
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirst(),
    ]);
    const rows = all.slice(0, limit);
    const last = rows[rows.length - 1];
    const n = Number(counted?.n ?? 0);
    return {
      total: Math.min(n, cap),
      totalCapped: n > cap,
      next: all.length > limit && last ? { at: new Date(last.started_at).toISOString(), id: last.id } : null,
      items: rows.map((r) => ({
        id: r.id,
        regionCode: r.region_code,
        deploymentId: Number(r.deployment_id),
        processKey: r.process_key,
        processName: r.name,
        version: r.version,
        businessKey: r.business_key,
        status: r.status as InstanceStatus, // the column holds only the engine's statuses
        startedBy: r.started_by,
        startedAt: shanghaiIso(new Date(r.started_at)),
        endedAt: r.ended_at ? shanghaiIso(new Date(r.ended_at)) : null,
      })),
    };
  }

  /**
   * Per element of a deployment, across its instances in a region subtree: tokens there now
   * (active instances), and how many times a token has completed it.
   */
  async elementCounts(
    deploymentId: number,
    q: InstanceQuery,
  ): Promise<{ elements: Array<{ elementId: string; active: number; passed: number }>; instances: Record<string, number> }> {
    const scope = (alias: string) => {
      const parts = [sql`${sql.ref(`${alias}.region_code`)} like ${`${q.regionPrefix}%`}`];
      if (q.startedBy !== undefined) parts.push(sql`${sql.ref(`${alias}.started_by`)} = ${q.startedBy}`);
      if (q.departmentCode !== undefined)
        parts.push(sql`exists (select 1 from engine_tasks t where t.instance_id = ${sql.ref(`${alias}.id`)} and t.candidates->'departments' ? ${q.departmentCode})`);
      return sql.join(parts, sql` and `);
    };
    const [active, passed, statuses] = await Promise.all([
      sql<{ element_id: string; n: number }>`select e.element_id, count(*)::int as n from engine_element_instances e join engine_instances i on i.id = e.instance_id
        where i.deployment_id = ${deploymentId} and i.status = 'active' and ${scope('i')} group by e.element_id`.execute(this.db),
      sql<{ element_id: string; n: number }>`select h.element_id, count(*)::int as n from engine_history h join engine_instances i on i.id = h.instance_id
        where h.deployment_id = ${deploymentId} and h.type = 'element.completed' and h.element_id is not null and ${scope('i')} group by h.element_id`.execute(this.db),
      sql<{
        status: string;
        n: number;
      }>`select i.status, count(*)::int as n from engine_instances i where i.deployment_id = ${deploymentId} and ${scope('i')} group by i.status`.execute(this.db),
    ]);
    const byElement = new Map<string, { elementId: string; active: number; passed: number }>();
    const at = (id: string) => byElement.get(id) ?? byElement.set(id, { elementId: id, active: 0, passed: 0 }).get(id)!;
    for (const r of active.rows) at(r.element_id).active = Number(r.n);
    for (const r of passed.rows) at(r.element_id).passed = Number(r.n);
    return {
      elements: [...byElement.values()].sort((a, b) => a.elementId.localeCompare(b.elementId)),
      instances: Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)])),
    };
  }

  /** A deployment's BPMN source and what it deployed. */
  async deployment(id: number): Promise<{ id: number; regionCode: string; processKey: string; version: number; name: string | null; xml: string } | null> {
    const row = await this.db
      .selectFrom('engine_deployments')
      .select(['id', 'region_code', 'process_key', 'version', 'name', 'source_xml'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { id: Number(row.id), regionCode: row.region_code, processKey: row.process_key, version: row.version, name: row.name, xml: row.source_xml } : null;
  }

  async history(q: { instanceId?: string; regionPrefix?: string; processKey?: string; afterId?: number; limit?: number }): Promise<Array<HistoryEvent & { id: number }>> {
    let query = this.db.selectFrom('engine_history').selectAll();
    if (q.instanceId) query = query.where('instance_id', '=', q.instanceId);
    if (q.regionPrefix) query = query.where('region_code', 'like', `${q.regionPrefix}%`);
    if (q.processKey) {
      // Through the process's instances and the (instance_id, id) index: history keeps no index by process.
      let instances = this.db.selectFrom('engine_instances').select('id').where('process_key', '=', q.processKey);
      if (q.regionPrefix) instances = instances.where('region_code', 'like', `${q.regionPrefix}%`);
      query = query.where('process_key', '=', q.processKey).where('instance_id', 'in', instances);
    }
    if (q.afterId) query = query.where('id', '>', q.afterId);
    const rows = await query
      .orderBy('id')
      .limit(q.limit ?? 100_000)
      .execute();
    return rows.map((r) => {
      const e: HistoryEvent & { id: number } = {
        id: r.id,
        type: r.type as HistoryEvent['type'],
        at: shanghaiIso(new Date(r.at)),
        instanceId: r.instance_id,
        processId: r.process_key,
      };
      if (r.element_id) e.elementId = r.element_id;
      if (r.element_key) e.elementKey = r.element_key;
      if (r.element_type) e.elementType = r.element_type;
      if (r.element_name) e.elementName = r.element_name;
      if (r.task_id) e.taskId = r.task_id;
      if (r.actor) e.actor = r.actor;
      if (r.department) e.department = r.department;
      if (r.data) e.data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>;
      return e;
    });
  }

  /** The history of a region (or one process) as an XES event log. */
  async exportXes(q: { regionPrefix?: string; processKey?: string } = {}): Promise<string> {
    const events = await this.history({ regionPrefix: q.regionPrefix, processKey: q.processKey });
    let iq = this.db.selectFrom('engine_instances').select(['id', 'process_key', 'business_key', 'region_code', 'status', 'deployment_id']);
    if (q.regionPrefix) iq = iq.where('region_code', 'like', `${q.regionPrefix}%`);
    if (q.processKey) iq = iq.where('process_key', '=', q.processKey);
    const instances = await iq.execute();
    const info = new Map(instances.map((i) => [i.id, i]));
    const traces = tracesOf(events, (id) => {
      const i = info.get(id);
      return {
        'zaizao:process': i?.process_key,
        'zaizao:businessKey': i?.business_key,
        'zaizao:region': i?.region_code,
        'zaizao:status': i?.status,
        'zaizao:deployment': i?.deployment_id,
      };
    });
    return toXes(traces, q.processKey ?? 'zaizao');
  }

  /** Deployed processes and versions in a region subtree, by process and newest version first. */
  async listDeployments(regionPrefix: string) {
    const rows = await this.db
      .selectFrom('engine_deployments')
      .select(['id', 'region_code', 'process_key', 'version', 'name', 'deployed_by', 'deployed_at'])
      .where('region_code', 'like', `${regionPrefix}%`)
      .orderBy('process_key')
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      regionCode: r.region_code,
      processKey: r.process_key,
      version: r.version,
      name: r.name,
      deployedBy: r.deployed_by,
      deployedAt: new Date(r.deployed_at).toISOString(),
    }));
  }
}

export function json<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

export function taskFromRow(r: EngineTaskTable): TaskRecord {
  const t: TaskRecord = {
    id: r.id,
    instanceId: r.instance_id,
    processId: r.process_key,
    elementId: r.element_id,
    elementKey: r.element_key,
    candidates: json(r.candidates),
    createdAt: shanghaiIso(new Date(r.created_at)),
  };
  if (r.name) t.name = r.name;
  if (r.assignee) t.assignee = r.assignee;
  if (r.form_key) t.formKey = r.form_key;
  if (r.form) t.form = json(r.form);
  if (r.context) t.context = json(r.context);
  if (r.due_at) t.dueAt = shanghaiIso(new Date(r.due_at));
  if (r.due_at && dueProvisionalYear(defaultCalendar(), r.created_at, r.due_at) !== null) t.dueProvisional = true;
  return t;
}
