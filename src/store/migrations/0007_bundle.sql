-- One-thing bundles (一件事, src/bundle/store.ts). A bundle is a named set of matters of a
-- region; every change of its input (matters, name, field decisions) computes a new draft
-- version, kept whole as jsonb beside the figures lists and dashboards query. Publishing
-- fixes one version: it becomes a service of the catalogue and its process is deployed.
CREATE TABLE bundles (
  id                   bigserial PRIMARY KEY,
  region_code          text NOT NULL REFERENCES regions (code),
  name                 text NOT NULL,
  status               text NOT NULL CHECK (status IN ('draft', 'published')),
  lead_department_code text NOT NULL,
  -- Codes of every department the bundle involves (for department officers' scope).
  departments          jsonb NOT NULL,
  latest_version       integer NOT NULL,
  published_version    integer,
  -- The catalogue matter that publishes the bundle as one service, and the engine deployment.
  service_code         text,
  process_key          text NOT NULL,
  deployment_id        bigint,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  published_at         timestamptz,
  UNIQUE (region_code, name)
);
CREATE INDEX bundles_region ON bundles (region_code text_pattern_ops);

CREATE TABLE bundle_versions (
  id                bigserial PRIMARY KEY,
  region_code       text NOT NULL,
  bundle_id         bigint NOT NULL REFERENCES bundles (id),
  version           integer NOT NULL,
  matter_codes      jsonb NOT NULL,
  decisions         jsonb NOT NULL,
  draft             jsonb NOT NULL,
  before            jsonb NOT NULL,
  after             jsonb NOT NULL,
  promised_workdays numeric NOT NULL,
  bpmn_xml          text NOT NULL,
  note              text NOT NULL DEFAULT '',
  created_by        text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bundle_id, version)
);
CREATE INDEX bundle_versions_region ON bundle_versions (region_code text_pattern_ops);
