// A synthetic county catalogue for scale tests and benchmarks: by default 1,500 matters
// over 100 departments, with realistic distributions of kinds, materials, steps,
// countersigns, stamps, prerequisites (including a few cycles) and missing legal bases.
// Deterministic: the same options give the same catalogue. Pure.
//
// The matters are synthetic. Their legal bases name documents marked （模拟） so nobody
// mistakes them for real provisions; the demo catalogue (./demo) holds the real ones.
// The seeded random numbers are in ./generate/random.ts, the words the names are made of in
// ./generate/words.ts.
import { DEMO_DEPARTMENTS } from '../org/demo.js';
import { basis, field, material, matter, prerequisite, step } from './build.js';
import { CANONICAL_FIELDS } from './fields.js';
import { CANONICAL_MATERIALS } from './materials.js';
import type { Catalogue, CatalogueDepartment, LegalBasis, Material, Matter, Step, StepKind } from './model.js';
import { Rng, prng } from './generate/random.js';
import { EXTRA_UNITS, KIND_VERBS, KIND_WEIGHTS, OBJECTS, RESULT_KIND_BY_MATTER, REVIEW_ROLES, TOWNSHIPS, TOWNSHIP_OFFICES, UNMATCHED_MATERIALS } from './generate/words.js';

export { prng };

export interface GenerateOptions {
  /** Number of matters (default 1,500). */
  matters?: number;
  /** Number of departments (default 100, at least 1). */
  departments?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Region of the catalogue (default 370883). */
  regionCode?: string;
}

function deptCode(i: number): string {
  return `D${String(i + 1).padStart(3, '0')}`;
}

export function generateDepartments(count: number, regionCode: string): CatalogueDepartment[] {
  const out: CatalogueDepartment[] = [];
  const demo = DEMO_DEPARTMENTS.filter((d) => d.regionCode === '370883');
  for (const d of demo) if (out.length < count) out.push({ code: d.code, name: d.name, regionCode });
  const names = [...EXTRA_UNITS, ...TOWNSHIPS.flatMap((t) => TOWNSHIP_OFFICES.map((o) => `${t}${o}`))];
  let i = 0;
  while (out.length < count) {
    const base = names[i % names.length];
    const round = Math.floor(i / names.length);
    out.push({ code: deptCode(out.length), name: round === 0 ? base : `${base}（${round + 1}）`, regionCode });
    i++;
  }
  return out;
}

function syntheticBasis(rng: Rng, unit: string): LegalBasis {
  return basis(`《${unit}行政权力事项实施规定（模拟）》`, `第${rng.int(2, 60)}条`, '');
}

export function generateCatalogue(options: GenerateOptions = {}): Catalogue {
  const n = options.matters ?? 1500;
  const regionCode = options.regionCode ?? '370883';
  const rng = new Rng(prng(options.seed ?? 1));
  const departments = generateDepartments(Math.max(1, options.departments ?? 100), regionCode);

  // Department sizes follow a long tail: a few bureaus hold most matters.
  const weights = departments.map((_, i) => 1 / Math.pow(i + 1, 0.8));
  const deptItems = departments.map((d, i) => [d, weights[i]] as const);
  const codeWidth = Math.max(4, String(n).length);

  const matters: Matter[] = [];
  for (let i = 0; i < n; i++) {
    const dept = rng.weighted(deptItems);
    const kind = rng.weighted(KIND_WEIGHTS);
    const code = `${regionCode}-G${String(i + 1).padStart(codeWidth, '0')}`;
    const name = `${rng.pick(OBJECTS[kind])}${rng.pick(KIND_VERBS[kind])}`;
    const statutoryDays = kind === 'licensing' ? rng.pick([20, 20, 20, 15, 10, 30, 45]) : rng.chance(0.4) ? null : rng.pick([5, 7, 10, 15, 20, 30, 60]);
    let promisedDays = rng.chance(0.3) ? 0 : Math.max(1, Math.round((statutoryDays ?? 10) * (0.2 + 0.5 * rng.next())));
    if (statutoryDays !== null && rng.chance(0.02)) promisedDays = statutoryDays + rng.int(1, 5); // promised beyond statutory
    const visits = rng.weighted([
      [0, 20],
      [1, 60],
      [2, 15],
      [3, 5],
    ] as const);

    const materialCount = rng.count(5, 1, 18);
    const materials: Material[] = [];
    for (let k = 0; k < materialCount; k++) {
      const id = `M${String(k + 1).padStart(2, '0')}`;
      const legalBases = rng.chance(0.06) ? [] : [syntheticBasis(rng, dept.name)];
      if (rng.chance(0.75)) {
        const c = rng.pick(CANONICAL_MATERIALS);
        const nameChoice = rng.chance(0.5) || c.synonyms.length === 0 ? c.name : rng.pick(c.synonyms);
        const government = c.issuerDepartmentCode !== null && departments.some((d) => d.code === c.issuerDepartmentCode);
        materials.push(
          material({
            id,
            name: nameChoice,
            canonicalId: c.id,
            original: rng.pick(['original', 'copy', 'original_and_copy'] as const),
            copies: rng.weighted([
              [1, 85],
              [2, 10],
              [3, 5],
            ] as const),
            medium: rng.pick(['paper', 'paper', 'electronic', 'paper_or_electronic'] as const),
            requirement: rng.chance(0.15) ? 'conditional' : 'required',
            condition: '',
            legalBases,
            commitmentAllowed: c.category === 'proof' && c.commitmentExclusion === null && rng.chance(0.3),
            source: government
              ? { kind: 'government', departmentCode: c.issuerDepartmentCode, certificate: c.certificate, dataSharing: rng.chance(0.3) }
              : c.category === 'report' && rng.chance(0.5)
                ? { kind: 'third_party', issuer: '第三方机构' }
                : {},
          }),
        );
      } else {
        materials.push(material({ id, name: rng.pick(UNMATCHED_MATERIALS), category: rng.pick(['proof', 'report', 'other', 'drawing'] as const), legalBases }));
      }
      const last = materials[materials.length - 1];
      if (last.requirement === 'conditional') last.condition = '符合相应情形的';
    }

    const steps = generateSteps(rng, dept, departments, promisedDays, visits);
    const formFields = [];
    const fieldCount = rng.count(7, 3, 16);
    const usedFields = new Set<string>();
    for (let k = 0; k < fieldCount; k++) {
      const c = rng.pick(CANONICAL_FIELDS);
      if (usedFields.has(c.id)) continue;
      usedFields.add(c.id);
      const label = rng.chance(0.6) || c.synonyms.length === 0 ? c.name : rng.pick(c.synonyms);
      formFields.push(field(`F${String(formFields.length + 1).padStart(2, '0')}`, label, c.id, c.type === 'enum' ? { options: ['选项一', '选项二', '其他'] } : {}));
    }
    if (rng.chance(0.2)) formFields.push(field(`F${String(formFields.length + 1).padStart(2, '0')}`, rng.pick(['备注', '其他需要说明的情况', '申请事由']), null));

    matters.push(
      matter({
        code,
        name,
        kind,
        departmentCode: dept.code,
        legalBases: rng.chance(0.03) ? [] : [syntheticBasis(rng, dept.name)],
        statutoryDays,
        promisedDays,
        visits,
        fee: rng.chance(0.08) ? { charged: true, standard: `按标准收取（模拟）`, basis: `《收费标准文件（模拟）》` } : { charged: false, standard: '', basis: '' },
        onlineDepth: rng.weighted([
          ['offline', 5],
          ['information', 5],
          ['download', 10],
          ['online_application', 45],
          ['full_online', 35],
        ] as const),
        result: { name: `${name}${RESULT_KIND_BY_MATTER[kind] === 'licence' ? '许可证' : '结果文书'}`, kind: RESULT_KIND_BY_MATTER[kind] },
        materials,
        steps,
        prerequisites: [],
        formFields,
      }),
    );
  }

  // Prerequisites: about one matter in ten waits for one or two earlier matters (a DAG) ...
  for (let i = 1; i < n; i++) {
    if (!rng.chance(0.1)) continue;
    const count = rng.int(1, 2);
    const seen = new Set<string>();
    for (let k = 0; k < count; k++) {
      const j = rng.int(Math.max(0, i - 200), i - 1);
      const target = matters[j].code;
      if (seen.has(target)) continue;
      seen.add(target);
      matters[i].prerequisites.push(prerequisite(target, rng.chance(0.25) ? [] : [syntheticBasis(rng, departments[0].name)]));
    }
  }
  // ... and a few mutual prerequisites (互为前置): two or three matters, often across departments.
  const cycles = n >= 4 ? Math.max(1, Math.round(n / 400)) : 0;
  for (let c = 0; c < cycles; c++) {
    const len = rng.int(2, 3);
    const start = rng.int(0, n - len);
    const ring = matters.slice(start, start + len);
    for (let k = 0; k < ring.length; k++) {
      const from = ring[k];
      const to = ring[(k + 1) % ring.length];
      if (!from.prerequisites.some((p) => p.matterCode === to.code)) from.prerequisites.push(prerequisite(to.code, [], ''));
    }
  }
  return { regionCode, departments, matters };
}

function generateSteps(rng: Rng, dept: CatalogueDepartment, departments: CatalogueDepartment[], promisedDays: number, visits: number): Step[] {
  const plan: Array<{ kind: StepKind; name: string; role: string; departmentCode: string; stamps: string[] }> = [];
  plan.push({ kind: 'intake', name: '受理', role: '窗口受理人员', departmentCode: dept.code, stamps: [] });
  const reviews = rng.weighted([
    [1, 45],
    [2, 35],
    [3, 15],
    [4, 5],
  ] as const);
  for (let r = 0; r < reviews; r++)
    plan.push({
      kind: 'review',
      name: r === 0 ? '审查' : `${REVIEW_ROLES[Math.min(r, REVIEW_ROLES.length - 1)]}审核`,
      role: REVIEW_ROLES[Math.min(r, REVIEW_ROLES.length - 1)],
      departmentCode: dept.code,
      stamps: [],
    });
  if (rng.chance(0.1)) plan.push({ kind: 'site_inspection', name: '现场勘验', role: '执法人员', departmentCode: dept.code, stamps: [] });
  if (rng.chance(0.05)) plan.push({ kind: 'expert_review', name: '专家评审', role: '专家组', departmentCode: dept.code, stamps: [] });
  const countersigns = rng.weighted([
    [0, 70],
    [1, 15],
    [2, 10],
    [3, 5],
  ] as const);
  for (let c = 0; c < countersigns; c++) {
    const other = rng.pick(departments);
    plan.push({ kind: 'countersign', name: `${other.name}会签`, role: '科长', departmentCode: other.code, stamps: [] });
  }
  if (rng.chance(0.05)) plan.push({ kind: 'publicity', name: '公示', role: '科员', departmentCode: dept.code, stamps: [] });
  plan.push({ kind: 'decision', name: '决定', role: '主要负责人', departmentCode: dept.code, stamps: rng.chance(0.5) ? ['业务专用章'] : [] });
  if (rng.chance(0.3)) plan.push({ kind: 'stamp', name: '盖章', role: '印章管理员', departmentCode: dept.code, stamps: rng.chance(0.2) ? ['公章', '骑缝章'] : ['公章'] });
  plan.push({ kind: 'delivery', name: '送达', role: '窗口受理人员', departmentCode: dept.code, stamps: [] });

  // Spread the promised days over the working steps, in half days.
  const working = plan.filter((p) => p.kind !== 'intake' && p.kind !== 'delivery' && p.kind !== 'stamp');
  const halves = Math.round(promisedDays * 2 * (rng.chance(0.2) ? 0.6 : 1));
  const share = new Map<number, number>();
  for (let h = 0; h < halves; h++) {
    const idx = plan.indexOf(rng.pick(working));
    share.set(idx, (share.get(idx) ?? 0) + 0.5);
  }
  const steps: Step[] = [];
  for (let i = 0; i < plan.length; i++) {
    const p = plan[i];
    const id = `S${String(i + 1).padStart(2, '0')}`;
    const prev = i === 0 ? [] : [steps[i - 1].id];
    const serialCountersign = p.kind === 'countersign' && plan[i - 1]?.kind === 'countersign';
    steps.push(
      step({
        id,
        name: p.name,
        kind: p.kind,
        departmentCode: p.departmentCode,
        role: p.role,
        workdays: share.get(i) ?? 0,
        stamps: p.stamps,
        applicantPresent: (p.kind === 'intake' && visits > 0) || (p.kind === 'delivery' && visits > 1) || (p.kind === 'site_inspection' && rng.chance(0.5)),
        onlinePossible: p.kind !== 'site_inspection',
        legalBases: rng.chance(p.kind === 'review' && i > 1 ? 0.4 : p.kind === 'stamp' ? 0.6 : 0.06)
          ? []
          : [syntheticBasis(rng, departments.find((d) => d.code === p.departmentCode)?.name ?? dept.name)],
        dependsOn: prev,
        needsResultOf: serialCountersign ? [] : prev,
      }),
    );
  }
  return steps;
}
