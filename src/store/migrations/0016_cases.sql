-- Closed-loop grass-roots cases (诉求案件, src/cases): categories (= Open311 service codes),
-- the responsibility list (category × region → tier and department), time limits per
-- category and tier, cases with their events (the case's history), photos, whistles
-- (吹哨报到), settings per county, Open311 API keys, rewards and penalties (奖惩).
-- Region codes are plain text here: a grid below a village is just a longer code.
CREATE TABLE case_categories (
  code          text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  region_code   text NOT NULL,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  description   text NOT NULL DEFAULT '',
  keywords      text NOT NULL DEFAULT '',
  group_name    text NOT NULL DEFAULT '',
  -- Open311 service-definition attributes: [{code, datatype, required, description, order, values}]
  attributes    jsonb NOT NULL DEFAULT '[]'::jsonb,
  active        boolean NOT NULL DEFAULT true
);

-- Who handles a category in a region: the most specific region prefix wins; category '*'
-- is the fallback for every category.
CREATE TABLE case_responsibilities (
  id            bigserial PRIMARY KEY,
  region_code   text NOT NULL,
  category_code text NOT NULL,
  tier          text NOT NULL CHECK (tier IN ('village', 'township', 'department')),
  department_id bigint REFERENCES departments (id),
  UNIQUE (region_code, category_code),
  CHECK ((tier = 'department') = (department_id IS NOT NULL))
);

-- Response within business hours, handling within working days, per category and tier
-- ('*' = every category).
CREATE TABLE case_time_limits (
  region_code      text NOT NULL,
  category_code    text NOT NULL,
  tier             text NOT NULL CHECK (tier IN ('village', 'township', 'department')),
  response_hours   numeric NOT NULL CHECK (response_hours > 0),
  handle_workdays  integer NOT NULL CHECK (handle_workdays > 0),
  PRIMARY KEY (region_code, category_code, tier)
);

CREATE TABLE case_settings (
  region_code          text PRIMARY KEY,
  whistle_minutes      integer NOT NULL DEFAULT 30,
  bounce_threshold     integer NOT NULL DEFAULT 2,
  duplicate_metres     integer NOT NULL DEFAULT 200,
  duplicate_hours      integer NOT NULL DEFAULT 72,
  small_sample         integer NOT NULL DEFAULT 5,
  weights              jsonb NOT NULL DEFAULT '{"response": 30, "resolution": 35, "satisfaction": 35}'::jsonb,
  -- [minLng, minLat, maxLng, maxLat] of the county; reports outside are refused.
  bbox                 jsonb
);

-- GeoJSON geometry (Polygon / MultiPolygon) of a region, loaded by the county: the map and
-- finding a report's village from its location.
CREATE TABLE case_boundaries (
  region_code   text PRIMARY KEY,
  name          text NOT NULL,
  geometry      jsonb NOT NULL
);

CREATE TABLE cases (
  id                     bigserial PRIMARY KEY,
  region_code            text NOT NULL,
  category_code          text NOT NULL REFERENCES case_categories (code),
  channel                text NOT NULL CHECK (channel IN ('grid', 'hotline', 'open311', 'enterprise')),
  status                 text NOT NULL,
  urgency                text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  description            text NOT NULL,
  address                text NOT NULL DEFAULT '',
  lat                    double precision,
  lng                    double precision,
  attributes             jsonb NOT NULL DEFAULT '{}'::jsonb,
  media_url              text,
  reporter_id            bigint,
  reporter_name          text NOT NULL,
  reporter_phone         text,
  tier                   text CHECK (tier IN ('village', 'township', 'department')),
  unit_region_code       text,
  unit_department_id     bigint,
  unit_name              text,
  transfers              integer NOT NULL DEFAULT 0,
  bounced                boolean NOT NULL DEFAULT false,
  reopened               integer NOT NULL DEFAULT 0,
  escalations            integer NOT NULL DEFAULT 0,
  -- Overdue at the top tier: on the leader's board.
  leader_flagged         boolean NOT NULL DEFAULT false,
  satisfaction           integer CHECK (satisfaction BETWEEN 1 AND 5),
  duplicate_of           bigint,
  status_notes           text NOT NULL DEFAULT '',
  reported_at            timestamptz NOT NULL,
  assigned_at            timestamptz,
  response_due           timestamptz,
  responded_at           timestamptz,
  responded_late         boolean,
  handle_due             timestamptz,
  handled_at             timestamptz,
  handled_late           boolean,
  closed_at              timestamptz,
  evaluated_at           timestamptz,
  updated_at             timestamptz NOT NULL,
  revision               integer NOT NULL DEFAULT 0
);
CREATE INDEX cases_region ON cases (region_code text_pattern_ops);
-- The board reads only open cases of a region subtree.
CREATE INDEX cases_open ON cases (region_code text_pattern_ops, status) WHERE status NOT IN ('closed', 'evaluated');
CREATE INDEX cases_category_reported ON cases (category_code, reported_at);
CREATE INDEX cases_reported ON cases (reported_at);
CREATE INDEX cases_unit_department ON cases (unit_department_id) WHERE unit_department_id IS NOT NULL;

-- Every step of a case, in order: the case's history (an event log for mining).
CREATE TABLE case_events (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  region_code  text NOT NULL,
  at           timestamptz NOT NULL,
  actor_id     bigint,
  actor_name   text NOT NULL,
  action       text NOT NULL,
  from_status  text,
  to_status    text NOT NULL,
  data         jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE case_photos (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases (id),
  region_code  text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('report', 'evidence', 'checkin', 'check')),
  mime         text NOT NULL,
  bytes        bytea NOT NULL,
  sha256       text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX case_photos_case ON case_photos (case_id);

-- 吹哨报到: a township calls a department to a case; the department reports in by the deadline.
CREATE TABLE case_whistles (
  id               bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES cases (id),
  region_code      text NOT NULL,
  department_id    bigint NOT NULL REFERENCES departments (id),
  whistled_by      text NOT NULL,
  whistled_at      timestamptz NOT NULL,
  deadline         timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  on_site_at       timestamptz,
  checkin_lat      double precision,
  checkin_lng      double precision,
  checkin_photo_id bigint REFERENCES case_photos (id),
  late             boolean,
  released_at      timestamptz,
  UNIQUE (case_id, department_id)
);
CREATE INDEX case_whistles_department ON case_whistles (department_id, whistled_at);
CREATE INDEX case_whistles_open ON case_whistles (case_id) WHERE released_at IS NULL;

CREATE TABLE open311_keys (
  id           bigserial PRIMARY KEY,
  region_code  text NOT NULL,
  name         text NOT NULL,
  key_hash     text NOT NULL UNIQUE,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  revoked_at   timestamptz
);

CREATE TABLE case_rewards (
  id           bigserial PRIMARY KEY,
  region_code  text NOT NULL,
  month        text NOT NULL CHECK (month ~ '^\d{4}-\d{2}$'),
  unit_kind    text NOT NULL CHECK (unit_kind IN ('village', 'township', 'department')),
  unit_key     text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('reward', 'penalty')),
  note         text NOT NULL,
  decided_by   text NOT NULL,
  decided_at   timestamptz NOT NULL
);
