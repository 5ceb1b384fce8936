// Bundles of matters drawn at random from the generated county catalogue: every draft either
// is refused with a BundleError or holds together — one field per key, every material of
// every flattened matter accounted for once, the limit the longest branch, a process the
// engine accepts.
import { describe, expect, it } from 'vitest';
import { generateCatalogue, prng } from '../catalogue/generate.js';
import { importBpmn } from '../engine/bpmn/import.js';
import { createBundleDraft } from './merge.js';
import { BundleError } from './model.js';
import { isCommitmentLetter } from './letter.js';

const catalogue = generateCatalogue({ matters: 300, seed: 7 });

describe('bundles of generated matters', () => {
  it('are refused with a reason or hold together', { timeout: 120_000 }, async () => {
    const random = prng(11);
    const refused = new Map<string, number>();
    let made = 0;
    for (let trial = 0; trial < 40; trial++) {
      const size = 2 + Math.floor(random() * 14);
      const codes = new Set<string>();
      while (codes.size < size) codes.add(catalogue.matters[Math.floor(random() * catalogue.matters.length)].code);
      let draft;
      try {
        draft = createBundleDraft(catalogue, { name: `抽样一件事${trial}`, matterCodes: [...codes] });
      } catch (err) {
        if (!(err instanceof BundleError)) throw err;
        expect(err.messages.zh.length).toBeGreaterThan(0);
        expect(err.messages.en.length).toBeGreaterThan(0);
        refused.set(err.code, (refused.get(err.code) ?? 0) + 1);
        continue;
      }
      made++;
      const keys = draft.form.fields.map((f) => f.key);
      expect(new Set(keys).size).toBe(keys.length);
      const uses = draft.materials.flatMap((m) => m.uses.map((u) => `${u.matterCode}|${u.materialId}`));
      expect(new Set(uses).size).toBe(uses.length);
      const flattened = draft.materials.reduce((n, m) => n + m.uses.length, 0) + draft.removedMaterials.length;
      const asIs = [...codes].reduce((n, c) => n + catalogue.matters.find((m) => m.code === c)!.materials.length, 0);
      expect(flattened).toBe(asIs);
      expect(draft.after.promisedWorkdays).toBe(Math.max(0, ...draft.process.branches.map((b) => b.workdays)));
      expect(draft.after.commitmentLetters).toBe(draft.letter.commitments.length ? 1 : 0);
      expect(draft.letter.commitments.map((c) => c.materialKey)).toEqual(
        draft.materials.filter((m) => m.disposition === 'commitment' && !isCommitmentLetter(m.name)).map((m) => m.key),
      );
      const { validation } = await importBpmn(draft.process.bpmnXml);
      expect(validation).toMatchObject({ ok: true, errors: [], unsupported: [] });
    }
    // The sample exercises the happy path; refusals, when any, are only for the documented reasons.
    expect(made).toBeGreaterThan(20);
    for (const code of refused.keys()) expect(['prerequisite_cycle', 'field_conflict']).toContain(code);
  });
});
