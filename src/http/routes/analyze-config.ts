// The analyzer's rule configuration per region over HTTP: what every rule runs with there, a
// region's own setting of a rule, and removing it (the region inherits again).
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { SEVERITIES, RULES, resolveRules, AnalyzerError, deleteRuleSetting, listRuleSettings, regionRuleConfig, setRuleSetting } from '../../analyzer/index.js';
import { errors, free, regionCode } from '../schemas/analyze.js';
import type { TypedApp } from '../app-types.js';

const severityOrOff = { type: 'string', enum: ['off', ...SEVERITIES] } as const;
const ruleIdParam = { type: 'object', required: ['rule'], properties: { rule: { type: 'string', enum: RULES.map((r) => r.meta.id) } } } as const;

export default async function analyzerConfigRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
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
}
