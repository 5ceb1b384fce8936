-- Notices to officers inside the platform: a deadline recounted when the official holiday
-- year replaced a provisional one, addressed to a person (username) or to everyone of a
-- department (department code). Applicants' notices stay in window_outbox.
CREATE TABLE notices (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code          text NOT NULL,
  recipient_username   text,
  recipient_department text,
  subject              text NOT NULL CHECK (length(subject) <= 500),
  body                 text NOT NULL CHECK (length(body) <= 4000),
  entity               text NOT NULL,
  entity_id            text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  CHECK (recipient_username IS NOT NULL OR recipient_department IS NOT NULL)
);
CREATE INDEX notices_username ON notices (recipient_username, id DESC) WHERE recipient_username IS NOT NULL;
CREATE INDEX notices_department ON notices (recipient_department, id DESC) WHERE recipient_department IS NOT NULL;
