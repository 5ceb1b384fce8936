// Consistency of a catalogue, beyond the types: unique codes and ids, references that
// resolve (departments, steps, prerequisites, canonical entries), step order without
// cycles, sensible numbers. Each issue names the object and property it is about, so
// the file layer can say which sheet, row and column it came from. Pure.
import { dictionariesOf, dictionaryProblems, type Dictionaries } from './dictionaries.js';
import type { Catalogue, LegalBasis, Matter } from './model.js';
import { lengthIssues } from './limits.js';

export interface Reason {
  zh: string;
  en: string;
}

export interface ValidationIssue {
  /** The object the issue is about (a matter, material, step, prerequisite, form field, legal basis or department). */
  target: object;
  /** Property of the target, in model terms (e.g. 'departmentCode', 'source.departmentCode'). */
  field: string;
  value: unknown;
  reason: Reason;
}

export interface ValidationContext {
  /** Departments that exist already (code → region code), besides those the catalogue lists. */
  departments?: ReadonlyMap<string, string>;
  /** Matter codes that exist already, which prerequisites may refer to. */
  matterCodes?: ReadonlySet<string>;
  /**
   * false: every department the catalogue lists must exist already (`departments`); user
   * imports work this way. Default true: listed departments count as known (demo, generator).
   */
  allowNewDepartments?: boolean;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;

export function validateCatalogue(catalogue: Catalogue, ctx: ValidationContext = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (target: object, field: string, value: unknown, zh: string, en: string) => issues.push({ target, field, value, reason: { zh, en } });

  if (!/^\d{2,12}$/.test(catalogue.regionCode)) add(catalogue, 'regionCode', catalogue.regionCode, '区划代码应为 2 至 12 位数字', 'region code must be 2 to 12 digits');

  const departments = new Map<string, string>(ctx.departments ?? []);
  const listed = new Set<string>();
  for (const d of catalogue.departments) {
    if (!CODE.test(d.code)) add(d, 'code', d.code, '部门编码只能包含字母、数字、点、下划线和连字符', 'department code may hold letters, digits, dot, underscore and hyphen only');
    if (listed.has(d.code)) add(d, 'code', d.code, '部门编码重复', 'duplicate department code');
    listed.add(d.code);
    if (d.name.trim() === '') add(d, 'name', d.name, '部门名称不能为空', 'department name is empty');
    if (ctx.allowNewDepartments === false && !ctx.departments?.has(d.code))
      add(d, 'code', d.code, `部门 ${d.code} 不在组织机构中，请先建立该部门`, `department ${d.code} is not in the organisation; create it first`);
    if (!d.regionCode.startsWith(catalogue.regionCode))
      add(d, 'regionCode', d.regionCode, `部门所在区划不在本清单区划 ${catalogue.regionCode} 之内`, `department region is outside the catalogue region ${catalogue.regionCode}`);
    departments.set(d.code, d.regionCode);
  }
  const checkDepartment = (target: object, field: string, code: string | null) => {
    if (code !== null && !departments.has(code)) add(target, field, code, `部门编码 ${code} 不存在`, `unknown department code ${code}`);
  };

  const codes = new Set<string>();
  for (const m of catalogue.matters) {
    if (!CODE.test(m.code))
      add(
        m,
        'code',
        m.code,
        '实施编码不能为空，只能包含字母、数字、点、下划线和连字符',
        'matter code is empty or holds characters other than letters, digits, dot, underscore, hyphen',
      );
    else if (codes.has(m.code)) add(m, 'code', m.code, '实施编码重复', 'duplicate matter code');
    codes.add(m.code);
  }
  const matterExists = (code: string) => codes.has(code) || (ctx.matterCodes?.has(code) ?? false);

  // The catalogue's own canonical entries: new ids and names only; the matters may refer to them.
  if (catalogue.dictionaries) {
    for (const p of dictionaryProblems(catalogue.dictionaries)) add(catalogue.dictionaries[p.kind][p.index], p.field, p.value, p.reason.zh, p.reason.en);
  }
  const dictionaries = dictionariesOf(catalogue);
  for (const m of catalogue.matters) validateMatter(m, { add, checkDepartment, matterExists, dictionaries });
  issues.push(...lengthIssues(catalogue));
  return issues;
}

interface Checks {
  add: (target: object, field: string, value: unknown, zh: string, en: string) => void;
  checkDepartment: (target: object, field: string, code: string | null) => void;
  matterExists: (code: string) => boolean;
  dictionaries: Dictionaries;
}

function validateMatter(m: Matter, { add, checkDepartment, matterExists, dictionaries }: Checks): void {
  if (m.name.trim() === '') add(m, 'name', m.name, '事项名称不能为空', 'matter name is empty');
  checkDepartment(m, 'departmentCode', m.departmentCode);
  // promised > statutory is allowed in data: the analyzer reports it as an error finding.
  if (!Number.isFinite(m.promisedDays) || m.promisedDays < 0) add(m, 'promisedDays', m.promisedDays, '承诺时限应为不小于 0 的工作日数', 'promised days must be a number ≥ 0');
  if (m.statutoryDays !== null && (!Number.isFinite(m.statutoryDays) || m.statutoryDays < 0))
    add(m, 'statutoryDays', m.statutoryDays, '法定时限应为不小于 0 的工作日数', 'statutory days must be a number ≥ 0');
  if (!Number.isInteger(m.visits) || m.visits < 0) add(m, 'visits', m.visits, '到现场次数应为不小于 0 的整数', 'visits must be a whole number ≥ 0');
  const legal = (bases: LegalBasis[]) => {
    for (const b of bases) if (b.document.trim() === '') add(b, 'document', b.document, '依据文件名称不能为空', 'legal basis document is empty');
  };
  legal(m.legalBases);

  const materialIds = new Set<string>();
  for (const mat of m.materials) {
    if (!CODE.test(mat.id)) add(mat, 'id', mat.id, '材料编号不能为空，只能包含字母、数字、点、下划线和连字符', 'material id is empty or malformed');
    else if (materialIds.has(mat.id)) add(mat, 'id', mat.id, '同一事项内材料编号重复', 'duplicate material id within the matter');
    materialIds.add(mat.id);
    if (mat.name.trim() === '') add(mat, 'name', mat.name, '材料名称不能为空', 'material name is empty');
    if (mat.canonicalId !== null && !dictionaries.material(mat.canonicalId))
      add(mat, 'canonicalId', mat.canonicalId, `标准材料 ${mat.canonicalId} 不在标准材料字典中`, `canonical material ${mat.canonicalId} is not in the dictionary`);
    if (mat.copies < 1) add(mat, 'copies', mat.copies, '份数至少为 1', 'copies must be at least 1');
    if (mat.requirement === 'conditional' && mat.condition.trim() === '')
      add(mat, 'condition', mat.condition, '容缺/条件性材料须写明适用情形', 'a conditional material must state its condition');
    if (mat.source.kind === 'government' && mat.source.departmentCode === null && mat.source.issuer.trim() === '')
      add(
        mat,
        'source.departmentCode',
        null,
        '政府部门核发的材料须填写核发部门编码，本级以外的机关填写出具机构',
        'a government-issued material must name the issuing department, or the issuer when it is a body outside the organisation',
      );
    if (mat.source.kind !== 'government' && mat.source.departmentCode !== null)
      add(mat, 'source.departmentCode', mat.source.departmentCode, '仅政府部门核发的材料填写核发部门', 'only government-issued materials name an issuing department');
    checkDepartment(mat, 'source.departmentCode', mat.source.departmentCode);
    if (mat.source.matterCode !== null && !matterExists(mat.source.matterCode))
      add(mat, 'source.matterCode', mat.source.matterCode, `产生该材料的事项 ${mat.source.matterCode} 不存在`, `the issuing matter ${mat.source.matterCode} does not exist`);
    legal(mat.legalBases);
    if (mat.postDecisionCheck) {
      if (mat.postDecisionCheck.legalBasis.document.trim() === '')
        add(
          mat,
          'postDecisionCheck.legalBasis.document',
          '',
          '收件备查（事中事后核查）须写明依据文件',
          'a material checked after the decision must cite the legal basis that allows it',
        );
      if (mat.commitmentAllowed)
        add(
          mat,
          'postDecisionCheck',
          '是',
          '以告知承诺替代的材料不再提交，不能同时设为收件备查',
          'a material the commitment letter replaces is not handed in, so it cannot be received and checked after the decision as well',
        );
    }
  }

  const stepIds = new Set(m.steps.map((s) => s.id));
  const seenSteps = new Set<string>();
  for (const s of m.steps) {
    if (!CODE.test(s.id)) add(s, 'id', s.id, '环节编号不能为空，只能包含字母、数字、点、下划线和连字符', 'step id is empty or malformed');
    else if (seenSteps.has(s.id)) add(s, 'id', s.id, '同一事项内环节编号重复', 'duplicate step id within the matter');
    seenSteps.add(s.id);
    if (s.name.trim() === '') add(s, 'name', s.name, '环节名称不能为空', 'step name is empty');
    checkDepartment(s, 'departmentCode', s.departmentCode);
    if (!Number.isFinite(s.workdays) || s.workdays < 0) add(s, 'workdays', s.workdays, '环节时限应为不小于 0 的工作日数', 'step workdays must be a number ≥ 0');
    for (const d of s.dependsOn) {
      if (d === s.id) add(s, 'dependsOn', d, '环节不能依赖自身', 'a step cannot depend on itself');
      else if (!stepIds.has(d)) add(s, 'dependsOn', d, `前序环节 ${d} 不存在`, `preceding step ${d} does not exist`);
    }
    for (const d of s.needsResultOf) {
      if (!s.dependsOn.includes(d)) add(s, 'needsResultOf', d, `需用结果的环节 ${d} 不在前序环节之中`, `step ${d} whose result is needed is not among the preceding steps`);
    }
    legal(s.legalBases);
  }
  const cycle = findStepCycle(m);
  if (cycle) {
    const s = m.steps.find((x) => x.id === cycle[0])!;
    add(s, 'dependsOn', cycle.join(' → '), `环节先后顺序成环：${cycle.join(' → ')}`, `steps depend on each other in a cycle: ${cycle.join(' → ')}`);
  }

  const prereqs = new Set<string>();
  for (const p of m.prerequisites) {
    if (p.matterCode === m.code) add(p, 'matterCode', p.matterCode, '事项不能以自身为前置条件', 'a matter cannot be its own prerequisite');
    else if (!matterExists(p.matterCode)) add(p, 'matterCode', p.matterCode, `前置事项 ${p.matterCode} 不存在`, `prerequisite matter ${p.matterCode} does not exist`);
    if (prereqs.has(p.matterCode)) add(p, 'matterCode', p.matterCode, '前置事项重复', 'duplicate prerequisite');
    prereqs.add(p.matterCode);
    legal(p.legalBases);
  }

  const routeIds = new Set<string>();
  for (const r of m.routes) {
    if (!CODE.test(r.id)) add(r, 'id', r.id, '路径编号不能为空，只能包含字母、数字、点、下划线和连字符', 'route id is empty or malformed');
    else if (routeIds.has(r.id)) add(r, 'id', r.id, '同一事项内路径编号重复', 'duplicate route id within the matter');
    routeIds.add(r.id);
    if (r.legalBasis.document.trim() === '') add(r, 'legalBasis.document', '', '法定办理路径须写明设定它的法律文件', 'a legal route must cite the law that provides it');
    for (const id of r.stepsAfterDecision)
      if (!m.steps.some((x) => x.id === id)) add(r, 'stepsAfterDecision', id, `事项 ${m.code} 中没有环节 ${id}`, `matter ${m.code} has no step ${id}`);
    for (const id of r.commitmentMaterials)
      if (!m.materials.some((x) => x.id === id)) add(r, 'commitmentMaterials', id, `事项 ${m.code} 中没有材料 ${id}`, `matter ${m.code} has no material ${id}`);
  }
  if (m.route !== null && !routeIds.has(m.route)) add(m, 'route', m.route, `事项 ${m.code} 没有编号为 ${m.route} 的法定办理路径`, `matter ${m.code} has no legal route ${m.route}`);
  for (const k of m.result.fields) {
    if (!dictionaries.field(k))
      add(m, 'result.fields', k, `办理结果提供的字段 ${k} 不在标准字段字典中`, `the result gives field ${k}, which is not in the canonical fields dictionary`);
  }
  const keys = new Set<string>();
  for (const f of m.formFields) {
    if (!CODE.test(f.key)) add(f, 'key', f.key, '字段编号不能为空，只能包含字母、数字、点、下划线和连字符', 'field key is empty or malformed');
    else if (keys.has(f.key)) add(f, 'key', f.key, '同一表单内字段编号重复', 'duplicate field key within the form');
    keys.add(f.key);
    if (f.label.trim() === '') add(f, 'label', f.label, '字段名称不能为空', 'field label is empty');
    if (f.canonicalKey !== null && !dictionaries.field(f.canonicalKey))
      add(f, 'canonicalKey', f.canonicalKey, `标准字段 ${f.canonicalKey} 不在标准字段字典中`, `canonical field ${f.canonicalKey} is not in the dictionary`);
    if (f.type === 'enum' && f.options.length === 0) add(f, 'options', '', '枚举字段须列出选项', 'an enum field must list its options');
  }
}

/** A cycle in a matter's step order (dependsOn), as step ids with the first repeated at the end. */
export function findStepCycle(m: Matter): string[] | null {
  const byId = new Map(m.steps.map((s) => [s.id, s]));
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 1);
    stack.push(id);
    for (const d of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(d) || d === id) continue;
      if (state.get(d) === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(id, 2);
    return null;
  };
  for (const s of m.steps) {
    if (!state.has(s.id)) {
      const c = visit(s.id);
      if (c) return c;
    }
  }
  return null;
}
