// The analyzer capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { loadDecisions } from './decision-rows.js';
export { type DecideInput, MAX_BATCH, decideFindings, listDecisions } from './decision-store.js';
export { DECISIONS, DECISION_LABELS, type Decision, decisionsInForce, matterHash } from './decisions.js';
export { type Finding, PRINCIPLES, type RuleConfig, SEVERITIES } from './model.js';
export { figureRows, findingRows, groupedFigureRows, summarize, toJsonReport, toSarif } from './report.js';
export { RULES } from './rules/index.js';
export { analyze, mergeConfigs, resolveRules, validateConfig } from './runner.js';
export { AnalyzerError, analyzeStored, applyFix, deleteRuleSetting, findingKey, listRuleSettings, regionRuleConfig, setRuleSetting } from './store.js';
