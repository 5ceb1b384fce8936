// The "who may do what" table of docs/security.md, generated from the routes as registered:
// one row per capability (src/org/capabilities.ts), one column per role, and the routes that
// declare it. A test compares the document with this.
import { CAPABILITIES, type CapabilityName, ROLES, ROLE_LABELS } from '../org/index.js';
import type { Access, DeclaredRoute } from './access.js';

/** The capability a declaration names, 'public', 'signed-in', or null for a role list that is no capability. */
export function capabilityOf(access: Access): CapabilityName | 'public' | 'signed-in' | null {
  if (access === 'public' || access === 'signed-in') return access;
  // Only the very list rolesOf() gave: a route that happens to list the same roles is not
  // thereby that capability (it is printed in a row of its own roles).
  return (Object.keys(CAPABILITIES) as CapabilityName[]).find((name) => CAPABILITIES[name].roles === access) ?? null;
}

export function accessTableMarkdown(routes: readonly DeclaredRoute[]): string {
  const api = routes.filter((r) => r.method !== 'HEAD' && (r.url.startsWith('/api/') || r.url === '/health' || r.url === '/ready') && !r.url.startsWith('/api/docs'));
  const byCapability = new Map<string, string[]>();
  for (const r of api) {
    const c = capabilityOf(r.access) ?? `roles:${[...(r.access as readonly string[])].sort().join(',')}`;
    byCapability.set(c, [...(byCapability.get(c) ?? []), `\`${r.method} ${r.url}\``]);
  }
  const header = `| capability | ${ROLES.map((r) => ROLE_LABELS[r].en).join(' | ')} | routes |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|---|`;
  const rows: string[] = [];
  const row = (label: string, has: (role: string) => boolean, key: string) =>
    rows.push(`| ${label} | ${ROLES.map((r) => (has(r) ? '✓' : '')).join(' | ')} | ${(byCapability.get(key) ?? []).sort().join(', ') || '—'} |`);
  row('public (no sign-in)', () => true, 'public');
  row('any signed-in user (records scoped in the handler)', () => true, 'signed-in');
  for (const name of Object.keys(CAPABILITIES) as CapabilityName[])
    row(`${CAPABILITIES[name].en} (\`${name}\`)`, (r) => (CAPABILITIES[name].roles as readonly string[]).includes(r), name);
  // Role lists a capability declares for itself (not yet named in src/org/capabilities.ts), one row per set of roles.
  for (const key of [...byCapability.keys()].filter((k) => k.startsWith('roles:')).sort()) {
    const roles = key.slice('roles:'.length).split(',');
    row(`only ${roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS]?.en ?? r).join(', ')}`, (r) => roles.includes(r), key);
  }
  return [header, rule, ...rows].join('\n');
}
