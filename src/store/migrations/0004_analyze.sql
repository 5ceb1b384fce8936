-- The analyzer's rule configuration per region: a rule switched off, its severity changed,
-- or its options (thresholds) overridden. A region inherits its ancestors' settings (region
-- codes are prefixes of their descendants'); the narrowest region wins, option by option.
CREATE TABLE analyze_rule_settings (
  region_code text NOT NULL REFERENCES regions (code),
  rule_id     text NOT NULL CHECK (rule_id ~ '^[a-z]+(-[a-z]+)*$'),
  severity    text CHECK (severity IS NULL OR severity IN ('off', 'error', 'warning', 'suggestion')),
  options     jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, rule_id)
);
