// Pure hash-chain arithmetic: the same function writes and verifies.
import crypto from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  id: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  regionCode: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The link of a row written before the database linked rows at commit (its content_hash is null). */
export function chainHash(prevHash: string, record: AuditRecord): string {
  const body = canonicalJson({ ...record, at: record.at.toISOString() });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** The hash of a row's content, id aside: the writer computes it before the row has its id. */
export function contentHash(record: Omit<AuditRecord, 'id'>): string {
  const { id: _id, ...content } = record as AuditRecord;
  return crypto
    .createHash('sha256')
    .update(canonicalJson({ ...content, at: record.at.toISOString() }))
    .digest('hex');
}

/**
 * The link the database makes at commit (migration 0022, audit_log_link): the previous hash,
 * the row's id and its content hash. The same formula, checked here, is written there in SQL.
 */
export function linkHash(prevHash: string, id: number, content: string): string {
  return crypto.createHash('sha256').update(`${prevHash}\n${id}\n${content}`).digest('hex');
}

export interface ChainBreak {
  id: number;
  reason: string;
}

/** Walks rows in id order; returns the first broken link, or null when the chain holds. */
export function findBreak(rows: Array<AuditRecord & { prevHash: string | null; hash: string | null; contentHash?: string | null }>): ChainBreak | null {
  let prev = GENESIS_HASH;
  let expectedId: number | null = null;
  for (const row of rows) {
    if (expectedId !== null && row.id !== expectedId) return { id: expectedId, reason: `row ${expectedId} is missing (next row is ${row.id})` };
    if (row.prevHash !== prev) return { id: row.id, reason: `row ${row.id} does not link to the row before it` };
    const { prevHash: _p, hash: _h, contentHash: content, ...record } = row;
    const altered = { id: row.id, reason: `row ${row.id} was altered (its hash does not match its content)` };
    if (content == null) {
      if (chainHash(prev, record) !== row.hash) return altered;
    } else if (contentHash(record) !== content || linkHash(prev, row.id, content) !== row.hash) return altered;
    prev = row.hash;
    expectedId = row.id + 1;
  }
  return null;
}
