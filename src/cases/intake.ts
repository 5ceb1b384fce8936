// Intake: a report checked whole (category, place, attributes, photos, possible duplicates),
// accepted (立案) and, when the responsibility list names a unit, dispatched (派遣) at once.
import { sql } from 'kysely';
import { auditRow } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import { checkAttributes } from './attributes.js';
import { casesChanged, memo } from './cache.js';
import { calendarFor, eventRow, newDeadlines, photoRow, type Clocked, type EventInput } from './commands.js';
import { distanceMetres, inBbox, inGeometry, locate, validCoordinates } from './geo.js';
import { newCaseState, transition } from './lifecycle.js';
import { dueFrom, findLimit, type TimeLimit } from './limits.js';
import { CaseError, type Category, type CaseSettings, type Channel, type Urgency } from './model.js';
import { decodePhotos } from './photos.js';
import { getCase } from './queries.js';
import { countyOf, findResponsibility, type Responsibility } from './responsibility.js';
import {
  boundariesAt,
  listCategories,
  loadBoundaryBoxes,
  loadResponsibilities,
  loadSettings,
  loadTimeLimits,
  stateColumns,
  type BoundaryBox,
  type CaseDetail,
  type Db,
} from './store.js';
import { regionName, unitFor } from './units.js';

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
