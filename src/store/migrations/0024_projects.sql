-- Major projects (重点项目) and enterprise service (企业服务): src/projects and src/enterprise.

-- ── Enterprise service ────────────────────────────────────────────────────────────────

-- The county's tier rules (分级标准): the first rule, by position, whose criteria all hold
-- gives an enterprise its tier. Each tier also sets the service targets in working days.
CREATE TABLE enterprise_tier_rules (
  region_code          text NOT NULL REFERENCES regions (code),
  tier                 text NOT NULL,
  position             integer NOT NULL,
  label_zh             text NOT NULL,
  label_en             text NOT NULL,
  min_tax              numeric,
  min_employees        integer,
  min_output           numeric,
  designation          text,
  first_contact_workdays integer NOT NULL CHECK (first_contact_workdays BETWEEN 0 AND 30),
  answer_workdays      integer NOT NULL CHECK (answer_workdays BETWEEN 1 AND 60),
  PRIMARY KEY (region_code, tier),
  UNIQUE (region_code, position)
);

-- The roster, keyed by unified social credit code (GB 32100). Figures in 万元.
CREATE TABLE enterprises (
  uscc            text PRIMARY KEY,
  region_code     text NOT NULL REFERENCES regions (code),
  name            text NOT NULL,
  industry        text NOT NULL DEFAULT '',
  tax_paid        numeric NOT NULL DEFAULT 0,
  employees       integer NOT NULL DEFAULT 0,
  output_value    numeric NOT NULL DEFAULT 0,
  designations    jsonb NOT NULL DEFAULT '[]',
  tier            text,
  officer_id      bigint REFERENCES users (id),
  contact_user_id bigint REFERENCES users (id),
  updated_at      timestamptz NOT NULL
);
CREATE INDEX enterprises_region ON enterprises (region_code text_pattern_ops);
CREATE INDEX enterprises_officer ON enterprises (officer_id) WHERE officer_id IS NOT NULL;
CREATE INDEX enterprises_contact ON enterprises (contact_user_id) WHERE contact_user_id IS NOT NULL;

-- Every change of an enterprise's tier, kept (the tier a request had is also on the request).
CREATE TABLE enterprise_tier_history (
  id            bigserial PRIMARY KEY,
  uscc          text NOT NULL REFERENCES enterprises (uscc),
  region_code   text NOT NULL,
  tier          text NOT NULL,
  previous_tier text,
  reason        text NOT NULL,
  at            timestamptz NOT NULL
);
CREATE INDEX enterprise_tier_history_uscc ON enterprise_tier_history (uscc, at);

-- 走访: an officer's visit and what the enterprise raised.
CREATE TABLE enterprise_visits (
  id          bigserial PRIMARY KEY,
  uscc        text NOT NULL REFERENCES enterprises (uscc),
  region_code text NOT NULL,
  officer_id  bigint NOT NULL REFERENCES users (id),
  visited_on  date NOT NULL,
  raised      text NOT NULL,
  notes       text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL
);
CREATE INDEX enterprise_visits_uscc ON enterprise_visits (uscc, visited_on);

-- 诉求: an enterprise's request on the tier's targets (first contact, answer), escalated when late.
CREATE TABLE enterprise_requests (
  id             bigserial PRIMARY KEY,
  uscc           text NOT NULL REFERENCES enterprises (uscc),
  region_code    text NOT NULL,
  tier           text NOT NULL,
  title          text NOT NULL,
  description    text NOT NULL,
  status         text NOT NULL CHECK (status IN ('submitted', 'contacted', 'answered', 'closed')),
  officer_id     bigint REFERENCES users (id),
  filed_by       text NOT NULL,
  contact_due    timestamptz NOT NULL,
  answer_due     timestamptz NOT NULL,
  contacted_at   timestamptz,
  contacted_late boolean,
  answered_at    timestamptz,
  answered_late  boolean,
  answer         text NOT NULL DEFAULT '',
  closed_at      timestamptz,
  escalated      boolean NOT NULL DEFAULT false,
  escalated_at   timestamptz,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX enterprise_requests_open ON enterprise_requests (region_code text_pattern_ops, tier) WHERE status <> 'closed';
CREATE INDEX enterprise_requests_officer ON enterprise_requests (officer_id, status);
CREATE INDEX enterprise_requests_uscc ON enterprise_requests (uscc, created_at);

CREATE TABLE enterprise_request_events (
  id          bigserial PRIMARY KEY,
  request_id  bigint NOT NULL REFERENCES enterprise_requests (id),
  at          timestamptz NOT NULL,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  note        text NOT NULL DEFAULT ''
);
CREATE INDEX enterprise_request_events_request ON enterprise_request_events (request_id, id);

-- Requests are rated through 好差评 like any other service occurrence.
ALTER TABLE ratings DROP CONSTRAINT ratings_occurrence_kind_check;
ALTER TABLE ratings ADD CONSTRAINT ratings_occurrence_kind_check CHECK (occurrence_kind IN ('instance', 'application', 'case', 'window_visit', 'enterprise_request'));

-- ── Major projects ────────────────────────────────────────────────────────────────────

-- The milestone template the administrator edits; `workdays` is the planned span after the
-- previous milestone (the first: after the project's start).
CREATE TABLE project_milestone_templates (
  region_code text NOT NULL REFERENCES regions (code),
  position    integer NOT NULL,
  code        text NOT NULL,
  name_zh     text NOT NULL,
  name_en     text NOT NULL,
  workdays    integer NOT NULL CHECK (workdays BETWEEN 0 AND 2000),
  PRIMARY KEY (region_code, code),
  UNIQUE (region_code, position)
);

-- How long each escalation step of a blocker may take, per county.
CREATE TABLE project_settings (
  region_code          text PRIMARY KEY REFERENCES regions (code),
  task_force_workdays  integer NOT NULL CHECK (task_force_workdays BETWEEN 1 AND 60),
  decision_workdays    integer NOT NULL CHECK (decision_workdays BETWEEN 1 AND 60)
);

CREATE TABLE projects (
  id               bigserial PRIMARY KEY,
  region_code      text NOT NULL REFERENCES regions (code),
  name             text NOT NULL,
  investor_uscc    text NOT NULL REFERENCES enterprises (uscc),
  investment       numeric NOT NULL CHECK (investment >= 0),
  location         text NOT NULL,
  industry         text NOT NULL,
  level            text NOT NULL CHECK (level IN ('county', 'city', 'provincial')),
  leader_id        bigint NOT NULL REFERENCES users (id),
  agent_id         bigint NOT NULL REFERENCES users (id),
  task_force_lead_id bigint REFERENCES users (id),
  start_date       date NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);
CREATE INDEX projects_region ON projects (region_code text_pattern_ops, id);

CREATE TABLE project_milestones (
  id           bigserial PRIMARY KEY,
  project_id   bigint NOT NULL REFERENCES projects (id),
  position     integer NOT NULL,
  code         text NOT NULL,
  name_zh      text NOT NULL,
  name_en      text NOT NULL,
  planned_date date NOT NULL,
  actual_date  date,
  UNIQUE (project_id, code),
  UNIQUE (project_id, position)
);

-- 专班: members from several departments; the lead is on the project.
CREATE TABLE project_members (
  project_id    bigint NOT NULL REFERENCES projects (id),
  user_id       bigint NOT NULL REFERENCES users (id),
  department_id bigint REFERENCES departments (id),
  duty          text NOT NULL DEFAULT '',
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_members_department ON project_members (department_id);

-- A milestone's approvals: one-window applications the agent filed for the investor.
CREATE TABLE project_approvals (
  id             bigserial PRIMARY KEY,
  project_id     bigint NOT NULL REFERENCES projects (id),
  milestone_code text NOT NULL,
  application_id bigint NOT NULL UNIQUE REFERENCES window_applications (id),
  linked_by      text NOT NULL,
  linked_at      timestamptz NOT NULL
);
CREATE INDEX project_approvals_project ON project_approvals (project_id);

-- Meetings: a task force's (project_id set) or the county's coordination meeting (调度会).
CREATE TABLE project_meetings (
  id          bigserial PRIMARY KEY,
  region_code text NOT NULL REFERENCES regions (code),
  project_id  bigint REFERENCES projects (id),
  kind        text NOT NULL CHECK (kind IN ('task_force', 'coordination')),
  status      text NOT NULL CHECK (status IN ('draft', 'held')),
  title       text NOT NULL,
  held_on     date,
  minutes     text NOT NULL DEFAULT '',
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  CHECK ((kind = 'task_force') = (project_id IS NOT NULL))
);
CREATE INDEX project_meetings_region ON project_meetings (region_code text_pattern_ops, kind, status);
-- At most one coordination meeting being drafted per county: the sweep adds to it.
CREATE UNIQUE INDEX project_meetings_one_draft ON project_meetings (region_code) WHERE kind = 'coordination' AND status = 'draft';

-- 堵点: owner department, deadline, and the rung of the escalation ladder it is on.
CREATE TABLE project_blockers (
  id                  bigserial PRIMARY KEY,
  project_id          bigint NOT NULL REFERENCES projects (id),
  region_code         text NOT NULL,
  title               text NOT NULL,
  description         text NOT NULL DEFAULT '',
  category            text NOT NULL DEFAULT '',
  owner_department_id bigint NOT NULL REFERENCES departments (id),
  due_date            date NOT NULL,
  level               text NOT NULL CHECK (level IN ('department', 'task_force', 'coordination')),
  status              text NOT NULL CHECK (status IN ('open', 'resolved')),
  meeting_id          bigint REFERENCES project_meetings (id),
  escalated_at        timestamptz,
  resolution          text NOT NULL DEFAULT '',
  resolved_at         timestamptz,
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL
);
CREATE INDEX project_blockers_project ON project_blockers (project_id);
CREATE INDEX project_blockers_due ON project_blockers (due_date) WHERE status = 'open';
CREATE INDEX project_blockers_escalated ON project_blockers (region_code text_pattern_ops, level) WHERE status = 'open';

CREATE TABLE project_blocker_events (
  id          bigserial PRIMARY KEY,
  blocker_id  bigint NOT NULL REFERENCES project_blockers (id),
  at          timestamptz NOT NULL,
  actor_name  text NOT NULL,
  action      text NOT NULL,
  from_level  text,
  to_level    text,
  note        text NOT NULL DEFAULT ''
);
CREATE INDEX project_blocker_events_blocker ON project_blocker_events (blocker_id, id);

-- Follow-up items (督办事项): every decision of a meeting, with owner and deadline.
CREATE TABLE project_items (
  id                  bigserial PRIMARY KEY,
  project_id          bigint NOT NULL REFERENCES projects (id),
  region_code         text NOT NULL,
  meeting_id          bigint NOT NULL REFERENCES project_meetings (id),
  blocker_id          bigint REFERENCES project_blockers (id),
  text                text NOT NULL,
  owner_department_id bigint NOT NULL REFERENCES departments (id),
  owner_user_id       bigint REFERENCES users (id),
  due_date            date NOT NULL,
  status              text NOT NULL CHECK (status IN ('open', 'done')),
  done_at             timestamptz,
  note                text NOT NULL DEFAULT '',
  created_at          timestamptz NOT NULL
);
CREATE INDEX project_items_project ON project_items (project_id);
CREATE INDEX project_items_owner ON project_items (owner_department_id) WHERE status = 'open';
