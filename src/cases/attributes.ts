// A category's attributes (Open311 service definition) and the values a report gives them:
// required ones present, each of its datatype, list values among the defined keys.
import { ATTRIBUTE_DATATYPES, CaseError, type CategoryAttribute } from './model.js';

const MAX_TEXT = 4000;

export function checkAttributes(defs: readonly CategoryAttribute[], values: Record<string, unknown>): Record<string, string | number | string[]> {
  const problems: Array<{ field: string; message: { zh: string; en: string } }> = [];
  const out: Record<string, string | number | string[]> = {};
  const byCode = new Map(defs.map((d) => [d.code, d]));
  for (const code of Object.keys(values)) {
    if (!byCode.has(code)) problems.push({ field: `attribute[${code}]`, message: { zh: `未知属性 ${code}`, en: `unknown attribute ${code}` } });
  }
  for (const def of defs) {
    const raw = values[def.code];
    const field = `attribute[${def.code}]`;
    const empty = raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (def.required) problems.push({ field, message: { zh: `缺少必填属性 ${def.code}`, en: `required attribute ${def.code} is missing` } });
      continue;
    }
    const bad = (zh: string, en: string) => problems.push({ field, message: { zh, en } });
    const keys = new Set((def.values ?? []).map((v) => v.key));
    switch (def.datatype) {
      case 'string':
      case 'text':
        if (typeof raw !== 'string' || raw.length > MAX_TEXT) bad('须为不超过 4000 字的文本', 'must be text of at most 4000 characters');
        else out[def.code] = raw;
        break;
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(n)) bad('须为数字', 'must be a number');
        else out[def.code] = n;
        break;
      }
      case 'datetime':
        if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw)))
          bad('须为带时区的 ISO 8601 时间', 'must be an ISO 8601 date-time with a time zone');
        else out[def.code] = raw;
        break;
      case 'singlevaluelist':
        if (typeof raw !== 'string' || !keys.has(raw)) bad(`须为以下之一：${[...keys].join('、')}`, `must be one of ${[...keys].join(', ')}`);
        else out[def.code] = raw;
        break;
      case 'multivaluelist': {
        const list = Array.isArray(raw) ? raw : [raw];
        if (list.length > 100 || !list.every((v) => typeof v === 'string' && keys.has(v)))
          bad(`每项须为以下之一：${[...keys].join('、')}`, `each value must be one of ${[...keys].join(', ')}`);
        else out[def.code] = [...new Set(list as string[])];
        break;
      }
    }
  }
  if (problems.length)
    throw new CaseError(
      'invalid',
      { zh: `属性不合法：${problems.map((p) => p.message.zh).join('；')}`, en: `invalid attributes: ${problems.map((p) => `${p.field} ${p.message.en}`).join('; ')}` },
      { problems },
    );
  return out;
}

/** Checks a category's attribute definitions an administrator saves. */
export function attributeDefinitionProblems(defs: readonly CategoryAttribute[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  defs.forEach((d, i) => {
    if (seen.has(d.code)) problems.push(`attributes[${i}].code ${d.code} appears twice`);
    seen.add(d.code);
    if (!ATTRIBUTE_DATATYPES.includes(d.datatype)) problems.push(`attributes[${i}].datatype ${String(d.datatype)} is not an Open311 datatype`);
    const isList = d.datatype === 'singlevaluelist' || d.datatype === 'multivaluelist';
    if (isList && !(d.values && d.values.length)) problems.push(`attributes[${i}] is a list without values`);
  });
  return problems;
}
