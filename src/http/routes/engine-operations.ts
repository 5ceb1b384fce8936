// The process engine over HTTP, for its operators: open incidents and their resolution,
// messages, signals and conditional starts in the caller's region.
// Thin: every rule lives in src/engine; this file maps callers and errors.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { notFound } from '../errors.js';
import { engineAccess } from '../engine-access.js';
import { anyObject, errors, idParams, variables } from '../schemas/engine.js';
import type { TypedApp } from '../app-types.js';

export default async function engineOperationRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const { engine, caller, instanceScope } = engineAccess(deps);

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
