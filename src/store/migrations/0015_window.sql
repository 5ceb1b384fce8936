-- The one-window service (一窗受理, src/window/). Applications for published bundles, the
-- materials handed in (file bytes content-addressed by SHA-256, kept once), the decisions
-- of the window and their notices, the outbox of notices to applicants, the certificate
-- store (电子证照库: results Zaizao issued and certificates imported from other systems),
-- post-decision verification tasks, and the applications' event log.
CREATE TABLE window_files (
  sha256      text PRIMARY KEY,
  size        integer NOT NULL,
  media_type  text NOT NULL,
  content     bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE window_applications (
  id                bigserial PRIMARY KEY,
  region_code       text NOT NULL REFERENCES regions (code),
  bundle_id         bigint NOT NULL REFERENCES bundles (id),
  bundle_version    integer NOT NULL,
  service_code      text NOT NULL,
  service_name      text NOT NULL,
  -- Department codes whose tasks the application has (department officers' scope).
  departments       jsonb NOT NULL,
  applicant_id      bigint NOT NULL,
  applicant_name    text NOT NULL,
  -- Who the application is for: an enterprise's unified social credit code or a person's ID number.
  holder_kind       text NOT NULL CHECK (holder_kind IN ('enterprise', 'person')),
  holder_id         text NOT NULL,
  holder_name       text NOT NULL,
  form              jsonb NOT NULL,
  status            text NOT NULL CHECK (status IN ('draft', 'submitted', 'supplementing', 'accepted', 'rejected', 'decided', 'concluded')),
  channel           text NOT NULL CHECK (channel IN ('online', 'counter')),
  receipt_no        text UNIQUE,
  query_code_hash   text,
  commitment        jsonb,
  submitted_at      timestamptz,
  -- Intake deadline (受理期限) and the promised date once accepted, as civil dates.
  intake_due        date,
  accepted_at       timestamptz,
  promised_date     date,
  -- Working days the clock stood still while the applicant supplemented.
  paused_workdays   integer NOT NULL DEFAULT 0,
  paused_since      timestamptz,
  decided_at        timestamptz,
  concluded_at      timestamptz,
  rejection         jsonb,
  deferred          jsonb NOT NULL DEFAULT '[]',
  delivery          jsonb,
  instance_id       text,
  supplement_rounds integer NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX window_applications_applicant ON window_applications (applicant_id, id DESC);
CREATE INDEX window_applications_region ON window_applications (region_code text_pattern_ops, status, id DESC);
CREATE INDEX window_applications_region_id ON window_applications (region_code text_pattern_ops, id DESC);
CREATE INDEX window_applications_departments ON window_applications USING gin (departments jsonb_path_ops);
CREATE INDEX window_applications_instance ON window_applications (instance_id) WHERE instance_id IS NOT NULL;

-- One row per material handed in (or obtained by sharing); a resubmission replaces the row
-- and raises its round.
CREATE TABLE window_application_materials (
  application_id bigint NOT NULL REFERENCES window_applications (id),
  material_code  text NOT NULL,
  region_code    text NOT NULL,
  source         text NOT NULL CHECK (source IN ('upload', 'counter', 'shared')),
  sha256         text REFERENCES window_files (sha256),
  certificate_id bigint,
  file_name      text NOT NULL DEFAULT '',
  media_type     text NOT NULL DEFAULT '',
  size           integer NOT NULL DEFAULT 0,
  round          integer NOT NULL DEFAULT 0,
  uploaded_by    text NOT NULL,
  uploaded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (application_id, material_code)
);

-- Notices of the window: 受理、一次性告知、不予受理, each printed.
CREATE TABLE window_notices (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES window_applications (id),
  region_code    text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('acceptance', 'supplement', 'rejection')),
  body           jsonb NOT NULL,
  issued_by      text NOT NULL,
  issued_at      timestamptz NOT NULL
);
CREATE INDEX window_notices_application ON window_notices (application_id, id);

-- Messages to applicants: in-app now; an SMS adapter later reads the same rows.
CREATE TABLE window_outbox (
  id             bigserial PRIMARY KEY,
  region_code    text NOT NULL,
  application_id bigint NOT NULL,
  recipient_id   bigint NOT NULL,
  channel        text NOT NULL,
  subject        text NOT NULL,
  body           text NOT NULL,
  created_at     timestamptz NOT NULL,
  sent_at        timestamptz
);
CREATE INDEX window_outbox_recipient ON window_outbox (recipient_id, id DESC);

-- 电子证照库: every result Zaizao issued, and certificates imported from other systems.
CREATE TABLE window_certificates (
  id                bigserial PRIMARY KEY,
  region_code       text NOT NULL,
  holder_id         text NOT NULL,
  holder_name       text NOT NULL,
  -- The certificate type: a canonical material id where one matches, else its name.
  type_code         text NOT NULL,
  type_name         text NOT NULL,
  number            text NOT NULL,
  issuer            text NOT NULL,
  issued_on         date NOT NULL,
  valid_until       date,
  source            text NOT NULL CHECK (source IN ('zaizao', 'import')),
  source_system     text NOT NULL,
  application_id    bigint,
  verification_code text UNIQUE,
  content_sha256    text,
  status            text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),
  data              jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (type_code, number)
);
CREATE INDEX window_certificates_holder ON window_certificates (holder_id, type_code);
CREATE INDEX window_certificates_application ON window_certificates (application_id) WHERE application_id IS NOT NULL;

-- 事中事后核查: materials replaced by the commitment letter or received for a check after the decision.
CREATE TABLE window_verifications (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL REFERENCES window_applications (id),
  region_code    text NOT NULL,
  material_code  text NOT NULL,
  material_name  text NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('commitment', 'checked_after_decision')),
  department_code text NOT NULL,
  due_date       date NOT NULL,
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'false_commitment')),
  finding        text,
  closed_by      text,
  closed_at      timestamptz,
  UNIQUE (application_id, material_code)
);
CREATE INDEX window_verifications_open ON window_verifications (region_code text_pattern_ops, department_code, due_date) WHERE status = 'open';

CREATE TABLE window_credit_records (
  id             bigserial PRIMARY KEY,
  region_code    text NOT NULL,
  holder_id      text NOT NULL,
  holder_name    text NOT NULL,
  application_id bigint NOT NULL,
  reason         text NOT NULL,
  recorded_by    text NOT NULL,
  recorded_at    timestamptz NOT NULL
);

-- The applications' history: the event log process mining reads (one case per application).
CREATE TABLE window_events (
  id             bigserial PRIMARY KEY,
  application_id bigint NOT NULL,
  region_code    text NOT NULL,
  type           text NOT NULL,
  at             timestamptz NOT NULL,
  actor          text,
  role           text,
  data           jsonb
);
CREATE INDEX window_events_application ON window_events (application_id, id);
CREATE INDEX window_events_region ON window_events (region_code text_pattern_ops, id);
