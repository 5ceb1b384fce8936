// The departments' worklist over HTTP: their open tasks of window applications, a task's
// detail, completing it with a result, asking the applicant for more while handling.
import type { AppDeps } from '../deps.js';
import { completeWork, requestHandlingSupplement, taskDetail, worklist } from '../../window/index.js';
import { errors, deliverySchema, anyObject, supplementBody, WORKERS, windowScope } from '../schemas/window.js';
import type { TypedApp } from '../app-types.js';

const taskParams = { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', maxLength: 64 } } } as const;

export default async function windowTaskRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const ctx = await windowScope(app, deps);

  app.get(
    '/api/window/tasks',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary: 'The caller’s worklist of application tasks with their working-day clocks (green, yellow at 80 %, red overdue); page with after=<next>',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { after: { type: 'string', maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 200 } },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject }, next: { type: ['string', 'null'] } } }, ...errors },
      },
    },
    async (request) => worklist(ctx, request.actor, request.query),
  );

  app.get(
    '/api/window/tasks/:taskId',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary: 'A task with exactly the form sections and materials its department needs, shared materials with their source',
        params: taskParams,
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => taskDetail(ctx, request.actor, request.params.taskId),
  );

  app.post(
    '/api/window/tasks/:taskId/complete',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary: 'Complete a task; the joint decision issues the result package, the delivery concludes the application',
        params: taskParams,
        body: { type: 'object', additionalProperties: false, properties: { opinion: { type: 'string', maxLength: 1000 }, delivery: deliverySchema } },
        response: { 200: { type: 'object', properties: { applicationStatus: { type: 'string' } } }, ...errors },
      },
    },
    async (request) => completeWork(ctx, request.actor, request.params.taskId, request.body ?? {}),
  );

  app.post(
    '/api/window/tasks/:taskId/supplement',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary:
          'Supplement during handling: the step asks the applicant, once, for materials of the published list its department examines; the promised-time clock stops until the applicant resubmits',
        params: taskParams,
        body: supplementBody,
        response: { 200: { type: 'object', properties: { notice: { type: 'integer' }, applicationId: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => requestHandlingSupplement(ctx, request.actor, request.params.taskId, request.body.items),
  );
}
