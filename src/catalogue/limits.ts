// How long a catalogue's texts and how many its lists may be. A file is data people type
// into spreadsheets; a 10 MB matter name is a mistake or an attack, never a matter. Each
// issue names the property and the limit. Pure.
import type { Catalogue } from './model.js';
import type { ValidationIssue } from './validate.js';

/** Characters a code or id may have (also the longest code the API's paths take). */
export const MAX_CODE_LENGTH = 100;
/** Characters of a name, label, role, document title, article, unit, stamp or option. */
export const MAX_NAME_LENGTH = 500;
/** Characters of a long text: a provision's text, a condition, a fee basis, a note. */
export const MAX_TEXT_LENGTH = 10_000;
/** Entries in one list of a matter (materials, steps, legal bases, stamps, options …). */
export const MAX_LIST_LENGTH = 1_000;
/** Matters in one catalogue. */
export const MAX_MATTERS = 100_000;

const CODE_KEYS = new Set(['code', 'id', 'key', 'matterCode', 'departmentCode', 'canonicalId', 'canonicalKey', 'regionCode', 'dependsOn', 'needsResultOf']);
const TEXT_KEYS = new Set(['text', 'condition', 'note', 'basis', 'standard']);
/** What PostgreSQL text cannot hold (NUL) and what is no character at all (an unpaired surrogate). */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ENTITY_LISTS = new Set(['materials', 'steps', 'prerequisites', 'formFields', 'legalBases']);

function limitOf(key: string): number {
  if (CODE_KEYS.has(key)) return MAX_CODE_LENGTH;
  if (TEXT_KEYS.has(key)) return MAX_TEXT_LENGTH;
  return MAX_NAME_LENGTH;
}

/** A long value shortened for a problem report (the report must not echo 10 MB back). */
export function excerpt(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max)}…（${value.length} 字符 / characters）`;
}

export function lengthIssues(cat: Catalogue): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const tooLong = (target: object, field: string, value: string, limit: number) =>
    issues.push({
      target,
      field,
      value: excerpt(value),
      reason: { zh: `${field} 过长：${value.length} 个字符，上限为 ${limit}`, en: `${field} is too long: ${value.length} characters, at most ${limit}` },
    });
  const tooMany = (target: object, field: string, n: number, limit: number) =>
    issues.push({ target, field, value: String(n), reason: { zh: `${field} 有 ${n} 项，上限为 ${limit}`, en: `${field} has ${n} entries, at most ${limit}` } });

  const badText = (target: object, field: string, value: string) =>
    issues.push({
      target,
      field,
      value: excerpt(value.replace(/\u0000/g, '\\0')),
      reason: { zh: `${field} 含有空字符（U+0000）或不成对的代理项，无法保存`, en: `${field} holds a NUL character (U+0000) or an unpaired surrogate, which cannot be stored` },
    });

  // Walks one entity (matter, material, step …): its texts, nested records (fee, source …) and lists.
  const walk = (target: object, record: object, prefix: string, depth: number) => {
    if (depth > 4) return;
    for (const [key, value] of Object.entries(record)) {
      const field = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') {
        const limit = limitOf(key);
        if (value.length > limit) tooLong(target, field, value, limit);
        else if (BAD_TEXT.test(value)) badText(target, field, value);
      } else if (Array.isArray(value)) {
        if (value.length > MAX_LIST_LENGTH) {
          tooMany(target, field, value.length, MAX_LIST_LENGTH);
          continue;
        }
        for (const item of value) {
          if (typeof item === 'string') {
            const limit = limitOf(key);
            if (item.length > limit) tooLong(target, field, item, limit);
            else if (BAD_TEXT.test(item)) badText(target, field, item);
          } else if (typeof item === 'object' && item !== null && ENTITY_LISTS.has(key)) walk(item, item, '', depth + 1);
        }
      } else if (typeof value === 'object' && value !== null) walk(target, value, field, depth + 1);
    }
  };

  if (cat.matters.length > MAX_MATTERS) tooMany(cat, 'matters', cat.matters.length, MAX_MATTERS);
  if (cat.departments.length > MAX_LIST_LENGTH * 10) tooMany(cat, 'departments', cat.departments.length, MAX_LIST_LENGTH * 10);
  for (const d of cat.departments) walk(d, d, '', 0);
  for (const m of cat.matters.slice(0, MAX_MATTERS)) walk(m, m, '', 0);
  return issues;
}
