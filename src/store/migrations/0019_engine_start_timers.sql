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

-- As 0008 did for tokens and tasks: no foreign-key check on the subscriptions and jobs every
-- command may write (each check was a lookup and a row lock on the instance: every start of a
-- process whose event sub-process listens for a message, such as the applicant's withdrawal,
-- paid one). They are written only by engine_apply, together with their instance.
ALTER TABLE engine_subscriptions DROP CONSTRAINT IF EXISTS engine_subscriptions_instance_id_fkey;
ALTER TABLE engine_jobs DROP CONSTRAINT IF EXISTS engine_jobs_instance_id_fkey;
