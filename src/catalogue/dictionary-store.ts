// The canonical entries regions added to the dictionaries (migration 0028): read with the
// catalogue of a region (its own and those of the regions above it) and written by imports.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { CatalogueDictionaries, DictionaryField, DictionaryMaterial } from './model.js';

export interface DictionaryEntriesTable {
  region_code: string;
  kind: 'material' | 'field';
  id: string;
  entry: unknown;
  updated_by: string;
  updated_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    catalog_dictionary_entries: DictionaryEntriesTable;
  }
}

/** A region's own entries and those of the regions above it (codes are prefixes), narrower last. */
export async function loadDictionaries(db: Kysely<Database>, regionCode: string): Promise<CatalogueDictionaries> {
  const out: CatalogueDictionaries = { materials: [], fields: [] };
  if (!regionCode) return out;
  const prefixes = Array.from({ length: regionCode.length }, (_, i) => regionCode.slice(0, i + 1));
  const rows = await db.selectFrom('catalog_dictionary_entries').select(['kind', 'id', 'entry', 'region_code']).where('region_code', 'in', prefixes).execute();
  rows.sort((a, b) => a.region_code.length - b.region_code.length || a.id.localeCompare(b.id));
  const materials = new Map<string, DictionaryMaterial>();
  const fields = new Map<string, DictionaryField>();
  for (const r of rows) {
    const entry = (typeof r.entry === 'string' ? JSON.parse(r.entry) : r.entry) as DictionaryMaterial & DictionaryField;
    if (r.kind === 'material') materials.set(r.id, entry);
    else fields.set(r.id, entry);
  }
  out.materials = [...materials.values()];
  out.fields = [...fields.values()];
  return out;
}

/** The stored entries with a file's over them (the same id replaced). */
export function mergeDictionaries(stored: CatalogueDictionaries, added: CatalogueDictionaries | undefined): CatalogueDictionaries {
  if (!added) return stored;
  const byId = <E extends { id: string }>(a: readonly E[], b: readonly E[]) => [...new Map([...a, ...b].map((e) => [e.id, e])).values()];
  return { materials: byId(stored.materials, added.materials), fields: byId(stored.fields, added.fields) };
}

/** Saves the entries a file declared, as the region's. */
export async function saveDictionaries(db: Kysely<Database>, regionCode: string, added: CatalogueDictionaries, by: string): Promise<void> {
  const rows = [
    ...added.materials.map((e) => ({ region_code: regionCode, kind: 'material' as const, id: e.id, entry: JSON.stringify(e), updated_by: by })),
    ...added.fields.map((e) => ({ region_code: regionCode, kind: 'field' as const, id: e.id, entry: JSON.stringify(e), updated_by: by })),
  ];
  for (const row of rows) {
    await db
      .insertInto('catalog_dictionary_entries')
      .values(row as never)
      .onConflict((oc) => oc.columns(['region_code', 'kind', 'id']).doUpdateSet({ entry: row.entry, updated_by: by, updated_at: new Date() } as never))
      .execute();
  }
}
