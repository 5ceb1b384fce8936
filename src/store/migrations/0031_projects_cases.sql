-- Enterprise requests become cases of the closed loop (src/cases, channel 'enterprise'); late
-- follow-up items climb like blockers.
--
-- Each request keeps its enterprise record (tier, targets, officer) and names its case: the
-- case carries the loop's lifecycle, history, leader flag and evaluation. A county's requests
-- file under a category of its own ('ent-' + county), inactive so that neither Open311 nor the
-- report form offers it. Requests filed before this migration are given their case here.
ALTER TABLE enterprise_requests ADD COLUMN case_id bigint REFERENCES cases (id);
-- The rung a request stands on: its officer; the officer's department (first contact missed);
-- the leader (the answer missed).
ALTER TABLE enterprise_requests ADD COLUMN rung text NOT NULL DEFAULT 'officer' CHECK (rung IN ('officer', 'department', 'leader'));
UPDATE enterprise_requests SET rung = 'department' WHERE escalated;
CREATE UNIQUE INDEX enterprise_requests_case ON enterprise_requests (case_id) WHERE case_id IS NOT NULL;

INSERT INTO case_categories (code, region_code, name_zh, name_en, description, group_name, active)
SELECT DISTINCT 'ent-' || substr(region_code, 1, 6), substr(region_code, 1, 6), '企业诉求', 'Enterprise request', '企业向服务专员提出的诉求', '企业服务', false
FROM enterprise_requests
ON CONFLICT (code) DO NOTHING;

INSERT INTO cases (region_code, category_code, channel, status, urgency, description, attributes, reporter_id, reporter_name,
                   tier, unit_region_code, unit_department_id, unit_name, escalations, leader_flagged, reported_at, assigned_at,
                   response_due, responded_at, responded_late, handle_due, handled_at, handled_late, closed_at, updated_at)
SELECT r.region_code, 'ent-' || substr(r.region_code, 1, 6), 'enterprise',
       CASE r.status WHEN 'submitted' THEN (CASE WHEN d.id IS NULL THEN 'accepted' ELSE 'assigned' END)
                     WHEN 'contacted' THEN 'handling' WHEN 'answered' THEN 'checking' ELSE 'closed' END,
       'normal', r.title || '：' || r.description, jsonb_build_object('enterpriseRequestId', r.id, 'uscc', r.uscc, 'tier', r.tier),
       e.contact_user_id, e.name,
       CASE WHEN d.id IS NULL THEN NULL ELSE 'department' END, d.region_code, d.id, d.name,
       CASE WHEN r.escalated THEN 1 ELSE 0 END, false, r.created_at, CASE WHEN d.id IS NULL THEN NULL ELSE r.created_at END,
       r.contact_due, r.contacted_at, r.contacted_late, r.answer_due, r.answered_at, r.answered_late, r.closed_at, r.updated_at
FROM enterprise_requests r
JOIN enterprises e ON e.uscc = r.uscc
LEFT JOIN users o ON o.id = r.officer_id
LEFT JOIN departments d ON d.id = o.department_id;

UPDATE enterprise_requests r SET case_id = c.id
FROM cases c
WHERE c.channel = 'enterprise' AND (c.attributes ->> 'enterpriseRequestId')::bigint = r.id AND r.case_id IS NULL;

INSERT INTO case_events (case_id, region_code, at, actor_name, action, from_status, to_status, data)
SELECT c.id, c.region_code, c.reported_at, 'system', 'report', NULL, 'accepted', jsonb_build_object('channel', 'enterprise', 'migrated', true)
FROM cases c WHERE c.channel = 'enterprise' AND NOT EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = c.id);

-- Follow-up items (督办事项) past their deadline climb: the owner department → the task-force
-- lead → the county's coordination meeting, whose draft lists them beside the blockers.
ALTER TABLE project_items ADD COLUMN level text NOT NULL DEFAULT 'department' CHECK (level IN ('department', 'task_force', 'coordination'));
ALTER TABLE project_items ADD COLUMN agenda_meeting_id bigint REFERENCES project_meetings (id);
ALTER TABLE project_items ADD COLUMN escalated_at timestamptz;
CREATE INDEX project_items_due ON project_items (due_date) WHERE status = 'open';
CREATE INDEX project_items_agenda ON project_items (agenda_meeting_id) WHERE agenda_meeting_id IS NOT NULL;
