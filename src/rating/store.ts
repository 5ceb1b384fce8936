// Ratings and their rectification cases in the database: give a rating (a 差评 opens its case
// on the facts), read within the caller's scope, and move a case through its loop. Every
// command is one transaction with its audit row; a refusal writes nothing.
import { sql, type Kysely, type Selectable } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { defaultCalendar, shanghaiDate } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import type { Database } from '../store/schema.js';
import type { Facts } from './facts.js';
import {
  CHANNELS,
  DEFAULT_RULES,
  EVALUATIONS,
  MAX_COMMENT,
  OCCURRENCE_KINDS,
  REASONS,
  RULE_BOUNDS,
  RatingError,
  isLevel,
  isNegative,
  type Channel,
  type Evaluation,
  type Level,
  type OccurrenceKind,
  type RatingRules,
  type RatingView,
  type Reason,
} from './model.js';
import { LINK_DAYS, checkLink, linkSecret, signLink } from './link.js';
import { occurrenceSource, unratedSince } from './sources.js';
import { contribute, retract } from './rollup.js';
import { ACTION_ROLES, allowedActions, applyCaseCommand, type CaseAction, type CaseCommand, type CaseState, type CaseStatus } from './rectification.js';

export interface RatingsTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  occurrence_kind: OccurrenceKind;
  occurrence_id: string;
  evaluation: Evaluation;
  rater: string;
  anonymous: boolean;
  channel: Channel;
  level: number;
  reasons: unknown;
  comment: string;
  rated_at: Date;
  department_code: string | null;
  officer: string | null;
  matter_code: string | null;
  matter_name: string | null;
  window_code: string | null;
  excluded: import('kysely').Generated<boolean>;
}

export interface RatingCasesTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  rating_id: number;
  department_code: string | null;
  status: CaseStatus;
  anonymous: boolean;
  facts: unknown;
  opened_at: Date;
  rectify_due: string | null;
  appeal_due: string | null;
  rectified_at: Date | null;
  rectified_on_time: boolean | null;
  followed_up: import('kysely').Generated<boolean>;
  feedback: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

export interface RatingCaseEventsTable {
  id: import('kysely').Generated<number>;
  case_id: number;
  region_code: string;
  at: Date;
  actor: string;
  action: string;
  from_status: string;
  to_status: string;
  data: unknown;
}

export interface RatingRulesTable {
  region_code: string;
  rectify_workdays: number;
  appeal_workdays: number;
  default_after_days: number | null;
  min_sample: number;
  updated_by: string;
  updated_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    ratings: RatingsTable;
    rating_cases: RatingCasesTable;
    rating_case_events: RatingCaseEventsTable;
    rating_rules: RatingRulesTable;
    rating_link_keys: { id: number; secret: string; created_at: Date };
  }
}

type Db = Kysely<Database>;

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
/** The county a region belongs to: its first six digits (the rules are a county's). */
export const countyOf = (regionCode: string) => regionCode.slice(0, 6);

// ---------------------------------------------------------------------------------
// Rules

export async function loadRules(db: Db, regionCode: string): Promise<RatingRules> {
  const row = await db.selectFrom('rating_rules').selectAll().where('region_code', '=', countyOf(regionCode)).executeTakeFirst();
  if (!row) return { ...DEFAULT_RULES };
  return { rectifyWorkdays: row.rectify_workdays, appealWorkdays: row.appeal_workdays, defaultAfterDays: row.default_after_days, minSample: row.min_sample };
}

export async function setRules(db: Db, actor: Actor, patch: Partial<RatingRules>, now: Date): Promise<RatingRules> {
  if (actor.role !== 'admin' && actor.role !== 'reform_office')
    throw new RatingError('forbidden', { zh: '只有改革办可以设置好差评规则', en: 'only the reform office sets the rating rules' });
  const county = countyOf(actor.regionCode);
  if (county.length !== 6) throw new RatingError('forbidden', { zh: '规则按县（市、区）设置', en: 'rules are set per county' });
  for (const [key, bounds] of Object.entries(RULE_BOUNDS) as Array<[keyof RatingRules, { min: number; max: number }]>) {
    const v = patch[key];
    if (v === undefined || v === null) continue;
    if (!Number.isInteger(v) || v < bounds.min || v > bounds.max) {
      throw new RatingError(
        'invalid_input',
        { zh: `${key} 须为 ${bounds.min}–${bounds.max} 的整数`, en: `${key} must be an integer from ${bounds.min} to ${bounds.max}` },
        { field: key },
      );
    }
  }
  return db.transaction().execute(async (trx) => {
    const before = await loadRules(trx, county);
    const next: RatingRules = { ...before, ...patch };
    await trx
      .insertInto('rating_rules')
      .values({
        region_code: county,
        rectify_workdays: next.rectifyWorkdays,
        appeal_workdays: next.appealWorkdays,
        default_after_days: next.defaultAfterDays,
        min_sample: next.minSample,
        updated_by: actor.username,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('region_code').doUpdateSet({
          rectify_workdays: next.rectifyWorkdays,
          appeal_workdays: next.appealWorkdays,
          default_after_days: next.defaultAfterDays,
          min_sample: next.minSample,
          updated_by: actor.username,
          updated_at: now,
        }),
      )
      .execute();
    await recordAudit(trx, { actor, action: 'rating.rules', entity: 'rating_rules', entityId: county, regionCode: county, before, after: next });
    return next;
  });
}

// ---------------------------------------------------------------------------------
// Ratings

export interface RateInput {
  occurrenceKind: OccurrenceKind;
  occurrenceId: string;
  /** 一次一评 unless given. */
  evaluation?: Evaluation;
  level: number;
  reasons?: string[];
  comment?: string;
  channel: Channel;
}

/** Which channels each role rates through: applicants themselves, the window's pad on the applicant's behalf. */
const CHANNELS_BY_ROLE: Partial<Record<Actor['role'], readonly Channel[]>> = {
  applicant: ['portal', 'mobile'],
  window_clerk: ['pad'],
};

function toView(r: Selectable<RatingsTable>, caseId: number | null, feedback: string | null): RatingView {
  return {
    id: r.id,
    regionCode: r.region_code,
    occurrenceKind: r.occurrence_kind,
    occurrenceId: r.occurrence_id,
    evaluation: r.evaluation,
    rater: r.rater,
    anonymous: r.anonymous,
    channel: r.channel,
    level: r.level as Level,
    reasons: json(r.reasons) as Reason[],
    comment: r.comment,
    ratedAt: shanghaiIso(new Date(r.rated_at)),
    departmentCode: r.department_code,
    officer: r.officer,
    matterCode: r.matter_code,
    matterName: r.matter_name,
    windowCode: r.window_code,
    excluded: r.excluded,
    caseId,
    feedback,
  };
}

function validateRating(input: RateInput): { level: Level; reasons: Reason[]; comment: string } {
  if (!isLevel(input.level)) {
    throw new RatingError(
      'invalid_level',
      {
        zh: `评价等级须为 1–5（非常不满意至非常满意），收到 ${JSON.stringify(input.level)}`,
        en: `the level must be 1 to 5 (very dissatisfied to very satisfied), got ${JSON.stringify(input.level)}`,
      },
      { field: 'level' },
    );
  }
  if (!(OCCURRENCE_KINDS as readonly string[]).includes(input.occurrenceKind))
    throw new RatingError('invalid_input', { zh: '未知的评价对象类型', en: 'unknown occurrence kind' }, { field: 'occurrenceKind' });
  if (!(EVALUATIONS as readonly string[]).includes(input.evaluation ?? 'occurrence'))
    throw new RatingError('invalid_input', { zh: '未知的评价方式', en: 'unknown evaluation' }, { field: 'evaluation' });
  if (!(CHANNELS as readonly string[]).includes(input.channel) || input.channel === 'default')
    throw new RatingError('invalid_input', { zh: '未知的评价渠道', en: 'unknown channel' }, { field: 'channel' });
  const reasons = [...new Set(input.reasons ?? [])];
  const unknown = reasons.filter((r) => !(REASONS as readonly string[]).includes(r));
  if (unknown.length)
    throw new RatingError('invalid_input', { zh: `未知的评价原因：${unknown.join('、')}`, en: `unknown reasons: ${unknown.join(', ')}` }, { field: 'reasons', unknown });
  const comment = (input.comment ?? '').trim();
  if (comment.length > MAX_COMMENT)
    throw new RatingError('invalid_input', { zh: `评价内容不超过 ${MAX_COMMENT} 字`, en: `a comment has at most ${MAX_COMMENT} characters` }, { field: 'comment' });
  return { level: input.level, reasons: reasons as Reason[], comment };
}

/** Gives a rating. A 差评 opens its rectification case, on the facts, in the same transaction. */
export async function rate(db: Db, actor: Actor, input: RateInput, now: Date): Promise<RatingView> {
  const channels = CHANNELS_BY_ROLE[actor.role];
  if (!channels) throw new RatingError('forbidden', { zh: '只有办事人（或窗口评价器）可以评价', en: 'only the person served (or the window rating pad) gives ratings' });
  if (!channels.includes(input.channel))
    throw new RatingError('invalid_input', { zh: `该角色不能通过「${input.channel}」评价`, en: `this role does not rate through "${input.channel}"` }, { field: 'channel' });
  return rateAs(db, { actor, rater: actor.role === 'applicant' ? actor.username : null }, input, now);
}

/** A rating through a signed notice link: the link names the occurrence and the rater. */
export async function rateByLink(
  db: Db,
  claims: { kind: OccurrenceKind; id: string; rater: string },
  input: Pick<RateInput, 'level' | 'reasons' | 'comment' | 'evaluation'>,
  now: Date,
): Promise<RatingView> {
  const actor: Actor = { userId: 0, username: claims.rater, displayName: claims.rater, role: 'applicant', regionCode: '', departmentId: null };
  return rateAs(db, { actor, rater: claims.rater }, { ...input, occurrenceKind: claims.kind, occurrenceId: claims.id, channel: 'notice_link' }, now);
}

/** The rating's common path: `rater` set means only that person may rate the occurrence. */
async function rateAs(db: Db, who: { actor: Actor; rater: string | null }, input: RateInput, now: Date): Promise<RatingView> {
  const { actor } = who;
  const { level, reasons, comment } = validateRating(input);
  const source = occurrenceSource(input.occurrenceKind);
  if (!source) throw new RatingError('not_found', { zh: `「${input.occurrenceKind}」类办件尚未接入评价`, en: `occurrences of kind "${input.occurrenceKind}" cannot be rated yet` });
  const occ = await source.load(db, input.occurrenceId);
  const missing = new RatingError('not_found', { zh: `未找到办件：${input.occurrenceId}`, en: `occurrence not found: ${input.occurrenceId}` });
  if (!occ || !regionVisible(actor, occ.regionCode)) throw missing;
  if (who.rater !== null && occ.owner !== who.rater) throw new RatingError('not_yours', { zh: '只能评价本人的办件', en: 'you can rate only your own applications' });
  if (!occ.owner) throw new RatingError('invalid_input', { zh: '该办件没有办事人，无法评价', en: 'this occurrence has no applicant to rate it' });
  if (!occ.finished) throw new RatingError('not_finished', { zh: '办件尚未办结，不能评价', en: 'the work is not finished: it cannot be rated yet' });
  const facts = isNegative(level) ? await source.facts(db, occ.id, now) : null;

  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('ratings')
      .values({
        region_code: occ.regionCode,
        occurrence_kind: occ.kind,
        occurrence_id: occ.id,
        evaluation: input.evaluation ?? 'occurrence',
        rater: occ.owner!,
        anonymous: occ.anonymous ?? false,
        channel: input.channel,
        level,
        reasons: JSON.stringify(reasons),
        comment,
        rated_at: now,
        department_code: occ.departmentCode,
        officer: occ.officer,
        matter_code: occ.matterCode,
        matter_name: occ.matterName,
        window_code: occ.windowCode,
      })
      .onConflict((oc) => oc.columns(['occurrence_kind', 'occurrence_id', 'evaluation', 'rater']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted)
      throw new RatingError('already_rated', { zh: '该办件已评价过，每次服务只能评价一次', en: 'this occurrence has already been rated: one rating per occurrence and rater' });
    let caseId: number | null = null;
    if (isNegative(level)) {
      const c = await trx
        .insertInto('rating_cases')
        .values({
          region_code: occ.regionCode,
          rating_id: inserted.id,
          department_code: occ.departmentCode,
          status: 'verifying',
          anonymous: occ.anonymous ?? false,
          facts: JSON.stringify(facts ?? {}),
          opened_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      caseId = c.id;
    }
    await contribute(trx, [inserted.id]);
    await source.rated?.(trx, occ.id, level, actor, now);
    const view = toView(inserted, caseId, null);
    await recordAudit(trx, { actor, action: 'rating.create', entity: 'rating', entityId: inserted.id, regionCode: occ.regionCode, after: { ...view, caseId } });
    return view;
  });
}

export interface IssuedLink {
  token: string;
  /** The web page that takes the rating, for the notice's text. */
  path: string;
  expiresAt: string;
}

/** A signed link for the notice of a finished occurrence (the outbox sends it to the applicant). */
export async function issueRatingLink(db: Db, actor: Actor, q: { occurrenceKind: OccurrenceKind; occurrenceId: string }, now: Date): Promise<IssuedLink> {
  if (!['admin', 'reform_office', 'window_clerk'].includes(actor.role)) throw new RatingError('forbidden', { zh: '无权生成评价链接', en: 'your role does not issue rating links' });
  const source = occurrenceSource(q.occurrenceKind);
  const occ = source ? await source.load(db, q.occurrenceId) : null;
  if (!occ) throw new RatingError('not_found', { zh: `未找到办件：${q.occurrenceId}`, en: `occurrence not found: ${q.occurrenceId}` });
  if (!regionVisible(actor, occ.regionCode)) throw new RatingError('forbidden', outOfScopeMessage({ zh: '办件', en: 'occurrence' }, q.occurrenceId));
  if (!occ.owner) throw new RatingError('invalid_input', { zh: '该办件没有办事人，无法评价', en: 'this occurrence has no applicant to rate it' });
  if (!occ.finished) throw new RatingError('not_finished', { zh: '办件尚未办结，不能评价', en: 'the work is not finished: it cannot be rated yet' });
  const exp = Math.floor(now.getTime() / 1000) + LINK_DAYS * 86_400;
  const token = signLink({ kind: occ.kind, id: occ.id, rater: occ.owner, exp }, await linkSecret(db));
  return { token, path: `/rate?token=${token}`, expiresAt: shanghaiIso(new Date(exp * 1000)) };
}

/** What the link's page shows before the rating: the occurrence and whether it is rated. */
export async function linkTarget(db: Db, token: string, now: Date): Promise<{ name: string; endedAt: string | null; rated: boolean; expiresAt: string }> {
  const claims = checkLink(token, await linkSecret(db), now);
  const occ = await occurrenceSource(claims.kind)?.load(db, claims.id);
  if (!occ) throw new RatingError('not_found', { zh: '评价链接无效', en: 'this rating link is not valid' });
  const rated = await db
    .selectFrom('ratings')
    .select('id')
    .where('occurrence_kind', '=', claims.kind)
    .where('occurrence_id', '=', claims.id)
    .where('rater', '=', claims.rater)
    .executeTakeFirst();
  return { name: occ.matterName ?? occ.id, endedAt: occ.endedAt ? shanghaiIso(occ.endedAt) : null, rated: !!rated, expiresAt: shanghaiIso(new Date(claims.exp * 1000)) };
}

/** The rating given through a link's page. */
export async function rateWithLink(
  db: Db,
  token: string,
  input: Pick<RateInput, 'level' | 'reasons' | 'comment' | 'evaluation'>,
  now: Date,
): Promise<{ id: number; level: Level; ratedAt: string }> {
  const claims = checkLink(token, await linkSecret(db), now);
  const r = await rateByLink(db, claims, input, now);
  return { id: r.id, level: r.level, ratedAt: r.ratedAt };
}

export interface RatingQuery {
  occurrenceKind?: OccurrenceKind;
  occurrenceId?: string;
  negativeOnly?: boolean;
  limit?: number;
  offset?: number;
}

/** Ratings the caller may see: an applicant their own; offices their region (department officers their department). */
export async function listRatings(db: Db, actor: Actor, q: RatingQuery = {}): Promise<{ items: RatingView[]; total: number }> {
  let query = db.selectFrom('ratings as r').leftJoin('rating_cases as c', 'c.rating_id', 'r.id').where('r.region_code', 'like', regionPattern(actor));
  if (actor.role === 'applicant') query = query.where('r.rater', '=', actor.username);
  const dept = await departmentCodeOf(db, actor);
  if (dept !== null) query = query.where('r.department_code', '=', dept);
  if (q.occurrenceKind) query = query.where('r.occurrence_kind', '=', q.occurrenceKind);
  if (q.occurrenceId) query = query.where('r.occurrence_id', '=', q.occurrenceId);
  if (q.negativeOnly) query = query.where('r.level', '<=', 2);
  const [rows, total] = await Promise.all([
    query
      .selectAll('r')
      .select(['c.id as case_id', 'c.feedback'])
      .orderBy('r.rated_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(Math.min(q.limit ?? 50, 500))
      .offset(q.offset ?? 0)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
  ]);
  return { total: Number(total?.n ?? 0), items: rows.map((r) => toView(r, r.case_id, r.feedback)) };
}

export interface RateableItem {
  occurrenceKind: OccurrenceKind;
  occurrenceId: string;
  name: string;
  regionCode: string;
  endedAt: string | null;
  ratings: RatingView[];
}

/**
 * An applicant's finished work, newest first, with their ratings of it: one-window
 * applications, grass-roots cases they reported, window visits, and process instances they
 * started that are not an application's process (those are rated as the application).
 */
export async function myRateable(db: Db, actor: Actor, limit = 50): Promise<RateableItem[]> {
  if (actor.role !== 'applicant') throw new RatingError('forbidden', { zh: '只有办事人有待评价的办件', en: 'only applicants have work to rate' });
  const n = Math.min(limit, 200);
  const pattern = regionPattern(actor);
  const [instances, applications, cases, visits] = await Promise.all([
    db
      .selectFrom('engine_instances as i')
      .innerJoin('engine_deployments as d', 'd.id', 'i.deployment_id')
      .select(['i.id', 'i.region_code', 'i.ended_at', 'i.process_key', 'd.name'])
      .where('i.started_by', '=', actor.username)
      .where('i.status', '=', 'completed')
      .where('i.region_code', 'like', pattern)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('window_applications as a').select('a.id').whereRef('a.instance_id', '=', 'i.id'))))
      .orderBy('i.ended_at', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('window_applications')
      .select(['id', 'region_code', 'service_name', 'status', 'concluded_at', 'updated_at'])
      .where('applicant_id', '=', actor.userId)
      .where('status', 'in', ['concluded', 'rejected'])
      .orderBy('updated_at', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('cases')
      .select(['id', 'region_code', 'description', 'closed_at'])
      .where('reporter_id', '=', actor.userId)
      .where('status', 'in', ['closed', 'evaluated'])
      .orderBy('closed_at', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('rating_visits')
      .select(['id', 'region_code', 'matter_name', 'window_code', 'ended_at'])
      .where('visitor', '=', actor.username)
      .where('ended_at', 'is not', null)
      .orderBy('ended_at', 'desc')
      .limit(n)
      .execute(),
  ]);
  const at = (d: Date | string | null) => (d ? shanghaiIso(new Date(d)) : null);
  const items: Array<Omit<RateableItem, 'ratings'>> = [
    ...instances.map((r) => ({ occurrenceKind: 'instance' as const, occurrenceId: r.id, name: r.name ?? r.process_key, regionCode: r.region_code, endedAt: at(r.ended_at) })),
    ...applications.map((r) => ({
      occurrenceKind: 'application' as const,
      occurrenceId: String(r.id),
      name: r.service_name,
      regionCode: r.region_code,
      endedAt: at(r.status === 'concluded' ? r.concluded_at : r.updated_at),
    })),
    ...cases.map((r) => ({ occurrenceKind: 'case' as const, occurrenceId: String(r.id), name: r.description.slice(0, 40), regionCode: r.region_code, endedAt: at(r.closed_at) })),
    ...visits.map((r) => ({
      occurrenceKind: 'window_visit' as const,
      occurrenceId: String(r.id),
      name: `${r.matter_name ?? '窗口服务'}（${r.window_code}）`,
      regionCode: r.region_code,
      endedAt: at(r.ended_at),
    })),
  ];
  items.sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
  const shown = items.slice(0, n);
  const ratings = shown.length
    ? await listRatingsOf(
        db,
        actor.username,
        shown.map((i) => i.occurrenceId),
      )
    : [];
  return shown.map((i) => ({ ...i, ratings: ratings.filter((x) => x.occurrenceKind === i.occurrenceKind && x.occurrenceId === i.occurrenceId) }));
}

async function listRatingsOf(db: Db, rater: string, occurrenceIds: string[]): Promise<RatingView[]> {
  const rows = await db
    .selectFrom('ratings as r')
    .leftJoin('rating_cases as c', 'c.rating_id', 'r.id')
    .selectAll('r')
    .select(['c.id as case_id', 'c.feedback'])
    .where('r.occurrence_id', 'in', occurrenceIds)
    .where('r.rater', '=', rater)
    .execute();
  return rows.map((r) => toView(r, r.case_id, r.feedback));
}

// ---------------------------------------------------------------------------------
// Rectification cases

const departmentCodes = new WeakMap<Db, Map<number, string | null>>();

/** The department code a department officer is limited to; null for roles that see every department. */
export async function departmentCodeOf(db: Db, actor: Actor): Promise<string | null> {
  if (actor.role !== 'department_officer') return null;
  if (actor.departmentId == null) return '\u0000none'; // an officer without a department sees nothing
  let cache = departmentCodes.get(db);
  if (!cache) departmentCodes.set(db, (cache = new Map()));
  if (!cache.has(actor.departmentId)) {
    const row = await db.selectFrom('departments').select('code').where('id', '=', actor.departmentId).executeTakeFirst();
    cache.set(actor.departmentId, row?.code ?? null);
  }
  return cache.get(actor.departmentId) ?? '\u0000none';
}

const CASE_READERS = new Set(['admin', 'reform_office', 'leader', 'department_officer']);

export interface CaseEventView {
  at: string;
  actor: string;
  action: string;
  fromStatus: CaseStatus;
  toStatus: CaseStatus;
  data: Record<string, unknown>;
}

export interface CaseView {
  id: number;
  regionCode: string;
  departmentCode: string | null;
  status: CaseStatus;
  anonymous: boolean;
  openedAt: string;
  rectifyDue: string | null;
  appealDue: string | null;
  rectifiedAt: string | null;
  rectifiedOnTime: boolean | null;
  followedUp: boolean;
  feedback: string | null;
  closedAt: string | null;
  /** Past its rectification deadline and not rectified. */
  overdue: boolean;
  /** The deadlines were counted across a holiday year without its official arrangement (暂定). */
  provisional?: true;
  actions: CaseAction[];
  rating: RatingView;
}

export interface CaseDetail extends CaseView {
  facts: Facts | Record<string, never>;
  events: CaseEventView[];
}

export interface CaseQuery {
  status?: CaseStatus;
  departmentCode?: string;
  limit?: number;
  offset?: number;
}

function caseQuery(db: Db) {
  return db.selectFrom('rating_cases as c').innerJoin('ratings as r', 'r.id', 'c.rating_id');
}

type CaseRow = Selectable<RatingsTable> & {
  c_id: number;
  c_region: string;
  c_department: string | null;
  c_status: CaseStatus;
  c_anonymous: boolean;
  c_facts: unknown;
  c_opened: Date;
  c_rectify_due: string | null;
  c_appeal_due: string | null;
  c_rectified_at: Date | null;
  c_on_time: boolean | null;
  c_followed_up: boolean;
  c_feedback: string | null;
  c_closed: Date | null;
};

function selectCase(q: ReturnType<typeof caseQuery>) {
  return q
    .selectAll('r')
    .select([
      'c.id as c_id',
      'c.region_code as c_region',
      'c.department_code as c_department',
      'c.status as c_status',
      'c.anonymous as c_anonymous',
      'c.facts as c_facts',
      'c.opened_at as c_opened',
      'c.rectify_due as c_rectify_due',
      'c.appeal_due as c_appeal_due',
      'c.rectified_at as c_rectified_at',
      'c.rectified_on_time as c_on_time',
      'c.followed_up as c_followed_up',
      'c.feedback as c_feedback',
      'c.closed_at as c_closed',
    ]);
}

/** Whether a deadline counted since the case opened crosses a provisional year (the verification lies between). */
function provisionalUntil(opened: Date, ...dues: Array<string | null>): boolean {
  try {
    const from = shanghaiDate(new Date(opened));
    return dues.some((d) => d !== null && d >= from && defaultCalendar().provisionalIn(from, d) !== null);
  } catch {
    return false;
  }
}

function toCaseView(r: CaseRow, today: string): CaseView {
  return {
    id: r.c_id,
    regionCode: r.c_region,
    departmentCode: r.c_department,
    status: r.c_status,
    anonymous: r.c_anonymous,
    openedAt: shanghaiIso(new Date(r.c_opened)),
    rectifyDue: r.c_rectify_due,
    appealDue: r.c_appeal_due,
    rectifiedAt: r.c_rectified_at ? shanghaiIso(new Date(r.c_rectified_at)) : null,
    rectifiedOnTime: r.c_on_time,
    followedUp: r.c_followed_up,
    feedback: r.c_feedback,
    closedAt: r.c_closed ? shanghaiIso(new Date(r.c_closed)) : null,
    overdue: (r.c_status === 'rectifying' || r.c_status === 'appealed') && r.c_rectify_due !== null && today > r.c_rectify_due,
    ...((r.c_status === 'rectifying' || r.c_status === 'appealed') && provisionalUntil(r.c_opened, r.c_appeal_due ?? r.c_rectify_due, r.c_rectify_due)
      ? { provisional: true as const }
      : {}),
    actions: allowedActions(r.c_status),
    rating: toView(r, r.c_id, r.c_feedback),
  };
}

async function scopedCases(db: Db, actor: Actor) {
  if (!CASE_READERS.has(actor.role)) throw new RatingError('forbidden', { zh: '无权查看差评整改', en: 'your role does not see rectification cases' });
  let q = caseQuery(db).where('c.region_code', 'like', regionPattern(actor));
  const dept = await departmentCodeOf(db, actor);
  if (dept !== null) q = q.where('c.department_code', '=', dept);
  return q;
}

export async function listCases(db: Db, actor: Actor, query: CaseQuery, now: Date): Promise<{ items: CaseView[]; total: number }> {
  let q = await scopedCases(db, actor);
  if (query.status) q = q.where('c.status', '=', query.status);
  if (query.departmentCode) q = q.where('c.department_code', '=', query.departmentCode);
  const today = shanghaiDate(now);
  const [rows, total] = await Promise.all([
    selectCase(q)
      .orderBy('c.opened_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(Math.min(query.limit ?? 50, 500))
      .offset(query.offset ?? 0)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
  ]);
  return { total: Number(total?.n ?? 0), items: rows.map((r) => toCaseView(r as CaseRow, today)) };
}

export async function getCase(db: Db, actor: Actor, id: number, now: Date): Promise<CaseDetail> {
  const q = await scopedCases(db, actor);
  const row = await selectCase(q.where('c.id', '=', id)).executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom('rating_cases').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw new RatingError('forbidden', outOfScopeMessage({ zh: '差评整改', en: 'rectification case' }, id));
    throw new RatingError('not_found', { zh: `未找到差评整改：${id}`, en: `rectification case not found: ${id}` });
  }
  const events = await db.selectFrom('rating_case_events').selectAll().where('case_id', '=', id).orderBy('id').execute();
  return {
    ...toCaseView(row as CaseRow, shanghaiDate(now)),
    facts: json((row as CaseRow).c_facts) as Facts,
    events: events.map((e) => ({
      at: shanghaiIso(new Date(e.at)),
      actor: e.actor,
      action: e.action,
      fromStatus: e.from_status as CaseStatus,
      toStatus: e.to_status as CaseStatus,
      data: json(e.data) as Record<string, unknown>,
    })),
  };
}

/** A command as the caller gives it; verify's deadlines come from the county's rules and the calendar. */
export type CaseInput = Exclude<CaseCommand, { kind: 'verify' }> | { kind: 'verify'; note: string };

/** Moves a case one step. Role, region and department are checked, then the state machine decides. */
export async function actOnCase(db: Db, actor: Actor, id: number, input: CaseInput, now: Date): Promise<CaseDetail> {
  if (!ACTION_ROLES[input.kind].includes(actor.role)) {
    throw new RatingError('forbidden', { zh: '你的角色不能执行该操作', en: `your role cannot ${input.kind.replace('_', ' ')} a case` });
  }
  const today = shanghaiDate(now);
  const dept = await departmentCodeOf(db, actor);

  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rating_cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new RatingError('not_found', { zh: `未找到差评整改：${id}`, en: `rectification case not found: ${id}` });
    if (!regionVisible(actor, row.region_code) || (dept !== null && row.department_code !== dept))
      throw new RatingError('forbidden', outOfScopeMessage({ zh: '差评整改', en: 'rectification case' }, id));
    let command: CaseCommand;
    if (input.kind === 'verify') {
      // The deadlines run from the verification, in working days of the case's county rules.
      const rules = await loadRules(trx, row.region_code);
      const calendar = defaultCalendar();
      command = { ...input, rectifyDue: calendar.addWorkdays(today, rules.rectifyWorkdays), appealDue: calendar.addWorkdays(today, rules.appealWorkdays) };
    } else command = input;
    const state: CaseState = {
      status: row.status,
      anonymous: row.anonymous,
      rectifyDue: row.rectify_due,
      appealDue: row.appeal_due,
      rectifiedOnTime: row.rectified_on_time,
      followedUp: row.followed_up,
    };
    const next = applyCaseCommand(state, command, today);
    const patch: Partial<Selectable<RatingCasesTable>> = {
      status: next.status,
      rectify_due: next.rectifyDue,
      appeal_due: next.appealDue,
      rectified_on_time: next.rectifiedOnTime,
      followed_up: next.followedUp,
      updated_at: now,
    };
    if (command.kind === 'rectify') {
      patch.rectified_at = now;
      patch.feedback = command.feedback.trim();
    }
    if (next.status === 'closed' || next.status === 'excluded') patch.closed_at = now;
    // The rating counts as it stood until now and as it stands after the step (rectified, excluded).
    await retract(trx, [row.rating_id]);
    await trx.updateTable('rating_cases').set(patch).where('id', '=', id).execute();
    if (next.status === 'excluded') await trx.updateTable('ratings').set({ excluded: true }).where('id', '=', row.rating_id).execute();
    await contribute(trx, [row.rating_id]);
    const { kind, ...data } = command;
    await trx
      .insertInto('rating_case_events')
      .values({
        case_id: id,
        region_code: row.region_code,
        at: now,
        actor: actor.username,
        action: kind,
        from_status: state.status,
        to_status: next.status,
        data: JSON.stringify(data),
      })
      .execute();
    await recordAudit(trx, { actor, action: `rating.case.${kind}`, entity: 'rating_case', entityId: id, regionCode: row.region_code, before: state, after: { ...next, ...data } });
  });
  return getCase(db, actor, id, now);
}

// ---------------------------------------------------------------------------------
// Default ratings

/** The level given where a county's rules give a default rating (默认好评: 满意). */
export const DEFAULT_LEVEL: Level = 4;
/** At most this many default ratings per call; a scheduler calls again for the rest. */
export const DEFAULT_BATCH = 1000;

/**
 * Gives the default rating to finished work nobody rated within the county's
 * `defaultAfterDays` (counties without the rule get none: it is off by default): engine
 * instances, one-window applications and closed cases, attributed as a given rating would be,
 * through the channel `default` so scores show them apart. One transaction and one audit row
 * per county; returns how many were given. Window visits get none (they are rated at the
 * window or not at all).
 */
export async function giveDefaultRatings(db: Db, now: Date): Promise<number> {
  const counties = await db.selectFrom('rating_rules').select(['region_code', 'default_after_days']).where('default_after_days', 'is not', null).execute();
  let given = 0;
  for (const c of counties) {
    const cutoff = new Date(now.getTime() - c.default_after_days! * 86_400_000);
    given += await db.transaction().execute(async (trx) => {
      const due = await unratedSince(trx, c.region_code, cutoff, DEFAULT_BATCH);
      const ids: number[] = [];
      const occurrences: string[] = [];
      for (const d of due) {
        const occ = await occurrenceSource(d.kind)?.load(trx, d.id);
        if (!occ?.owner || !occ.finished) continue;
        const row = await trx
          .insertInto('ratings')
          .values({
            region_code: occ.regionCode,
            occurrence_kind: occ.kind,
            occurrence_id: occ.id,
            evaluation: 'occurrence',
            rater: occ.owner,
            anonymous: false,
            channel: 'default',
            level: DEFAULT_LEVEL,
            reasons: '[]',
            comment: '',
            rated_at: now,
            department_code: occ.departmentCode,
            officer: occ.officer,
            matter_code: occ.matterCode,
            matter_name: occ.matterName,
            window_code: occ.windowCode,
          })
          .onConflict((oc) => oc.columns(['occurrence_kind', 'occurrence_id', 'evaluation', 'rater']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        ids.push(row.id);
        occurrences.push(`${occ.kind}:${occ.id}`);
      }
      await contribute(trx, ids);
      if (ids.length) {
        await recordAudit(trx, {
          actor: null,
          action: 'rating.default',
          entity: 'rating',
          regionCode: c.region_code,
          after: { level: DEFAULT_LEVEL, afterDays: c.default_after_days, occurrences },
        });
      }
      return ids.length;
    });
  }
  return given;
}

/**
 * Gives the default ratings due every interval in a server process, on the server's clock
 * (virtual in tests and demos). Several processes may run it: the unique key gives each
 * occurrence one rating.
 */
export function startDefaultRatingSweep(db: Db, now: () => Date, intervalMs: number, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    giveDefaultRatings(db, now())
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
