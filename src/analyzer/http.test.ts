// The analyzer's API on every database target: findings grouped by department and by rule,
// per-region rule configuration, and "apply fix" — a to-be version and a ledger item that
// exist together or not at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { CONSTRUCTION_CODES } from '../catalogue/demo/index.js';
import { listVersions, seedDemoCatalogue } from '../catalogue/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { RULE_IDS } from './rules/index.js';

const targets = await dbTargets();
const C = CONSTRUCTION_CODES;

interface FindingView {
  key: string;
  rule: string;
  severity: string;
  matter: string;
  departmentCode: string;
  location: Record<string, string>;
  message: { zh: string; en: string };
  fix?: { operations: Array<{ op: string }> };
}

describe.each(targets)('analyzer API on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let officer: Client;

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-06-15T02:00:00Z') });
    await seedDemoCatalogue(t.store.db);
    reform = await signInAs(t.app, 'reform');
    officer = await signInAs(t.app, 'officer');
  });
  afterAll(async () => t?.close());

  it('lists the rules with their explanations and principles', async () => {
    const res = await reform.inject({ method: 'GET', url: '/api/analyze/rules' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ id: string; docs: { zh: string; en: string; principle: string }; principle: { zh: string } }>;
    expect(items.map((r) => r.id)).toEqual(RULE_IDS);
    expect(items.find((r) => r.id === 'mutual-prerequisite')!.principle.zh).toContain('互为前置');
  });

  it('declares its routes in the OpenAPI document', async () => {
    const paths = Object.keys((await reform.inject({ method: 'GET', url: '/api/docs/json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/analyze', '/api/analyze/rules', '/api/analyze/fixes', '/api/analyze/config', '/api/analyze/config/{rule}']));
  });

  it('finds the demo catalogue’s waste, grouped by department and by rule, with figures', async () => {
    const res = await reform.inject({ method: 'GET', url: '/api/analyze' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const findings = body.findings as FindingView[];
    expect(findings.length).toBeGreaterThan(50);
    const permitPlanning = findings.find((f) => f.rule === 'government-held-material' && f.matter === C.permit && f.message.zh.includes('自然资源和规划局'));
    expect(permitPlanning).toBeDefined();
    // groups cover every finding once, by the implementing department and by rule
    const fromGroups = (groups: Array<{ findings: number[] }>) => groups.flatMap((g) => g.findings).sort((a, b) => a - b);
    expect(fromGroups(body.byDepartment)).toEqual(findings.map((_, i) => i));
    expect(fromGroups(body.byRule)).toEqual(findings.map((_, i) => i));
    const xzsp = body.byDepartment.find((g: { departmentCode: string }) => g.departmentCode === 'XZSP');
    expect(xzsp.departmentName).toBe('行政审批服务局');
    expect(xzsp.findings.every((i: number) => findings[i].departmentCode === 'XZSP')).toBe(true);
    const mutual = body.byRule.find((g: { rule: string }) => g.rule === 'mutual-prerequisite');
    expect(mutual.docs.zh).toContain('互为前置');
    expect(mutual.severity).toBe('error');
    expect(body.figures.asIs.catalogue.matters).toBe(15);
    expect(body.figures.toBe.catalogue.materialsToSubmit).toBeLessThan(body.figures.asIs.catalogue.materialsToSubmit);
    const filtered = await reform.inject({ method: 'GET', url: '/api/analyze?department=XZSP&rule=no-legal-basis' });
    expect((filtered.json().findings as FindingView[]).every((f) => f.departmentCode === 'XZSP' && f.rule === 'no-legal-basis')).toBe(true);
    // Each finding names its matter; the server searches matters by name or code.
    expect(permitPlanning).toMatchObject({ matterName: '建筑工程施工许可证核发' });
    const searched = (await reform.inject({ method: 'GET', url: `/api/analyze?q=${encodeURIComponent('施工许可证')}` })).json().findings as Array<
      FindingView & { matterName: string }
    >;
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.every((f) => f.matterName.includes('施工许可证'))).toBe(true);
    expect((await reform.inject({ method: 'GET', url: `/api/analyze?q=${'x'.repeat(101)}` })).statusCode).toBe(400);
  });

  it('pages the findings on the server: filters and the decision state before paging, counts per group over every page', async () => {
    const all = (await reform.inject({ method: 'GET', url: '/api/analyze?decided=include' })).json();
    const first = (await reform.inject({ method: 'GET', url: '/api/analyze?decided=include&limit=20' })).json();
    expect(first).toMatchObject({ total: all.total, offset: 0, limit: 20, nextOffset: 20 });
    expect(first.findings).toEqual(all.findings.slice(0, 20));
    const second = (await reform.inject({ method: 'GET', url: '/api/analyze?decided=include&limit=20&offset=20' })).json();
    expect(second.findings).toEqual(all.findings.slice(20, 40));
    // Groups count every finding; their indexes point into the page.
    expect(first.byRule.map((g: { count: number }) => g.count)).toEqual(all.byRule.map((g: { count: number }) => g.count));
    expect(first.byRule.flatMap((g: { findings: number[] }) => g.findings).sort((a: number, b: number) => a - b)).toEqual([...Array(20).keys()]);
    const rule = all.byRule.find((g: { rule: string }) => g.rule === 'no-legal-basis');
    expect(rule.fixable).toBeGreaterThan(0);
    expect(rule.fixable).toBeLessThanOrEqual(rule.raised);
    // Filters apply before paging: the last page of one rule holds only that rule.
    const ruleOnly = (await reform.inject({ method: 'GET', url: `/api/analyze?rule=no-legal-basis&limit=5&offset=${Math.max(0, rule.count - 5)}` })).json();
    expect(ruleOnly.total).toBe(rule.count);
    expect(ruleOnly.nextOffset).toBeNull();
    expect(ruleOnly.findings.every((f: FindingView) => f.rule === 'no-legal-basis')).toBe(true);
    // Counts only, and the decision state as a filter.
    const counts = (await reform.inject({ method: 'GET', url: '/api/analyze?limit=0' })).json();
    expect(counts.findings).toEqual([]);
    expect(counts.byDecision.all).toBe(counts.total);
    const undecided = (await reform.inject({ method: 'GET', url: '/api/analyze?decision=undecided&limit=500' })).json();
    expect(undecided.total).toBe(counts.byDecision.undecided);
    expect(undecided.findings.every((f: { decision?: unknown }) => !f.decision)).toBe(true);
    // Everything the caller controls is bounded.
    for (const bad of ['limit=501', 'limit=-1', 'offset=1000001', 'decision=maybe'])
      expect((await reform.inject({ method: 'GET', url: `/api/analyze?${bad}` })).statusCode).toBe(400);
  });

  it('per-region configuration: the reform office switches a rule off and changes thresholds; others may not', async () => {
    expect((await officer.inject({ method: 'PUT', url: '/api/analyze/config/extra-visit', payload: { severity: 'off' } })).statusCode).toBe(403);
    const bad = await reform.inject({ method: 'PUT', url: '/api/analyze/config/extra-visit', payload: { options: { maxVisits: 'one' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message.zh).toContain('maxVisits');
    expect((await reform.inject({ method: 'PUT', url: '/api/analyze/config/no-such-rule', payload: { severity: 'off' } })).statusCode).toBe(400);

    const off = await reform.inject({ method: 'PUT', url: '/api/analyze/config/extra-visit', payload: { severity: 'off' } });
    expect(off.statusCode).toBe(200);
    const after = (await reform.inject({ method: 'GET', url: '/api/analyze' })).json();
    expect((after.findings as FindingView[]).some((f) => f.rule === 'extra-visit')).toBe(false);
    const config = (await reform.inject({ method: 'GET', url: '/api/analyze/config' })).json();
    expect(config.rules.find((r: { id: string }) => r.id === 'extra-visit')).toMatchObject({ enabled: false, severity: 'off' });

    // a township inherits the city's setting and overrides an option of its own
    await reform.inject({ method: 'PUT', url: '/api/analyze/config/long-prerequisite-chain', payload: { severity: 'error', options: { maxWorkdays: 10 } } });
    await reform.inject({ method: 'PUT', url: '/api/analyze/config/long-prerequisite-chain', payload: { region: '370883001', options: { maxWorkdays: 5 } } });
    const township = (await reform.inject({ method: 'GET', url: '/api/analyze/config?region=370883001' })).json();
    expect(township.rules.find((r: { id: string }) => r.id === 'long-prerequisite-chain')).toMatchObject({ severity: 'error', options: { maxWorkdays: 5 } });
    expect(township.rules.find((r: { id: string }) => r.id === 'extra-visit').enabled).toBe(false);

    expect((await reform.inject({ method: 'DELETE', url: '/api/analyze/config/extra-visit' })).json()).toEqual({ deleted: true });
    const back = (await reform.inject({ method: 'GET', url: '/api/analyze' })).json();
    expect((back.findings as FindingView[]).some((f) => f.rule === 'extra-visit')).toBe(true);
    const audit = await t.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'analyze.rule.%').execute();
    expect(audit.map((a) => a.action)).toEqual(['analyze.rule.set', 'analyze.rule.set', 'analyze.rule.set', 'analyze.rule.delete']);
  });

  it('apply fix: the chosen fix gives a to-be version and a ledger item together; the finding is gone from the to-be', async () => {
    const findings = (await reform.inject({ method: 'GET', url: `/api/analyze?matter=${C.permit}` })).json().findings as FindingView[];
    const planning = findings.find((f) => f.rule === 'government-held-material' && f.message.zh.includes('自然资源和规划局'))!;
    const res = await reform.inject({
      method: 'POST',
      url: '/api/analyze/fixes',
      payload: { matterCode: C.permit, findings: [planning.key], owner: '王主任', deadlineWorkdays: 10 },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.version).toMatchObject({ matterCode: C.permit, stage: 'to_be' });
    expect(body.applied.map((f: FindingView) => f.key)).toEqual([planning.key]);
    expect(body.figures.after.materialsToSubmit).toBe(body.figures.before.materialsToSubmit - 1);
    expect(body.ledgerItem).toMatchObject({ owner: '王主任', departmentCode: 'XZSP', status: 'planned', deadlineWorkdays: 10 });
    expect(body.ledgerItem.measure).toContain('数据共享');
    expect(body.ledgerItem.matters[0]).toMatchObject({ matterCode: C.permit });

    const versions = await listVersions(t.store.db, SYSTEM_ACTOR, C.permit);
    expect(versions.map((v) => v.stage)).toEqual(['as_is', 'to_be']);
    const toBe = (await reform.inject({ method: 'GET', url: `/api/analyze?stage=to_be&matter=${C.permit}` })).json().findings as FindingView[];
    expect(toBe.some((f) => f.key === planning.key)).toBe(false);
    expect(toBe.length).toBe(findings.length - 1);
    // the as-is is untouched
    const asIs = (await reform.inject({ method: 'GET', url: `/api/analyze?matter=${C.permit}` })).json().findings as FindingView[];
    expect(asIs.some((f) => f.key === planning.key)).toBe(true);

    // then every remaining fix, building on that to-be version
    const all = await reform.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: C.permit } });
    expect(all.statusCode).toBe(201);
    expect(all.json().version.version).toBe(3);
    expect(all.json().figures.after.visits).toBeLessThanOrEqual(1);
    const again = await reform.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: C.permit } });
    expect(again.statusCode).toBe(422);
  });

  it('applicants may not see the analysis', async () => {
    const applicant = await signInAs(t.app, 'applicant');
    expect((await applicant.inject({ method: 'GET', url: '/api/analyze' })).statusCode).toBe(403);
    expect((await reform.inject({ method: 'GET', url: '/api/analyze?region=370884' })).statusCode).toBe(403);
  });

  it('apply fix: unknown finding or matter, and roles that may not', async () => {
    expect((await reform.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: C.quality, findings: ['no-such|finding'] } })).statusCode).toBe(422);
    expect((await reform.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: 'NO-SUCH' } })).statusCode).toBe(404);
    expect((await officer.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: C.quality } })).statusCode).toBe(403);
  });
});

describe.each(targets)('apply fix is one transaction on $name', (target) => {
  it('when the ledger item cannot be created (no calendar for the year), no to-be version is left behind', async () => {
    const t = await openTestApp(target, { now: () => new Date('2150-06-15T02:00:00Z') }); // beyond the provisional years (to 2099)
    try {
      await seedDemoCatalogue(t.store.db);
      const reform = await signInAs(t.app, 'reform');
      const res = await reform.inject({ method: 'POST', url: '/api/analyze/fixes', payload: { matterCode: C.quality } });
      // the version is written first, then the ledger item fails: the calendar knows nothing of 2150
      expect(res.statusCode).toBe(422);
      expect(res.json().error.message.en).toContain('2150');
      const versions = await listVersions(t.store.db, SYSTEM_ACTOR, C.quality);
      expect(versions.map((v) => v.stage)).toEqual(['as_is']);
      const ledger = await t.store.db.selectFrom('ledger_items').select('id').execute();
      expect(ledger).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
