// A county's configuration as the commands read it: categories, the responsibility list, time
// limits, settings and the loaded boundaries (their boxes first, polygons only for candidates).
// The administrator changes it through config.ts.
import type { Selectable } from 'kysely';
import type { Geometry } from './geo.js';
import type { TimeLimit } from './limits.js';
import { DEFAULT_SETTINGS, type CaseSettings, type Category, type CategoryAttribute, type Weights } from './model.js';
import type { Responsibility } from './responsibility.js';
import type { CaseCategoriesTable, Db } from './tables.js';

export const toCategory = (r: Selectable<CaseCategoriesTable>): Category => ({
  code: r.code,
  regionCode: r.region_code,
  name: { zh: r.name_zh, en: r.name_en },
  description: r.description,
  keywords: r.keywords,
  group: r.group_name,
  attributes: r.attributes as CategoryAttribute[],
  active: r.active,
});

export async function listCategories(db: Db, countyCode: string | null, includeInactive = false): Promise<Category[]> {
  let q = db.selectFrom('case_categories').selectAll();
  if (countyCode) q = q.where('region_code', '=', countyCode);
  if (!includeInactive) q = q.where('active', '=', true);
  return (await q.orderBy('code').execute()).map(toCategory);
}

export async function getCategory(db: Db, code: string): Promise<Category | null> {
  const r = await db.selectFrom('case_categories').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toCategory(r) : null;
}

export async function loadResponsibilities(db: Db, countyCode: string): Promise<Responsibility[]> {
  const rows = await db.selectFrom('case_responsibilities').selectAll().where('region_code', 'like', `${countyCode}%`).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, categoryCode: r.category_code, tier: r.tier, departmentId: r.department_id }));
}

export async function loadTimeLimits(db: Db, countyCode: string): Promise<TimeLimit[]> {
  const rows = await db.selectFrom('case_time_limits').selectAll().where('region_code', 'like', `${countyCode}%`).execute();
  return rows.map((r) => ({ regionCode: r.region_code, categoryCode: r.category_code, tier: r.tier, responseHours: Number(r.response_hours), handleWorkdays: r.handle_workdays }));
}

export async function loadSettings(db: Db, countyCode: string): Promise<CaseSettings> {
  const r = await db.selectFrom('case_settings').selectAll().where('region_code', '=', countyCode).executeTakeFirst();
  if (!r) return { regionCode: countyCode, ...DEFAULT_SETTINGS };
  return {
    regionCode: r.region_code,
    whistleMinutes: r.whistle_minutes,
    bounceThreshold: r.bounce_threshold,
    duplicateMetres: r.duplicate_metres,
    duplicateHours: r.duplicate_hours,
    smallSample: r.small_sample,
    weights: r.weights as Weights,
    bbox: (r.bbox as CaseSettings['bbox']) ?? null,
  };
}

export async function loadBoundaries(db: Db, countyCode: string): Promise<Array<{ regionCode: string; name: string; geometry: Geometry }>> {
  const rows = await db.selectFrom('case_boundaries').select(['region_code', 'name', 'geometry']).where('region_code', 'like', `${countyCode}%`).orderBy('region_code').execute();
  return rows.map((r) => ({ regionCode: r.region_code, name: r.name, geometry: r.geometry as Geometry }));
}

/** A loaded boundary's box ([minLng, minLat, maxLng, maxLat]; null for rows loaded before boxes were kept: a candidate for every point). */
export interface BoundaryBox {
  regionCode: string;
  box: [number, number, number, number] | null;
}

export async function loadBoundaryBoxes(db: Db, countyCode: string): Promise<BoundaryBox[]> {
  const rows = await db.selectFrom('case_boundaries').select(['region_code', 'min_lng', 'min_lat', 'max_lng', 'max_lat']).where('region_code', 'like', `${countyCode}%`).execute();
  return rows.map((r) => ({
    regionCode: r.region_code,
    box: r.min_lng === null || r.min_lat === null || r.max_lng === null || r.max_lat === null ? null : [r.min_lng, r.min_lat, r.max_lng, r.max_lat],
  }));
}

/**
 * The loaded boundaries whose box holds a point, with their polygons, and whether the point is
 * within the county outline's box; only the candidates' polygons are read (a county's file may
 * hold hundreds of villages), and none at all when no box holds the point.
 */
export async function boundariesAt(
  db: Db,
  countyCode: string,
  lat: number,
  lng: number,
  boxes: BoundaryBox[],
): Promise<{ candidates: Array<{ regionCode: string; name: string; geometry: Geometry }>; countyOutline: 'none' | 'outside' | 'candidate' }> {
  const holds = (b: BoundaryBox) => b.box === null || (b.box[0] <= lng && b.box[2] >= lng && b.box[1] <= lat && b.box[3] >= lat);
  const county = boxes.find((b) => b.regionCode === countyCode);
  const codes = boxes.filter(holds).map((b) => b.regionCode);
  const rows = codes.length ? await db.selectFrom('case_boundaries').select(['region_code', 'name', 'geometry']).where('region_code', 'in', codes).execute() : [];
  return {
    candidates: rows.map((r) => ({ regionCode: r.region_code, name: r.name, geometry: r.geometry as Geometry })),
    countyOutline: !county ? 'none' : holds(county) ? 'candidate' : 'outside',
  };
}
