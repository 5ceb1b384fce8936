-- The one window's escalation and the supplement during handling (src/window/escalation.ts,
-- src/window/handling.ts).

-- A user may be flagged head of their department (科室/局负责人): overdue work of the
-- department is escalated to them.
ALTER TABLE users ADD COLUMN department_head boolean NOT NULL DEFAULT false;
CREATE INDEX users_department_heads ON users (department_id) WHERE department_head AND NOT disabled;

-- Each overdue (red) task of an application is escalated once: to the heads of the
-- departments it is offered to (a notice each) and to the supervision board (效能监督),
-- which lists these rows.
CREATE TABLE window_escalations (
  task_id          text PRIMARY KEY,
  application_id   bigint NOT NULL REFERENCES window_applications (id),
  region_code      text NOT NULL,
  step_name        text NOT NULL,
  departments      jsonb NOT NULL,
  -- Usernames of the heads notified (empty: the department has no head; the board still shows it).
  heads            jsonb NOT NULL,
  due_at           timestamptz NOT NULL,
  escalated_at     timestamptz NOT NULL
);
CREATE INDEX window_escalations_region ON window_escalations (region_code text_pattern_ops, escalated_at DESC);
CREATE INDEX window_escalations_application ON window_escalations (application_id);

-- A supplement asked by a department during handling (after acceptance): the request while it
-- is open, and the pauses of the promised-time clock ({from, to, workdays}); paused_since
-- holds the start of the open pause as it does for the intake clock.
ALTER TABLE window_applications ADD COLUMN handling_supplement jsonb;
ALTER TABLE window_applications ADD COLUMN handling_pauses jsonb NOT NULL DEFAULT '[]';
