// The process engine over HTTP, its deployments: deploy a BPMN model, the deployed processes,
// a deployment's XML and its tokens per element. Instances are in engine-instances.ts, tasks in
// engine-tasks.ts, incidents, messages, signals and conditional starts in engine-operations.ts;
// what they share is in ../engine-access.ts and ../schemas/engine.ts.
// Thin: every rule lives in src/engine; this file maps callers and errors.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { HttpError } from '../errors.js';
import { unstaffedMessage, unstaffedStepsOf } from '../../engine/index.js';
import { engineAccess } from '../engine-access.js';
import { anyObject, countsSchema, errors, numericId } from '../schemas/engine.js';
import { refusal } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

export default async function engineDeploymentRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const { engine, instanceScope, visibleDeployment } = engineAccess(deps);

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
}
