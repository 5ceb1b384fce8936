// Every rule has its page in docs/rules, true to its meta, with an example whose findings
// are the rule's own; the overview links every rule.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from './rules/index.js';

const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');

describe('rule documentation', () => {
  for (const rule of RULES) {
    const { meta } = rule;
    it(`docs/rules/${meta.id}.md describes the rule as it is`, () => {
      const page = fs.readFileSync(path.join(DOCS, 'rules', `${meta.id}.md`), 'utf8');
      expect(page.split('\n')[0]).toBe(`# ${meta.id}`);
      expect(page).toContain(meta.docs.zh);
      expect(page).toContain(`| Default severity | \`${meta.severity}\` |`);
      expect(page).toContain(`| Fixable | ${meta.fixable ? 'yes' : 'no'} |`);
      for (const [key, value] of Object.entries(meta.defaultOptions)) expect(page).toContain(`| \`${key}\` | \`${JSON.stringify(value)}\` |`);
      expect(page).toContain('## Example');
      const json = /```json\n([\s\S]*?)\n```/.exec(page);
      expect(json, 'an example with findings').not.toBeNull();
      const findings = JSON.parse(json![1]) as Array<{ rule: string; message: { zh: string; en: string } }>;
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.rule === meta.id && f.message.zh && f.message.en)).toBe(true);
    });
  }

  it('docs/analyzer.md links every rule', () => {
    const overview = fs.readFileSync(path.join(DOCS, 'analyzer.md'), 'utf8');
    for (const rule of RULES) expect(overview).toContain(`(rules/${rule.meta.id}.md)`);
  });
});
