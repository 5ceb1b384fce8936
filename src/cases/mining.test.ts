// The cases' history is mineable: real cases, filed and taken through their steps over HTTP,
// are read by the mining capability as a log source like the engine's instances — figures on
// the working-day calendar, stored as a log, the case process discovered from it and the
// cases replayed on the discovered model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';

const targets = await dbTargets();
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]).toString('base64');

describe.each(targets)('the case history as a mining source on $name', (target) => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:30:00+08:00'); // a Monday
  let grid: Client, dispatcher: Client, leader: Client, officer: Client;

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
  });
  afterAll(async () => t?.close());

  // Each session is signed in at the instant of the step, so the clock can jump days.
  const as = async (user: 'grid' | 'dispatcher' | 'leader' | 'officer', iso: string): Promise<Client> => {
    now = new Date(iso);
    return signInAs(t.app, user);
  };
  const step = async (client: Client, id: number, body: Record<string, unknown>) => {
    const res = await client.inject({ method: 'POST', url: `/api/cases/${id}/steps`, payload: body });
    expect(res.statusCode, res.body).toBe(200);
  };

  /** One case of the village through the loop; `reopen` fails the first check. */
  const loop = async (day: string, lat: number, reopen: boolean, evaluate: boolean): Promise<number> => {
    grid = await as('grid', `${day}T09:00:00+08:00`);
    const filed = await grid.inject({
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'ENV-RUBBISH', description: '垃圾未清运', lat, lng: 116.965, notDuplicate: true },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as number;
    await step(await as('grid', `${day}T10:00:00+08:00`), id, { action: 'respond' });
    await step(await as('grid', `${day}T15:00:00+08:00`), id, { action: 'handle', feedback: '已清运', photos: [PNG] });
    if (reopen) {
      await step(await as('grid', `${day}T16:00:00+08:00`), id, { action: 'check', passed: false, note: '仍有残留' });
      await step(await as('grid', `${day}T17:00:00+08:00`), id, { action: 'handle', feedback: '再次清运', photos: [PNG] });
    }
    await step(await as('grid', `${day}T17:30:00+08:00`), id, { action: 'check', passed: true, note: '已干净' });
    dispatcher = await as('dispatcher', `${day}T18:00:00+08:00`);
    await step(dispatcher, id, { action: 'close' });
    if (evaluate) await step(await as('grid', `${day}T18:30:00+08:00`), id, { action: 'evaluate', satisfaction: 5 });
    return id;
  };

  let ids: number[] = [];

  it('gives the figures of the cases’ own history, one case per case, on the working-day calendar', async () => {
    ids = [
      await loop('2026-03-02', 35.401, false, true),
      await loop('2026-03-03', 35.402, true, true),
      await loop('2026-03-04', 35.403, false, true),
      await loop('2026-03-05', 35.404, false, false),
    ];
    leader = await as('leader', '2026-03-06T09:00:00+08:00');
    const res = await leader.inject({ method: 'GET', url: '/api/mining/cases?from=2026-03-01&to=2026-04-01' });
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.cases).toBe(4);
    expect(s.dfg.activities.map((a: { name: string }) => a.name).sort()).toEqual(['assign', 'check failed', 'check passed', 'close', 'evaluate', 'handle', 'report', 'respond']);
    // The reopened case handles twice: rework the miner sees.
    expect(s.rework).toMatchObject({ casesWithRework: 1, byActivity: [{ activity: 'handle', cases: 1, repeats: 1 }] });
    // Counted in working days on the platform calendar, and every response and handling against its own deadline.
    expect(s.throughput.medianWorkdays).toBeGreaterThan(0);
    expect(s.deadlines.due).toMatchObject({ events: 9, late: 0 });
    expect(s.handover.departments.length + s.handover.resources.length).toBeGreaterThan(0);
  });

  it('stores the history as a log from which the case process is discovered and on which every case replays', async () => {
    dispatcher = await as('dispatcher', '2026-03-06T09:30:00+08:00');
    const stored = await dispatcher.inject({ method: 'POST', url: '/api/mining/logs/cases', payload: { name: '三月诉求案件', from: '2026-03-01' } });
    expect(stored.statusCode, stored.body).toBe(201);
    expect(stored.json()).toMatchObject({ source: 'cases', cases: 4, activities: 8 });
    const id = stored.json().id as number;
    const listed = await dispatcher.inject({ method: 'GET', url: '/api/mining/logs' });
    expect(listed.json().items.map((l: { id: number }) => l.id)).toContain(id);
    const model = await dispatcher.inject({ method: 'GET', url: `/api/mining/logs/${id}/discover?noiseThreshold=0&name=case` });
    expect(model.statusCode, model.body).toBe(200);
    const bpmn = model.json().bpmn as string;
    for (const task of ['report', 'assign', 'respond', 'handle', 'check failed', 'check passed', 'close', 'evaluate']) expect(bpmn).toContain(`name="${task}"`);
    const replay = await dispatcher.inject({ method: 'POST', url: `/api/mining/logs/${id}/conform`, payload: { bpmn } });
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toMatchObject({ fitness: 1, fitTraces: 4 });
  });

  it('shows the same recurring cases as the month’s 每月一题: a category in a township, candidates for a structural fix', async () => {
    leader = await as('leader', '2026-03-06T09:45:00+08:00');
    const res = await leader.inject({ method: 'GET', url: '/api/cases/problems?month=2026-03' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ regionCode: '370883001', regionName: '钢山街道', categoryCode: 'ENV-RUBBISH', cases: 4 })]);
    // Fewer than three cases of a kind in a township are no pattern.
    expect((await leader.inject({ method: 'GET', url: '/api/cases/problems?month=2026-02' })).json().items).toEqual([]);
  });

  it('is read only by those who may read process history, within their regions; a bad period is refused, an empty one stores nothing', async () => {
    officer = await as('officer', '2026-03-06T10:00:00+08:00');
    expect((await officer.inject({ method: 'GET', url: '/api/mining/cases' })).statusCode).toBe(403);
    expect((await officer.inject({ method: 'POST', url: '/api/mining/logs/cases', payload: { name: 'x' } })).statusCode).toBe(403);
    leader = await as('leader', '2026-03-06T10:00:00+08:00');
    const backwards = await leader.inject({ method: 'GET', url: '/api/mining/cases?from=2026-04-01&to=2026-03-01' });
    expect(backwards.statusCode).toBe(400);
    expect((await leader.inject({ method: 'GET', url: '/api/mining/cases?from=2026-02-30' })).statusCode).toBe(400);
    const before = await t.store.db
      .selectFrom('mining_logs')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const empty = await leader.inject({ method: 'POST', url: '/api/mining/logs/cases', payload: { name: '二月', from: '2026-02-01', to: '2026-03-01' } });
    expect(empty.statusCode).toBe(422);
    const after = await t.store.db
      .selectFrom('mining_logs')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(ids).toHaveLength(4);
  });
});
