// The escalation ladder of a blocker (堵点). Pure: a blocker and today in, the next rung
// with its new deadline out (or nothing to do).
import type { WorkCalendar } from '../calendar/index.js';
import type { BlockerLevel, ProjectSettings } from './model.js';

export interface BlockerClock {
  level: BlockerLevel;
  status: 'open' | 'resolved';
  dueDate: string;
}

/** The rung above; the coordination meeting is the top. */
export function nextLevel(level: BlockerLevel): BlockerLevel | null {
  return level === 'department' ? 'task_force' : level === 'task_force' ? 'coordination' : null;
}

/**
 * An open blocker whose deadline has passed (the day after its due date) climbs one rung:
 * to the task-force lead with `taskForceWorkdays` more, or onto the coordination meeting's
 * agenda, where the meeting's decision sets the next deadline.
 */
export function escalation(b: BlockerClock, today: string, calendar: WorkCalendar, settings: ProjectSettings): { level: BlockerLevel; dueDate: string } | null {
  if (b.status !== 'open' || b.dueDate >= today) return null;
  const level = nextLevel(b.level);
  if (!level) return null;
  const dueDate = level === 'task_force' ? calendar.addWorkdays(today, settings.taskForceWorkdays) : calendar.addWorkdays(today, settings.decisionWorkdays);
  return { level, dueDate };
}
