// What the county's administrator sets for cases: categories (Open311 services) with their
// attributes, the responsibility list, time limits, settings (whistle deadline, bounce
// threshold, duplicate window, ranking weights, county box), boundaries, Open311 API keys.
// Each save is checked whole and audited in its transaction.
import crypto from 'node:crypto';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { attributeDefinitionProblems } from './attributes.js';
import { memo } from './cache.js';
import { bboxOf, geometryProblem, type Geometry } from './geo.js';
import type { TimeLimit } from './limits.js';
import { validWeights } from './metrics.js';
import { CaseError, type CaseSettings, type Category, type CategoryAttribute, type Tier } from './model.js';
import type { Responsibility } from './responsibility.js';
import { countyOf } from './responsibility.js';
import { commandTransaction, loadSettings, type Db } from './store.js';

function county(actor: Actor): string {
  const c = countyOf(actor.regionCode);
  if (c.length !== 6) throw new CaseError('forbidden', { zh: '须为县（市）级账号', en: 'a county-level account is required' });
  return c;
}

function invalid(zh: string, en: string, details?: unknown): CaseError {
  return new CaseError('invalid', { zh, en }, details);
}

export async function saveCategory(db: Db, actor: Actor, input: Omit<Category, 'regionCode'>): Promise<void> {
  const c = county(actor);
  const problems = attributeDefinitionProblems(input.attributes);
  if (problems.length) throw invalid(`类别属性不合法：${problems.join('; ')}`, `invalid attributes: ${problems.join('; ')}`, { problems });
  await commandTransaction(db, 'config', async (trx) => {
    const before = await trx.selectFrom('case_categories').selectAll().where('code', '=', input.code).executeTakeFirst();
    if (before && before.region_code !== c) throw new CaseError('conflict', { zh: `类别代码已被占用：${input.code}`, en: `category code in use elsewhere: ${input.code}` });
    const values = {
      code: input.code,
      region_code: c,
      name_zh: input.name.zh,
      name_en: input.name.en,
      description: input.description,
      keywords: input.keywords,
      group_name: input.group,
      attributes: JSON.stringify(input.attributes),
      active: input.active,
    };
    await trx
      .insertInto('case_categories')
      .values(values as never)
      .onConflict((oc) => oc.column('code').doUpdateSet(values as never))
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'case.category.save',
      entity: 'case_category',
      entityId: input.code,
      before: before ?? null,
      after: { ...values, attributes: input.attributes },
    });
  });
}

async function checkRegion(db: Db, c: string, code: string, field: string): Promise<void> {
  if (!code.startsWith(c) || !(await db.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirst())) {
    throw invalid(`未知或不属于本县的区域：${code}`, `${field}: unknown region, or not in this county: ${code}`, { field });
  }
}

/** Replaces the county's responsibility list with these rows (all or nothing). */
export async function saveResponsibilities(db: Db, actor: Actor, rows: Responsibility[]): Promise<void> {
  const c = county(actor);
  const categories = new Set((await db.selectFrom('case_categories').select('code').where('region_code', '=', c).execute()).map((r) => r.code));
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    await checkRegion(db, c, r.regionCode, `rows[${i}].regionCode`);
    if (r.categoryCode !== '*' && !categories.has(r.categoryCode))
      throw invalid(`第 ${i + 1} 行：未知类别 ${r.categoryCode}`, `rows[${i}].categoryCode: unknown category ${r.categoryCode}`, { field: `rows[${i}].categoryCode` });
    if ((r.tier === 'department') !== (r.departmentId != null))
      throw invalid(`第 ${i + 1} 行：部门层级须且只须指定部门`, `rows[${i}]: a department row names a department, other tiers none`, { field: `rows[${i}].departmentId` });
    if (r.departmentId != null) {
      const d = await db.selectFrom('departments').select('region_code').where('id', '=', r.departmentId).executeTakeFirst();
      if (!d || !d.region_code.startsWith(c))
        throw invalid(`第 ${i + 1} 行：未知部门 ${r.departmentId}`, `rows[${i}].departmentId: unknown department ${r.departmentId}`, { field: `rows[${i}].departmentId` });
    }
    const key = `${r.regionCode}|${r.categoryCode}`;
    if (seen.has(key)) throw invalid(`第 ${i + 1} 行与前面重复`, `rows[${i}] repeats region ${r.regionCode} and category ${r.categoryCode}`, { field: `rows[${i}]` });
    seen.add(key);
  }
  await commandTransaction(db, 'config', async (trx) => {
    await trx.deleteFrom('case_responsibilities').where('region_code', 'like', `${c}%`).execute();
    if (rows.length)
      await trx
        .insertInto('case_responsibilities')
        .values(rows.map((r) => ({ region_code: r.regionCode, category_code: r.categoryCode, tier: r.tier, department_id: r.departmentId ?? null })) as never)
        .execute();
    await recordAudit(trx, { actor, action: 'case.responsibilities.save', entity: 'case_responsibilities', entityId: c, after: rows });
  });
}

export async function saveTimeLimits(db: Db, actor: Actor, rows: TimeLimit[]): Promise<void> {
  const c = county(actor);
  const seen = new Set<string>();
  for (const [i, r] of rows.entries()) {
    await checkRegion(db, c, r.regionCode, `rows[${i}].regionCode`);
    const key = `${r.regionCode}|${r.categoryCode}|${r.tier}`;
    if (seen.has(key)) throw invalid(`第 ${i + 1} 行与前面重复`, `rows[${i}] repeats ${key}`, { field: `rows[${i}]` });
    seen.add(key);
  }
  await commandTransaction(db, 'config', async (trx) => {
    await trx.deleteFrom('case_time_limits').where('region_code', 'like', `${c}%`).execute();
    if (rows.length)
      await trx
        .insertInto('case_time_limits')
        .values(rows.map((r) => ({ region_code: r.regionCode, category_code: r.categoryCode, tier: r.tier, response_hours: r.responseHours, handle_workdays: r.handleWorkdays })))
        .execute();
    await recordAudit(trx, { actor, action: 'case.time_limits.save', entity: 'case_time_limits', entityId: c, after: rows });
  });
}

export async function saveSettings(db: Db, actor: Actor, input: Partial<Omit<CaseSettings, 'regionCode'>>): Promise<CaseSettings> {
  const c = county(actor);
  const before = await loadSettings(db, c);
  const next: CaseSettings = { ...before, ...input, regionCode: c };
  if (!validWeights(next.weights)) throw invalid('权重须为 0–100，且不全为 0', 'weights must be 0–100 and not all 0', { field: 'weights' });
  if (next.bbox && !(next.bbox[0] < next.bbox[2] && next.bbox[1] < next.bbox[3]))
    throw invalid('范围框须为 [最小经度, 最小纬度, 最大经度, 最大纬度]', 'bbox must be [minLng, minLat, maxLng, maxLat]', { field: 'bbox' });
  await commandTransaction(db, 'config', async (trx) => {
    const values = {
      region_code: c,
      whistle_minutes: next.whistleMinutes,
      bounce_threshold: next.bounceThreshold,
      duplicate_metres: next.duplicateMetres,
      duplicate_hours: next.duplicateHours,
      small_sample: next.smallSample,
      weights: JSON.stringify(next.weights),
      bbox: next.bbox ? JSON.stringify(next.bbox) : null,
    };
    await trx
      .insertInto('case_settings')
      .values(values as never)
      .onConflict((oc) => oc.column('region_code').doUpdateSet(values as never))
      .execute();
    await recordAudit(trx, { actor, action: 'case.settings.save', entity: 'case_settings', entityId: c, before, after: next });
  });
  return next;
}

/** Most vertices a county's boundary file may hold in all (a county's villages, simplified for a map, take tens of thousands). */
export const MAX_BOUNDARY_POINTS = 500_000;

function pointCount(v: unknown): number {
  if (!Array.isArray(v)) return 0;
  if (typeof v[0] === 'number') return 1;
  let n = 0;
  for (const x of v) n += pointCount(x);
  return n;
}

/** Loads boundaries (a GeoJSON FeatureCollection whose features carry `properties.regionCode`). */
export async function saveBoundaries(
  db: Db,
  actor: Actor,
  collection: { type: string; features: Array<{ type: string; properties?: { regionCode?: unknown; name?: unknown } | null; geometry: unknown }> },
): Promise<number> {
  const c = county(actor);
  if (collection.type !== 'FeatureCollection') throw invalid('须为 GeoJSON FeatureCollection', 'must be a GeoJSON FeatureCollection', { field: 'type' });
  const rows: Array<{ region_code: string; name: string; geometry: string; min_lng: number; min_lat: number; max_lng: number; max_lat: number }> = [];
  // The whole file is bounded (the map draws it on every phone that opens it): at most
  // MAX_BOUNDARY_POINTS vertices over all features, counted before anything else is checked.
  const total = collection.features.reduce((n, f) => n + pointCount((f.geometry as { coordinates?: unknown } | null)?.coordinates), 0);
  if (total > MAX_BOUNDARY_POINTS) {
    throw new CaseError(
      'too_large',
      {
        zh: `边界文件共 ${total} 个顶点，超过上限 ${MAX_BOUNDARY_POINTS}，请先简化`,
        en: `the boundaries have ${total} vertices, more than ${MAX_BOUNDARY_POINTS}: simplify them first`,
      },
      { field: 'features', points: total, limit: MAX_BOUNDARY_POINTS },
    );
  }
  const seen = new Set<string>();
  for (const [i, f] of collection.features.entries()) {
    const code = f.properties?.regionCode;
    if (typeof code !== 'string')
      throw invalid(`第 ${i + 1} 个要素缺少 properties.regionCode`, `features[${i}].properties.regionCode is missing`, { field: `features[${i}].properties.regionCode` });
    await checkRegion(db, c, code, `features[${i}].properties.regionCode`);
    if (seen.has(code))
      throw invalid(`第 ${i + 1} 个要素的区域 ${code} 与前面重复`, `features[${i}].properties.regionCode repeats ${code}`, { field: `features[${i}].properties.regionCode` });
    seen.add(code);
    const problem = geometryProblem(f.geometry);
    if (problem) throw invalid(`第 ${i + 1} 个要素的几何不合法：${problem}`, `features[${i}].geometry: ${problem}`, { field: `features[${i}].geometry` });
    const name =
      typeof f.properties?.name === 'string' ? f.properties.name : ((await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code);
    const [minLng, minLat, maxLng, maxLat] = bboxOf(f.geometry as Geometry);
    rows.push({ region_code: code, name, geometry: JSON.stringify(f.geometry as Geometry), min_lng: minLng, min_lat: minLat, max_lng: maxLng, max_lat: maxLat });
  }
  await commandTransaction(db, 'config', async (trx) => {
    await trx.deleteFrom('case_boundaries').where('region_code', 'like', `${c}%`).execute();
    if (rows.length)
      await trx
        .insertInto('case_boundaries')
        .values(rows as never)
        .execute();
    await recordAudit(trx, { actor, action: 'case.boundaries.save', entity: 'case_boundaries', entityId: c, after: { regions: rows.map((r) => r.region_code) } });
  });
  return rows.length;
}

export function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/** A new Open311 API key: the key itself is shown once; only its hash is kept. */
export async function createApiKey(db: Db, actor: Actor, name: string, now: Date): Promise<{ id: number; key: string }> {
  const c = county(actor);
  const key = crypto.randomBytes(24).toString('base64url');
  return commandTransaction(db, 'config', async (trx) => {
    const row = await trx
      .insertInto('open311_keys')
      .values({ region_code: c, name, key_hash: hashKey(key), created_by: actor.username, created_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'open311.key.create', entity: 'open311_key', entityId: row.id, after: { name } });
    return { id: row.id, key };
  });
}

export async function listApiKeys(db: Db, actor: Actor) {
  const rows = await db
    .selectFrom('open311_keys')
    .select(['id', 'name', 'created_by', 'created_at', 'revoked_at'])
    .where('region_code', '=', county(actor))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdBy: r.created_by, createdAt: r.created_at.toISOString(), revoked: r.revoked_at !== null }));
}

export async function revokeApiKey(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  await commandTransaction(db, 'config', async (trx) => {
    const res = await trx
      .updateTable('open311_keys')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('region_code', '=', county(actor))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new CaseError('not_found', { zh: `未找到密钥：${id}`, en: `API key not found: ${id}` });
    await recordAudit(trx, { actor, action: 'open311.key.revoke', entity: 'open311_key', entityId: id });
  });
}

/** The county an API key belongs to, or null for a missing, unknown or revoked key. */
export async function apiKeyCounty(db: Db, key: string | undefined): Promise<string | null> {
  if (!key) return null;
  const hash = hashKey(key);
  // Remembered for a few seconds (see cache.ts): a revocation in this process is seen at once.
  return memo(db, 'config', `key:${hash}`, 5_000, async () => {
    const r = await db.selectFrom('open311_keys').select('region_code').where('key_hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
    return r?.region_code ?? null;
  });
}

export type { CategoryAttribute, Tier };
