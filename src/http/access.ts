// Who may call a route is declared in its options (`config.access`) and decided from the
// route the router matched, never from the raw URL: `/%61pi/…` matches `/api/…` and must
// meet the same declaration. A route without a declaration is refused at start-up.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { type Actor, type Role } from '../org/index.js';

/**
 * `public`: no sign-in; `signed-in`: any signed-in role (the handler scopes the records);
 * a list of roles: only those roles, everyone else gets 403 before the handler runs.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route. Every route declares it. */
    access?: Access;
  }
}

export function isAccess(value: unknown): value is Access {
  return value === 'public' || value === 'signed-in' || (Array.isArray(value) && value.length > 0 && value.every((r) => typeof r === 'string'));
}

/** Routes registered by plugins we do not write (the OpenAPI viewer, static web files) are public reads. */
function pluginPublicRead(route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.every((m) => m === 'GET' || m === 'HEAD')) return false;
  return route.url.startsWith('/api/docs') || !(route.url.startsWith('/api/') || route.url.startsWith('/open311/'));
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its declared access (the access matrix test walks it). */
    declaredRoutes: DeclaredRoute[];
  }
}

/** Refuse, at registration, any route that does not declare who may call it. */
export function requireAccessDeclarations(app: FastifyInstance): void {
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', (route) => {
    const record = (access: Access) => {
      for (const method of Array.isArray(route.method) ? route.method : [route.method]) declared.push({ method, url: route.url, access });
    };
    const config = (route.config ?? {}) as { access?: unknown };
    if (config.access === undefined && pluginPublicRead(route)) {
      route.config = { ...(route.config ?? {}), access: 'public' } as typeof route.config;
      record('public');
      return;
    }
    if (!isAccess(config.access)) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      throw new Error(`route ${methods} ${route.url} does not declare its access (config.access: 'public' | 'signed-in' | [roles])`);
    }
    record(config.access);
  });
}

/** Whether a signed-in actor meets a route's declaration. */
export function actorMayCall(access: Access, actor: Actor): boolean {
  if (access === 'public' || access === 'signed-in') return true;
  return access.includes(actor.role);
}
