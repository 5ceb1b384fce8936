// Runs the rules over a catalogue with a region's configuration (on/off, severity,
// options), and derives the to-be catalogue by applying every fix — repeatedly, because
// one fix can open the way for another (a flattened review chain shortens the critical
// path, and then the promised limit can shrink) — until nothing changes.
import type { Catalogue, Matter } from '../catalogue/model.js';
import { applyFixes } from './fix.js';
import { figuresSet, newFiguresCache } from './figures.js';
import { stronglyConnectedComponents } from './graph.js';
import {
  SEVERITIES,
  type AnalysisResult,
  type CatalogueIndex,
  type Finding,
  type Fix,
  type MessageData,
  type Report,
  type Rule,
  type RuleConfig,
  type RuleContext,
  type RuleVisitors,
  type Severity,
  type Text,
} from './model.js';
import { RULES } from './rules/index.js';
import { fillMessage, recordMessageId } from './messages.js';
import { optionProblems } from './options.js';

export interface ResolvedRule {
  rule: Rule<object>;
  severity: Severity;
  options: object;
}

export interface ConfigProblem {
  rule: string;
  message: Text;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every problem with a configuration: unknown rules, severities or options, options of the wrong type. */
export function validateConfig(config: unknown, rules: readonly Rule<object>[] = RULES): ConfigProblem[] {
  if (!isPlainObject(config)) return [{ rule: '', message: { zh: '规则配置必须是对象', en: 'rule configuration must be an object' } }];
  const problems: ConfigProblem[] = [];
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const severityOk = (s: unknown) => s === 'off' || (SEVERITIES as readonly unknown[]).includes(s);
  for (const [id, setting] of Object.entries(config)) {
    const rule = byId.get(id);
    if (!rule) {
      problems.push({ rule: id, message: { zh: `未知规则：${id}`, en: `unknown rule: ${id}` } });
      continue;
    }
    if (typeof setting === 'string') {
      if (!severityOk(setting)) problems.push({ rule: id, message: { zh: `规则 ${id} 的级别不合法：${setting}`, en: `rule ${id}: invalid severity ${setting}` } });
      continue;
    }
    if (!isPlainObject(setting)) {
      problems.push({ rule: id, message: { zh: `规则 ${id} 的配置必须是级别或对象`, en: `rule ${id}: setting must be a severity or an object` } });
      continue;
    }
    for (const key of Object.keys(setting)) {
      if (key !== 'severity' && key !== 'options') problems.push({ rule: id, message: { zh: `规则 ${id}：未知配置项 ${key}`, en: `rule ${id}: unknown setting ${key}` } });
    }
    if (setting.severity !== undefined && !severityOk(setting.severity)) {
      problems.push({ rule: id, message: { zh: `规则 ${id} 的级别不合法：${String(setting.severity)}`, en: `rule ${id}: invalid severity ${String(setting.severity)}` } });
    }
    if (setting.options === undefined) continue;
    if (!isPlainObject(setting.options)) {
      problems.push({ rule: id, message: { zh: `规则 ${id} 的 options 必须是对象`, en: `rule ${id}: options must be an object` } });
      continue;
    }
    for (const message of optionProblems(rule, setting.options)) problems.push({ rule: id, message });
  }
  return problems;
}

/**
 * Configurations from the widest region to the narrowest (province → county): a later
 * one overrides an earlier one rule by rule; options merge key by key.
 */
export function mergeConfigs(...configs: readonly RuleConfig[]): RuleConfig {
  const merged: RuleConfig = {};
  for (const config of configs) {
    for (const [id, setting] of Object.entries(config)) {
      const before = merged[id];
      if (typeof setting === 'string' || before === undefined) {
        merged[id] = typeof setting === 'string' ? setting : { ...setting, options: setting.options ? { ...setting.options } : undefined };
        continue;
      }
      const prev = typeof before === 'string' ? { severity: before } : before;
      merged[id] = { severity: setting.severity ?? prev.severity, options: { ...(prev.options ?? {}), ...(setting.options ?? {}) } };
    }
  }
  return merged;
}

/** The rules that run under `config`, each with its severity and options. Throws on an invalid config. */
export function resolveRules(config: RuleConfig = {}, rules: readonly Rule<object>[] = RULES): ResolvedRule[] {
  const problems = validateConfig(config, rules);
  if (problems.length) throw new Error(problems.map((p) => p.message.en).join('; '));
  const resolved: ResolvedRule[] = [];
  for (const rule of rules) {
    const setting = config[rule.meta.id];
    const severity = setting === undefined ? rule.meta.severity : typeof setting === 'string' ? setting : (setting.severity ?? rule.meta.severity);
    if (severity === 'off') continue;
    const overrides = typeof setting === 'object' ? (setting.options ?? {}) : {};
    resolved.push({ rule, severity, options: { ...rule.meta.defaultOptions, ...overrides } });
  }
  return resolved;
}

export function buildIndex(catalogue: Catalogue): CatalogueIndex {
  const matters = new Map<string, Matter>();
  for (const m of catalogue.matters) matters.set(m.code, m);
  const departments = new Map(catalogue.departments.map((d) => [d.code, d]));
  let graph: Map<string, string[]> | undefined;
  let components: string[][] | undefined;
  const prerequisiteGraph = () => {
    if (!graph) {
      graph = new Map();
      for (const m of catalogue.matters) {
        const next: string[] = [];
        for (const p of m.prerequisites) if (matters.has(p.matterCode)) next.push(p.matterCode);
        graph.set(m.code, next);
      }
    }
    return graph;
  };
  return {
    matters,
    departments,
    departmentName: (code) => departments.get(code)?.name ?? code,
    matterName: (code) => matters.get(code)?.name ?? code,
    prerequisiteGraph,
    prerequisiteComponents: () => (components ??= stronglyConnectedComponents(prerequisiteGraph())),
  };
}

function contextFor(catalogue: Catalogue, index: CatalogueIndex, r: ResolvedRule, findings: Finding[]): RuleContext<object> {
  const { id, messages } = r.rule.meta;
  const text = (messageId: string, data?: MessageData): Text => {
    const template = messages[messageId];
    if (!template) throw new Error(`rule ${id}: no message ${messageId} in meta.messages`);
    return fillMessage(template, data);
  };
  return {
    catalogue,
    index,
    options: r.options,
    severity: r.severity,
    report(report: Report): void {
      const finding: Finding = {
        rule: id,
        severity: report.severity ?? r.severity,
        matter: report.location.matter,
        location: report.location,
        message: text(report.messageId, report.data),
      };
      if (report.fix) {
        const { messageId, data, decisionRequired, ...rest } = report.fix;
        finding.fix = { matter: report.location.matter, description: text(messageId, data), ...rest };
        if (decisionRequired) finding.fix.decisionRequired = true;
      }
      if (report.details) finding.details = report.details;
      recordMessageId(finding, report.messageId);
      findings.push(finding);
    },
    text,
  };
}

/**
 * Findings of every rule that is on, in rule order. With `only`, rules of scope `matter`
 * judge just those matters (the others are as they were); rules of scope `catalogue`
 * always look at all of them.
 */
export function runRules(catalogue: Catalogue, config: RuleConfig | ResolvedRule[] = {}, only?: ReadonlySet<string>, scope?: 'matter' | 'catalogue'): Finding[] {
  const resolved = Array.isArray(config) ? config : resolveRules(config);
  const index = buildIndex(catalogue);
  // One walk over the catalogue for every rule; each rule's findings in a list of their own,
  // so the result stays in rule order.
  const lists: Finding[][] = [];
  const visitors: { visit: RuleVisitors; everyMatter: boolean }[] = [];
  for (const r of resolved) {
    if (scope && r.rule.meta.scope !== scope) continue;
    const list: Finding[] = [];
    lists.push(list);
    visitors.push({ visit: r.rule.create(contextFor(catalogue, index, r, list)), everyMatter: r.rule.meta.scope === 'catalogue' });
  }
  const onMatter = visitors.filter((v) => v.visit.matter);
  for (const matter of catalogue.matters) {
    const judged = !only || only.has(matter.code);
    for (const v of onMatter) if (judged || v.everyMatter) v.visit.matter!(matter);
  }
  for (const v of visitors) v.visit['catalogue:exit']?.();
  return lists.flat();
}

/** Applies every fix to its matter; returns the new matters list and the matters that changed. */
export function applyAllFixes(matters: readonly Matter[], fixes: readonly Fix[]): { matters: Matter[]; changed: Map<string, Matter> } {
  const byMatter = new Map<string, Fix[]>();
  for (const fix of fixes) {
    let list = byMatter.get(fix.matter);
    if (!list) byMatter.set(fix.matter, (list = []));
    list.push(fix);
  }
  const changed = new Map<string, Matter>();
  const result = matters.map((m) => {
    const list = byMatter.get(m.code);
    if (!list) return m;
    const after = applyFixes(m, list);
    if (after !== m) changed.set(m.code, after);
    return after;
  });
  return { matters: result, changed };
}

export interface AnalyzeOptions {
  config?: RuleConfig;
  /** How often fixes are applied and the rules run again on the result. */
  maxPasses?: number;
  /**
   * Whether a finding's fix is applied (default: every fix). Asked once for each finding with a
   * fix in each pass; a bundle uses it to leave out the fixes the reform office vetoed there.
   */
  acceptFix?: (finding: Finding) => boolean;
  /**
   * Whether the reform office accepted a finding whose fix awaits its decision
   * (`decisionRequired`): only then is that fix applied (and `acceptFix` asked about it too).
   * Default: none is.
   */
  acceptDecided?: (finding: Finding) => boolean;
}

/**
 * Findings on the catalogue as it is, the to-be matters every fix gives, and the figures
 * of both. Fixes are applied pass after pass until nothing changes: after the first pass,
 * rules of scope `matter` judge again only the matters the last pass changed.
 */
export function analyze(catalogue: Catalogue, options: AnalyzeOptions = {}): AnalysisResult {
  const resolved = resolveRules(options.config ?? {});
  const order = new Map(resolved.map((r, i) => [r.rule.meta.id, i]));
  const catalogueScoped = new Set(resolved.filter((r) => r.rule.meta.scope === 'catalogue').map((r) => r.rule.meta.id));
  const findings = runRules(catalogue, resolved);
  // Latest findings: per matter for matter-scoped rules, all together for catalogue-scoped ones.
  const perMatter = new Map<string, Finding[]>();
  let across: Finding[] = [];
  for (const f of findings) {
    if (catalogueScoped.has(f.rule)) across.push(f);
    else {
      let l = perMatter.get(f.matter);
      if (!l) perMatter.set(f.matter, (l = []));
      l.push(f);
    }
  }
  // Fixes of the last findings are applied; rules of scope `matter` then judge the changed
  // matters again. When they have nothing more to fix, the rules of scope `catalogue` look
  // at the whole result once more; their fixes, if any, start another round.
  let fresh: Finding[] = findings;
  let current = catalogue.matters;
  let acrossIsCurrent = true; // `across` judged `current`
  const toBe = new Map<string, Matter>();
  const whole = () => ({ ...catalogue, matters: current });
  for (let pass = 0; pass < (options.maxPasses ?? 8); pass++) {
    const fixes: Fix[] = [];
    // A fix that awaits the office's decision is applied only once the office accepted it;
    // `acceptFix` (a bundle's vetoes) may refuse any.
    for (const f of fresh) {
      if (!f.fix) continue;
      if (f.fix.decisionRequired && !options.acceptDecided?.(f)) continue;
      if (!options.acceptFix || options.acceptFix(f)) fixes.push(f.fix);
    }
    const { matters, changed } = applyAllFixes(current, fixes);
    if (changed.size > 0) {
      for (const [code, m] of changed) toBe.set(code, m);
      current = matters;
      acrossIsCurrent = false;
      fresh = runRules(whole(), resolved, new Set(changed.keys()), 'matter');
      for (const c of changed.keys()) perMatter.set(c, []);
      for (const f of fresh) perMatter.get(f.matter)!.push(f);
      continue;
    }
    if (acrossIsCurrent) break;
    fresh = across = runRules(whole(), resolved, undefined, 'catalogue');
    acrossIsCurrent = true;
  }
  if (!acrossIsCurrent) across = runRules(whole(), resolved, undefined, 'catalogue');
  const position = new Map(catalogue.matters.map((m, i) => [m.code, i]));
  const remaining = [...[...perMatter.values()].flat(), ...across].sort(
    (a, b) => order.get(a.rule)! - order.get(b.rule)! || (position.get(a.matter) ?? 0) - (position.get(b.matter) ?? 0),
  );
  const cache = newFiguresCache();
  return {
    regionCode: catalogue.regionCode,
    findings,
    remaining,
    figures: { asIs: figuresSet(catalogue.matters, cache), toBe: figuresSet(current, cache) },
    toBe: catalogue.matters.filter((m) => toBe.has(m.code)).map((m) => toBe.get(m.code)!),
  };
}
