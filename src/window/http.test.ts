// The one-window service through its API, on every database target: an applicant applies,
// the window sends one supplement notice, the applicant supplements, the window accepts, the
// departments complete in parallel, the decision issues the result package, results verify,
// public tracking shows it concluded — and bad input changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, DEMO_PASSWORD, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { verifyAuditTrail } from '../audit/trail.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../bundle/demo-decisions.js';
import { addUser } from '../org/store.js';
import { EngineStore } from '../engine/store.js';
import type { FormSchema } from './form.js';
import { sampleCreditCode, sampleForm } from './sample.js';

const targets = await dbTargets();
/** Monday 2026-03-02 10:00 in Zoucheng; tests never read the real clock. */
let clock = new Date('2026-03-02T10:00:00+08:00');
const PDF = Buffer.from('%PDF-1.7\n% a scanned material\n');

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = '----zaizao' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/pdf'}\r\n\r\n`));
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(targets)('one-window service on $name', (target) => {
  let t: TestApp;
  let reform: Client, applicant: Client, applicant2: Client, clerk: Client, townClerk: Client, admin: Client, officer: Client, officerSjj: Client;
  const officers: Client[] = [];
  let serviceId: number;
  let schema: FormSchema;
  let appId: number;
  let receiptNo: string;
  let queryCode: string;
  const holder = sampleCreditCode();
  const upload = (c: Client, id: number, code: string, bytes = PDF, name = 'scan.pdf') =>
    c.inject({ method: 'POST', url: `/api/window/applications/${id}/materials`, ...multipart({ materialCode: code }, { name, bytes }) });
  const count = async (table: 'window_applications' | 'window_application_materials' | 'window_notices' | 'window_files') =>
    Number(
      (
        await t.store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** Moves the clock; sessions last 12 hours, so everyone signs in again. */
  async function travel(to: Date) {
    clock = to;
    [reform, applicant, applicant2, clerk, townClerk, admin, officer, officerSjj] = await Promise.all(
      ['reform', 'applicant', 'applicant2', 'clerk', 'clerk.town', 'admin', 'officer', 'officer.sjj'].map((u) => signInAs(t.app, u)),
    );
    officers.splice(0, officers.length, officer, await signInAs(t.app, 'officer.xzsp'), await signInAs(t.app, 'officer.rsj'));
  }

  beforeAll(async () => {
    clock = new Date('2026-03-02T10:00:00+08:00');
    process.env.ZAIZAO_WINDOW_MAX_FILE_MB = '1';
    t = await openTestApp(target, { now: () => clock });
    delete process.env.ZAIZAO_WINDOW_MAX_FILE_MB;
    for (const [username, role, regionCode, departmentCode] of [
      ['clerk.town', 'window_clerk', '370883001', 'GS-SHB'],
      ['officer.xzsp', 'department_officer', '370883', 'XZSP'],
    ] as const) {
      await addUser(t.store.db, null, { username, displayName: username, role, regionCode, departmentCode, password: DEMO_PASSWORD });
    }
    await travel(clock);
    // The reform office accepted every removal the analyzer proposes for lack of a provision of
    // the material's own (one batch by rule): the bundle applies them, the service as Zoucheng runs it.
    const decided = await reform.inject({ method: 'POST', url: '/api/analyze/decisions', payload: { decision: 'accept', rule: 'no-legal-basis' } });
    expect(decided.statusCode).toBe(201);
    const created = (
      await reform.inject({
        method: 'POST',
        url: '/api/bundles',
        payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, decisions: DEMO_FIELD_DECISIONS.construction },
      })
    ).json();
    expect((await reform.inject({ method: 'POST', url: `/api/bundles/${created.id}/publish` })).statusCode).toBe(200);
    serviceId = created.id;
    // Two of the holder's certificates are in the certificate store already (loaded from another system).
    const imported = await admin.inject({
      method: 'POST',
      url: '/api/window/certificates/import',
      payload: {
        certificates: [
          {
            holderId: holder,
            holderName: '邹城市示例建设有限公司',
            typeCode: 'land_title',
            typeName: '不动产权证书（土地）',
            number: '鲁(2025)邹城市不动产权第0001234号',
            issuer: '邹城市自然资源和规划局',
            issuedOn: '2025-05-01',
            sourceSystem: '山东省不动产登记系统',
          },
          {
            holderId: holder,
            holderName: '邹城市示例建设有限公司',
            typeCode: 'construction_planning_permit',
            typeName: '建设工程规划许可证',
            number: '建字第370883202500012号',
            issuer: '邹城市自然资源和规划局',
            issuedOn: '2025-08-01',
            sourceSystem: '山东省工程建设项目审批管理系统',
          },
        ],
      },
    });
    expect(imported.json()).toEqual({ imported: 2 });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('documents the integration API in the OpenAPI description', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const p of [
      '/api/window/services',
      '/api/window/applications',
      '/api/window/applications/{id}',
      '/api/window/applications/{id}/materials',
      '/api/window/applications/{id}/submit',
      '/api/window/applications/{id}/accept',
      '/api/window/applications/{id}/supplement',
      '/api/window/applications/{id}/reject',
      '/api/public/track',
      '/api/public/verify/{code}',
      '/api/window/tasks',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it('lists the published service with its form, material list and letter, and what the certificate store already holds', async () => {
    const list = (await applicant.inject({ method: 'GET', url: '/api/window/services' })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: serviceId, name: '建筑工程施工许可一件事', matters: 9 });
    const s = (await applicant.inject({ method: 'GET', url: `/api/window/services/${serviceId}?holderId=${holder}` })).json();
    schema = s.form.schema;
    expect(s.letter.commitments.length).toBeGreaterThan(0);
    expect(
      s.materials
        .filter((m: { handling: string }) => m.handling === 'submit')
        .map((m: { code: string }) => m.code)
        .sort(),
    ).toEqual(['dangerous_works_list', 'safety_measures']);
    expect(s.obtainedBySharing.map((x: { materialCode: string }) => x.materialCode).sort()).toEqual(['construction_planning_permit', 'land_title']);
  });

  it('refuses a form failing the schema, naming each field, and saves nothing', async () => {
    const before = await count('window_applications');
    const bad = await applicant.inject({
      method: 'POST',
      url: '/api/window/applications',
      payload: { serviceId, form: sampleForm(schema, { uscc: '91350100M000100Y44', floors: 'three' }) },
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .error.details.problems.map((p: { field: string }) => p.field)
        .sort(),
    ).toEqual(['floors', 'uscc']);
    expect(bad.json().error.message.zh).toContain('统一社会信用代码');
    expect(await count('window_applications')).toBe(before);
    expect((await officer.inject({ method: 'POST', url: '/api/window/applications', payload: { serviceId, form: {} } })).statusCode).toBe(403);
  });

  it('takes a draft, its materials by content type and size, and refuses what is not on the list or obtained by sharing', async () => {
    const res = await applicant.inject({
      method: 'POST',
      url: '/api/window/applications',
      payload: { serviceId, form: sampleForm(schema, { uscc: holder, applicant_name: '邹城市示例建设有限公司' }) },
    });
    expect(res.statusCode).toBe(201);
    appId = res.json().id;
    const files = await count('window_files');
    const notPdf = await upload(applicant, appId, 'safety_measures', Buffer.from('MZ not a document'), 'scan.pdf');
    expect(notPdf.statusCode).toBe(415);
    expect(notPdf.json().error.message.zh).toContain('safety_measures');
    const big = await upload(applicant, appId, 'safety_measures', Buffer.concat([PDF, Buffer.alloc(1024 * 1024 + 10)]));
    expect(big.statusCode).toBe(413);
    const outside = await upload(applicant, appId, 'business_licence_copy');
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message.zh).toContain('business_licence_copy');
    const shared = await upload(applicant, appId, 'land_title');
    expect(shared.statusCode).toBe(422);
    expect(shared.json().error.message.zh).toContain('数据共享');
    expect(await count('window_files')).toBe(files);
    // Not yet complete: the shared materials the store does not hold are asked for once, as normal materials.
    const incomplete = await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: { commitment: { signedName: '周敏', agreed: true } } });
    expect(incomplete.statusCode).toBe(422);
    const missing = incomplete.json().error.details.missing.map((m: { materialCode: string }) => m.materialCode);
    expect(missing).toContain('safety_measures');
    expect(missing).toContain('safety_production_licence');
    expect(missing).not.toContain('land_title');
    for (const code of missing) expect((await upload(applicant, appId, code)).statusCode).toBe(201);
    // The same bytes for every material: kept once.
    expect(await count('window_files')).toBe(files + 1);
  });

  it('submits once with the signed commitment letter, and answers a receipt number and a query code', async () => {
    const unsigned = await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: { commitment: { signedName: '周敏', agreed: false } } });
    expect(unsigned.statusCode).toBe(422);
    const res = await applicant.inject({
      method: 'POST',
      url: `/api/window/applications/${appId}/submit`,
      payload: { commitment: { signedName: '周敏', agreed: true }, delivery: { method: 'electronic' } },
    });
    expect(res.statusCode).toBe(200);
    ({ receiptNo, queryCode } = res.json());
    expect(receiptNo).toMatch(/^37088320260302\d{6}$/);
    expect(queryCode).toMatch(/^[A-Z2-9]{8}$/);
    const twice = await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: { commitment: { signedName: '周敏', agreed: true } } });
    expect(twice.statusCode).toBe(409);
    const a = (await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}` })).json();
    expect(a).toMatchObject({ status: 'submitted', finished: false, intakeDue: '2026-03-09', figures: { obtainedBySharing: 2 } });
    expect(a.commitment).toMatchObject({ signedName: '周敏', agreed: true });
    expect(a.materials.find((m: { code: string }) => m.code === 'land_title').certificate).toMatchObject({ sourceSystem: '山东省不动产登记系统' });
    const audit = await t.store.db.selectFrom('audit_log').select(['after']).where('action', '=', 'window.application.submit').executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain('周敏');
  });

  it('tracks publicly by receipt number and query code, without personal data; a wrong code answers like an unknown receipt', async () => {
    const ok = await t.app.inject({ method: 'GET', url: `/api/public/track?receiptNo=${receiptNo}&queryCode=${queryCode}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'submitted', serviceName: '建筑工程施工许可一件事' });
    expect(ok.body).not.toContain('示例建设');
    expect(ok.body).not.toContain(holder);
    const wrong = await t.app.inject({ method: 'GET', url: `/api/public/track?receiptNo=${receiptNo}&queryCode=AAAAAAAA` });
    const unknown = await t.app.inject({ method: 'GET', url: `/api/public/track?receiptNo=37088320990101999999&queryCode=${queryCode}` });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('keeps applications to those who may see them, and says when one is outside the caller’s scope', async () => {
    const others = await applicant2.inject({ method: 'GET', url: `/api/window/applications/${appId}` });
    expect(others.statusCode).toBe(403);
    expect(others.json().error.message.zh).toBe(`申请 ${appId} 不在您的管辖范围内`);
    expect((await applicant2.inject({ method: 'GET', url: '/api/window/applications/99999999' })).statusCode).toBe(404);
    expect((await applicant2.inject({ method: 'GET', url: '/api/window/applications' })).json().items).toEqual([]);
    expect((await applicant2.inject({ method: 'GET', url: `/api/window/applications/${appId}/materials/safety_measures/file` })).statusCode).toBe(403);
    expect((await officerSjj.inject({ method: 'GET', url: '/api/window/applications' })).json().items).toEqual([]);
    const file = await clerk.inject({ method: 'GET', url: `/api/window/applications/${appId}/materials/safety_measures/file` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    // A clerk of a township cannot decide on an application of the city.
    expect((await townClerk.inject({ method: 'POST', url: `/api/window/applications/${appId}/accept`, payload: {} })).statusCode).toBe(403);
  });

  it('sends one supplement notice for items of the published list only; a second one only on changed items', async () => {
    const outside = await clerk.inject({
      method: 'POST',
      url: `/api/window/applications/${appId}/supplement`,
      payload: {
        items: [
          { materialCode: 'safety_measures', reason: '缺少签章' },
          { materialCode: '营业执照副本', reason: '请提供' },
        ],
      },
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message.zh).toContain('营业执照副本');
    const notice = await clerk.inject({
      method: 'POST',
      url: `/api/window/applications/${appId}/supplement`,
      payload: {
        items: [
          { materialCode: 'safety_measures', reason: '缺少签章' },
          { materialCode: 'dangerous_works_list', reason: '清单不完整' },
        ],
      },
    });
    expect(notice.statusCode).toBe(200);
    const pdf = await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}/notices/${notice.json().notice}/pdf` });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.toString('latin1')).toMatch(/D:20260302020000Z/); // the creation date: issued at 10:00 Shanghai by the platform clock, not 1970
    const again = await clerk.inject({
      method: 'POST',
      url: `/api/window/applications/${appId}/supplement`,
      payload: { items: [{ materialCode: 'safety_measures', reason: '再次补正' }] },
    });
    expect(again.statusCode).toBe(409);
    // The clock stands still: two working days later the applicant supplements one item.
    await travel(new Date('2026-03-04T10:00:00+08:00'));
    expect((await upload(applicant, appId, 'safety_measures', Buffer.from('%PDF-1.7\n% signed and stamped\n'))).statusCode).toBe(201);
    const resubmitted = await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/submit`, payload: {} });
    expect(resubmitted.json()).toMatchObject({ receiptNo, queryCode: null });
    const a = (await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}` })).json();
    expect(a).toMatchObject({ status: 'submitted', pausedWorkdays: 2, intakeDue: '2026-03-11' });
    const unchanged = await clerk.inject({
      method: 'POST',
      url: `/api/window/applications/${appId}/supplement`,
      payload: { items: [{ materialCode: 'dangerous_works_list', reason: '仍不完整' }] },
    });
    expect(unchanged.statusCode).toBe(409);
    expect(unchanged.json().error.details).toMatchObject({ changed: ['safety_measures'], refused: ['dangerous_works_list'] });
  });

  it('accepts with a promised date; the process runs in the engine, each department sees only its part, with a working-day clock', async () => {
    const other = await applicant.inject({ method: 'POST', url: `/api/window/applications/${appId}/accept`, payload: {} });
    expect(other.statusCode).toBe(403);
    const res = await clerk.inject({ method: 'POST', url: `/api/window/applications/${appId}/accept`, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().promisedDate).toBe('2026-03-04'); // on the spot: 0 working days
    expect((await clerk.inject({ method: 'POST', url: `/api/window/applications/${appId}/accept`, payload: {} })).statusCode).toBe(409);
    const work = (await officer.inject({ method: 'GET', url: '/api/window/tasks' })).json();
    expect(work.items.length).toBeGreaterThan(0);
    expect(work.items.every((i: { applicationId: number }) => i.applicationId === appId)).toBe(true);
    expect(work.items[0].clock).toMatchObject({ level: 'green', limitWorkdays: 0.5 });
    const task = (await officer.inject({ method: 'GET', url: `/api/window/tasks/${work.items[0].taskId}` })).json();
    const keys = task.fields.map((f: { key: string }) => f.key);
    expect(keys).toContain('project_name');
    expect(keys).not.toContain('370883-JS-007:W05'); // the wage guarantee amount is the labour bureau's
    expect((await officerSjj.inject({ method: 'GET', url: `/api/window/tasks/${work.items[0].taskId}` })).statusCode).toBe(403);
  });

  it('completes the departments in parallel; the decision issues the result package, the delivery concludes', async () => {
    await travel(new Date('2026-03-04T11:00:00+08:00'));
    for (let round = 0; round < 20; round++) {
      let done = 0;
      for (const c of officers) {
        const items = (await c.inject({ method: 'GET', url: '/api/window/tasks' })).json().items as Array<{ taskId: string; elementId: string }>;
        for (const item of items.filter((i) => i.elementId !== 'Task_ResultPackage')) {
          const r = await c.inject({ method: 'POST', url: `/api/window/tasks/${item.taskId}/complete`, payload: { opinion: '同意' } });
          expect(r.statusCode).toBe(200);
          done++;
        }
      }
      if (done === 0) break;
    }
    const decided = (await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}` })).json();
    expect(decided.status).toBe('decided');
    expect(decided.results).toHaveLength(9);
    expect(decided.verifications.length).toBeGreaterThan(0);
    const pkg = (await clerk.inject({ method: 'GET', url: '/api/window/tasks' })).json().items.find((i: { elementId: string }) => i.elementId === 'Task_ResultPackage');
    const mailNoTracking = await clerk.inject({ method: 'POST', url: `/api/window/tasks/${pkg.taskId}/complete`, payload: { delivery: { method: 'mail' } } });
    expect(mailNoTracking.statusCode).toBe(422);
    expect((await clerk.inject({ method: 'POST', url: `/api/window/tasks/${pkg.taskId}/complete`, payload: { delivery: { method: 'electronic' } } })).json()).toEqual({
      applicationStatus: 'concluded',
    });
    const a = (await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}` })).json();
    expect(a).toMatchObject({ status: 'concluded', finished: true });
    const cert = a.results[0];
    const pdf = await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}/results/${cert.id}/pdf` });
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await applicant2.inject({ method: 'GET', url: `/api/window/applications/${appId}/results/${cert.id}/pdf` })).statusCode).toBe(403);
    const verified = await t.app.inject({ method: 'GET', url: `/api/public/verify/${cert.verificationCode}` });
    expect(verified.json()).toMatchObject({ typeName: cert.typeName, number: cert.number, status: 'valid', holderName: '邹城市示例建设有限公司' });
    const altered = cert.verificationCode.slice(0, 15) + (cert.verificationCode[15] === 'A' ? 'B' : 'A');
    expect((await t.app.inject({ method: 'GET', url: `/api/public/verify/${altered}` })).statusCode).toBe(404);
    const tracked = (await t.app.inject({ method: 'GET', url: `/api/public/track?receiptNo=${receiptNo}&queryCode=${queryCode}` })).json();
    expect(tracked).toMatchObject({ status: 'concluded', finished: true });
    expect(tracked.steps.map((s: { label: { zh: string } }) => s.label.zh)).toContain('已受理');
    const messages = (await applicant.inject({ method: 'GET', url: '/api/window/messages' })).json().items;
    expect(messages.map((m: { subject: string }) => m.subject)).toEqual(expect.arrayContaining(['申请已提交', '请补正材料（一次性告知）', '申请已受理', '已办结']));
    // The results issued, the outbox invites the applicant to rate the application (好差评) through a signed link.
    const invite = messages.find((m: { subject: string }) => m.subject === '请对本次服务作出评价');
    const token = /\/rate\?token=([\w.-]+)/.exec(invite.body)![1];
    expect((await t.app.inject({ method: 'GET', url: `/api/ratings/by-link?token=${token}` })).json()).toMatchObject({ name: '建筑工程施工许可一件事', rated: false });
    expect((await t.app.inject({ method: 'POST', url: '/api/ratings/by-link', payload: { token, level: 5 } })).statusCode).toBe(201);
    const rating = await t.store.db
      .selectFrom('ratings')
      .select(['occurrence_kind', 'occurrence_id', 'rater', 'channel', 'matter_code'])
      .where('occurrence_kind', '=', 'application')
      .executeTakeFirstOrThrow();
    expect(rating).toMatchObject({ occurrence_id: String(appId), rater: 'applicant', channel: 'notice_link' });
    // Results issued by Zaizao are in the certificate store for the next application.
    const store = await t.store.db.selectFrom('window_certificates').select(['source']).where('holder_id', '=', holder).execute();
    expect(store.filter((r) => r.source === 'zaizao')).toHaveLength(9);
  });

  it('revokes the results of a false commitment and records it in the holder’s credit record', async () => {
    const checks = (await officer.inject({ method: 'GET', url: '/api/window/verifications' })).json().items;
    expect(checks.length).toBeGreaterThan(0);
    const r = await officer.inject({
      method: 'POST',
      url: `/api/window/verifications/${checks[0].id}/close`,
      payload: { outcome: 'false_commitment', finding: '现场核查施工场地未具备施工条件' },
    });
    expect(r.json()).toEqual({ revoked: 9 });
    const a = (await applicant.inject({ method: 'GET', url: `/api/window/applications/${appId}` })).json();
    expect((await t.app.inject({ method: 'GET', url: `/api/public/verify/${a.results[0].verificationCode}` })).json().status).toBe('revoked');
    expect(await t.store.db.selectFrom('window_credit_records').select('holder_id').execute()).toEqual([{ holder_id: holder }]);
  });

  it('rejects on intake with reason and legal basis; the supervision board reads open work by department', async () => {
    const d = await applicant2.inject({
      method: 'POST',
      url: '/api/window/applications',
      payload: { serviceId, form: sampleForm(schema, { uscc: sampleCreditCode('91370883MA3C5XY02') }) },
    });
    const id2 = d.json().id;
    for (const code of [
      'safety_measures',
      'dangerous_works_list',
      'safety_production_licence',
      'construction_drawings',
      'name:招标投标情况书面报告',
      'name:评标委员会评标报告',
      'contractor_award_notice',
      'land_title',
      'construction_planning_permit',
    ]) {
      expect((await upload(applicant2, id2, code)).statusCode).toBe(201);
    }
    expect(
      (await applicant2.inject({ method: 'POST', url: `/api/window/applications/${id2}/submit`, payload: { commitment: { signedName: '吴磊', agreed: true } } })).statusCode,
    ).toBe(200);
    const noBasis = await clerk.inject({ method: 'POST', url: `/api/window/applications/${id2}/reject`, payload: { reason: '不属于本机关职权范围' } });
    expect(noBasis.statusCode).toBe(400);
    const rej = await clerk.inject({
      method: 'POST',
      url: `/api/window/applications/${id2}/reject`,
      payload: { reason: '申请事项依法不需要取得行政许可', legalBasis: '《中华人民共和国行政许可法》第三十二条第一款第（一）项' },
    });
    expect(rej.statusCode).toBe(200);
    expect((await applicant2.inject({ method: 'GET', url: `/api/window/applications/${id2}` })).json()).toMatchObject({ status: 'rejected', finished: true });
    const board = await reform.inject({ method: 'GET', url: '/api/window/supervision' });
    expect(board.statusCode).toBe(200);
    expect(board.json()).toMatchObject({ truncated: false });
    expect((await applicant.inject({ method: 'GET', url: '/api/window/supervision' })).statusCode).toBe(403);
  });

  it('issues the results when the window’s write after a decision was lost, on the next delivery attempt', async () => {
    const d = await applicant2.inject({
      method: 'POST',
      url: '/api/window/applications',
      payload: { serviceId, form: sampleForm(schema, { uscc: sampleCreditCode('91370883MA3C5XY03') }) },
    });
    const id3 = d.json().id;
    for (const code of [
      'safety_measures',
      'dangerous_works_list',
      'safety_production_licence',
      'construction_drawings',
      'name:招标投标情况书面报告',
      'name:评标委员会评标报告',
      'contractor_award_notice',
      'land_title',
      'construction_planning_permit',
    ])
      await upload(applicant2, id3, code);
    await applicant2.inject({ method: 'POST', url: `/api/window/applications/${id3}/submit`, payload: { commitment: { signedName: '吴磊', agreed: true } } });
    expect((await clerk.inject({ method: 'POST', url: `/api/window/applications/${id3}/accept`, payload: {} })).statusCode).toBe(200);
    const row = await t.store.db.selectFrom('window_applications').select('instance_id').where('id', '=', id3).executeTakeFirstOrThrow();
    const engine = new EngineStore(t.store.db, { now: () => clock });
    // The process runs to the joint decision through the engine alone: the window hears nothing.
    for (let i = 0; i < 30; i++) {
      const open = (await engine.openTasks(row.instance_id!)).filter((x) => x.elementId !== 'Task_ResultPackage');
      if (open.length === 0) break;
      for (const task of open) await engine.completeTask(task.id, { actor: { userId: 0, username: 'engine-only', role: 'admin' } });
    }
    expect((await applicant2.inject({ method: 'GET', url: `/api/window/applications/${id3}` })).json().status).toBe('accepted');
    const pkg = (await engine.openTasks(row.instance_id!)).find((x) => x.elementId === 'Task_ResultPackage')!;
    expect((await clerk.inject({ method: 'POST', url: `/api/window/tasks/${pkg.id}/complete`, payload: {} })).json()).toEqual({ applicationStatus: 'concluded' });
    const a = (await applicant2.inject({ method: 'GET', url: `/api/window/applications/${id3}` })).json();
    expect(a).toMatchObject({ status: 'concluded', finished: true });
    expect(a.results).toHaveLength(9);
  });

  it('pages application lists by key', async () => {
    const first = (await clerk.inject({ method: 'GET', url: '/api/window/applications?limit=1' })).json();
    expect(first.items).toHaveLength(1);
    expect(first.next).toBe(first.items[0].id);
    const second = (await clerk.inject({ method: 'GET', url: `/api/window/applications?limit=1&before=${first.next}` })).json();
    expect(second.items[0].id).toBeLessThan(first.items[0].id);
  });

  it('offers the applications’ history to process mining as a stored log, one case per application', async () => {
    const res = await reform.inject({ method: 'POST', url: '/api/mining/logs/window', payload: { name: '一窗受理申请记录' } });
    expect(res.statusCode, res.body).toBe(201);
    const info = res.json();
    expect(info).toMatchObject({ source: 'window', name: '一窗受理申请记录' });
    const applications = await count('window_applications');
    expect(info.cases).toBe(applications);
    const summary = (await reform.inject({ method: 'GET', url: `/api/mining/logs/${info.id}/summary` })).json();
    const names = (summary.activityStatistics as Array<{ activity: string }>).map((a) => a.activity);
    expect(names).toEqual(expect.arrayContaining(['申请已提交', '一次性告知补正', '已受理', '已作出决定', '已办结']));
    // The journey's application: submitted, supplemented once, accepted, decided, concluded — in that order.
    const journey = (summary.variants as Array<{ activities: string[] }>).map((v) =>
      v.activities.filter((a) => ['申请已提交', '一次性告知补正', '补正材料已提交', '已受理', '已作出决定', '已办结'].includes(a)),
    );
    expect(journey).toContainEqual(['申请已提交', '一次性告知补正', '补正材料已提交', '已受理', '已作出决定', '已办结']);
    expect((await reform.inject({ method: 'POST', url: '/api/mining/logs/window', payload: { name: 'x', serviceCode: 'NO-SUCH-SERVICE' } })).statusCode).toBe(422);
    expect((await applicant.inject({ method: 'POST', url: '/api/mining/logs/window', payload: { name: 'x' } })).statusCode).toBe(403);
  });

  it('keeps the audit trail whole', async () => {
    expect((await verifyAuditTrail(t.store.db)).ok).toBe(true);
  });
});
