-- Matter catalogue and reengineering ledger. A matter's content lives in its versions, each
-- the whole matter as a jsonb document (src/catalog/model.ts: Matter) with the columns the
-- lists, filters and dashboards query by beside it. Versions are never changed: every
-- change inserts a new one; a matter points at its latest as-is and to-be versions.
CREATE TABLE matters (
  id              bigserial PRIMARY KEY,
  region_code     text NOT NULL REFERENCES regions (code),
  code            text NOT NULL UNIQUE,
  name            text NOT NULL,
  kind            text NOT NULL,
  department_id   bigint NOT NULL REFERENCES departments (id),
  latest_version  integer NOT NULL,
  as_is_version   integer,
  to_be_version   integer,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX matters_region ON matters (region_code text_pattern_ops);
CREATE INDEX matters_department ON matters (department_id);
CREATE INDEX matters_kind ON matters (kind);

CREATE TABLE matter_versions (
  id                  bigserial PRIMARY KEY,
  region_code         text NOT NULL,
  matter_id           bigint NOT NULL REFERENCES matters (id),
  version             integer NOT NULL,
  stage               text NOT NULL CHECK (stage IN ('as_is', 'to_be')),
  document            jsonb NOT NULL,
  name                text NOT NULL,
  kind                text NOT NULL,
  department_id       bigint NOT NULL REFERENCES departments (id),
  statutory_days      numeric,
  promised_days       numeric NOT NULL,
  visits              integer NOT NULL,
  materials           integer NOT NULL,
  materials_to_submit integer NOT NULL,
  steps               integer NOT NULL,
  departments         integer NOT NULL,
  stamps              integer NOT NULL,
  countersigns        integer NOT NULL,
  critical_path_days  numeric NOT NULL,
  note                text NOT NULL DEFAULT '',
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  UNIQUE (matter_id, version)
);
CREATE INDEX matter_versions_region ON matter_versions (region_code text_pattern_ops);

-- Reengineering ledger (流程再造事项台账).
CREATE TABLE ledger_items (
  id                bigserial PRIMARY KEY,
  region_code       text NOT NULL REFERENCES regions (code),
  department_id     bigint NOT NULL REFERENCES departments (id),
  problem           text NOT NULL,
  measure           text NOT NULL,
  owner             text NOT NULL,
  start_date        date NOT NULL,
  deadline_workdays integer NOT NULL CHECK (deadline_workdays >= 0),
  deadline          date NOT NULL,
  status            text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'verified')),
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_items_region ON ledger_items (region_code text_pattern_ops);
CREATE INDEX ledger_items_department ON ledger_items (department_id);

-- The matters an item reengineers and the versions its before/after figures come from.
CREATE TABLE ledger_item_matters (
  ledger_item_id bigint NOT NULL REFERENCES ledger_items (id) ON DELETE CASCADE,
  matter_id      bigint NOT NULL REFERENCES matters (id),
  region_code    text NOT NULL,
  position       integer NOT NULL,
  before_version integer NOT NULL,
  after_version  integer,
  PRIMARY KEY (ledger_item_id, matter_id)
);

-- Evidence attachments (整改佐证材料), stored in the database with their hash.
CREATE TABLE ledger_attachments (
  id             bigserial PRIMARY KEY,
  ledger_item_id bigint NOT NULL REFERENCES ledger_items (id) ON DELETE CASCADE,
  region_code    text NOT NULL,
  file_name      text NOT NULL,
  content_type   text NOT NULL,
  size           integer NOT NULL,
  sha256         text NOT NULL,
  content        bytea NOT NULL,
  uploaded_by    text NOT NULL,
  uploaded_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_attachments_item ON ledger_attachments (ledger_item_id);
