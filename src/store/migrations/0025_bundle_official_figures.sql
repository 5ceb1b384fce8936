-- Figures a government published for a one-thing bundle (src/bundle/official-figures.ts): the
-- official before or after value of one figure, with its source and date, recorded by the
-- reform office beside the computed figure and never replacing it.
CREATE TABLE bundle_official_figures (
  bundle_id    bigint NOT NULL REFERENCES bundles (id) ON DELETE CASCADE,
  figure       text NOT NULL,
  stage        text NOT NULL CHECK (stage IN ('before', 'after')),
  value        numeric NOT NULL CHECK (value >= 0),
  source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 500),
  published_on date NOT NULL,
  recorded_by  text NOT NULL,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bundle_id, figure, stage)
);
