// The monthly roll-up agrees with the ratings whatever happened to them since they were given
// (a 差评 rectified, another excluded on appeal), on every database target; and a period splits
// into whole months and the days around them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Actor } from '../org/model.js';
import { seedDemoData } from '../server/seed.js';
import type { Store } from '../store/database.js';
import { board } from './board.js';
import { unitInputsFor, unitInputsFromRatings, type Dimension } from './rankings.js';
import { rebuildRollups, splitPeriod } from './rollup.js';
import { actOnCase, rate } from './store.js';
import { applicationFor, deployRatedProcess } from './testing.js';

describe('splitPeriod', () => {
  it('reads whole months from the roll-up and the days around them from the ratings', () => {
    expect(splitPeriod({ from: '2026-01-01', to: '2026-12-31' })).toEqual({
      months: [
        '2026-01-01',
        '2026-02-01',
        '2026-03-01',
        '2026-04-01',
        '2026-05-01',
        '2026-06-01',
        '2026-07-01',
        '2026-08-01',
        '2026-09-01',
        '2026-10-01',
        '2026-11-01',
        '2026-12-01',
      ],
      rest: [],
    });
    expect(splitPeriod({ from: '2026-01-15', to: '2026-03-10' })).toEqual({
      months: ['2026-02-01'],
      rest: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-03-01', to: '2026-03-10' },
      ],
    });
    expect(splitPeriod({ from: '2025-12-02', to: '2026-02-28' })).toEqual({ months: ['2026-01-01', '2026-02-01'], rest: [{ from: '2025-12-02', to: '2025-12-31' }] });
    expect(splitPeriod({ from: '2026-06-03', to: '2026-06-20' })).toEqual({ months: [], rest: [{ from: '2026-06-03', to: '2026-06-20' }] });
    expect(splitPeriod({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: ['2024-02-01'], rest: [] });
  });
});

const targets = await dbTargets();
const reform: Actor = { userId: 2, username: 'reform', displayName: '改革办', role: 'reform_office', regionCode: '370883', departmentId: null };
const officer: Actor = { userId: 4, username: 'officer', displayName: '住建局', role: 'department_officer', regionCode: '370883', departmentId: null };
const applicant = (username: string): Actor => ({ userId: 9, username, displayName: username, role: 'applicant', regionCode: '370883', departmentId: null });

describe.each(targets)('rating roll-up on $name', (target) => {
  let store: Store;
  const clock = new Date('2026-12-01T10:00:00+08:00');
  const dims: Dimension[] = ['department', 'officer', 'matter', 'township', 'window'];
  beforeAll(async () => {
    store = await target.open();
    await seedDemoData(store, 'test-password-1');
    const dept = await store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow();
    officer.departmentId = dept.id;
    const engine = await deployRatedProcess(store, () => clock);
    const levels = [5, 4, 1, 2, 3, 5];
    const ids: number[] = [];
    for (const [i, level] of levels.entries()) {
      const id = await applicationFor(engine, `rater${i}`);
      const r = await rate(store.db, applicant(`rater${i}`), { occurrenceKind: 'instance', occurrenceId: id, level, channel: 'mobile' }, clock);
      if (r.caseId) ids.push(r.caseId);
    }
    // One 差评 rectified in time, the other appealed and excluded.
    const [rectified, appealed] = ids;
    for (const id of ids) await actOnCase(store.db, reform, id, { kind: 'verify', note: '已核实' }, clock);
    await actOnCase(store.db, officer, rectified, { kind: 'rectify', measures: '培训', feedback: '已整改', evidence: [{ name: '培训记录', note: '' }] }, clock);
    await actOnCase(store.db, officer, appealed, { kind: 'appeal', ground: 'malicious', statement: '恶意差评' }, clock);
    await actOnCase(store.db, reform, appealed, { kind: 'review_appeal', upheld: true, note: '申诉成立' }, clock);
  });
  afterAll(async () => store?.close());

  const sorted = (m: Map<Dimension, unknown[]>) =>
    Object.fromEntries([...m].map(([d, units]) => [d, [...(units as Array<{ key: string }>)].sort((a, b) => a.key.localeCompare(b.key))]));

  it('gives the month what the ratings give, after a rectification and an appeal upheld', async () => {
    const december = { from: '2026-12-01', to: '2026-12-31' };
    const fromRollup = await unitInputsFor(store.db, '370883', dims, december);
    const fromRatings = await unitInputsFromRatings(store.db, '370883', dims, december);
    expect(sorted(fromRollup)).toEqual(sorted(fromRatings));
    const zjj = fromRollup.get('department')!.find((u) => u.key === 'ZJJ')!;
    // Six ratings, one excluded: 5, 4, 1, 3, 5 remain; one rectified in time, one appeal upheld.
    expect(zjj).toMatchObject({ counts: { 5: 2, 4: 1, 3: 1, 2: 0, 1: 1 }, rectified: 1, rectifiedOnTime: 1, appealsUpheld: 1 });
  });

  it('gives the board its totals from the daily roll-up, the excluded rating apart', async () => {
    const b = await board(store.db, reform, { period: { from: '2026-12-01', to: '2026-12-31' } }, clock);
    expect(b.ratings).toMatchObject({ total: 5, negative: 1, excluded: 1 });
    expect(b.ratings.trend).toEqual([{ date: '2026-12-01', total: 5, negative: 1 }]);
  });

  it('is rebuilt from the ratings to the same figures', async () => {
    const before = await store.db
      .selectFrom('rating_rollup')
      .selectAll()
      .orderBy('month')
      .orderBy('dim')
      .orderBy('region_code')
      .orderBy('department_code')
      .orderBy('key')
      .execute();
    await rebuildRollups(store.db);
    const after = await store.db.selectFrom('rating_rollup').selectAll().orderBy('month').orderBy('dim').orderBy('region_code').orderBy('department_code').orderBy('key').execute();
    expect(after).toEqual(before.filter((r) => r.n1 || r.n2 || r.n3 || r.n4 || r.n5 || r.n_excluded || r.rectified || r.on_time || r.upheld));
  });
});
