// What the caller reads of cases: one case (with its photos), the board's lists and its counts,
// each scoped to the caller's region, department or own reports.
import { sql } from 'kysely';
import type { Actor } from '../org/model.js';
import { departmentRestriction, regionPattern } from '../org/scope.js';
import { accessView, notFound, outOfScope } from './commands.js';
import { CaseError } from './model.js';
import { mayTake } from './permissions.js';
import { loadDetail, SUMMARY_COLUMNS, toSummary, type CaseDetail, type CaseSummary, type Db, type SummaryRow } from './store.js';

export async function getCase(db: Db, actor: Actor | null, id: number, now: Date, skipCheck = false): Promise<CaseDetail> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  if (!skipCheck && actor && !mayTake(actor, await accessView(db, row), 'read')) throw outOfScope(id);
  return loadDetail(db, row, now);
}

/** Scoping a cases query to the caller: region subtree; a department officer to cases assigned or whistled to the department; an applicant to their own. */
// Kysely's builders for the case list and the board differ in their selections; the scope
// and filters apply to either, so they take the builder untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function scoped(actor: Actor, q: any) {
  const dept = departmentRestriction(actor);
  if (actor.role === 'applicant') return q.where('cases.reporter_id', '=', actor.userId);
  q = q.where('cases.region_code', 'like', regionPattern(actor));
  if (dept !== null) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return q.where((eb: any) =>
      eb.or([
        eb('cases.unit_department_id', '=', dept),
        eb.exists(
          eb
            .selectFrom('case_whistles as sw')
            .select(sql`1`.as('one'))
            .whereRef('sw.case_id', '=', 'cases.id')
            .where('sw.department_id', '=', dept),
        ),
      ]),
    );
  }
  return q;
}

export const BOARD_VIEWS = ['new', 'overdue', 'whistled', 'bounced', 'leader', 'open', 'mine', 'all'] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

export interface ListQuery {
  view?: BoardView;
  status?: string;
  categoryCode?: string;
  limit?: number;
  offset?: number;
}

export const LIST_TOTAL_CAP = 1_000;

/** One page of cases the caller may see, filtered by a board column. */
export async function listCases(db: Db, actor: Actor, query: ListQuery, now: Date): Promise<{ total: number; totalCapped: boolean; cases: CaseSummary[] }> {
  let q = scoped(actor, db.selectFrom('cases'));
  const open = (qb: typeof q) => qb.where('cases.status', 'not in', ['closed', 'evaluated']);
  switch (query.view ?? 'open') {
    case 'new':
      q = q.where('cases.status', 'in', ['accepted', 'assigned']);
      break;
    case 'overdue':
      q = q
        .where('cases.status', 'in', ['assigned', 'handling'])
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        .where((eb: any) => eb.or([eb('cases.handle_due', '<', now), eb.and([eb('cases.status', '=', 'assigned'), eb('cases.response_due', '<', now)])]));
      break;
    case 'whistled':
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      q = open(q).where((eb: any) =>
        eb.exists(
          eb
            .selectFrom('case_whistles as bw')
            .select(sql`1`.as('one'))
            .whereRef('bw.case_id', '=', 'cases.id')
            .where('bw.released_at', 'is', null),
        ),
      );
      break;
    case 'bounced':
      q = open(q).where('cases.bounced', '=', true);
      break;
    case 'leader':
      q = open(q).where('cases.leader_flagged', '=', true);
      break;
    case 'open':
      q = open(q);
      break;
    case 'mine':
      q = q.where('cases.reporter_id', '=', actor.userId);
      break;
    case 'all':
      break;
  }
  if (query.status) q = q.where('cases.status', '=', query.status);
  if (query.categoryCode) q = q.where('cases.category_code', '=', query.categoryCode);
  const limit = Math.min(query.limit ?? 50, 200);
  // The total is counted up to LIST_TOTAL_CAP rows (a column of a busy county says "1,000+"
  // rather than counting a year of cases on every page).
  const [count, rows] = await Promise.all([
    db
      .selectFrom(
        q
          .select(sql`1`.as('one'))
          .limit(LIST_TOTAL_CAP + 1)
          .as('capped'),
      )
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst(),
    q
      .select(SUMMARY_COLUMNS)
      .orderBy('cases.reported_at', 'desc')
      .orderBy('cases.id', 'desc')
      .limit(limit)
      .offset(query.offset ?? 0)
      .execute() as Promise<SummaryRow[]>,
  ]);
  const n = Number(count?.n ?? 0);
  return { total: Math.min(n, LIST_TOTAL_CAP), totalCapped: n > LIST_TOTAL_CAP, cases: rows.map((r) => toSummary(r, now)) };
}

/** Board counts stop here: the board shows "99+", and a column's own list gives its total. */
export const BOARD_COUNT_CAP = 100;

export type BoardCounts = Record<'new' | 'overdue' | 'whistled' | 'bounced' | 'leader', number> & { cap: number };

/**
 * The dispatcher's board: how many cases are in each column, each counted up to
 * BOARD_COUNT_CAP. Every column is read through an index of its own (migration 0023) — the
 * open cases of the subtree for new, the due instants for overdue, the few bounced and
 * leader-flagged open cases, the open whistles — so a load costs the same in a county of a
 * year of cases as in an empty one, and never counts the whole table.
 */
export async function boardCounts(db: Db, actor: Actor, now: Date): Promise<BoardCounts> {
  const open = () => scoped(actor, db.selectFrom('cases')).where('cases.status', 'not in', ['closed', 'evaluated']);
  const columns = {
    new: open().where('cases.status', 'in', ['accepted', 'assigned']),
    // Two ranges, one per due instant, each on its own index.
    overdue: open()
      .where('cases.status', 'in', ['assigned', 'handling'])
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      .where((eb: any) => eb.or([eb('cases.handle_due', '<', now), eb.and([eb('cases.status', '=', 'assigned'), eb('cases.response_due', '<', now)])])),
    bounced: open().where('cases.bounced', '=', true),
    leader: open().where('cases.leader_flagged', '=', true),
    // Whistles are released when their case closes, so the unreleased ones are the whistled
    // open cases: read from the few open whistles, not by probing every open case.
    whistled: scoped(actor, db.selectFrom('case_whistles as ow').innerJoin('cases', 'cases.id', 'ow.case_id'))
      .where('ow.released_at', 'is', null)
      .distinct()
      .select('ow.case_id as one'),
  };
  const row = (await db
    .selectNoFrom((eb) =>
      Object.entries(columns).map(([name, q]) =>
        eb
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          .selectFrom((name === 'whistled' ? q : (q as any).select(sql`1`.as('one'))).limit(BOARD_COUNT_CAP).as(`c_${name}`))
          .select(eb.fn.countAll<number | string>().as('n'))
          .as(name),
      ),
    )
    .executeTakeFirst()) as Record<string, number | string | null> | undefined;
  const n = (k: string) => Number(row?.[k] ?? 0);
  return { new: n('new'), overdue: n('overdue'), whistled: n('whistled'), bounced: n('bounced'), leader: n('leader'), cap: BOARD_COUNT_CAP };
}

export async function getPhoto(db: Db, actor: Actor, caseId: number, photoId: number, now: Date): Promise<{ mime: string; bytes: Buffer }> {
  await getCase(db, actor, caseId, now);
  const p = await db.selectFrom('case_photos').select(['mime', 'bytes']).where('id', '=', photoId).where('case_id', '=', caseId).executeTakeFirst();
  if (!p) throw new CaseError('not_found', { zh: `未找到照片：${photoId}`, en: `photo not found: ${photoId}` });
  return { mime: p.mime, bytes: Buffer.from(p.bytes) };
}
