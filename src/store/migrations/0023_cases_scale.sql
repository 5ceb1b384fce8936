-- Cases at county scale (src/cases) and the case history as a mining source (src/mining).
--
-- The dispatcher's board counts each column up to 100 (the board shows "99+") and lists a
-- column's newest cases; each column has an index that holds just its rows, so a board load
-- reads a bounded number of index entries, never the whole table or all open cases:
--   new and the lists: the open cases of a region subtree, covering what the board reads
--   (replaces cases_open (region, status));
--   overdue: the open cases by their due instants (handling, and response while assigned);
--   bounced, leader's board: the few open cases so flagged.
CREATE INDEX cases_board ON cases (region_code text_pattern_ops)
  INCLUDE (status, handle_due, response_due, bounced, leader_flagged, unit_department_id, reported_at)
  WHERE status NOT IN ('closed', 'evaluated');
DROP INDEX cases_open;
CREATE INDEX cases_handle_due ON cases (handle_due) INCLUDE (region_code, unit_department_id) WHERE status IN ('assigned', 'handling');
CREATE INDEX cases_response_due ON cases (response_due) INCLUDE (region_code, unit_department_id) WHERE status = 'assigned';
CREATE INDEX cases_bounced_open ON cases (region_code text_pattern_ops) WHERE bounced AND status NOT IN ('closed', 'evaluated');
CREATE INDEX cases_leader_open ON cases (region_code text_pattern_ops) WHERE leader_flagged AND status NOT IN ('closed', 'evaluated');

-- The box of each loaded boundary, so locating a report parses only the boundaries whose box
-- holds the point (a county's file may hold hundreds of villages). NULL (rows loaded before
-- this migration) is a candidate for every point.
ALTER TABLE case_boundaries
  ADD COLUMN min_lng double precision,
  ADD COLUMN min_lat double precision,
  ADD COLUMN max_lng double precision,
  ADD COLUMN max_lat double precision;

-- A stored event log may be the cases' own history (one case per case, one event per step).
ALTER TABLE mining_logs DROP CONSTRAINT mining_logs_source_check;
ALTER TABLE mining_logs ADD CONSTRAINT mining_logs_source_check CHECK (source IN ('xes', 'csv', 'engine', 'window', 'cases'));
