// Only accepted fixes change the to-be version: a fix that awaits the office's decision (a
// material citing no provision of its own) changes a bundle once the office accepted its
// finding in the analyzer — listed among the bundle's reliances and vetoable there — and not
// while it is rejected or deferred. On every database target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { analyze } from '../analyzer/runner.js';
import { decideFindings } from '../analyzer/decision-store.js';
import { findingKey } from '../analyzer/store.js';
import type { Finding } from '../analyzer/model.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { loadCatalogue, saveMatterVersion, seedDemoCatalogue } from '../catalogue/store.js';
import type { Actor } from '../org/model.js';
import { seedDemoOrganisation } from '../org/seed.js';
import type { Store } from '../store/database.js';
import { currentAccepted } from './accepted.js';
import { fixRelianceKey } from './reliances.js';
import { createBundle, reviseBundle, type StoredBundle } from './store.js';
import { vetoReliance } from './office.js';

const targets = await dbTargets();
const reform: Actor = { userId: 0, username: 'reform.test', displayName: '改革办', role: 'reform_office', regionCode: '370883', departmentId: null };
const codes = [...DEMO_SETS['business-startup']];

const uses = (b: StoredBundle, f: Finding) => b.draft.materials.some((m) => m.uses.some((u) => u.matterCode === f.matter && u.materialId === f.location.material));

describe('the newest decision still current for its matter counts', () => {
  const d = (id: number, decision: string, matterHash = 'h1') => ({ id, matterCode: 'A', findingKey: 'no-legal-basis|A / material M1', decision, matterHash });
  it('keeps an acceptance, drops it once rejected after, and ignores decisions on another state of the matter', () => {
    const hashes = new Map([['A', new Set(['h1'])]]);
    expect(currentAccepted([d(1, 'accepted')], hashes)).toEqual(['fix:A:no-legal-basis|A / material M1']);
    expect(currentAccepted([d(1, 'accepted'), d(2, 'rejected')], hashes)).toEqual([]);
    expect(currentAccepted([d(1, 'rejected'), d(2, 'accepted')], hashes)).toHaveLength(1);
    expect(currentAccepted([d(1, 'accepted', 'old')], hashes)).toEqual([]);
  });
});

describe.each(targets)('a bundle and the office’s decisions on $name', (target) => {
  let store: Store;
  let finding: Finding;
  let plain: StoredBundle;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-1');
    await seedDemoCatalogue(store.db);
    const catalogue = await loadCatalogue(store.db, reform, { codes });
    plain = await createBundle(store.db, reform, { name: '企业开办一件事', matterCodes: codes });
    // A removal awaiting a decision, of a material only its matter asks the applicant to hand in.
    finding = analyze(catalogue).findings.find((f) => {
      if (!f.fix?.decisionRequired || !f.location.material) return false;
      const m = plain.draft.materials.find((x) => x.uses.some((u) => u.matterCode === f.matter && u.materialId === f.location.material));
      return m?.disposition === 'submit' && m.uses.length === 1;
    })!;
    expect(finding).toBeDefined();
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it('does not apply a fix awaiting a decision before the office decides', () => {
    expect(uses(plain, finding)).toBe(true);
    expect(plain.draft.reliances!.map((r) => r.key)).not.toContain(fixRelianceKey(finding));
  });

  it('leaves the bundle unchanged when the office rejects or defers the finding', async () => {
    const one = [{ matterCode: finding.matter, key: findingKey(finding) }];
    await decideFindings(store.db, reform, { decision: 'defer', findings: one });
    const deferred = await reviseBundle(store.db, reform, plain.id, { note: 'after deferring' });
    await decideFindings(store.db, reform, { decision: 'reject', reason: '该材料为依据所要求', findings: one });
    const rejected = await reviseBundle(store.db, reform, plain.id, { note: 'after rejecting' });
    for (const b of [deferred, rejected]) {
      expect(uses(b, finding)).toBe(true);
      expect(b.after).toEqual(plain.after);
      expect(b.draft.reliances!.map((r) => r.key)).not.toContain(fixRelianceKey(finding));
    }
  });

  it('applies it once accepted: the material goes, the figures follow, the reliance is listed and vetoable', async () => {
    await decideFindings(store.db, reform, { decision: 'accept', findings: [{ matterCode: finding.matter, key: findingKey(finding) }] });
    const accepted = await reviseBundle(store.db, reform, plain.id, { note: 'after accepting' });
    expect(uses(accepted, finding)).toBe(false);
    expect(accepted.draft.removedMaterials).toContainEqual(expect.objectContaining({ matterCode: finding.matter, materialId: finding.location.material }));
    expect(accepted.after.materials).toBe(plain.after.materials - 1);
    expect(accepted.before).toEqual(plain.before);
    expect(accepted.draft.reliances!.find((r) => r.key === fixRelianceKey(finding))).toMatchObject({ source: 'fix', kind: 'removal', rule: 'no-legal-basis', vetoed: false });
    // A new bundle drafted now applies it from the start.
    const fresh = await createBundle(store.db, reform, { name: '企业开办一件事（新）', matterCodes: codes });
    expect(uses(fresh, finding)).toBe(false);

    const vetoed = await vetoReliance(store.db, reform, plain.id, { key: fixRelianceKey(finding), reason: '本一件事仍需该材料' });
    expect(uses(vetoed, finding)).toBe(true);
    expect(vetoed.after.materials).toBe(plain.after.materials);
    expect(vetoed.draft.reliances!.find((r) => r.key === fixRelianceKey(finding))!.vetoed).toBe(true);
  });

  it('no longer applies it once the matter is re-imported changed: the decision was about another state', async () => {
    const catalogue = await loadCatalogue(store.db, reform, { codes: [finding.matter] });
    const changed = { ...catalogue.matters[0], promisedDays: (catalogue.matters[0].promisedDays ?? 1) + 1 };
    await saveMatterVersion(store.db, reform, changed, { stage: 'as_is', note: '重新导入' });
    const revised = await reviseBundle(store.db, reform, plain.id, { note: 'after re-import' });
    expect(uses(revised, finding)).toBe(true);
  });
});
