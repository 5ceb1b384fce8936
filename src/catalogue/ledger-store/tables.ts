// The ledger's tables, declared on the Kysely database from here.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type {} from '../../org/store.js';
import type { LedgerAttachment, LedgerStatus } from '../model.js';
import { shanghaiIso } from '../../shared/time.js';

export interface LedgerItemsTable {
  id: Generated<number>;
  region_code: string;
  department_id: number;
  problem: string;
  measure: string;
  owner: string;
  start_date: string;
  deadline_workdays: number;
  deadline: string;
  /** The first provisional year the deadline was computed across (see migration 0010), else null. */
  deadline_provisional_year: number | null;
  status: LedgerStatus;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LedgerItemMattersTable {
  ledger_item_id: number;
  matter_id: number;
  region_code: string;
  position: number;
  before_version: number;
  after_version: number | null;
}

export interface LedgerAttachmentsTable {
  id: Generated<number>;
  ledger_item_id: number;
  region_code: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Uint8Array;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}

declare module '../../store/schema.js' {
  interface Database {
    ledger_items: LedgerItemsTable;
    ledger_item_matters: LedgerItemMattersTable;
    ledger_attachments: LedgerAttachmentsTable;
  }
}

export type Db = Kysely<Database>;

/** An attachment row as the ledger answers it (without its bytes). */
export function attachmentView(a: { id: number; file_name: string; content_type: string; size: number; sha256: string; uploaded_by: string; uploaded_at: Date }): LedgerAttachment {
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploaded_by,
    uploadedAt: shanghaiIso(new Date(a.uploaded_at)),
  };
}
