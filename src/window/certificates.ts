// The certificate store (电子证照库): every result Zaizao issues, plus certificates of other
// systems loaded by an import, keyed by the holder's credit code or ID number, with metadata
// in the manner of GB/T 36901–36906 (type, number, holder, issuer, issue date, validity,
// source). The window fetches shared materials from it; the public verifies results by code.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import { isValidCreditCode, isValidIdNumber } from './identity.js';
import { WindowError, type ServiceMaterial } from './model.js';
import { VERIFICATION_CODE_PATTERN } from './codes.js';
import type { Db, WindowCertificatesTable } from './store.js';

export interface CertificateRecord {
  id: number;
  holderId: string;
  holderName: string;
  typeCode: string;
  typeName: string;
  number: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  source: 'zaizao' | 'import';
  sourceSystem: string;
  applicationId: number | null;
  status: 'valid' | 'revoked';
  /** Printed on the result with its QR code; shown to those who may see the application. */
  verificationCode: string | null;
}

export function certificateRecord(r: import('kysely').Selectable<WindowCertificatesTable>): CertificateRecord {
  return {
    id: Number(r.id),
    holderId: r.holder_id,
    holderName: r.holder_name,
    typeCode: r.type_code,
    typeName: r.type_name,
    number: r.number,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    source: r.source,
    sourceSystem: r.source_system,
    applicationId: r.application_id === null ? null : Number(r.application_id),
    status: r.status,
    verificationCode: r.verification_code,
  };
}

/** The type code a material is kept under in the store: its canonical id, else its name. */
export const typeCodeOf = (m: Pick<ServiceMaterial, 'code' | 'name'>): string => (m.code.startsWith('name:') ? m.name : m.code);

/**
 * The valid certificates of a holder that stand for the shared materials of a service, by
 * material code (the newest of each type, unexpired on `today`).
 */
export async function sharedCertificates(db: Db, holderId: string, materials: readonly ServiceMaterial[], today: string): Promise<Map<string, CertificateRecord>> {
  const shared = materials.filter((m) => m.handling === 'shared');
  const out = new Map<string, CertificateRecord>();
  if (shared.length === 0) return out;
  const rows = await db
    .selectFrom('window_certificates')
    .selectAll()
    .where('holder_id', '=', holderId)
    .where('type_code', 'in', shared.map(typeCodeOf))
    .where('status', '=', 'valid')
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .orderBy('issued_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const m of shared) {
    const r = rows.find((x) => x.type_code === typeCodeOf(m));
    if (r) out.set(m.code, certificateRecord(r));
  }
  return out;
}

export interface ImportRow {
  holderId: string;
  holderName: string;
  typeCode: string;
  typeName: string;
  number: string;
  issuer: string;
  issuedOn: string;
  validUntil?: string | null;
  sourceSystem: string;
}

export const IMPORT_LIMIT = 10_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks every row; all problems at once, each with its row number and field. */
export function checkImport(rows: readonly ImportRow[]): Array<{ row: number; field: string; message: { zh: string; en: string } }> {
  const problems: Array<{ row: number; field: string; message: { zh: string; en: string } }> = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const row = i + 1;
    const bad = (field: string, zh: string, en: string) => problems.push({ row, field, message: { zh: `第 ${row} 行 ${field}：${zh}`, en: `row ${row}, ${field}: ${en}` } });
    if (!isValidCreditCode(r.holderId) && !isValidIdNumber(r.holderId)) bad('holderId', '不是有效的统一社会信用代码或身份证号码', 'is not a valid credit code or ID number');
    for (const f of ['holderName', 'typeCode', 'typeName', 'number', 'issuer', 'sourceSystem'] as const) if (!r[f]?.trim()) bad(f, '不能为空', 'must not be empty');
    if (!DATE.test(r.issuedOn)) bad('issuedOn', '应为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
    if (r.validUntil && !DATE.test(r.validUntil)) bad('validUntil', '应为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
    const key = `${r.typeCode}|${r.number}`;
    if (seen.has(key)) bad('number', '与前面的行重复', 'repeats an earlier row');
    seen.add(key);
  });
  return problems;
}

/** Loads certificates of other systems, all or nothing; an existing (type, number) is replaced. */
export async function importCertificates(db: Db, actor: Actor, regionCode: string, rows: readonly ImportRow[]): Promise<{ imported: number }> {
  if (actor.role !== 'admin') throw new WindowError('forbidden', { zh: '只有系统管理员可以导入电子证照', en: 'only administrators import certificates' });
  if (!regionVisible(actor, regionCode)) throw new WindowError('forbidden', { zh: `区划 ${regionCode} 不在您的管辖范围内`, en: `region ${regionCode} is outside your scope` });
  if (rows.length > IMPORT_LIMIT) throw new WindowError('invalid', { zh: `一次最多导入 ${IMPORT_LIMIT} 条`, en: `at most ${IMPORT_LIMIT} rows at once` });
  const problems = checkImport(rows);
  if (problems.length)
    throw new WindowError(
      'invalid',
      {
        zh: `电子证照导入被拒绝：${problems[0].message.zh}${problems.length > 1 ? ` 等 ${problems.length} 处` : ''}`,
        en: `certificate import refused: ${problems[0].message.en}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''}`,
      },
      { problems },
    );
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      const values = {
        region_code: regionCode,
        holder_id: r.holderId,
        holder_name: r.holderName,
        type_code: r.typeCode,
        type_name: r.typeName,
        number: r.number,
        issuer: r.issuer,
        issued_on: r.issuedOn,
        valid_until: r.validUntil ?? null,
        source: 'import' as const,
        source_system: r.sourceSystem,
        data: '{}',
      };
      await trx
        .insertInto('window_certificates')
        .values(values as never)
        .onConflict((oc) =>
          oc.columns(['type_code', 'number']).doUpdateSet({
            holder_id: r.holderId,
            holder_name: r.holderName,
            type_name: r.typeName,
            issuer: r.issuer,
            issued_on: r.issuedOn,
            valid_until: r.validUntil ?? null,
            source_system: r.sourceSystem,
          } as never),
        )
        .execute();
    }
    await recordAudit(trx, {
      actor,
      action: 'window.certificates.import',
      entity: 'window_certificate',
      regionCode,
      after: { rows: rows.length, sourceSystems: [...new Set(rows.map((r) => r.sourceSystem))] },
    });
  });
  return { imported: rows.length };
}

export interface VerifiedCertificate {
  typeName: string;
  number: string;
  /** The holder's name; a person's is masked (a verification page is public). */
  holderName: string;
  issuer: string;
  issuedOn: string;
  validUntil: string | null;
  status: 'valid' | 'revoked';
  serviceName: string | null;
  contentSha256: string | null;
}

const mask = (name: string) => (name.length <= 1 ? name : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 3))}`);

/** What a verification code certifies; null for an unknown or altered code. */
export async function verifyCertificate(db: Db, code: string): Promise<VerifiedCertificate | null> {
  const c = code.trim().toUpperCase();
  if (!VERIFICATION_CODE_PATTERN.test(c)) return null;
  const r = await db
    .selectFrom('window_certificates as c')
    .leftJoin('window_applications as a', 'a.id', 'c.application_id')
    .select([
      'c.type_name',
      'c.number',
      'c.holder_name',
      'c.holder_id',
      'c.issuer',
      'c.issued_on',
      'c.valid_until',
      'c.status',
      'c.content_sha256',
      'a.service_name',
      'a.holder_kind',
    ])
    .where('c.verification_code', '=', c)
    .executeTakeFirst();
  if (!r) return null;
  return {
    typeName: r.type_name,
    number: r.number,
    holderName: r.holder_kind === 'enterprise' ? r.holder_name : mask(r.holder_name),
    issuer: r.issuer,
    issuedOn: r.issued_on,
    validUntil: r.valid_until,
    status: r.status,
    serviceName: r.service_name,
    contentSha256: r.content_sha256,
  };
}
