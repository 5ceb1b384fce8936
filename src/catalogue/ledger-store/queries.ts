// Reading the ledger within the caller's scope, with figures computed from the versions each
// time, and its xlsx report.
import { shanghaiDate } from '../../calendar/index.js';
import type { Actor } from '../../org/model.js';
import { departmentRestriction, regionPattern } from '../../org/scope.js';
import { completeMatter } from '../build.js';
import { isOverdue, ledgerFigures, ledgerReportXlsx, type LedgerItemView } from '../ledger.js';
import type { LedgerMatterRef, LedgerStatus, Matter } from '../model.js';
import { shanghaiIso } from '../../shared/time.js';
import { attachmentView, type Db } from './tables.js';
import { assertReader, ledgerItemMissing } from './access.js';

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
      attachments: attachments.filter((a) => a.ledger_item_id === i.id).map(attachmentView),
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
