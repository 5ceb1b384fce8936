// Enterprise service in the database: the tables (declared for Kysely) and reading rows into
// the shapes the API gives. Commands are in service.ts.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { DEFAULT_TIER_RULES, type RequestState, type RequestStatus, type TierRule } from './model.js';

export type Db = Kysely<Database>;

export interface EnterpriseTierRulesTable {
  region_code: string;
  tier: string;
  position: number;
  label_zh: string;
  label_en: string;
  min_tax: number | null;
  min_employees: number | null;
  min_output: number | null;
  designation: string | null;
  first_contact_workdays: number;
  answer_workdays: number;
}
export interface EnterprisesTable {
  uscc: string;
  region_code: string;
  name: string;
  industry: string;
  tax_paid: number;
  employees: number;
  output_value: number;
  designations: unknown;
  tier: string | null;
  officer_id: number | null;
  contact_user_id: number | null;
  updated_at: Date;
}
export interface EnterpriseTierHistoryTable {
  id: Generated<number>;
  uscc: string;
  region_code: string;
  tier: string;
  previous_tier: string | null;
  reason: string;
  at: Date;
}
export interface EnterpriseVisitsTable {
  id: Generated<number>;
  uscc: string;
  region_code: string;
  officer_id: number;
  visited_on: string;
  raised: string;
  notes: string;
  created_at: Date;
}
export interface EnterpriseRequestsTable {
  id: Generated<number>;
  uscc: string;
  region_code: string;
  tier: string;
  title: string;
  description: string;
  status: RequestStatus;
  officer_id: number | null;
  filed_by: string;
  contact_due: Date;
  answer_due: Date;
  contacted_at: Date | null;
  contacted_late: boolean | null;
  answered_at: Date | null;
  answered_late: boolean | null;
  answer: string;
  closed_at: Date | null;
  escalated: boolean;
  escalated_at: Date | null;
  /** The request's case in the closed loop (src/cases, channel enterprise); null only before it is opened. */
  case_id: number | null;
  rung: Generated<'officer' | 'department' | 'leader'>;
  created_at: Date;
  updated_at: Date;
}
export interface EnterpriseRequestEventsTable {
  id: Generated<number>;
  request_id: number;
  at: Date;
  actor_name: string;
  action: string;
  note: string;
}

declare module '../store/schema.js' {
  interface Database {
    enterprise_tier_rules: EnterpriseTierRulesTable;
    enterprises: EnterprisesTable;
    enterprise_tier_history: EnterpriseTierHistoryTable;
    enterprise_visits: EnterpriseVisitsTable;
    enterprise_requests: EnterpriseRequestsTable;
    enterprise_request_events: EnterpriseRequestEventsTable;
  }
}

/** The county of a region code: its first six digits. */
export const countyOf = (regionCode: string) => regionCode.slice(0, 6);

const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The county's rules, or the defaults while the administrator has set none. */
export async function loadTierRules(db: Db, county: string): Promise<{ rules: TierRule[]; custom: boolean }> {
  const rows = await db.selectFrom('enterprise_tier_rules').selectAll().where('region_code', '=', county).orderBy('position').execute();
  if (!rows.length) return { rules: DEFAULT_TIER_RULES, custom: false };
  return {
    custom: true,
    rules: rows.map((r) => ({
      tier: r.tier,
      position: r.position,
      label: { zh: r.label_zh, en: r.label_en },
      minTax: numOrNull(r.min_tax),
      minEmployees: numOrNull(r.min_employees),
      minOutput: numOrNull(r.min_output),
      designation: r.designation,
      firstContactWorkdays: r.first_contact_workdays,
      answerWorkdays: r.answer_workdays,
    })),
  };
}

export const designationsOf = (v: unknown): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : ((v as string[] | null) ?? []));

export function requestStateOf(
  r: Pick<
    EnterpriseRequestsTable,
    'status' | 'contact_due' | 'answer_due' | 'contacted_at' | 'contacted_late' | 'answered_at' | 'answered_late' | 'answer' | 'closed_at' | 'escalated'
  >,
): RequestState {
  return {
    status: r.status,
    contactDue: new Date(r.contact_due),
    answerDue: new Date(r.answer_due),
    contactedAt: r.contacted_at ? new Date(r.contacted_at) : null,
    contactedLate: r.contacted_late,
    answeredAt: r.answered_at ? new Date(r.answered_at) : null,
    answeredLate: r.answered_late,
    answer: r.answer,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    escalated: r.escalated,
  };
}

export function requestColumns(s: RequestState) {
  return {
    status: s.status,
    contacted_at: s.contactedAt,
    contacted_late: s.contactedLate,
    answered_at: s.answeredAt,
    answered_late: s.answeredLate,
    answer: s.answer,
    closed_at: s.closedAt,
    escalated: s.escalated,
  };
}
