-- Administering the organisation: grids below villages (网格, where grass-roots cases are
-- handled), each region's 12-digit statistical division code (统计用区划代码; a county's
-- first six digits are its GB/T 2260 code), one-time passwords that must be changed at
-- first sign-in, and officers delegating their tasks to a colleague while away.
ALTER TABLE regions DROP CONSTRAINT regions_level_check;
ALTER TABLE regions ADD CONSTRAINT regions_level_check CHECK (level IN ('province', 'prefecture', 'city', 'township', 'village', 'grid'));
ALTER TABLE regions ADD COLUMN division_code text;

ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

CREATE TABLE task_delegations (
  id           bigserial PRIMARY KEY,
  region_code  text NOT NULL,
  from_user_id bigint NOT NULL REFERENCES users (id),
  to_user_id   bigint NOT NULL REFERENCES users (id),
  starts_on    date NOT NULL,
  ends_on      date NOT NULL,
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  CHECK (ends_on >= starts_on),
  CHECK (from_user_id <> to_user_id)
);
CREATE INDEX task_delegations_to ON task_delegations (to_user_id, starts_on);
CREATE INDEX task_delegations_from ON task_delegations (from_user_id, starts_on);
