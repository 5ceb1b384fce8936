// What a bundle relies on, vetoed one by one; the letter the office prints; what changes
// between two versions. Pure: the demo catalogue's construction bundle, no database.
import { describe, expect, it } from 'vitest';
import { demoCatalogue, DEMO_SETS } from '../catalogue/demo/index.js';
import { analyze } from '../analyzer/runner.js';
import { createBundleDraft } from './merge.js';
import { bundleChanges, hasChanges } from './changes.js';
import { fixRelianceKey } from './reliances.js';

const catalogue = demoCatalogue();
// The office accepted every removal the analyzer proposes for a decision (materials citing no
// provision of their own), as Zoucheng did: the bundle relies on those fixes too.
const acceptedFixes = analyze(catalogue)
  .findings.filter((f) => f.fix?.decisionRequired)
  .map(fixRelianceKey);
const draftOf = (vetoes: string[] = [], cat = catalogue) => createBundleDraft(cat, { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, vetoes, acceptedFixes });
const plain = draftOf();

describe('what a bundle relies on', () => {
  it('lists the analyzer’s fixes and the merge’s replacements of materials, none vetoed', () => {
    const reliances = plain.reliances!;
    expect(new Set(reliances.map((r) => r.source))).toEqual(new Set(['fix', 'material']));
    expect([...new Set(reliances.map((r) => r.kind))]).toEqual(expect.arrayContaining(['removal', 'sharing', 'commitment', 'post_decision_check']));
    expect(reliances.some((r) => r.kind === 'removal' && r.source === 'fix')).toBe(true);
    expect(reliances.find((r) => r.key === 'material:site_readiness')).toMatchObject({ kind: 'commitment', vetoed: false });
    expect(reliances.every((r) => !r.vetoed)).toBe(true);
    expect(new Set(reliances.map((r) => r.key)).size).toBe(reliances.length);
  });

  it('a vetoed replacement is handed in and examined before the decision: letter, process and figures follow', () => {
    const vetoed = draftOf(['material:site_readiness']);
    expect(vetoed.reliances!.find((r) => r.key === 'material:site_readiness')!.vetoed).toBe(true);
    expect(vetoed.materials.find((m) => m.key === 'site_readiness')).toMatchObject({ disposition: 'submit', checkedAfterDecision: null });
    expect(vetoed.letter.commitments.map((c) => c.materialKey)).not.toContain('site_readiness');
    expect(vetoed.after.materials).toBe(plain.after.materials + 1);
    expect(plain.after.promisedWorkdays).toBe(0);
    expect(vetoed.after.promisedWorkdays).toBeGreaterThan(0);
    // The as-is side does not depend on what the office vetoes.
    expect(vetoed.before).toEqual(plain.before);
  });

  it('a vetoed fix is not applied and its finding stays open', () => {
    const removal = plain.reliances!.find((r) => r.source === 'fix' && r.kind === 'removal' && r.key.includes('/ material '))!;
    const [, matterCode] = removal.key.split(':');
    const materialId = /\/ material (\S+)$/.exec(removal.key)![1];
    expect(plain.removedMaterials).toContainEqual(expect.objectContaining({ matterCode, materialId }));
    const vetoed = draftOf([removal.key]);
    expect(vetoed.reliances!.find((r) => r.key === removal.key)!.vetoed).toBe(true);
    expect(vetoed.removedMaterials).not.toContainEqual(expect.objectContaining({ matterCode, materialId }));
    expect(vetoed.openFindings.some((f) => f.matter === matterCode && f.rule === removal.rule)).toBe(true);
  });
});

describe('the commitment letter', () => {
  it('merges the matters’ own commitment letters instead of replacing them by a commitment', () => {
    const own = plain.materials.filter((m) => m.disposition === 'commitment' && /承诺书$/.test(m.name));
    expect(own.length).toBeGreaterThan(0);
    expect(plain.letter.commitments.map((c) => c.proof)).not.toEqual(expect.arrayContaining(own.map((m) => m.name)));
    expect(plain.letter.notice.map((n) => n.zh).join('')).toContain('并入本承诺书');
  });

  it('names a matter without a recorded basis alone, never “（无设定依据）”', () => {
    const stripped = { ...catalogue, matters: catalogue.matters.map((m) => (m.code === DEMO_SETS.construction[8] ? { ...m, legalBases: [] } : m)) };
    const d = draftOf([], stripped);
    const name = catalogue.matters.find((m) => m.code === DEMO_SETS.construction[8])!.name;
    expect(d.letter.notice[0].zh).toContain(name);
    expect(JSON.stringify(d.letter)).not.toContain('无设定依据');
  });
});

describe('what changes between two versions', () => {
  it('says which vetoes, figures, materials and commitments changed; nothing for the same version', () => {
    const vetoed = draftOf(['material:site_readiness']);
    const veto = { key: 'material:site_readiness', reason: '须审查', by: 'reform', byName: '王主任', at: '2026-03-02T01:30:00.000Z' };
    const changes = bundleChanges(
      { version: 1, draft: plain, decisions: {}, vetoes: [] },
      { version: 2, draft: vetoed, decisions: { investment: { unit: '万元' } }, vetoes: [veto] },
    );
    expect(changes).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      name: null,
      matters: { added: [], removed: [] },
      vetoes: { added: ['material:site_readiness'], removed: [] },
      fieldDecisions: ['investment'],
    });
    expect(changes.figures).toContainEqual({ key: 'materials', before: plain.after.materials, after: vetoed.after.materials });
    expect(changes.materials.disposition).toContainEqual({ name: expect.stringContaining('施工场地'), before: 'commitment', after: 'submit' });
    expect(changes.commitments.removed).toEqual([expect.stringContaining('施工场地')]);
    expect(hasChanges(changes)).toBe(true);
    expect(hasChanges(bundleChanges({ version: 1, draft: plain, decisions: {}, vetoes: [] }, { version: 2, draft: plain, decisions: {}, vetoes: [] }))).toBe(false);
  });
});
