// Appends to the audit trail inside the caller's transaction, so a change and its audit
// row commit or roll back together.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { GENESIS_HASH, contentHash, findBreak, type AuditRecord, type ChainBreak } from './chain.js';

export interface AuditLogTable {
  id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  region_code: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  /** Null only while the writer's transaction runs: the database links the row at commit. */
  prev_hash: string | null;
  hash: string | null;
  /** The content's hash (chain.ts contentHash); null on rows written before migration 0022. */
  content_hash: string | null;
}

declare module '../store/schema.js' {
  interface Database {
    audit_log: AuditLogTable;
  }
}

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Must run inside a transaction (db.transaction().execute(trx => recordAudit(trx, ...))). The
 * row is written with a provisional negative id and its content hash, and takes no lock: at
 * commit the database gives it the next id and links it to the row before (migration 0022,
 * audit_log_link), so concurrent writers queue only for that link, not for each other's work.
 * A rolled-back transaction leaves neither a row nor a gap.
 */
export async function recordAudit(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values(auditRow(entry)).execute();
}

/**
 * The audit row of an entry, for a writer that inserts it in a statement of its own making
 * (a data-modifying WITH that writes a record and its audit row in one statement, which is
 * a transaction by itself): linked at commit like any other.
 */
export function auditRow(entry: AuditEntry) {
  const record: Omit<AuditRecord, 'id'> = {
    at: new Date(),
    actorId: entry.actor && entry.actor.userId > 0 ? entry.actor.userId : null,
    actorName: entry.actor?.username ?? null,
    regionCode: entry.regionCode ?? entry.actor?.regionCode ?? null,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    before: normalise(entry.before),
    after: normalise(entry.after),
  };
  return {
    id: sql<number>`-nextval('audit_log_provisional_id')`,
    at: record.at,
    actor_id: record.actorId,
    actor_name: record.actorName,
    region_code: record.regionCode,
    action: record.action,
    entity: record.entity,
    entity_id: record.entityId,
    before: record.before === null ? null : JSON.stringify(record.before),
    after: record.after === null ? null : JSON.stringify(record.after),
    prev_hash: null,
    hash: null,
    content_hash: contentHash(record),
  };
}

// What is hashed must equal what jsonb gives back: plain JSON values only.
function normalise(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value));
}

export interface VerifyResult {
  ok: boolean;
  rows: number;
  firstBreak: ChainBreak | null;
}

/**
 * The newest row of the chain. Written down outside the database (a print-out, another
 * system, a signed e-mail) it is an anchor: a later `verifyAuditTrail(db, { anchor })` then
 * detects rows removed from the end, which the chain alone cannot.
 */
export interface AuditAnchor {
  id: number;
  hash: string;
}

export async function auditHead(db: Kysely<Database>): Promise<AuditAnchor & { at: Date | null }> {
  const last = await db.selectFrom('audit_log').select(['id', 'hash', 'at']).where('id', '>', 0).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last ? { id: last.id, hash: last.hash ?? '', at: last.at } : { id: 0, hash: GENESIS_HASH, at: null };
}

/** Parses an anchor written as `ID:HASH` (what `zaizao audit head` prints). */
export function parseAnchor(text: string): AuditAnchor {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!m) throw new Error(`an audit anchor is ID:HASH (a row id, a colon and 64 hex digits), not "${text}"`);
  return { id: Number(m[1]), hash: m[2] };
}

/**
 * What a caller who sees only a region subtree learns from verifying: the chain is always
 * checked whole (a link can only be checked against the row before it, whoever's that is),
 * but `rows` counts only their rows, and a break outside their regions is reported without
 * its row or reason. The verdict (`ok`) is the whole chain's.
 */
export async function verifyAuditTrailFor(db: Kysely<Database>, regionPrefix: string): Promise<VerifyResult & { scope: string }> {
  const whole = await verifyAuditTrail(db);
  const pattern = `${regionPrefix}%`;
  const mine = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('region_code', 'like', pattern)
    .executeTakeFirstOrThrow();
  let firstBreak = whole.firstBreak;
  if (firstBreak) {
    const row = await db.selectFrom('audit_log').select('region_code').where('id', '=', firstBreak.id).executeTakeFirst();
    if (!row?.region_code?.startsWith(regionPrefix)) firstBreak = { id: 0, reason: 'the chain is broken at a row outside your regions; a platform administrator sees where' };
  }
  return { ok: whole.ok, rows: Number(mine.n), firstBreak, scope: regionPrefix };
}

export async function verifyAuditTrail(db: Kysely<Database>, options: { anchor?: AuditAnchor } = {}): Promise<VerifyResult> {
  // Rows with a provisional id belong to transactions still running (invisible here) or to none.
  const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', 0).orderBy('id').execute();
  const records = rows.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    regionCode: r.region_code,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before ?? null,
    after: r.after ?? null,
    prevHash: r.prev_hash,
    hash: r.hash,
    contentHash: r.content_hash,
  }));
  if (records.length > 0 && records[0].id !== 1) return { ok: false, rows: records.length, firstBreak: { id: 1, reason: `rows 1 to ${records[0].id - 1} are missing` } };
  const firstBreak = findBreak(records) ?? anchorBreak(records, options.anchor);
  return { ok: firstBreak === null, rows: records.length, firstBreak };
}

function anchorBreak(records: ReadonlyArray<{ id: number; hash: string | null }>, anchor: AuditAnchor | undefined): ChainBreak | null {
  if (!anchor || anchor.id === 0) return null;
  // Ids are consecutive from 1 once findBreak passed, so the anchored row is at index id - 1.
  const row = records[anchor.id - 1];
  if (!row) return { id: anchor.id, reason: `the anchored row ${anchor.id} is missing: rows from ${records.length + 1} to at least ${anchor.id} were removed from the end` };
  if (row.hash !== anchor.hash) return { id: anchor.id, reason: `row ${anchor.id} does not carry the anchored hash: the chain was rewritten from there or before` };
  return null;
}
