import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyFixes, applyOperation } from './fix.js';
import { material, matter, prerequisite, step } from './fixtures.js';
import type { FixOperation } from './model.js';

function frozen<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    Object.values(v as object).forEach(frozen);
  }
  return v;
}

const asIs = frozen(
  matter({
    code: 'A',
    promisedDays: 5,
    visits: 2,
    materials: [material({ id: 'M1' }), material({ id: 'M2' })],
    steps: [
      step({ id: 'S1', kind: 'intake', applicantPresent: true }),
      step({ id: 'S2', workdays: 2, dependsOn: ['S1'] }),
      step({ id: 'S3', workdays: 1, dependsOn: ['S2'], needsResultOf: [] }),
      step({ id: 'S4', kind: 'decision', stamps: ['章'], dependsOn: ['S2', 'S3'] }),
      step({ id: 'S5', kind: 'stamp', stamps: ['章', '骑缝章'], dependsOn: ['S4'] }),
    ],
    prerequisites: [prerequisite('B')],
  }),
);

const every: FixOperation[] = [
  { op: 'removeStep', step: 'S2' },
  { op: 'foldStep', step: 'S5', into: 'S4' },
  { op: 'parallelizeStep', step: 'S3', drop: ['S2'] },
  { op: 'setStepPresence', step: 'S1', applicantPresent: false },
  { op: 'removeMaterial', material: 'M1' },
  { op: 'obtainBySharing', material: 'M2' },
  { op: 'setCommitmentAllowed', material: 'M2', allowed: true },
  { op: 'removePrerequisite', prerequisite: 'B' },
  { op: 'setPromisedDays', days: 0 },
  { op: 'setVisits', visits: 1 },
];

describe('applying fixes', () => {
  it('never touches the as-is matter (it is deep-frozen here) and returns a new one', () => {
    const snapshot = JSON.stringify(asIs);
    for (const op of every) {
      const after = applyOperation(asIs, op);
      expect(after, op.op).not.toBe(asIs);
    }
    const all = applyFixes(asIs, [{ matter: 'A', description: { zh: '全部', en: 'all' }, operations: every }]);
    expect(JSON.stringify(asIs)).toBe(snapshot);
    expect(all.steps.map((s) => s.id)).toEqual(['S1', 'S3', 'S4']);
    expect(all.materials).toEqual([{ ...asIs.materials[1], commitmentAllowed: true, source: { ...asIs.materials[1].source, dataSharing: true } }]);
    expect(all.prerequisites).toEqual([]);
    expect([all.promisedDays, all.visits]).toEqual([0, 1]);
  });

  it('removing a step hands its dependencies on; a step that needed it keeps them as need', () => {
    const after = applyOperation(asIs, { op: 'removeStep', step: 'S2' });
    expect(after.steps.find((s) => s.id === 'S3')).toMatchObject({ dependsOn: ['S1'], needsResultOf: [] });
    expect(after.steps.find((s) => s.id === 'S4')).toMatchObject({ dependsOn: ['S3', 'S1'], needsResultOf: ['S3', 'S1'] });
  });

  it('folding a stamp step merges its seals into the target without doubling one', () => {
    const after = applyOperation(asIs, { op: 'foldStep', step: 'S5', into: 'S4' });
    expect(after.steps.find((s) => s.id === 'S4')!.stamps).toEqual(['章', '骑缝章']);
    expect(after.steps.some((s) => s.id === 'S5')).toBe(false);
  });

  it('parallelising waits for what the dropped step waited for, and keeps that as need', () => {
    const after = applyOperation(asIs, { op: 'parallelizeStep', step: 'S3', drop: ['S2'] });
    expect(after.steps.find((s) => s.id === 'S3')).toMatchObject({ dependsOn: ['S1'], needsResultOf: ['S1'] });
    // again: nothing left to drop
    expect(applyOperation(after, { op: 'parallelizeStep', step: 'S3', drop: ['S1'] })).toBe(after);
  });

  it('an operation whose target is gone, or that changes nothing, returns the same matter', () => {
    expect(applyOperation(asIs, { op: 'removeStep', step: 'NONE' })).toBe(asIs);
    expect(applyOperation(asIs, { op: 'removeMaterial', material: 'NONE' })).toBe(asIs);
    expect(applyOperation(asIs, { op: 'setPromisedDays', days: 5 })).toBe(asIs);
    expect(applyOperation(asIs, { op: 'foldStep', step: 'S5', into: 'NONE' })).toBe(asIs);
    expect(applyFixes(asIs, [{ matter: 'OTHER', description: { zh: '', en: '' }, operations: every }])).toBe(asIs);
  });
});

describe('a commitment and a post-decision check', () => {
  it('allowing a commitment ends the check: a proof the letter replaces is no longer handed in', () => {
    const check = { legalBasis: { document: '《意见》', article: '', text: '' } };
    const m = frozen(matter({ code: 'A', materials: [material({ id: 'M1', category: 'proof', postDecisionCheck: check }), material({ id: 'M2', postDecisionCheck: check })] }));
    const one = applyOperation(m, { op: 'setCommitmentAllowed', material: 'M1', allowed: true });
    expect(one.materials[0]).toMatchObject({ commitmentAllowed: true, postDecisionCheck: null });
    expect(one.materials[1].postDecisionCheck).toEqual(check);
    const together = applyFixes(m, [{ matter: 'A', description: { zh: '', en: '' }, operations: [{ op: 'setCommitmentAllowed', material: 'M1', allowed: true }] }]);
    expect(together).toEqual(one);
    // Withdrawing a commitment that is not there changes nothing, the check included.
    expect(applyOperation(m, { op: 'setCommitmentAllowed', material: 'M2', allowed: false })).toBe(m);
  });
});

describe('material operations applied together', () => {
  it('give what applying them one by one gives (property)', () => {
    const check = { legalBasis: { document: '《意见》', article: '', text: '' } };
    const base = matter({
      code: 'A',
      materials: ['M1', 'M2', 'M3', 'M4'].map((id, i) =>
        material({ id, commitmentAllowed: i % 2 === 0, source: { dataSharing: i === 3 }, postDecisionCheck: i === 1 ? check : null }),
      ),
    });
    const opArb = fc.oneof(
      fc.record({ op: fc.constant('removeMaterial' as const), material: fc.constantFrom('M1', 'M2', 'M3', 'M4', 'MX') }),
      fc.record({ op: fc.constant('obtainBySharing' as const), material: fc.constantFrom('M1', 'M2', 'M3', 'M4') }),
      fc.record({ op: fc.constant('setCommitmentAllowed' as const), material: fc.constantFrom('M1', 'M2', 'M3', 'M4'), allowed: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 12 }), (ops) => {
        // one by one, removals last so "a removal wins" holds for the sequential reading too
        const ordered = [...ops.filter((o) => o.op !== 'removeMaterial'), ...ops.filter((o) => o.op === 'removeMaterial')];
        const oneByOne = ordered.reduce((m, op) => applyOperation(m, op), base);
        // the last commitment setting per material wins in both readings
        const together = applyFixes(base, [{ matter: 'A', description: { zh: '', en: '' }, operations: ops }]);
        expect(together).toEqual(oneByOne);
        if (ops.every((o) => applyOperation(base, o) === base)) expect(together).toBe(base);
      }),
    );
  });
});
