// The process engine over HTTP: deploy, start, worklists, claim, complete, cancel, instance
// state with tokens per element, history (JSON and XES), incidents, messages.
// Thin: every rule lives in src/engine; this file maps callers and errors.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { HttpError, forbidden, notFound, outOfScope } from '../errors.js';
import { regionVisible } from '../../org/scope.js';
import { departmentCodeOf } from '../../org/store.js';
import { shanghaiIso } from '../../shared/time.js';
import type { Actor } from '../../org/model.js';
import { EngineError } from '../../engine/errors.js';
import { EngineStore, type EngineCaller, type InstanceQuery } from '../../engine/store.js';
import type { TaskRecord } from '../../engine/state.js';
import { unstaffedMessage, unstaffedStepsOf } from '../../engine/staffing.js';
import { delegatorsOf, personallyOffered, type Delegator } from '../../engine/task-commands.js';
import { refusal, refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

const TASK = { zh: '任务', en: 'task' };
const INSTANCE = { zh: '流程实例', en: 'process instance' };
const errors = refusals(400, 403, 404, 409, 422);
const anyObject = { type: 'object', additionalProperties: true } as const;
const variables = { type: 'object', additionalProperties: true, maxProperties: 200 } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
const taskSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    instanceId: { type: 'string' },
    processId: { type: 'string' },
    elementId: { type: 'string' },
    name: { type: 'string' },
    candidates: anyObject,
    assignee: { type: 'string' },
    formKey: { type: 'string' },
    form: { type: 'array', items: anyObject },
    context: anyObject,
    createdAt: { type: 'string' },
    dueAt: { type: 'string' },
    /** The due date crossed a holiday year that has only its provisional arrangement (暂定). */
    dueProvisional: { type: 'boolean' },
    deadline: { type: 'string', enum: ['none', 'ok', 'due-soon', 'overdue'] },
    /** Worked on behalf of this colleague, who delegated their tasks to the caller. */
    delegatedFrom: { type: 'string' },
  },
} as const;

const numericId = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const STATUSES = ['active', 'completed', 'terminated', 'cancelled'] as const;
const instanceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    regionCode: { type: 'string' },
    deploymentId: { type: 'integer' },
    processKey: { type: 'string' },
    processName: { type: ['string', 'null'] },
    version: { type: 'integer' },
    businessKey: { type: ['string', 'null'] },
    status: { type: 'string', enum: [...STATUSES] },
    startedBy: { type: ['string', 'null'] },
    startedAt: { type: 'string' },
    endedAt: { type: ['string', 'null'] },
  },
} as const;
const countsSchema = {
  type: 'object',
  properties: {
    deploymentId: { type: 'integer' },
    processKey: { type: 'string' },
    version: { type: 'integer' },
    instances: { type: 'object', additionalProperties: { type: 'integer' } },
    elements: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, active: { type: 'integer' }, passed: { type: 'integer' } } } },
  },
} as const;

/** Deadline colour of a task: overdue, due within one day, fine, or no deadline. */
function deadline(task: TaskRecord, now: Date): 'none' | 'ok' | 'due-soon' | 'overdue' {
  if (!task.dueAt) return 'none';
  const left = new Date(task.dueAt).getTime() - now.getTime();
  return left < 0 ? 'overdue' : left < 86_400_000 ? 'due-soon' : 'ok';
}

export default async function engineRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const engine = new EngineStore(deps.store.db, { now: deps.now });
  const deptCodes = new Map<number, string | null>();

  async function caller(actor: Actor): Promise<EngineCaller> {
    let code: string | null | undefined = actor.departmentId == null ? null : deptCodes.get(actor.departmentId);
    if (code === undefined && actor.departmentId != null) {
      code = await departmentCodeOf(deps.store.db, actor.departmentId);
      deptCodes.set(actor.departmentId, code);
    }
    return { ...actor, ...(code ? { departmentCode: code } : {}) };
  }

  /** The task is offered to the caller: admin, or a matching candidate user, department or role (whoever holds it now); or personally to a colleague who delegated their tasks to the caller. */
  function offered(actor: Actor, c: EngineCaller, task: TaskRecord & { regionCode: string }, delegators: Delegator[] = []): boolean {
    if (!regionVisible(actor, task.regionCode)) return false;
    if (delegators.some((d) => personallyOffered(d, task))) return true;
    if (actor.role === 'admin') return true;
    const cand = task.candidates;
    return (
      cand.users.includes(String(actor.userId)) ||
      cand.users.includes(actor.username) ||
      cand.roles.includes(actor.role) ||
      (!!c.departmentCode && cand.departments.includes(c.departmentCode))
    );
  }

  /** The caller may work this task: offered to them and not held by someone else, or assigned to them (or to a colleague they stand in for). */
  function mayWork(actor: Actor, c: EngineCaller, task: TaskRecord & { regionCode: string }, delegators: Delegator[] = []): boolean {
    if (task.assignee)
      return task.assignee === actor.username || delegators.some((d) => d.username === task.assignee) || (actor.role === 'admin' && regionVisible(actor, task.regionCode));
    return offered(actor, c, task, delegators);
  }
  /**
   * A task an applicant may see at all: one of an instance they started (an applicant's task
   * belongs to the applicant of its instance, not to every applicant). Others: tasks in their
   * regions. Outside that the caller is told it is outside their scope (403).
   */
  async function visibleTask(actor: Actor, id: string) {
    const task = await engine.task(id);
    if (!task) throw notFound('任务', id);
    if (!regionVisible(actor, task.regionCode)) throw outOfScope(TASK, id);
    if (
      actor.role === 'applicant' &&
      (await engine.listInstances({ regionPrefix: actor.regionCode, startedBy: actor.username, instanceId: task.instanceId, limit: 1 })).total === 0
    )
      throw outOfScope(TASK, id);
    return task;
  }
  /** Colleagues whose tasks the caller works today (delegation while away). */
  const delegatorsToday = (actor: Actor) => delegatorsOf(deps.store.db, actor.userId, shanghaiIso(deps.now()).slice(0, 10));

  /**
   * Which instances a caller may list: the region subtree; department officers only instances
   * with a task offered to their department; applicants and grid workers only instances they
   * started themselves (instances carry no applicant: the starter is the one person on them).
   */
  async function instanceScope(actor: Actor): Promise<InstanceQuery> {
    const q: InstanceQuery = { regionPrefix: actor.regionCode };
    if (actor.role === 'department_officer') q.departmentCode = (await caller(actor)).departmentCode ?? '\u0000none';
    if (actor.role === 'applicant' || actor.role === 'grid_worker') q.startedBy = actor.username;
    return q;
  }

  /** A deployment in the caller's regions, else 403 (404 when there is none). */
  async function visibleDeployment(actor: Actor, id: number) {
    const d = await engine.deployment(id);
    if (!d) throw notFound('流程部署', id);
    if (!regionVisible(actor, d.regionCode)) throw outOfScope({ zh: '流程部署', en: 'deployment' }, id);
    return d;
  }

  /** An instance the caller may see (the same scope as the instance list), else 403 (404 when there is none). */
  async function visibleInstance(actor: Actor, id: string) {
    const inst = await engine.instance(id);
    if (!inst) throw notFound('流程实例', id);
    if (!regionVisible(actor, inst.regionCode)) throw outOfScope(INSTANCE, id);
    const scope = await instanceScope(actor);
    if ((scope.departmentCode !== undefined || scope.startedBy !== undefined) && (await engine.listInstances({ ...scope, instanceId: id, limit: 1 })).total === 0)
      throw outOfScope(INSTANCE, id);
    return inst;
  }

  app.post(
    '/api/engine/deployments',
    {
      config: { access: rolesOf('processDeploy') },
      schema: {
        tags: ['engine'],
        summary: 'Deploy a BPMN 2.0 model as a new version of each executable process in it (admin, reform office); refused with the list of problems',
        body: { type: 'object', required: ['xml'], additionalProperties: false, properties: { xml: { type: 'string', minLength: 1, maxLength: 2_000_000 } } },
        response: { 201: anyObject, ...errors },
      },
      bodyLimit: 4 * 1024 * 1024,
    },
    async (request, reply) => {
      const unstaffed = await unstaffedStepsOf(deps.store.db, request.body.xml);
      if (unstaffed.length) throw new HttpError(409, 'unstaffed', unstaffedMessage(unstaffed), { unstaffed });
      const result = await engine.deploy(request.body.xml, { regionCode: request.actor.regionCode, actor: request.actor });
      return reply.status(201).send({ deployments: result.deployments, warnings: result.validation.warnings });
    },
  );

  app.get(
    '/api/engine/deployments',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['engine'], summary: 'Deployed processes and versions in the caller’s regions', response: { 200: { type: 'array', items: anyObject } } },
    },
    async (request) => {
      return engine.listDeployments(request.actor.regionCode);
    },
  );

  app.get(
    '/api/engine/deployments/:id/bpmn',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['engine'],
        summary: 'The BPMN 2.0 XML of a deployment in the caller’s regions, as deployed (for the process viewer)',
        params: numericId,
        response: { 200: { type: 'string' }, 404: refusal },
      },
    },
    async (request, reply) => {
      const d = await visibleDeployment(request.actor, request.params.id);
      return reply.type('application/xml; charset=utf-8').send(d.xml);
    },
  );

  app.get(
    '/api/engine/deployments/:id/counts',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['engine'],
        summary: 'Per element of a deployment, across the instances the caller may see: tokens there now (active) and tokens that have completed it (passed); instances per status',
        params: numericId,
        response: { 200: countsSchema, 404: refusal },
      },
    },
    async (request) => {
      const d = await visibleDeployment(request.actor, request.params.id);
      const counts = await engine.elementCounts(d.id, await instanceScope(request.actor));
      return { deploymentId: d.id, processKey: d.processKey, version: d.version, ...counts };
    },
  );

  app.get(
    '/api/engine/instances',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['engine'],
        summary:
          'Process instances the caller may see, newest first: the caller’s regions; department officers those with a task for their department; applicants and grid workers those they started',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            deploymentId: { type: 'integer', minimum: 1 },
            processKey: { type: 'string', minLength: 1, maxLength: 200 },
            status: { type: 'string', enum: [...STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 10_000, default: 0 },
            // The page after the one whose answer gave `next` (newest first, by key: no offset scan).
            before: { type: 'string', maxLength: 300, pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z\\|[^|]{1,200}$' },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: instanceSchema },
              total: { type: 'integer' },
              totalCapped: { type: 'boolean' },
              next: { type: ['string', 'null'] },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
          },
          400: refusal,
        },
      },
    },
    async (request) => {
      const { deploymentId, processKey, status, limit = 50, offset = 0, before } = request.query;
      const cursor = before ? { at: before.slice(0, before.indexOf('|')), id: before.slice(before.indexOf('|') + 1) } : undefined;
      const r = await engine.listInstances({ ...(await instanceScope(request.actor)), deploymentId, processKey, status, limit, offset, before: cursor });
      return {
        items: r.items.map((i) => ({ ...i, startedAt: shanghaiIso(new Date(i.startedAt)), endedAt: i.endedAt ? shanghaiIso(new Date(i.endedAt)) : null })),
        // Counted up to 1,000; totalCapped when there are more.
        total: r.total,
        totalCapped: r.totalCapped,
        next: r.next ? `${r.next.at}|${r.next.id}` : null,
        limit,
        offset,
      };
    },
  );

  app.post(
    '/api/engine/instances',
    {
      config: { access: rolesOf('processStart') },
      schema: {
        tags: ['engine'],
        summary: 'Start an instance of the latest version of a process in the caller’s region',
        body: {
          type: 'object',
          required: ['processKey'],
          additionalProperties: false,
          properties: { processKey: { type: 'string', minLength: 1, maxLength: 200 }, variables, businessKey: { type: 'string', maxLength: 200 } },
        },
        response: { 201: { type: 'object', properties: { id: { type: 'string' } } }, ...errors },
      },
    },
    async (request, reply) => {
      const c = await caller(request.actor);
      const id = await engine.start(request.body.processKey, {
        regionCode: request.actor.regionCode,
        variables: request.body.variables,
        businessKey: request.body.businessKey,
        actor: c,
      });
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/api/engine/instances/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['engine'], summary: 'Instance state: status, variables, active tokens per element, open tasks', params: idParams, response: { 200: anyObject, ...errors } },
    },
    async (request) => {
      const inst = await visibleInstance(request.actor, request.params.id);
      const tasks = await engine.openTasks(request.params.id);
      const s = inst.state;
      return {
        id: s.id,
        processKey: s.processId,
        deploymentId: inst.deploymentId,
        status: s.status,
        businessKey: s.businessKey ?? null,
        variables: s.variables,
        startedAt: shanghaiIso(new Date(s.startedAt)),
        endedAt: s.endedAt ? shanghaiIso(new Date(s.endedAt)) : null,
        tokens: inst.tokens,
        tasks,
      };
    },
  );

  app.post(
    '/api/engine/instances/:id/cancel',
    {
      config: { access: rolesOf('processOperate') },
      schema: {
        tags: ['engine'],
        summary: 'Cancel a running instance (tasks and timers withdrawn)',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      await visibleInstance(request.actor, request.params.id);
      await engine.cancel(request.params.id, { actor: request.actor, reason: request.body?.reason });
      return { id: request.params.id, status: 'cancelled' };
    },
  );

  app.get(
    '/api/engine/instances/:id/history',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['engine'], summary: 'The instance’s history events, in order', params: idParams, response: { 200: { type: 'array', items: anyObject }, ...errors } },
    },
    async (request) => {
      await visibleInstance(request.actor, request.params.id);
      return engine.history({ instanceId: request.params.id });
    },
  );

  app.get(
    '/api/engine/history.xes',
    {
      config: { access: rolesOf('processOperate') },
      schema: {
        tags: ['engine'],
        summary: 'The history of the caller’s regions as an XES event log (IEEE 1849)',
        querystring: { type: 'object', additionalProperties: false, properties: { processKey: { type: 'string', maxLength: 200 } } },
      },
    },
    async (request, reply) => {
      const xes = await engine.exportXes({ regionPrefix: request.actor.regionCode, processKey: request.query.processKey });
      return reply.type('application/xml; charset=utf-8').send(xes);
    },
  );

  app.get(
    '/api/engine/tasks',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['engine'],
        summary: 'Worklist: open tasks assigned to the caller, offered to them, their department or their role; with deadline colour',
        querystring: { type: 'object', additionalProperties: false, properties: { scope: { type: 'string', enum: ['mine', 'department', 'role', 'all'] } } },
        response: { 200: { type: 'array', items: taskSchema } },
      },
    },
    async (request) => {
      const c = await caller(request.actor);
      const scope = request.query.scope ?? 'all';
      const q: Parameters<EngineStore['worklist']>[0] = { regionPrefix: request.actor.regionCode };
      if (scope === 'mine' || scope === 'all') {
        q.username = request.actor.username;
        q.userId = request.actor.userId;
      }
      if ((scope === 'department' || scope === 'all') && c.departmentCode) q.departments = [c.departmentCode];
      if (scope === 'role' || scope === 'all') q.roles = [request.actor.role];
      if (request.actor.role === 'applicant') q.startedBy = request.actor.username;
      if (!q.username && !q.departments && !q.roles) return [];
      const now = deps.now();
      const own = await engine.worklist(q);
      // Tasks of colleagues who delegated theirs to the caller: assigned or offered to them by name.
      const seen = new Set(own.map((t) => t.id));
      const delegated = [];
      if (scope === 'mine' || scope === 'all') {
        for (const d of await delegatorsToday(request.actor)) {
          for (const t of await engine.worklist({ regionPrefix: request.actor.regionCode, username: d.username, userId: d.id })) {
            if (!seen.has(t.id)) delegated.push({ ...t, delegatedFrom: d.username });
            seen.add(t.id);
          }
        }
      }
      return [...own, ...delegated].map((t) => ({ ...t, deadline: deadline(t, now) }));
    },
  );

  app.post(
    '/api/engine/tasks/:id/claim',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['engine'], summary: 'Claim a task; 409 when someone else holds it or it is closed', params: idParams, response: { 200: anyObject, ...errors } },
    },
    async (request) => {
      const c = await caller(request.actor);
      const task = await visibleTask(request.actor, request.params.id);
      // Offered to the caller but claimed by someone else meanwhile is a conflict (409, from the
      // engine under the task's row lock), not a refusal: whether another claim came first is a race.
      if (!offered(request.actor, c, task, await delegatorsToday(request.actor)) && task.assignee !== request.actor.username)
        throw forbidden({ zh: '该任务不属于您', en: 'this task is not offered to you' });
      await engine.claimTask(request.params.id, c);
      return { id: request.params.id, assignee: request.actor.username };
    },
  );

  app.post(
    '/api/engine/tasks/:id/complete',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['engine'],
        summary: 'Complete a task with its form data; 400 when the data does not fit the form, 409 when the task is already done',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { variables } },
        response: { 200: { type: 'object', properties: { id: { type: 'string' }, next: { type: 'array', items: taskSchema } } }, ...errors },
      },
    },
    async (request) => {
      const c = await caller(request.actor);
      const task = await visibleTask(request.actor, request.params.id);
      if (task.status !== 'open') throw new EngineError('conflict', `task ${task.id} is already ${task.status}`);
      if (!mayWork(request.actor, c, task, await delegatorsToday(request.actor))) throw forbidden({ zh: '该任务不属于您', en: 'this task is not offered to you' });
      const r = await engine.completeTask(request.params.id, { variables: request.body?.variables ?? {}, actor: c });
      return { id: request.params.id, next: r.tasksCreated };
    },
  );

  app.get(
    '/api/engine/incidents',
    {
      config: { access: rolesOf('processOperate') },
      schema: { tags: ['engine'], summary: 'Open incidents in the caller’s regions', response: { 200: { type: 'array', items: anyObject } } },
    },
    async (request) => {
      return engine.incidents({ regionPrefix: request.actor.regionCode });
    },
  );

  app.post(
    '/api/engine/incidents/:id/resolve',
    {
      config: { access: rolesOf('processOperate') },
      schema: {
        tags: ['engine'],
        summary: 'Resolve an incident: retry the job, or re-run the element with corrected variables',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { variables } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const open = (await engine.incidents({ regionPrefix: request.actor.regionCode })).find((i) => i.id === request.params.id);
      if (!open) throw notFound('异常', request.params.id);
      await engine.resolveIncident(request.params.id, { variables: request.body?.variables, actor: request.actor });
      return { id: request.params.id, status: 'resolved' };
    },
  );

  app.post(
    '/api/engine/messages',
    {
      config: { access: rolesOf('processMessage') },
      schema: {
        tags: ['engine'],
        summary:
          'Publish a message in the caller’s region: it reaches a waiting instance with that correlation key, or starts one; department officers reach only instances with a task for their department; audited',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, correlationKey: { type: 'string', maxLength: 200 }, variables },
        },
        response: { 200: { type: 'object', properties: { instances: { type: 'array', items: { type: 'string' } } } }, ...errors },
      },
    },
    async (request) => {
      // A message reaches only what the caller may act on: a department officer, instances with
      // a task for their department (the instance list's scope); it is audited and its history names the caller.
      const c = await caller(request.actor);
      const scope = await instanceScope(request.actor);
      const instances = await engine.correlate(request.actor.regionCode, request.body.name, request.body.correlationKey ?? null, request.body.variables ?? {}, {
        actor: c,
        departmentCode: scope.departmentCode,
      });
      return { instances };
    },
  );

  app.post(
    '/api/engine/signals',
    {
      config: { access: rolesOf('processOperate') },
      schema: {
        tags: ['engine'],
        summary: 'Broadcast a signal in the caller’s region: every instance waiting for it goes on, every process with a signal start for it starts',
        body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, variables } },
        response: { 200: { type: 'object', properties: { instances: { type: 'array', items: { type: 'string' } } } }, ...errors },
      },
    },
    async (request) => {
      const instances = await engine.signal(request.actor.regionCode, request.body.name, request.body.variables ?? {});
      return { instances };
    },
  );

  app.post(
    '/api/engine/conditions',
    {
      config: { access: rolesOf('processOperate') },
      schema: {
        tags: ['engine'],
        summary: 'Offer variables to the conditional start events of the caller’s region: every process whose condition holds for them starts with them',
        body: { type: 'object', required: ['variables'], additionalProperties: false, properties: { variables } },
        response: {
          200: {
            type: 'object',
            properties: {
              instances: { type: 'array', items: { type: 'string' } },
              failed: { type: 'array', items: { type: 'object', properties: { processId: { type: 'string' }, elementId: { type: 'string' }, message: { type: 'string' } } } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => engine.startByConditions(request.actor.regionCode, request.body.variables, { actor: request.actor }),
  );
}
