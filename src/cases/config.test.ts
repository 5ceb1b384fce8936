// The administrator's configuration of cases, end to end over HTTP: each save (time limits per
// category and tier, the responsibility list, the whistle deadline and ranking weights, Open311
// API keys, the county's boundaries) takes effect on the next case, and bad input is refused
// with a message naming the row or feature and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';

const targets = await dbTargets();
const HERE = { lat: 35.405, lng: 116.965 };

/** A rectangle as a closed GeoJSON ring: the test's boundaries are schematic, not geography. */
const box = (minLng: number, minLat: number, maxLng: number, maxLat: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [minLng, minLat],
      [maxLng, minLat],
      [maxLng, maxLat],
      [minLng, maxLat],
      [minLng, minLat],
    ],
  ],
});
const feature = (regionCode: string, geometry: unknown) => ({ type: 'Feature', properties: { regionCode }, geometry });

describe.each(targets)('cases configuration over HTTP on $name', (target) => {
  let t: TestApp;
  const now = new Date('2026-03-02T09:30:00+08:00'); // a Monday
  let admin: Client, grid: Client, dispatcher: Client;

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
    [admin, grid, dispatcher] = await Promise.all(['admin', 'grid', 'dispatcher'].map((u) => signInAs(t.app, u)));
  });
  afterAll(async () => t?.close());

  const config = async () => (await admin.inject({ method: 'GET', url: '/api/cases/config' })).json();
  const put = (client: Client, url: string, payload: unknown) => client.inject({ method: 'PUT', url, payload: payload as Record<string, unknown> });
  const report = (client: Client, body: Record<string, unknown>) =>
    client.inject({ method: 'POST', url: '/api/cases', payload: { categoryCode: 'ENV-RUBBISH', description: '垃圾', ...HERE, notDuplicate: true, ...body } });
  const open311 = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ service_code: 'ENV-RUBBISH', description: '垃圾', ...fields }).toString(),
    });

  it('saves the time limits per category and tier; the next case runs on them', async () => {
    const rows = [
      { regionCode: '370883', categoryCode: 'ENV-RUBBISH', tier: 'village', responseHours: 1, handleWorkdays: 2 },
      { regionCode: '370883', categoryCode: '*', tier: 'village', responseHours: 2, handleWorkdays: 3 },
      { regionCode: '370883', categoryCode: '*', tier: 'township', responseHours: 2, handleWorkdays: 5 },
    ];
    expect((await put(admin, '/api/cases/time-limits', { rows })).statusCode).toBe(204);
    expect((await config()).timeLimits).toHaveLength(3);
    const c = await report(grid, {});
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ tier: 'village', responseDue: '2026-03-02T10:30:00+08:00', handleDue: '2026-03-04T09:30:00+08:00' });
  });

  it('refuses bad time limits, naming the row, and keeps the old ones', async () => {
    const before = await config();
    const good = { regionCode: '370883', categoryCode: '*', tier: 'village', responseHours: 2, handleWorkdays: 3 };
    expect((await put(admin, '/api/cases/time-limits', { rows: [{ ...good, responseHours: 0 }] })).statusCode).toBe(400);
    expect((await put(admin, '/api/cases/time-limits', { rows: [{ ...good, tier: 'city' }] })).statusCode).toBe(400);
    expect((await put(admin, '/api/cases/time-limits', { rows: [{ ...good, handleWorkdays: 1.5 }] })).statusCode).toBe(400);
    const outside = await put(admin, '/api/cases/time-limits', { rows: [good, { ...good, regionCode: '110101' }] });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message.en).toMatch(/rows\[1\]\.regionCode/);
    const twice = await put(admin, '/api/cases/time-limits', { rows: [good, good] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.message.en).toMatch(/rows\[1\] repeats/);
    expect((await put(dispatcher, '/api/cases/time-limits', { rows: [good] })).statusCode).toBe(403);
    expect(await config()).toEqual(before);
  });

  it('saves the responsibility list; the next case goes where it says', async () => {
    const rows = [
      { regionCode: '370883', categoryCode: '*', tier: 'village' },
      { regionCode: '370883', categoryCode: 'STREETLIGHT', tier: 'township' },
    ];
    expect((await put(admin, '/api/cases/responsibilities', { rows })).statusCode).toBe(204);
    const c = await report(grid, { categoryCode: 'STREETLIGHT', description: '路灯不亮' });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({ tier: 'township', unitName: '钢山街道' });
  });

  it('refuses a bad responsibility list, naming the row, and keeps the old one', async () => {
    const before = await config();
    const zjj = (await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow()).id;
    const row = { regionCode: '370883', categoryCode: '*', tier: 'village' };
    const unknown = await put(admin, '/api/cases/responsibilities', { rows: [row, { ...row, categoryCode: 'NO-SUCH' }] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.message.en).toMatch(/rows\[1\]\.categoryCode: unknown category NO-SUCH/);
    expect((await put(admin, '/api/cases/responsibilities', { rows: [{ ...row, tier: 'department' }] })).json().error.message.en).toMatch(/a department row names a department/);
    expect((await put(admin, '/api/cases/responsibilities', { rows: [{ ...row, departmentId: zjj }] })).statusCode).toBe(422);
    expect((await put(admin, '/api/cases/responsibilities', { rows: [{ ...row, tier: 'department', departmentId: 999999 }] })).json().error.message.en).toMatch(
      /unknown department 999999/,
    );
    expect((await put(admin, '/api/cases/responsibilities', { rows: [row, row] })).statusCode).toBe(422);
    expect((await put(admin, '/api/cases/responsibilities', { rows: [{ ...row, regionCode: 'abc' }] })).statusCode).toBe(400);
    expect((await put(grid, '/api/cases/responsibilities', { rows: [row] })).statusCode).toBe(403);
    expect(await config()).toEqual(before);
  });

  it('saves the whistle deadline and the ranking weights; the next whistle and ranking use them', async () => {
    const saved = await put(admin, '/api/cases/settings', { whistleMinutes: 45, weights: { response: 50, resolution: 25, satisfaction: 25 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ whistleMinutes: 45, weights: { response: 50, resolution: 25, satisfaction: 25 } });
    const c = await report(grid, { categoryCode: 'STREETLIGHT', description: '路灯又不亮', lat: 35.41 });
    const id = c.json().id as number;
    const depts = await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').execute();
    const w = await dispatcher.inject({ method: 'POST', url: `/api/cases/${id}/whistles`, payload: { departmentIds: depts.map((d) => d.id) } });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().whistles[0].deadline).toBe('2026-03-02T10:15:00+08:00');
    const ranking = await admin.inject({ method: 'GET', url: '/api/cases/rankings?month=2026-03&tier=village' });
    expect(ranking.json().weights).toEqual({ response: 50, resolution: 25, satisfaction: 25 });
  });

  it('refuses bad settings and keeps the old ones', async () => {
    const before = await config();
    const zero = await put(admin, '/api/cases/settings', { weights: { response: 0, resolution: 0, satisfaction: 0 } });
    expect(zero.statusCode).toBe(422);
    expect(zero.json().error.details).toMatchObject({ field: 'weights' });
    expect((await put(admin, '/api/cases/settings', { weights: { response: 150, resolution: 0, satisfaction: 0 } })).statusCode).toBe(422);
    expect((await put(admin, '/api/cases/settings', { whistleMinutes: 0 })).statusCode).toBe(400);
    expect((await put(admin, '/api/cases/settings', { whistleMinutes: 30, bounceThreshold: 'many' })).statusCode).toBe(400);
    expect((await put(admin, '/api/cases/settings', { bbox: [117.4, 35.7, 116.7, 35.1] })).json().error.details).toMatchObject({ field: 'bbox' });
    expect((await put(admin, '/api/cases/settings', {})).statusCode).toBe(400);
    expect((await put(dispatcher, '/api/cases/settings', { whistleMinutes: 10 })).statusCode).toBe(403);
    expect(await config()).toEqual(before);
  });

  it('issues an Open311 API key shown once, lists it without the key, and a revoked key files nothing', async () => {
    const created = await admin.inject({ method: 'POST', url: '/api/cases/open311-keys', payload: { name: '12345 热线 App' } });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json() as { id: number; key: string };
    expect(key.length).toBeGreaterThanOrEqual(32);
    const listed = await admin.inject({ method: 'GET', url: '/api/cases/open311-keys' });
    expect(listed.json().items).toEqual([expect.objectContaining({ id, name: '12345 热线 App', revoked: false })]);
    expect(listed.body).not.toContain(key);
    expect((await open311({ api_key: key, ...Object.fromEntries(Object.entries({ lat: 35.42, long: 116.97 }).map(([k, v]) => [k, String(v)])) })).statusCode).toBe(200);
    expect((await admin.inject({ method: 'DELETE', url: `/api/cases/open311-keys/${id}` })).statusCode).toBe(204);
    const cases = async () =>
      Number(
        (
          await t.store.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await cases();
    const revoked = await open311({ api_key: key, lat: '35.42', long: '116.97' });
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json()).toEqual([{ code: 403, description: 'Invalid api_key' }]);
    expect(await cases()).toBe(before);
    expect((await admin.inject({ method: 'DELETE', url: `/api/cases/open311-keys/${id}` })).statusCode).toBe(404);
    expect((await dispatcher.inject({ method: 'POST', url: '/api/cases/open311-keys', payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'POST', url: '/api/cases/open311-keys', payload: { name: '' } })).statusCode).toBe(400);
  });

  it('loads the county’s boundaries: a report is placed in the village whose polygon holds it, one outside the county is refused', async () => {
    const county = box(116.9, 35.35, 117.0, 35.45);
    const village = box(116.95, 35.39, 116.98, 35.42);
    const loaded = await put(admin, '/api/cases/boundaries', { type: 'FeatureCollection', features: [feature('370883', county), feature('370883001201', village)] });
    expect(loaded.statusCode, loaded.body).toBe(200);
    expect(loaded.json()).toEqual({ regions: 2 });
    const shown = await dispatcher.inject({ method: 'GET', url: '/api/cases/boundaries' });
    expect(shown.json().features.map((f: { properties: { regionCode: string } }) => f.properties.regionCode)).toEqual(['370883', '370883001201']);
    // Inside the village's polygon: the case is the village's, whoever reports it.
    const inside = await report(dispatcher, { lat: 35.4, lng: 116.96 });
    expect(inside.statusCode, inside.body).toBe(201);
    expect(inside.json()).toMatchObject({ regionCode: '370883001201', tier: 'village' });
    // Inside the county's box (settings) but outside its outline: refused, nothing written.
    const count = async () =>
      Number(
        (
          await t.store.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const outside = await report(dispatcher, { lat: 35.6, lng: 117.3 });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message.en).toMatch(/outside the county/);
    const { key } = (await admin.inject({ method: 'POST', url: '/api/cases/open311-keys', payload: { name: 'map' } })).json();
    const outside311 = await open311({ api_key: key, lat: '35.6', long: '117.3' });
    expect(outside311.statusCode).toBe(400);
    expect(outside311.json()[0].description).toMatch(/outside the county/);
    expect(await count()).toBe(before);
  });

  it('refuses a bad boundary file, naming the feature, and keeps the loaded boundaries', async () => {
    const before = (await admin.inject({ method: 'GET', url: '/api/cases/boundaries' })).json();
    const load = (features: unknown[]) => put(admin, '/api/cases/boundaries', { type: 'FeatureCollection', features });
    const open = {
      type: 'Polygon',
      coordinates: [
        [
          [116.9, 35.35],
          [117.0, 35.35],
          [117.0, 35.45],
          [116.9, 35.45],
        ],
      ],
    };
    const unclosed = await load([feature('370883', box(116.9, 35.35, 117.0, 35.45)), feature('370883001201', open)]);
    expect(unclosed.statusCode).toBe(422);
    expect(unclosed.json().error.message.en).toMatch(/features\[1\]\.geometry: Polygon coordinates must be closed rings/);
    expect((await load([feature('370883', { type: 'Point', coordinates: [116.9, 35.4] })])).json().error.message.en).toMatch(/must be Polygon or MultiPolygon/);
    expect((await load([feature('370883', box(116.9, 95, 117, 96))])).statusCode).toBe(422);
    expect((await load([feature('110101', box(116.9, 35.35, 117.0, 35.45))])).json().error.message.en).toMatch(
      /features\[0\]\.properties\.regionCode: unknown region, or not in this county/,
    );
    expect((await load([feature('370883', box(116.9, 35.35, 117.0, 35.45)), feature('370883', box(116.9, 35.35, 117.0, 35.45))])).json().error.message.en).toMatch(
      /features\[1\]\.properties\.regionCode repeats 370883/,
    );
    expect((await load([{ type: 'Feature', properties: {}, geometry: box(116.9, 35.35, 117.0, 35.45) }])).statusCode).toBe(422);
    expect((await put(admin, '/api/cases/boundaries', { type: 'GeometryCollection', features: [] })).statusCode).toBe(422);
    // Too many vertices for a map: 413, before anything else is looked at.
    const ring = Array.from({ length: 500_001 }, (_, i) => [116.9 + (i % 1000) * 1e-5, 35.35 + Math.floor(i / 1000) * 1e-5]);
    ring.push(ring[0]);
    const huge = await load([feature('370883', { type: 'Polygon', coordinates: [ring] })]);
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message.en).toMatch(/more than 500000/);
    expect((await put(dispatcher, '/api/cases/boundaries', { type: 'FeatureCollection', features: [] })).statusCode).toBe(403);
    expect((await admin.inject({ method: 'GET', url: '/api/cases/boundaries' })).json()).toEqual(before);
  });

  it('creates a category with Open311 attributes, refuses bad ones naming the attribute, and deactivates it for reports and Open311 alone', async () => {
    const category = {
      name: { zh: '道路坑洼', en: 'Pothole' },
      description: '路面坑洼、破损',
      keywords: '坑,路面',
      group: '市政',
      active: true,
      attributes: [
        {
          code: 'size',
          datatype: 'singlevaluelist',
          required: true,
          description: '坑洼大小',
          order: 1,
          values: [
            { key: 'big', name: '大于一米' },
            { key: 'small', name: '小于一米' },
          ],
        },
        { code: 'depth', datatype: 'number', required: false, description: '深度（厘米）', order: 2 },
      ],
    };
    const saved = await put(admin, '/api/cases/categories/ROAD-HOLE', category);
    expect(saved.statusCode, saved.body).toBe(204);
    const definition = (await t.app.inject({ method: 'GET', url: '/open311/v2/services/ROAD-HOLE.json' })).json();
    expect(definition.attributes.map((a: { code: string; datatype: string }) => `${a.code}:${a.datatype}`)).toEqual(['size:singlevaluelist', 'depth:number']);
    const filed = await report(grid, { categoryCode: 'ROAD-HOLE', description: '路面有坑', attributes: { size: 'big' } });
    expect(filed.statusCode, filed.body).toBe(201);

    const listWithout = await put(admin, '/api/cases/categories/ROAD-HOLE', { ...category, attributes: [{ ...category.attributes[0], values: [] }] });
    expect(listWithout.statusCode).toBe(422);
    expect(listWithout.json().error.message.en).toMatch(/attributes\[0\] is a list without values/);
    const twice = await put(admin, '/api/cases/categories/ROAD-HOLE', { ...category, attributes: [category.attributes[1], category.attributes[1]] });
    expect(twice.json().error.message.en).toMatch(/attributes\[1\]\.code depth appears twice/);
    expect((await put(admin, '/api/cases/categories/ROAD-HOLE', { ...category, attributes: [{ ...category.attributes[1], datatype: 'boolean' }] })).statusCode).toBe(400);
    expect((await put(dispatcher, '/api/cases/categories/ROAD-HOLE', category)).statusCode).toBe(403);
    const codes = async (client: Client) =>
      (await client.inject({ method: 'GET', url: '/api/cases/categories' }))
        .json()
        .items.map((c: { code: string; active: boolean }) => `${c.code}${c.active ? '' : ' (inactive)'}`);
    expect(await codes(grid)).toContain('ROAD-HOLE');

    // Deactivated: no longer offered to reporters or Open311, refused on a new report; kept for the administrator.
    expect((await put(admin, '/api/cases/categories/ROAD-HOLE', { ...category, active: false })).statusCode).toBe(204);
    expect(await codes(grid)).not.toContain('ROAD-HOLE');
    expect(await codes(admin)).toContain('ROAD-HOLE (inactive)');
    const services = (await t.app.inject({ method: 'GET', url: '/open311/v2/services.json' })).json();
    expect(services.map((s: { service_code: string }) => s.service_code)).not.toContain('ROAD-HOLE');
    const refused = await report(grid, { categoryCode: 'ROAD-HOLE', description: '又有坑', attributes: { size: 'small' } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message.zh).toBe('未知的诉求类别：ROAD-HOLE');
    expect((await grid.inject({ method: 'GET', url: `/api/cases/${filed.json().id}` })).json().categoryCode).toBe('ROAD-HOLE'); // its case keeps it
  });
});
