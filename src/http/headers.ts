// Security headers on every answer, and which proxies may tell us the client's scheme and
// address. The web UI is served by this process from its own origin: scripts come only from
// it; Ant Design writes inline styles, hence style-src 'unsafe-inline'.
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
};

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(name) || name === 'content-security-policy') reply.header(name, value);
    return payload;
  });
}

/**
 * `ZAIZAO_TRUST_PROXY`: which reverse proxies may set X-Forwarded-For and X-Forwarded-Proto.
 * Unset or empty: none (the default: a client could claim https or any address). Otherwise a
 * comma-separated list of the proxies' addresses or CIDR ranges (`127.0.0.1,10.0.0.0/8`). Behind a trusted proxy, `X-Forwarded-Proto: https` makes
 * the session cookie Secure, and sign-in throttling counts the client's address.
 */
export function trustProxyFromEnv(value: string | undefined): false | string {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  const parts = v
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of parts)
    if (!/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p))
      throw new Error(`ZAIZAO_TRUST_PROXY: "${p}" is not an address or CIDR range (give the proxies' addresses or ranges; "true" is not accepted: it would trust every client)`);
  return parts.join(',');
}
