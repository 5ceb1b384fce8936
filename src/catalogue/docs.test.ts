// docs/catalogue.md documents every sheet and column of the template the code reads.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHEETS } from './files/template.js';

const DOC = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/catalogue.md'), 'utf8');

describe('docs/catalogue.md', () => {
  it('lists every sheet and every column with its Chinese heading', () => {
    for (const s of SHEETS) {
      expect(DOC, s.name).toContain(`### \`${s.name}\` — ${s.label.zh}`);
      for (const c of s.columns) expect(DOC, `${s.name}.${c.key}`).toContain(`| \`${c.key}\` | ${c.label.zh} |`);
    }
  });
});
