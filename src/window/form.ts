// Checking an application's form against the service's published form schema (the subset
// of JSON Schema that src/bundle/form.ts emits: type, required, pattern, enum, format date,
// minimum, minLength, additionalProperties false), plus the check characters of credit
// codes and ID numbers. Pure and free of Node.js: the web app runs the same check in the
// browser before the server runs it again.
import { isValidCreditCode, isValidIdNumber } from './identity.js';
import type { Text } from './model.js';

export interface FormProblem {
  field: string;
  label: string;
  message: Text;
}

interface PropertySchema {
  title?: string;
  type?: 'string' | 'number' | 'boolean';
  pattern?: string;
  enum?: string[];
  format?: string;
  minimum?: number;
  minLength?: number;
  'x-field-type'?: string;
}

export interface FormSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

/** Bounds on what a caller sends as a form. */
export const FORM_LIMITS = { fields: 500, textLength: 2000 } as const;

const isDate = (v: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
};

const empty = (v: unknown) => v === undefined || v === null || v === '';

/** Every problem of a form, each naming its field by key and label; [] when it passes. */
export function checkForm(schema: FormSchema, form: Record<string, unknown>): FormProblem[] {
  const props = schema.properties ?? {};
  const problems: FormProblem[] = [];
  const add = (field: string, zh: string, en: string) =>
    problems.push({ field, label: props[field]?.title ?? field, message: { zh: `${props[field]?.title ?? field}：${zh}`, en: `${field}: ${en}` } });
  const keys = Object.keys(form);
  if (keys.length > FORM_LIMITS.fields)
    return [{ field: '', label: '', message: { zh: `表单字段过多（最多 ${FORM_LIMITS.fields} 个）`, en: `too many fields (at most ${FORM_LIMITS.fields})` } }];
  for (const key of keys) if (!Object.hasOwn(props, key)) add(key, '不是本服务申请表的字段', 'is not a field of this service’s form');
  for (const key of schema.required ?? []) if (empty(form[key])) add(key, '必填', 'is required');
  for (const [key, p] of Object.entries(props)) {
    const v = form[key];
    if (empty(v)) continue;
    if (p.type === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) add(key, '应为数字', 'must be a number');
      else if (p.minimum !== undefined && v < p.minimum) add(key, `不能小于 ${p.minimum}`, `must be at least ${p.minimum}`);
      continue;
    }
    if (p.type === 'boolean') {
      if (typeof v !== 'boolean') add(key, '应为是或否', 'must be true or false');
      continue;
    }
    if (typeof v !== 'string') {
      add(key, '应为文本', 'must be text');
      continue;
    }
    if (v.length > FORM_LIMITS.textLength) add(key, `过长（最多 ${FORM_LIMITS.textLength} 字）`, `is too long (at most ${FORM_LIMITS.textLength} characters)`);
    else if (p.enum && !p.enum.includes(v)) add(key, `应为 ${p.enum.join('、')} 之一`, `must be one of ${p.enum.join(', ')}`);
    else if (p.format === 'date' && !isDate(v)) add(key, '应为日期（YYYY-MM-DD）', 'must be a date (YYYY-MM-DD)');
    else if (p.pattern && !new RegExp(p.pattern).test(v)) add(key, '格式不正确', 'has the wrong format');
    else if (p['x-field-type'] === 'uscc' && !isValidCreditCode(v))
      add(key, '统一社会信用代码校验位不正确（GB 32100）', 'the check character of the unified social credit code is wrong (GB 32100)');
    else if (p['x-field-type'] === 'id_number' && !isValidIdNumber(v))
      add(key, '身份证号码校验位或出生日期不正确（GB 11643）', 'the ID number’s check digit or date of birth is wrong (GB 11643)');
  }
  return problems;
}
