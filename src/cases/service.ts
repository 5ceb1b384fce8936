// The cases facade: every command the HTTP routes (and Open311) call. Each command checks its
// input whole, then changes the case, writes the case's event and the audit row in one
// transaction — bad input, a forbidden step or a step out of order changes nothing.
import crypto from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { auditRow, recordAudit } from '../audit/trail.js';
import { loadCalendar } from '../calendar/store.js';
import type { WorkCalendar } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { departmentRestriction, outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { checkAttributes } from './attributes.js';
import { distanceMetres, inBbox, inGeometry, locate, validCoordinates } from './geo.js';
import { newCaseState, nextTier, transition } from './lifecycle.js';
import { dueFrom, findLimit, type TimeLimit } from './limits.js';
import { CaseError, type CaseAction, type Category, type CaseSettings, type CaseState, type CaseUnit, type Channel, type Tier, type Urgency } from './model.js';
import { mayTake, type Step } from './permissions.js';
import { sendRatingLink } from '../rating/notice.js';
import { shanghaiIso } from '../shared/time.js';
import { decodePhotos } from './photos.js';
import { countyOf, findResponsibility, tierRegion, type Responsibility } from './responsibility.js';
import { casesChanged, memo } from './cache.js';
import {
  commandTransaction,
  boundariesAt,
  listCategories,
  loadBoundaryBoxes,
  type BoundaryBox,
  loadDetail,
  loadResponsibilities,
  loadSettings,
  loadTimeLimits,
  stateColumns,
  stateOf,
  SUMMARY_COLUMNS,
  toSummary,
  type SummaryRow,
  type CaseDetail,
  type CasesTable,
  type CaseSummary,
  type Db,
} from './store.js';

export interface NewCase {
  categoryCode: string;
  description: string;
  lat?: number | null;
  lng?: number | null;
  address?: string;
  regionCode?: string;
  urgency?: Urgency;
  channel?: Channel;
  photos?: string[];
  attributes?: Record<string, unknown>;
  reporterName?: string;
  reporterPhone?: string;
  mediaUrl?: string;
  /** The reporter saw the possible duplicates and files anyway. */
  notDuplicate?: boolean;
}

export interface Clocked {
  now: Date;
  /** The calendar to count on; loaded from the database (the county's own hours and days off) when absent. */
  calendar?: WorkCalendar;
}

const SYSTEM_NAME = 'system';

/** A case that exists but is not the caller's to see: said so (403), not "not found". */
function outOfScope(id: number | string): CaseError {
  return new CaseError('forbidden', outOfScopeMessage({ zh: '案件', en: 'case' }, id));
}

function notFound(id: number | string): CaseError {
  return new CaseError('not_found', { zh: `未找到案件：${id}`, en: `case not found: ${id}` });
}

function forbiddenStep(step: Step): CaseError {
  return new CaseError('forbidden', { zh: '您不能对该案件执行此操作', en: `you may not ${step.replace('_', ' ')} this case` }, { step });
}

async function calendarFor(db: Db, clock: Clocked, countyCode: string): Promise<WorkCalendar> {
  return clock.calendar ?? loadCalendar(db, countyCode);
}

async function regionName(db: Db, code: string): Promise<string | null> {
  const r = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? null;
}

/** The unit for a tier at a case's region: the village or township office, or a department. */
export async function unitFor(db: Db, tier: Tier, caseRegion: string, departmentId: number | null): Promise<CaseUnit | null> {
  if (tier === 'department') {
    if (departmentId === null) return null;
    const d = await db.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', '=', departmentId).executeTakeFirst();
    if (!d || !caseRegion.startsWith(d.region_code)) return null;
    return { tier, regionCode: d.region_code, departmentId: d.id, name: d.name };
  }
  const code = tierRegion(caseRegion, tier);
  if (!code) return null;
  const name = await regionName(db, code);
  return name ? { tier, regionCode: code, departmentId: null, name } : null;
}

function channelFor(actor: Actor | null, requested: Channel | undefined): Channel {
  if (!actor) return 'open311';
  if (actor.role === 'grid_worker') return 'grid';
  if (actor.role === 'applicant') return 'enterprise';
  return requested === 'enterprise' ? 'enterprise' : 'hotline';
}

/** How long a county's configuration is read from memory (changes made in this process are seen at once). */
const CONFIG_TTL_MS = 5_000;

interface CountyConfig {
  categories: Map<string, Category>;
  settings: CaseSettings;
  responsibilities: Responsibility[];
  limits: TimeLimit[];
  boxes: BoundaryBox[];
}

/** What filing a report reads of the county's configuration, once per county (see cache.ts): 100 Open311 POSTs a second read it once. */
function countyConfig(db: Db, county: string): Promise<CountyConfig> {
  return memo(db, 'config', `county:${county}`, CONFIG_TTL_MS, async () => {
    const [categories, settings, responsibilities, limits, boxes] = await Promise.all([
      listCategories(db, county, true),
      loadSettings(db, county),
      loadResponsibilities(db, county),
      loadTimeLimits(db, county),
      loadBoundaryBoxes(db, county),
    ]);
    return { categories: new Map(categories.map((c) => [c.code, c])), settings, responsibilities, limits, boxes };
  });
}

/** Where a report lies: inside the county (box and loaded boundary), and which region. */
async function placeReport(db: Db, settings: CaseSettings, boxes: BoundaryBox[], county: string, input: NewCase, fallbackRegion: string): Promise<string> {
  const hasLat = input.lat !== undefined && input.lat !== null;
  const hasLng = input.lng !== undefined && input.lng !== null;
  if (hasLat !== hasLng) throw new CaseError('invalid', { zh: '经纬度须同时提供', en: 'lat and long go together' }, { field: hasLat ? 'lng' : 'lat' });
  let located: string | null = null;
  if (hasLat) {
    const lat = input.lat!;
    const lng = input.lng!;
    if (!validCoordinates(lat, lng)) throw new CaseError('invalid', { zh: '经纬度不合法', en: 'lat/long are not valid WGS84 coordinates' }, { field: 'lat' });
    const outsideBox = settings.bbox !== null && !inBbox(settings.bbox, lat, lng);
    const { candidates, countyOutline } = outsideBox ? { candidates: [], countyOutline: 'none' as const } : await boundariesAt(db, county, lat, lng, boxes);
    const countyShape = candidates.find((b) => b.regionCode === county);
    const outside = outsideBox || countyOutline === 'outside' || (countyShape !== undefined && !inGeometry(countyShape.geometry, lat, lng));
    if (outside) throw new CaseError('invalid', { zh: '位置不在本县（市）范围内', en: 'the location is outside the county' }, { field: 'lat', lat, lng });
    located = locate(candidates, lat, lng);
  }
  if (input.regionCode) {
    if (!input.regionCode.startsWith(county) || !(await regionName(db, input.regionCode))) {
      throw new CaseError(
        'invalid',
        { zh: `未知或不属于本县的区域：${input.regionCode}`, en: `unknown region, or not in this county: ${input.regionCode}` },
        { field: 'regionCode' },
      );
    }
    return input.regionCode;
  }
  return located ?? fallbackRegion;
}

export interface DuplicateCandidate {
  id: number;
  description: string;
  address: string;
  status: string;
  reportedAt: string;
  metres: number;
}

/** Open cases of the same category near a point, reported within the county's window. */
export async function findDuplicates(db: Db, county: string, categoryCode: string, lat: number, lng: number, now: Date, known?: CaseSettings): Promise<DuplicateCandidate[]> {
  const settings = known ?? (await loadSettings(db, county));
  const since = new Date(now.getTime() - settings.duplicateHours * 3_600_000);
  // A box around the point narrows the rows; the exact distance decides.
  const dLat = settings.duplicateMetres / 111_000;
  const dLng = settings.duplicateMetres / (111_000 * Math.max(0.05, Math.cos((lat * Math.PI) / 180)));
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'description', 'address', 'status', 'reported_at', 'lat', 'lng'])
    .where('region_code', 'like', `${county}%`)
    .where('category_code', '=', categoryCode)
    .where('status', 'not in', ['closed', 'evaluated'])
    .where('reported_at', '>=', since)
    .where('lat', '>=', lat - dLat)
    .where('lat', '<=', lat + dLat)
    .where('lng', '>=', lng - dLng)
    .where('lng', '<=', lng + dLng)
    .orderBy('reported_at', 'desc')
    .limit(20)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      description: r.description,
      address: r.address,
      status: r.status,
      reportedAt: r.reported_at.toISOString(),
      metres: Math.round(distanceMetres({ lat, lng }, { lat: r.lat!, lng: r.lng! })),
    }))
    .filter((r) => r.metres <= settings.duplicateMetres)
    .sort((a, b) => a.metres - b.metres);
}

interface EventInput {
  caseId: number;
  regionCode: string;
  at: Date;
  actor: Actor | null;
  action: string;
  from: string | null;
  to: string;
  data?: unknown;
}

async function addEvent(db: Db, e: EventInput): Promise<void> {
  await addEvents(db, [e]);
}

function eventRow(e: EventInput) {
  return {
    case_id: e.caseId,
    region_code: e.regionCode,
    at: e.at,
    actor_id: e.actor && e.actor.userId > 0 ? e.actor.userId : null,
    actor_name: e.actor?.username ?? SYSTEM_NAME,
    action: e.action,
    from_status: e.from,
    to_status: e.to,
    data: JSON.stringify(e.data ?? {}),
  };
}

async function addEvents(db: Db, events: EventInput[]): Promise<void> {
  await db
    .insertInto('case_events')
    .values(events.map(eventRow) as never)
    .execute();
}

function photoRow(caseId: number, regionCode: string, kind: 'report' | 'evidence' | 'checkin' | 'check', p: ReturnType<typeof decodePhotos>[number], at: Date) {
  return { case_id: caseId, region_code: regionCode, kind, mime: p.mime, bytes: p.bytes, sha256: crypto.createHash('sha256').update(p.bytes).digest('hex'), created_at: at };
}

async function savePhotos(
  db: Db,
  caseId: number,
  regionCode: string,
  kind: 'report' | 'evidence' | 'checkin' | 'check',
  photos: ReturnType<typeof decodePhotos>,
  at: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const p of photos) {
    const row = await db
      .insertInto('case_photos')
      .values(photoRow(caseId, regionCode, kind, p, at) as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

/**
 * Files a report as a case: checks everything first (category, place, attributes, photos,
 * duplicates), then in one statement stores it accepted (立案) and, when the responsibility
 * list names a unit, dispatches it (派遣) on the category's time limits.
 * `actor` is null for an Open311 request (the API key's county is `county`).
 */
export async function reportCase(db: Db, actor: Actor | null, input: NewCase, clock: Clocked & { county?: string }): Promise<CaseDetail> {
  const filed = await fileReport(db, actor, input, clock);
  return getCase(db, actor, filed.id, clock.now, true);
}

/** What filing a report answers without reading the case back (Open311 needs no more). */
export interface FiledReport {
  id: number;
  unitName: string | null;
  handleDue: Date | null;
}

/**
 * reportCase without reading the case back: the path of every Open311 POST, so it costs the
 * reads of the county's configuration (at once, not one after another) and one transaction
 * of three inserts (the case already dispatched, its events, the audit row).
 */
export async function fileReport(db: Db, actor: Actor | null, input: NewCase, clock: Clocked & { county?: string }): Promise<FiledReport> {
  const now = clock.now;
  const county = actor ? countyOf(actor.regionCode) : clock.county;
  if (!county || county.length < 6) throw new CaseError('forbidden', { zh: '您不属于任何县（市）', en: 'you belong to no county' });
  const { categories, settings, responsibilities, limits, boxes } = await countyConfig(db, county);
  const category = categories.get(input.categoryCode);
  if (!category || !category.active || category.regionCode !== county) {
    throw new CaseError(
      'invalid',
      { zh: `未知的诉求类别：${input.categoryCode}`, en: `unknown case category: ${input.categoryCode}` },
      { field: 'categoryCode', code: 'unknown_category' },
    );
  }
  // Open311 makes the description optional: the category's name stands for it there.
  const description = input.description.trim() || (actor ? '' : category.name.zh);
  if (!description) throw new CaseError('invalid', { zh: '请描述问题', en: 'a description is required' }, { field: 'description' });
  const fallback = actor && actor.regionCode.startsWith(county) ? actor.regionCode : county;
  const regionCode = await placeReport(db, settings, boxes, county, input, fallback);
  if (actor && actor.role !== 'applicant' && !regionVisible(actor, regionCode) && actor.role !== 'dispatcher' && actor.role !== 'admin') {
    throw new CaseError('forbidden', { zh: '只能上报本辖区的问题', en: 'you may report only within your own area' }, { field: 'regionCode' });
  }
  const attributes = checkAttributes(category.attributes, input.attributes ?? {});
  const photos = decodePhotos(input.photos ?? []);
  if (input.lat != null && input.lng != null && !input.notDuplicate && actor) {
    const candidates = await findDuplicates(db, county, category.code, input.lat, input.lng, now, settings);
    if (candidates.length) {
      throw new CaseError(
        'conflict',
        { zh: `附近已有 ${candidates.length} 件同类未结案件，可能重复`, en: `${candidates.length} open case(s) of this category nearby: possibly a duplicate` },
        { code: 'possible_duplicate', candidates },
      );
    }
  }
  const resp = findResponsibility(responsibilities, category.code, regionCode);
  const unit = resp ? await unitFor(db, resp.tier, regionCode, resp.departmentId) : null;
  const urgent = input.urgency === 'urgent';
  const channel = channelFor(actor, input.channel);
  // Accepted (立案), and at once dispatched (派遣) when the list names a unit: the state is
  // worked out before the transaction, which then writes the case as it is.
  let state = newCaseState();
  if (unit) {
    const due = dueFrom(await calendarFor(db, clock, county), now, findLimit(limits, category.code, unit.tier, regionCode), urgent);
    state = transition(state, { type: 'assign', unit, due }, { now, bounceThreshold: settings.bounceThreshold });
  }

  // The case, its photos, its events and its audit row in one statement (a transaction by
  // itself): one round trip to the database after the id is drawn, not a transaction's five.
  const id = Number((await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('cases', 'id')) as id`.execute(db)).rows[0].id);
  const events: EventInput[] = [{ caseId: id, regionCode, at: now, actor, action: 'report', from: null, to: 'accepted', data: { channel, category: category.code } }];
  if (unit)
    events.push({
      caseId: id,
      regionCode,
      at: now,
      actor: null,
      action: 'assign',
      from: 'accepted',
      to: 'assigned',
      data: { unit, automatic: true, ...newDeadlines(newCaseState(), state) },
    });
  let statement = db
    .with('new_case', (w) =>
      w
        .insertInto('cases')
        .values({
          id,
          region_code: regionCode,
          category_code: category.code,
          channel,
          urgency: urgent ? 'urgent' : 'normal',
          description,
          address: input.address?.trim() ?? '',
          lat: input.lat ?? null,
          lng: input.lng ?? null,
          attributes: JSON.stringify(attributes),
          media_url: input.mediaUrl ?? null,
          reporter_id: actor?.userId ?? null,
          reporter_name: input.reporterName?.trim() || actor?.displayName || '匿名',
          reporter_phone: input.reporterPhone ?? null,
          reported_at: now,
          updated_at: now,
          ...stateColumns(state),
        } as never)
        .returning('id'),
    )
    .with('new_events', (w) =>
      w
        .insertInto('case_events')
        .values(events.map(eventRow) as never)
        .returning('id'),
    );
  if (photos.length)
    statement = statement.with('new_photos', (w) =>
      w
        .insertInto('case_photos')
        .values(photos.map((p) => photoRow(id, regionCode, 'report', p, now)) as never)
        .returning('id'),
    ) as unknown as typeof statement;
  try {
    await statement
      .insertInto('audit_log')
      .values(
        auditRow({
          actor,
          action: 'case.report',
          entity: 'case',
          entityId: id,
          regionCode,
          after: { category: category.code, channel, regionCode, unit: unit?.name ?? null, photos: photos.length },
        }),
      )
      .execute();
  } finally {
    casesChanged();
  }
  return { id, unitName: unit?.name ?? null, handleDue: state.handleDue };
}

/** The deadlines a step set (a dispatch, an escalation, a reopening), for the case's history: mining reads them as due dates. */
function newDeadlines(before: CaseState, after: CaseState): { responseDue?: string; handleDue?: string } {
  const out: { responseDue?: string; handleDue?: string } = {};
  if (after.responseDue && after.responseDue.getTime() !== before.responseDue?.getTime()) out.responseDue = shanghaiIso(after.responseDue);
  if (after.handleDue && after.handleDue.getTime() !== before.handleDue?.getTime()) out.handleDue = shanghaiIso(after.handleDue);
  return out;
}

async function lockedCase(db: Db, id: number): Promise<Selectable<CasesTable>> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

async function whistledDepartments(db: Db, caseId: number): Promise<number[]> {
  const rows = await db.selectFrom('case_whistles').select('department_id').where('case_id', '=', caseId).where('released_at', 'is', null).execute();
  return rows.map((r) => r.department_id);
}

async function accessView(db: Db, row: Selectable<CasesTable>) {
  return { regionCode: row.region_code, unit: stateOf(row).unit, reporterId: row.reporter_id, whistledDepartmentIds: await whistledDepartments(db, row.id) };
}

export async function getCase(db: Db, actor: Actor | null, id: number, now: Date, skipCheck = false): Promise<CaseDetail> {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(id);
  if (!skipCheck && actor && !mayTake(actor, await accessView(db, row), 'read')) throw outOfScope(id);
  return loadDetail(db, row, now);
}

/** The steps a user takes on a case (what the API's `action` field names). */
export type StepInput =
  | { action: 'assign'; tier: Tier; departmentId?: number }
  | { action: 'respond' }
  | { action: 'return'; reason: string }
  | { action: 'escalate'; reason: string; departmentId?: number }
  | { action: 'handle'; feedback: string; photos?: string[] }
  | { action: 'check'; passed: boolean; note: string; photos?: string[] }
  | { action: 'close'; note?: string }
  | { action: 'evaluate'; satisfaction: number; comment?: string };

/** Takes one step on a case for the caller. */
export async function takeStep(db: Db, actor: Actor, id: number, input: StepInput, clock: Clocked): Promise<CaseDetail> {
  const now = clock.now;
  const photos = 'photos' in input && input.photos ? decodePhotos(input.photos) : [];
  await commandTransaction(db, 'cases', async (trx) => {
    const row = await lockedCase(trx, id);
    const view = await accessView(trx, row);
    if (!mayTake(actor, view, 'read')) throw outOfScope(id);
    if (!mayTake(actor, view, input.action)) throw forbiddenStep(input.action);
    // An enterprise's request moves with its request (enterprise-channel.ts), never on its own.
    if (row.channel === 'enterprise')
      throw new CaseError(
        'conflict',
        { zh: '企业诉求案件由服务专员在企业诉求中办理', en: 'an enterprise request’s case moves with the request (enterprise service)' },
        { channel: 'enterprise' },
      );
    const county = countyOf(row.region_code);
    const settings = await loadSettings(trx, county);
    const state = stateOf(row);
    const limitsFor = async (tier: Tier) =>
      dueFrom(await calendarFor(trx, clock, county), now, findLimit(await loadTimeLimits(trx, county), row.category_code, tier, row.region_code), row.urgency === 'urgent');
    let action: CaseAction;
    let data: Record<string, unknown> = {};
    switch (input.action) {
      case 'assign': {
        const unit = await unitFor(trx, input.tier, row.region_code, input.departmentId ?? null);
        if (!unit)
          throw new CaseError(
            'invalid',
            { zh: '找不到该承办单位', en: `no ${input.tier} unit for this case${input.tier === 'department' ? ' (departmentId)' : ''}` },
            { field: 'departmentId' },
          );
        action = { type: 'assign', unit, due: await limitsFor(unit.tier) };
        data = { unit };
        break;
      }
      case 'escalate': {
        const tier = state.unit ? nextTier(state.unit.tier) : null;
        if (!tier) throw new CaseError('invalid_transition', { zh: '县级部门不能再上报，请由镇街吹哨或调度员改派', en: 'a county department has no tier above it' });
        let departmentId = input.departmentId ?? null;
        if (tier === 'department' && departmentId === null) {
          const listed = findResponsibility(
            (await loadResponsibilities(trx, county)).filter((r) => r.tier === 'department'),
            row.category_code,
            row.region_code,
          );
          departmentId = listed?.departmentId ?? null;
        }
        const unit = await unitFor(trx, tier, row.region_code, departmentId);
        if (!unit)
          throw new CaseError(
            'invalid',
            { zh: '找不到上一级承办单位', en: `no ${tier} unit to escalate to${tier === 'department' ? ' (give departmentId)' : ''}` },
            { field: 'departmentId' },
          );
        action = { type: 'escalate', unit, due: await limitsFor(tier), reason: input.reason, automatic: false };
        data = { unit, reason: input.reason };
        break;
      }
      case 'respond':
        action = { type: 'respond' };
        break;
      case 'return':
        action = { type: 'return', reason: input.reason };
        data = { reason: input.reason, from: state.unit };
        break;
      case 'handle':
        action = { type: 'handle', feedback: input.feedback };
        data = { feedback: input.feedback };
        break;
      case 'check':
        action = input.passed
          ? { type: 'check', passed: true, note: input.note }
          : { type: 'check', passed: false, note: input.note, due: state.unit ? await limitsFor(state.unit.tier) : undefined };
        data = { passed: input.passed, note: input.note };
        break;
      case 'close':
        action = { type: 'close', note: input.note ?? '' };
        break;
      case 'evaluate':
        action = { type: 'evaluate', satisfaction: input.satisfaction, comment: input.comment ?? '' };
        data = { satisfaction: input.satisfaction, comment: input.comment ?? '' };
        break;
    }
    const next = transition(state, action, { now, bounceThreshold: settings.bounceThreshold });
    Object.assign(data, newDeadlines(state, next));
    if (photos.length) {
      const kind = input.action === 'check' ? 'check' : 'evidence';
      data.photoIds = await savePhotos(trx, id, row.region_code, kind, photos, now);
    }
    if (
      input.action === 'handle' &&
      photos.length === 0 &&
      !(await trx.selectFrom('case_photos').select('id').where('case_id', '=', id).where('kind', '=', 'evidence').executeTakeFirst())
    ) {
      throw new CaseError('invalid', { zh: '处置须附现场照片作为证据', en: 'handling needs at least one photo as evidence' }, { field: 'photos' });
    }
    await write(trx, row, next, now);
    if (next.status === 'closed') {
      await trx.updateTable('case_whistles').set({ released_at: now }).where('case_id', '=', id).where('released_at', 'is', null).execute();
      // The reporter (with an account) is invited to rate the case through the outbox (好差评).
      if (row.reporter_id !== null)
        await sendRatingLink(trx, { kind: 'case', id, regionCode: row.region_code, recipientId: Number(row.reporter_id), name: row.description.slice(0, 40) }, now);
    }
    if (next.bounced && !state.bounced) data.bounced = true;
    await addEvent(trx, { caseId: id, regionCode: row.region_code, at: now, actor, action: input.action, from: state.status, to: next.status, data });
    await recordAudit(trx, {
      actor,
      action: `case.${input.action}`,
      entity: 'case',
      entityId: id,
      regionCode: row.region_code,
      before: { status: state.status, unit: state.unit?.name ?? null },
      after: { status: next.status, unit: next.unit?.name ?? null, ...data },
    });
  });
  return getCase(db, actor, id, now, true);
}

async function write(db: Db, row: Selectable<CasesTable>, next: CaseState, now: Date): Promise<void> {
  const res = await db
    .updateTable('cases')
    .set({ ...stateColumns(next), updated_at: now, revision: row.revision + 1 } as never)
    .where('id', '=', row.id)
    .where('revision', '=', row.revision)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new CaseError('conflict', { zh: '案件已被他人修改，请刷新', en: 'the case changed meanwhile; reload it' });
}

/** 吹哨: the township calls county departments to a case, each to report in by a deadline. */
export async function whistle(db: Db, actor: Actor, id: number, input: { departmentIds: number[]; minutes?: number; note?: string }, clock: Clocked): Promise<CaseDetail> {
  const now = clock.now;
  const ids = [...new Set(input.departmentIds)];
  await commandTransaction(db, 'cases', async (trx) => {
    const row = await lockedCase(trx, id);
    const view = await accessView(trx, row);
    if (!mayTake(actor, view, 'read')) throw outOfScope(id);
    if (!mayTake(actor, view, 'whistle')) throw forbiddenStep('whistle');
    if (row.status !== 'assigned' && row.status !== 'handling')
      throw new CaseError('invalid_transition', { zh: '只能对办理中的案件吹哨', en: 'only a case being handled can be whistled' });
    const settings = await loadSettings(trx, countyOf(row.region_code));
    const minutes = input.minutes ?? settings.whistleMinutes;
    const departments = await trx.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', 'in', ids).execute();
    const unknown = ids.filter((d) => !departments.some((x) => x.id === d && row.region_code.startsWith(x.region_code)));
    if (unknown.length)
      throw new CaseError('invalid', { zh: `未知部门：${unknown.join(', ')}`, en: `unknown departments: ${unknown.join(', ')}` }, { field: 'departmentIds', unknown });
    const already = await trx.selectFrom('case_whistles').select('department_id').where('case_id', '=', id).where('department_id', 'in', ids).execute();
    if (already.length) throw new CaseError('conflict', { zh: '已对该部门吹哨', en: `already whistled: ${already.map((a) => a.department_id).join(', ')}` });
    const deadline = new Date(now.getTime() + minutes * 60_000);
    for (const d of departments) {
      await trx
        .insertInto('case_whistles')
        .values({ case_id: id, region_code: row.region_code, department_id: d.id, whistled_by: actor.username, whistled_at: now, deadline } as never)
        .execute();
    }
    await addEvent(trx, {
      caseId: id,
      regionCode: row.region_code,
      at: now,
      actor,
      action: 'whistle',
      from: row.status,
      to: row.status,
      data: { departments: departments.map((d) => d.name), minutes, note: input.note ?? '' },
    });
    await recordAudit(trx, {
      actor,
      action: 'case.whistle',
      entity: 'case',
      entityId: id,
      regionCode: row.region_code,
      after: { departmentIds: ids, deadline: deadline.toISOString() },
    });
  });
  return getCase(db, actor, id, now, true);
}

/**
 * 报到: a whistled department acknowledges, then checks in on site with a geotagged photo.
 * The check-in is on time when it is at or before the deadline; late ones count against the department.
 */
export async function reportIn(
  db: Db,
  actor: Actor,
  id: number,
  input: { step: 'acknowledge' | 'on_site'; lat?: number; lng?: number; photo?: string },
  clock: Clocked,
): Promise<CaseDetail> {
  const now = clock.now;
  const photos = input.photo ? decodePhotos([input.photo], 'photo') : [];
  await commandTransaction(db, 'cases', async (trx) => {
    const row = await lockedCase(trx, id);
    const view = await accessView(trx, row);
    if (!mayTake(actor, view, 'report_in')) {
      throw new CaseError('forbidden', { zh: '您的部门未被吹哨到此案件，不能报到', en: 'your department was not whistled to this case' }, { step: 'report_in' });
    }
    const w = await trx
      .selectFrom('case_whistles')
      .selectAll()
      .where('case_id', '=', id)
      .where('department_id', '=', actor.departmentId!)
      .where('released_at', 'is', null)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (input.step === 'acknowledge') {
      if (w.acknowledged_at) throw new CaseError('conflict', { zh: '已确认', en: 'already acknowledged' });
      await trx.updateTable('case_whistles').set({ acknowledged_at: now }).where('id', '=', w.id).execute();
    } else {
      if (w.on_site_at) throw new CaseError('conflict', { zh: '已报到', en: 'already reported in on site' });
      if (input.lat === undefined || input.lng === undefined || !validCoordinates(input.lat, input.lng))
        throw new CaseError('invalid', { zh: '现场报到须带定位', en: 'an on-site check-in needs lat and lng' }, { field: 'lat' });
      if (!photos.length) throw new CaseError('invalid', { zh: '现场报到须拍照', en: 'an on-site check-in needs a photo' }, { field: 'photo' });
      const [photoId] = await savePhotos(trx, id, row.region_code, 'checkin', photos, now);
      const late = now > w.deadline;
      await trx
        .updateTable('case_whistles')
        .set({ on_site_at: now, acknowledged_at: w.acknowledged_at ?? now, checkin_lat: input.lat, checkin_lng: input.lng, checkin_photo_id: photoId, late })
        .where('id', '=', w.id)
        .execute();
    }
    await addEvent(trx, {
      caseId: id,
      regionCode: row.region_code,
      at: now,
      actor,
      action: `report_in.${input.step}`,
      from: row.status,
      to: row.status,
      data: { departmentId: actor.departmentId, late: input.step === 'on_site' ? now > w.deadline : undefined },
    });
    await recordAudit(trx, {
      actor,
      action: `case.report_in.${input.step}`,
      entity: 'case',
      entityId: id,
      regionCode: row.region_code,
      after: { departmentId: actor.departmentId, late: now > w.deadline },
    });
  });
  return getCase(db, actor, id, now, true);
}

/**
 * The overdue sweep: a village case past its handling limit escalates to its township; a
 * township or department case goes to the leader's board. Whistles past their deadline
 * without a check-in are marked late. Returns what it did.
 */
export async function sweepOverdue(db: Db, clock: Clocked): Promise<{ escalated: number; flagged: number; lateReportIns: number }> {
  const now = clock.now;
  const due = await db
    .selectFrom('cases')
    .select(['id'])
    .where('status', 'in', ['assigned', 'handling'])
    .where('handle_due', '<', now)
    .where('leader_flagged', '=', false)
    .orderBy('id')
    .limit(1000)
    .execute();
  let escalated = 0;
  let flagged = 0;
  for (const { id } of due) {
    await commandTransaction(db, 'cases', async (trx) => {
      const row = await lockedCase(trx, id);
      const state = stateOf(row);
      if (!state.unit || !state.handleDue || now <= state.handleDue || !['assigned', 'handling'].includes(state.status)) return;
      const county = countyOf(row.region_code);
      const settings = await loadSettings(trx, county);
      const up = state.unit.tier === 'village' ? await unitFor(trx, 'township', row.region_code, null) : null;
      let next: CaseState;
      let data: Record<string, unknown>;
      if (up) {
        const calendar = await calendarFor(trx, clock, county);
        const due = dueFrom(calendar, now, findLimit(await loadTimeLimits(trx, county), row.category_code, 'township', row.region_code), row.urgency === 'urgent');
        next = transition(state, { type: 'escalate', unit: up, due, reason: 'overdue', automatic: true }, { now, bounceThreshold: settings.bounceThreshold });
        data = { unit: up, automatic: true, reason: 'overdue', ...newDeadlines(state, next) };
        escalated++;
      } else {
        next = transition(state, { type: 'flag_leader', reason: 'overdue' }, { now, bounceThreshold: settings.bounceThreshold });
        data = { automatic: true, reason: 'overdue' };
        flagged++;
      }
      // Handling late is a fact about the unit that let it pass, whatever happens next.
      await write(trx, row, next, now);
      await addEvent(trx, { caseId: id, regionCode: row.region_code, at: now, actor: null, action: up ? 'escalate' : 'flag_leader', from: state.status, to: next.status, data });
      await recordAudit(trx, { actor: null, action: up ? 'case.escalate' : 'case.flag_leader', entity: 'case', entityId: id, regionCode: row.region_code, after: data });
    });
  }
  const late = await db
    .updateTable('case_whistles')
    .set({ late: true })
    .where('on_site_at', 'is', null)
    .where('late', 'is', null)
    .where('released_at', 'is', null)
    .where('deadline', '<', now)
    .executeTakeFirst();
  casesChanged();
  return { escalated, flagged, lateReportIns: Number(late.numUpdatedRows) };
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
