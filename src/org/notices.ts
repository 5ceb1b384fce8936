// Notices to officers: one row per person or department a change concerns (today: a deadline
// recounted when an official holiday year was loaded). A department's notice reaches every
// officer of it; each reader sees only their own and their department's, within their region.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from './model.js';
import { regionPattern } from './scope.js';

export interface NoticesTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  recipient_username: string | null;
  recipient_department: string | null;
  subject: string;
  body: string;
  entity: string;
  entity_id: string | null;
  created_at: import('kysely').Generated<Date>;
}

export interface NoticeReadsTable {
  notice_id: number;
  username: string;
  read_at: import('kysely').Generated<Date>;
}

declare module '../store/schema.js' {
  interface Database {
    notices: NoticesTable;
    notice_reads: NoticeReadsTable;
  }
}

type Db = Kysely<Database>;

export interface NoticeInput {
  regionCode: string;
  /** People by username and departments by code; duplicates are sent once. */
  users?: string[];
  departments?: string[];
  subject: string;
  body: string;
  entity: string;
  entityId?: string | number | null;
}

/** Addresses a notice, inside the caller's transaction so it commits with the change it reports. */
export async function sendNotice(trx: Db, n: NoticeInput): Promise<number> {
  const users = [...new Set(n.users ?? [])].filter(Boolean);
  const departments = [...new Set(n.departments ?? [])].filter(Boolean);
  const common = {
    region_code: n.regionCode,
    subject: n.subject.slice(0, 500),
    body: n.body.slice(0, 4000),
    entity: n.entity,
    entity_id: n.entityId === undefined || n.entityId === null ? null : String(n.entityId),
  };
  const rows = [
    ...users.map((u) => ({ ...common, recipient_username: u, recipient_department: null })),
    ...departments.map((d) => ({ ...common, recipient_username: null, recipient_department: d })),
  ];
  if (rows.length) await trx.insertInto('notices').values(rows).execute();
  return rows.length;
}

export interface Notice {
  id: number;
  subject: string;
  body: string;
  entity: string;
  entityId: string | null;
  createdAt: string;
  /** Whether the caller has read it (read state is per reader: a department's notice reaches many). */
  read: boolean;
}

export const NOTICE_PAGE = 50;

async function departmentCode(db: Db, actor: Actor): Promise<string | null> {
  if (actor.departmentId === null) return null;
  const dept = await db.selectFrom('departments').select('code').where('id', '=', actor.departmentId).executeTakeFirst();
  return dept?.code ?? null;
}

/** Notices addressed to the actor: a person's own reach them wherever raised; a department's, within their region. */
function addressedTo(actor: Actor, dept: string | null) {
  return (eb: ExpressionBuilder<Database, 'notices'>) =>
    dept
      ? eb.or([
          eb('notices.recipient_username', '=', actor.username),
          eb.and([eb('notices.recipient_department', '=', dept), eb('notices.region_code', 'like', regionPattern(actor))]),
        ])
      : eb('notices.recipient_username', '=', actor.username);
}

function unreadBy(username: string) {
  return (eb: ExpressionBuilder<Database, 'notices'>) =>
    eb.not(
      eb.exists(eb.selectFrom('notice_reads').select('notice_reads.notice_id').whereRef('notice_reads.notice_id', '=', 'notices.id').where('notice_reads.username', '=', username)),
    );
}

/** The caller's notices, newest first, with whether each is read, and how many are unread in all. */
export async function listNotices(db: Db, actor: Actor, options: { unreadOnly?: boolean } = {}): Promise<{ items: Notice[]; unread: number }> {
  const dept = await departmentCode(db, actor);
  let q = db
    .selectFrom('notices')
    .leftJoin('notice_reads', (j) => j.onRef('notice_reads.notice_id', '=', 'notices.id').on('notice_reads.username', '=', actor.username))
    .select(['notices.id', 'notices.subject', 'notices.body', 'notices.entity', 'notices.entity_id', 'notices.created_at', 'notice_reads.read_at'])
    .where(addressedTo(actor, dept));
  if (options.unreadOnly) q = q.where('notice_reads.read_at', 'is', null);
  const rows = await q.orderBy('notices.id', 'desc').limit(NOTICE_PAGE).execute();
  const unread = await countUnread(db, actor, dept);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      subject: r.subject,
      body: r.body,
      entity: r.entity,
      entityId: r.entity_id,
      createdAt: new Date(r.created_at).toISOString(),
      read: r.read_at !== null,
    })),
    unread,
  };
}

/** How many of the caller's notices they have not read (the header's badge). */
export async function countUnread(db: Db, actor: Actor, dept?: string | null): Promise<number> {
  const code = dept === undefined ? await departmentCode(db, actor) : dept;
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(addressedTo(actor, code))
    .where(unreadBy(actor.username))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type MarkReadResult = 'read' | 'not_found' | 'out_of_scope';

/** Marks one notice read for the caller; a notice addressed to someone else is out of their scope. */
export async function markNoticeRead(db: Db, actor: Actor, id: number): Promise<MarkReadResult> {
  const exists = await db.selectFrom('notices').select('id').where('id', '=', id).executeTakeFirst();
  if (!exists) return 'not_found';
  const dept = await departmentCode(db, actor);
  const mine = await db.selectFrom('notices').select('id').where('id', '=', id).where(addressedTo(actor, dept)).executeTakeFirst();
  if (!mine) return 'out_of_scope';
  await db
    .insertInto('notice_reads')
    .values({ notice_id: id, username: actor.username })
    .onConflict((oc) => oc.columns(['notice_id', 'username']).doNothing())
    .execute();
  return 'read';
}

/** Marks every notice of the caller read; returns how many were unread. */
export async function markAllNoticesRead(db: Db, actor: Actor): Promise<number> {
  const dept = await departmentCode(db, actor);
  const result = await db
    .insertInto('notice_reads')
    .columns(['notice_id', 'username'])
    .expression((eb) =>
      eb
        .selectFrom('notices')
        .select((e) => ['notices.id', e.val(actor.username).as('username')])
        .where(addressedTo(actor, dept))
        .where(unreadBy(actor.username)),
    )
    .onConflict((oc) => oc.columns(['notice_id', 'username']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
