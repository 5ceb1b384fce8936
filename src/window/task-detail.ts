// One task of an application as its department sees it: the form sections and materials that
// department needs (shared materials with where they came from) and the task's clock.
import type { Actor } from '../org/model.js';
import { outOfScopeMessage, regionVisible } from '../org/scope.js';
import { WindowError } from './model.js';
import { departmentView } from './service.js';
import { loadService, type PublishedService } from './services.js';
import { iso, json, type Db, type WindowContext } from './store.js';
import { clockOf, clockView, offeredTo } from './worklist.js';

/** A task the caller may work on, with its application; 404 otherwise. */
export async function loadTask(ctx: WindowContext, actor: Actor, taskId: string) {
  const { departments, roles } = await offeredTo(ctx.db, actor);
  const t = await ctx.db.selectFrom('engine_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!t) throw new WindowError('not_found', { zh: `未找到待办 ${taskId}`, en: `task ${taskId} not found` });
  const outside = new WindowError('forbidden', outOfScopeMessage({ zh: '待办', en: 'task' }, taskId));
  if (!regionVisible(actor, t.region_code)) throw outside;
  const c = json<{ departments?: string[]; roles?: string[] }>(t.candidates);
  const mine = (c.departments ?? []).some((d) => departments.includes(d)) || (c.roles ?? []).some((r) => roles.includes(r)) || t.assignee === actor.username;
  if (!mine) throw outside;
  const app = await ctx.db.selectFrom('window_applications').selectAll().where('instance_id', '=', t.instance_id).executeTakeFirst();
  if (!app) throw new WindowError('not_found', { zh: `未找到待办 ${taskId} 的申请`, en: `no application for task ${taskId}` });
  return { task: t, app, department: departments[0] ?? null };
}

/** A task as its department sees it: only the form sections and materials it needs. */
export async function taskDetail(ctx: WindowContext, actor: Actor, taskId: string) {
  const { task, app, department } = await loadTask(ctx, actor, taskId);
  const service = await loadService(ctx.db, Number(app.bundle_id), app.bundle_version);
  const lead = department === null || department === service.leadDepartmentCode;
  const view = departmentView(service.draft, lead ? null : department);
  const form = json<Record<string, unknown>>(app.form);
  const fields = service.draft.form.fields.filter((f) => view.fields.includes(f.key)).map((f) => ({ key: f.key, label: f.label, value: form[f.key] ?? null }));
  const materials = await applicationMaterials(ctx.db, Number(app.id), service, new Set(view.materials));
  const { clock, matterName } = clockOf(
    ctx,
    service,
    { element_id: task.element_id, created_at: task.created_at, accepted_at: app.accepted_at, promised_date: app.promised_date, handling_pauses: app.handling_pauses },
    ctx.now(),
  );
  return {
    taskId: task.id,
    name: task.name ?? task.element_id,
    elementId: task.element_id,
    status: task.status,
    matterName,
    clock: clockView(clock),
    application: {
      id: Number(app.id),
      receiptNo: app.receipt_no,
      serviceName: app.service_name,
      holderName: app.holder_name,
      holderId: app.holder_id,
      promisedDate: app.promised_date,
    },
    fields,
    materials,
  };
}

/** The materials of an application (optionally only some), shared ones with their certificate's provenance. */
export async function applicationMaterials(db: Db, applicationId: number, service: PublishedService, only?: ReadonlySet<string>) {
  const rows = await db
    .selectFrom('window_application_materials as m')
    .leftJoin('window_certificates as c', 'c.id', 'm.certificate_id')
    .select([
      'm.material_code',
      'm.source',
      'm.sha256',
      'm.file_name',
      'm.media_type',
      'm.size',
      'm.round',
      'm.uploaded_by',
      'm.uploaded_at',
      'c.id as cert_id',
      'c.number as cert_number',
      'c.issuer as cert_issuer',
      'c.source_system as cert_system',
      'c.issued_on as cert_issued',
    ])
    .where('m.application_id', '=', applicationId)
    .orderBy('m.material_code')
    .execute();
  return rows
    .filter((r) => !only || only.has(r.material_code))
    .map((r) => ({
      code: r.material_code,
      name: service.materials.find((m) => m.code === r.material_code)?.name ?? r.material_code,
      source: r.source,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: r.size,
      sha256: r.sha256,
      round: r.round,
      uploadedBy: r.uploaded_by,
      uploadedAt: iso(r.uploaded_at)!,
      ...(r.cert_id !== null
        ? { certificate: { id: Number(r.cert_id), number: r.cert_number!, issuer: r.cert_issuer!, sourceSystem: r.cert_system!, issuedOn: r.cert_issued! } }
        : {}),
    }));
}
