// Who a command on the durable engine comes from: the caller as the HTTP layer and the CLI
// know them, as the engine's history records them, and as the audit trail records them.
import type { Actor as OrgActor } from '../../org/model.js';
import type { Actor } from '../state.js';

/** What an actor is, for the engine: a name, a department, a role. */
export type EngineCaller = Pick<OrgActor, 'userId' | 'username' | 'role'> & Partial<Pick<OrgActor, 'departmentId' | 'regionCode' | 'displayName'>> & { departmentCode?: string };

export function engineActor(actor: EngineCaller | null | undefined): Actor | undefined {
  if (!actor) return undefined;
  const dept = actor.departmentCode ?? (actor.departmentId != null ? String(actor.departmentId) : undefined);
  return { userId: actor.userId, username: actor.username, role: actor.role, ...(dept ? { departmentCode: dept } : {}) };
}

export function auditActor(a: EngineCaller | null | undefined): OrgActor | null {
  if (!a) return null;
  return { userId: a.userId, username: a.username, role: a.role, displayName: a.displayName ?? a.username, regionCode: a.regionCode ?? '', departmentId: a.departmentId ?? null };
}
