-- The reform office's decision on each analyzer finding: accepted (its fix made the to-be
-- version), rejected with a reason, or deferred. A decision holds while the matter's data it
-- was about is unchanged (matter_hash); once the matter changes, the finding is raised again.
-- Rows are never updated or deleted: a new decision on the same finding is a new row, so the
-- ledger keeps who decided what, when, and why.
CREATE TABLE analyze_finding_decisions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code    text NOT NULL REFERENCES regions (code),
  matter_code    text NOT NULL,
  finding_key    text NOT NULL,
  rule_id        text NOT NULL,
  decision       text NOT NULL CHECK (decision IN ('accepted', 'rejected', 'deferred')),
  reason         text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  matter_hash    text NOT NULL,
  ledger_item_id bigint,
  decided_by     text NOT NULL,
  decided_by_name text NOT NULL,
  decided_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (decision <> 'rejected' OR length(btrim(reason)) > 0)
);
CREATE INDEX analyze_finding_decisions_matter ON analyze_finding_decisions (matter_code, finding_key, id DESC);
CREATE INDEX analyze_finding_decisions_region ON analyze_finding_decisions (region_code text_pattern_ops, id DESC);
