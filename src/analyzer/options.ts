// A rule's options are checked against its `meta.schema` (JSON Schema, ajv) when a region's
// configuration arrives (CLI --config, HTTP, API), so a bad option is refused up front with
// the rule and the option named, instead of surfacing as a strange finding or a crash.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { MATERIAL_CATEGORIES, STEP_KINDS } from '../catalogue/model.js';
import type { OptionsSchema, Rule, Text } from './model.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new WeakMap<Rule<object>, ValidateFunction>();

function validatorOf(rule: Rule<object>): ValidateFunction {
  let validate = validators.get(rule);
  if (!validate) validators.set(rule, (validate = ajv.compile(rule.meta.schema)));
  return validate;
}

/** `groups/0/1` → `groups[0][1]`. */
function optionPath(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'additionalProperties' && segments.length === 0) segments.push(String(error.params.additionalProperty));
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function describe(id: string, error: ErrorObject): Text {
  const option = optionPath(error);
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return option.includes('.') || option.includes('[')
        ? { zh: `规则 ${id}：选项 ${option} 含未知字段`, en: `rule ${id}: option ${option} has an unknown field` }
        : { zh: `规则 ${id}：未知选项 ${option}`, en: `rule ${id}: unknown option ${option}` };
    case 'type':
      return { zh: `规则 ${id}：选项 ${option} 应为 ${String(p.type)}`, en: `rule ${id}: option ${option} must be ${String(p.type)}` };
    case 'minimum':
      return { zh: `规则 ${id}：选项 ${option} 不得小于 ${String(p.limit)}`, en: `rule ${id}: option ${option} must be at least ${String(p.limit)}` };
    case 'maximum':
      return { zh: `规则 ${id}：选项 ${option} 不得大于 ${String(p.limit)}`, en: `rule ${id}: option ${option} must be at most ${String(p.limit)}` };
    case 'enum':
      return {
        zh: `规则 ${id}：选项 ${option} 须为以下之一：${(p.allowedValues as unknown[]).join('、')}`,
        en: `rule ${id}: option ${option} must be one of ${(p.allowedValues as unknown[]).join(', ')}`,
      };
    default:
      return { zh: `规则 ${id}：选项 ${option} 不合法（${error.message ?? error.keyword}）`, en: `rule ${id}: option ${option} ${error.message ?? `breaks ${error.keyword}`}` };
  }
}

/** What is wrong with `options` for `rule` (empty when they fit its schema). */
export function optionProblems(rule: Rule<object>, options: object): Text[] {
  const validate = validatorOf(rule);
  if (validate(options)) return [];
  return (validate.errors ?? []).map((e) => describe(rule.meta.id, e));
}

// Building blocks of the rules' schemas.
export const schemaOf = (properties: Record<string, object>): OptionsSchema => ({ type: 'object', properties, additionalProperties: false });
export const count = (maximum = 100_000): object => ({ type: 'integer', minimum: 0, maximum });
export const flag: object = { type: 'boolean' };
export const stepKinds: object = { type: 'array', items: { enum: [...STEP_KINDS] }, uniqueItems: true };
export const materialCategories: object = { type: 'array', items: { enum: [...MATERIAL_CATEGORIES] }, uniqueItems: true };
