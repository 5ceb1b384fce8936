// The Fastify instance route plugins receive: each request's params, query string and body are
// typed from the route's own JSON schema (written `as const`), so no route declares them twice.
// Replies are not typed from the response schemas: domain results are interfaces, which the
// schemas' open objects (no `additionalProperties: false`) would ask to carry index signatures;
// the serializer checks them against the schema at run time instead.
import type { FastifyBaseLogger, FastifyInstance, FastifyTypeProvider, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export interface SchemaTypes extends FastifyTypeProvider {
  validator: this['schema'] extends JSONSchema ? FromSchema<this['schema']> : unknown;
  serializer: unknown;
}

export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, SchemaTypes>;
