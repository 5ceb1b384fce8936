// The process engine over HTTP, its instances: the list the caller may see, start, an
// instance's state with tokens per element, cancel, its history, the region's history as XES.
// Thin: every rule lives in src/engine; this file maps callers and errors.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { shanghaiIso } from '../../shared/time.js';
import { engineAccess } from '../engine-access.js';
import { anyObject, errors, idParams, instanceSchema, STATUSES, variables } from '../schemas/engine.js';
import { refusal } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

export default async function engineInstanceRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const { engine, caller, instanceScope, visibleInstance } = engineAccess(deps);

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
}
