-- The one-window service at county scale (src/window, src/audit; measured by bench/window.ts).

-- The audit trail's link is made by the database at commit. A writer inserts its row with a
-- provisional negative id and the hash of its content (content_hash, computed where the
-- canonical JSON is made); a deferred constraint trigger then, at commit, takes the chain's
-- lock, gives the row the next id and links it: hash = sha256(prev_hash || '\n' || id ||
-- '\n' || content_hash). The lock is held only from the link to the end of the commit, inside
-- the server — no longer across the writer's round trips — so writers no longer queue
-- behind each other's business logic. Rows written before this migration keep their
-- original hash (content_hash is null for them) and verify as before; ids stay consecutive
-- from 1, so a gap still means a removed row, and a rolled-back row never takes an id.
ALTER TABLE audit_log ADD COLUMN content_hash text;
ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL;
ALTER TABLE audit_log ALTER COLUMN hash DROP NOT NULL;
CREATE SEQUENCE audit_log_provisional_id;

CREATE FUNCTION audit_log_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  last_id   bigint;
  last_hash text;
BEGIN
  -- The same key the trail took before this migration: an older process still serialises with this one.
  PERFORM pg_advisory_xact_lock(7242021);
  SELECT id, hash INTO last_id, last_hash FROM audit_log WHERE id > 0 ORDER BY id DESC LIMIT 1;
  last_id := coalesce(last_id, 0);
  last_hash := coalesce(last_hash, repeat('0', 64));
  UPDATE audit_log
     SET id = last_id + 1,
         prev_hash = last_hash,
         hash = encode(sha256(convert_to(last_hash || E'\n' || (last_id + 1)::text || E'\n' || NEW.content_hash, 'UTF8')), 'hex')
   WHERE id = NEW.id;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER audit_log_link AFTER INSERT ON audit_log
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.id < 0) EXECUTE FUNCTION audit_log_link();

-- Worklists (src/window/work.ts, the engine's task lists) read open tasks oldest first and stop
-- at a page: in this order the scan ends after a page of matching rows, where the index by
-- region had every open task of the county read and sorted on every call.
CREATE INDEX engine_tasks_open_order ON engine_tasks (created_at, id) WHERE status = 'open';

-- The instance list pages newest first by key (started_at, id): no offset scan, no full count.
CREATE INDEX engine_instances_started ON engine_instances (started_at DESC, id DESC);
CREATE INDEX engine_instances_active_started ON engine_instances (started_at DESC, id DESC) WHERE status = 'active';

-- The window's applications are a log source of process mining (src/window/event-log.ts).
ALTER TABLE mining_logs DROP CONSTRAINT IF EXISTS mining_logs_source_check;
ALTER TABLE mining_logs ADD CONSTRAINT mining_logs_source_check CHECK (source IN ('xes', 'csv', 'engine', 'window'));
