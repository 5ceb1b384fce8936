// Route schemas compile on a route's first request instead of at start: compiling the
// validators (Ajv) and response serializers (fast-json-stringify) of every route was about
// half of the server's start-up CPU, and a request needs only its own route's. A test builds
// the app with them compiled eagerly, so a schema that does not compile still fails the suite.
import { createRequire } from 'node:module';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';

type Validator = ((data: unknown) => unknown) & { errors?: unknown };
type Serializer = (data: unknown) => string;
type SerializerFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>;

/** A validator that compiles on its first call; Fastify reads `errors` from the function it was given. */
export function lazyValidator(compile: () => Validator): Validator {
  let compiled: Validator | undefined;
  const validate: Validator = (data) => {
    compiled ??= compile();
    const result = compiled(data);
    validate.errors = compiled.errors;
    return result;
  };
  return validate;
}

/** Wraps a validator compiler (Fastify's setValidatorCompiler) so each schema compiles on first use. */
export function lazyValidatorCompiler<T>(compiler: FastifySchemaCompiler<T>): FastifySchemaCompiler<T> {
  return (route) => lazyValidator(() => compiler(route) as Validator) as ReturnType<FastifySchemaCompiler<T>>;
}

/**
 * Fastify's own serializer factory (fast-json-stringify with the shared schemas), each route's
 * serializer compiled on its first response. The factory is Fastify's dependency, so it is
 * found from Fastify's location: the one Fastify would use by default. Even fast-json-stringify
 * itself is loaded by the first response that needs a serializer.
 */
export function lazySerializerFactory(): SerializerFactory {
  let eager: SerializerFactory | undefined;
  const load = () => {
    const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
    const { SerializerSelector } = fromFastify('@fastify/fast-json-stringify-compiler') as { SerializerSelector: () => SerializerFactory };
    return SerializerSelector();
  };
  return (externalSchemas, options) => {
    let compile: ReturnType<SerializerFactory> | undefined;
    return (route) => {
      let compiled: Serializer | undefined;
      return (data: unknown) => (compiled ??= (compile ??= (eager ??= load())(externalSchemas, options))(route) as Serializer)(data);
    };
  };
}
