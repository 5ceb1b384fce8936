// 一次一评 of a window visit on the pad, and the rating link the outbox sends when a grass-roots
// case is closed, on every database target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Actor } from '../org/model.js';
import { seedDemoData } from '../server/seed.js';
import type { Store } from '../store/database.js';
import { sendRatingLink } from './notice.js';
import { linkTarget, myRateable, rate, rateWithLink } from './store.js';
import { endVisit, getVisit, listVisits, openVisit } from './visits.js';

const targets = await dbTargets();

describe.each(targets)('window visits and notice links on $name', (target) => {
  let store: Store;
  let clerk: Actor;
  let applicant: Actor;
  const clock = new Date('2026-12-01T10:00:00+08:00');
  const user = async (username: string): Promise<Actor> => {
    const u = await store.db
      .selectFrom('users')
      .select(['id', 'username', 'display_name', 'role', 'region_code', 'department_id'])
      .where('username', '=', username)
      .executeTakeFirstOrThrow();
    return {
      userId: Number(u.id),
      username: u.username,
      displayName: u.display_name,
      role: u.role as Actor['role'],
      regionCode: u.region_code,
      departmentId: u.department_id === null ? null : Number(u.department_id),
    };
  };
  beforeAll(async () => {
    store = await target.open();
    await seedDemoData(store, 'test-password-1');
    [clerk, applicant] = await Promise.all([user('clerk'), user('applicant')]);
  });
  afterAll(async () => store?.close());

  it('rates a visit on the pad once it has ended, once, as the visitor (anonymous without an account)', async () => {
    const anonymous = await openVisit(store.db, clerk, { windowCode: 'A03', matterName: '个体工商户登记咨询' }, clock);
    expect(anonymous).toMatchObject({ windowCode: 'A03', clerk: 'clerk', departmentCode: 'XZSP', endedAt: null, rated: false });
    const pad = { occurrenceKind: 'window_visit' as const, occurrenceId: String(anonymous.id), level: 5, channel: 'pad' as const };
    await expect(rate(store.db, clerk, pad, clock)).rejects.toMatchObject({ code: 'not_finished' });
    await endVisit(store.db, clerk, anonymous.id, clock);
    await expect(endVisit(store.db, clerk, anonymous.id, clock)).rejects.toMatchObject({ code: 'wrong_state' });
    const r = await rate(store.db, clerk, pad, clock);
    expect(r).toMatchObject({ anonymous: true, channel: 'pad', windowCode: 'A03', officer: 'clerk', departmentCode: 'XZSP', rater: `visitor:${anonymous.id}` });
    await expect(rate(store.db, clerk, pad, clock)).rejects.toMatchObject({ code: 'already_rated' });
    expect(await getVisit(store.db, clerk, anonymous.id)).toMatchObject({ rated: true });

    const named = await openVisit(store.db, clerk, { visitor: 'applicant', visitorName: '周敏' }, clock);
    expect(named.windowCode).toBe('clerk');
    await endVisit(store.db, clerk, named.id, clock);
    const bad = await rate(store.db, clerk, { ...pad, occurrenceId: String(named.id), level: 1 }, clock);
    // A real-name 差评 from the pad: its case must be followed up before it closes.
    expect(bad).toMatchObject({ anonymous: false, rater: 'applicant' });
    expect(await store.db.selectFrom('rating_cases').select('anonymous').where('rating_id', '=', bad.id).executeTakeFirstOrThrow()).toEqual({ anonymous: false });
    expect((await myRateable(store.db, applicant)).find((i) => i.occurrenceKind === 'window_visit')).toMatchObject({ occurrenceId: String(named.id), ratings: [{ level: 1 }] });
    expect((await listVisits(store.db, clerk)).map((v) => v.id)).toEqual([named.id, anonymous.id]);
  });

  it('refuses a visit for an unknown visitor or by someone not at the window, and writes nothing', async () => {
    const before = await store.db
      .selectFrom('rating_visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(openVisit(store.db, clerk, { visitor: 'nobody' }, clock)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(openVisit(store.db, clerk, { windowCode: 'A 03' }, clock)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(openVisit(store.db, applicant, {}, clock)).rejects.toMatchObject({ code: 'forbidden' });
    const after = await store.db
      .selectFrom('rating_visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('sends the reporter of a closed case a signed link, once, and the link rates the case', async () => {
    const row = await store.db
      .insertInto('cases')
      .values({
        region_code: '370883001201',
        category_code: 'STREETLIGHT',
        channel: 'grid',
        status: 'closed',
        urgency: 'normal',
        description: '村口路灯不亮',
        reporter_id: applicant.userId,
        reporter_name: '周敏',
        reported_at: new Date('2026-11-25T09:00:00+08:00'),
        closed_at: clock,
        updated_at: clock,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const notice = { kind: 'case' as const, id, regionCode: '370883001201', recipientId: applicant.userId, name: '村口路灯不亮' };
    const path = await sendRatingLink(store.db, notice, clock);
    expect(path).toMatch(/^\/rate\?token=/);
    expect(await sendRatingLink(store.db, notice, clock)).toBeNull();
    // A grid worker who reported a case is staff, not the person served: no invitation.
    const grid = await user('grid');
    expect(await sendRatingLink(store.db, { ...notice, recipientId: grid.userId }, clock)).toBeNull();
    const sent = await store.db.selectFrom('window_outbox').selectAll().where('case_id', '=', id).execute();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ application_id: null, recipient_id: applicant.userId, rating_kind: 'case', rating_occurrence: String(id) });
    expect(sent[0].body).toContain(path);
    expect(new Date(sent[0].rating_link_expires_at!).getTime() - clock.getTime()).toBe(15 * 86_400_000);
    const token = path!.slice('/rate?token='.length);
    expect(await linkTarget(store.db, token, clock)).toMatchObject({ name: '路灯不亮', rated: false });
    await rateWithLink(store.db, token, { level: 4 }, clock);
    expect(
      await store.db
        .selectFrom('ratings')
        .select(['occurrence_kind', 'rater', 'channel', 'matter_code'])
        .where('occurrence_kind', '=', 'case')
        .where('occurrence_id', '=', String(id))
        .execute(),
    ).toEqual([{ occurrence_kind: 'case', rater: 'applicant', channel: 'notice_link', matter_code: 'STREETLIGHT' }]);
  });
});
