-- The reform office's vetoes in a one-thing bundle (src/bundle/reliances.ts): each version keeps
-- the fixes and replacements vetoed when it was computed ({key, reason, by, byName, at}), so a
-- veto is part of what the version was computed from. A version published over an earlier
-- published one keeps what changed between them (shown before confirming the publication).
ALTER TABLE bundle_versions ADD COLUMN vetoes jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE bundle_versions ADD COLUMN publish_changes jsonb;
