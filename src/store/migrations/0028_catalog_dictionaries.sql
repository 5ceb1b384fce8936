-- Canonical materials and form fields a region's catalogue adds to the platform's dictionaries
-- (src/catalog/dictionaries.ts): kept so that later imports, edits and bundles of that region
-- know them. One row per entry; an import declaring the same id again replaces it.
CREATE TABLE catalog_dictionary_entries (
  region_code text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('material', 'field')),
  id          text NOT NULL CHECK (length(id) BETWEEN 1 AND 100),
  entry       jsonb NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (region_code, kind, id)
);
