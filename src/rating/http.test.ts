// 好差评 over HTTP on every database target: an applicant rates a finished application; a 差评
// opens its case on the facts; the reform office verifies; the department rectifies with
// evidence and the follow-up closes it; a malicious rating is appealed and excluded; the
// month's ranking and the board count both correctly. Bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import type { EngineStore } from '../engine/store.js';
import { applicationFor, deployRatedProcess } from './testing.js';

const targets = await dbTargets();

describe.each(targets)('ratings API on $name', (target) => {
  let t: TestApp;
  let engine: EngineStore;
  let applicant: Client;
  let applicant2: Client;
  let reform: Client;
  let officer: Client;
  let otherOfficer: Client;
  let leader: Client;
  let clerk: Client;
  // Tuesday 1 December 2026, 10:00 in Zoucheng.
  let clock = new Date('2026-12-01T10:00:00+08:00');
  /** Sessions expire on the app's clock: sign in again after moving it. */
  const signInAll = async () => {
    [applicant, applicant2, reform, officer, otherOfficer, leader, clerk] = await Promise.all(
      ['applicant', 'applicant2', 'reform', 'officer', 'officer.sjj', 'leader', 'clerk'].map((u) => signInAs(t.app, u)),
    );
  };
  const at = async (iso: string) => {
    clock = new Date(iso);
    await signInAll();
  };
  let finished: string;
  let second: string;
  let caseId: number;
  let maliciousCase: number;
  const count = async (table: 'ratings' | 'rating_cases' | 'rating_case_events' | 'audit_log') =>
    Number(
      (
        await t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => clock });
    engine = await deployRatedProcess(t.store, () => clock);
    finished = await applicationFor(engine, 'applicant');
    second = await applicationFor(engine, 'applicant2');
    await signInAll();
  });
  afterAll(async () => t?.close());

  it('lists the applicant’s finished work to rate, and only theirs', async () => {
    const mine = (await applicant.inject({ method: 'GET', url: '/api/ratings/mine' })).json();
    expect(mine.items.map((i: { occurrenceId: string }) => i.occurrenceId)).toEqual([finished]);
    expect(mine.items[0]).toMatchObject({ name: '建设工程消防验收备案', ratings: [] });
  });

  it('refuses bad ratings with a clear error and writes nothing', async () => {
    const open = await applicationFor(engine, 'applicant', { finish: false });
    const before = await Promise.all([count('ratings'), count('rating_cases'), count('audit_log')]);
    const post = (c: Client, payload: Record<string, unknown>) =>
      c.inject({ method: 'POST', url: '/api/ratings', payload: { occurrenceKind: 'instance', occurrenceId: finished, channel: 'mobile', ...payload } });
    const six = await post(applicant, { level: 6 });
    expect(six.statusCode).toBe(422);
    expect(six.json().error).toMatchObject({ code: 'rating_invalid_level', details: { field: 'level' } });
    expect(six.json().error.message.zh).toContain('非常不满意至非常满意');
    expect((await post(applicant, { level: 0 })).json().error.code).toBe('rating_invalid_level');
    const others = await post(applicant2, { level: 1 });
    expect(others.statusCode).toBe(403);
    expect(others.json().error.code).toBe('rating_not_yours');
    const unfinished = await post(applicant, { level: 5, occurrenceId: open });
    expect(unfinished.statusCode).toBe(409);
    expect(unfinished.json().error.code).toBe('rating_not_finished');
    expect((await post(applicant, { level: 5, reasons: ['bribes'] })).json().error).toMatchObject({ code: 'rating_invalid_input', details: { unknown: ['bribes'] } });
    expect((await post(applicant, { level: 5, occurrenceId: 'no-such-instance' })).statusCode).toBe(404);
    expect((await post(applicant, { level: 5, channel: 'pad' })).statusCode).toBe(422);
    expect((await post(officer, { level: 5 })).statusCode).toBe(403);
    expect(await Promise.all([count('ratings'), count('rating_cases'), count('audit_log')])).toEqual(before);
  });

  it('takes a 差评 from the phone, opens its case on the facts, and refuses a second rating', async () => {
    const res = await applicant.inject({
      method: 'POST',
      url: '/api/ratings',
      payload: { occurrenceKind: 'instance', occurrenceId: finished, level: 1, reasons: ['slow', 'too_many_visits'], comment: '补正了一次材料，跑了两趟', channel: 'mobile' },
    });
    expect(res.statusCode).toBe(201);
    const rating = res.json();
    expect(rating).toMatchObject({ level: 1, rater: 'applicant', departmentCode: 'ZJJ', officer: 'officer', matterCode: 'rated_permit', excluded: false });
    caseId = rating.caseId;
    expect(caseId).toBeGreaterThan(0);
    const again = await applicant.inject({ method: 'POST', url: '/api/ratings', payload: { occurrenceKind: 'instance', occurrenceId: finished, level: 5, channel: 'portal' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('rating_already_rated');

    const c = (await reform.inject({ method: 'GET', url: `/api/rectifications/${caseId}` })).json();
    expect(c).toMatchObject({ status: 'verifying', departmentCode: 'ZJJ', actions: ['verify'] });
    expect(c.facts.steps.map((s: { name: string; handledBy: string }) => [s.name, s.handledBy])).toEqual([
      ['窗口受理', 'clerk'],
      ['补正材料', 'clerk'],
      ['审批决定', 'officer'],
    ]);
    expect(c.facts).toMatchObject({ supplementNotices: 1, startedBy: 'applicant' });
  });

  it('keeps cases to their department: another department sees none and cannot act', async () => {
    expect((await otherOfficer.inject({ method: 'GET', url: '/api/rectifications' })).json().items).toEqual([]);
    expect((await otherOfficer.inject({ method: 'GET', url: `/api/rectifications/${caseId}` })).statusCode).toBe(403);
    expect((await officer.inject({ method: 'GET', url: '/api/rectifications' })).json().items.map((i: { id: number }) => i.id)).toEqual([caseId]);
    expect((await applicant.inject({ method: 'GET', url: '/api/rectifications' })).statusCode).toBe(403);
    // Only the reform office verifies.
    expect((await officer.inject({ method: 'POST', url: `/api/rectifications/${caseId}/verify`, payload: { note: '属实' } })).statusCode).toBe(403);
  });

  it('runs the loop: verified with working-day deadlines, rectified in time with evidence, closed by the follow-up', async () => {
    await at('2026-12-02T09:00:00+08:00');
    const v = await reform.inject({ method: 'POST', url: `/api/rectifications/${caseId}/verify`, payload: { note: '经核实，审批超时属实' } });
    expect(v.statusCode).toBe(200);
    // Five and three working days after Wednesday 2 December.
    expect(v.json()).toMatchObject({ status: 'rectifying', rectifyDue: '2026-12-09', appealDue: '2026-12-07' });

    const before = await Promise.all([count('rating_case_events'), count('audit_log')]);
    const noEvidence = await officer.inject({
      method: 'POST',
      url: `/api/rectifications/${caseId}/rectify`,
      payload: { measures: '约谈经办人', feedback: '已整改', evidence: [] },
    });
    expect(noEvidence.statusCode).toBe(422);
    expect(noEvidence.json().error.code).toBe('rating_evidence_required');
    expect((await reform.inject({ method: 'GET', url: `/api/rectifications/${caseId}` })).json().status).toBe('rectifying');
    expect(await Promise.all([count('rating_case_events'), count('audit_log')])).toEqual(before);

    await at('2026-12-08T15:00:00+08:00');
    const r = await officer.inject({
      method: 'POST',
      url: `/api/rectifications/${caseId}/rectify`,
      payload: { measures: '约谈经办人，审批改为当日办结', feedback: '您反映的问题已整改，今后当日办结', evidence: [{ name: '整改报告.pdf', note: '局长签字' }] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'rectified', rectifiedOnTime: true, feedback: '您反映的问题已整改，今后当日办结' });
    // A real-name 差评 is not closed without its follow-up.
    expect((await reform.inject({ method: 'POST', url: `/api/rectifications/${caseId}/close`, payload: { note: '结束' } })).json().error.code).toBe('rating_follow_up_required');
    const f = await reform.inject({
      method: 'POST',
      url: `/api/rectifications/${caseId}/follow-up`,
      payload: { method: 'call', reached: true, satisfied: true, note: '电话回访，群众表示满意' },
    });
    expect(f.json()).toMatchObject({ status: 'closed', followedUp: true });
    expect(f.json().events.map((e: { action: string }) => e.action)).toEqual(['verify', 'rectify', 'follow_up']);

    // The rater sees the department's feedback.
    const mine = (await applicant.inject({ method: 'GET', url: '/api/ratings/mine' })).json();
    expect(mine.items[0].ratings[0]).toMatchObject({ level: 1, feedback: '您反映的问题已整改，今后当日办结' });
  });

  it('refuses an appeal after its deadline, and excludes a malicious rating whose appeal is upheld', async () => {
    await at('2026-12-09T10:00:00+08:00');
    const bad = await applicant2.inject({
      method: 'POST',
      url: '/api/ratings',
      payload: { occurrenceKind: 'instance', occurrenceId: second, level: 1, comment: '乱评', channel: 'portal' },
    });
    maliciousCase = bad.json().caseId;
    await reform.inject({ method: 'POST', url: `/api/rectifications/${maliciousCase}/verify`, payload: { note: '待部门说明' } });

    // Appeal deadline: three working days after Wednesday 9 December is Monday 14 December.
    await at('2026-12-15T10:00:00+08:00');
    const late = await officer.inject({ method: 'POST', url: `/api/rectifications/${maliciousCase}/appeal`, payload: { ground: 'malicious', statement: '恶意差评' } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'rating_appeal_deadline_passed', details: { appealDue: '2026-12-14' } });

    await at('2026-12-14T16:00:00+08:00');
    const appeal = await officer.inject({
      method: 'POST',
      url: `/api/rectifications/${maliciousCase}/appeal`,
      payload: { ground: 'malicious', statement: '该申请人当日在窗口辱骂工作人员，有录像' },
    });
    expect(appeal.json().status).toBe('appealed');
    const review = await reform.inject({ method: 'POST', url: `/api/rectifications/${maliciousCase}/appeal-review`, payload: { upheld: true, note: '调阅录像，申诉成立' } });
    expect(review.json()).toMatchObject({ status: 'excluded', rating: { excluded: true } });
    expect(review.json().events.map((e: { action: string; data: { upheld?: boolean } }) => e.action)).toEqual(['verify', 'appeal', 'review_appeal']);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'rating_case')
      .where('entity_id', '=', String(maliciousCase))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['rating.case.verify', 'rating.case.appeal', 'rating.case.review_appeal']);
  });

  it('ranks the month without the excluded rating, and the board shows both', async () => {
    // A minimum sample of 1 so the one department is ranked.
    expect((await reform.inject({ method: 'PUT', url: '/api/ratings/rules', payload: { minSample: 1 } })).json().minSample).toBe(1);
    expect((await reform.inject({ method: 'PUT', url: '/api/ratings/rules', payload: { rectifyWorkdays: 0 } })).statusCode).toBe(422);
    const r = await leader.inject({ method: 'GET', url: '/api/ratings/rankings?dimension=department&month=2026-12' });
    expect(r.statusCode).toBe(200);
    expect(r.json().rows).toEqual([
      expect.objectContaining({ key: 'ZJJ', name: '住房和城乡建设局', rank: 1, total: 1, negative: 1, rectified: 1, rectifiedOnTime: 1, appealsUpheld: 1 }),
    ]);
    const b = (await leader.inject({ method: 'GET', url: '/api/ratings/board?month=2026-12' })).json();
    expect(b.ratings).toMatchObject({ total: 1, negative: 1, excluded: 1, openCases: 0, positiveRate: 0 });
    expect(b.delivery).toMatchObject({ completed: 2, active: 1 });
    expect(b.closedLoop).toMatchObject({ received: 0, responseRate: null, resolutionRate: null, satisfactionRate: null, ranking: [] });
    const dept = b.ratings.breakdowns.find((x: { dimension: string }) => x.dimension === 'department');
    expect(dept.rows[0]).toMatchObject({ key: 'ZJJ', appealsUpheld: 1 });
    // Drill down to the department: its officers.
    const d = (await leader.inject({ method: 'GET', url: '/api/ratings/board?month=2026-12&departmentCode=ZJJ' })).json();
    expect(d.ratings.breakdowns[0].rows[0]).toMatchObject({ key: 'officer', name: '住建局 张伟' });
    expect((await officer.inject({ method: 'GET', url: '/api/ratings/board' })).statusCode).toBe(403);
    expect((await leader.inject({ method: 'GET', url: '/api/ratings/board?regionCode=370884' })).statusCode).toBe(403);
  });

  it('publishes the ranking into its history and exports xlsx and the PDF report', async () => {
    const p = await reform.inject({ method: 'POST', url: '/api/ratings/rankings/history', payload: { dimension: 'department', month: '2026-12' } });
    expect(p.statusCode).toBe(201);
    const h = (await leader.inject({ method: 'GET', url: '/api/ratings/rankings/history' })).json();
    expect(h.items.map((x: { period: { from: string } }) => x.period.from)).toEqual(['2026-12-01']);
    const x = await leader.inject({ method: 'GET', url: '/api/ratings/export.xlsx?month=2026-12' });
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    await at('2027-01-04T09:00:00+08:00');
    const pdf = await leader.inject({ method: 'GET', url: '/api/ratings/board.pdf?kind=month' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toContain('月报-2026-12-01.pdf');
  });

  it('lets the window’s rating pad rate on the applicant’s behalf', async () => {
    await at('2026-12-16T10:00:00+08:00');
    const third = await applicationFor(engine, 'applicant');
    const res = await clerk.inject({ method: 'POST', url: '/api/ratings', payload: { occurrenceKind: 'instance', occurrenceId: third, level: 5, channel: 'pad' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ rater: 'applicant', channel: 'pad', caseId: null });
  });

  it('takes a rating through the notice’s signed link without sign-in, once, until the link expires', async () => {
    const fourth = await applicationFor(engine, 'applicant2');
    const open = await applicationFor(engine, 'applicant2', { finish: false });
    expect((await clerk.inject({ method: 'POST', url: '/api/ratings/links', payload: { occurrenceKind: 'instance', occurrenceId: open } })).json().error.code).toBe(
      'rating_not_finished',
    );
    expect((await applicant.inject({ method: 'POST', url: '/api/ratings/links', payload: { occurrenceKind: 'instance', occurrenceId: fourth } })).statusCode).toBe(403);
    const link = (await clerk.inject({ method: 'POST', url: '/api/ratings/links', payload: { occurrenceKind: 'instance', occurrenceId: fourth } })).json();
    expect(link.path).toBe(`/rate?token=${link.token}`);
    expect(link.expiresAt).toBe('2026-12-31T10:00:00+08:00');

    const target = await t.app.inject({ method: 'GET', url: `/api/ratings/by-link?token=${link.token}` });
    expect(target.json()).toMatchObject({ name: '建设工程消防验收备案', rated: false });
    const tampered = await t.app.inject({ method: 'POST', url: '/api/ratings/by-link', payload: { token: `${link.token.slice(0, -3)}abc`, level: 5 } });
    expect(tampered.statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'POST', url: '/api/ratings/by-link', payload: { token: link.token, level: 9 } });
    expect(bad.json().error.code).toBe('rating_invalid_level');
    const ok = await t.app.inject({ method: 'POST', url: '/api/ratings/by-link', payload: { token: link.token, level: 4, reasons: ['fast'] } });
    expect(ok.statusCode).toBe(201);
    expect(Object.keys(ok.json()).sort()).toEqual(['id', 'level', 'ratedAt']);
    const stored = await t.store.db.selectFrom('ratings').select(['rater', 'channel', 'level']).where('occurrence_id', '=', fourth).execute();
    expect(stored).toEqual([{ rater: 'applicant2', channel: 'notice_link', level: 4 }]);
    expect((await t.app.inject({ method: 'POST', url: '/api/ratings/by-link', payload: { token: link.token, level: 1 } })).json().error.code).toBe('rating_already_rated');

    const fifth = await applicationFor(engine, 'applicant2');
    const later = (await clerk.inject({ method: 'POST', url: '/api/ratings/links', payload: { occurrenceKind: 'instance', occurrenceId: fifth } })).json();
    clock = new Date('2027-01-01T10:00:00+08:00');
    const expired = await t.app.inject({ method: 'POST', url: '/api/ratings/by-link', payload: { token: later.token, level: 5 } });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('rating_link_expired');
  });
});
