// A published bundle is one service of the catalogue (一件事一次办): a matter whose form is
// the unified form, whose materials are the bundle's list (shared ones and commitments
// marked as such), whose steps are the bundle's process (joint intake, the branches, joint
// decision, result package), and whose promised limit and visits are the bundle's. Pure.
import { PHYSICAL_STEP_KINDS, type FormField, type LegalBasis, type Material, type Matter, type Step } from '../catalogue/model.js';
import type { BundleDraft } from './model.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** The catalogue code of a bundle's service: `<region>-YJS-<id>` (一件事). */
export function serviceCode(regionCode: string, bundleId: number): string {
  return `${regionCode}-YJS-${String(bundleId).padStart(3, '0')}`;
}

/** The service matter of a draft; its legal bases are the bundled matters' (it has none of its own). */
export function serviceMatter(draft: BundleDraft, code: string, leadDepartment: string): Matter {
  const materials: Material[] = [];
  const add = (m: Omit<Material, 'id'>) => materials.push({ id: `M${pad(materials.length + 1)}`, ...m });
  const plain = { medium: 'paper_or_electronic' as const, original: 'original' as const, copies: 1, commitmentExclusion: null, postDecisionCheck: null };
  add({
    ...plain,
    name: draft.form.title,
    canonicalId: null,
    category: 'application_form',
    requirement: 'required',
    condition: '',
    source: {
      kind: 'applicant',
      issuerType: null,
      presentOnly: false,
      noSharingChannel: false,
      departmentCode: null,
      matterCode: null,
      certificate: '',
      issuer: '',
      dataSharing: false,
    },
    legalBases: [],
    commitmentAllowed: false,
  });
  if (draft.letter.commitments.length) {
    add({
      ...plain,
      name: draft.letter.title,
      canonicalId: 'commitment_letter',
      category: 'other',
      requirement: 'required',
      condition: '',
      source: {
        kind: 'applicant',
        issuerType: null,
        presentOnly: false,
        noSharingChannel: false,
        departmentCode: null,
        matterCode: null,
        certificate: '',
        issuer: '',
        dataSharing: false,
      },
      legalBases: [draft.letter.basis],
      commitmentAllowed: false,
    });
  }
  for (const g of draft.materials) {
    if (g.disposition === 'form' || g.disposition === 'bundle_result') continue;
    const conditional = !g.required;
    const government = g.disposition === 'shared' && g.issuerDepartmentCode !== null;
    add({
      name: g.name,
      canonicalId: g.canonicalId,
      category: g.category,
      requirement: conditional ? 'conditional' : 'required',
      condition: conditional ? g.conditions.join('；') || '视情提交' : '',
      medium: 'paper_or_electronic',
      original: 'original',
      copies: 1,
      source: {
        kind: government ? 'government' : g.disposition === 'shared' ? 'third_party' : 'applicant',
        issuerType: null,
        presentOnly: false,
        noSharingChannel: false,
        departmentCode: government ? g.issuerDepartmentCode : null,
        matterCode: null,
        certificate: '',
        issuer: government ? '' : g.issuer,
        dataSharing: g.disposition === 'shared',
      },
      legalBases: g.legalBases,
      commitmentAllowed: g.disposition === 'commitment',
      commitmentExclusion: g.commitmentExclusion,
      // Checked after the decision when every matter that needs it does so (收件备查).
      postDecisionCheck:
        g.checkedAfterDecision && g.uses.every((u) => g.checkedAfterDecision!.matters.includes(u.matterCode)) ? { legalBasis: g.checkedAfterDecision.legalBases[0] } : null,
    });
  }

  const steps: Step[] = [];
  const base = { stamps: [] as string[], legalBases: [] as LegalBasis[], onlinePossible: true };
  steps.push({
    ...base,
    id: 'S01',
    name: '综合窗口一次受理',
    kind: 'intake',
    departmentCode: leadDepartment,
    role: '窗口受理人员',
    workdays: 0,
    applicantPresent: draft.after.visits > 0,
    dependsOn: [],
    needsResultOf: [],
  });
  const exits: string[] = [];
  draft.process.branches.forEach((b, i) => {
    const id = (s: string) => `B${i + 1}-${s}`;
    const ids = new Set(b.steps.map((s) => s.id));
    const hasSucc = new Set(b.steps.flatMap((s) => s.dependsOn.filter((d) => ids.has(d))));
    for (const s of b.steps) {
      const deps = s.dependsOn.filter((d) => ids.has(d)).map(id);
      const needs = s.needsResultOf.filter((d) => ids.has(d)).map(id);
      steps.push({
        ...s,
        id: id(s.id),
        workdays: b.commitmentBased && !PHYSICAL_STEP_KINDS.has(s.kind) ? 0 : s.workdays,
        dependsOn: deps.length ? deps : ['S01'],
        needsResultOf: deps.length ? needs : ['S01'],
      });
      if (!hasSucc.has(s.id)) exits.push(id(s.id));
    }
  });
  steps.push({
    ...base,
    id: 'S90',
    name: '联合审批决定',
    kind: 'decision',
    departmentCode: leadDepartment,
    role: '审批负责人',
    workdays: 0,
    applicantPresent: false,
    dependsOn: exits.length ? exits : ['S01'],
    needsResultOf: exits.length ? exits : ['S01'],
  });
  steps.push({
    ...base,
    id: 'S91',
    name: '证照统一出件（大礼包）',
    kind: 'delivery',
    departmentCode: leadDepartment,
    role: '窗口受理人员',
    workdays: 0,
    applicantPresent: false,
    dependsOn: ['S90'],
    needsResultOf: ['S90'],
  });

  const formFields: FormField[] = draft.form.fields.map((f, i) => ({
    key: `F${pad(i + 1)}`,
    label: f.label,
    canonicalKey: f.canonicalKey,
    type: f.type,
    required: f.required,
    options: f.type === 'enum' ? (f.options.length ? f.options : ['其他']) : [],
    unit: f.unit,
  }));

  return {
    code,
    name: draft.name,
    kind: 'public_service',
    departmentCode: leadDepartment,
    legalBases: draft.legalBases,
    statutoryDays: null,
    promisedDays: draft.after.promisedWorkdays,
    visits: draft.after.visits,
    fee: draft.fees.length
      ? {
          charged: true,
          standard: draft.fees.map((f) => `${f.matterCode}：${f.standard}`).join('；'),
          basis: draft.fees
            .map((f) => f.basis)
            .filter(Boolean)
            .join('；'),
        }
      : { charged: false, standard: '', basis: '' },
    onlineDepth: 'online_application',
    result: {
      name: `结果大礼包：${draft.resultPackage
        .map((r) => r.result)
        .filter(Boolean)
        .join('、')}`,
      kind: 'other',
      fields: [],
    },
    materials,
    steps,
    prerequisites: [],
    formFields,
    routes: [],
    route: null,
  };
}
