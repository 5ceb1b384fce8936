// The catalogue's tables (matters and their versions, each version the whole matter as a
// jsonb document beside the columns lists and filters query by), and the transaction helper
// every command writes in.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { VersionStage } from '../model.js';

export interface MattersTable {
  id: Generated<number>;
  region_code: string;
  code: string;
  name: string;
  kind: string;
  department_id: number;
  latest_version: number;
  as_is_version: number | null;
  to_be_version: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MatterVersionsTable {
  id: Generated<number>;
  region_code: string;
  matter_id: number;
  version: number;
  stage: VersionStage;
  document: unknown;
  name: string;
  kind: string;
  department_id: number;
  statutory_days: number | null;
  promised_days: number;
  visits: number;
  materials: number;
  materials_to_submit: number;
  steps: number;
  departments: number;
  stamps: number;
  countersigns: number;
  critical_path_days: number;
  note: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
}

declare module '../../store/schema.js' {
  interface Database {
    matters: MattersTable;
    matter_versions: MatterVersionsTable;
  }
}

/** Runs fn in the caller's transaction when there is one (e.g. the analyzer's "apply fix"), else in a new one. */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
