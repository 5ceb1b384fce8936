// The process engine over HTTP, for the people who work its tasks: the worklist with deadline
// colours, claim and complete; 转办, 退回 and delegation, and the departments whose tasks nobody
// can work. Thin: the rules live in src/engine (access.ts, task-commands.ts).
import type { AppDeps } from '../deps.js';
import { rolesFor } from '../../org/index.js';
import { forbidden } from '../errors.js';
import {
  mayWork,
  offered,
  EngineError,
  type EngineStore,
  type TaskRecord,
  delegateTasks,
  listDelegations,
  mayMoveTask,
  reassignTask,
  returnTask,
  revokeDelegation,
  stuckDepartments,
  REASON_MAX,
} from '../../engine/index.js';
import { engineAccess } from '../engine-access.js';
import { anyObject, errors, idParams, taskSchema, variables } from '../schemas/engine.js';
import type { TypedApp } from '../app-types.js';

const reason = { type: 'string', minLength: 1, maxLength: REASON_MAX } as const;

/** Deadline colour of a task: overdue, due within one day, fine, or no deadline. */
function deadline(task: TaskRecord, now: Date): 'none' | 'ok' | 'due-soon' | 'overdue' {
  if (!task.dueAt) return 'none';
  const left = new Date(task.dueAt).getTime() - now.getTime();
  return left < 0 ? 'overdue' : left < 86_400_000 ? 'due-soon' : 'ok';
}

export default async function engineTaskRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  const { engine, caller, visibleTask, delegatorsToday } = engineAccess(deps);

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

  app.post(
    '/api/engine/tasks/:id/reassign',
    {
      config: { access: rolesFor('offices') },
      schema: {
        tags: ['engine'],
        summary: '转办: give an open task to another officer (assigned) or department (offered), with a reason; refused for a department without an active officer',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, departmentCode: { type: 'string', minLength: 1, maxLength: 40 }, reason },
        },
      },
    },
    async (request) => {
      await mayMoveTask(db, request.actor, request.params.id);
      const b = request.body;
      return reassignTask(db, request.actor, request.params.id, { username: b.username, departmentCode: b.departmentCode }, b.reason, deps.now());
    },
  );

  app.post(
    '/api/engine/tasks/:id/return',
    {
      config: { access: rolesFor('offices') },
      schema: {
        tags: ['engine'],
        summary: '退回: hand an open task back to the officer who completed the step before it, with a reason',
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason } },
      },
    },
    async (request) => {
      await mayMoveTask(db, request.actor, request.params.id);
      return returnTask(db, request.actor, request.params.id, request.body.reason, deps.now());
    },
  );

  app.get(
    '/api/engine/delegations',
    { config: { access: rolesFor('offices') }, schema: { tags: ['engine'], summary: 'Delegations the caller gave or received' } },
    async (request) => ({
      items: await listDelegations(db, request.actor),
    }),
  );

  app.post(
    '/api/engine/delegations',
    {
      config: { access: rolesFor('offices') },
      schema: {
        tags: ['engine'],
        summary: 'Delegate one’s tasks to a colleague for a date range (both days included) while away',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['toUsername', 'startsOn', 'endsOn', 'reason'],
          properties: {
            toUsername: { type: 'string', minLength: 1, maxLength: 64 },
            startsOn: { type: 'string', maxLength: 10 },
            endsOn: { type: 'string', maxLength: 10 },
            reason,
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await delegateTasks(db, request.actor, request.body)),
  );

  app.delete(
    '/api/engine/delegations/:id',
    {
      config: { access: rolesFor('offices') },
      schema: {
        tags: ['engine'],
        summary: 'End a delegation',
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request, reply) => {
      await revokeDelegation(db, request.actor, request.params.id, deps.now());
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/engine/tasks/stuck',
    {
      config: { access: rolesFor('tasks.supervise') },
      schema: { tags: ['engine'], summary: 'Departments with open tasks and no active user: their work waits forever until reassigned' },
    },
    async (request) => ({
      items: await stuckDepartments(db, request.actor),
    }),
  );
}
