// Decisions on findings belong to the reform office: every finding is accepted, rejected with
// a reason or deferred by a named person; a rejected finding is not raised again until the
// matter it was about changes; only accepted fixes change the to-be version; decisions are
// taken one by one or in bulk, all or nothing, and kept with who, when and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { CONSTRUCTION_CODES } from '../catalogue/demo/index.js';
import { listVersions, loadCatalogue, saveMatterVersion, seedDemoCatalogue } from '../catalogue/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { decisionsInForce, matterHash, type FindingDecision } from './decisions.js';
import type { Matter } from '../catalogue/model.js';

const targets = await dbTargets();
const C = CONSTRUCTION_CODES;

interface FindingView {
  key: string;
  rule: string;
  matter: string;
  departmentCode: string;
  fix?: unknown;
  decision?: { decision: string; reason: string; decidedBy: string };
}

describe('decisions in force (pure)', () => {
  const matter = { code: 'M1', name: 'x' } as unknown as Matter;
  const decision = (over: Partial<FindingDecision>): FindingDecision => ({
    id: 1,
    regionCode: '370883',
    matterCode: 'M1',
    findingKey: 'rule|M1',
    rule: 'rule',
    decision: 'rejected',
    reason: 'r',
    matterHash: matterHash(matter),
    ledgerItemId: null,
    decidedBy: 'reform',
    decidedByName: '王主任',
    decidedAt: '2026-06-15T00:00:00Z',
    ...over,
  });

  it('holds while the matter is unchanged, and the newest decision wins', () => {
    const inForce = decisionsInForce([{ matter: 'M1', key: 'rule|M1' }], [decision({ id: 1 }), decision({ id: 2, decision: 'deferred' })], () => matterHash(matter));
    expect(inForce.get('rule|M1')?.decision).toBe('deferred');
  });

  it('lapses once the matter has changed', () => {
    const changed = matterHash({ ...matter, name: 'y' } as Matter);
    expect(changed).not.toBe(matterHash(matter));
    expect(decisionsInForce([{ matter: 'M1', key: 'rule|M1' }], [decision({})], () => changed).size).toBe(0);
  });

  it('hashes content, not key order', () => {
    expect(matterHash({ name: 'x', code: 'M1' } as unknown as Matter)).toBe(matterHash(matter));
  });
});

describe.each(targets)('decisions on findings on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let leader: Client;

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-06-15T02:00:00Z') });
    await seedDemoCatalogue(t.store.db);
    reform = await signInAs(t.app, 'reform');
    leader = await signInAs(t.app, 'leader');
  });
  afterAll(async () => t?.close());

  const findings = async (query = '') => (await reform.inject({ method: 'GET', url: `/api/analyze?stage=to_be${query}` })).json().findings as FindingView[];

  it('rejects a finding with a reason: it is not raised again, and the decision is kept with who and why', async () => {
    const before = await findings();
    const target = before.find((f) => f.matter === C.permit && f.fix)!;
    const res = await reform.inject({
      method: 'POST',
      url: '/api/analyze/decisions',
      payload: { decision: 'reject', reason: '该环节为省级规定，县级无权取消', findings: [{ matterCode: target.matter, key: target.key }] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ decision: 'rejected', decided: 1 });
    const after = await findings();
    expect(after.some((f) => f.key === target.key)).toBe(false);
    const shown = (await findings('&decided=include')).find((f) => f.key === target.key)!;
    expect(shown.decision).toMatchObject({ decision: 'rejected', reason: '该环节为省级规定，县级无权取消', decidedBy: '改革办 王主任' });
    const history = (await leader.inject({ method: 'GET', url: `/api/analyze/decisions?matter=${target.matter}` })).json().items as FindingDecision[];
    expect(history[0]).toMatchObject({ findingKey: target.key, decision: 'rejected', decidedBy: 'reform' });
  });

  it('keeps a rejected finding out of "apply every fix" of its matter', async () => {
    const rejected = (await findings('&decided=include')).find((f) => f.decision?.decision === 'rejected')!;
    const res = await reform.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: rejected.matter } });
    expect(res.statusCode).toBe(201);
    expect((res.json().applied as FindingView[]).map((f) => f.key)).not.toContain(rejected.key);
  });

  it('raises a rejected finding again once its matter has changed', async () => {
    const open = await findings();
    const target = open.find((f) => f.matter !== C.permit && f.fix)!;
    await reform.inject({
      method: 'POST',
      url: '/api/analyze/decisions',
      payload: { decision: 'reject', reason: '暂不调整', findings: [{ matterCode: target.matter, key: target.key }] },
    });
    expect((await findings()).some((f) => f.key === target.key)).toBe(false);
    // The matter changes (its name is corrected): the rejection was about its earlier state.
    const catalogue = await loadCatalogue(t.store.db, SYSTEM_ACTOR, { stage: 'to_be' });
    const matter = catalogue.matters.find((m) => m.code === target.matter)!;
    await saveMatterVersion(t.store.db, SYSTEM_ACTOR, { ...matter, name: `${matter.name}（更正）` }, { stage: 'to_be', note: 'name corrected' });
    const again = (await findings()).find((f) => f.key === target.key);
    expect(again).toBeDefined();
    expect(again!.decision).toBeUndefined();
  });

  it('accepts in bulk by rule: one to-be version and ledger item per matter, each finding recorded as accepted', async () => {
    const open = await findings();
    const rule = open.find((f) => f.fix && f.rule === 'government-held-material')?.rule ?? open.find((f) => f.fix)!.rule;
    const matters = new Set(open.filter((f) => f.rule === rule && f.fix).map((f) => f.matter));
    const res = await reform.inject({ method: 'POST', url: '/api/analyze/decisions', payload: { decision: 'accept', rule } });
    expect(res.statusCode).toBe(201);
    const body = res.json() as { decided: number; fixes: Array<{ version: { matterCode: string }; ledgerItem: { id: number } }> };
    expect(new Set(body.fixes.map((f) => f.version.matterCode))).toEqual(matters);
    expect((await findings()).filter((f) => f.rule === rule && f.fix && matters.has(f.matter))).toEqual([]);
    const accepted = (await reform.inject({ method: 'GET', url: '/api/analyze/decisions?decision=accepted&limit=1000' })).json().items as FindingDecision[];
    expect(accepted.filter((d) => d.rule === rule).length).toBeGreaterThanOrEqual(body.decided);
    expect(accepted.every((d) => d.ledgerItemId !== null)).toBe(true);
  });

  it('defers in bulk by department without changing any version', async () => {
    const open = await findings();
    const department = open[0].departmentCode;
    const versionsBefore = (await listVersions(t.store.db, SYSTEM_ACTOR, open[0].matter)).length;
    const res = await reform.inject({ method: 'POST', url: '/api/analyze/decisions', payload: { decision: 'defer', department, reason: '待省厅答复' } });
    expect(res.statusCode).toBe(201);
    expect((await listVersions(t.store.db, SYSTEM_ACTOR, open[0].matter)).length).toBe(versionsBefore);
    const deferred = (await findings()).filter((f) => f.departmentCode === department);
    expect(deferred.length).toBeGreaterThan(0);
    expect(deferred.every((f) => f.decision?.decision === 'deferred')).toBe(true);
  });

  it('refuses a rejection without a reason, an unknown finding, and other roles — changing nothing', async () => {
    const count = async () => ((await reform.inject({ method: 'GET', url: '/api/analyze/decisions?limit=1000' })).json().items as unknown[]).length;
    const n = await count();
    const open = await findings();
    const noReason = await reform.inject({
      method: 'POST',
      url: '/api/analyze/decisions',
      payload: { decision: 'reject', findings: [{ matterCode: open[0].matter, key: open[0].key }] },
    });
    expect(noReason.statusCode).toBe(422);
    const unknown = await reform.inject({
      method: 'POST',
      url: '/api/analyze/decisions',
      payload: {
        decision: 'defer',
        findings: [
          { matterCode: open[0].matter, key: open[0].key },
          { matterCode: 'NOPE', key: 'x|y' },
        ],
      },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message.en).toContain('NOPE');
    const asLeader = await leader.inject({ method: 'POST', url: '/api/analyze/decisions', payload: { decision: 'defer', rule: open[0].rule } });
    expect(asLeader.statusCode).toBe(403);
    expect(await count()).toBe(n);
  });
});
