// The reengineering analyzer over HTTP: the rules with their explanations, the findings on
// the caller's catalogue grouped by department and by rule, the before/after figures,
// "apply fix" (a to-be version and a ledger item in one transaction), and the per-region
// rule configuration.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { PRINCIPLES, SEVERITIES, type Finding } from '../../analyzer/model.js';
import { RULES } from '../../analyzer/rules/index.js';
import { summarize } from '../../analyzer/report.js';
import { resolveRules } from '../../analyzer/runner.js';
import { decisionsInForce, matterHash, DECISIONS } from '../../analyzer/decisions.js';
import { decideFindings, listDecisions, MAX_BATCH } from '../../analyzer/decision-store.js';
import { loadDecisions } from '../../analyzer/decision-rows.js';
import { AnalyzerError, analyzeStored, applyFix, deleteRuleSetting, findingKey, listRuleSettings, regionRuleConfig, setRuleSetting } from '../../analyzer/store.js';
import { refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

const text = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const free = { type: 'object', additionalProperties: true } as const;
const errors = refusals(400, 403, 404, 422);
const severityOrOff = { type: 'string', enum: ['off', ...SEVERITIES] } as const;
const regionCode = { type: 'string', pattern: '^\\d{1,12}$' } as const;
const ruleIdParam = { type: 'object', required: ['rule'], properties: { rule: { type: 'string', enum: RULES.map((r) => r.meta.id) } } } as const;

const findingSchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    rule: { type: 'string' },
    severity: { type: 'string' },
    matter: { type: 'string' },
    matterName: { type: 'string' },
    departmentCode: { type: 'string' },
    location: { type: 'object', properties: { matter: { type: 'string' }, step: { type: 'string' }, material: { type: 'string' }, prerequisite: { type: 'string' } } },
    message: text,
    fix: free,
    details: free,
    decision: { type: 'object', properties: { decision: { type: 'string' }, reason: { type: 'string' }, decidedBy: { type: 'string' }, decidedAt: { type: 'string' } } },
  },
} as const;
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

  app.post(
    '/api/analyze/fixes',
    {
      config: { access: rolesOf('analysisConfigure') },
      schema: {
        tags: ['analyze'],
        summary: 'Apply fixes to a matter: a new to-be version and a reengineering-ledger item, in one transaction',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['matterCode'],
          properties: {
            matterCode: { type: 'string', minLength: 1, maxLength: 100 },
            findings: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', maxLength: 300 } },
            owner: { type: 'string', minLength: 1, maxLength: 100 },
            deadlineWorkdays: { type: 'integer', minimum: 0, maximum: 250 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              version: {
                type: 'object',
                properties: {
                  matterCode: { type: 'string' },
                  version: { type: 'integer' },
                  stage: { type: 'string' },
                  note: { type: 'string' },
                  createdBy: { type: 'string' },
                  createdAt: { type: 'string' },
                },
              },
              ledgerItem: free,
              applied: { type: 'array', items: findingSchema },
              figures: free,
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await applyFix(deps.store.db, request.actor, body, deps.now());
      return reply.status(201).send({ ...result, applied: result.applied.map((f) => ({ key: findingKey(f), ...f })) });
    },
  );

  app.get(
    '/api/analyze/config',
    {
      config: { access: rolesOf('analysisRead') },
      schema: {
        tags: ['analyze'],
        summary: 'The rule configuration of a region: its own and inherited settings, and what every rule runs with',
        querystring: { type: 'object', additionalProperties: false, properties: { region: regionCode } },
        response: {
          200: { type: 'object', properties: { regionCode: { type: 'string' }, settings: { type: 'array', items: free }, rules: { type: 'array', items: free } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const region = request.query.region ?? request.actor.regionCode;
      if (!region.startsWith(request.actor.regionCode))
        throw new AnalyzerError('forbidden', { zh: `地区 ${region} 不在您的管辖范围内`, en: `region ${region} is outside your regions` });
      const config = await regionRuleConfig(deps.store.db, region);
      const running = new Map(resolveRules(config).map((r) => [r.rule.meta.id, r]));
      return {
        regionCode: region,
        settings: await listRuleSettings(deps.store.db, region),
        rules: RULES.map((r) => ({
          id: r.meta.id,
          enabled: running.has(r.meta.id),
          severity: running.get(r.meta.id)?.severity ?? 'off',
          options: running.get(r.meta.id)?.options ?? r.meta.defaultOptions,
          defaultSeverity: r.meta.severity,
          defaultOptions: r.meta.defaultOptions,
        })),
      };
    },
  );

  app.put(
    '/api/analyze/config/:rule',
    {
      config: { access: rolesOf('analysisConfigure') },
      schema: {
        tags: ['analyze'],
        summary: 'Set a rule for a region: on/off and severity, options (administrators and reform office)',
        params: ruleIdParam,
        body: { type: 'object', additionalProperties: false, properties: { region: regionCode, severity: severityOrOff, options: { type: 'object', maxProperties: 20 } } },
        response: { 200: free, ...errors },
      },
    },
    async (request) => {
      const { rule } = request.params;
      const body = request.body;
      return setRuleSetting(deps.store.db, request.actor, body.region ?? request.actor.regionCode, rule, { severity: body.severity, options: body.options });
    },
  );

  app.delete(
    '/api/analyze/config/:rule',
    {
      config: { access: rolesOf('analysisConfigure') },
      schema: {
        tags: ['analyze'],
        summary: 'Remove a region’s own setting of a rule (it inherits again)',
        params: ruleIdParam,
        querystring: { type: 'object', additionalProperties: false, properties: { region: regionCode } },
        response: { 200: { type: 'object', properties: { deleted: { type: 'boolean' } } }, ...errors },
      },
    },
    async (request) => {
      const { rule } = request.params;
      const region = request.query.region ?? request.actor.regionCode;
      const deleted = await deleteRuleSetting(deps.store.db, request.actor, region, rule);
      return { deleted };
    },
  );

  app.post(
    '/api/analyze/decisions',
    {
      config: { access: ['admin', 'reform_office'] },
      schema: {
        tags: ['analyze'],
        summary:
          'Decide findings — accept (its fix makes the to-be version), reject with a reason, or defer — one by one or in bulk by rule, department or matter, in one transaction',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['decision'],
          properties: {
            decision: { type: 'string', enum: ['accept', 'reject', 'defer'] },
            reason: { type: 'string', maxLength: 2000 },
            findings: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_BATCH,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['matterCode', 'key'],
                properties: { matterCode: { type: 'string', minLength: 1, maxLength: 100 }, key: { type: 'string', minLength: 1, maxLength: 300 } },
              },
            },
            rule: { type: 'string', enum: RULES.map((r) => r.meta.id) },
            department: { type: 'string', minLength: 1, maxLength: 50 },
            matter: { type: 'string', minLength: 1, maxLength: 100 },
            owner: { type: 'string', minLength: 1, maxLength: 100 },
            deadlineWorkdays: { type: 'integer', minimum: 0, maximum: 250 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: { decision: { type: 'string' }, decided: { type: 'integer' }, skipped: { type: 'array', items: free }, fixes: { type: 'array', items: free } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const result = await decideFindings(deps.store.db, request.actor, request.body, deps.now());
      return reply.status(201).send({ ...result, fixes: result.fixes.map((f) => ({ ...f, applied: f.applied.map((a) => ({ key: findingKey(a), ...a })) })) });
    },
  );

  app.get(
    '/api/analyze/decisions',
    {
      config: { access: ['admin', 'reform_office', 'leader'] },
      schema: {
        tags: ['analyze'],
        summary: 'Decisions on findings in the caller’s regions, newest first: who decided what, when and why',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            matter: { type: 'string', maxLength: 100 },
            decision: { type: 'string', enum: [...DECISIONS] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: free } } }, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return { items: await listDecisions(deps.store.db, request.actor, { matterCode: q.matter, decision: q.decision, limit: q.limit }) };
    },
  );
}
