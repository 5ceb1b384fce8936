// The unified application form: every field the bundled matters ask for, merged by
// canonical field key and asked once. Fields no dictionary entry matches stay the matter's
// own. Where matters define the same field differently the conflict is reported; the
// irreconcilable ones (values of different families) need a decision before the bundle
// can be created. Pure.
import { PLATFORM_DICTIONARIES, type Dictionaries } from '../catalogue/dictionaries.js';
import type { FieldType, FormField, Matter } from '../catalogue/model.js';
import { fieldProducers } from './order.js';
import { BundleError, type FieldConflict, type FieldDecision, type FieldDefinition, type UnifiedField, type UnifiedForm } from './model.js';

/** Families of values: a conflict inside a family is reconciled, across families it is not. */
const FAMILY: Record<FieldType, string> = {
  text: 'text',
  address: 'text',
  id_number: 'text',
  uscc: 'text',
  phone: 'text',
  number: 'numeric',
  area: 'numeric',
  money: 'numeric',
  date: 'date',
  boolean: 'boolean',
  enum: 'choice',
};

const TYPE_LABELS: Record<FieldType, string> = {
  text: '文本',
  number: '数字',
  date: '日期',
  boolean: '是/否',
  enum: '选项',
  id_number: '身份证号码',
  uscc: '统一社会信用代码',
  phone: '电话',
  address: '地址',
  area: '面积',
  money: '金额',
};

const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

function definition(matter: Matter, f: FormField): FieldDefinition {
  return { matterCode: matter.code, fieldKey: f.key, label: f.label, type: f.type, unit: f.unit, options: [...f.options], required: f.required };
}

/** The conflict between the definitions of one canonical field, or null when they agree. */
export function fieldConflict(
  canonicalKey: string,
  defs: readonly FieldDefinition[],
  decision?: FieldDecision,
  dictionaries: Dictionaries = PLATFORM_DICTIONARIES,
): FieldConflict | null {
  const types = uniq(defs.map((d) => d.type));
  const units = uniq(defs.map((d) => d.unit));
  const optionSets = uniq(defs.map((d) => JSON.stringify([...d.options].sort())));
  const aspects: FieldConflict['aspects'] = [];
  if (types.length > 1) aspects.push('type');
  if (units.length > 1) aspects.push('unit');
  if (optionSets.length > 1) aspects.push('options');
  if (aspects.length === 0) return null;
  const canonical = dictionaries.field(canonicalKey);
  const families = uniq(types.map((t) => FAMILY[t]));
  const reconcilable = families.length === 1;
  // Defaults: the dictionary's type and unit when a matter uses them, else the first matter's;
  // choices are the union in the order the matters list them.
  const type = decision?.type ?? (canonical && types.includes(canonical.type) ? canonical.type : types[0]);
  const unit = decision?.unit ?? (canonical && units.includes(canonical.unit) ? canonical.unit : units[0]);
  const options = decision?.options ?? uniq(defs.flatMap((d) => d.options));
  const name = canonical?.name ?? canonicalKey;
  const who = (pick: (d: FieldDefinition) => string) => defs.map((d) => `${d.matterCode}「${d.label}」${pick(d)}`);
  const parts: { zh: string[]; en: string[] } = { zh: [], en: [] };
  if (aspects.includes('type')) {
    parts.zh.push(`类型不同（${who((d) => TYPE_LABELS[d.type]).join('；')}）`);
    parts.en.push(`types differ (${defs.map((d) => `${d.matterCode} ${d.type}`).join('; ')})`);
  }
  if (aspects.includes('unit')) {
    parts.zh.push(`单位不同（${who((d) => d.unit || '无单位').join('；')}）`);
    parts.en.push(`units differ (${defs.map((d) => `${d.matterCode} ${d.unit || 'none'}`).join('; ')})`);
  }
  if (aspects.includes('options')) {
    parts.zh.push(`可选项不同（${who((d) => d.options.join('/') || '无').join('；')}）`);
    parts.en.push(`choices differ (${defs.map((d) => `${d.matterCode} ${d.options.join('/') || 'none'}`).join('; ')})`);
  }
  const outcome = decision
    ? {
        zh: `已决定：类型${TYPE_LABELS[type]}${unit ? `，单位${unit}` : ''}${options.length ? `，选项 ${options.join('/')}` : ''}。`,
        en: `decided: ${type}${unit ? `, unit ${unit}` : ''}${options.length ? `, choices ${options.join('/')}` : ''}.`,
      }
    : reconcilable
      ? {
          zh: `暂按类型${TYPE_LABELS[type]}${unit ? `、单位${unit}` : ''}${aspects.includes('options') ? '、合并全部选项' : ''}，请确认。`,
          en: `using ${type}${unit ? `, unit ${unit}` : ''}${aspects.includes('options') ? ', all choices merged' : ''} until decided.`,
        }
      : { zh: '类型无法互相兼容，须作出决定后才能合并。', en: 'the types cannot hold each other’s values; a decision is needed before the matters can be merged.' };
  return {
    canonicalKey,
    aspects,
    reconcilable,
    definitions: [...defs],
    chosen: { type, unit, options: type === 'enum' ? options : [] },
    decided: decision !== undefined,
    message: { zh: `字段「${name}」${parts.zh.join('，')}：${outcome.zh}`, en: `field “${name}” (${canonicalKey}): ${parts.en.join(', ')}: ${outcome.en}` },
  };
}

const ID_NUMBER_PATTERN = '^[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[0-9Xx]$';
const USCC_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$';
const PHONE_PATTERN = '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$';

/** JSON Schema of one field, with the zh-CN label as title. */
export function fieldSchema(f: UnifiedField): Record<string, unknown> {
  const base: Record<string, unknown> = { title: f.label };
  switch (f.type) {
    case 'number':
    case 'area':
    case 'money':
      Object.assign(base, { type: 'number', minimum: 0 });
      break;
    case 'date':
      Object.assign(base, { type: 'string', format: 'date' });
      break;
    case 'boolean':
      Object.assign(base, { type: 'boolean' });
      break;
    case 'enum':
      Object.assign(base, f.options.length ? { type: 'string', enum: f.options } : { type: 'string', minLength: 1 });
      break;
    case 'id_number':
      Object.assign(base, { type: 'string', pattern: ID_NUMBER_PATTERN });
      break;
    case 'uscc':
      Object.assign(base, { type: 'string', pattern: USCC_PATTERN });
      break;
    case 'phone':
      Object.assign(base, { type: 'string', pattern: PHONE_PATTERN });
      break;
    default:
      Object.assign(base, { type: 'string', minLength: f.required ? 1 : 0 });
  }
  if (f.unit) base['x-unit'] = f.unit;
  base['x-field-type'] = f.type;
  base['x-matters'] = f.matters;
  if (f.labels.length > 1 || f.labels[0] !== f.label) base['x-labels'] = f.labels;
  return base;
}

export function formSchema(title: string, fields: readonly UnifiedField[]): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    properties: Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)])),
    required: fields.filter((f) => f.required).map((f) => f.key),
    additionalProperties: false,
  };
}

const NUMBER_SUFFIX = /(编号|证号|号码|文号|号)$/;

/**
 * The bundled matter (other than `matter`) whose result a field asks the number of, e.g.
 * 施工许可证编号 on the quality registration when the permit is in the bundle.
 */
export function resultNumberOf(label: string, matter: Matter, matters: readonly Matter[]): Matter | null {
  if (!NUMBER_SUFFIX.test(label)) return null;
  const base = label.replace(NUMBER_SUFFIX, '');
  if ([...base].length < 3) return null;
  return matters.find((m) => m.code !== matter.code && m.result.name !== '' && (m.result.name.endsWith(base) || base.endsWith(m.result.name))) ?? null;
}

/**
 * Merges the matters' forms. Throws `field_conflict` when a field's definitions cannot be
 * reconciled and no decision settles it.
 */
export function mergeForms(
  title: string,
  matters: readonly Matter[],
  decisions: Readonly<Record<string, FieldDecision>> = {},
  dictionaries: Dictionaries = PLATFORM_DICTIONARIES,
): UnifiedForm {
  const groups = new Map<string, { canonicalKey: string | null; defs: FieldDefinition[] }>();
  let asked = 0;
  const producedInside: UnifiedForm['producedInside'] = [];
  // What a bundled matter's result gives (the newborn's 公民身份号码) is never asked of the applicant.
  const producers = fieldProducers(matters);
  for (const m of matters) {
    const seenInMatter = new Set<string>();
    for (const f of m.formFields) {
      asked++;
      // A field the list left unkeyed whose label the dictionary knows (性别, 出生日期, 经营场所) is that
      // generic field: asked once for every matter that asks it.
      const canonicalKey = f.canonicalKey ?? dictionaries.matchField(f.label)?.id ?? null;
      const byResult = canonicalKey !== null ? producers.get(canonicalKey) : undefined;
      const producer =
        canonicalKey === null ? resultNumberOf(f.label, m, matters) : byResult !== undefined && byResult !== m.code ? matters.find((x) => x.code === byResult)! : null;
      if (producer) {
        producedInside.push({ matterCode: m.code, fieldKey: f.key, label: f.label, producedBy: producer.code });
        continue;
      }
      const key = canonicalKey ?? `${m.code}:${f.key}`;
      // A matter asking the same canonical field twice on its own form: asked once.
      if (seenInMatter.has(key)) continue;
      seenInMatter.add(key);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { canonicalKey, defs: [] }));
      g.defs.push(definition(m, f));
    }
  }
  for (const key of Object.keys(decisions)) {
    if (!groups.has(key)) {
      throw new BundleError(
        'invalid_decision',
        { zh: `决定所指字段「${key}」不在本件事的申请表中`, en: `the decision names field “${key}”, which no bundled matter asks for` },
        { field: key },
      );
    }
  }
  const fields: UnifiedField[] = [];
  const conflicts: FieldConflict[] = [];
  for (const [key, g] of groups) {
    const first = g.defs[0];
    let { type, unit, options } = first;
    if (g.canonicalKey) {
      const conflict = fieldConflict(g.canonicalKey, g.defs, decisions[g.canonicalKey], dictionaries);
      if (conflict) {
        conflicts.push(conflict);
        ({ type, unit, options } = conflict.chosen);
      }
    }
    const canonical = g.canonicalKey ? dictionaries.field(g.canonicalKey) : undefined;
    fields.push({
      key,
      canonicalKey: g.canonicalKey,
      label: canonical?.name ?? first.label,
      type,
      unit,
      options: type === 'enum' ? options : [],
      required: g.defs.some((d) => d.required),
      matters: g.defs.map((d) => d.matterCode),
      labels: uniq(g.defs.map((d) => d.label)),
    });
  }
  const blocking = conflicts.filter((c) => !c.reconcilable && !c.decided);
  if (blocking.length) {
    throw new BundleError(
      'field_conflict',
      {
        zh: `申请表字段冲突无法合并：${blocking.map((c) => c.message.zh).join('；')}`,
        en: `form fields conflict irreconcilably: ${blocking.map((c) => c.message.en).join('; ')}`,
      },
      { conflicts: blocking },
    );
  }
  return { title, fields, schema: formSchema(title, fields), conflicts, duplicatesRemoved: asked - producedInside.length - fields.length, producedInside };
}
