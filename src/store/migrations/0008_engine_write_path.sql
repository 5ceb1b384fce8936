-- The process engine's write path (src/engine/store.ts), measured with bench/engine.ts.
--
-- A command's effects on its own instance are written by one call of engine_apply(command):
-- one round trip, and the statements inside a PL/pgSQL function are planned once per
-- session and reused, where a statement sent as text is parsed and planned on every call.
-- Everything it does runs in the calling statement's transaction: it applies completely
-- or not at all.

-- Foreign keys on the rows every command writes cost a lookup and a row lock on the
-- referenced row per inserted row; the start of every instance locked the same deployment
-- row (FOR KEY SHARE from all clients at once makes multixacts). These rows are written
-- only by engine_apply, in the statement that writes (or has written) their instance.
ALTER TABLE engine_instances DROP CONSTRAINT IF EXISTS engine_instances_deployment_id_fkey;
ALTER TABLE engine_element_instances DROP CONSTRAINT IF EXISTS engine_element_instances_instance_id_fkey;
ALTER TABLE engine_tasks DROP CONSTRAINT IF EXISTS engine_tasks_instance_id_fkey;

-- The instance state is rewritten by every command while no indexed column changes until
-- the instance ends: free room on each page lets the new version stay on its page without
-- new index entries (HOT update).
ALTER TABLE engine_instances SET (fillfactor = 60);

-- Instances of a deployment still running, for the element counts of the process viewer.
CREATE INDEX engine_instances_active_deployment ON engine_instances (deployment_id) WHERE status = 'active';
-- The instance list, newest first within a region.
CREATE INDEX engine_instances_region_started ON engine_instances (region_code, started_at DESC);

-- Tokens are read by instance (the primary key); nothing reads them by element alone.
DROP INDEX IF EXISTS engine_element_instances_element;

-- The worklist reads open tasks only; closed tasks leave the index.
DROP INDEX IF EXISTS engine_tasks_open;
CREATE INDEX engine_tasks_open ON engine_tasks (region_code, created_at) WHERE status = 'open';

-- History: read by instance (engine_history_instance), exported by region and process, and
-- counted per element of a deployment (how many tokens have passed each element). The
-- index over every event by region and process gives way to one over completed elements
-- only; an export by process finds its instances first, then their events.
DROP INDEX IF EXISTS engine_history_process;
CREATE INDEX engine_history_passed ON engine_history (deployment_id, element_id) WHERE type = 'element.completed';

-- engine_apply(command): command is the JSON that EngineStore.writeEffects builds.
--   id, r (region), d (deployment id), p (process key), now   the instance and the command's time
--                                                rows name their instance, process and time only where they differ, and leave out nulls
--   ins                                          insert the instance (a start): its columns
--   latest                                       with ins: refuse (-1) when a newer deployment of this process key exists
--   s, st, end, rev                              the new state, status and end; with rev, only if the instance is at that revision (else 0)
--   tokDel, tokIns, taskIns, taskUpd, jobDel, jobIns, subDel, subIns, incIns, incUpd, hist   the rows
-- Returns 1 when applied.
CREATE OR REPLACE FUNCTION engine_apply(c jsonb) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  v_id   text := c->>'id';
  v_r    text := c->>'r';
  v_d    bigint := (c->>'d')::bigint;
  v_p    text := c->>'p';
  v_now  timestamptz := (c->>'now')::timestamptz;
  v_n    integer;
  u      record;
BEGIN
  IF c ? 'ins' THEN
    IF c ? 'latest' AND EXISTS (SELECT 1 FROM engine_deployments WHERE region_code = v_r AND process_key = c->>'latest' AND id > v_d) THEN
      RETURN -1;
    END IF;
    INSERT INTO engine_instances (id, region_code, deployment_id, process_key, business_key, status, state, revision, parent_id, parent_element_key, started_by, started_at, ended_at)
    VALUES (v_id, v_r, v_d, v_p, c->'ins'->>'business_key', c->>'st', c->'s', 1, c->'ins'->>'parent_id', c->'ins'->>'parent_element_key',
            c->'ins'->>'started_by', (c->'ins'->>'started_at')::timestamptz, (c->>'end')::timestamptz);
  ELSIF c ? 's' THEN
    IF c ? 'rev' THEN
      UPDATE engine_instances SET state = c->'s', status = c->>'st', revision = revision + 1, ended_at = (c->>'end')::timestamptz
      WHERE id = v_id AND revision = (c->>'rev')::integer;
    ELSE
      UPDATE engine_instances SET state = c->'s', status = c->>'st', revision = revision + 1, ended_at = (c->>'end')::timestamptz
      WHERE id = v_id;
    END IF;
    GET DIAGNOSTICS v_n = ROW_COUNT;
    IF v_n = 0 AND c ? 'rev' THEN
      RETURN 0;
    END IF;
  END IF;

  IF c ? 'tokDel' THEN
    DELETE FROM engine_element_instances WHERE instance_id = v_id AND element_key = ANY (ARRAY(SELECT jsonb_array_elements_text(c->'tokDel')));
  END IF;
  IF c ? 'tokIns' THEN
    INSERT INTO engine_element_instances (instance_id, element_key, region_code, element_id, element_type, entered_at)
    SELECT v_id, x.k, v_r, x.e, x.t, coalesce(x.at, v_now) FROM jsonb_to_recordset(c->'tokIns') AS x(k text, e text, t text, at timestamptz);
  END IF;

  IF c ? 'taskIns' THEN
    INSERT INTO engine_tasks (id, instance_id, region_code, process_key, element_id, element_key, name, status, candidates, assignee, form_key, form, context, due_at, created_at, ended_at)
    SELECT x.id, coalesce(x.instance_id, v_id), v_r, coalesce(x.process_key, v_p), x.element_id, x.element_key, x.name, coalesce(x.status, 'open'), x.candidates, x.assignee, x.form_key, x.form, x.context, x.due_at,
           coalesce(x.created_at, v_now), x.ended_at
    FROM jsonb_to_recordset(c->'taskIns') AS x(id text, instance_id text, process_key text, element_id text, element_key text, name text, status text, candidates jsonb, assignee text,
                                               form_key text, form jsonb, context jsonb, due_at timestamptz, created_at timestamptz, ended_at timestamptz);
  END IF;
  IF jsonb_array_length(coalesce(c->'taskUpd', '[]')) = 1 THEN
    UPDATE engine_tasks SET status = c->'taskUpd'->0->>'status', ended_at = v_now, completed_by = c->'taskUpd'->0->>'who' WHERE id = c->'taskUpd'->0->>'id';
  ELSIF c ? 'taskUpd' THEN
    -- One by id each: a join with the set would be planned for a hundred rows.
    FOR u IN SELECT * FROM jsonb_to_recordset(c->'taskUpd') AS t(id text, status text, who text) LOOP
      UPDATE engine_tasks SET status = u.status, ended_at = v_now, completed_by = u.who WHERE id = u.id;
    END LOOP;
  END IF;

  IF c ? 'jobDel' THEN
    DELETE FROM engine_jobs WHERE id = ANY (ARRAY(SELECT jsonb_array_elements_text(c->'jobDel')));
  END IF;
  IF c ? 'jobIns' THEN
    INSERT INTO engine_jobs (id, instance_id, region_code, kind, due_at, job)
    SELECT x.id, x.instance_id, v_r, x.kind, x.due_at, x.job FROM jsonb_to_recordset(c->'jobIns') AS x(id text, instance_id text, kind text, due_at timestamptz, job jsonb);
  END IF;
  IF c ? 'subDel' THEN
    DELETE FROM engine_subscriptions WHERE id = ANY (ARRAY(SELECT jsonb_array_elements_text(c->'subDel')));
  END IF;
  IF c ? 'subIns' THEN
    INSERT INTO engine_subscriptions (id, instance_id, region_code, message_name, correlation_key, subscription)
    SELECT x.id, x.instance_id, v_r, x.message_name, x.correlation_key, x.subscription
    FROM jsonb_to_recordset(c->'subIns') AS x(id text, instance_id text, message_name text, correlation_key text, subscription jsonb);
  END IF;
  IF c ? 'incIns' THEN
    INSERT INTO engine_incidents (id, instance_id, region_code, element_id, element_key, job_id, service_type, message, status, created_at, resolved_at)
    SELECT x.id, x.instance_id, v_r, x.element_id, x.element_key, x.job_id, x.service_type, x.message, x.status, x.created_at, x.resolved_at
    FROM jsonb_to_recordset(c->'incIns') AS x(id text, instance_id text, element_id text, element_key text, job_id text, service_type text, message text, status text, created_at timestamptz, resolved_at timestamptz);
  END IF;
  IF c ? 'incUpd' THEN
    UPDATE engine_incidents SET status = 'resolved', resolved_at = v_now WHERE id = ANY (ARRAY(SELECT jsonb_array_elements_text(c->'incUpd')));
  END IF;

  IF c ? 'hist' THEN
    INSERT INTO engine_history (region_code, instance_id, process_key, deployment_id, type, at, element_id, element_key, element_type, element_name, task_id, actor, department, data)
    SELECT v_r, coalesce(x.instance_id, v_id), coalesce(x.process_key, v_p), v_d, x.type, coalesce(x.at, v_now), x.element_id, x.element_key, x.element_type, x.element_name, x.task_id, x.actor, x.department, x.data
    FROM jsonb_to_recordset(c->'hist') AS x(instance_id text, process_key text, type text, at timestamptz, element_id text, element_key text, element_type text, element_name text,
                                            task_id text, actor text, department text, data jsonb);
  END IF;
  RETURN 1;
END
$fn$;
