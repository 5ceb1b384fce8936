// County-scale data for bench/window.ts: N applications cloned in SQL from one real
// application that went through the API (submitted, accepted, its process started), so every
// row has the shape the code writes. Most clones are concluded (their tasks completed, their
// instance completed); one in `openEvery` is still at the departments, with its open tasks
// and tokens — live work the officers' worklists show and the officers complete. Clones are
// older than anything the benchmark writes. The engine's history and the audit trail are
// not cloned (neither is read by the requests measured).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/store/schema.js';

export interface SeedFigures {
  applications: number;
  openApplications: number;
  tasks: number;
  events: number;
  ms: number;
}

/** Clones the accepted application `templateId` n times (in batches, so PGlite's memory stays small). */
export async function seedApplications(db: Kysely<Database>, templateId: number, n: number, openEvery = 50): Promise<SeedFigures> {
  const t0 = performance.now();
  const tpl = await db.selectFrom('window_applications').select(['instance_id']).where('id', '=', templateId).executeTakeFirstOrThrow();
  if (!tpl.instance_id) throw new Error(`application ${templateId} has no process instance: accept it first`);
  const inst = tpl.instance_id;
  const base = Number((await sql<{ m: number }>`select coalesce(max(id), 0) as m from window_applications`.execute(db)).rows[0].m);
  const batch = 10_000;
  for (let from = 1; from <= n; from += batch) {
    const to = Math.min(n, from + batch - 1);
    await db.transaction().execute(async (trx) => {
      // g: the clone's number; its application id is base + g, its instance id the template's with -g.
      await sql`
        insert into window_applications (id, region_code, bundle_id, bundle_version, service_code, service_name, departments, applicant_id, applicant_name,
          holder_kind, holder_id, holder_name, form, status, channel, receipt_no, query_code_hash, commitment, submitted_at, intake_due, accepted_at,
          promised_date, paused_workdays, deferred, instance_id, supplement_rounds, decided_at, concluded_at, delivery, created_at, updated_at)
        select ${base}::bigint + g, t.region_code, t.bundle_id, t.bundle_version, t.service_code, t.service_name, t.departments, t.applicant_id, t.applicant_name,
          t.holder_kind, t.holder_id, t.holder_name, t.form, case when g % ${openEvery} = 0 then 'accepted' else 'concluded' end, t.channel,
          '9' || lpad((${base}::bigint + g)::text, 15, '0'), t.query_code_hash, t.commitment, t.submitted_at - g * interval '1 minute', t.intake_due,
          t.accepted_at - g * interval '1 minute', t.promised_date, 0, t.deferred, t.instance_id || '-' || g, 0,
          case when g % ${openEvery} = 0 then null else t.accepted_at - g * interval '1 minute' + interval '2 days' end,
          case when g % ${openEvery} = 0 then null else t.accepted_at - g * interval '1 minute' + interval '3 days' end,
          case when g % ${openEvery} = 0 then null else '{"method":"electronic"}'::jsonb end,
          t.created_at - g * interval '1 minute', t.updated_at - g * interval '1 minute'
        from window_applications t, generate_series(${from}::int, ${to}::int) g where t.id = ${templateId}`.execute(trx);
      await sql`
        insert into engine_instances (id, region_code, deployment_id, process_key, business_key, status, state, revision, parent_id, parent_element_key, started_by, started_at, ended_at)
        select i.id || '-' || g, i.region_code, i.deployment_id, i.process_key, '9' || lpad((${base}::bigint + g)::text, 15, '0'),
          case when g % ${openEvery} = 0 then 'active' else 'completed' end,
          jsonb_set(jsonb_set(jsonb_set(replace(i.state::text, i.id, i.id || '-' || g)::jsonb,
            '{variables,applicationId}', to_jsonb(${base}::bigint + g)), '{variables,receiptNo}', to_jsonb('9' || lpad((${base}::bigint + g)::text, 15, '0'))),
            '{businessKey}', to_jsonb('9' || lpad((${base}::bigint + g)::text, 15, '0'))),
          i.revision, null, null, i.started_by, i.started_at - g * interval '1 minute',
          case when g % ${openEvery} = 0 then null else i.started_at - g * interval '1 minute' + interval '3 days' end
        from engine_instances i, generate_series(${from}::int, ${to}::int) g where i.id = ${inst}`.execute(trx);
      await sql`
        insert into engine_tasks (id, instance_id, region_code, process_key, element_id, element_key, name, status, candidates, assignee, form_key, form, context, due_at, created_at, claimed_at, ended_at, completed_by)
        select replace(t.id, t.instance_id, t.instance_id || '-' || g), t.instance_id || '-' || g, t.region_code, t.process_key, t.element_id, t.element_key, t.name,
          case when t.status = 'open' and g % ${openEvery} <> 0 then 'completed' else t.status end, t.candidates, t.assignee, t.form_key, t.form, t.context, t.due_at,
          t.created_at - g * interval '1 minute', t.claimed_at,
          case when t.status = 'open' and g % ${openEvery} <> 0 then t.created_at - g * interval '1 minute' + interval '1 day' else t.ended_at end,
          case when t.status = 'open' and g % ${openEvery} <> 0 then 'seed' else t.completed_by end
        from engine_tasks t, generate_series(${from}::int, ${to}::int) g where t.instance_id = ${inst}`.execute(trx);
      await sql`
        insert into engine_element_instances (instance_id, element_key, region_code, element_id, element_type, entered_at)
        select e.instance_id || '-' || g, e.element_key, e.region_code, e.element_id, e.element_type, e.entered_at - g * interval '1 minute'
        from engine_element_instances e, generate_series(${from}::int, ${to}::int) g where e.instance_id = ${inst} and g % ${openEvery} = 0`.execute(trx);
      await sql`
        insert into window_application_materials (application_id, material_code, region_code, source, sha256, certificate_id, file_name, media_type, size, round, uploaded_by, uploaded_at)
        select ${base}::bigint + g, m.material_code, m.region_code, m.source, m.sha256, m.certificate_id, m.file_name, m.media_type, m.size, m.round, m.uploaded_by, m.uploaded_at - g * interval '1 minute'
        from window_application_materials m, generate_series(${from}::int, ${to}::int) g where m.application_id = ${templateId}`.execute(trx);
      await sql`
        insert into window_events (application_id, region_code, type, at, actor, role, data)
        select ${base}::bigint + g, e.region_code, e.type, e.at - g * interval '1 minute', e.actor, e.role, e.data
        from window_events e, generate_series(${from}::int, ${to}::int) g where e.application_id = ${templateId} order by g, e.id`.execute(trx);
    });
  }
  await sql`select setval(pg_get_serial_sequence('window_applications', 'id'), (select max(id) from window_applications))`.execute(db);
  await sql`analyze`.execute(db);
  const count = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(db)).rows[0].n);
  return {
    applications: await count('select count(*) as n from window_applications'),
    openApplications: await count(`select count(*) as n from window_applications where status = 'accepted'`),
    tasks: await count('select count(*) as n from engine_tasks'),
    events: await count('select count(*) as n from window_events'),
    ms: performance.now() - t0,
  };
}
