-- 好差评 (src/rating/store.ts): ratings of service occurrences, the rectification case every
-- 差评 opens, its steps, the county's rules, and the rankings kept as history.

-- One rating per occurrence, evaluation (一次一评 / 一事一评) and rater. What it is attributed
-- to (department, officer, matter, window, region) is fixed when it is given, so rankings
-- group one table without joins.
CREATE TABLE ratings (
  id               bigserial PRIMARY KEY,
  region_code      text NOT NULL,
  occurrence_kind  text NOT NULL CHECK (occurrence_kind IN ('instance', 'application', 'case', 'window_visit')),
  occurrence_id    text NOT NULL,
  evaluation       text NOT NULL CHECK (evaluation IN ('occurrence', 'matter')),
  rater            text NOT NULL,
  anonymous        boolean NOT NULL DEFAULT false,
  channel          text NOT NULL CHECK (channel IN ('portal', 'mobile', 'pad', 'notice_link', 'default')),
  level            smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  reasons          jsonb NOT NULL DEFAULT '[]',
  comment          text NOT NULL DEFAULT '',
  rated_at         timestamptz NOT NULL,
  department_code  text,
  officer          text,
  matter_code      text,
  matter_name      text,
  window_code      text,
  excluded         boolean NOT NULL DEFAULT false,
  UNIQUE (occurrence_kind, occurrence_id, evaluation, rater)
);
CREATE INDEX ratings_region_time ON ratings (region_code text_pattern_ops, rated_at);
CREATE INDEX ratings_time ON ratings (rated_at);
CREATE INDEX ratings_rater ON ratings (rater, rated_at DESC);

-- The rectification case of a 差评 (one per rating).
CREATE TABLE rating_cases (
  id                 bigserial PRIMARY KEY,
  region_code        text NOT NULL,
  rating_id          bigint NOT NULL UNIQUE REFERENCES ratings (id),
  department_code    text,
  status             text NOT NULL CHECK (status IN ('verifying', 'rectifying', 'appealed', 'rectified', 'closed', 'excluded')),
  anonymous          boolean NOT NULL,
  facts              jsonb NOT NULL,
  opened_at          timestamptz NOT NULL,
  rectify_due        date,
  appeal_due         date,
  rectified_at       timestamptz,
  rectified_on_time  boolean,
  followed_up        boolean NOT NULL DEFAULT false,
  feedback           text,
  closed_at          timestamptz,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX rating_cases_region_status ON rating_cases (region_code text_pattern_ops, status);
CREATE INDEX rating_cases_department ON rating_cases (department_code, status);

-- Every step of a case (verification, rectification with its evidence, appeal and its
-- decision, each follow-up), kept as given.
CREATE TABLE rating_case_events (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES rating_cases (id),
  region_code text NOT NULL,
  at          timestamptz NOT NULL,
  actor       text NOT NULL,
  action      text NOT NULL,
  from_status text NOT NULL,
  to_status   text NOT NULL,
  data        jsonb NOT NULL
);
CREATE INDEX rating_case_events_case ON rating_case_events (case_id, id);

-- A county's rules (defaults in src/rating/model.ts where a county has none).
CREATE TABLE rating_rules (
  region_code        text PRIMARY KEY,
  rectify_workdays   integer NOT NULL,
  appeal_workdays    integer NOT NULL,
  default_after_days integer,
  min_sample         integer NOT NULL,
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL
);

-- A ranking as computed and published for a period, kept as history.
CREATE TABLE rating_rankings (
  id           bigserial PRIMARY KEY,
  region_code  text NOT NULL,
  dimension    text NOT NULL,
  period_from  date NOT NULL,
  period_to    date NOT NULL,
  min_sample   integer NOT NULL,
  rows         jsonb NOT NULL,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX rating_rankings_region ON rating_rankings (region_code text_pattern_ops, dimension, period_from);

-- The key that signs rating links sent in notices (one row; made on first use).
CREATE TABLE rating_link_keys (
  id         integer PRIMARY KEY CHECK (id = 1),
  secret     text NOT NULL,
  created_at timestamptz NOT NULL
);
