-- The process engine (src/engine/store.ts). All state lives here; each command is one
-- transaction that locks its process instance row. History is the event log (append-only).

-- A deployed process: one row per process of a BPMN file and version. Running instances
-- stay on the deployment they started on.
CREATE TABLE engine_deployments (
  id           bigserial PRIMARY KEY,
  region_code  text NOT NULL,
  process_key  text NOT NULL,
  version      integer NOT NULL,
  name         text,
  source_xml   text NOT NULL,
  models       jsonb NOT NULL,
  deployed_by  text,
  deployed_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, process_key, version)
);

CREATE TABLE engine_instances (
  id                 text PRIMARY KEY,
  region_code        text NOT NULL,
  deployment_id      bigint NOT NULL REFERENCES engine_deployments (id),
  process_key        text NOT NULL,
  business_key       text,
  status             text NOT NULL CHECK (status IN ('active', 'completed', 'terminated', 'cancelled')),
  state              jsonb NOT NULL,
  revision           integer NOT NULL DEFAULT 1,
  parent_id          text REFERENCES engine_instances (id),
  parent_element_key text,
  started_by         text,
  started_at         timestamptz NOT NULL,
  ended_at           timestamptz
);
CREATE INDEX engine_instances_region_status ON engine_instances (region_code, status);
CREATE INDEX engine_instances_business_key ON engine_instances (business_key) WHERE business_key IS NOT NULL;

-- Tokens: the element instances active right now (a projection of engine_instances.state).
CREATE TABLE engine_element_instances (
  instance_id  text NOT NULL REFERENCES engine_instances (id),
  element_key  text NOT NULL,
  region_code  text NOT NULL,
  element_id   text NOT NULL,
  element_type text NOT NULL,
  entered_at   timestamptz NOT NULL,
  PRIMARY KEY (instance_id, element_key)
);
CREATE INDEX engine_element_instances_element ON engine_element_instances (element_id);

CREATE TABLE engine_tasks (
  id           text PRIMARY KEY,
  instance_id  text NOT NULL REFERENCES engine_instances (id),
  region_code  text NOT NULL,
  process_key  text NOT NULL,
  element_id   text NOT NULL,
  element_key  text NOT NULL,
  name         text,
  status       text NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  candidates   jsonb NOT NULL,
  assignee     text,
  form_key     text,
  form         jsonb,
  context      jsonb,
  due_at       timestamptz,
  created_at   timestamptz NOT NULL,
  claimed_at   timestamptz,
  ended_at     timestamptz,
  completed_by text
);
CREATE INDEX engine_tasks_open ON engine_tasks (region_code, status, created_at);
CREATE INDEX engine_tasks_instance ON engine_tasks (instance_id);

-- Timers, service calls and asynchronous continuations, run by the job executor: several server processes share the
-- table with SELECT ... FOR UPDATE SKIP LOCKED and a lease that expires when a worker dies.
CREATE TABLE engine_jobs (
  id              text PRIMARY KEY,
  instance_id     text NOT NULL REFERENCES engine_instances (id),
  region_code     text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('timer', 'service', 'continuation')),
  due_at          timestamptz NOT NULL,
  job             jsonb NOT NULL,
  locked_by       text,
  lock_expires_at timestamptz,
  attempts        integer NOT NULL DEFAULT 0
);
CREATE INDEX engine_jobs_due ON engine_jobs (due_at);

CREATE TABLE engine_subscriptions (
  id              text PRIMARY KEY,
  instance_id     text NOT NULL REFERENCES engine_instances (id),
  region_code     text NOT NULL,
  message_name    text NOT NULL,
  correlation_key text,
  subscription    jsonb NOT NULL
);
CREATE INDEX engine_subscriptions_message ON engine_subscriptions (region_code, message_name, correlation_key);

CREATE TABLE engine_incidents (
  id          text PRIMARY KEY,
  instance_id text NOT NULL REFERENCES engine_instances (id),
  region_code text NOT NULL,
  element_id  text NOT NULL,
  element_key text NOT NULL,
  job_id      text,
  service_type text,
  message     text NOT NULL,
  status      text NOT NULL CHECK (status IN ('open', 'resolved')),
  created_at  timestamptz NOT NULL,
  resolved_at timestamptz
);
CREATE INDEX engine_incidents_open ON engine_incidents (region_code, status);

-- The event log: every event of every instance, append-only, in order of id.
CREATE TABLE engine_history (
  id            bigserial PRIMARY KEY,
  region_code   text NOT NULL,
  instance_id   text NOT NULL,
  process_key   text NOT NULL,
  deployment_id bigint NOT NULL,
  type          text NOT NULL,
  at            timestamptz NOT NULL,
  element_id    text,
  element_key   text,
  element_type  text,
  element_name  text,
  task_id       text,
  actor         text,
  department    text,
  data          jsonb
);
CREATE INDEX engine_history_instance ON engine_history (instance_id, id);
CREATE INDEX engine_history_process ON engine_history (region_code, process_key, id);
