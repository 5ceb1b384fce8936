// Notices to officers: one row per person or department a change concerns (today: a deadline
// recounted when an official holiday year was loaded). A department's notice reaches every
// officer of it; each reader sees only their own and their department's, within their region.
import type { Kysely } from 'kysely';
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

declare module '../store/schema.js' {
  interface Database {
    notices: NoticesTable;
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
  const common = { region_code: n.regionCode, subject: n.subject.slice(0, 500), body: n.body.slice(0, 4000), entity: n.entity, entity_id: n.entityId === undefined || n.entityId === null ? null : String(n.entityId) };
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
}

export const NOTICE_PAGE = 50;

/** The caller's notices, newest first: addressed to them, or to their department within their region. */
export async function listNotices(db: Db, actor: Actor): Promise<Notice[]> {
  const dept = actor.departmentId === null ? null : await db.selectFrom('departments').select('code').where('id', '=', actor.departmentId).executeTakeFirst();
  const rows = await db
    .selectFrom('notices')
    .selectAll()
    // A person's own notice reaches them wherever it was raised; a department's, within their region.
    .where((eb) => (dept ? eb.or([eb('recipient_username', '=', actor.username), eb.and([eb('recipient_department', '=', dept.code), eb('region_code', 'like', regionPattern(actor))])]) : eb('recipient_username', '=', actor.username)))
    .orderBy('id', 'desc')
    .limit(NOTICE_PAGE)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), subject: r.subject, body: r.body, entity: r.entity, entityId: r.entity_id, createdAt: new Date(r.created_at).toISOString() }));
}
