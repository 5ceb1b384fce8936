// Where mining reads from and writes to the database: the process engine's history, matters'
// promised limits, and stored event logs (uploaded files and engine history kept compactly).
import type { Generated, Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { getVersion } from '../catalogue/store.js';
import { EngineStore } from '../engine/store.js';
import type { Actor } from '../org/model.js';
import { departmentRestriction, outOfScopeMessage, regionPattern } from '../org/scope.js';
import { DomainError } from '../shared/errors.js';
import type { Text } from '../shared/text.js';
import type { Store } from '../store/database.js';
import type { Database } from '../store/schema.js';
import { logFromHistory } from './import/history.js';
import { decodeLog, encodeLog } from './log-codec.js';
import type { EventLog } from './model.js';

/** The engine history of a region subtree (code prefix), optionally of one process, as an event log. */
export async function engineLog(db: Store['db'], q: { regionPrefix?: string; processKey?: string; limit?: number } = {}): Promise<EventLog> {
  const events = await new EngineStore(db).history({ regionPrefix: q.regionPrefix, processKey: q.processKey, limit: q.limit ?? 5_000_000 });
  return logFromHistory(events);
}

/** A matter's promised time limit (承诺办结时限) from the catalogue: what a case of it is measured against. */
export async function promisedLimitOfMatter(
  db: Store['db'],
  actor: Actor,
  code: string,
  version: 'as_is' | 'to_be' | 'latest' = 'latest',
): Promise<{ matterCode: string; name: string; version: number; promisedDays: number }> {
  const v = await getVersion(db, actor, code, version);
  return { matterCode: code, name: v.matter.name, version: v.version, promisedDays: v.matter.promisedDays };
}

// ---------------------------------------------------------------------------------------
// Stored event logs (table mining_logs, migration 0009)

export interface MiningLogsTable {
  id: Generated<number>;
  region_code: string;
  department_id: number | null;
  name: string;
  source: 'xes' | 'csv' | 'engine' | 'window' | 'cases';
  file_name: string | null;
  file_bytes: number;
  cases: number;
  events: number;
  activities: number;
  period_from: Date | null;
  period_to: Date | null;
  import_report: unknown;
  content: Uint8Array;
  content_bytes: number;
  created_by: string;
  created_at: Generated<Date>;
}

declare module '../store/schema.js' {
  interface Database {
    mining_logs: MiningLogsTable;
  }
}

/** A stored log as lists and details show it (without its content). */
export interface StoredLogInfo {
  id: number;
  name: string;
  source: 'xes' | 'csv' | 'engine' | 'window' | 'cases';
  fileName: string | null;
  fileBytes: number;
  storedBytes: number;
  cases: number;
  events: number;
  activities: number;
  period: { from: string | null; to: string | null };
  importReport: unknown;
  regionCode: string;
  departmentCode: string | null;
  createdBy: string;
  createdAt: string;
}

function storedLogRefusal(kind: 'not_found' | 'forbidden' | 'out_of_scope', id: number | undefined): { status: 403 | 404; code: string; messages: Text } {
  if (kind === 'forbidden') return { status: 403, code: 'forbidden', messages: { zh: '无权访问', en: 'not allowed for your role or region' } };
  if (kind === 'out_of_scope') return { status: 403, code: 'forbidden', messages: outOfScopeMessage({ zh: '事件日志', en: 'event log' }, id ?? '') };
  return { status: 404, code: 'not_found', messages: { zh: '未找到该事件日志', en: 'stored event log not found' } };
}

/** Answered 403 (role, or a log outside the caller's scope) or 404; `message` keeps the CLI's English detail. */
export class StoredLogError extends DomainError {
  constructor(
    readonly kind: 'not_found' | 'forbidden' | 'out_of_scope',
    message: string,
    readonly id?: number,
  ) {
    const r = storedLogRefusal(kind, id);
    super(r.status, r.code, r.messages);
    this.message = message;
  }
}

import { LOG_MANAGERS, LOG_USERS } from './access.js';

export { LOG_USERS };

type Db = Kysely<Database>;

const INFO_COLUMNS = [
  'mining_logs.id',
  'mining_logs.name',
  'mining_logs.source',
  'mining_logs.file_name',
  'mining_logs.file_bytes',
  'mining_logs.content_bytes',
  'mining_logs.cases',
  'mining_logs.events',
  'mining_logs.activities',
  'mining_logs.period_from',
  'mining_logs.period_to',
  'mining_logs.import_report',
  'mining_logs.region_code',
  'mining_logs.created_by',
  'mining_logs.created_at',
  'departments.code as department_code',
] as const;

const isoOrNull = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toInfo(r: {
  id: number;
  name: string;
  source: 'xes' | 'csv' | 'engine' | 'window' | 'cases';
  file_name: string | null;
  file_bytes: number;
  content_bytes: number;
  cases: number;
  events: number;
  activities: number;
  period_from: Date | null;
  period_to: Date | null;
  import_report: unknown;
  region_code: string;
  created_by: string;
  created_at: Date;
  department_code: string | null;
}): StoredLogInfo {
  return {
    id: Number(r.id),
    name: r.name,
    source: r.source,
    fileName: r.file_name,
    fileBytes: Number(r.file_bytes),
    storedBytes: Number(r.content_bytes),
    cases: r.cases,
    events: r.events,
    activities: r.activities,
    period: { from: isoOrNull(r.period_from), to: isoOrNull(r.period_to) },
    importReport: r.import_report ?? null,
    regionCode: r.region_code,
    departmentCode: r.department_code,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** Stored logs the actor may see: their region subtree; department officers only their department's. */
function visibleLogs(db: Db, actor: Actor) {
  if (!LOG_USERS.has(actor.role)) throw new StoredLogError('forbidden', 'not allowed for this role');
  let q = db.selectFrom('mining_logs').leftJoin('departments', 'departments.id', 'mining_logs.department_id').where('mining_logs.region_code', 'like', regionPattern(actor));
  const only = departmentRestriction(actor);
  if (only !== null) q = q.where('mining_logs.department_id', '=', only);
  return q;
}

export async function listStoredLogs(db: Db, actor: Actor): Promise<StoredLogInfo[]> {
  const rows = await visibleLogs(db, actor).select(INFO_COLUMNS).orderBy('mining_logs.id', 'desc').execute();
  return rows.map((r) => toInfo(r as never));
}

/** Why a log the actor cannot see is missing: it does not exist (404), or it lies outside their scope (403). */
async function missing(db: Db, id: number): Promise<StoredLogError> {
  const exists = await db.selectFrom('mining_logs').select('id').where('id', '=', id).executeTakeFirst();
  return exists ? new StoredLogError('out_of_scope', `stored log ${id} is outside your scope`, id) : new StoredLogError('not_found', `stored log ${id} not found`);
}

export async function storedLogInfo(db: Db, actor: Actor, id: number): Promise<StoredLogInfo> {
  const row = await visibleLogs(db, actor).select(INFO_COLUMNS).where('mining_logs.id', '=', id).executeTakeFirst();
  if (!row) throw await missing(db, id);
  return toInfo(row as never);
}

/** The stored log itself, decoded. */
export async function loadStoredLog(db: Db, actor: Actor, id: number): Promise<{ info: StoredLogInfo; log: EventLog }> {
  const row = await visibleLogs(db, actor)
    .select([...INFO_COLUMNS, 'mining_logs.content'])
    .where('mining_logs.id', '=', id)
    .executeTakeFirst();
  if (!row) throw await missing(db, id);
  return { info: toInfo(row as never), log: decodeLog(row.content) };
}

export interface StoreLogInput {
  name: string;
  source: 'xes' | 'csv' | 'engine' | 'window' | 'cases';
  fileName?: string | null;
  fileBytes: number;
  importReport?: unknown;
}

/** Stores an imported log in the actor's region (and department), with its audit row, in one transaction. */
export async function storeLog(db: Db, actor: Actor, log: EventLog, input: StoreLogInput): Promise<StoredLogInfo> {
  if (!LOG_USERS.has(actor.role)) throw new StoredLogError('forbidden', 'not allowed for this role');
  const content = encodeLog(log);
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < log.timestamp.length; i++) {
    const t = log.timestamp[i];
    if (t < from) from = t;
    if (t > to) to = t;
  }
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mining_logs')
      .values({
        region_code: actor.regionCode,
        department_id: actor.departmentId,
        name: input.name,
        source: input.source,
        file_name: input.fileName ?? null,
        file_bytes: input.fileBytes,
        cases: log.caseIds.length,
        events: log.activity.length,
        activities: log.activityNames.length,
        period_from: Number.isFinite(from) ? new Date(from) : null,
        period_to: Number.isFinite(to) ? new Date(to) : null,
        import_report: input.importReport === undefined ? null : JSON.stringify(input.importReport),
        content,
        content_bytes: content.length,
        created_by: actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'mining.log.store',
      entity: 'mining_log',
      entityId: row.id,
      after: { name: input.name, source: input.source, fileName: input.fileName ?? null, cases: log.caseIds.length, events: log.activity.length, storedBytes: content.length },
    });
    return Number(row.id);
  });
  return storedLogInfo(db, actor, id);
}

/** Deletes a stored log the actor may see: admins and the reform office any, others only their own. */
export async function deleteStoredLog(db: Db, actor: Actor, id: number): Promise<void> {
  const info = await storedLogInfo(db, actor, id);
  if (!LOG_MANAGERS.has(actor.role) && info.createdBy !== actor.username)
    throw new StoredLogError('forbidden', 'only its owner, an administrator or the reform office may delete a stored log');
  await db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('mining_logs').where('id', '=', id).where('region_code', '=', info.regionCode).executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) throw new StoredLogError('not_found', `stored log ${id} not found`);
    await recordAudit(trx, {
      actor,
      action: 'mining.log.delete',
      entity: 'mining_log',
      entityId: id,
      regionCode: info.regionCode,
      before: { name: info.name, source: info.source, fileName: info.fileName, cases: info.cases, events: info.events },
    });
  });
}
