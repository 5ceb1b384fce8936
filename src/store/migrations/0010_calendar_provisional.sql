-- Deadlines computed on a provisional year (src/calendar/provisional.ts: the statutory
-- holidays only, before the State Council's notice is loaded) are marked, shown as 暂定, and
-- recomputed when the official year is loaded (src/calendar/official-year.ts). The year lets
-- the recompute find exactly the deadlines that a loaded year changes.
ALTER TABLE ledger_items ADD COLUMN deadline_provisional_year integer;
CREATE INDEX ledger_items_provisional ON ledger_items (deadline_provisional_year) WHERE deadline_provisional_year IS NOT NULL;
