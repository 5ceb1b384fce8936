// The reengineering ledger in the database: items, the matters and versions they are about,
// evidence attachments. Figures are never stored: they are computed from the versions each
// time. Commands check scope, run in one transaction (or the caller's) with their audit row.
import crypto from 'node:crypto';
import type { Generated, Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import { CalendarDataMissingError, CalendarInputError, shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor, Role } from '../org/model.js';
import { CAPABILITIES } from '../org/capabilities.js';
import { departmentRestriction, outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import type { Database } from '../store/schema.js';
import type {} from '../org/store.js';
import { completeMatter } from './build.js';
import { checkTransition, isOverdue, ledgerFigures, ledgerReportXlsx, type LedgerItemView } from './ledger.js';
import type { LedgerAttachment, LedgerMatterRef, LedgerStatus, Matter } from './model.js';
import { CatalogueError, departmentsByCode, inTransaction } from './store.js';
import { shanghaiIso } from '../shared/time.js';

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

declare module '../store/schema.js' {
  interface Database {
    ledger_items: LedgerItemsTable;
    ledger_item_matters: LedgerItemMattersTable;
    ledger_attachments: LedgerAttachmentsTable;
  }
}

type Db = Kysely<Database>;

const WRITERS = new Set<Role>(CAPABILITIES.ledgerWrite.roles);
const READERS = new Set<Role>(CAPABILITIES.ledgerRead.roles);

/** The ledger and its evidence are internal: applicants and grid workers read none of it. */
function assertReader(actor: Actor): void {
  if (!READERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权查看流程再造台账', en: 'not allowed to read the reengineering ledger' });
}
const MAX_ATTACHMENT = 20 * 1024 * 1024;

function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权修改流程再造台账', en: 'not allowed to change the reengineering ledger' });
}

interface Deadline {
  deadline: string;
  /** The first provisional year between start and deadline (暂定), else null. */
  provisionalYear: number | null;
}

/**
 * startDate + workdays working days in the unit's region (loaded official years and the
 * region's extra days off count). A year without its official arrangement counts its
 * statutory holidays only, and the deadline is marked provisional.
 */
async function deadlineOf(db: Db, regionCode: string, startDate: string, workdays: number, calendar?: WorkCalendar): Promise<Deadline> {
  if (!Number.isInteger(workdays) || workdays < 0)
    throw new CatalogueError('invalid', { zh: '完成时限应为不小于 0 的整数个工作日', en: 'the deadline must be a whole number of working days ≥ 0' });
  try {
    const c = calendar ?? (await loadCalendar(db, regionCode));
    const deadline = c.addWorkdays(startDate, workdays);
    return { deadline, provisionalYear: c.provisionalIn(startDate, deadline) };
  } catch (err) {
    if (err instanceof CalendarDataMissingError)
      throw new CatalogueError('invalid', { zh: `缺少 ${err.year} 年的节假日安排，无法计算完成时限`, en: `no holiday arrangement for ${err.year}: cannot compute the deadline` });
    if (err instanceof CalendarInputError) throw new CatalogueError('invalid', { zh: `日期不正确：${startDate}`, en: `invalid date: ${startDate}` });
    throw err;
  }
}

interface ResolvedMatter {
  id: number;
  code: string;
  regionCode: string;
  departmentId: number;
  asIsVersion: number | null;
  toBeVersion: number | null;
  latestVersion: number;
}

async function resolveMatters(db: Db, actor: Actor, codes: string[]): Promise<ResolvedMatter[]> {
  if (codes.length === 0) throw new CatalogueError('invalid', { zh: '台账事项至少涉及一个事项', en: 'a ledger item must name at least one matter' });
  if (new Set(codes).size !== codes.length) throw new CatalogueError('invalid', { zh: '事项重复', en: 'a matter is named twice' });
  const rows = await db
    .selectFrom('matters')
    .select(['id', 'code', 'region_code', 'department_id', 'as_is_version', 'to_be_version', 'latest_version'])
    .where('code', 'in', codes)
    .where('region_code', 'like', regionPattern(actor))
    .execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const missing = codes.filter((c) => !byCode.has(c));
  if (missing.length > 0) throw new CatalogueError('invalid', { zh: `事项不存在：${missing.join('、')}`, en: `unknown matters: ${missing.join(', ')}` });
  return codes.map((c) => {
    const r = byCode.get(c)!;
    return {
      id: r.id,
      code: r.code,
      regionCode: r.region_code,
      departmentId: r.department_id,
      asIsVersion: r.as_is_version,
      toBeVersion: r.to_be_version,
      latestVersion: r.latest_version,
    };
  });
}

/** Not there (404), or there but outside the caller's scope (403, said so). */
async function ledgerItemMissing(db: Db, id: number): Promise<CatalogueError> {
  const exists = await db.selectFrom('ledger_items').select('id').where('id', '=', id).executeTakeFirst();
  return exists
    ? new CatalogueError('forbidden', outOfScopeMessage({ zh: '台账事项', en: 'ledger item' }, id))
    : new CatalogueError('not_found', { zh: `台账事项 ${id} 不存在`, en: `ledger item ${id} not found` });
}

async function itemRow(db: Db, actor: Actor, id: number, forUpdate = false) {
  let q = db.selectFrom('ledger_items').selectAll().where('id', '=', id).where('region_code', 'like', regionPattern(actor));
  const only = departmentRestriction(actor);
  if (only !== null) q = q.where('department_id', '=', only);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw await ledgerItemMissing(db, id);
  return row;
}

export interface LedgerItemInput {
  departmentCode: string;
  matterCodes: string[];
  problem: string;
  measure: string;
  owner: string;
  /** 'YYYY-MM-DD'; default today (Asia/Shanghai). */
  startDate?: string;
  deadlineWorkdays: number;
}

export async function createLedgerItem(db: Db, actor: Actor, input: LedgerItemInput, now = new Date()): Promise<LedgerItemView> {
  assertWriter(actor);
  for (const [k, v] of [
    ['problem', input.problem],
    ['measure', input.measure],
    ['owner', input.owner],
  ] as const) {
    if (v.trim() === '')
      throw new CatalogueError('invalid', { zh: `${k === 'problem' ? '发现问题' : k === 'measure' ? '再造措施' : '责任人'}不能为空`, en: `${k} must not be empty` });
  }
  const startDate = input.startDate ?? shanghaiDate(now);
  const id = await inTransaction(db, async (trx) => {
    const dept = (await departmentsByCode(trx, [input.departmentCode])).get(input.departmentCode);
    if (!dept || !regionVisible(actor, dept.regionCode))
      throw new CatalogueError('invalid', { zh: `部门 ${input.departmentCode} 不存在`, en: `unknown department ${input.departmentCode}` });
    const { deadline, provisionalYear } = await deadlineOf(trx, dept.regionCode, startDate, input.deadlineWorkdays);
    const only = departmentRestriction(actor);
    if (only !== null && only !== dept.id)
      throw new CatalogueError('forbidden', { zh: '部门审批人员只能为本部门建立台账', en: 'department officers may only keep their own department’s ledger' });
    const matters = await resolveMatters(trx, actor, input.matterCodes);
    const noAsIs = matters.filter((m) => m.asIsVersion === null);
    if (noAsIs.length > 0)
      throw new CatalogueError('invalid', {
        zh: `事项尚无现状版本：${noAsIs.map((m) => m.code).join('、')}`,
        en: `matters without an as-is version: ${noAsIs.map((m) => m.code).join(', ')}`,
      });
    const row = await trx
      .insertInto('ledger_items')
      .values({
        region_code: dept.regionCode,
        department_id: dept.id,
        problem: input.problem,
        measure: input.measure,
        owner: input.owner,
        start_date: startDate,
        deadline_workdays: input.deadlineWorkdays,
        deadline,
        deadline_provisional_year: provisionalYear,
        status: 'planned',
        created_by: actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ledger_item_matters')
      .values(matters.map((m, i) => ({ ledger_item_id: row.id, matter_id: m.id, region_code: m.regionCode, position: i, before_version: m.asIsVersion!, after_version: null })))
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'ledger.create',
      entity: 'ledger_item',
      entityId: row.id,
      regionCode: dept.regionCode,
      after: { ...input, startDate, deadline, deadlineProvisional: provisionalYear !== null, status: 'planned' },
    });
    return row.id;
  });
  return getLedgerItem(db, actor, id, now);
}

export interface LedgerItemPatch {
  problem?: string;
  measure?: string;
  owner?: string;
  startDate?: string;
  deadlineWorkdays?: number;
  matterCodes?: string[];
}

export async function updateLedgerItem(db: Db, actor: Actor, id: number, patch: LedgerItemPatch, now = new Date()): Promise<LedgerItemView> {
  assertWriter(actor);
  await inTransaction(db, async (trx) => {
    const row = await itemRow(trx, actor, id, true);
    if (row.status === 'verified') throw new CatalogueError('conflict', { zh: '已验收的台账事项不能修改', en: 'a verified ledger item cannot be changed' });
    const startDate = patch.startDate ?? row.start_date;
    const workdays = patch.deadlineWorkdays ?? row.deadline_workdays;
    const due = await deadlineOf(trx, row.region_code, startDate, workdays);
    const set = {
      problem: patch.problem ?? row.problem,
      measure: patch.measure ?? row.measure,
      owner: patch.owner ?? row.owner,
      start_date: startDate,
      deadline_workdays: workdays,
      deadline: due.deadline,
      deadline_provisional_year: due.provisionalYear,
      updated_at: new Date(),
    };
    for (const k of ['problem', 'measure', 'owner'] as const) if (set[k].trim() === '') throw new CatalogueError('invalid', { zh: `${k} 不能为空`, en: `${k} must not be empty` });
    await trx.updateTable('ledger_items').set(set).where('id', '=', id).execute();
    if (patch.matterCodes) {
      const matters = await resolveMatters(trx, actor, patch.matterCodes);
      const old = await trx.selectFrom('ledger_item_matters').selectAll().where('ledger_item_id', '=', id).execute();
      const keep = new Map(old.map((o) => [o.matter_id, o]));
      await trx.deleteFrom('ledger_item_matters').where('ledger_item_id', '=', id).execute();
      await trx
        .insertInto('ledger_item_matters')
        .values(
          matters.map((m, i) => ({
            ledger_item_id: id,
            matter_id: m.id,
            region_code: m.regionCode,
            position: i,
            before_version: keep.get(m.id)?.before_version ?? m.asIsVersion ?? m.latestVersion,
            after_version: keep.get(m.id)?.after_version ?? null,
          })),
        )
        .execute();
    }
    await recordAudit(trx, {
      actor,
      action: 'ledger.update',
      entity: 'ledger_item',
      entityId: id,
      regionCode: row.region_code,
      before: { problem: row.problem, measure: row.measure, owner: row.owner, startDate: row.start_date, deadlineWorkdays: row.deadline_workdays },
      after: patch,
    });
  });
  return getLedgerItem(db, actor, id, now);
}

/** Moves an item along planned → in_progress → done → verified. Done pins the to-be versions. */
export async function setLedgerStatus(db: Db, actor: Actor, id: number, status: LedgerStatus, now = new Date()): Promise<LedgerItemView> {
  assertWriter(actor);
  await inTransaction(db, async (trx) => {
    const row = await itemRow(trx, actor, id, true);
    const check = checkTransition(row.status, status, actor.role);
    if (!check.ok) throw new CatalogueError(check.reason.en.startsWith('only') ? 'forbidden' : 'conflict', check.reason);
    if (status === 'done') {
      const links = await trx
        .selectFrom('ledger_item_matters as l')
        .innerJoin('matters as m', 'm.id', 'l.matter_id')
        .select(['l.matter_id', 'l.after_version', 'm.to_be_version'])
        .where('l.ledger_item_id', '=', id)
        .execute();
      if (links.every((l) => l.after_version === null && l.to_be_version === null)) {
        throw new CatalogueError('conflict', { zh: '涉及事项尚无再造后版本，不能标记为已完成', en: 'no matter of the item has a to-be version yet: it cannot be done' });
      }
      for (const l of links) {
        if (l.after_version === null && l.to_be_version !== null) {
          await trx.updateTable('ledger_item_matters').set({ after_version: l.to_be_version }).where('ledger_item_id', '=', id).where('matter_id', '=', l.matter_id).execute();
        }
      }
    }
    if (status === 'in_progress' && row.status === 'done') {
      await trx.updateTable('ledger_item_matters').set({ after_version: null }).where('ledger_item_id', '=', id).execute();
    }
    await trx.updateTable('ledger_items').set({ status, updated_at: new Date() }).where('id', '=', id).execute();
    await recordAudit(trx, { actor, action: 'ledger.status', entity: 'ledger_item', entityId: id, regionCode: row.region_code, before: { status: row.status }, after: { status } });
  });
  return getLedgerItem(db, actor, id, now);
}

export async function deleteLedgerItem(db: Db, actor: Actor, id: number): Promise<void> {
  assertWriter(actor);
  await inTransaction(db, async (trx) => {
    const row = await itemRow(trx, actor, id, true);
    if (row.status !== 'planned') throw new CatalogueError('conflict', { zh: '只能删除尚未开始的台账事项', en: 'only planned ledger items can be deleted' });
    await trx.deleteFrom('ledger_items').where('id', '=', id).execute();
    await recordAudit(trx, {
      actor,
      action: 'ledger.delete',
      entity: 'ledger_item',
      entityId: id,
      regionCode: row.region_code,
      before: { problem: row.problem, measure: row.measure, owner: row.owner },
    });
  });
}

export async function addLedgerAttachment(db: Db, actor: Actor, id: number, file: { fileName: string; contentType: string; content: Uint8Array }): Promise<LedgerAttachment> {
  assertWriter(actor);
  if (file.content.byteLength === 0) throw new CatalogueError('invalid', { zh: '附件为空', en: 'the attachment is empty' });
  if (file.content.byteLength > MAX_ATTACHMENT) throw new CatalogueError('invalid', { zh: '附件超过 20 MB', en: 'the attachment exceeds 20 MB' });
  const name = file.fileName.replace(/[\\/]/g, '_').trim();
  if (name === '') throw new CatalogueError('invalid', { zh: '附件文件名为空', en: 'the attachment has no file name' });
  return inTransaction(db, async (trx) => {
    const row = await itemRow(trx, actor, id, true);
    if (row.status === 'verified') throw new CatalogueError('conflict', { zh: '已验收的台账事项不能再添加附件', en: 'a verified ledger item takes no more attachments' });
    const sha256 = crypto.createHash('sha256').update(file.content).digest('hex');
    const saved = await trx
      .insertInto('ledger_attachments')
      .values({
        ledger_item_id: id,
        region_code: row.region_code,
        file_name: name,
        content_type: file.contentType || 'application/octet-stream',
        size: file.content.byteLength,
        sha256,
        content: file.content,
        uploaded_by: actor.username,
      })
      .returning(['id', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'ledger.attach',
      entity: 'ledger_item',
      entityId: id,
      regionCode: row.region_code,
      after: { attachment: saved.id, fileName: name, size: file.content.byteLength, sha256 },
    });
    return {
      id: saved.id,
      fileName: name,
      contentType: file.contentType || 'application/octet-stream',
      size: file.content.byteLength,
      sha256,
      uploadedBy: actor.username,
      uploadedAt: shanghaiIso(new Date(saved.uploaded_at)),
    };
  });
}

export async function getLedgerAttachment(db: Db, actor: Actor, id: number, attachmentId: number): Promise<LedgerAttachment & { content: Buffer }> {
  assertReader(actor);
  await itemRow(db, actor, id);
  const a = await db.selectFrom('ledger_attachments').selectAll().where('id', '=', attachmentId).where('ledger_item_id', '=', id).executeTakeFirst();
  if (!a) throw new CatalogueError('not_found', { zh: `附件 ${attachmentId} 不存在`, en: `attachment ${attachmentId} not found` });
  return {
    id: a.id,
    fileName: a.file_name,
    contentType: a.content_type,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: a.uploaded_by,
    uploadedAt: shanghaiIso(new Date(a.uploaded_at)),
    content: Buffer.from(a.content),
  };
}

// ---------------------------------------------------------------------------------
// Reading, with figures computed from the versions

export interface LedgerQuery {
  status?: LedgerStatus;
  departmentCode?: string;
  overdue?: boolean;
}

async function views(db: Db, actor: Actor, where: { id?: number } & LedgerQuery, now: Date): Promise<LedgerItemView[]> {
  assertReader(actor);
  let q = db
    .selectFrom('ledger_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .selectAll('i')
    .select(['d.code as department_code', 'd.name as department_name'])
    .where('i.region_code', 'like', regionPattern(actor));
  const only = departmentRestriction(actor);
  if (only !== null) q = q.where('i.department_id', '=', only);
  if (where.id !== undefined) q = q.where('i.id', '=', where.id);
  if (where.status) q = q.where('i.status', '=', where.status);
  if (where.departmentCode) q = q.where('d.code', '=', where.departmentCode);
  const items = await q.orderBy('i.id').execute();
  if (items.length === 0) return [];
  const ids = items.map((i) => i.id);
  const links = await db
    .selectFrom('ledger_item_matters as l')
    .innerJoin('matters as m', 'm.id', 'l.matter_id')
    .select(['l.ledger_item_id', 'l.matter_id', 'l.position', 'l.before_version', 'l.after_version', 'm.code', 'm.name', 'm.to_be_version'])
    .where('l.ledger_item_id', 'in', ids)
    .orderBy('l.ledger_item_id')
    .orderBy('l.position')
    .execute();
  // Every version the figures need, fetched at once.
  const wanted = new Map<string, { matterId: number; version: number }>();
  const after = (l: (typeof links)[number]) => l.after_version ?? l.to_be_version;
  for (const l of links) {
    wanted.set(`${l.matter_id}:${l.before_version}`, { matterId: l.matter_id, version: l.before_version });
    const a = after(l);
    if (a !== null) wanted.set(`${l.matter_id}:${a}`, { matterId: l.matter_id, version: a });
  }
  const docs = new Map<string, Matter>();
  const pairs = [...wanted.values()];
  for (let i = 0; i < pairs.length; i += 500) {
    const part = pairs.slice(i, i + 500);
    const rows = await db
      .selectFrom('matter_versions')
      .select(['matter_id', 'version', 'document'])
      .where((eb) => eb.or(part.map((p) => eb.and([eb('matter_id', '=', p.matterId), eb('version', '=', p.version)]))))
      .execute();
    for (const r of rows) docs.set(`${r.matter_id}:${r.version}`, completeMatter((typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as Matter));
  }
  const attachments = await db
    .selectFrom('ledger_attachments')
    .select(['id', 'ledger_item_id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_by', 'uploaded_at'])
    .where('ledger_item_id', 'in', ids)
    .orderBy('id')
    .execute();
  const today = shanghaiDate(now);
  const out: LedgerItemView[] = items.map((i) => {
    const mine = links.filter((l) => l.ledger_item_id === i.id);
    const refs: LedgerMatterRef[] = mine.map((l) => ({ matterCode: l.code, beforeVersion: l.before_version, afterVersion: l.after_version }));
    const before = mine.map((l) => docs.get(`${l.matter_id}:${l.before_version}`)!);
    const afterDocs = mine.map((l) => {
      const a = after(l);
      return a === null ? null : (docs.get(`${l.matter_id}:${a}`) ?? null);
    });
    const view: LedgerItemView = {
      id: i.id,
      regionCode: i.region_code,
      departmentCode: i.department_code,
      departmentName: i.department_name,
      matters: refs,
      matterNames: mine.map((l) => l.name),
      problem: i.problem,
      measure: i.measure,
      owner: i.owner,
      startDate: i.start_date,
      deadlineWorkdays: i.deadline_workdays,
      deadline: i.deadline,
      deadlineProvisional: i.deadline_provisional_year !== null,
      status: i.status,
      attachments: attachments
        .filter((a) => a.ledger_item_id === i.id)
        .map((a) => ({
          id: a.id,
          fileName: a.file_name,
          contentType: a.content_type,
          size: a.size,
          sha256: a.sha256,
          uploadedBy: a.uploaded_by,
          uploadedAt: shanghaiIso(new Date(a.uploaded_at)),
        })),
      createdAt: shanghaiIso(new Date(i.created_at)),
      updatedAt: shanghaiIso(new Date(i.updated_at)),
      overdue: isOverdue({ status: i.status, deadline: i.deadline }, today),
      figures: ledgerFigures(before, afterDocs),
    };
    return view;
  });
  return where.overdue === undefined ? out : out.filter((v) => v.overdue === where.overdue);
}

export async function getLedgerItem(db: Db, actor: Actor, id: number, now = new Date()): Promise<LedgerItemView> {
  const [v] = await views(db, actor, { id }, now);
  if (!v) throw await ledgerItemMissing(db, id);
  return v;
}

export async function listLedger(db: Db, actor: Actor, query: LedgerQuery = {}, now = new Date()): Promise<LedgerItemView[]> {
  return views(db, actor, query, now);
}

/** The ledger as the xlsx a reform office reports upward. */
export async function exportLedgerReport(db: Db, actor: Actor, query: LedgerQuery = {}, now = new Date()): Promise<Buffer> {
  const items = await listLedger(db, actor, query, now);
  let code = actor.regionCode;
  if (code === '' && items.length > 0) {
    code = items[0].regionCode;
    for (const i of items) while (!i.regionCode.startsWith(code)) code = code.slice(0, -1);
  }
  const region = code === '' ? undefined : await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return ledgerReportXlsx(items, { regionName: region?.name ?? '', date: shanghaiDate(now) });
}

/**
 * Recomputes the deadlines that were computed on a provisional `year`, now that its official
 * arrangement is loaded: inside the caller's transaction (the one that stores the year), with
 * one audit row per item that names whom it concerns (owner, department, who created it).
 * Items already verified keep their deadline: the acceptance was judged against it.
 */
export async function recomputeProvisionalLedgerDeadlines(
  trx: Db,
  actor: Actor | null,
  year: number,
): Promise<Array<{ id: number; before: string; after: string; provisional: boolean }>> {
  const rows = await trx
    .selectFrom('ledger_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select([
      'i.id',
      'i.region_code',
      'i.start_date',
      'i.deadline_workdays',
      'i.deadline',
      'i.deadline_provisional_year',
      'i.owner',
      'i.created_by',
      'i.status',
      'd.code as department_code',
    ])
    .where('i.deadline_provisional_year', '<=', year)
    .where('i.status', '!=', 'verified')
    .orderBy('i.id')
    .forUpdate()
    .execute();
  const calendars = new Map<string, WorkCalendar>();
  const out: Array<{ id: number; before: string; after: string; provisional: boolean }> = [];
  for (const r of rows) {
    let calendar = calendars.get(r.region_code);
    if (!calendar) calendars.set(r.region_code, (calendar = await loadCalendar(trx, r.region_code)));
    const due = await deadlineOf(trx, r.region_code, r.start_date, r.deadline_workdays, calendar);
    if (due.provisionalYear === r.deadline_provisional_year && due.deadline === r.deadline) continue;
    await trx.updateTable('ledger_items').set({ deadline: due.deadline, deadline_provisional_year: due.provisionalYear }).where('id', '=', r.id).execute();
    await recordAudit(trx, {
      actor,
      action: 'ledger.deadline.recompute',
      entity: 'ledger_item',
      entityId: r.id,
      regionCode: r.region_code,
      before: { deadline: r.deadline, deadlineProvisional: true, provisionalYear: r.deadline_provisional_year },
      after: {
        deadline: due.deadline,
        deadlineProvisional: due.provisionalYear !== null,
        reason: `official arrangement for ${year} loaded`,
        concerns: { owner: r.owner, departmentCode: r.department_code, createdBy: r.created_by },
      },
    });
    await sendNotice(trx, {
      regionCode: r.region_code,
      users: r.created_by ? [r.created_by] : [],
      departments: [r.department_code],
      subject: `台账事项 ${r.id} 的期限已按 ${year} 年正式放假安排重算`,
      body: `${r.deadline}（暂定）→ ${due.deadline}${due.provisionalYear !== null ? '（仍为暂定）' : ''}`,
      entity: 'ledger_item',
      entityId: r.id,
    });
    out.push({ id: r.id, before: r.deadline, after: due.deadline, provisional: due.provisionalYear !== null });
  }
  return out;
}
