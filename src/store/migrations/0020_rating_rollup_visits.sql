-- 好差评 at county scale and its remaining channels (src/rating):
-- the monthly and daily roll-ups that rankings and the reform board read instead of a year of
-- ratings, window visits (一次一评 of a visit to the window, rated on the window's pad), and
-- the rating link a notice in the outbox carries.

-- Counts per calendar month (Asia/Shanghai) and unit, kept in the same transaction as every
-- rating, rectification and appeal decision (src/rating/rollup.ts). A rating counts in its
-- month under its region and department once per dimension: `department` (key '' when the
-- rating has no department: the rows that also give townships and totals), `officer`,
-- `matter`, `window` (no row when the rating has no such unit).
-- n1..n5 count the ratings by level that are not excluded; n_excluded those excluded on
-- appeal; n_default those of the counted ones given by default (默认好评, shown apart as the
-- standard asks); rectified / on_time / upheld the rectification cases of the unit's 差评.
CREATE TABLE rating_rollup (
  month           date NOT NULL,
  region_code     text NOT NULL,
  department_code text NOT NULL,
  dim             text NOT NULL CHECK (dim IN ('department', 'officer', 'matter', 'window')),
  key             text NOT NULL,
  name            text,
  n1              integer NOT NULL DEFAULT 0,
  n2              integer NOT NULL DEFAULT 0,
  n3              integer NOT NULL DEFAULT 0,
  n4              integer NOT NULL DEFAULT 0,
  n5              integer NOT NULL DEFAULT 0,
  n_excluded      integer NOT NULL DEFAULT 0,
  n_default       integer NOT NULL DEFAULT 0,
  rectified       integer NOT NULL DEFAULT 0,
  on_time         integer NOT NULL DEFAULT 0,
  upheld          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (month, dim, region_code, department_code, key)
);

-- Counts per day, region and department: the board's totals and its trend.
CREATE TABLE rating_rollup_daily (
  day             date NOT NULL,
  region_code     text NOT NULL,
  department_code text NOT NULL,
  total           integer NOT NULL DEFAULT 0,
  negative        integer NOT NULL DEFAULT 0,
  n_excluded      integer NOT NULL DEFAULT 0,
  n_default       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, region_code, department_code)
);

-- The ratings given before this migration.
INSERT INTO rating_rollup (month, region_code, department_code, dim, key, name, n1, n2, n3, n4, n5, n_excluded, n_default, rectified, on_time, upheld)
SELECT date_trunc('month', r.rated_at AT TIME ZONE 'Asia/Shanghai')::date, r.region_code, coalesce(r.department_code, ''), d.dim, coalesce(d.key, ''),
       max(CASE WHEN d.dim = 'matter' THEN r.matter_name END),
       count(*) FILTER (WHERE NOT r.excluded AND r.level = 1), count(*) FILTER (WHERE NOT r.excluded AND r.level = 2),
       count(*) FILTER (WHERE NOT r.excluded AND r.level = 3), count(*) FILTER (WHERE NOT r.excluded AND r.level = 4),
       count(*) FILTER (WHERE NOT r.excluded AND r.level = 5), count(*) FILTER (WHERE r.excluded),
       count(*) FILTER (WHERE NOT r.excluded AND r.channel = 'default'),
       count(*) FILTER (WHERE c.rectified_at IS NOT NULL), count(*) FILTER (WHERE c.rectified_on_time), count(*) FILTER (WHERE c.status = 'excluded')
FROM ratings r LEFT JOIN rating_cases c ON c.rating_id = r.id
CROSS JOIN LATERAL (VALUES ('department', r.department_code), ('officer', r.officer), ('matter', r.matter_code), ('window', r.window_code)) AS d(dim, key)
WHERE d.dim = 'department' OR d.key IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO rating_rollup_daily (day, region_code, department_code, total, negative, n_excluded, n_default)
SELECT (r.rated_at AT TIME ZONE 'Asia/Shanghai')::date, r.region_code, coalesce(r.department_code, ''),
       count(*) FILTER (WHERE NOT r.excluded), count(*) FILTER (WHERE NOT r.excluded AND r.level <= 2), count(*) FILTER (WHERE r.excluded),
       count(*) FILTER (WHERE NOT r.excluded AND r.channel = 'default')
FROM ratings r
GROUP BY 1, 2, 3;

-- A visit to the window (一次一评 of the visit): the clerk opens it, or an application's
-- acceptance at the counter does; ending it makes it ratable on the window's pad, once per
-- visitor.
CREATE TABLE rating_visits (
  id              bigserial PRIMARY KEY,
  region_code     text NOT NULL,
  window_code     text NOT NULL,
  clerk           text NOT NULL,
  department_code text,
  matter_code     text,
  matter_name     text,
  application_id  bigint,
  -- The visitor's user name when they have an account (their rating is real-name), else null
  -- (the pad's rating is anonymous).
  visitor         text,
  visitor_name    text NOT NULL DEFAULT '',
  started_at      timestamptz NOT NULL,
  ended_at        timestamptz
);
CREATE INDEX rating_visits_region ON rating_visits (region_code text_pattern_ops, started_at DESC);
CREATE UNIQUE INDEX rating_visits_application ON rating_visits (application_id) WHERE application_id IS NOT NULL;

-- The outbox also carries notices about grass-roots cases (the rating link when a case is
-- closed); a notice that carries a rating link records which occurrence it invites to rate.
ALTER TABLE window_outbox ALTER COLUMN application_id DROP NOT NULL;
ALTER TABLE window_outbox ADD COLUMN case_id bigint;
ALTER TABLE window_outbox ADD COLUMN rating_kind text;
ALTER TABLE window_outbox ADD COLUMN rating_occurrence text;
ALTER TABLE window_outbox ADD COLUMN rating_link_expires_at timestamptz;
CREATE UNIQUE INDEX window_outbox_rating_link ON window_outbox (rating_kind, rating_occurrence, recipient_id) WHERE rating_kind IS NOT NULL;
