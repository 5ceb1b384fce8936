// The result package of a joint decision: every licence and certificate at once, each a
// stored PDF with a verification code, and the post-decision checks it opens.
import { shanghaiDate } from '../calendar/index.js';
import { newVerificationCode } from './codes.js';
import { sha256Hex } from './files.js';
import { renderCertificatePdf } from './print.js';
import { type PublishedService } from './services.js';
import { keepFiles, type ApplicationRow, type Db, type WindowContext } from './store.js';

/** Working days a department has for a post-decision check (事中事后核查). */
export const VERIFICATION_WORKDAYS = 20;

/** Base of the public verification page printed on results (`ZAIZAO_PUBLIC_URL`). */
export const publicBaseUrl = (env: NodeJS.ProcessEnv = process.env) => (env.ZAIZAO_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '');

export interface PreparedResults {
  today: string;
  verificationDue: string;
  certificates: Array<{ typeName: string; number: string; issuer: string; matterCode: string; code: string; pdf: Buffer; sha256: string }>;
  checks: PublishedService['materials'];
}

/** The result package as it will be issued: numbers, codes, printed PDFs, the checks' due date. */
export async function prepareResults(ctx: WindowContext, row: ApplicationRow, service: PublishedService, now: Date): Promise<PreparedResults> {
  const today = shanghaiDate(now);
  const verificationDue = ctx.calendar.addWorkdays(today, VERIFICATION_WORKDAYS);
  const departments = await ctx.db
    .selectFrom('departments')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(service.draft.resultPackage.map((r) => r.departmentCode))])
    .execute();
  const certificates: PreparedResults['certificates'] = [];
  for (const [i, r] of service.draft.resultPackage.entries()) {
    const code = newVerificationCode();
    const number = `${row.receipt_no}-${String(i + 1).padStart(2, '0')}`;
    const issuer = departments.find((d) => d.code === r.departmentCode)?.name ?? r.departmentCode;
    const pdf = await renderCertificatePdf({
      typeName: r.result,
      number,
      holderName: row.holder_name,
      holderId: row.holder_id,
      issuer,
      issuedOn: today,
      issuedAt: now,
      serviceName: row.service_name,
      receiptNo: row.receipt_no ?? '',
      verificationCode: code,
      verifyUrl: `${publicBaseUrl()}/verify/${code}`,
    });
    certificates.push({ typeName: r.result, number, issuer, matterCode: r.matterCode, code, pdf, sha256: sha256Hex(pdf) });
  }
  // 事中事后核查: every commitment, and every material received now to be checked afterwards.
  const checks = service.materials.filter((x) => (x.handling === 'commitment' || x.checkedAfterDecision) && x.checkDepartment);
  return { today, verificationDue, certificates, checks };
}

/** The results' PDFs, kept before the decision's transaction (see keepFiles). */
export const keepResultFiles = (ctx: WindowContext, p: PreparedResults) =>
  keepFiles(
    ctx.db,
    p.certificates.map((c) => ({ sha256: c.sha256, mediaType: 'application/pdf', bytes: c.pdf })),
  );

/** Issues every result of the package at once, into the certificate store, and opens the post-decision checks. */
export async function issueResults(trx: Db, row: ApplicationRow, p: PreparedResults): Promise<Array<{ typeName: string; number: string }>> {
  if (p.certificates.length)
    await trx
      .insertInto('window_certificates')
      .values(
        p.certificates.map((c) => ({
          region_code: row.region_code,
          holder_id: row.holder_id,
          holder_name: row.holder_name,
          type_code: c.typeName,
          type_name: c.typeName,
          number: c.number,
          issuer: c.issuer,
          issued_on: p.today,
          valid_until: null,
          source: 'zaizao',
          source_system: 'zaizao',
          application_id: row.id,
          verification_code: c.code,
          content_sha256: c.sha256,
          data: JSON.stringify({ matterCode: c.matterCode }),
        })) as never,
      )
      .execute();
  if (p.checks.length)
    await trx
      .insertInto('window_verifications')
      .values(
        p.checks.map((m) => ({
          application_id: row.id,
          region_code: row.region_code,
          material_code: m.code,
          material_name: m.name,
          kind: m.handling === 'commitment' ? 'commitment' : 'checked_after_decision',
          department_code: m.checkDepartment!,
          due_date: p.verificationDue,
        })) as never,
      )
      .onConflict((oc) => oc.columns(['application_id', 'material_code']).doNothing())
      .execute();
  return p.certificates.map((c) => ({ typeName: c.typeName, number: c.number }));
}
