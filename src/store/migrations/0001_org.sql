-- Organisation: regions (GB/T 2260-style codes; a child's code starts with its parent's,
-- so "this region and everything below it" is a prefix match), departments, users, sessions.
CREATE TABLE regions (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('province', 'prefecture', 'city', 'township', 'village')),
  parent_code text REFERENCES regions (code),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE departments (
  id          bigserial PRIMARY KEY,
  code        text NOT NULL UNIQUE,
  name        text NOT NULL,
  region_code text NOT NULL REFERENCES regions (code),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_code, name)
);

CREATE TABLE users (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL UNIQUE,
  display_name    text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher', 'grid_worker', 'leader', 'applicant')),
  region_code     text NOT NULL REFERENCES regions (code),
  department_id   bigint REFERENCES departments (id),
  password_hash   text NOT NULL,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  disabled        boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash   text PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  region_code  text NOT NULL,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Append-only, hash-chained audit trail: hash = sha256(prev_hash || canonical row).
-- id is assigned as previous id + 1 under a lock (not a sequence, which leaves gaps on
-- rollback), so a gap always means a removed row.
CREATE TABLE audit_log (
  id          bigint PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    bigint,
  actor_name  text,
  region_code text,
  action      text NOT NULL,
  entity      text NOT NULL,
  entity_id   text,
  before      jsonb,
  after       jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL UNIQUE
);

-- Official holiday arrangements loaded beyond what the bundled data covers.
CREATE TABLE calendar_years (
  year        integer PRIMARY KEY,
  arrangement jsonb NOT NULL,
  source      text,
  loaded_at   timestamptz NOT NULL DEFAULT now()
);

-- Per-region calendar settings: business hours and extra days off.
CREATE TABLE region_calendars (
  region_code    text PRIMARY KEY REFERENCES regions (code),
  business_hours jsonb,
  extra_days_off jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
