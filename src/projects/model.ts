// Major projects (重点项目): the vocabulary src/projects and the web app share. Pure.
import type { Text } from '../shared/text.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export type { Text };

export const PROJECT_LEVELS = ['county', 'city', 'provincial'] as const;
export type ProjectLevel = (typeof PROJECT_LEVELS)[number];
export const PROJECT_LEVEL_LABELS: Record<ProjectLevel, Text> = {
  county: { zh: '县级重点项目', en: 'County key project' },
  city: { zh: '市级重点项目', en: 'City key project' },
  provincial: { zh: '省级重点项目', en: 'Provincial key project' },
};

/** One step of the milestone template; `workdays` is its planned span after the previous one. */
export interface MilestoneTemplateStep {
  code: string;
  position: number;
  name: Text;
  workdays: number;
}

export const DEFAULT_MILESTONE_TEMPLATE: MilestoneTemplateStep[] = [
  { code: 'signing', position: 1, name: { zh: '签约', en: 'Signing' }, workdays: 0 },
  { code: 'filing', position: 2, name: { zh: '立项', en: 'Project filing' }, workdays: 10 },
  { code: 'land', position: 3, name: { zh: '用地', en: 'Land use' }, workdays: 20 },
  { code: 'planning_permit', position: 4, name: { zh: '规划许可', en: 'Planning permit' }, workdays: 15 },
  { code: 'construction_permit', position: 5, name: { zh: '施工许可', en: 'Construction permit' }, workdays: 15 },
  { code: 'groundbreaking', position: 6, name: { zh: '开工', en: 'Groundbreaking' }, workdays: 5 },
  { code: 'acceptance', position: 7, name: { zh: '竣工验收', en: 'Completion acceptance' }, workdays: 120 },
  { code: 'production', position: 8, name: { zh: '投产', en: 'In production' }, workdays: 20 },
];

export interface Milestone {
  code: string;
  position: number;
  name: Text;
  plannedDate: string;
  actualDate: string | null;
}

/** 堵点 escalation ladder: the owner department → the task-force lead → the county's coordination meeting (调度会). */
export const BLOCKER_LEVELS = ['department', 'task_force', 'coordination'] as const;
export type BlockerLevel = (typeof BLOCKER_LEVELS)[number];
export const BLOCKER_LEVEL_LABELS: Record<BlockerLevel, Text> = {
  department: { zh: '责任部门', en: 'Owner department' },
  task_force: { zh: '专班组长', en: 'Task-force lead' },
  coordination: { zh: '县调度会', en: 'Coordination meeting' },
};

export interface ProjectSettings {
  /** Working days the task-force lead has once a blocker reaches them. */
  taskForceWorkdays: number;
  /** Working days a coordination meeting's decision gets by default. */
  decisionWorkdays: number;
}
export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = { taskForceWorkdays: 5, decisionWorkdays: 10 };

export type ProjectErrorCode = 'invalid' | 'forbidden' | 'not_found' | 'conflict';
export const PROJECT_ERROR_STATUS: StatusTable<ProjectErrorCode> = { invalid: 422, forbidden: 403, not_found: 404, conflict: 409 };

/** Answered as `project_<code>`. */
export class ProjectError extends DomainError {
  constructor(
    readonly code: ProjectErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(PROJECT_ERROR_STATUS[code], `project_${code}`, messages, details);
  }
}
