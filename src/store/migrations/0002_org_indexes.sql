-- Region-subtree queries are prefix matches (region_code LIKE '370883%'): text_pattern_ops
-- lets a b-tree serve them whatever the database collation.
CREATE INDEX regions_code_prefix ON regions (code text_pattern_ops);
CREATE INDEX departments_region_prefix ON departments (region_code text_pattern_ops);
CREATE INDEX users_region_prefix ON users (region_code text_pattern_ops);
CREATE INDEX audit_log_region_prefix ON audit_log (region_code text_pattern_ops);
