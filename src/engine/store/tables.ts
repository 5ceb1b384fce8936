// The durable engine's tables (migrations 0007, 0008 and later), as Kysely sees them.
export interface EngineDeploymentTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  process_key: string;
  version: number;
  name: string | null;
  source_xml: string;
  models: unknown;
  deployed_by: string | null;
  deployed_at: import('kysely').Generated<Date>;
}

export interface EngineInstanceTable {
  id: string;
  region_code: string;
  deployment_id: number;
  process_key: string;
  business_key: string | null;
  status: string;
  state: unknown;
  revision: number;
  parent_id: string | null;
  parent_element_key: string | null;
  started_by: string | null;
  started_at: Date;
  ended_at: Date | null;
}

export interface EngineElementInstanceTable {
  instance_id: string;
  element_key: string;
  region_code: string;
  element_id: string;
  element_type: string;
  entered_at: Date;
}

export interface EngineTaskTable {
  id: string;
  instance_id: string;
  region_code: string;
  process_key: string;
  element_id: string;
  element_key: string;
  name: string | null;
  status: 'open' | 'completed' | 'cancelled';
  candidates: unknown;
  assignee: string | null;
  form_key: string | null;
  form: unknown;
  context: unknown;
  due_at: Date | null;
  created_at: Date;
  claimed_at: Date | null;
  ended_at: Date | null;
  completed_by: string | null;
}

export interface EngineJobTable {
  id: string;
  /** The instance a job belongs to; null for a timer start job, which belongs to its deployment. */
  instance_id: string | null;
  deployment_id: number | null;
  region_code: string;
  kind: 'timer' | 'service' | 'continuation' | 'start';
  due_at: Date;
  job: unknown;
  locked_by: string | null;
  lock_expires_at: Date | null;
  attempts: import('kysely').Generated<number>;
}

export interface EngineSubscriptionTable {
  id: string;
  instance_id: string;
  region_code: string;
  message_name: string;
  correlation_key: string | null;
  subscription: unknown;
}

export interface EngineIncidentTable {
  id: string;
  instance_id: string;
  region_code: string;
  element_id: string;
  element_key: string;
  job_id: string | null;
  service_type: string | null;
  message: string;
  status: 'open' | 'resolved';
  created_at: Date;
  resolved_at: Date | null;
}

export interface EngineHistoryTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  instance_id: string;
  process_key: string;
  deployment_id: number;
  type: string;
  at: Date;
  element_id: string | null;
  element_key: string | null;
  element_type: string | null;
  element_name: string | null;
  task_id: string | null;
  actor: string | null;
  department: string | null;
  data: unknown;
}

declare module '../../store/schema.js' {
  interface Database {
    engine_deployments: EngineDeploymentTable;
    engine_instances: EngineInstanceTable;
    engine_element_instances: EngineElementInstanceTable;
    engine_tasks: EngineTaskTable;
    engine_jobs: EngineJobTable;
    engine_subscriptions: EngineSubscriptionTable;
    engine_incidents: EngineIncidentTable;
    engine_history: EngineHistoryTable;
  }
}
