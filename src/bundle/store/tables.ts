// The bundles' tables: one row per bundle, one per version of its draft.
export interface BundlesTable {
  id: number;
  region_code: string;
  name: string;
  status: 'draft' | 'published';
  lead_department_code: string;
  departments: unknown;
  latest_version: number;
  published_version: number | null;
  service_code: string | null;
  process_key: string;
  deployment_id: number | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

export interface BundleVersionsTable {
  id: number;
  region_code: string;
  bundle_id: number;
  version: number;
  matter_codes: unknown;
  decisions: unknown;
  draft: unknown;
  before: unknown;
  after: unknown;
  promised_workdays: number;
  bpmn_xml: string;
  note: string;
  vetoes: unknown;
  publish_changes: unknown;
  created_by: string;
  created_at: Date;
}

declare module '../../store/schema.js' {
  interface Database {
    bundles: BundlesTable;
    bundle_versions: BundleVersionsTable;
  }
}
