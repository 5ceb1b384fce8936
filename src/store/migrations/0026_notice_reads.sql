-- Read state of notices, one row per reader: a department's notice reaches every officer of
-- it, so "read" belongs to the person who read it, not to the notice.
CREATE TABLE notice_reads (
  notice_id bigint NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
  username  text NOT NULL,
  read_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, username)
);
