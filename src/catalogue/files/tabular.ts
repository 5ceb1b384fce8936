// Sheets of rows ↔ catalogue, shared by xlsx and CSV. Reading checks every cell and
// collects every problem with its sheet, row, column and value; it never stops at the
// first. Pure.
import type { Catalogue, CatalogueDepartment, FormField, LegalBasis, LegalRoute, Material, Matter, Prerequisite, Step } from '../model.js';
import { defaultOf, findColumn, findSheet, POST_DECISION_CHECK_COLUMNS, SHEETS, sheetSpec, type ColumnSpec, type Label, type LegalTarget, type SheetSpec } from './template.js';

export interface ImportProblem {
  sheet: string;
  /** Row as the file shows it (1-based; the heading is row 1 in xlsx); 0 for a whole sheet. */
  row: number;
  /** Column key (xlsx/CSV) or property path (JSON/YAML); '' for a whole row or sheet. */
  column: string;
  value: string;
  reason: Label;
}

/** Where an object of the catalogue came from in the file. */
export interface Origin {
  sheet: string;
  row: number;
  /** The column (or JSON path) holding a model property of the object. */
  column(field: string): string;
}
export type Origins = WeakMap<object, Origin>;

export interface RawRow {
  row: number;
  values: unknown[];
}

export interface RawTable {
  /** Sheet name as the file has it. */
  sheet: string;
  headerRow: number;
  headers: unknown[];
  rows: RawRow[];
}

export type Cell = string | number | boolean | null;

export interface ParseResult {
  catalogue: Catalogue | null;
  problems: ImportProblem[];
  origins: Origins;
  /** Objects made from rows with bad cells: reference checks on them would only echo those. */
  flawed: WeakSet<object>;
}

const r = (zh: string, en: string): Label => ({ zh, en });

/** Plain text of a cell as spreadsheet libraries give it (rich text, formulas, dates, hyperlinks). */
export function cellText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  if (typeof raw === 'object') {
    const o = raw as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (o.result !== undefined) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return String(o.error);
  }
  return String(raw);
}

type Coerced = { ok: true; value: unknown } | { ok: false; reason: Label };

const TRUE = new Set(['是', 'true', '1', 'y', 'yes', '√', '✓']);
const FALSE = new Set(['否', 'false', '0', 'n', 'no', '×', '']);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.\-]*$/;

function coerceCode(raw: unknown, optional: boolean): Coerced {
  if (typeof raw === 'number' && !Number.isSafeInteger(raw))
    return { ok: false, reason: r('编码过长被表格软件当作数字，精度已丢失：请把该列设为文本格式', 'the code was stored as a number and lost digits: format the column as text') };
  const s = cellText(raw).trim();
  if (s === '') return optional ? { ok: true, value: null } : { ok: false, reason: r('必填项为空', 'required value is empty') };
  if (!ID.test(s)) return { ok: false, reason: r('编码只能包含字母、数字、点、下划线和连字符', 'a code may hold letters, digits, dot, underscore and hyphen only') };
  return { ok: true, value: s };
}

function coerceNumber(raw: unknown, optional: boolean, integer: boolean): Coerced {
  const s = typeof raw === 'number' ? raw : cellText(raw).trim();
  if (s === '') return optional ? { ok: true, value: null } : { ok: false, reason: r('必填数字为空', 'required number is empty') };
  const n = typeof s === 'number' ? s : Number(s);
  if (!Number.isFinite(n)) return { ok: false, reason: r('不是数字', 'not a number') };
  if (n < 0) return { ok: false, reason: r('不能为负数', 'must not be negative') };
  if (integer && !Number.isInteger(n)) return { ok: false, reason: r('应为整数', 'must be a whole number') };
  return { ok: true, value: n };
}

/** The key of an enumeration value given by its key, its Chinese label or its English label (any case). */
export function enumKey(text: string, col: ColumnSpec): string | undefined {
  const s = text.trim();
  return (col.values ?? []).find((v) => v === s || v === s.toLowerCase() || col.valueLabels?.[v]?.zh === s || col.valueLabels?.[v]?.en.toLowerCase() === s.toLowerCase());
}

function coerceEnum(raw: unknown, col: ColumnSpec, optional: boolean): Coerced {
  const s = cellText(raw).trim();
  if (s === '') return optional ? { ok: true, value: null } : { ok: false, reason: r('必填项为空', 'required value is empty') };
  const values = col.values ?? [];
  const hit = enumKey(s, col);
  if (hit === undefined) {
    const allowed = values.map((v) => col.valueLabels?.[v]?.zh ?? v).join('、');
    const allowedEn = values.join(', ');
    return { ok: false, reason: r(`不是允许的取值，应为：${allowed}`, `not an allowed value; one of: ${allowedEn}`) };
  }
  return { ok: true, value: hit };
}

/** The value a cell that failed its check stands in with, so later checks still see the row. */
export function placeholder(col: ColumnSpec): unknown {
  switch (col.type) {
    case 'text':
    case 'code':
      return '';
    case 'optcode':
    case 'optnumber':
    case 'optenum':
      return null;
    case 'int':
    case 'number':
      return 0;
    case 'bool':
      return false;
    case 'list':
    case 'idlist':
      return [];
    case 'enum':
      return col.values?.[0] ?? '';
  }
}

export function coerceCell(raw: unknown, col: ColumnSpec): Coerced {
  switch (col.type) {
    case 'text':
      return { ok: true, value: cellText(raw) };
    case 'code':
      return coerceCode(raw, false);
    case 'optcode':
      return coerceCode(raw, true);
    case 'int':
      return coerceNumber(raw, false, true);
    case 'number':
      return coerceNumber(raw, false, false);
    case 'optnumber':
      return coerceNumber(raw, true, false);
    case 'bool': {
      const s = cellText(raw).trim().toLowerCase();
      if (TRUE.has(s)) return { ok: true, value: true };
      if (FALSE.has(s)) return { ok: true, value: false };
      return { ok: false, reason: r('应填“是”或“否”', 'must be 是 (yes) or 否 (no)') };
    }
    case 'list': {
      const s = cellText(raw);
      return {
        ok: true,
        value: s
          .split(/[;；\n]/)
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      };
    }
    case 'idlist': {
      const parts = cellText(raw)
        .split(/[\s,，;；、]+/)
        .filter((x) => x !== '');
      const bad = parts.find((p) => !ID.test(p));
      if (bad !== undefined) return { ok: false, reason: r(`编号 ${bad} 格式不正确`, `malformed id ${bad}`) };
      return { ok: true, value: parts };
    }
    case 'enum':
      return coerceEnum(raw, col, false);
    case 'optenum':
      return coerceEnum(raw, col, true);
  }
}

/** Cell value written for a model value (enums by Chinese label, booleans 是/否, lists joined). */
export function toCell(value: unknown, col: ColumnSpec): Cell {
  if (value === null || value === undefined) return '';
  switch (col.type) {
    case 'bool':
      return value ? '是' : '否';
    case 'list':
      return (value as string[]).join('；');
    case 'idlist':
      return (value as string[]).join(',');
    case 'enum':
    case 'optenum':
      return col.valueLabels?.[value as string]?.zh ?? String(value);
    case 'int':
    case 'number':
    case 'optnumber':
      return value as number;
    default:
      return String(value);
  }
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    cur[part] ??= {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

// ---------------------------------------------------------------------------------
// Writing

export interface SheetRows {
  spec: SheetSpec;
  rows: Cell[][];
}

/** One sheet's rows for a catalogue, produced as they are consumed (no sheet is held whole). */
export function* sheetRows(cat: Catalogue, sheet: string): Generator<Cell[]> {
  const spec = sheetSpec(sheet);
  const cols = spec.columns.map((c) => ({ c, parts: c.field === null ? null : c.field.split('.') }));
  const row = (obj: object, extra: Record<string, Cell> = {}): Cell[] =>
    cols.map(({ c, parts }) => {
      if (parts === null) return extra[c.key] ?? '';
      let v: unknown = obj;
      for (const p of parts) v = (v as Record<string, unknown> | undefined)?.[p];
      return toCell(v, c);
    });
  const targetLabel = (t: LegalTarget) => sheetSpec('legal_bases').columns[1].valueLabels![t].zh;
  switch (sheet) {
    case 'catalogue':
      yield row(cat);
      return;
    case 'departments':
      for (const d of cat.departments) yield row(d);
      return;
    case 'matters':
      for (const m of cat.matters) yield row(m);
      return;
    case 'materials':
      for (const m of cat.matters) {
        for (const x of m.materials) {
          const check = x.postDecisionCheck;
          yield row(x, {
            matter_code: m.code,
            post_decision_check: check ? '是' : '否',
            post_decision_check_document: check ? check.legalBasis.document : '',
            post_decision_check_article: check ? check.legalBasis.article : '',
            post_decision_check_text: check ? check.legalBasis.text : '',
          });
        }
      }
      return;
    case 'steps':
      for (const m of cat.matters) for (const x of m.steps) yield row(x, { matter_code: m.code });
      return;
    case 'prerequisites':
      for (const m of cat.matters) for (const x of m.prerequisites) yield row(x, { matter_code: m.code });
      return;
    case 'form_fields':
      for (const m of cat.matters) for (const x of m.formFields) yield row(x, { matter_code: m.code });
      return;
    case 'routes':
      for (const m of cat.matters) for (const x of m.routes) yield row(x, { matter_code: m.code });
      return;
    case 'dictionary_materials':
      for (const x of cat.dictionaries?.materials ?? []) yield row(x);
      return;
    case 'dictionary_fields':
      for (const x of cat.dictionaries?.fields ?? []) yield row(x);
      return;
    case 'legal_bases':
      for (const m of cat.matters) {
        const bases = function* (target: LegalTarget, id: string, list: LegalBasis[]) {
          for (const b of list) yield row(b, { matter_code: m.code, target: targetLabel(target), target_id: id });
        };
        yield* bases('matter', '', m.legalBases);
        for (const x of m.materials) yield* bases('material', x.id, x.legalBases);
        for (const x of m.steps) yield* bases('step', x.id, x.legalBases);
        for (const x of m.prerequisites) yield* bases('prerequisite', x.matterCode, x.legalBases);
      }
      return;
    default:
      throw new Error(`no sheet ${sheet}`);
  }
}

export function catalogueToSheets(cat: Catalogue): SheetRows[] {
  return SHEETS.map((spec) => ({ spec, rows: [...sheetRows(cat, spec.name)] }));
}

// ---------------------------------------------------------------------------------
// Reading

interface ParsedRow {
  sheet: string;
  row: number;
  object: Record<string, unknown>;
  relation: Record<string, unknown>;
  flawed: boolean;
}

function rowOrigin(spec: SheetSpec, row: number): Origin {
  return {
    sheet: spec.name,
    row,
    column: (field: string) => spec.columns.find((c) => c.field === field)?.key ?? (spec.name === 'materials' ? POST_DECISION_CHECK_COLUMNS[field] : undefined) ?? field,
  };
}

/**
 * A material's post-decision check from its four relation columns: null when 收件备查 is 否
 * and no basis is given; a basis without 是 is a problem (the basis alone does not set it).
 * A 是 without a basis document is left to the validation, which reports it on the row.
 */
function postDecisionCheckOf(p: ParsedRow, add: (sheet: string, row: number, column: string, value: unknown, reason: Label) => void): Material['postDecisionCheck'] {
  const set = p.relation.post_decision_check === true;
  const legalBasis: LegalBasis = {
    document: (p.relation.post_decision_check_document as string | undefined) ?? '',
    article: (p.relation.post_decision_check_article as string | undefined) ?? '',
    text: (p.relation.post_decision_check_text as string | undefined) ?? '',
  };
  if (set) return { legalBasis };
  const given = Object.entries({
    post_decision_check_document: legalBasis.document,
    post_decision_check_article: legalBasis.article,
    post_decision_check_text: legalBasis.text,
  }).find(([, v]) => v.trim() !== '');
  if (given) {
    add(
      p.sheet,
      p.row,
      'post_decision_check',
      '否',
      r(
        `填写了收件备查依据，但“收件备查（事中事后核查）”为否：收件备查的填“是”，否则删去依据`,
        `a post-decision check basis is given but post_decision_check is no: set it to 是 (yes), or remove the basis`,
      ),
    );
    p.flawed = true;
  }
  return null;
}

export interface TabularOptions {
  /** Department name → code: local spreadsheets often name the department (实施主体) instead of coding it. */
  departmentNames?: ReadonlyMap<string, string>;
}

const DEPARTMENT_COLUMNS = new Set(['department_code', 'source_department_code']);

export function sheetsToCatalogue(tables: RawTable[], options: TabularOptions = {}): ParseResult {
  const problems: ImportProblem[] = [];
  const origins: Origins = new WeakMap();
  const flawed = new WeakSet<object>();
  const add = (sheet: string, row: number, column: string, value: unknown, reason: Label) => problems.push({ sheet, row, column, value: cellText(value), reason });

  const parsed = new Map<string, ParsedRow[]>(SHEETS.map((s) => [s.name, []]));
  const seenSheets = new Set<string>();
  for (const t of tables) {
    const spec = findSheet(t.sheet);
    const empty = t.rows.length === 0 && t.headers.every((h) => cellText(h).trim() === '');
    if (!spec && empty) continue; // a blank sheet a spreadsheet program added (Sheet1)
    if (!spec) {
      add(t.sheet, 0, '', t.sheet, r(`无法识别的工作表，应为：${SHEETS.map((s) => s.name).join('、')}`, `unknown sheet; expected one of ${SHEETS.map((s) => s.name).join(', ')}`));
      continue;
    }
    if (seenSheets.has(spec.name)) {
      add(spec.name, 0, '', t.sheet, r('工作表重复', 'the sheet appears twice'));
      continue;
    }
    seenSheets.add(spec.name);
    const colIndex = new Map<string, number>();
    t.headers.forEach((h, i) => {
      const text = cellText(h).trim();
      if (text === '') return;
      const c = findColumn(spec, text);
      if (!c)
        add(
          spec.name,
          t.headerRow,
          text,
          text,
          r(`无法识别的列，应为：${spec.columns.map((x) => x.label.zh).join('、')}`, `unknown column; expected ${spec.columns.map((x) => x.key).join(', ')}`),
        );
      else if (colIndex.has(c.key)) add(spec.name, t.headerRow, c.key, text, r('列重复', 'the column appears twice'));
      else colIndex.set(c.key, i);
    });
    const missing = spec.columns.filter((c) => !colIndex.has(c.key) && defaultOf(c) === undefined);
    for (const c of missing) add(spec.name, t.headerRow, c.key, '', r(`缺少必需的列“${c.label.zh}”`, `required column ${c.key} is missing`));
    if (missing.length > 0) continue;
    for (const raw of t.rows) {
      if (raw.values.every((v) => cellText(v).trim() === '')) continue; // blank line
      const object: Record<string, unknown> = {};
      const relation: Record<string, unknown> = {};
      let bad = false;
      for (const c of spec.columns) {
        const idx = colIndex.get(c.key);
        let value = idx === undefined ? null : raw.values[idx];
        if (options.departmentNames && DEPARTMENT_COLUMNS.has(c.key)) value = options.departmentNames.get(cellText(value).trim()) ?? value;
        // An absent column or an empty cell of a column with a default takes the default.
        const fallback = c.default;
        const res: Coerced = fallback !== undefined && cellText(value).trim() === '' ? { ok: true, value: fallback } : coerceCell(value, c);
        if (!res.ok) {
          add(spec.name, raw.row, c.key, value, res.reason);
          bad = true;
        }
        const v = res.ok ? res.value : placeholder(c);
        if (c.field === null) relation[c.key] = v;
        else setPath(object, c.field, v);
      }
      // A row with bad cells still takes part (with stand-in values), so references to it resolve.
      parsed.get(spec.name)!.push({ sheet: spec.name, row: raw.row, object, relation, flawed: bad });
    }
  }
  for (const required of ['catalogue', 'matters']) {
    if (!seenSheets.has(required)) add(required, 0, '', '', r(`缺少工作表 ${required}`, `sheet ${required} is missing`));
  }

  // catalogue
  const catRows = parsed.get('catalogue')!;
  if (seenSheets.has('catalogue') && catRows.length !== 1) add('catalogue', 0, 'region_code', '', r('清单表应恰好有一行', 'sheet catalogue must have exactly one row'));
  const catalogue: Catalogue = { regionCode: (catRows[0]?.object.regionCode as string) ?? '', departments: [], matters: [] };
  if (catRows[0]) origins.set(catalogue, rowOrigin(sheetSpec('catalogue'), catRows[0].row));
  if (catRows[0]?.flawed) flawed.add(catalogue);

  for (const p of parsed.get('departments')!) {
    const d = p.object as unknown as CatalogueDepartment;
    catalogue.departments.push(d);
    origins.set(d, rowOrigin(sheetSpec('departments'), p.row));
    if (p.flawed) flawed.add(d);
  }

  const added: NonNullable<Catalogue['dictionaries']> = { materials: [], fields: [] };
  for (const [sheet, list] of [
    ['dictionary_materials', added.materials],
    ['dictionary_fields', added.fields],
  ] as const) {
    for (const p of parsed.get(sheet)!) {
      (list as unknown[]).push(p.object);
      origins.set(p.object, rowOrigin(sheetSpec(sheet), p.row));
      if (p.flawed) flawed.add(p.object);
    }
  }
  if (added.materials.length || added.fields.length) catalogue.dictionaries = added;

  const byCode = new Map<string, Matter>();
  for (const p of parsed.get('matters')!) {
    const m = { ...p.object, legalBases: [], materials: [], steps: [], prerequisites: [], formFields: [], routes: [] } as unknown as Matter;
    catalogue.matters.push(m);
    origins.set(m, rowOrigin(sheetSpec('matters'), p.row));
    if (p.flawed) flawed.add(m);
    if (!byCode.has(m.code)) byCode.set(m.code, m);
  }
  const owner = (p: ParsedRow): Matter | undefined => {
    const code = p.relation.matter_code as string;
    const m = byCode.get(code);
    if (!m && code !== '') add(p.sheet, p.row, 'matter_code', p.relation.matter_code, r('该实施编码不在事项表中', 'this matter code is not in sheet matters'));
    return m;
  };
  const attach = <T extends object>(sheet: string, list: (m: Matter) => T[], withBases: boolean, finish?: (item: T, p: ParsedRow) => void) => {
    for (const p of parsed.get(sheet)!) {
      const m = owner(p);
      if (!m) continue;
      const item = (withBases ? { ...p.object, legalBases: [] } : p.object) as unknown as T;
      finish?.(item, p);
      list(m).push(item);
      origins.set(item, rowOrigin(sheetSpec(sheet), p.row));
      if (p.flawed) flawed.add(item);
    }
  };
  attach<Material>(
    'materials',
    (m) => m.materials,
    true,
    (item, p) => {
      item.postDecisionCheck = postDecisionCheckOf(p, add);
    },
  );
  attach<Step>('steps', (m) => m.steps, true);
  attach<Prerequisite>('prerequisites', (m) => m.prerequisites, true);
  attach<FormField>('form_fields', (m) => m.formFields, false);
  attach<LegalRoute>('routes', (m) => m.routes, false);

  for (const p of parsed.get('legal_bases')!) {
    const m = owner(p);
    if (!m) continue;
    const target = p.relation.target as LegalTarget;
    const id = p.relation.target_id as string | null;
    let holder: { legalBases: LegalBasis[] } | undefined;
    if (target === 'matter') {
      if (id !== null) add(p.sheet, p.row, 'target_id', id, r('依据对象为事项时对象编号应留空', 'target id must be empty when the basis applies to the matter'));
      else holder = m;
    } else if (id === null) {
      add(p.sheet, p.row, 'target_id', '', r('须填写对象编号', 'target id is required'));
    } else {
      holder =
        target === 'material' ? m.materials.find((x) => x.id === id) : target === 'step' ? m.steps.find((x) => x.id === id) : m.prerequisites.find((x) => x.matterCode === id);
      if (!holder)
        add(
          p.sheet,
          p.row,
          'target_id',
          id,
          r(`事项 ${m.code} 中没有该${target === 'material' ? '材料' : target === 'step' ? '环节' : '前置条件'}`, `matter ${m.code} has no such ${target}`),
        );
    }
    if (!holder) continue;
    const b = p.object as unknown as LegalBasis;
    holder.legalBases.push(b);
    origins.set(b, rowOrigin(sheetSpec('legal_bases'), p.row));
    if (p.flawed) flawed.add(b);
  }
  return { catalogue, problems, origins, flawed };
}
