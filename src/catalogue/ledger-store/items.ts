// Ledger items: create, change, move through their statuses and delete, each in one transaction
// (or the caller's) with its audit row.
import { recordAudit } from '../../audit/trail.js';
import { shanghaiDate } from '../../calendar/index.js';
import type { Actor } from '../../org/model.js';
import { departmentRestriction, regionPattern, regionVisible } from '../../org/scope.js';
import { checkTransition, type LedgerItemView } from '../ledger.js';
import type { LedgerStatus } from '../model.js';
import { CatalogueError, departmentsByCode, inTransaction } from '../store.js';
import type { Db } from './tables.js';
import { assertWriter, itemRow } from './access.js';
import { deadlineOf } from './deadlines.js';
import { getLedgerItem } from './queries.js';

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
