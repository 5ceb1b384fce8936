// Sheets of rows into a catalogue: every cell checked, every problem collected with its sheet,
// row, column and value.
import type { Catalogue, CatalogueDepartment, FormField, LegalBasis, LegalRoute, Material, Matter, Prerequisite, Step } from '../model.js';
import { defaultOf, findColumn, findSheet, POST_DECISION_CHECK_COLUMNS, SHEETS, sheetSpec, type Label, type LegalTarget, type SheetSpec } from './template.js';
import type { ImportProblem, Origin, Origins, ParseResult, RawTable } from './tabular.js';
import { cellText, coerceCell, placeholder, type Coerced } from './tabular-cells.js';

const r = (zh: string, en: string): Label => ({ zh, en });

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    cur[part] ??= {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

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
