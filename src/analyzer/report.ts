// What a run of the analyzer prints: the JSON the issue fixes
// ({ findings: [{ rule, severity, matter, location, message, fix? }], figures: { asIs, toBe } }),
// SARIF 2.1.0 for code-scanning tools, and rows for a plain table. Pure.
import { FIGURE_KEYS, FIGURE_LABELS } from './figures.js';
import type { AnalysisResult, Finding, FindingLocation, Rule, Severity } from './model.js';
import { PRINCIPLES, SEVERITIES } from './model.js';
import { RULES } from './rules/index.js';

export interface JsonReport {
  regionCode: string;
  summary: { findings: number; bySeverity: Record<Severity, number>; byRule: Record<string, number>; fixable: number; remainingErrors: number };
  findings: Finding[];
  figures: AnalysisResult['figures'];
}

export function summarize(result: AnalysisResult): JsonReport['summary'] {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule: Record<string, number> = {};
  let fixable = 0;
  for (const f of result.findings) {
    bySeverity[f.severity]++;
    byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    if (f.fix) fixable++;
  }
  return { findings: result.findings.length, bySeverity, byRule, fixable, remainingErrors: result.remaining.filter((f) => f.severity === 'error').length };
}

export function toJsonReport(result: AnalysisResult): JsonReport {
  return { regionCode: result.regionCode, summary: summarize(result), findings: result.findings, figures: result.figures };
}

export function locationText(l: FindingLocation): string {
  return [l.matter, l.step && `step ${l.step}`, l.material && `material ${l.material}`, l.prerequisite && `prerequisite ${l.prerequisite}`].filter(Boolean).join(' / ');
}

export function findingRows(findings: readonly Finding[], lang: 'zh' | 'en' = 'zh'): Array<Record<string, unknown>> {
  return findings.map((f) => ({ severity: f.severity, rule: f.rule, location: locationText(f.location), fix: f.fix ? 'yes' : '', message: f.message[lang] }));
}

export function figureRows(result: AnalysisResult, lang: 'zh' | 'en' = 'zh'): Array<Record<string, unknown>> {
  const { asIs, toBe } = result.figures;
  return FIGURE_KEYS.map((k) => ({ figure: FIGURE_LABELS[k][lang], asIs: asIs.catalogue[k], toBe: toBe.catalogue[k], change: toBe.catalogue[k] - asIs.catalogue[k] }));
}

/** One row per department or matter: each figure as "as-is -> to-be" where it changes. */
export function groupedFigureRows(result: AnalysisResult, by: 'department' | 'matter', lang: 'zh' | 'en' = 'zh'): Array<Record<string, unknown>> {
  const { asIs, toBe } = result.figures;
  const keys = by === 'department' ? FIGURE_KEYS : FIGURE_KEYS.filter((k) => k !== 'matters');
  const groups = (by === 'department' ? asIs.departments : asIs.matters) as unknown as Record<string, Record<string, number>>;
  const after = (by === 'department' ? toBe.departments : toBe.matters) as unknown as Record<string, Record<string, number>>;
  return Object.entries(groups).map(([code, f]) => ({
    [by]: code,
    ...Object.fromEntries(keys.map((k) => [FIGURE_LABELS[k][lang], f[k] === after[code]?.[k] ? f[k] : `${f[k]} -> ${after[code]?.[k]}`])),
  }));
}

// ---------------------------------------------------------------------------------
// SARIF 2.1.0

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', suggestion: 'note' };

function ruleDescriptor(rule: Rule<object>) {
  const { meta } = rule;
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.docs.en },
    fullDescription: { text: `${meta.docs.zh} ${meta.docs.en}` },
    help: { text: `${PRINCIPLES[meta.docs.principle].zh} — ${PRINCIPLES[meta.docs.principle].en}` },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { type: meta.type, principle: meta.docs.principle, fixable: meta.fixable, docs: `docs/rules/${meta.id}.md`, 'zh-CN': meta.docs.zh },
  };
}

/**
 * The run as SARIF 2.1.0. Matters are not text files: each result points at the catalogue
 * (when read from a file) and names the matter, step, material or prerequisite as a logical
 * location. Fixes are data, not text replacements, so they travel in `properties`.
 */
export function toSarif(result: AnalysisResult, options: { artifactUri?: string; version?: string } = {}) {
  const rules = RULES;
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]));
  const results = result.findings.map((f) => {
    const logical = [{ name: f.matter, fullyQualifiedName: f.matter, kind: 'module' }];
    if (f.location.step) logical.push({ name: f.location.step, fullyQualifiedName: `${f.matter}/steps/${f.location.step}`, kind: 'function' });
    if (f.location.material) logical.push({ name: f.location.material, fullyQualifiedName: `${f.matter}/materials/${f.location.material}`, kind: 'variable' });
    if (f.location.prerequisite) logical.push({ name: f.location.prerequisite, fullyQualifiedName: `${f.matter}/prerequisites/${f.location.prerequisite}`, kind: 'member' });
    const location: Record<string, unknown> = { logicalLocations: logical };
    if (options.artifactUri) location.physicalLocation = { artifactLocation: { uri: options.artifactUri } };
    return {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule) ?? -1,
      level: LEVEL[f.severity],
      message: { text: `${f.message.zh}\n${f.message.en}` },
      locations: [location],
      partialFingerprints: { zaizaoLocation: `${f.rule}|${locationText(f.location)}` },
      properties: { severity: f.severity, location: f.location, message: f.message, ...(f.fix ? { fix: f.fix } : {}), ...(f.details ? { details: f.details } : {}) },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'zaizao-analyze', semanticVersion: options.version ?? '0.1.0', rules: rules.map(ruleDescriptor) } },
        ...(options.artifactUri ? { artifacts: [{ location: { uri: options.artifactUri } }] } : {}),
        results,
        properties: { regionCode: result.regionCode, figures: result.figures },
      },
    ],
  };
}
