// The applicant's commands: a draft with the service's form, materials, and submission with
// the signed commitment letter. A window clerk may do the same at the counter on the
// applicant's behalf (scanned materials). Each command is one transaction with its audit
// row; bad input changes nothing.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { isApplicant, regionVisible } from '../org/scope.js';
import { shanghaiDate } from '../calendar/index.js';
import { hashCode, newQueryCode, receiptNo } from './codes.js';
import { intakeDue, pausedWorkdays } from './clock.js';
import { answerHandlingSupplement } from './handling.js';
import { openHandlingSupplement } from './handling-supplement.js';
import { sharedCertificates } from './certificates.js';
import { checkFileContent, maxFileBytes, sha256HexOffLoop } from './files.js';
import { checkForm, type FormSchema } from './form.js';
import { isValidCreditCode, isValidIdNumber } from './identity.js';
import { WindowError, type DeferredItem, type DeliveryMethod, type Holder, type ServiceMaterial } from './model.js';
import { loadService, type PublishedService } from './services.js';
import { assertStatus, iso, json, keepFiles, loadApplication, logEvent, logEvents, notify, type ApplicationRow, type WindowContext } from './store.js';
import { sha256Hex } from './files.js';

export interface CreateApplicationInput {
  serviceId: number;
  form: Record<string, unknown>;
  /** Who the application is for; default from the form (credit code and unit name), else the applicant. */
  holder?: Holder;
}

function formProblemsError(problems: ReturnType<typeof checkForm>) {
  return new WindowError(
    'invalid',
    { zh: `申请表未通过校验：${problems.map((p) => p.message.zh).join('；')}`, en: `the form does not pass: ${problems.map((p) => p.message.en).join('; ')}` },
    { problems },
  );
}

/** The holder: given, else the enterprise the form names (credit code + unit name). */
function holderOf(input: CreateApplicationInput, actor: Actor): Holder {
  const h = input.holder ?? (typeof input.form.uscc === 'string' ? { kind: 'enterprise' as const, id: input.form.uscc, name: String(input.form.applicant_name ?? '') } : null);
  if (!h)
    throw new WindowError(
      'invalid',
      { zh: '请说明申请主体（统一社会信用代码或身份证号码）', en: 'say who the application is for (credit code or ID number)' },
      { problems: [{ field: 'holder' }] },
    );
  if (h.kind === 'enterprise' && !isValidCreditCode(h.id))
    throw new WindowError(
      'invalid',
      { zh: `统一社会信用代码 ${h.id} 校验不通过（GB 32100）`, en: `unified social credit code ${h.id} fails its check (GB 32100)` },
      { problems: [{ field: 'holder.id' }] },
    );
  if (h.kind === 'person' && !isValidIdNumber(h.id))
    throw new WindowError(
      'invalid',
      { zh: `身份证号码 ${h.id} 校验不通过（GB 11643）`, en: `ID number ${h.id} fails its check (GB 11643)` },
      { problems: [{ field: 'holder.id' }] },
    );
  const name = h.name.trim() || actor.displayName;
  return { kind: h.kind, id: h.id, name: name.slice(0, 200) };
}

function assertMayApply(actor: Actor, service: PublishedService): 'online' | 'counter' {
  if (isApplicant(actor)) {
    if (!actor.regionCode.startsWith(service.regionCode)) throw new WindowError('forbidden', { zh: '该服务不在您所在区划办理', en: 'this service is not offered in your region' });
    return 'online';
  }
  if (actor.role === 'window_clerk' || actor.role === 'admin') {
    if (!regionVisible(actor, service.regionCode)) throw new WindowError('forbidden', { zh: '该服务不属于您的区划', en: 'this service belongs to another region' });
    return 'counter';
  }
  throw new WindowError('forbidden', { zh: '只有申请人和窗口受理人员可以提出申请', en: 'only applicants and window clerks make applications' });
}

/** A draft application for a published service. The form is checked for types now, for completeness on submission. */
export async function createApplication(ctx: WindowContext, actor: Actor, input: CreateApplicationInput): Promise<{ id: number }> {
  const service = await loadService(ctx.db, input.serviceId);
  const channel = assertMayApply(actor, service);
  const problems = checkForm(service.draft.form.schema as FormSchema, input.form).filter((p) => p.message.en !== `${p.field}: is required`);
  if (problems.length) throw formProblemsError(problems);
  const holder = holderOf(input, actor);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('window_applications')
      .values({
        region_code: service.regionCode,
        bundle_id: service.bundleId,
        bundle_version: service.version,
        service_code: service.serviceCode,
        service_name: service.name,
        departments: JSON.stringify(service.departments),
        applicant_id: channel === 'online' ? actor.userId : 0,
        applicant_name: channel === 'online' ? actor.displayName : holder.name,
        holder_kind: holder.kind,
        holder_id: holder.id,
        holder_name: holder.name,
        form: JSON.stringify(input.form),
        status: 'draft',
        channel,
        created_at: now,
        updated_at: now,
      } as never)
      .returning(['id', 'region_code'])
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await logEvent(trx, { id, region_code: row.region_code }, 'application.created', now, actor, { serviceCode: service.serviceCode, channel });
    await recordAudit(trx, {
      actor,
      action: 'window.application.create',
      entity: 'window_application',
      entityId: id,
      regionCode: row.region_code,
      after: { serviceCode: service.serviceCode, version: service.version, channel, holder: { kind: holder.kind, id: holder.id } },
    });
    return { id };
  });
}

/** Replaces the form of a draft or of an application awaiting a supplement. */
export async function updateForm(ctx: WindowContext, actor: Actor, id: number, form: Record<string, unknown>): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await loadApplication(trx, actor, id, { forUpdate: true });
    assertOwnerOrCounter(actor, row);
    assertStatus(row, ['draft', 'supplementing'], { zh: '修改申请表', en: 'change the form' });
    const service = await loadService(trx, Number(row.bundle_id), row.bundle_version);
    const problems = checkForm(service.draft.form.schema as FormSchema, form).filter((p) => p.message.en !== `${p.field}: is required`);
    if (problems.length) throw formProblemsError(problems);
    await trx
      .updateTable('window_applications')
      .set({ form: JSON.stringify(form), updated_at: ctx.now() } as never)
      .where('id', '=', id)
      .execute();
    await logEvent(trx, row, 'form.updated', ctx.now(), actor, { round: row.supplement_rounds });
    await recordAudit(trx, {
      actor,
      action: 'window.application.form',
      entity: 'window_application',
      entityId: id,
      regionCode: row.region_code,
      after: { fields: Object.keys(form).length, round: row.supplement_rounds },
    });
  });
}

function assertOwnerOrCounter(actor: Actor, row: ApplicationRow): void {
  if (isApplicant(actor)) return; // loadApplication already limited them to their own
  if ((actor.role === 'window_clerk' || actor.role === 'admin') && regionVisible(actor, row.region_code)) return;
  throw new WindowError('forbidden', { zh: '只有申请人本人或窗口受理人员可以修改申请', en: 'only the applicant or a window clerk may change an application' });
}

/**
 * The materials an application must hand in: the service's `submit` materials, and its
 * `shared` ones the certificate store does not hold for this holder (asked for once, as a
 * normal material). `obtained`: shared materials found in the store.
 */
export async function materialsToHandIn(ctx: WindowContext, service: PublishedService, holderId: string) {
  const found = await sharedCertificates(ctx.db, holderId, service.materials, shanghaiDate(ctx.now()));
  const handIn: ServiceMaterial[] = service.materials.filter((m) => m.handling === 'submit' || (m.handling === 'shared' && !found.has(m.code)));
  return { handIn, obtained: found };
}

/** Adds or replaces one material's file. Its type is told by its content; the bytes are kept once. */
export async function addMaterial(
  ctx: WindowContext,
  actor: Actor,
  id: number,
  materialCode: string,
  fileName: string,
  bytes: Uint8Array,
  limit = maxFileBytes(),
): Promise<{ sha256: string; mediaType: string; size: number }> {
  const row = await loadApplication(ctx.db, actor, id);
  assertOwnerOrCounter(actor, row);
  // After acceptance only the materials deferred on acceptance (容缺) are still handed in.
  const deferredOpen = (r: ApplicationRow) =>
    ['accepted', 'decided'].includes(r.status) ? json<DeferredItem[]>(r.deferred).some((d) => d.materialCode === materialCode && !d.suppliedAt) : false;
  // A supplement asked during handling: the items it names.
  const askedNow = (r: ApplicationRow) => openHandlingSupplement(r)?.items.some((i) => i.materialCode === materialCode) ?? false;
  const allowed = (r: ApplicationRow) => deferredOpen(r) || askedNow(r) || ['draft', 'supplementing', ...(isApplicant(actor) ? [] : ['submitted'])].includes(r.status);
  if (!allowed(row)) assertStatus(row, [], { zh: `提交材料 ${materialCode}`, en: `add material ${materialCode}` });
  const service = await loadService(ctx.db, Number(row.bundle_id), row.bundle_version);
  const material = service.materials.find((m) => m.code === materialCode);
  if (!material)
    throw new WindowError(
      'invalid',
      { zh: `材料 ${materialCode} 不在本服务公布的材料清单中`, en: `material ${materialCode} is not on the service’s published list` },
      { materialCode },
    );
  if (material.handling === 'commitment')
    throw new WindowError(
      'invalid',
      { zh: `材料「${material.name}」已由告知承诺书替代，无需提交`, en: `material “${material.name}” is replaced by the commitment letter; do not hand it in` },
      { materialCode },
    );
  if (material.handling === 'shared') {
    const { obtained } = await materialsToHandIn(ctx, service, row.holder_id);
    if (obtained.has(materialCode))
      throw new WindowError(
        'invalid',
        { zh: `材料「${material.name}」通过数据共享获取，无需提交`, en: `material “${material.name}” is obtained by data sharing; do not upload it` },
        { materialCode },
      );
  }
  const file = { ...checkFileContent(materialCode, bytes, limit), sha256: await sha256HexOffLoop(bytes) };
  // The bytes first, on their own; then the application's small rows, all or nothing.
  await keepFiles(ctx.db, [{ sha256: file.sha256, mediaType: file.mediaType, bytes }]);
  const now = ctx.now();
  const source = isApplicant(actor) ? 'upload' : 'counter';
  const name = fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200) || `${materialCode}`;
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await loadApplication(trx, actor, id, { forUpdate: true });
    if (!allowed(locked)) assertStatus(locked, [], { zh: `提交材料 ${materialCode}`, en: `add material ${materialCode}` });
    if (deferredOpen(locked)) {
      const deferred = json<DeferredItem[]>(locked.deferred).map((d) => (d.materialCode === materialCode ? { ...d, suppliedAt: iso(now) } : d));
      await trx
        .updateTable('window_applications')
        .set({ deferred: JSON.stringify(deferred), updated_at: now } as never)
        .where('id', '=', id)
        .execute();
      await logEvent(trx, row, 'deferred.supplied', now, actor, { materialCode });
    }
    const values = {
      application_id: id,
      material_code: materialCode,
      region_code: row.region_code,
      source,
      sha256: file.sha256,
      certificate_id: null,
      file_name: name,
      media_type: file.mediaType,
      size: file.size,
      round: locked.supplement_rounds,
      uploaded_by: actor.username,
      uploaded_at: now,
    };
    await trx
      .insertInto('window_application_materials')
      .values(values as never)
      .onConflict((oc) =>
        oc.columns(['application_id', 'material_code']).doUpdateSet({
          source,
          sha256: file.sha256,
          file_name: name,
          media_type: file.mediaType,
          size: file.size,
          round: locked.supplement_rounds,
          uploaded_by: actor.username,
          uploaded_at: now,
        } as never),
      )
      .execute();
    await logEvent(trx, row, 'material.added', now, actor, { materialCode, sha256: file.sha256, size: file.size, round: locked.supplement_rounds });
    await recordAudit(trx, {
      actor,
      action: 'window.material.add',
      entity: 'window_application',
      entityId: id,
      regionCode: row.region_code,
      after: { materialCode, sha256: file.sha256, mediaType: file.mediaType, size: file.size, source },
    });
  });
  return { sha256: file.sha256, mediaType: file.mediaType, size: file.size };
}

export interface SubmitInput {
  commitment?: { signedName: string; agreed: boolean };
  delivery?: { method: DeliveryMethod; address?: string };
}

/**
 * Submits (or, after a supplement notice, resubmits) an application: the form must pass the
 * schema, every material to hand in must be there, and the commitment letter — shown in
 * full — signed with a typed name and consent, kept in the audit trail with its time.
 */
export async function submitApplication(
  ctx: WindowContext,
  actor: Actor,
  id: number,
  input: SubmitInput,
): Promise<{ receiptNo: string; queryCode: string | null; status: 'submitted' | 'accepted'; promisedDate?: string }> {
  const row0 = await loadApplication(ctx.db, actor, id);
  assertOwnerOrCounter(actor, row0);
  // Resubmitting after a supplement asked during handling: the clock resumes (handling.ts).
  if (openHandlingSupplement(row0)) {
    const answered = await answerHandlingSupplement(ctx, actor, id);
    return { receiptNo: answered.receiptNo, queryCode: null, status: 'accepted', promisedDate: answered.promisedDate };
  }
  assertStatus(row0, ['draft', 'supplementing'], { zh: '提交', en: 'submit it' });
  const service = await loadService(ctx.db, Number(row0.bundle_id), row0.bundle_version);
  const form = (typeof row0.form === 'string' ? JSON.parse(row0.form) : row0.form) as Record<string, unknown>;
  const problems = checkForm(service.draft.form.schema as FormSchema, form);
  if (problems.length) throw formProblemsError(problems);
  const { handIn, obtained } = await materialsToHandIn(ctx, service, row0.holder_id);
  const present = new Set((await ctx.db.selectFrom('window_application_materials').select('material_code').where('application_id', '=', id).execute()).map((m) => m.material_code));
  const missing = handIn.filter((m) => m.required && !present.has(m.code));
  if (missing.length) {
    throw new WindowError(
      'invalid',
      { zh: `缺少材料：${missing.map((m) => m.name).join('、')}`, en: `materials missing: ${missing.map((m) => m.code).join(', ')}` },
      { missing: missing.map((m) => ({ materialCode: m.code, name: m.name })) },
    );
  }
  const letter = service.draft.letter;
  const needsLetter = letter.commitments.length > 0;
  const now = ctx.now();
  let signature: Record<string, unknown> | null = null;
  if (needsLetter && row0.status === 'draft') {
    const c = input.commitment;
    if (!c || c.agreed !== true || !c.signedName.trim())
      throw new WindowError(
        'invalid',
        { zh: '请阅读告知承诺书全文，填写签署人姓名并勾选同意', en: 'read the whole commitment letter, type your name and agree' },
        { problems: [{ field: 'commitment' }] },
      );
    signature = {
      signedName: c.signedName.trim().slice(0, 100),
      agreed: true,
      letterTitle: letter.title,
      letterSha256: sha256Hex(Buffer.from(JSON.stringify(letter))),
      commitments: letter.commitments.map((x) => x.materialKey),
      signedAt: iso(now),
    };
  }
  const queryCode = row0.status === 'draft' ? newQueryCode() : null;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await loadApplication(trx, actor, id, { forUpdate: true });
    assertStatus(row, ['draft', 'supplementing'], { zh: '提交', en: 'submit it' });
    const receipt = row.receipt_no ?? receiptNo(row.region_code, shanghaiDate(now), Number(row.id));
    const paused = row.paused_since ? row.paused_workdays + pausedWorkdays(ctx.calendar, row.paused_since, now) : row.paused_workdays;
    const submittedAt = row.submitted_at ?? now;
    await trx
      .updateTable('window_applications')
      .set({
        status: 'submitted',
        receipt_no: receipt,
        ...(queryCode ? { query_code_hash: hashCode(queryCode) } : {}),
        ...(signature ? { commitment: JSON.stringify(signature) } : {}),
        ...(input.delivery ? { delivery: JSON.stringify({ method: input.delivery.method, address: input.delivery.address?.slice(0, 300) ?? null }) } : {}),
        submitted_at: submittedAt,
        paused_workdays: paused,
        paused_since: null,
        intake_due: intakeDue(ctx.calendar, submittedAt, paused),
        updated_at: now,
      } as never)
      .where('id', '=', id)
      .execute();
    // Shared materials: recorded with the certificate they came from, for the officers who need them.
    if (obtained.size)
      await trx
        .insertInto('window_application_materials')
        .values(
          [...obtained].map(([code, cert]) => ({
            application_id: id,
            material_code: code,
            region_code: row.region_code,
            source: 'shared',
            sha256: null,
            certificate_id: cert.id,
            file_name: '',
            media_type: '',
            size: 0,
            round: row.supplement_rounds,
            uploaded_by: 'system',
            uploaded_at: now,
          })) as never,
        )
        .onConflict((oc) => oc.columns(['application_id', 'material_code']).doNothing())
        .execute();
    const type = row.status === 'draft' ? 'application.submitted' : 'application.resubmitted';
    await logEvents(trx, row, now, actor, [
      { type, data: { receiptNo: receipt, pausedWorkdays: paused, obtainedBySharing: [...obtained.keys()] } },
      ...(signature ? [{ type: 'commitment.signed', data: signature }] : []),
    ]);
    await recordAudit(trx, {
      actor,
      action: row.status === 'draft' ? 'window.application.submit' : 'window.application.resubmit',
      entity: 'window_application',
      entityId: id,
      regionCode: row.region_code,
      before: { status: row.status },
      after: {
        status: 'submitted',
        receiptNo: receipt,
        commitment: signature,
        obtainedBySharing: [...obtained.values()].map((c) => ({ type: c.typeCode, number: c.number, source: c.sourceSystem })),
      },
    });
    await notify(trx, row, row.status === 'draft' ? '申请已提交' : '补正材料已提交', `您的申请「${row.service_name}」已提交，受理编号 ${receipt}。`, now);
    return receipt;
  });
  return { receiptNo: result, queryCode, status: 'submitted' };
}
