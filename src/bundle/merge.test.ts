import { describe, expect, it } from 'vitest';
import { basis, field, governmentMaterial, material, matter, prerequisite, step } from '../catalogue/build.js';
import { demoCatalogue, DEMO_SETS } from '../catalogue/demo/index.js';
import type { Catalogue, Matter } from '../catalogue/model.js';
import { importBpmn } from '../engine/bpmn/import.js';
import { MemoryEngine } from '../engine/memory.js';
import { applyFixes } from '../analyzer/fix.js';
import { analyze } from '../analyzer/runner.js';
import { createBundleDraft } from './merge.js';
import { ROLES } from '../org/model.js';
import { BundleError, FIGURE_KEYS } from './model.js';

const LAW = basis('《测试条例》', '第一条', '应当具备条件。');

/** Two small matters of two departments that ask for overlapping fields and materials. */
function pair(overrides: { a?: Partial<Matter>; b?: Partial<Matter> } = {}): Catalogue {
  const a = matter({
    code: 'T-A',
    name: '甲许可',
    kind: 'licensing',
    departmentCode: 'D1',
    legalBases: [LAW],
    promisedDays: 3,
    visits: 2,
    result: { name: '甲许可证', kind: 'licence' },
    materials: [
      material({ id: 'M1', name: '甲申请表', category: 'application_form', legalBases: [LAW] }),
      governmentMaterial({ id: 'M2', name: '营业执照', canonicalId: 'business_licence', departmentCode: 'D9', legalBases: [LAW] }),
      material({ id: 'M3', name: '场地证明', canonicalId: 'premises_proof', legalBases: [LAW], commitmentAllowed: true }),
    ],
    steps: [
      step({ id: 'S1', name: '受理', kind: 'intake', departmentCode: 'D1', applicantPresent: true, legalBases: [LAW] }),
      step({ id: 'S2', name: '审查', kind: 'review', departmentCode: 'D1', workdays: 1, dependsOn: ['S1'], legalBases: [LAW] }),
      step({ id: 'S3', name: '决定', kind: 'decision', departmentCode: 'D1', workdays: 1, dependsOn: ['S2'], stamps: ['审批章'], legalBases: [LAW] }),
    ],
    formFields: [field('F1', '申请人名称', 'applicant_name'), field('F2', '总投资', 'investment', { unit: '万元' }), field('F3', '特别事项', null)],
    ...overrides.a,
  });
  const b = matter({
    code: 'T-B',
    name: '乙登记',
    kind: 'filing',
    departmentCode: 'D2',
    legalBases: [LAW],
    promisedDays: 1,
    visits: 1,
    result: { name: '乙登记回执', kind: 'filing_receipt' },
    materials: [
      material({ id: 'M1', name: '乙登记表', category: 'application_form', legalBases: [LAW] }),
      governmentMaterial({ id: 'M2', name: '营业执照副本', canonicalId: 'business_licence', departmentCode: 'D9', legalBases: [LAW] }),
      material({ id: 'M3', name: '施工图纸', canonicalId: 'construction_drawings', legalBases: [LAW] }),
    ],
    steps: [
      step({ id: 'S1', name: '受理', kind: 'intake', departmentCode: 'D2', applicantPresent: true, legalBases: [LAW] }),
      step({ id: 'S2', name: '登记审查', kind: 'review', departmentCode: 'D2', workdays: 0.5, dependsOn: ['S1'], legalBases: [LAW] }),
    ],
    formFields: [field('G1', '企业名称', 'applicant_name'), field('G2', '投资额', 'investment', { unit: '元' })],
    ...overrides.b,
  });
  return {
    regionCode: '370883',
    departments: [
      { code: 'D1', name: '甲局', regionCode: '370883' },
      { code: 'D2', name: '乙局', regionCode: '370883' },
      { code: 'D9', name: '发证局', regionCode: '370883' },
    ],
    matters: [a, b],
  };
}

/** The catalogue once the reform office has accepted every removal the analyzer left to it. */
function officeAcceptsRemovals(cat: Catalogue): Catalogue {
  const proposals = analyze(cat).findings.flatMap((f) => (f.fix?.decisionRequired ? [f.fix] : []));
  return { ...cat, matters: cat.matters.map((m) => applyFixes(m, proposals)) };
}

function bundleError(fn: () => unknown): BundleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BundleError) return err;
    throw err;
  }
  throw new Error('expected a BundleError');
}

describe('the unified form', () => {
  it('asks every canonical field once, keeps unmatched fields per matter, and labels in Chinese', () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const keys = d.form.fields.map((f) => f.key);
    expect(keys).toEqual(['applicant_name', 'investment', 'T-A:F3']);
    expect(d.form.duplicatesRemoved).toBe(2);
    const applicant = d.form.fields[0];
    expect(applicant.label).toBe('申请单位名称');
    expect(applicant.labels).toEqual(['申请人名称', '企业名称']);
    expect(applicant.matters).toEqual(['T-A', 'T-B']);
    const schema = d.form.schema as { properties: Record<string, { title: string; type: string }>; required: string[] };
    expect(schema.properties.applicant_name).toMatchObject({ title: '申请单位名称', type: 'string' });
    expect(schema.properties.investment).toMatchObject({ type: 'number', 'x-unit': '万元' });
    expect(schema.required).toEqual(keys);
  });

  it('does not ask for the number of a certificate the bundle itself issues', () => {
    const cat = pair();
    cat.matters[1].formFields.push(field('G3', '甲许可证编号', null));
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    expect(d.form.fields.map((f) => f.label)).not.toContain('甲许可证编号');
    expect(d.form.producedInside).toEqual([{ matterCode: 'T-B', fieldKey: 'G3', label: '甲许可证编号', producedBy: 'T-A' }]);
    // Alone, 乙 still asks for it.
    const alone = createBundleDraft(
      { ...cat, matters: [cat.matters[1], { ...cat.matters[0], code: 'T-C', result: { name: '丙证', kind: 'licence', fields: [] } }] },
      { name: 'x', matterCodes: ['T-B', 'T-C'] },
    );
    expect(alone.form.fields.map((f) => f.label)).toContain('甲许可证编号');
  });

  it('reports a unit conflict for a decision and uses the dictionary’s unit meanwhile', () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    expect(d.form.conflicts).toHaveLength(1);
    const c = d.form.conflicts[0];
    expect(c).toMatchObject({ canonicalKey: 'investment', aspects: ['unit'], reconcilable: true, decided: false });
    expect(c.chosen.unit).toBe('万元');
    expect(c.message.zh).toContain('单位不同');
  });

  it('refuses fields whose types cannot hold each other’s values, naming the field and the matters', () => {
    const cat = pair();
    cat.matters[1].formFields.push(field('G3', '开工日期', 'planned_start_date'));
    cat.matters[0].formFields.push(field('F4', '开工日期', 'planned_start_date', { type: 'number' }));
    const err = bundleError(() => createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] }));
    expect(err.code).toBe('field_conflict');
    expect(err.messages.zh).toContain('计划开工日期');
    expect(err.messages.zh).toContain('T-A');
    expect(err.messages.en).toContain('planned_start_date');
  });

  it('merges irreconcilable fields once the reform office decides', () => {
    const cat = pair();
    cat.matters[1].formFields.push(field('G3', '开工日期', 'planned_start_date'));
    cat.matters[0].formFields.push(field('F4', '开工日期', 'planned_start_date', { type: 'number' }));
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'], decisions: { planned_start_date: { type: 'date' } } });
    const f = d.form.fields.find((x) => x.key === 'planned_start_date')!;
    expect(f.type).toBe('date');
    expect(d.form.conflicts.find((c) => c.canonicalKey === 'planned_start_date')).toMatchObject({ decided: true, reconcilable: false });
  });
});

describe('the material list and the commitment letter', () => {
  it('asks a shared document once, obtains government ones by sharing, replaces allowed proofs by the letter', () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const by = Object.fromEntries(d.materials.map((m) => [m.key, m]));
    expect(by.business_licence.disposition).toBe('shared');
    expect(by.business_licence.uses.map((u) => u.matterCode)).toEqual(['T-A', 'T-B']);
    expect(by.business_licence.issuer).toBe('发证局');
    expect(by.premises_proof.disposition).toBe('commitment');
    expect(by.construction_drawings.disposition).toBe('submit');
    expect(d.materials.filter((m) => m.disposition === 'form')).toHaveLength(2);
  });

  it('writes each commitment with its legal basis, the duty it replaces and how it is checked, and the 42号 consequences', () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    expect(d.letter.title).toBe('甲乙一件事告知承诺书');
    expect(d.letter.basis.document).toContain('国办发〔2020〕42号');
    const proofs = d.letter.commitments.map((c) => c.proof);
    expect(proofs).toContain('住所（经营场所）使用证明');
    const c = d.letter.commitments.find((x) => x.materialKey === 'premises_proof')!;
    expect(c.legalBases).toEqual([LAW]);
    expect(c.duty.zh).toContain('《测试条例》第一条');
    expect(c.verification.zh).toContain('甲局');
    expect(d.letter.consequences.zh).toMatch(/终止办理.*撤销.*信用记录/);
    expect(d.letter.notice.length).toBeGreaterThanOrEqual(5);
  });

  it('never replaces a proof in a category 国办发〔2020〕42号 excludes, even when the list allows it', () => {
    const cat = pair();
    cat.matters[0].materials[2] = material({ id: 'M3', name: '安全措施', canonicalId: 'safety_measures', legalBases: [LAW], commitmentAllowed: true });
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const m = d.materials.find((x) => x.key === 'safety_measures')!;
    expect(m.disposition).toBe('submit');
    expect(d.letter.commitments.map((x) => x.materialKey)).not.toContain('safety_measures');
  });

  it('keeps a material received now and checked after the decision on the list as handed in, out of the letter, and tells the applicant', () => {
    const cat = pair();
    const check = { legalBasis: basis('《审批制度改革意见》', '', '事中事后监管能够纠正的，实行告知承诺制。') };
    cat.matters[1].materials[2] = material({ id: 'M3', name: '安全文明施工措施', canonicalId: 'safety_measures', legalBases: [LAW], postDecisionCheck: check });
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const m = d.materials.find((x) => x.key === 'safety_measures')!;
    expect(m.disposition).toBe('submit');
    expect(m.commitmentExclusion).toBe('public_safety');
    expect(m.checkedAfterDecision).toEqual({ matters: ['T-B'], legalBases: [check.legalBasis] });
    expect(d.letter.commitments.map((x) => x.materialKey)).not.toContain('safety_measures');
    expect(d.letter.excluded).toContainEqual({ materialKey: 'safety_measures', name: '保证工程质量和安全的具体措施', exclusion: 'public_safety', checkedAfterDecision: true });
    expect(d.letter.notice.map((n) => n.zh).join('')).toContain('收件备查：「保证工程质量和安全的具体措施」');
    // Still handed in: the material, the form and the letter.
    expect(d.after.materials).toBe(3);
    // Without the check nothing of it reaches the notice.
    const plain = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    expect(plain.materials.every((x) => x.checkedAfterDecision === null)).toBe(true);
    expect(plain.letter.notice.map((n) => n.zh).join('')).not.toContain('收件备查');
  });
});

describe('the process and the time limit', () => {
  it('runs the branches in parallel and takes the longest as the combined limit', () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const [a, b] = d.process.branches;
    // 甲 examines nothing but the form and the letter: decided on the spot.
    expect(a).toMatchObject({ matterCode: 'T-A', commitmentBased: true, workdays: 0, stepWorkdays: 2 });
    // 乙 still examines the drawings.
    expect(b).toMatchObject({ matterCode: 'T-B', commitmentBased: false, workdays: 0.5, toExamine: ['施工图设计文件'] });
    expect(d.process.workdays).toBe(0.5);
    expect(d.process.criticalBranch).toBe('T-B');
  });

  it('does not wait for a material the branch receives and checks after the decision', () => {
    const cat = pair();
    cat.matters[1].materials[2] = material({ id: 'M3', name: '施工图纸', canonicalId: 'construction_drawings', legalBases: [LAW], postDecisionCheck: { legalBasis: LAW } });
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const b = d.process.branches[1];
    expect(b).toMatchObject({ matterCode: 'T-B', commitmentBased: true, workdays: 0, stepWorkdays: 0.5, toExamine: [], checkedAfterDecision: ['施工图设计文件'] });
    expect(d.after.promisedWorkdays).toBe(0);
    expect(d.process.criticalBranch).toBeNull();
  });

  it('still waits when only another matter checks the shared material after the decision', () => {
    const cat = pair();
    // 甲 asks for the drawings too and examines them before deciding; 乙 checks them afterwards.
    cat.matters[0].materials.push(material({ id: 'M4', name: '施工图', canonicalId: 'construction_drawings', legalBases: [LAW] }));
    cat.matters[1].materials[2] = material({ id: 'M3', name: '施工图纸', canonicalId: 'construction_drawings', legalBases: [LAW], postDecisionCheck: { legalBasis: LAW } });
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    const [a, b] = d.process.branches;
    expect(a).toMatchObject({ commitmentBased: false, workdays: 2, toExamine: ['施工图设计文件'], checkedAfterDecision: [] });
    expect(b).toMatchObject({ commitmentBased: true, workdays: 0 });
    expect(d.materials.find((x) => x.key === 'construction_drawings')!.checkedAfterDecision).toEqual({ matters: ['T-B'], legalBases: [LAW] });
    expect(d.after.promisedWorkdays).toBe(2);
  });

  it('is instant when every branch is instant or commitment-based', () => {
    const cat = pair();
    cat.matters[1].materials[2] = material({ id: 'M3', name: '资金证明', canonicalId: 'funding_proof', legalBases: [LAW], commitmentAllowed: true });
    const d = createBundleDraft(cat, { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    expect(d.process.branches.every((b) => b.commitmentBased)).toBe(true);
    expect(d.after.promisedWorkdays).toBe(0);
    expect(d.after.commitmentLetters).toBe(1);
  });

  it('emits BPMN the engine imports as valid and executable, with a shape for every element', async () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'], processId: 'bundle_test' });
    const r = await importBpmn(d.process.bpmnXml);
    expect(r.validation).toMatchObject({ ok: true, executable: true, errors: [], unsupported: [] });
    const p = r.models!.processes[0];
    expect(p.id).toBe('bundle_test');
    const tasks = Object.values(p.nodes).filter((n) => n.kind === 'userTask');
    expect(tasks.map((t) => t.name)).toEqual(expect.arrayContaining(['综合窗口一次受理', '审查', '决定', '登记审查', '联合审批决定', '证照统一出件（大礼包）']));
    expect(tasks.find((t) => t.name === '登记审查')!.candidates!.departments).toEqual(['D2']);
    // Tasks are offered to departments and to platform roles only — a job title is no role anyone signs in with.
    for (const t of tasks) for (const r of t.candidates?.roles ?? []) expect(ROLES).toContain(r);
    expect(tasks.find((t) => t.name === '综合窗口一次受理')!.candidates!.roles).toEqual(['window_clerk']);
    for (const id of [...Object.keys(p.nodes), ...Object.keys(p.flows)]) expect(d.process.bpmnXml).toContain(`bpmnElement="${id}"`);
  });
});

describe('the process runs on the engine', () => {
  it('construction: joint intake, then every branch of a stage at once, stage after stage, then the joint decision and the result package', async () => {
    const d = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, processId: 'bundle_run' });
    const { models } = await importBpmn(d.process.bpmnXml);
    const engine = new MemoryEngine();
    engine.deploy(models!);
    const id = engine.start('bundle_run');
    const names = () => engine.openTasks((t) => t.instanceId === id).map((t) => t.name ?? '');
    expect(names()).toEqual(['综合窗口一次受理']);
    engine.completeTask(engine.openTasks()[0].id);
    // Every first-stage branch's first step is open at the same time: parallel approval. The
    // branches that need what those issue (the bid-award filing, the drawing review) wait for them.
    expect(Math.max(...d.process.branches.map((b) => b.stage))).toBe(1);
    const firstSteps = (stage: number) =>
      d.process.branches
        .filter((b) => b.stage === stage && b.steps.length)
        .map((b) => b.steps.filter((s) => !s.dependsOn.some((x) => b.steps.some((y) => y.id === x))).map((s) => s.name))
        .flat();
    expect(names().sort()).toEqual(firstSteps(0).sort());
    let rounds = 0;
    while (!names().some((n) => firstSteps(1).includes(n)) && rounds++ < 20) for (const t of engine.openTasks((x) => x.instanceId === id)) engine.completeTask(t.id);
    expect(names().sort()).toEqual(firstSteps(1).sort());
    let guard = 0;
    while (!names().includes('联合审批决定') && guard++ < 100) for (const t of engine.openTasks((x) => x.instanceId === id)) engine.completeTask(t.id);
    expect(names()).toEqual(['联合审批决定']);
    engine.completeTask(engine.openTasks()[0].id);
    expect(names()).toEqual(['证照统一出件（大礼包）']);
    engine.completeTask(engine.openTasks()[0].id);
    expect(engine.instance(id).status).toBe('completed');
  });
});

describe('before and after', () => {
  it('counts from the matters as they are and from the merged service', () => {
    const d = createBundleDraft(pair(), { name: '甲乙一件事', matterCodes: ['T-A', 'T-B'] });
    expect(Object.keys(d.before)).toEqual([...FIGURE_KEYS]);
    expect(Object.keys(d.after)).toEqual([...FIGURE_KEYS, 'commitmentLetters']);
    // 甲 already lets a commitment replace its site proof: 5 of the 6 materials are handed in.
    expect(d.before).toEqual({
      matters: 2,
      forms: 2,
      formFields: 5,
      materials: 5,
      steps: 5,
      departments: 2,
      stamps: 1,
      countersigns: 0,
      visits: 3,
      inspections: 0,
      examinations: 0,
      promisedWorkdaysSum: 4,
      promisedWorkdays: 3,
    });
    // submitted: the drawings, the unified form and the letter; the applicant's and investment fields asked once
    expect(d.after).toMatchObject({ matters: 2, forms: 1, formFields: 3, materials: 3, visits: 1, promisedWorkdays: 0.5, commitmentLetters: 1 });
  });

  it('tells a trip to the hall from an inspection at the applicant’s premises and a medical examination, and a commitment does not shorten an examination', () => {
    const catalogue = pair({
      a: {
        steps: [
          step({ id: 'S1', name: '受理', kind: 'intake', departmentCode: 'D1', applicantPresent: true, legalBases: [LAW] }),
          step({
            id: 'S2',
            name: '经营场所现场核查',
            kind: 'site_inspection',
            departmentCode: 'D1',
            workdays: 1,
            applicantPresent: true,
            onlinePossible: false,
            dependsOn: ['S1'],
            legalBases: [LAW],
          }),
          step({ id: 'S3', name: '决定', kind: 'decision', departmentCode: 'D1', workdays: 1, dependsOn: ['S2'], stamps: ['审批章'], legalBases: [LAW] }),
        ],
      },
      b: {
        name: '健康证明办理',
        promisedDays: 7,
        // Nothing for the department to examine: the branch is commitment-based.
        materials: [governmentMaterial({ id: 'M2', name: '身份证', canonicalId: 'identity_card', departmentCode: 'D9', legalBases: [LAW] })],
        steps: [
          step({ id: 'S1', name: '受理', kind: 'intake', departmentCode: 'D2', applicantPresent: true, legalBases: [LAW] }),
          step({
            id: 'S2',
            name: '健康体检',
            kind: 'medical_examination',
            departmentCode: 'D2',
            workdays: 1,
            applicantPresent: true,
            onlinePossible: false,
            dependsOn: ['S1'],
            legalBases: [LAW],
          }),
          step({ id: 'S3', name: '检验检测', kind: 'laboratory_test', departmentCode: 'D2', workdays: 3, dependsOn: ['S2'], legalBases: [LAW] }),
          step({ id: 'S4', name: '审核', kind: 'review', departmentCode: 'D2', workdays: 1, dependsOn: ['S3'], legalBases: [LAW] }),
          step({ id: 'S5', name: '制发健康证', kind: 'card_production', departmentCode: 'D2', workdays: 1, dependsOn: ['S4'], legalBases: [LAW] }),
        ],
      },
    });
    const d = createBundleDraft(catalogue, { name: '开办餐馆一件事', matterCodes: ['T-A', 'T-B'] });
    expect(d.before).toMatchObject({ inspections: 1, examinations: 2, promisedWorkdaysSum: 10 });
    // One trip to the window; the inspection and the examinations are counted as what they are.
    expect(d.after).toMatchObject({ visits: 1, inspections: 1, examinations: 2 });
    const health = d.process.branches.find((b) => b.matterCode === 'T-B')!;
    expect(health.commitmentBased).toBe(true);
    // examination → test → card: 1 + 3 + 1 working days; only the paper review is instant
    expect(health.workdays).toBe(5);
    expect(d.after.promisedWorkdays).toBeGreaterThanOrEqual(5);
  });
});

describe('bad input is refused whole, in both languages', () => {
  it('names unknown matter codes', () => {
    const err = bundleError(() => createBundleDraft(pair(), { name: 'x', matterCodes: ['T-A', 'NOPE-1', 'NOPE-2'] }));
    expect(err.code).toBe('unknown_matters');
    expect(err.messages.zh).toContain('NOPE-1、NOPE-2');
    expect(err.messages.en).toContain('NOPE-1, NOPE-2');
  });

  it('refuses a single matter', () => {
    const err = bundleError(() => createBundleDraft(pair(), { name: 'x', matterCodes: ['T-A'] }));
    expect(err.code).toBe('too_few_matters');
    expect(err.messages.zh).toContain('至少合并两个事项');
  });

  it('refuses a matter chosen twice and an empty name', () => {
    expect(bundleError(() => createBundleDraft(pair(), { name: 'x', matterCodes: ['T-A', 'T-A'] })).code).toBe('duplicate_matters');
    expect(bundleError(() => createBundleDraft(pair(), { name: '  ', matterCodes: ['T-A', 'T-B'] })).code).toBe('invalid_name');
  });

  it('refuses matters that are each other’s prerequisite by law, showing the cycle', () => {
    const cat = pair();
    cat.matters[0].prerequisites = [prerequisite('T-B', [LAW])];
    cat.matters[1].prerequisites = [prerequisite('T-A', [LAW])];
    const err = bundleError(() => createBundleDraft(cat, { name: 'x', matterCodes: ['T-A', 'T-B'] }));
    expect(err.code).toBe('prerequisite_cycle');
    expect(err.messages.zh).toContain('甲许可（T-A） → 乙登记（T-B） → 甲许可（T-A）');
    expect(err.messages.en).toContain('T-A → T-B → T-A');
  });

  it('bundles a cycle one link of which has no legal basis: the analyzer cuts that link', () => {
    const cat = pair();
    cat.matters[0].prerequisites = [prerequisite('T-B', [LAW])];
    cat.matters[1].prerequisites = [prerequisite('T-A', [])];
    const d = createBundleDraft(cat, { name: 'x', matterCodes: ['T-A', 'T-B'] });
    expect(d.prerequisites).toEqual([
      { matterCode: 'T-A', prerequisite: 'T-B', hasLegalBasis: true, outcome: 'joint' },
      { matterCode: 'T-B', prerequisite: 'T-A', hasLegalBasis: false, outcome: 'cut' },
    ]);
  });
});

describe('the demo bundles, from the demo catalogue and the analyzer’s rules', () => {
  it('construction: nine matters and more than twenty materials become one form and one commitment letter', () => {
    const d = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    expect(d.before.matters).toBe(9);
    expect(d.before.forms).toBe(9);
    expect(d.before.materials).toBeGreaterThanOrEqual(20);
    expect(d.before.promisedWorkdays).toBe(2);
    expect(d.after.forms).toBe(1);
    expect(d.after.commitmentLetters).toBe(1);
    expect(d.after.materials).toBeLessThan(d.before.materials);
    expect(d.after.visits).toBe(1);
    // The mutual prerequisite between the permit and the quality registration is cut where it has no basis.
    expect(d.prerequisites).toContainEqual({ matterCode: '370883-JS-002', prerequisite: '370883-JS-001', hasLegalBasis: false, outcome: 'cut' });
  });

  it('construction: materials that cite nothing of their own in a founded matter stay, and are examined, until the office decides their removal', () => {
    const d = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    expect(d.after.materials).toBe(6);
    expect(d.after.promisedWorkdays).toBe(1.5);
    expect(d.materials.filter((m) => m.disposition === 'submit' && m.legalBases.length === 0).map((m) => m.name)).toEqual(['授权委托书', '建设工程施工合同']);
    expect(d.openFindings.filter((f) => f.rule === 'no-legal-basis' && f.severity === 'warning').length).toBeGreaterThan(0);
  });

  it('construction: 9 matters and 63 materials become 1 form and 1 letter, and 2 working days become 0 (on the spot), once the office accepts every proposed removal', () => {
    const d = createBundleDraft(officeAcceptsRemovals(demoCatalogue()), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    // before: the matters as they were listed, before the office's decisions
    expect(createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction }).before).toEqual({
      matters: 9,
      forms: 9,
      formFields: 105,
      materials: 63,
      steps: 40,
      departments: 4,
      stamps: 9,
      countersigns: 4,
      visits: 11,
      inspections: 1,
      examinations: 0,
      promisedWorkdaysSum: 11,
      promisedWorkdays: 2,
    });
    expect(d.after).toEqual({
      matters: 9,
      forms: 1,
      formFields: 27,
      materials: 4,
      steps: 14,
      departments: 3,
      stamps: 7,
      countersigns: 2,
      visits: 1,
      inspections: 0,
      examinations: 0,
      promisedWorkdaysSum: 5.5,
      promisedWorkdays: 0,
      commitmentLetters: 1,
    });
    expect(d.process.criticalBranch).toBeNull();
    // The public-safety documents are still handed in (42号 keeps them out of the letter), but checked after the decision.
    const submitted = d.materials.filter((m) => m.disposition === 'submit');
    expect(submitted.map((m) => [m.name, m.commitmentExclusion, m.checkedAfterDecision?.matters])).toEqual([
      ['保证工程质量和安全的具体措施', 'public_safety', ['370883-JS-001', '370883-JS-003']],
      ['危险性较大的分部分项工程清单', 'public_safety', ['370883-JS-003']],
    ]);
    expect(submitted.flatMap((m) => m.checkedAfterDecision!.legalBases.map((b) => b.document))).toEqual([
      expect.stringContaining('国办发〔2019〕11号'),
      expect.stringContaining('国办发〔2019〕11号'),
    ]);
    expect(d.letter.commitments.map((c) => c.materialKey)).not.toEqual(expect.arrayContaining(['safety_measures', 'dangerous_works_list']));
    const permit = d.process.branches.find((b) => b.matterCode === '370883-JS-001')!;
    expect(permit).toMatchObject({ commitmentBased: true, workdays: 0, stepWorkdays: 1.5, toExamine: [], checkedAfterDecision: ['保证工程质量和安全的具体措施'] });
  });

  it('construction: without the post-decision check the public-safety documents are examined first; the permit (1.5 days) runs in the last stage, after a first stage of 0.5 days', () => {
    const cat = officeAcceptsRemovals(demoCatalogue());
    for (const m of cat.matters) for (const x of m.materials) x.postDecisionCheck = null;
    const d = createBundleDraft(cat, { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    const permit = d.process.branches.find((b) => b.matterCode === '370883-JS-001')!;
    const safety = d.process.branches.find((b) => b.matterCode === '370883-JS-003')!;
    // the permit needs the quality supervision notice, which needs the drawing review filing
    expect(permit.follows).toContain('370883-JS-002');
    expect(permit.stage).toBe(2);
    expect(safety).toMatchObject({ stage: 0, workdays: 0.5 });
    expect(d.after.promisedWorkdays).toBe(2);
    expect(d.process.criticalBranch).toBe('370883-JS-001');
    expect(d.process.branches.filter((b) => !b.commitmentBased).map((b) => [b.matterCode, b.workdays, b.toExamine])).toEqual([
      ['370883-JS-001', 1.5, ['保证工程质量和安全的具体措施']],
      ['370883-JS-003', 0.5, ['危险性较大的分部分项工程清单', '保证工程质量和安全的具体措施']],
    ]);
  });

  it('construction: the combined limit is the longest branch, and only branches that still examine materials take time', () => {
    const d = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    for (const b of d.process.branches) {
      expect(b.commitmentBased).toBe(b.toExamine.length === 0);
      expect(b.workdays).toBe(b.commitmentBased ? 0 : b.stepWorkdays);
    }
    expect(d.after.promisedWorkdays).toBe(Math.max(...d.process.branches.map((b) => b.workdays)));
    expect(d.after.promisedWorkdays).toBeLessThan(d.before.promisedWorkdays);
  });

  it('business start-up: six matters, one form, the result package of every licence', async () => {
    const d = createBundleDraft(demoCatalogue(), { name: '企业开办一件事', matterCodes: DEMO_SETS['business-startup'] });
    expect(d.before.matters).toBe(6);
    expect(d.after.forms).toBe(1);
    expect(d.resultPackage.map((r) => r.result)).toContain('营业执照');
    expect((await importBpmn(d.process.bpmnXml)).validation.ok).toBe(true);
  });
});
