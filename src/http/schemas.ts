// JSON schemas every route shares, registered once by app.ts and referenced by `$ref`, so the
// OpenAPI document names them once (components) and no route file defines them again.

/** The answer body of every refusal (see src/shared/errors.ts): `{ error: { code, message: { zh, en }, details } }`. */
export const refusalSchema = {
  $id: 'Refusal',
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string' },
        message: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
        details: {},
      },
    },
  },
} as const;

/** A response schema: "this status is a refusal". */
export const refusal = { $ref: 'Refusal#' } as const;

/** The refusals a route (or a route file) can answer with, for its `response` schema. */
export function refusals<S extends number>(...statuses: S[]): Record<S, typeof refusal> {
  return Object.fromEntries(statuses.map((s) => [s, refusal])) as Record<S, typeof refusal>;
}

/** Registers the shared schemas on the root instance, before any route. */
export function addSharedSchemas(app: { addSchema(schema: unknown): unknown }): void {
  app.addSchema(refusalSchema);
}
