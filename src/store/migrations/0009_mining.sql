-- Stored event logs (src/mining/store.ts): an uploaded XES, XES.gz or CSV file, or the
-- engine's own history, imported once and kept as the compact columnar log (src/mining/
-- log-codec.ts: typed arrays and names, gzip-compressed) beside the figures a list shows.
-- The file itself is not kept. A log belongs to the region of the one who stored it, and to
-- their department for department officers' scope.
CREATE TABLE mining_logs (
  id              bigserial PRIMARY KEY,
  region_code     text NOT NULL REFERENCES regions (code),
  department_id   bigint REFERENCES departments (id),
  name            text NOT NULL,
  source          text NOT NULL CHECK (source IN ('xes', 'csv', 'engine')),
  file_name       text,
  file_bytes      bigint NOT NULL,
  cases           integer NOT NULL,
  events          integer NOT NULL,
  activities      integer NOT NULL,
  period_from     timestamptz,
  period_to       timestamptz,
  -- what the import found (CSV column mapping and timestamp formats; engine process key)
  import_report   jsonb,
  content         bytea NOT NULL,
  content_bytes   integer NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mining_logs_region ON mining_logs (region_code text_pattern_ops);
