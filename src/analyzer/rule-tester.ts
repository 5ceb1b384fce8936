// A RuleTester in the spirit of ESLint's: a rule and a table of valid cases (no finding)
// and invalid cases (exactly these findings — located, and matched by message id rather
// than by prose — and, when given, exactly this to-be output once the findings' fixes are
// applied). Every case also checks what every rule owes: messages from `meta.messages` with
// every placeholder filled, a location in a matter of the catalogue, fixes that point at the
// finding's matter, options its schema accepts, and an as-is catalogue left untouched (it is
// deep-frozen).
import { describe, expect, it } from 'vitest';
import type { Catalogue, CatalogueDepartment, Matter } from '../catalogue/model.js';
import { applyFixes } from './fix.js';
import { messageIdOf } from './messages.js';
import type { Finding, FindingDetails, FindingLocation, Rule, Severity } from './model.js';
import { optionProblems } from './options.js';
import { runRules } from './runner.js';

export interface ValidCase<O extends object> {
  name: string;
  matters: Matter[];
  departments?: CatalogueDepartment[];
  options?: Partial<O>;
}

export interface ExpectedFinding {
  location: FindingLocation;
  severity?: Severity;
  /** The id in the rule's `meta.messages` the message comes from. */
  messageId?: string;
  /** Substrings the zh-CN and/or en message must contain (for what the data puts in it). */
  message?: { zh?: string | string[]; en?: string | string[] };
  /** Whether a fix is attached (checked when given). */
  fixable?: boolean;
  /** Properties the details must have (deep equality per property). */
  details?: Partial<FindingDetails>;
}

export interface InvalidCase<O extends object> extends ValidCase<O> {
  findings: ExpectedFinding[];
  /** The to-be matters after applying every finding's fix once: code → expected matter. */
  output?: Record<string, Matter>;
}

export interface RuleTests<O extends object> {
  valid: ValidCase<O>[];
  invalid: InvalidCase<O>[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

function run<O extends object>(rule: Rule<O>, c: ValidCase<O>): { catalogue: Catalogue; findings: Finding[] } {
  const catalogue = deepFreeze({ regionCode: '370883', departments: c.departments ?? [], matters: structuredClone(c.matters) });
  const before = JSON.stringify(catalogue);
  const options = { ...rule.meta.defaultOptions, ...(c.options ?? {}) };
  expect(optionProblems(rule, options), 'the case’s options fit meta.schema').toEqual([]);
  const findings = runRules(catalogue, [{ rule, severity: rule.meta.severity, options }]);
  expect(JSON.stringify(catalogue), 'the rule must not change the as-is catalogue').toBe(before);
  const codes = new Set(catalogue.matters.map((m) => m.code));
  for (const f of findings) {
    expect(f.rule).toBe(rule.meta.id);
    expect(f.matter).toBe(f.location.matter);
    expect(codes.has(f.matter), `finding on unknown matter ${f.matter}`).toBe(true);
    expect(f.message.zh.length > 0 && f.message.en.length > 0, 'messages in zh-CN and en').toBe(true);
    expect(f.message.zh + f.message.en).not.toContain('[object Object]');
    expect(f.message.zh + f.message.en).not.toContain('undefined');
    expect(f.message.zh + f.message.en, 'every placeholder filled').not.toContain('{{');
    expect(Object.keys(rule.meta.messages), 'message id').toContain(messageIdOf(f));
    if (f.fix) {
      expect(rule.meta.fixable, 'a rule that fixes must say so in meta.fixable').toBe(true);
      expect(f.fix.matter).toBe(f.matter);
      expect(f.fix.operations.length).toBeGreaterThan(0);
      expect(f.fix.description.zh && f.fix.description.en).toBeTruthy();
      expect(f.fix.description.zh + f.fix.description.en, 'every placeholder filled').not.toContain('{{');
    }
  }
  return { catalogue, findings };
}

const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function runRuleTests<O extends object>(rule: Rule<O>, tests: RuleTests<O>): void {
  describe(rule.meta.id, () => {
    it('has meta: id, severity, type, bilingual docs with a principle, messages, an options schema its defaults fit', () => {
      expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning', 'suggestion']).toContain(rule.meta.severity);
      expect(['problem', 'waste']).toContain(rule.meta.type);
      expect(rule.meta.docs.zh && rule.meta.docs.en && rule.meta.docs.principle).toBeTruthy();
      expect(typeof rule.meta.defaultOptions).toBe('object');
      expect(optionProblems(rule, rule.meta.defaultOptions)).toEqual([]);
      for (const [id, m] of Object.entries<{ zh: string; en: string }>(rule.meta.messages)) expect(m.zh && m.en, `message ${id} in zh-CN and en`).toBeTruthy();
      expect(tests.valid.length, 'valid cases').toBeGreaterThan(0);
      expect(tests.invalid.length, 'invalid cases').toBeGreaterThan(0);
    });
    describe('valid', () => {
      for (const c of tests.valid) {
        it(c.name, () => {
          const { findings } = run(rule, c);
          expect(findings.map((f) => f.message.en)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of tests.invalid) {
        it(c.name, () => {
          const { catalogue, findings } = run(rule, c);
          expect(
            findings.map((f) => f.location),
            'findings, in order',
          ).toEqual(c.findings.map((e) => e.location));
          c.findings.forEach((e, i) => {
            const f = findings[i];
            if (e.severity) expect(f.severity).toBe(e.severity);
            if (e.messageId) expect(messageIdOf(f), `finding ${i} message id`).toBe(e.messageId);
            for (const s of asList(e.message?.zh)) expect(f.message.zh).toContain(s);
            for (const s of asList(e.message?.en)) expect(f.message.en).toContain(s);
            if (e.fixable !== undefined) expect(f.fix !== undefined, `finding ${i} fixable`).toBe(e.fixable);
            if (e.details) for (const [k, v] of Object.entries(e.details)) expect(f.details?.[k as keyof FindingDetails], `details.${k}`).toEqual(v);
          });
          if (c.output) {
            const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
            for (const [code, expected] of Object.entries(c.output)) {
              const asIs = catalogue.matters.find((m) => m.code === code);
              expect(asIs, `matter ${code} in the case`).toBeDefined();
              expect(applyFixes(asIs!, fixes)).toEqual(expected);
            }
          }
        });
      }
    });
  });
}
