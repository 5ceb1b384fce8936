import { describe, expect, it } from 'vitest';
import { analyze, applyAllFixes, mergeConfigs, resolveRules, runRules, validateConfig } from './runner.js';
import { catalogue, chain, material, matter, prerequisite, step } from './fixtures.js';
import { RULES, RULE_IDS } from './rules/index.js';
import { generateCatalogue } from '../catalogue/generate.js';
import { demoCatalogue } from '../catalogue/demo/index.js';
import type { Catalogue } from '../catalogue/model.js';

// One matter with a bit of every waste.
const wasteful = matter({
  code: 'A',
  promisedDays: 10,
  statutoryDays: 20,
  visits: 3,
  materials: [
    material({ id: 'M1', name: '身份证', canonicalId: 'identity_card', category: 'identity' }),
    material({ id: 'M2', name: '居民身份证', canonicalId: 'identity_card', category: 'identity' }),
    material({ id: 'M3', name: '规划许可证', category: 'licence', source: { kind: 'government', departmentCode: 'ZRZY' } }),
    material({ id: 'M4', name: '场地证明', category: 'proof' }),
    material({ id: 'M5', name: '情况说明', legalBases: [] }),
  ],
  steps: [
    ...chain(
      { id: 'S1', kind: 'intake', applicantPresent: true },
      { id: 'S2', kind: 'review', workdays: 2 },
      { id: 'S3', kind: 'review', workdays: 1, legalBases: [] },
      { id: 'S4', kind: 'countersign', departmentCode: 'D2', workdays: 2 },
      { id: 'S5', kind: 'countersign', departmentCode: 'D3', workdays: 2, needsResultOf: [] },
      { id: 'S6', kind: 'decision', workdays: 1, stamps: ['行政审批专用章'] },
      { id: 'S7', kind: 'stamp', workdays: 1, stamps: ['行政审批专用章'] },
    ),
  ],
});

describe('the runner', () => {
  it('runs every rule and knows each by id', () => {
    expect(RULE_IDS).toEqual([
      'no-legal-basis',
      'mutual-prerequisite',
      'long-prerequisite-chain',
      'redundant-review',
      'countersign-without-basis',
      'serial-countersign',
      'stamp-only-step',
      'faster-legal-route',
      'parallelizable-steps',
      'duplicate-material',
      'government-held-material',
      'commitment-eligible',
      'promised-exceeds-need',
      'extra-visit',
    ]);
    expect(new Set(RULE_IDS).size).toBe(RULES.length);
  });

  it('finds the waste, applies every fix to a to-be version, and leaves the as-is alone', () => {
    const cat = catalogue([wasteful]);
    const snapshot = JSON.stringify(cat);
    const result = analyze(cat);
    expect(JSON.stringify(cat)).toBe(snapshot);
    const rules = new Set(result.findings.map((f) => f.rule));
    for (const id of [
      'no-legal-basis',
      'redundant-review',
      'serial-countersign',
      'stamp-only-step',
      'duplicate-material',
      'government-held-material',
      'commitment-eligible',
      'promised-exceeds-need',
      'extra-visit',
    ]) {
      expect(rules, id).toContain(id);
    }
    expect(result.figures.asIs.matters.A).toEqual({
      materials: 5,
      materialsToSubmit: 5,
      steps: 7,
      departments: 3,
      stamps: 2,
      countersigns: 2,
      visits: 3,
      promisedDays: 10,
      criticalPathDays: 9,
    });
    // review S3 goes, the duplicate ID goes, the permit is shared, the proof is committed, countersigns
    // run in parallel, the stamp step folds into the decision, the promise follows the new path; the note M5,
    // which cites nothing of its own in a matter that has a basis, stays until the office decides
    expect(result.figures.toBe.matters.A).toEqual({
      materials: 4,
      materialsToSubmit: 2,
      steps: 5,
      departments: 3,
      stamps: 1,
      countersigns: 2,
      visits: 1,
      promisedDays: 5,
      criticalPathDays: 5,
    });
    expect(result.toBe.map((m) => m.code)).toEqual(['A']);
    expect(result.remaining.map((f) => [f.rule, f.severity, f.location.material, f.fix?.decisionRequired])).toEqual([['no-legal-basis', 'warning', 'M5', true]]);
  });

  it('a second pass catches what the first made possible (the promise shrinks after the flattening)', () => {
    const once = analyze(catalogue([wasteful]), { maxPasses: 1 });
    expect(once.figures.toBe.matters.A.promisedDays).toBe(9); // from the as-is critical path
    expect(once.remaining.some((f) => f.rule === 'promised-exceeds-need')).toBe(true);
  });

  it('errors without a fix remain', () => {
    const result = analyze(catalogue([matter({ code: 'A', prerequisites: [prerequisite('B')] }), matter({ code: 'B', prerequisites: [prerequisite('A')] })]));
    expect(result.remaining.map((f) => [f.rule, f.severity])).toEqual([['mutual-prerequisite', 'error']]);
  });

  it('per-region configuration: off, severity, options', () => {
    const cat = catalogue([wasteful]);
    const count = (config: Parameters<typeof runRules>[1]) => runRules(cat, config).filter((f) => f.rule === 'extra-visit').length;
    expect(count({})).toBe(2);
    expect(count({ 'extra-visit': 'off' })).toBe(0);
    expect(count({ 'extra-visit': { options: { maxVisits: 3 } } })).toBe(1);
    expect(
      runRules(cat, { 'extra-visit': 'error' })
        .filter((f) => f.rule === 'extra-visit')
        .every((f) => f.severity === 'error'),
    ).toBe(true);
  });

  it('merges configurations from the wider region to the narrower one, options key by key', () => {
    expect(
      mergeConfigs(
        { 'extra-visit': { severity: 'error', options: { maxVisits: 2 } }, 'stamp-only-step': 'off' },
        { 'extra-visit': { options: { maxVisits: 1 } }, 'stamp-only-step': 'warning' },
      ),
    ).toEqual({
      'extra-visit': { severity: 'error', options: { maxVisits: 1 } },
      'stamp-only-step': 'warning',
    });
  });

  it('rejects unknown rules, severities, options and option types', () => {
    expect(validateConfig({ 'no-such-rule': 'off' })[0].message.en).toContain('unknown rule');
    expect(validateConfig({ 'extra-visit': 'fatal' })[0].message.en).toContain('invalid severity');
    expect(validateConfig({ 'extra-visit': { options: { maxVisitz: 1 } } })[0].message.en).toContain('unknown option');
    expect(validateConfig({ 'extra-visit': { options: { maxVisits: '1' } } })[0].message.en).toContain('must be integer');
    expect(validateConfig({ 'extra-visit': { options: { maxVisits: -1 } } })[0].message.en).toContain('at least 0');
    expect(validateConfig([])[0].message.en).toContain('object');
  });

  it('checks options against each rule’s meta.schema and names the rule and the option', () => {
    const problems = (config: object) => validateConfig(config).map((p) => p.message);
    expect(problems({ 'extra-visit': { options: { maxVisits: 1.5 } } })).toEqual([
      { zh: '规则 extra-visit：选项 maxVisits 应为 integer', en: 'rule extra-visit: option maxVisits must be integer' },
    ]);
    expect(problems({ 'stamp-only-step': { options: { stampKinds: ['stamp', 'seal'] } } })[0].en).toMatch(/^rule stamp-only-step: option stampKinds\[1\] must be one of .*stamp/);
    expect(problems({ 'duplicate-material': { options: { groups: [['A', 7]] } } })[0]).toEqual({
      zh: '规则 duplicate-material：选项 groups[0][1] 应为 string',
      en: 'rule duplicate-material: option groups[0][1] must be string',
    });
    expect(problems({ 'mutual-prerequisite': { options: { maxCyclesPerComponent: 1e9 } } })[0].en).toBe(
      'rule mutual-prerequisite: option maxCyclesPerComponent must be at most 10000',
    );
    expect(problems({ 'commitment-eligible': { options: { includeConditional: 'yes', categories: [] } } })).toHaveLength(1);
    expect(problems({ 'serial-countersign': { options: { anything: 1 } } })[0].zh).toBe('规则 serial-countersign：未知选项 anything');
    expect(() => resolveRules({ 'extra-visit': { options: { maxVisits: 'two' } } })).toThrow('rule extra-visit: option maxVisits must be integer');
    expect(validateConfig({ 'extra-visit': { severity: 'off', options: { maxVisits: 2 } } })).toEqual([]);
    expect(() => resolveRules({ nope: 'off' })).toThrow(/unknown rule/);
  });

  it('ignores steps a fix refers to that another fix already removed', () => {
    const m = matter({ code: 'A', steps: [step({ id: 'S1', kind: 'intake' }), step({ id: 'S2', kind: 'stamp', legalBases: [], dependsOn: ['S1'] })] });
    const result = analyze(catalogue([m]));
    expect(result.figures.toBe.matters.A.steps).toBe(1);
  });

  it.each([
    ['the demo catalogue', demoCatalogue()],
    ['a generated catalogue of 400 matters', generateCatalogue({ matters: 400, departments: 30, seed: 7 })],
  ] as Array<[string, Catalogue]>)('%s: what remains is exactly what every rule finds on the to-be catalogue', (_name, cat) => {
    const result = analyze(cat);
    const toBe = new Map(result.toBe.map((m) => [m.code, m]));
    const after = { ...cat, matters: cat.matters.map((m) => toBe.get(m.code) ?? m) };
    const key = (f: { rule: string; location: object; message: { en: string } }) => `${f.rule} ${JSON.stringify(f.location)} ${f.message.en}`;
    expect(result.remaining.map(key).sort()).toEqual(runRules(after).map(key).sort());
    expect(result.figures.toBe).toEqual(analyze(after).figures.asIs);
    // a fixpoint: the fixes still attached to what remains change nothing (but those that wait for the office)
    expect(
      applyAllFixes(
        after.matters,
        result.remaining.flatMap((f) => (f.fix && !f.fix.decisionRequired ? [f.fix] : [])),
      ).changed.size,
    ).toBe(0);
  });

  it('on a generated county catalogue: the planted promises beyond the statutory limit and the planted cycles are found', () => {
    const cat = generateCatalogue({ matters: 1500, seed: 3 });
    const findings = runRules(cat);
    const beyond = cat.matters.filter((m) => m.statutoryDays !== null && m.promisedDays > m.statutoryDays).map((m) => m.code);
    expect(beyond.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.rule === 'promised-exceeds-need' && f.severity === 'error').map((f) => f.matter)).toEqual(beyond);
    const cycles = findings.filter((f) => f.rule === 'mutual-prerequisite').map((f) => f.details!.cycle!);
    expect(cycles.length).toBeGreaterThan(0);
    const byCode = new Map(cat.matters.map((m) => [m.code, m]));
    for (const cycle of cycles) {
      cycle.forEach((code, i) => expect(byCode.get(code)!.prerequisites.map((p) => p.matterCode)).toContain(cycle[(i + 1) % cycle.length]));
    }
  });
});
