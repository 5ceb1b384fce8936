// The rows of the office's decisions on findings: kept, never changed (a new decision on the
// same finding is a new row), read back by matter. The analyzer store (accepting fixes) and
// the decision store (batches, history) both write and read them here.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import type { Decision, FindingDecision } from './decisions.js';

export interface AnalyzeFindingDecisionsTable {
  id: Generated<number>;
  region_code: string;
  matter_code: string;
  finding_key: string;
  rule_id: string;
  decision: string;
  reason: string;
  matter_hash: string;
  ledger_item_id: number | null;
  decided_by: string;
  decided_by_name: string;
  decided_at: Generated<Date>;
}

declare module '../store/schema.js' {
  interface Database {
    analyze_finding_decisions: AnalyzeFindingDecisionsTable;
  }
}

type Db = Kysely<Database>;

export function toDecision(r: {
  id: number;
  region_code: string;
  matter_code: string;
  finding_key: string;
  rule_id: string;
  decision: string;
  reason: string;
  matter_hash: string;
  ledger_item_id: number | null;
  decided_by: string;
  decided_by_name: string;
  decided_at: Date;
}): FindingDecision {
  return {
    id: Number(r.id),
    regionCode: r.region_code,
    matterCode: r.matter_code,
    findingKey: r.finding_key,
    rule: r.rule_id,
    decision: r.decision as Decision,
    reason: r.reason,
    matterHash: r.matter_hash,
    ledgerItemId: r.ledger_item_id === null ? null : Number(r.ledger_item_id),
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: new Date(r.decided_at).toISOString(),
  };
}

/** Decisions on the given matters (all matters when omitted), oldest first. */
export async function loadDecisions(db: Db, filter: { matterCodes?: string[]; regionPrefix?: string } = {}): Promise<FindingDecision[]> {
  let q = db.selectFrom('analyze_finding_decisions').selectAll();
  if (filter.matterCodes) {
    if (filter.matterCodes.length === 0) return [];
    q = q.where('matter_code', 'in', filter.matterCodes);
  }
  if (filter.regionPrefix !== undefined) q = q.where('region_code', 'like', `${filter.regionPrefix}%`);
  return (await q.orderBy('id').execute()).map(toDecision);
}

export interface NewDecision {
  regionCode: string;
  matterCode: string;
  findingKey: string;
  rule: string;
  decision: Decision;
  reason: string;
  matterHash: string;
  ledgerItemId: number | null;
}

export async function insertDecisions(trx: Db, actor: Actor, rows: NewDecision[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('analyze_finding_decisions')
      .values(
        rows.slice(i, i + 500).map((d) => ({
          region_code: d.regionCode,
          matter_code: d.matterCode,
          finding_key: d.findingKey,
          rule_id: d.rule,
          decision: d.decision,
          reason: d.reason,
          matter_hash: d.matterHash,
          ledger_item_id: d.ledgerItemId,
          decided_by: actor.username,
          decided_by_name: actor.displayName,
          decided_at: now,
        })),
      )
      .execute();
  }
}
