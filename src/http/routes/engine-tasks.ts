// 转办, 退回 and delegation over HTTP, and the departments whose tasks nobody can work.
// Thin: the commands live in src/engine/task-commands.ts.
import type { AppDeps } from '../deps.js';
import { rolesFor } from '../../org/access-rules.js';
import { delegateTasks, listDelegations, mayMoveTask, reassignTask, returnTask, revokeDelegation, stuckDepartments, REASON_MAX } from '../../engine/task-commands.js';
import type { TypedApp } from '../app-types.js';

const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
const reason = { type: 'string', minLength: 1, maxLength: REASON_MAX } as const;

export default async function engineTaskRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

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
