// Decisions on findings in the database: kept as rows never changed (a new decision on the
// same finding is a new row), read back by matter, and taken in batches — by rule,
// department, matter or a list of findings — in one transaction with their audit rows.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { recordAudit } from '../audit/trail.js';
import { applyFixes } from './fix.js';
import type { Finding } from './model.js';
import { DECISIONS, decisionsInForce, isRaised, matterHash, type Decision, type FindingDecision } from './decisions.js';
import { insertDecisions, loadDecisions, toDecision } from './decision-rows.js';
import { acceptFindings, analyzeStored, AnalyzerError, assertConfigurer, departmentRegion, findingKey, type ApplyFixResult } from './store.js';

type Db = Kysely<Database>;

/** At most this many findings are decided in one batch. */
export const MAX_BATCH = 5000;

/** The decision history of the caller's regions, newest first (the ledger of decisions). */
export async function listDecisions(db: Db, actor: Actor, filter: { matterCode?: string; decision?: Decision; limit?: number } = {}): Promise<FindingDecision[]> {
  let q = db.selectFrom('analyze_finding_decisions').selectAll().where('region_code', 'like', regionPattern(actor));
  if (filter.matterCode) q = q.where('matter_code', '=', filter.matterCode);
  if (filter.decision) q = q.where('decision', '=', filter.decision);
  return (
    await q
      .orderBy('id', 'desc')
      .limit(Math.min(filter.limit ?? 200, 1000))
      .execute()
  ).map(toDecision);
}

export interface DecideInput {
  decision: 'accept' | 'reject' | 'defer';
  /** Required to reject. */
  reason?: string;
  /** Which findings: a list, or every raised finding matching rule / department / matter. */
  findings?: Array<{ matterCode: string; key: string }>;
  rule?: string;
  department?: string;
  matter?: string;
  /** For accepted findings' ledger items. */
  owner?: string;
  deadlineWorkdays?: number;
}

export interface DecideResult {
  decision: Decision;
  decided: number;
  /** Findings of the selection without a fix, which cannot be accepted (batch by filter only). */
  skipped: Array<{ matterCode: string; key: string; why: { zh: string; en: string } }>;
  /** Accepting: one new to-be version and ledger item per matter. */
  fixes: ApplyFixResult[];
}

const VERB: Record<DecideInput['decision'], Decision> = { accept: 'accepted', reject: 'rejected', defer: 'deferred' };

/**
 * Decides findings in one transaction: every chosen finding gets the decision, or none does.
 * Accepting applies the fixes of each matter's chosen findings (a new to-be version and a
 * ledger item per matter); rejecting needs a reason; a rejected finding is not raised again
 * until its matter changes.
 */
export async function decideFindings(db: Db, actor: Actor, input: DecideInput, now = new Date()): Promise<DecideResult> {
  assertConfigurer(actor, actor.regionCode);
  const decision = VERB[input.decision];
  if (!decision || !DECISIONS.includes(decision))
    throw new AnalyzerError('invalid', { zh: `未知的决定：${String(input.decision)}`, en: `unknown decision: ${String(input.decision)}` });
  const reason = (input.reason ?? '').trim();
  if (decision === 'rejected' && !reason) throw new AnalyzerError('invalid', { zh: '不采纳须写明理由', en: 'a rejection needs a reason' });
  if (reason.length > 2000) throw new AnalyzerError('invalid', { zh: '理由不能超过 2000 字', en: 'the reason may have at most 2,000 characters' });
  if (!input.findings && !input.rule && !input.department && !input.matter) {
    throw new AnalyzerError('invalid', { zh: '请选择问题，或按规则、部门、事项批量决定', en: 'choose findings, or a rule, department or matter to decide in bulk' });
  }
  return db.transaction().execute(async (trx) => {
    // One decision batch at a time per database: a concurrent batch on the same findings
    // would otherwise build on a catalogue the first one is changing.
    await sql`select pg_advisory_xact_lock(hashtext('analyze_finding_decisions'))`.execute(trx);
    const result = await analyzeStored(trx, actor, { stage: 'to_be' });
    const matters = new Map(result.catalogue.matters.map((m) => [m.code, m]));
    const hashes = new Map([...matters].map(([code, m]) => [code, matterHash(m)]));
    const keyed = result.findings.map((f) => ({ ...f, key: findingKey(f) }));
    const inForce = decisionsInForce(keyed, await loadDecisions(trx, { regionPrefix: actor.regionCode }), (code) => hashes.get(code));

    let chosen: Array<Finding & { key: string }>;
    const skipped: DecideResult['skipped'] = [];
    if (input.findings) {
      if (input.findings.length > MAX_BATCH) throw new AnalyzerError('invalid', { zh: `一次最多决定 ${MAX_BATCH} 个问题`, en: `at most ${MAX_BATCH} findings at once` });
      const byKey = new Map(keyed.map((f) => [`${f.matter}\u0000${f.key}`, f]));
      const unknown = input.findings.filter((f) => !byKey.has(`${f.matterCode}\u0000${f.key}`));
      if (unknown.length) {
        throw new AnalyzerError(
          'not_found',
          {
            zh: `这些问题不存在或已变化：${unknown.map((u) => `${u.matterCode} ${u.key}`).join('、')}`,
            en: `no such finding (or it has changed): ${unknown.map((u) => `${u.matterCode} ${u.key}`).join(', ')}`,
          },
          { unknown },
        );
      }
      chosen = input.findings.map((f) => byKey.get(`${f.matterCode}\u0000${f.key}`)!);
      const unfixable = chosen.filter((f) => decision === 'accepted' && !f.fix);
      if (unfixable.length) {
        throw new AnalyzerError(
          'invalid',
          {
            zh: `这些问题没有可自动应用的修复，不能采纳：${unfixable.map((f) => f.key).join('、')}`,
            en: `these findings have no fix to apply and cannot be accepted: ${unfixable.map((f) => f.key).join(', ')}`,
          },
          { unfixable: unfixable.map((f) => ({ matterCode: f.matter, key: f.key })) },
        );
      }
    } else {
      const departmentOf = new Map([...matters].map(([code, m]) => [code, m.departmentCode]));
      chosen = keyed.filter(
        (f) =>
          isRaised(inForce.get(f.key)) &&
          (!input.rule || f.rule === input.rule) &&
          (!input.department || departmentOf.get(f.matter) === input.department) &&
          (!input.matter || f.matter === input.matter),
      );
      if (decision === 'accepted') {
        for (const f of chosen.filter((c) => !c.fix)) skipped.push({ matterCode: f.matter, key: f.key, why: { zh: '没有可自动应用的修复', en: 'no fix to apply' } });
        chosen = chosen.filter((f) => f.fix);
      }
      if (chosen.length > MAX_BATCH)
        throw new AnalyzerError('invalid', {
          zh: `一次最多决定 ${MAX_BATCH} 个问题（选中 ${chosen.length} 个）`,
          en: `at most ${MAX_BATCH} findings at once (${chosen.length} chosen)`,
        });
    }
    if (chosen.length === 0) throw new AnalyzerError('invalid', { zh: '没有符合条件、待决定的问题', en: 'no undecided finding matches' });

    const fixes: ApplyFixResult[] = [];
    if (decision === 'accepted') {
      const byMatter = new Map<string, Array<Finding & { key: string }>>();
      for (const f of chosen) byMatter.set(f.matter, [...(byMatter.get(f.matter) ?? []), f]);
      for (const [code, own] of byMatter) {
        const base = matters.get(code)!;
        const after = applyFixes(
          base,
          own.map((f) => f.fix!),
        );
        fixes.push(
          await acceptFindings(trx, actor, base, own, after, {
            owner: input.owner,
            deadlineWorkdays: input.deadlineWorkdays,
            now,
            regionCode: departmentRegion(result.catalogue, base.departmentCode, actor),
          }),
        );
      }
    } else {
      await insertDecisions(
        trx,
        actor,
        chosen.map((f) => ({
          regionCode: departmentRegion(result.catalogue, matters.get(f.matter)!.departmentCode, actor),
          matterCode: f.matter,
          findingKey: f.key,
          rule: f.rule,
          decision,
          reason,
          matterHash: hashes.get(f.matter)!,
          ledgerItemId: null,
        })),
        now,
      );
      await recordAudit(trx, {
        actor,
        action: `analyze.finding.${decision === 'rejected' ? 'reject' : 'defer'}`,
        entity: 'analyze_finding',
        entityId: chosen.length === 1 ? `${chosen[0].matter}/${chosen[0].key}` : `${chosen.length} findings`,
        after: { decision, reason, findings: chosen.map((f) => ({ matter: f.matter, key: f.key })) },
      });
    }
    return { decision, decided: chosen.length, skipped, fixes };
  });
}
