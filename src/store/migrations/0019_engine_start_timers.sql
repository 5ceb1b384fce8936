-- Timer start events: a deployed process with a timer start creates instances when it falls
-- due. Such a job belongs to the deployment, not to an instance: engine_jobs gets a
-- deployment owner, and a job has exactly one owner. Redeploying a process replaces the
-- previous version's start jobs (EngineStore.deploy, in the deployment's transaction).
ALTER TABLE engine_jobs ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE engine_jobs ADD COLUMN deployment_id bigint REFERENCES engine_deployments (id);
ALTER TABLE engine_jobs DROP CONSTRAINT IF EXISTS engine_jobs_kind_check;
ALTER TABLE engine_jobs ADD CONSTRAINT engine_jobs_kind_check CHECK (kind IN ('timer', 'service', 'continuation', 'start'));
ALTER TABLE engine_jobs ADD CONSTRAINT engine_jobs_one_owner CHECK ((instance_id IS NULL) <> (deployment_id IS NULL));
CREATE INDEX engine_jobs_deployment ON engine_jobs (deployment_id) WHERE deployment_id IS NOT NULL;
