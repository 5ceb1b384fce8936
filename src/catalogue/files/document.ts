// JSON and YAML: the catalogue as one document. Reading checks every property against the
// same column table the spreadsheets use (types, allowed values), reports unknown
// properties, and locates problems by path: sheet 'matters', row = the matter's position
// (1-based), column = the property path (e.g. materials[2].source.kind). Pure.
import YAML from 'yaml';
import { inputLimits, jsonTextDepth, tooDeep, valueDepth } from '../../shared/bounds.js';
import type { Catalogue } from '../model.js';
import { cellText, enumKey, placeholder, type ImportProblem, type Origin, type Origins, type ParseResult } from './tabular.js';
import { defaultOf, sheetSpec, type ColumnSpec, type Label } from './template.js';

export const DOCUMENT_FORMAT = 'zaizao-catalogue';
export const DOCUMENT_VERSION = 1;

const r = (zh: string, en: string): Label => ({ zh, en });

export function catalogueToDocument(cat: Catalogue): Record<string, unknown> {
  const extra = cat.dictionaries && (cat.dictionaries.materials.length || cat.dictionaries.fields.length) ? { dictionaries: cat.dictionaries } : {};
  return { format: DOCUMENT_FORMAT, version: DOCUMENT_VERSION, regionCode: cat.regionCode, ...extra, departments: cat.departments, matters: cat.matters };
}

export function writeJson(cat: Catalogue): string {
  return `${JSON.stringify(catalogueToDocument(cat), null, 2)}\n`;
}

export function writeYaml(cat: Catalogue): string {
  return YAML.stringify(catalogueToDocument(cat), { lineWidth: 0, aliasDuplicateObjects: false });
}

function checkValue(value: unknown, col: ColumnSpec): Label | null {
  const t = col.type;
  const isNum = typeof value === 'number' && Number.isFinite(value);
  switch (t) {
    case 'text':
      return typeof value === 'string' ? null : r('应为字符串', 'must be a string');
    case 'code':
      return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/.test(value)
        ? null
        : r('应为非空编码（字母、数字、点、下划线、连字符）', 'must be a non-empty code (letters, digits, dot, underscore, hyphen)');
    case 'optcode':
      return value === null || (typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/.test(value)) ? null : r('应为编码或 null', 'must be a code or null');
    case 'int':
      return isNum && Number.isInteger(value) && (value as number) >= 0 ? null : r('应为不小于 0 的整数', 'must be a whole number ≥ 0');
    case 'number':
      return isNum && (value as number) >= 0 ? null : r('应为不小于 0 的数字', 'must be a number ≥ 0');
    case 'optnumber':
      return value === null || (isNum && (value as number) >= 0) ? null : r('应为不小于 0 的数字或 null', 'must be a number ≥ 0 or null');
    case 'bool':
      return typeof value === 'boolean' ? null : r('应为 true 或 false', 'must be true or false');
    case 'list':
    case 'idlist':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? null : r('应为字符串数组', 'must be an array of strings');
    case 'enum':
    case 'optenum': {
      if (t === 'optenum' && value === null) return null;
      const values = col.values ?? [];
      const zh = values.map((v) => (col.valueLabels?.[v] ? `${v}（${col.valueLabels[v].zh}）` : v)).join('、');
      return typeof value === 'string' && values.includes(value)
        ? null
        : r(`应为以下之一（也可写中文名称）：${zh}`, `must be one of ${values.join(', ')} (or its Chinese or English label)`);
    }
  }
}

interface Walker {
  add(path: string, value: unknown, reason: Label): void;
  flawed: WeakSet<object>;
}

interface SheetPlan {
  columns: Array<{ col: ColumnSpec; parts: string[] }>;
  /** Property names allowed at each level ('' = the object itself, 'source' = its source ...). */
  known: Map<string, Set<string>>;
}
const PLANS = new Map<string, SheetPlan>();

function planOf(sheet: string): SheetPlan {
  let plan = PLANS.get(sheet);
  if (plan) return plan;
  const columns = sheetSpec(sheet)
    .columns.filter((c) => c.field !== null)
    .map((col) => ({ col, parts: col.field!.split('.') }));
  const known = new Map<string, Set<string>>([['', new Set()]]);
  for (const { parts } of columns) {
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('.');
      if (!known.has(parent)) known.set(parent, new Set());
      known.get(parent)!.add(parts[i]);
    }
  }
  plan = { columns, known };
  PLANS.set(sheet, plan);
  return plan;
}

/** Checks an object against a sheet's columns, plus list properties; returns a clean copy. */
function readObject(
  raw: unknown,
  sheet: string,
  path: string,
  w: Walker,
  lists: Record<string, (item: unknown, itemPath: string) => unknown> = {},
  /** Properties outside the columns, read by their own function (which also gets `undefined` when absent). */
  extras: Record<string, (value: unknown, valuePath: string) => unknown> = {},
): Record<string, unknown> | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    w.add(path, raw, r('应为对象', 'must be an object'));
    return null;
  }
  const plan = planOf(sheet);
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let bad = false;
  for (const { col, parts } of plan.columns) {
    let v: unknown = src;
    for (const p of parts) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    // An enumeration may be written as its Chinese or English label (行政确认), as in the spreadsheets.
    if ((col.type === 'enum' || col.type === 'optenum') && typeof v === 'string') v = enumKey(v, col) ?? v;
    // An optional property may be left out: it takes its default (a text '', a flag false, a list []).
    if (v === undefined && defaultOf(col) !== undefined) v = defaultOf(col);
    const reason = v === undefined ? r('缺少该属性', 'property is missing') : checkValue(v, col);
    if (reason) {
      w.add(`${path}.${col.field}`, v === undefined ? '' : v, reason);
      bad = true;
      v = placeholder(col); // stand-in, so later checks still see the object
    }
    let cur = out;
    for (let i = 0; i < parts.length - 1; i++) cur = (cur[parts[i]] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = Array.isArray(v) ? [...v] : v;
  }
  // unknown properties, at every level the columns describe
  for (const [parent, names] of plan.known) {
    let obj: unknown = src;
    if (parent !== '') for (const p of parent.split('.')) obj = obj !== null && typeof obj === 'object' ? (obj as Record<string, unknown>)[p] : undefined;
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
    for (const k in obj) {
      const full = parent === '' ? k : `${parent}.${k}`;
      if (!names.has(k) && !plan.known.has(full) && !(parent === '' && (k in lists || k in extras))) {
        w.add(`${path}.${full}`, k, r('无法识别的属性', 'unknown property'));
        bad = true;
      }
    }
  }
  for (const name in lists) {
    // A list left out is empty (a matter without prerequisites need not say so).
    const v = src[name] === undefined ? [] : src[name];
    if (!Array.isArray(v)) {
      w.add(`${path}.${name}`, v === undefined ? '' : v, r('应为数组', 'must be an array'));
      out[name] = [];
      continue;
    }
    const readItem = lists[name];
    const items: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const item = readItem(v[i], `${path}.${name}[${i}]`);
      if (item !== null) items.push(item);
    }
    out[name] = items;
  }
  for (const name in extras) out[name] = extras[name](src[name], `${path}.${name}`);
  if (bad) w.flawed.add(out);
  return out;
}

/** Reads a parsed JSON/YAML value as a catalogue, with every problem located by path. */
export function documentToCatalogue(doc: unknown): ParseResult {
  const problems: ImportProblem[] = [];
  const origins: Origins = new WeakMap();
  const flawed = new WeakSet<object>();
  let sheet = 'catalogue';
  let row = 0;
  const w: Walker = {
    flawed,
    add: (path, value, reason) =>
      problems.push({
        sheet,
        row,
        column: path.replace(/^\./, ''),
        value: typeof value === 'object' && value !== null ? JSON.stringify(value).slice(0, 200) : cellText(value),
        reason,
      }),
  };

  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    w.add('', '', r('文件内容应为一个对象', 'the document must be an object'));
    return { catalogue: null, problems, origins, flawed };
  }
  const d = doc as Record<string, unknown>;
  if (d.format !== undefined && d.format !== DOCUMENT_FORMAT) w.add('format', d.format, r(`格式标识应为 ${DOCUMENT_FORMAT}`, `format must be ${DOCUMENT_FORMAT}`));
  if (d.version !== undefined && d.version !== DOCUMENT_VERSION)
    w.add('version', d.version, r(`不支持的版本，应为 ${DOCUMENT_VERSION}`, `unsupported version; expected ${DOCUMENT_VERSION}`));
  for (const k of Object.keys(d))
    if (!['format', 'version', 'regionCode', 'dictionaries', 'departments', 'matters'].includes(k)) w.add(k, k, r('无法识别的属性', 'unknown property'));

  const originAt = (s: string, rw: number, prefix: string): Origin => ({ sheet: s, row: rw, column: (field) => `${prefix}${prefix ? '.' : ''}${field}` });
  const basis = (item: unknown, p: string) => {
    const b = readObject(item, 'legal_bases', p, w);
    if (b) origins.set(b, originAt(sheet, row, p.replace(/^\./, '')));
    return b;
  };
  // A material's post-decision check: absent (files written before it existed) or null = none;
  // otherwise { legalBasis } with the basis checked like any legal basis.
  const postDecisionCheck = (value: unknown, p: string) => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      w.add(p, value, r('应为 null 或 { legalBasis }', 'must be null or { legalBasis }'));
      return null;
    }
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) if (k !== 'legalBasis') w.add(`${p}.${k}`, k, r('无法识别的属性', 'unknown property'));
    if (v.legalBasis === undefined) {
      w.add(`${p}.legalBasis`, '', r('收件备查须写明依据', 'a post-decision check needs its legal basis'));
      return null;
    }
    const b = readObject(v.legalBasis, 'legal_bases', `${p}.legalBasis`, w);
    return b ? { legalBasis: b } : null;
  };
  const withOrigin =
    (sheetName: string, lists: Record<string, (item: unknown, itemPath: string) => unknown> = {}, extras: Record<string, (value: unknown, valuePath: string) => unknown> = {}) =>
    (item: unknown, p: string) => {
      const o = readObject(item, sheetName, p, w, lists, extras);
      if (o) origins.set(o, originAt(sheet, row, p.replace(/^\./, '')));
      return o;
    };

  const regionOk = typeof d.regionCode === 'string';
  if (!regionOk) w.add('regionCode', d.regionCode ?? '', r('缺少区划代码', 'regionCode is missing'));
  const catalogue: Catalogue = { regionCode: regionOk ? (d.regionCode as string) : '', departments: [], matters: [] };
  origins.set(catalogue, originAt('catalogue', 0, ''));

  // The catalogue's own canonical materials and fields (optional).
  if (d.dictionaries !== undefined) {
    const dict = d.dictionaries;
    if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) w.add('dictionaries', dict, r('应为 { materials, fields }', 'must be { materials, fields }'));
    else {
      const added: NonNullable<Catalogue['dictionaries']> = { materials: [], fields: [] };
      for (const k of Object.keys(dict)) if (k !== 'materials' && k !== 'fields') w.add(`dictionaries.${k}`, k, r('无法识别的属性', 'unknown property'));
      for (const [key, sheetName] of [
        ['materials', 'dictionary_materials'],
        ['fields', 'dictionary_fields'],
      ] as const) {
        const list = (dict as Record<string, unknown>)[key];
        if (list === undefined) continue;
        sheet = sheetName;
        if (!Array.isArray(list)) {
          w.add(`dictionaries.${key}`, '', r('应为数组', 'must be an array'));
          continue;
        }
        list.forEach((item, i) => {
          row = i + 1;
          const o = withOrigin(sheetName)(item, '');
          if (o) (added[key] as unknown[]).push(o);
        });
      }
      if (added.materials.length || added.fields.length) catalogue.dictionaries = added;
    }
  }

  sheet = 'departments';
  if (!Array.isArray(d.departments)) w.add('departments', '', r('应为数组', 'must be an array'));
  else
    d.departments.forEach((item, i) => {
      row = i + 1;
      const o = withOrigin('departments')(item, '');
      if (o) catalogue.departments.push(o as never);
    });

  sheet = 'matters';
  if (!Array.isArray(d.matters)) w.add('matters', '', r('应为数组', 'must be an array'));
  else
    d.matters.forEach((item, i) => {
      row = i + 1;
      const m = withOrigin('matters', {
        legalBases: basis,
        materials: withOrigin('materials', { legalBases: basis }, { postDecisionCheck }),
        steps: withOrigin('steps', { legalBases: basis }),
        prerequisites: withOrigin('prerequisites', { legalBases: basis }),
        formFields: withOrigin('form_fields'),
        routes: withOrigin('routes'),
      })(item, '');
      if (m) catalogue.matters.push(m as never);
    });
  return { catalogue, problems, origins, flawed };
}

const fileProblem = (reason: Label): ParseResult => ({
  catalogue: null,
  problems: [{ sheet: 'file', row: 0, column: '', value: '', reason }],
  origins: new WeakMap(),
  flawed: new WeakSet(),
});

export function readJson(text: string): ParseResult {
  let doc: unknown;
  const { maxDepth } = inputLimits();
  if (jsonTextDepth(text, maxDepth) < 0) return fileProblem(tooDeep(maxDepth));
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return {
      catalogue: null,
      problems: [{ sheet: 'file', row: 0, column: '', value: '', reason: r(`不是有效的 JSON：${(err as Error).message}`, `not valid JSON: ${(err as Error).message}`) }],
      origins: new WeakMap(),
      flawed: new WeakSet(),
    };
  }
  return documentToCatalogue(doc);
}

export function readYaml(text: string): ParseResult {
  let parsed: YAML.Document.Parsed;
  const { maxDepth } = inputLimits();
  // Flow collections nest with the same brackets as JSON: refuse a deep one before the (recursive) parser sees it.
  if (jsonTextDepth(text, maxDepth) < 0) return fileProblem(tooDeep(maxDepth));
  try {
    parsed = YAML.parseDocument(text, { uniqueKeys: true });
  } catch (err) {
    return fileProblem(r(`不是有效的 YAML：${(err as Error).message}`, `not valid YAML: ${(err as Error).message}`));
  }
  if (parsed.errors.length > 0) {
    return {
      catalogue: null,
      problems: parsed.errors.map((e) => ({
        sheet: 'file',
        row: e.linePos?.[0]?.line ?? 0,
        column: '',
        value: '',
        reason: r(`不是有效的 YAML：${e.message}`, `not valid YAML: ${e.message}`),
      })),
      origins: new WeakMap(),
      flawed: new WeakSet(),
    };
  }
  let doc: unknown;
  try {
    // maxAliasCount stops an alias bomb (aliases of aliases expanding exponentially).
    doc = parsed.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ReferenceError)
      return fileProblem(r('YAML 别名展开过多（可能是“别名炸弹”），上限为 100 次', 'the YAML expands too many aliases (an alias bomb?); at most 100 are allowed'));
    return fileProblem(r(`不是有效的 YAML：${(err as Error).message}`, `not valid YAML: ${(err as Error).message}`));
  }
  if (valueDepth(doc, maxDepth) < 0) return fileProblem(tooDeep(maxDepth));
  return documentToCatalogue(doc);
}
