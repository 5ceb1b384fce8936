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
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function chainHash(prevHash: string, record: AuditRecord): string {
  const body = canonicalJson({ ...record, at: record.at.toISOString() });
  return crypto.createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export interface ChainBreak {
  id: number;
  reason: string;
}

/** Walks rows in id order; returns the first broken link, or null when the chain holds. */
export function findBreak(rows: Array<AuditRecord & { prevHash: string; hash: string }>): ChainBreak | null {
  let prev = GENESIS_HASH;
  let expectedId: number | null = null;
  for (const row of rows) {
    if (expectedId !== null && row.id !== expectedId) return { id: expectedId, reason: `row ${expectedId} is missing (next row is ${row.id})` };
    if (row.prevHash !== prev) return { id: row.id, reason: `row ${row.id} does not link to the row before it` };
    const { prevHash: _p, hash: _h, ...record } = row;
    const hash = chainHash(prev, record);
    if (hash !== row.hash) return { id: row.id, reason: `row ${row.id} was altered (its hash does not match its content)` };
    prev = row.hash;
    expectedId = row.id + 1;
  }
  return null;
}
