// The analysis takes shortcuts for speed (figures cached per matter object, only changed
// matters judged again). These tests hold its result to what the
// straightforward computation gives on a generated catalogue.
import { describe, expect, it } from 'vitest';
import { generateCatalogue } from '../catalogue/generate.js';
import type { Matter } from '../catalogue/model.js';
import { figuresSet } from './figures.js';
import { analyze, runRules } from './runner.js';

const catalogue = generateCatalogue({ matters: 400, seed: 3 });
const result = analyze(catalogue);
const toBe = new Map(result.toBe.map((m) => [m.code, m]));
const toBeMatters: Matter[] = catalogue.matters.map((m) => toBe.get(m.code) ?? m);

describe('the analysis against the straightforward computation', () => {
  it('findings: every rule run once over the whole catalogue as it is', () => {
    expect(result.findings.length).toBeGreaterThan(1000);
    expect(result.findings).toEqual(runRules(catalogue));
  });

  it('remaining: every rule run once over the whole to-be catalogue (same findings, as a set)', () => {
    const key = (f: { rule: string; location: object; message: { en: string } }) => `${f.rule} ${JSON.stringify(f.location)} ${f.message.en}`;
    const full = runRules({ ...catalogue, matters: toBeMatters });
    expect(result.remaining.map(key).sort()).toEqual(full.map(key).sort());
  });

  it('figures: computed afresh, without any cache', () => {
    expect(result.figures.asIs).toEqual(figuresSet(catalogue.matters));
    expect(result.figures.toBe).toEqual(figuresSet(toBeMatters));
  });

  it('findings are plain data: JSON, spreading, deep equality', () => {
    const plain = JSON.parse(JSON.stringify(result.findings)) as typeof result.findings;
    expect(plain).toEqual(result.findings);
    for (const f of result.findings) {
      expect(Object.keys(f.message)).toEqual(['zh', 'en']);
      expect(typeof f.message.zh === 'string' && f.message.zh.length > 0 && f.message.en.length > 0).toBe(true);
      if (f.fix) expect({ ...f.fix.description }).toEqual({ zh: f.fix.description.zh, en: f.fix.description.en });
    }
  });
});
