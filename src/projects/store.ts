// Major projects in the database: the tables (declared for Kysely) and the county's template
// and settings. Commands are in service.ts, the views in views.ts.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { DEFAULT_MILESTONE_TEMPLATE, DEFAULT_PROJECT_SETTINGS, type BlockerLevel, type MilestoneTemplateStep, type ProjectLevel, type ProjectSettings } from './model.js';

export type Db = Kysely<Database>;

export interface ProjectMilestoneTemplatesTable {
  region_code: string;
  position: number;
  code: string;
  name_zh: string;
  name_en: string;
  workdays: number;
}
export interface ProjectSettingsTable {
  region_code: string;
  task_force_workdays: number;
  decision_workdays: number;
}
export interface ProjectsTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  investor_uscc: string;
  investment: number;
  location: string;
  industry: string;
  level: ProjectLevel;
  leader_id: number;
  agent_id: number;
  task_force_lead_id: number | null;
  start_date: string;
  created_at: Date;
  updated_at: Date;
}
export interface ProjectMilestonesTable {
  id: Generated<number>;
  project_id: number;
  position: number;
  code: string;
  name_zh: string;
  name_en: string;
  planned_date: string;
  actual_date: string | null;
}
export interface ProjectMembersTable {
  project_id: number;
  user_id: number;
  department_id: number | null;
  duty: string;
}
export interface ProjectApprovalsTable {
  id: Generated<number>;
  project_id: number;
  milestone_code: string;
  application_id: number;
  linked_by: string;
  linked_at: Date;
}
export interface ProjectMeetingsTable {
  id: Generated<number>;
  region_code: string;
  project_id: number | null;
  kind: 'task_force' | 'coordination';
  status: 'draft' | 'held';
  title: string;
  held_on: string | null;
  minutes: string;
  created_by: string;
  created_at: Date;
}
export interface ProjectBlockersTable {
  id: Generated<number>;
  project_id: number;
  region_code: string;
  title: string;
  description: string;
  category: string;
  owner_department_id: number;
  due_date: string;
  level: BlockerLevel;
  status: 'open' | 'resolved';
  meeting_id: number | null;
  escalated_at: Date | null;
  resolution: string;
  resolved_at: Date | null;
  created_by: string;
  created_at: Date;
}
export interface ProjectBlockerEventsTable {
  id: Generated<number>;
  blocker_id: number;
  at: Date;
  actor_name: string;
  action: string;
  from_level: string | null;
  to_level: string | null;
  note: string;
}
export interface ProjectItemsTable {
  id: Generated<number>;
  project_id: number;
  region_code: string;
  meeting_id: number;
  blocker_id: number | null;
  text: string;
  owner_department_id: number;
  owner_user_id: number | null;
  due_date: string;
  status: 'open' | 'done';
  done_at: Date | null;
  note: string;
  created_at: Date;
  /** The rung a late item has climbed to (migration 0031), like a blocker's. */
  level: Generated<'department' | 'task_force' | 'coordination'>;
  /** The coordination meeting whose draft agenda lists the item once it reaches that rung. */
  agenda_meeting_id: number | null;
  escalated_at: Date | null;
}

declare module '../store/schema.js' {
  interface Database {
    project_milestone_templates: ProjectMilestoneTemplatesTable;
    project_settings: ProjectSettingsTable;
    projects: ProjectsTable;
    project_milestones: ProjectMilestonesTable;
    project_members: ProjectMembersTable;
    project_approvals: ProjectApprovalsTable;
    project_meetings: ProjectMeetingsTable;
    project_blockers: ProjectBlockersTable;
    project_blocker_events: ProjectBlockerEventsTable;
    project_items: ProjectItemsTable;
  }
}

export const countyOf = (regionCode: string) => regionCode.slice(0, 6);

export async function loadTemplate(db: Db, county: string): Promise<{ steps: MilestoneTemplateStep[]; custom: boolean }> {
  const rows = await db.selectFrom('project_milestone_templates').selectAll().where('region_code', '=', county).orderBy('position').execute();
  if (!rows.length) return { steps: DEFAULT_MILESTONE_TEMPLATE, custom: false };
  return { custom: true, steps: rows.map((r) => ({ code: r.code, position: r.position, name: { zh: r.name_zh, en: r.name_en }, workdays: r.workdays })) };
}

export async function loadProjectSettings(db: Db, county: string): Promise<ProjectSettings> {
  const row = await db.selectFrom('project_settings').selectAll().where('region_code', '=', county).executeTakeFirst();
  return row ? { taskForceWorkdays: row.task_force_workdays, decisionWorkdays: row.decision_workdays } : DEFAULT_PROJECT_SETTINGS;
}
