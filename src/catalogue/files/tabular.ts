// Sheets of rows ↔ catalogue, shared by xlsx and CSV. Reading checks every cell and
// collects every problem with its sheet, row, column and value; it never stops at the
// first. Pure.
// The cells are in ./tabular-cells.ts, writing sheets in ./tabular-write.ts and reading them
// in ./tabular-read.ts; this module exports them all.
import type { Catalogue } from '../model.js';
import type { Label } from './template.js';

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

export { cellText, enumKey, placeholder, coerceCell, toCell } from './tabular-cells.js';
export { sheetRows, catalogueToSheets, type SheetRows } from './tabular-write.js';
export { sheetsToCatalogue, type TabularOptions } from './tabular-read.js';
