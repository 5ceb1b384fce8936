// The facts a 差评 opens on, read from the engine's history of what it rates: who handled
// each step, where the working days went, how many supplement notices (补正) the applicant
// got, which deadlines were missed. Pure: the store passes the rows and the calendar.
import type { WorkCalendar } from '../calendar/index.js';

export interface TaskRow {
  name: string | null;
  elementId: string;
  createdAt: Date;
  endedAt: Date | null;
  dueAt: Date | null;
  completedBy: string | null;
  department: string | null;
  status: string;
}

export interface FactStep {
  name: string;
  handledBy: string | null;
  department: string | null;
  /** Working days from the task's creation to its completion (business hours), two decimals. */
  workdays: number | null;
  dueAt: string | null;
  /** Completed after its due instant, or still open past it. */
  missedDeadline: boolean;
}

export interface Facts {
  startedAt: string;
  endedAt: string | null;
  startedBy: string | null;
  /** Working days from start to end (business hours). */
  workdays: number | null;
  steps: FactStep[];
  /** Steps that asked the applicant for more material (名称含「补正」「补齐」「补充材料」). */
  supplementNotices: number;
  missedDeadlines: string[];
  /** The step that took the most working days. */
  longestStep: string | null;
}

const SUPPLEMENT = /补正|补齐|补充材料|supplement/i;

const round2 = (n: number) => Math.round(n * 100) / 100;

export function instanceFacts(
  instance: { startedAt: Date; endedAt: Date | null; startedBy: string | null },
  tasks: readonly TaskRow[],
  calendar: WorkCalendar,
  now: Date,
  iso: (d: Date) => string,
): Facts {
  const days = (a: Date, b: Date): number | null => {
    try {
      return round2(calendar.workdaysBetweenInstants(a, b));
    } catch {
      return null; // a year without official calendar data: leave the figure out rather than guess
    }
  };
  const steps: FactStep[] = tasks
    .filter((t) => t.status !== 'cancelled')
    .map((t) => {
      const end = t.endedAt ?? now;
      return {
        name: t.name ?? t.elementId,
        handledBy: t.completedBy,
        department: t.department,
        workdays: t.endedAt ? days(t.createdAt, t.endedAt) : null,
        dueAt: t.dueAt ? iso(t.dueAt) : null,
        missedDeadline: t.dueAt !== null && end.getTime() > t.dueAt.getTime(),
      };
    });
  let longest: FactStep | null = null;
  for (const s of steps) if (s.workdays !== null && (longest === null || s.workdays > (longest.workdays ?? 0))) longest = s;
  return {
    startedAt: iso(instance.startedAt),
    endedAt: instance.endedAt ? iso(instance.endedAt) : null,
    startedBy: instance.startedBy,
    workdays: instance.endedAt ? days(instance.startedAt, instance.endedAt) : null,
    steps,
    supplementNotices: steps.filter((s) => SUPPLEMENT.test(s.name)).length,
    missedDeadlines: steps.filter((s) => s.missedDeadline).map((s) => s.name),
    longestStep: longest?.name ?? null,
  };
}

/**
 * Whom a rating of an instance is attributed to: the department and officer of the last
 * completed user task (the one who decided), or null when no human step was recorded.
 */
export function attribution(tasks: readonly TaskRow[]): { department: string | null; officer: string | null } {
  const done = tasks.filter((t) => t.status === 'completed' && t.endedAt !== null).sort((a, b) => a.endedAt!.getTime() - b.endedAt!.getTime());
  const last = done.at(-1);
  return { department: last?.department ?? null, officer: last?.completedBy ?? null };
}
