// A catalogue as sheets of rows, one sheet at a time.
import type { Catalogue, LegalBasis } from '../model.js';
import { SHEETS, sheetSpec, type LegalTarget, type SheetSpec } from './template.js';
import type { Cell } from './tabular.js';
import { toCell } from './tabular-cells.js';

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
