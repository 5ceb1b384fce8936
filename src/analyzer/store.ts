// The analyzer on the database: the rule configuration of a region (inherited from its
// ancestors), and "apply fix" — the to-be version of a matter and a reengineering-ledger
// item, with their audit rows, in one transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { CAPABILITIES } from '../org/capabilities.js';
import { hasRole, regionVisible } from '../org/scope.js';
import { recordAudit } from '../audit/trail.js';
import type { Catalogue, Matter, MatterFigures, MatterVersion } from '../catalogue/model.js';
import { CatalogueError, loadCatalogue, saveMatterVersion } from '../catalogue/store.js';
import { createLedgerItem } from '../catalogue/ledger-store.js';
import type { LedgerItemView } from '../catalogue/ledger.js';
import { applyFixes } from './fix.js';
import { matterFigures } from './figures.js';
import type { AnalysisResult, Finding, RuleConfig, RuleSetting, Severity } from './model.js';
import { analyze, mergeConfigs, validateConfig } from './runner.js';
import { locationText } from './report.js';
import { decisionsInForce, matterHash, type FindingDecision } from './decisions.js';
import { insertDecisions, loadDecisions } from './decision-rows.js';
import { RULES } from './rules/index.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export interface AnalyzeRuleSettingsTable {
  region_code: string;
  rule_id: string;
  severity: string | null;
  options: unknown;
  updated_by: string;
  updated_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    analyze_rule_settings: AnalyzeRuleSettingsTable;
  }
}

type Db = Kysely<Database>;

/** Who may change a region's rules and apply fixes. */
const CONFIGURERS = CAPABILITIES.analysisConfigure.roles;
/** Who may see the findings: the reform's people, not applicants or field staff. */
const READERS = CAPABILITIES.analysisRead.roles;

type AnalyzerErrorCode = 'forbidden' | 'not_found' | 'invalid';
const ANALYZER_ERROR_STATUS: StatusTable<AnalyzerErrorCode> = { forbidden: 403, not_found: 404, invalid: 422 };

export class AnalyzerError extends DomainError {
  constructor(
    readonly code: AnalyzerErrorCode,
    readonly reason: { zh: string; en: string },
    details?: unknown,
  ) {
    super(ANALYZER_ERROR_STATUS[code], code, reason, details);
  }
}

export interface StoredRuleSetting {
  regionCode: string;
  ruleId: string;
  severity: Severity | 'off' | null;
  options: Record<string, unknown>;
  updatedBy: string;
  updatedAt: string;
}

function toSetting(row: AnalyzeRuleSettingsTable): StoredRuleSetting {
  const options = (typeof row.options === 'string' ? JSON.parse(row.options) : row.options) as Record<string, unknown>;
  return {
    regionCode: row.region_code,
    ruleId: row.rule_id,
    severity: row.severity as StoredRuleSetting['severity'],
    options,
    updatedBy: row.updated_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** Settings of the region and of every region above it, widest first. */
export async function listRuleSettings(db: Db, regionCode: string): Promise<StoredRuleSetting[]> {
  const rows = await db
    .selectFrom('analyze_rule_settings')
    .selectAll()
    .where(sql<boolean>`${regionCode} like region_code || '%'`)
    .orderBy(sql`length(region_code)`)
    .orderBy('rule_id')
    .execute();
  return rows.map(toSetting);
}

/** The configuration the region runs with: its ancestors' settings, overridden by narrower ones. */
export async function regionRuleConfig(db: Db, regionCode: string): Promise<RuleConfig> {
  const settings = await listRuleSettings(db, regionCode);
  const byRegion = new Map<string, RuleConfig>();
  for (const s of settings) {
    let c = byRegion.get(s.regionCode);
    if (!c) byRegion.set(s.regionCode, (c = {}));
    const setting: RuleSetting = { ...(s.severity ? { severity: s.severity } : {}), ...(Object.keys(s.options).length ? { options: s.options } : {}) };
    c[s.ruleId] = setting;
  }
  return mergeConfigs(...byRegion.values());
}

export function assertConfigurer(actor: Actor, regionCode: string): void {
  if (!hasRole(actor, ...CONFIGURERS))
    throw new AnalyzerError('forbidden', { zh: '只有管理员和改革办可以配置规则、应用修复', en: 'only administrators and the reform office may configure rules and apply fixes' });
  if (!regionVisible(actor, regionCode)) throw new AnalyzerError('forbidden', { zh: `地区 ${regionCode} 不在您的管辖范围内`, en: `region ${regionCode} is outside your regions` });
}

/** Sets one rule's setting for a region (severity and/or options; options replace the region's earlier options). */
export async function setRuleSetting(
  db: Db,
  actor: Actor,
  regionCode: string,
  ruleId: string,
  setting: { severity?: Severity | 'off' | null; options?: Record<string, unknown> },
): Promise<StoredRuleSetting> {
  assertConfigurer(actor, regionCode);
  const problems = validateConfig({ [ruleId]: { ...(setting.severity ? { severity: setting.severity } : {}), ...(setting.options ? { options: setting.options } : {}) } });
  if (problems.length) {
    throw new AnalyzerError('invalid', { zh: problems.map((p) => p.message.zh).join('；'), en: problems.map((p) => p.message.en).join('; ') }, { problems });
  }
  return db.transaction().execute(async (trx) => {
    const region = await trx.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst();
    if (!region) throw new AnalyzerError('not_found', { zh: `地区 ${regionCode} 不存在`, en: `region ${regionCode} not found` });
    const before = await trx.selectFrom('analyze_rule_settings').selectAll().where('region_code', '=', regionCode).where('rule_id', '=', ruleId).forUpdate().executeTakeFirst();
    const values = { severity: setting.severity ?? null, options: JSON.stringify(setting.options ?? {}), updated_by: actor.username, updated_at: new Date() };
    const row = await trx
      .insertInto('analyze_rule_settings')
      .values({ region_code: regionCode, rule_id: ruleId, ...values })
      .onConflict((oc) => oc.columns(['region_code', 'rule_id']).doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toSetting(row);
    await recordAudit(trx, {
      actor,
      action: 'analyze.rule.set',
      entity: 'analyze_rule_setting',
      entityId: `${regionCode}/${ruleId}`,
      regionCode,
      before: before ? toSetting(before) : null,
      after,
    });
    return after;
  });
}

/** Removes a region's own setting of a rule (it inherits again). */
export async function deleteRuleSetting(db: Db, actor: Actor, regionCode: string, ruleId: string): Promise<boolean> {
  assertConfigurer(actor, regionCode);
  return db.transaction().execute(async (trx) => {
    const before = await trx.deleteFrom('analyze_rule_settings').where('region_code', '=', regionCode).where('rule_id', '=', ruleId).returningAll().executeTakeFirst();
    if (!before) return false;
    await recordAudit(trx, {
      actor,
      action: 'analyze.rule.delete',
      entity: 'analyze_rule_setting',
      entityId: `${regionCode}/${ruleId}`,
      regionCode,
      before: toSetting(before),
      after: null,
    });
    return true;
  });
}

// ---------------------------------------------------------------------------------
// Analysing the stored catalogue and applying fixes

export type Stage = 'as_is' | 'to_be';

/** The catalogue the actor may see (as-is, or to-be falling back to as-is), analysed with its region's rules. */
export async function analyzeStored(db: Db, actor: Actor, options: { stage?: Stage; regionCode?: string } = {}): Promise<AnalysisResult & { catalogue: Catalogue }> {
  if (!hasRole(actor, ...READERS)) throw new AnalyzerError('forbidden', { zh: '无权查看流程再造分析', en: 'not allowed to see the reengineering analysis' });
  const regionCode = options.regionCode ?? actor.regionCode;
  if (!regionVisible(actor, regionCode)) throw new AnalyzerError('forbidden', { zh: `地区 ${regionCode} 不在您的管辖范围内`, en: `region ${regionCode} is outside your regions` });
  const scopedActor: Actor = { ...actor, regionCode };
  const catalogue = await loadCatalogue(db, scopedActor, { stage: options.stage ?? 'as_is' });
  return { ...analyze(catalogue, { config: await regionRuleConfig(db, regionCode) }), catalogue };
}

/** Stable key of a finding: rule and location (what the UI sends back to apply it). */
export function findingKey(f: Pick<Finding, 'rule' | 'location'>): string {
  return `${f.rule}|${locationText(f.location)}`;
}

export interface ApplyFixInput {
  matterCode: string;
  /** Keys of the findings whose fixes to apply; omitted = every fix, until nothing changes. */
  findings?: string[];
  /** Ledger item: responsible person (default the caller's name) and deadline in working days (default 20). */
  owner?: string;
  deadlineWorkdays?: number;
}

export interface ApplyFixResult {
  version: MatterVersion;
  ledgerItem: LedgerItemView;
  applied: Finding[];
  figures: { before: MatterFigures; after: MatterFigures };
}

/**
 * "Apply fix": from the matter's current design (its to-be version, else the as-is), the
 * chosen fixes give a new to-be version; a ledger item records problem, measure and owner.
 * Both, with their audit rows, in one transaction: either both exist or neither.
 */
export async function applyFix(db: Db, actor: Actor, input: ApplyFixInput, now = new Date()): Promise<ApplyFixResult> {
  assertConfigurer(actor, actor.regionCode);
  try {
    return await db.transaction().execute(async (trx) => {
      // Serialise fixes of one matter: the second waits and then builds on the first's version.
      await trx.selectFrom('matters').select('id').where('code', '=', input.matterCode).forUpdate().executeTakeFirst();
      const result = await analyzeStored(trx, actor, { stage: 'to_be' });
      const base = result.catalogue.matters.find((m) => m.code === input.matterCode);
      if (!base) throw new AnalyzerError('not_found', { zh: `事项 ${input.matterCode} 不存在`, en: `matter ${input.matterCode} not found` });
      const own = result.findings.filter((f) => f.matter === input.matterCode && f.fix);
      let applied: Finding[];
      let after: Matter;
      if (input.findings) {
        // Naming a finding accepts it, even one rejected or deferred before.
        const wanted = new Set(input.findings);
        applied = own.filter((f) => wanted.has(findingKey(f)));
        const unknown = input.findings.filter((k) => !applied.some((f) => findingKey(f) === k));
        if (unknown.length) throw new AnalyzerError('invalid', { zh: `没有可修复的问题：${unknown.join('、')}`, en: `no fixable finding: ${unknown.join(', ')}` }, { unknown });
        after = applyFixes(
          base,
          applied.map((f) => f.fix!),
        );
      } else {
        // Every fix the office has not rejected or deferred, except those that wait for its explicit decision.
        const inForce = decisionsInForce(
          own.map((f) => ({ matter: f.matter, key: findingKey(f) })),
          await loadDecisions(trx, { matterCodes: [base.code] }),
          (code) => (code === base.code ? matterHash(base) : undefined),
        );
        const held = (f: Finding) => ['rejected', 'deferred'].includes(inForce.get(findingKey(f))?.decision ?? '') || f.fix!.decisionRequired === true;
        applied = own.filter((f) => !held(f));
        // Nothing the office held back: the analyzer's own to-be (every fix until nothing changes, the proposals left out).
        const whole = applied.length === own.filter((f) => !f.fix!.decisionRequired).length;
        after = whole
          ? (result.toBe.find((m) => m.code === input.matterCode) ?? base)
          : applyFixes(
              base,
              applied.map((f) => f.fix!),
            );
      }
      return acceptFindings(trx, actor, base, applied, after, {
        owner: input.owner,
        deadlineWorkdays: input.deadlineWorkdays,
        now,
        regionCode: departmentRegion(result.catalogue, base.departmentCode, actor),
      });
    });
  } catch (err) {
    if (err instanceof CatalogueError)
      throw new AnalyzerError(err.code === 'conflict' ? 'invalid' : err.code, err.reason, err.problems.length ? { problems: err.problems } : undefined);
    throw err;
  }
}

/** The region of a matter's department (decisions are kept per region). */
export function departmentRegion(catalogue: Catalogue, departmentCode: string, actor: Actor): string {
  return catalogue.departments.find((d) => d.code === departmentCode)?.regionCode ?? actor.regionCode;
}

/**
 * Accepting findings of one matter: their fixes give the new to-be version, a ledger item
 * records problem, measure and owner, and each finding's decision is kept — with their audit
 * rows, in the caller's transaction.
 */
export async function acceptFindings(
  trx: Db,
  actor: Actor,
  base: Matter,
  applied: Finding[],
  after: Matter,
  options: { owner?: string; deadlineWorkdays?: number; now: Date; regionCode: string },
): Promise<ApplyFixResult> {
  if (applied.length === 0 || JSON.stringify(after) === JSON.stringify(base)) {
    throw new AnalyzerError('invalid', { zh: `事项 ${base.code} 没有可应用的修复`, en: `nothing to fix in matter ${base.code}` });
  }
  const rules = [...new Set(applied.map((f) => f.rule))];
  // The note says what was cut in the reform's words, not by rule id.
  const said = rules.map((id) => RULES.find((r) => r.meta.id === id)?.meta.docs.zh.replace(/[。.]$/, '') ?? id);
  const version = await saveMatterVersion(trx, actor, after, { stage: 'to_be', note: `流程再造分析：${said.join('；')}` });
  const ledgerItem = await createLedgerItem(
    trx,
    actor,
    {
      departmentCode: base.departmentCode,
      matterCodes: [base.code],
      problem: applied.map((f) => f.message.zh).join('\n'),
      measure: applied.map((f) => f.fix!.description.zh).join('；'),
      // The responsible department owns the item (a named person when the caller gives one).
      owner: options.owner ?? (await trx.selectFrom('departments').select('name').where('code', '=', base.departmentCode).executeTakeFirst())?.name ?? base.departmentCode,
      deadlineWorkdays: options.deadlineWorkdays ?? 20,
    },
    options.now,
  );
  const hash = matterHash(base);
  await insertDecisions(
    trx,
    actor,
    applied.map((f) => ({
      regionCode: options.regionCode,
      matterCode: base.code,
      findingKey: findingKey(f),
      rule: f.rule,
      decision: 'accepted' as const,
      reason: '',
      matterHash: hash,
      ledgerItemId: ledgerItem.id,
    })),
    options.now,
  );
  await recordAudit(trx, {
    actor,
    action: 'analyze.apply_fix',
    entity: 'matter',
    entityId: base.code,
    after: { version: version.version, ledgerItem: ledgerItem.id, findings: applied.map(findingKey) },
  });
  return { version, ledgerItem, applied, figures: { before: matterFigures(base), after: matterFigures(after) } };
}

export type { FindingDecision };
