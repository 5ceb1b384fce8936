import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { buildApp } from './app.js';
import { bodyAjv } from './validation.js';
import { lazySerializerFactory, lazyValidatorCompiler } from './lazy-schemas.js';
import { openStore } from '../store/database.js';

describe('route schemas compiled on first use', () => {
  it('every route of the app has request and response schemas that compile', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: null });
    const app = await buildApp({ store, webDist: null, lazySchemas: false });
    try {
      await expect(app.ready()).resolves.toBeDefined();
    } finally {
      await app.close();
      await store.close();
    }
  });

  it('validate and serialize as the eager compilers do, each schema compiled once', async () => {
    let validators = 0;
    const app = Fastify({ schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() } } });
    app.setValidatorCompiler(
      lazyValidatorCompiler(({ schema }) => {
        validators++;
        return bodyAjv.compile(schema as object);
      }),
    );
    app.post(
      '/echo',
      {
        schema: {
          body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } }, additionalProperties: false },
          response: { 200: { type: 'object', properties: { name: { type: 'string' } } } },
        },
      },
      async (req) => ({ ...(req.body as object), secret: 'not in the schema' }),
    );
    await app.ready();
    expect(validators).toBe(0);

    const ok = await app.inject({ method: 'POST', url: '/echo', payload: { name: '再造' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ name: '再造' });

    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { other: 1 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/must have required property 'name'/);
    expect(validators).toBe(1);
    await app.close();
  });
});
