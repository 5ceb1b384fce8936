// Default ratings (off unless the county's rules say so) and the rules' bounds, on every database target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Actor } from '../org/model.js';
import { seedDemoData } from '../server/seed.js';
import type { Store } from '../store/database.js';
import { giveDefaultRatings, rate, setRules, startDefaultRatingSweep } from './store.js';
import { unitInputs } from './rankings.js';
import { applicationFor, deployRatedProcess } from './testing.js';

const targets = await dbTargets();
const reform: Actor = { userId: 2, username: 'reform', displayName: '改革办', role: 'reform_office', regionCode: '370883', departmentId: null };
const applicant: Actor = { userId: 9, username: 'applicant', displayName: '申请人', role: 'applicant', regionCode: '370883', departmentId: null };

describe.each(targets)('default ratings on $name', (target) => {
  let store: Store;
  const clock = new Date('2026-12-01T10:00:00+08:00');
  let unrated: string;
  let rated: string;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoData(store, 'test-password-1');
    const engine = await deployRatedProcess(store, () => clock);
    unrated = await applicationFor(engine, 'applicant');
    rated = await applicationFor(engine, 'applicant');
    await rate(store.db, applicant, { occurrenceKind: 'instance', occurrenceId: rated, evaluation: 'occurrence', level: 2, channel: 'mobile' }, clock);
  });
  afterAll(async () => store?.close());

  const ratingsOf = (id: string) => store.db.selectFrom('ratings').select(['level', 'channel', 'rater']).where('occurrence_id', '=', id).execute();

  it('gives none while the county has no default rule (the default)', async () => {
    expect(await giveDefaultRatings(store.db, new Date('2027-03-01T10:00:00+08:00'))).toBe(0);
    expect(await ratingsOf(unrated)).toEqual([]);
  });

  it('gives 满意 through the default channel after the county’s days, once, and never over a rating given', async () => {
    await setRules(store.db, reform, { defaultAfterDays: 7 }, clock);
    expect(await giveDefaultRatings(store.db, new Date('2026-12-05T10:00:00+08:00'))).toBe(0);
    expect(await giveDefaultRatings(store.db, new Date('2026-12-09T10:00:00+08:00'))).toBe(1);
    expect(await ratingsOf(unrated)).toEqual([{ level: 4, channel: 'default', rater: 'applicant' }]);
    expect(await ratingsOf(rated)).toEqual([{ level: 2, channel: 'mobile', rater: 'applicant' }]);
    expect(await giveDefaultRatings(store.db, new Date('2026-12-10T10:00:00+08:00'))).toBe(0);
    const audit = await store.db.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'rating.default').execute();
    expect(audit).toHaveLength(1);
  });

  it('is given by the server’s sweep on its own clock, marked as default in the scores', async () => {
    const engine = await deployRatedProcess(store, () => clock);
    const later = await applicationFor(engine, 'applicant');
    const fixed = new Date('2026-12-20T10:00:00+08:00');
    const sweep = startDefaultRatingSweep(
      store.db,
      () => fixed,
      20,
      (err) => {
        throw err;
      },
    );
    try {
      for (let i = 0; i < 200 && (await ratingsOf(later)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    } finally {
      sweep.stop();
    }
    expect(await ratingsOf(later)).toEqual([{ level: 4, channel: 'default', rater: 'applicant' }]);
    const december = await unitInputs(store.db, '370883', 'department', { from: '2026-12-01', to: '2026-12-31' });
    expect(december.find((u) => u.key === 'ZJJ')).toMatchObject({ defaults: 2 });
  });

  it('refuses rules outside their bounds and changes nothing', async () => {
    await expect(setRules(store.db, reform, { rectifyWorkdays: 31 }, clock)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(setRules(store.db, { ...reform, role: 'leader' }, { minSample: 5 }, clock)).rejects.toMatchObject({ code: 'forbidden' });
    const row = await store.db.selectFrom('rating_rules').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rectify_workdays: 5, min_sample: 30, default_after_days: 7 });
  });
});
