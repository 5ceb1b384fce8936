// Open311 over the cases facade: which county a jurisdiction_id names, the query of
// GET requests (filters, the 90-day window, at most 1000), and filing a POSTed request as a
// case like any other.
import { sql } from 'kysely';
import { CaseError, type Category } from '../model.js';
import { fileReport } from '../intake.js';
import { shanghaiIso } from '../../shared/time.js';
import { listCategories, toSummary, type Db } from '../store.js';
import type { Open311Form } from './form.js';
import { Open311Error } from './errors.js';
import { toRequest, type Open311Request } from './format.js';

export const MAX_REQUESTS = 1000;
const DAY_MS = 86_400_000;
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The county a request is for: jurisdiction_id (a county code), or the one county with services. */
export async function jurisdiction(db: Db, jurisdictionId: string | undefined): Promise<string> {
  const counties = (await db.selectFrom('case_categories').select('region_code').distinct().execute()).map((r) => r.region_code);
  if (jurisdictionId) {
    if (!counties.includes(jurisdictionId)) throw new Open311Error(404, `jurisdiction_id not found: ${jurisdictionId}`);
    return jurisdictionId;
  }
  if (counties.length === 1) return counties[0];
  if (counties.length === 0) throw new Open311Error(404, 'no jurisdiction offers services here');
  throw new Open311Error(400, 'jurisdiction_id was not provided (this endpoint serves several jurisdictions)');
}

export async function services(db: Db, county: string): Promise<Map<string, Category>> {
  return new Map((await listCategories(db, county)).map((c) => [c.code, c]));
}

function list(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function date(value: string | undefined, name: string): Date | null {
  if (!value) return null;
  if (!W3C.test(value) || Number.isNaN(Date.parse(value))) throw new Open311Error(400, `${name} must be a W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z`);
  return new Date(value);
}

export interface RequestQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
}

export async function queryRequests(db: Db, county: string, query: RequestQuery, now: Date): Promise<Open311Request[]> {
  const catalogue = await services(db, county);
  // Enterprises' requests are the enterprise service's, not public reports.
  let q = db.selectFrom('cases').selectAll().where('region_code', 'like', `${county}%`).where('channel', '<>', 'enterprise');
  const ids = list(query.service_request_id);
  if (ids.length) {
    // service_request_id overrides every other argument.
    if (ids.length > MAX_REQUESTS || !ids.every((id) => /^\d{1,15}$/.test(id))) throw new Open311Error(400, 'service_request_id must be a comma list of request ids');
    q = q.where('id', 'in', ids.map(Number));
  } else {
    const codes = list(query.service_code);
    const unknown = codes.filter((c) => !catalogue.has(c));
    if (unknown.length) throw new Open311Error(404, `service_code not found: ${unknown.join(', ')}`);
    if (codes.length) q = q.where('category_code', 'in', codes);
    const statuses = list(query.status);
    if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw new Open311Error(400, 'status must be open or closed (comma list)');
    const open = statuses.includes('open');
    const closed = statuses.includes('closed');
    if (open !== closed) q = closed ? q.where('status', 'in', ['closed', 'evaluated']) : q.where('status', 'not in', ['closed', 'evaluated']);
    let start = date(query.start_date, 'start_date');
    let end = date(query.end_date, 'end_date');
    if (start && end && start > end) throw new Open311Error(400, 'start_date is after end_date');
    if (start && end && end.getTime() - start.getTime() > 90 * DAY_MS) throw new Open311Error(400, 'start_date to end_date may not span more than 90 days');
    if (!start && !end) {
      end = now;
      start = new Date(now.getTime() - 90 * DAY_MS);
    } else if (!start) start = new Date(end!.getTime() - 90 * DAY_MS);
    else if (!end) end = new Date(start.getTime() + 90 * DAY_MS);
    q = q.where('reported_at', '>=', start!).where('reported_at', '<=', end!);
  }
  const rows = await q
    .orderBy(sql`reported_at desc, id desc`)
    .limit(MAX_REQUESTS)
    .execute();
  return rows.map((r) => {
    const s = toSummary(r, now);
    return toRequest({ ...s, mediaUrl: r.media_url }, catalogue.get(r.category_code)?.name.zh ?? r.category_code);
  });
}

const LOCATION_MISSING = 'a location is required: lat and long, address_string, or address_id';

/** Files a POSTed request as a case; errors come back as Open311 errors (400/404). */
export async function postRequest(db: Db, county: string, form: Open311Form, now: Date): Promise<{ id: number; notice: string }> {
  const f = form.fields;
  if (!f.service_code) throw new Open311Error(400, 'service_code was not provided');
  const hasPoint = f.lat !== undefined && f.lat !== '' && f.long !== undefined && f.long !== '';
  if (!hasPoint && !f.address_string && !f.address_id) throw new Open311Error(400, LOCATION_MISSING);
  const lat = hasPoint ? Number(f.lat) : null;
  const lng = hasPoint ? Number(f.long) : null;
  if (hasPoint && (!Number.isFinite(lat) || !Number.isFinite(lng))) throw new Open311Error(400, 'lat and long must be numbers (WGS84)');
  if (f.description && f.description.length > 4000) throw new Open311Error(400, 'description is limited to 4,000 characters');
  if (f.media_url && (f.media_url.length > 2000 || !/^https?:\/\//.test(f.media_url))) throw new Open311Error(400, 'media_url must be an http(s) URL');
  const name = [f.last_name, f.first_name].filter(Boolean).join('').slice(0, 50);
  try {
    const c = await fileReport(
      db,
      null,
      {
        categoryCode: f.service_code,
        // The category's own name stands for a missing description (filled in by fileReport).
        description: (f.description ?? '').trim(),
        lat,
        lng,
        address: (f.address_string ?? '').slice(0, 300),
        attributes: form.attributes,
        reporterName: name || undefined,
        reporterPhone: f.phone?.slice(0, 30),
        mediaUrl: f.media_url,
      },
      { now, county },
    );
    const notice = c.handleDue ? `按时限于 ${shanghaiIso(c.handleDue)} 前办结（${c.unitName ?? ''}）` : '已受理，待派遣';
    return { id: c.id, notice };
  } catch (err) {
    if (err instanceof CaseError) {
      const unknownCategory = (err.details as { code?: string } | undefined)?.code === 'unknown_category';
      throw new Open311Error(err.code === 'not_found' || unknownCategory ? 404 : 400, unknownCategory ? `service_code not found: ${f.service_code}` : err.messages.en);
    }
    throw err;
  }
}
