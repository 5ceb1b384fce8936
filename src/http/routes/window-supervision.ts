// Supervision of the window over HTTP: the figures for the reform office and leaders, the
// post-decision checks (核查) of departments, the import of certificates of other systems.
import type { AppDeps } from '../deps.js';
import { closeVerification, importCertificates, openVerifications, supervision } from '../../window/index.js';
import { errors, idParams, anyObject, windowScope } from '../schemas/window.js';
import type { TypedApp } from '../app-types.js';

export default async function windowSupervisionRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const ctx = await windowScope(app, deps);

  app.get(
    '/api/window/supervision',
    {
      config: { access: ['admin', 'reform_office', 'leader'] },
      schema: { tags: ['window'], summary: 'Supervision board (效能监督): open, at-risk and overdue work by department', response: { 200: anyObject, ...errors } },
    },
    async (request) => supervision(ctx, request.actor),
  );

  app.get(
    '/api/window/verifications',
    {
      config: { access: ['department_officer', 'admin'] },
      schema: {
        tags: ['window'],
        summary: 'Open post-decision checks (事中事后核查) of the caller’s department',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => ({ items: await openVerifications(ctx, request.actor) }),
  );

  app.post(
    '/api/window/verifications/:id/close',
    {
      config: { access: ['department_officer', 'admin'] },
      schema: {
        tags: ['window'],
        summary: 'Close a check: confirmed, or a false commitment (results revoked, credit record)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['outcome', 'finding'],
          properties: { outcome: { type: 'string', enum: ['confirmed', 'false_commitment'] }, finding: { type: 'string', minLength: 1, maxLength: 1000 } },
        },
        response: { 200: { type: 'object', properties: { revoked: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => closeVerification(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/window/certificates/import',
    {
      config: { access: ['admin'] },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['window'],
        summary: 'Load certificates of other systems into the certificate store (all or nothing; problems by row)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['certificates'],
          properties: {
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            certificates: {
              type: 'array',
              maxItems: 10000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['holderId', 'holderName', 'typeCode', 'typeName', 'number', 'issuer', 'issuedOn', 'sourceSystem'],
                properties: {
                  holderId: { type: 'string', maxLength: 18 },
                  holderName: { type: 'string', maxLength: 200 },
                  typeCode: { type: 'string', maxLength: 200 },
                  typeName: { type: 'string', maxLength: 200 },
                  number: { type: 'string', maxLength: 100 },
                  issuer: { type: 'string', maxLength: 200 },
                  issuedOn: { type: 'string', maxLength: 10 },
                  validUntil: { type: ['string', 'null'], maxLength: 10 },
                  sourceSystem: { type: 'string', maxLength: 100 },
                },
              },
            },
          },
        },
        response: { 200: { type: 'object', properties: { imported: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => importCertificates(deps.store.db, request.actor, request.body.regionCode ?? request.actor.regionCode, request.body.certificates),
  );
}
