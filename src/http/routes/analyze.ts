// The reengineering analyzer over HTTP: the rules with their explanations, and the findings on
// the caller's catalogue grouped by department and by rule, with the before/after figures.
// Fixes and the office's decisions on findings are in analyze-decisions.ts, the per-region rule
// configuration in analyze-config.ts; what they share is in ../schemas/analyze.ts.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import {
  PRINCIPLES,
  SEVERITIES,
  type Finding,
  RULES,
  summarize,
  resolveRules,
  decisionsInForce,
  matterHash,
  loadDecisions,
  analyzeStored,
  findingKey,
  regionRuleConfig,
} from '../../analyzer/index.js';
import { errors, findingSchema, free, regionCode, text } from '../schemas/analyze.js';
import type { TypedApp } from '../app-types.js';

const groupSchema = {
  type: 'object',
  properties: {
    departmentCode: { type: 'string' },
    departmentName: { type: 'string' },
    rule: { type: 'string' },
    docs: free,
    principle: text,
    severity: { type: 'string' },
    count: { type: 'integer' },
    bySeverity: free,
    raised: { type: 'integer' },
    fixable: { type: 'integer' },
    findings: { type: 'array', items: { type: 'integer' } },
  },
} as const;

/** At most this many findings in one page of GET /api/analyze. */
const MAX_PAGE = 500;

function ruleView(id: string) {
  const rule = RULES.find((r) => r.meta.id === id)!;
  const { meta } = rule;
  return {
    id: meta.id,
    severity: meta.severity,
    type: meta.type,
    fixable: meta.fixable,
    scope: meta.scope,
    docs: meta.docs,
    principle: PRINCIPLES[meta.docs.principle],
    defaultOptions: meta.defaultOptions,
  };
}

export default async function analyzerRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/analyze/rules',
    {
      config: { access: rolesOf('analysisRead') },
      schema: {
        tags: ['analyze'],
        summary: 'The analyzer’s rules: id, default severity, explanation and the reform principle, options',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: free } } } },
      },
    },
    async () => ({ items: RULES.map((r) => ruleView(r.meta.id)) }),
  );

  app.get(
    '/api/analyze',
    {
      config: { access: rolesOf('analysisRead') },
      schema: {
        tags: ['analyze'],
        summary: 'Findings on the caller’s catalogue, grouped by department and by rule, with before/after figures',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            stage: { type: 'string', enum: ['as_is', 'to_be'], default: 'as_is' },
            region: regionCode,
            department: { type: 'string', maxLength: 50 },
            rule: { type: 'string', maxLength: 60 },
            matter: { type: 'string', maxLength: 100 },
            q: { type: 'string', maxLength: 100 },
            decided: { type: 'string', enum: ['hide', 'include'], default: 'hide' },
            // Which findings by the office's decision (applied before paging, like the filters above).
            decision: { type: 'string', enum: ['all', 'undecided', 'accepted', 'deferred', 'rejected'], default: 'all' },
            // One page of findings: a county of 10,000 matters is paged here, not in the browser. 0 = groups and counts only.
            limit: { type: 'integer', minimum: 0, maximum: MAX_PAGE, default: MAX_PAGE },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              rejectedHidden: { type: 'integer' },
              total: { type: 'integer' },
              offset: { type: 'integer' },
              limit: { type: 'integer' },
              nextOffset: { type: ['integer', 'null'] },
              byDecision: free,
              regionCode: { type: 'string' },
              stage: { type: 'string' },
              summary: free,
              findings: { type: 'array', items: findingSchema },
              byDepartment: { type: 'array', items: groupSchema },
              byRule: { type: 'array', items: groupSchema },
              figures: free,
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await analyzeStored(deps.store.db, request.actor, { stage: q.stage, regionCode: q.region });
      const departmentOf = new Map(result.catalogue.matters.map((m) => [m.code, m.departmentCode]));
      // Names from the analysed catalogue itself: the page never has to look up thousands of matters.
      const matterNames = new Map(result.catalogue.matters.map((m) => [m.code, m.name]));
      const names = new Map(result.catalogue.departments.map((d) => [d.code, d.name]));
      // Search by matter name or code: a county's catalogue of a thousand matters is searched here, not in the browser.
      const needle = q.q?.trim().toLowerCase() ?? '';
      const found = (code: string) => !needle || code.toLowerCase().includes(needle) || (matterNames.get(code) ?? '').toLowerCase().includes(needle);
      const keep = (f: Finding) =>
        (!q.department || departmentOf.get(f.matter) === q.department) && (!q.rule || f.rule === q.rule) && (!q.matter || f.matter === q.matter) && found(f.matter);
      const hashes = new Map(result.catalogue.matters.map((m) => [m.code, matterHash(m)]));
      const keyed = result.findings
        .filter(keep)
        .map((f) => ({ key: findingKey(f), departmentCode: departmentOf.get(f.matter) ?? '', matterName: matterNames.get(f.matter) ?? f.matter, ...f }));
      const inForce = decisionsInForce(keyed, await loadDecisions(deps.store.db, { matterCodes: [...new Set(keyed.map((f) => f.matter))] }), (code) => hashes.get(code));
      // A rejected finding is not raised again until its matter changes; ?decided=include shows it.
      const withDecision = keyed.map((f) => {
        const d = inForce.get(f.key);
        return d ? { ...f, decision: { decision: d.decision, reason: d.reason, decidedBy: d.decidedByName, decidedAt: d.decidedAt } } : f;
      });
      const rejected = withDecision.filter((f) => 'decision' in f && f.decision.decision === 'rejected').length;
      const visible = q.decided === 'include' ? withDecision : withDecision.filter((f) => !('decision' in f) || f.decision.decision !== 'rejected');
      const stateOf = (f: (typeof visible)[number]) => ('decision' in f ? f.decision.decision : 'undecided');
      const byDecision = { all: visible.length, undecided: 0, accepted: 0, deferred: 0, rejected: 0 };
      for (const f of visible) byDecision[stateOf(f)]++;
      const findings = q.decision === 'all' ? visible : visible.filter((f) => stateOf(f) === q.decision);
      // Per group, what a bulk decision would take: raised (undecided or deferred) findings, and those with a fix to accept.
      const raised = (i: number) => stateOf(findings[i]) === 'undecided' || stateOf(findings[i]) === 'deferred';
      const page = findings.slice(q.offset, q.offset + q.limit);
      const onPage = (idx: number[]) => idx.filter((i) => i >= q.offset && i < q.offset + q.limit).map((i) => i - q.offset);
      const byDepartment = new Map<string, number[]>();
      const byRule = new Map<string, number[]>();
      findings.forEach((f, i) => {
        if (!byDepartment.has(f.departmentCode)) byDepartment.set(f.departmentCode, []);
        byDepartment.get(f.departmentCode)!.push(i);
        if (!byRule.has(f.rule)) byRule.set(f.rule, []);
        byRule.get(f.rule)!.push(i);
      });
      const bySeverity = (idx: number[]) => Object.fromEntries(SEVERITIES.map((s) => [s, idx.filter((i) => findings[i].severity === s).length]));
      const counts = (idx: number[]) => ({
        count: idx.length,
        bySeverity: bySeverity(idx),
        raised: idx.filter(raised).length,
        fixable: idx.filter((i) => raised(i) && findings[i].fix).length,
        findings: onPage(idx),
      });
      const effective = new Map(resolveRules(await regionRuleConfig(deps.store.db, q.region ?? request.actor.regionCode)).map((r) => [r.rule.meta.id, r.severity]));
      return {
        regionCode: result.regionCode,
        stage: q.stage,
        rejectedHidden: q.decided === 'include' ? 0 : rejected,
        total: findings.length,
        offset: q.offset,
        limit: q.limit,
        nextOffset: q.offset + q.limit < findings.length ? q.offset + q.limit : null,
        byDecision,
        summary: summarize(result),
        findings: page,
        // Group counts cover every finding the filters keep; `findings` indexes the page.
        byDepartment: [...byDepartment]
          .sort((a, b) => b[1].length - a[1].length)
          .map(([code, idx]) => ({ departmentCode: code, departmentName: names.get(code) ?? code, ...counts(idx) })),
        byRule: RULES.filter((r) => byRule.has(r.meta.id)).map((r) => {
          const idx = byRule.get(r.meta.id)!;
          return { rule: r.meta.id, docs: r.meta.docs, principle: PRINCIPLES[r.meta.docs.principle], severity: effective.get(r.meta.id) ?? r.meta.severity, ...counts(idx) };
        }),
        figures: result.figures,
      };
    },
  );
}
