// A case's row and its lifecycle state (lifecycle.ts), read and written back column for column.
import type { Selectable } from 'kysely';
import type { CaseState } from './model.js';
import type { CasesTable } from './tables.js';

export function stateOf(r: Selectable<CasesTable>): CaseState {
  return {
    status: r.status,
    unit: r.tier ? { tier: r.tier, regionCode: r.unit_region_code ?? '', departmentId: r.unit_department_id, name: r.unit_name ?? '' } : null,
    transfers: r.transfers,
    bounced: r.bounced,
    reopened: r.reopened,
    escalations: r.escalations,
    leaderFlagged: r.leader_flagged,
    satisfaction: r.satisfaction,
    statusNotes: r.status_notes,
    assignedAt: r.assigned_at,
    responseDue: r.response_due,
    respondedAt: r.responded_at,
    respondedLate: r.responded_late,
    handleDue: r.handle_due,
    handledAt: r.handled_at,
    handledLate: r.handled_late,
    closedAt: r.closed_at,
    evaluatedAt: r.evaluated_at,
  };
}

/** The columns a state writes back. */
export function stateColumns(s: CaseState) {
  return {
    status: s.status,
    tier: s.unit?.tier ?? null,
    unit_region_code: s.unit?.regionCode ?? null,
    unit_department_id: s.unit?.departmentId ?? null,
    unit_name: s.unit?.name ?? null,
    transfers: s.transfers,
    bounced: s.bounced,
    reopened: s.reopened,
    escalations: s.escalations,
    leader_flagged: s.leaderFlagged,
    satisfaction: s.satisfaction,
    status_notes: s.statusNotes,
    assigned_at: s.assignedAt,
    response_due: s.responseDue,
    responded_at: s.respondedAt,
    responded_late: s.respondedLate,
    handle_due: s.handleDue,
    handled_at: s.handledAt,
    handled_late: s.handledLate,
    closed_at: s.closedAt,
    evaluated_at: s.evaluatedAt,
  };
}
