// A synthetic county catalogue for scale tests and benchmarks: by default 1,500 matters
// over 100 departments, with realistic distributions of kinds, materials, steps,
// countersigns, stamps, prerequisites (including a few cycles) and missing legal bases.
// Deterministic: the same options give the same catalogue. Pure.
//
// The matters are synthetic. Their legal bases name documents marked （模拟） so nobody
// mistakes them for real provisions; the demo catalogue (./demo) holds the real ones.
import { DEMO_DEPARTMENTS } from '../org/demo.js';
import { basis, field, material, matter, prerequisite, step } from './build.js';
import { CANONICAL_FIELDS } from './fields.js';
import { CANONICAL_MATERIALS } from './materials.js';
import type { Catalogue, CatalogueDepartment, LegalBasis, Material, Matter, MatterKind, Step, StepKind } from './model.js';

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

/** mulberry32: small, fast, good enough for synthetic data, and the same everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((n, [, w]) => n + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
  /** Roughly log-normal count around `median`, clamped. */
  count(median: number, min: number, max: number): number {
    const u = Math.max(1e-9, this.next());
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(min, Math.min(max, Math.round(median * Math.exp(0.45 * z))));
  }
}

const KIND_WEIGHTS: ReadonlyArray<readonly [MatterKind, number]> = [
  ['licensing', 24],
  ['confirmation', 11],
  ['adjudication', 1],
  ['benefit', 8],
  ['reward', 2],
  ['filing', 6],
  ['other_power', 18],
  ['public_service', 30],
];

const EXTRA_UNITS = [
  '教育和体育局',
  '科学技术局',
  '工业和信息化局',
  '民政局',
  '财政局',
  '交通运输局',
  '水务局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康局',
  '退役军人事务局',
  '审计局',
  '统计局',
  '医疗保障局',
  '城市管理局',
  '综合行政执法局',
  '畜牧兽医事业发展中心',
  '林业保护和发展服务中心',
  '气象局',
  '烟草专卖局',
  '档案馆',
  '地方金融监督管理局',
  '民族宗教事务局',
  '供销合作社',
  '残疾人联合会',
  '红十字会',
  '总工会',
  '妇女联合会',
  '共青团',
  '科学技术协会',
  '住房保障服务中心',
  '不动产登记中心',
  '公共资源交易中心',
  '就业服务中心',
  '社会保险事业中心',
  '医疗保险事业中心',
  '疾病预防控制中心',
  '卫生健康综合监督执法局',
  '市场监管综合执法大队',
  '交通运输综合执法大队',
  '文化市场综合执法大队',
  '农业综合执法大队',
  '水利工程服务中心',
  '公路事业发展中心',
  '物流发展服务中心',
  '粮食和物资储备中心',
  '机关事务服务中心',
  '融媒体中心',
  '图书馆',
];
const TOWNSHIPS = [
  '钢山街道',
  '千泉街道',
  '凫山街道',
  '峄山镇',
  '大束镇',
  '香城镇',
  '城前镇',
  '田黄镇',
  '石墙镇',
  '张庄镇',
  '看庄镇',
  '郭里镇',
  '北宿镇',
  '中心店镇',
  '唐村镇',
  '太平镇',
  '匡庄镇',
];
const TOWNSHIP_OFFICES = ['便民服务中心', '社会事务办公室', '经济发展办公室', '综合执法办公室'];

const OBJECTS: Record<MatterKind, string[]> = {
  licensing: [
    '食品经营',
    '排水',
    '城市道路挖掘',
    '户外广告设施设置',
    '林木采伐',
    '取水',
    '药品零售',
    '民办学校设立',
    '医疗机构执业',
    '娱乐场所经营',
    '燃气经营',
    '特种设备使用',
    '河道采砂',
    '公共场所卫生',
    '道路运输经营',
    '出版物零售',
    '建设项目压覆矿产',
    '临时占用绿地',
    '生产建设项目水土保持方案',
    '危险化学品经营',
  ],
  confirmation: ['最低生活保障对象', '残疾等级', '工伤', '农村宅基地', '烈士遗属身份', '特困人员', '高龄津贴对象', '劳动能力鉴定', '职业资格', '林木良种'],
  adjudication: ['林木林地权属争议', '土地权属争议', '水事纠纷'],
  benefit: ['临时救助金', '优抚对象抚恤金', '高龄津贴', '残疾人两项补贴', '失业保险金', '创业担保贷款贴息', '耕地地力保护补贴', '孤儿基本生活费'],
  reward: ['见义勇为', '科技进步', '优秀教师', '非遗传承人'],
  filing: ['建设工程竣工验收', '物业服务合同', '民办培训机构章程', '房屋租赁', '消防竣工验收', '劳动合同', '农民专业合作社章程', '二手车交易'],
  other_power: ['企业投资项目核准', '节能审查', '文物保护单位建设控制地带内工程', '建设项目环境影响评价审批', '城市建筑垃圾处置核准', '人防工程拆除', '地名命名', '社会团体成立'],
  public_service: [
    '居民户口迁移',
    '义务教育入学',
    '职工退休',
    '医保参保登记',
    '公积金提取',
    '不动产登记资料查询',
    '结婚登记',
    '出生医学证明',
    '老年人优待证',
    '就业登记',
    '残疾人证补办',
    '养老保险关系转移',
    '流动人口居住登记',
    '门诊慢特病认定',
    '公租房申请',
  ],
};
const KIND_VERBS: Record<MatterKind, string[]> = {
  licensing: ['许可', '审批', '核发', '许可证核发'],
  confirmation: ['认定', '确认', '登记'],
  adjudication: ['裁决'],
  benefit: ['发放', '给付', '申领'],
  reward: ['表彰奖励', '奖励'],
  filing: ['备案'],
  other_power: ['审查', '核准', '审核'],
  public_service: ['办理', '服务', '申请', '查询'],
};
const RESULT_KIND_BY_MATTER: Record<MatterKind, Matter['result']['kind']> = {
  licensing: 'licence',
  confirmation: 'certificate',
  adjudication: 'approval_document',
  benefit: 'payment',
  reward: 'certificate',
  filing: 'filing_receipt',
  other_power: 'approval_document',
  public_service: 'other',
};
const UNMATCHED_MATERIALS = [
  '现场照片',
  '情况说明',
  '申请报告',
  '可行性研究报告',
  '技术方案',
  '检测报告',
  '平面布置图',
  '设备清单',
  '人员名单',
  '证明材料',
  '审计报告',
  '验收报告',
  '安全评价报告',
  '应急预案',
  '管理制度文本',
];
const REVIEW_ROLES = ['科员', '科长', '分管负责人', '主要负责人'];

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
