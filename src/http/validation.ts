// JSON-schema validation for request parts, with field-level messages in zh-CN and en.
// Bodies are validated strictly (no type coercion, unknown fields rejected when the schema
// says additionalProperties: false); query strings and params coerce, since they arrive as text.
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldProblem } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, coerceTypes: coerce ? 'array' : false, removeAdditional: false, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

export const bodyAjv = makeAjv(false);
export const textAjv = makeAjv(true);

const TYPE_ZH: Record<string, string> = { string: '字符串', number: '数字', integer: '整数', boolean: '布尔值', object: '对象', array: '数组', null: '空值' };

function fieldOf(err: ErrorObject, part: string): string {
  const base = err.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (err.keyword === 'required') return [base, (err.params as { missingProperty: string }).missingProperty].filter(Boolean).join('.');
  if (err.keyword === 'additionalProperties') return [base, (err.params as { additionalProperty: string }).additionalProperty].filter(Boolean).join('.');
  return base || part;
}

export function describeAjvError(err: ErrorObject, part: string): FieldProblem {
  const field = fieldOf(err, part);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return { field, message: { zh: `缺少必填字段 ${field}`, en: `${field} is required` } };
    case 'additionalProperties':
      return { field, message: { zh: `不允许的字段 ${field}`, en: `unknown field ${field}` } };
    case 'type': {
      const t = String(p.type);
      return {
        field,
        message: {
          zh: `${field} 应为${t
            .split(',')
            .map((x) => TYPE_ZH[x] ?? x)
            .join('或')}`,
          en: `${field} must be ${t}`,
        },
      };
    }
    case 'minLength':
      return { field, message: { zh: `${field} 至少 ${p.limit} 个字符`, en: `${field} must have at least ${p.limit} characters` } };
    case 'maxLength':
      return { field, message: { zh: `${field} 最多 ${p.limit} 个字符`, en: `${field} must have at most ${p.limit} characters` } };
    case 'minimum':
    case 'exclusiveMinimum':
      return { field, message: { zh: `${field} 不能小于 ${p.limit}`, en: `${field} must be ${p.comparison} ${p.limit}` } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { field, message: { zh: `${field} 不能大于 ${p.limit}`, en: `${field} must be ${p.comparison} ${p.limit}` } };
    case 'enum':
      return {
        field,
        message: { zh: `${field} 取值须为：${(p.allowedValues as unknown[]).join('、')}`, en: `${field} must be one of ${(p.allowedValues as unknown[]).join(', ')}` },
      };
    case 'format':
      return { field, message: { zh: `${field} 格式不正确（应为 ${p.format}）`, en: `${field} must be a valid ${p.format}` } };
    case 'pattern':
      return { field, message: { zh: `${field} 格式不正确`, en: `${field} must match ${p.pattern}` } };
    case 'minItems':
      return { field, message: { zh: `${field} 至少 ${p.limit} 项`, en: `${field} must have at least ${p.limit} items` } };
    case 'maxItems':
      return { field, message: { zh: `${field} 最多 ${p.limit} 项`, en: `${field} must have at most ${p.limit} items` } };
    default:
      return { field, message: { zh: `${field} 不合法：${err.message ?? err.keyword}`, en: `${field} ${err.message ?? 'is invalid'}` } };
  }
}
