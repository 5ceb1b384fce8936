// Milestones in working days. Pure: the template, the calendar and the dates in; planned
// dates, refusals naming the milestone, and what the board and the Gantt chart show out.
import type { WorkCalendar } from '../calendar/index.js';
import { ProjectError, type Milestone, type MilestoneTemplateStep } from './model.js';

export const MAX_TEMPLATE_STEPS = 40;
const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(text: string): boolean {
  if (!ISO.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The template's own shape: codes unique, positions unique, spans in bounds. */
export function checkTemplate(steps: readonly MilestoneTemplateStep[]): MilestoneTemplateStep[] {
  if (steps.length === 0 || steps.length > MAX_TEMPLATE_STEPS)
    throw new ProjectError('invalid', { zh: `里程碑模板须有 1–${MAX_TEMPLATE_STEPS} 个节点`, en: `a milestone template has 1 to ${MAX_TEMPLATE_STEPS} steps` }, { field: 'steps' });
  const codes = new Set<string>();
  const positions = new Set<number>();
  for (const s of steps) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(s.code)) throw new ProjectError('invalid', { zh: `节点代码不合法：${s.code}`, en: `invalid milestone code: ${s.code}` }, { code: s.code });
    if (codes.has(s.code)) throw new ProjectError('invalid', { zh: `节点代码重复：${s.code}`, en: `milestone code given twice: ${s.code}` }, { code: s.code });
    if (positions.has(s.position)) throw new ProjectError('invalid', { zh: `节点顺序重复：${s.position}`, en: `position given twice: ${s.position}` }, { code: s.code });
    if (!s.name.zh.trim()) throw new ProjectError('invalid', { zh: `节点 ${s.code} 缺少名称`, en: `milestone ${s.code} has no name` }, { code: s.code });
    if (!Number.isInteger(s.workdays) || s.workdays < 0 || s.workdays > 2000)
      throw new ProjectError('invalid', { zh: `节点 ${s.code} 的工作日须为 0–2000`, en: `milestone ${s.code}: working days must be 0 to 2000` }, { code: s.code });
    codes.add(s.code);
    positions.add(s.position);
  }
  return [...steps].sort((a, b) => a.position - b.position);
}

/** Planned dates: from the start (moved to a working day), each step its span after the previous. */
export function plannedMilestones(calendar: WorkCalendar, startDate: string, template: readonly MilestoneTemplateStep[]): Milestone[] {
  let date = calendar.isWorkday(startDate) ? startDate : calendar.addWorkdays(startDate, 1);
  return [...template]
    .sort((a, b) => a.position - b.position)
    .map((s) => {
      date = calendar.addWorkdays(date, s.workdays);
      return { code: s.code, position: s.position, name: s.name, plannedDate: date, actualDate: null };
    });
}

/**
 * Dates in order: a planned date before its predecessor's planned date is refused, and an
 * actual date before the latest earlier actual date; an actual date after today too.
 */
export function checkMilestoneDates(milestones: readonly Milestone[], today: string): void {
  const sorted = [...milestones].sort((a, b) => a.position - b.position);
  let prevPlanned: Milestone | null = null;
  let prevActual: Milestone | null = null;
  for (const m of sorted) {
    for (const [field, value] of [
      ['plannedDate', m.plannedDate],
      ['actualDate', m.actualDate],
    ] as const) {
      if (value !== null && !isDate(value))
        throw new ProjectError('invalid', { zh: `${m.name.zh}的日期不正确：${value}`, en: `${m.name.en}: not a date: ${value}` }, { milestone: m.code, field });
    }
    if (prevPlanned && m.plannedDate < prevPlanned.plannedDate) {
      throw new ProjectError(
        'invalid',
        {
          zh: `${m.name.zh}的计划日期 ${m.plannedDate} 早于前一节点${prevPlanned.name.zh}的 ${prevPlanned.plannedDate}`,
          en: `${m.name.en}: planned ${m.plannedDate} is before ${prevPlanned.name.en} (${prevPlanned.plannedDate})`,
        },
        { milestone: m.code, field: 'plannedDate', predecessor: prevPlanned.code },
      );
    }
    prevPlanned = m;
    if (m.actualDate !== null) {
      if (m.actualDate > today)
        throw new ProjectError(
          'invalid',
          { zh: `${m.name.zh}的实际日期不能晚于今天`, en: `${m.name.en}: an actual date cannot be in the future` },
          { milestone: m.code, field: 'actualDate' },
        );
      if (prevActual && m.actualDate < prevActual.actualDate!) {
        throw new ProjectError(
          'invalid',
          {
            zh: `${m.name.zh}的实际日期 ${m.actualDate} 早于前一节点${prevActual.name.zh}的 ${prevActual.actualDate}`,
            en: `${m.name.en}: actual ${m.actualDate} is before ${prevActual.name.en} (${prevActual.actualDate})`,
          },
          { milestone: m.code, field: 'actualDate', predecessor: prevActual.code },
        );
      }
      prevActual = m;
    }
  }
}

export type MilestoneState = 'done' | 'overdue' | 'due';

export function milestoneState(m: Pick<Milestone, 'plannedDate' | 'actualDate'>, today: string): MilestoneState {
  if (m.actualDate) return 'done';
  return m.plannedDate < today ? 'overdue' : 'due';
}

/** The milestone a project stands at: the first not reached; null when all are. */
export function currentMilestone<M extends Pick<Milestone, 'position' | 'actualDate'>>(milestones: readonly M[]): M | null {
  return [...milestones].sort((a, b) => a.position - b.position).find((m) => !m.actualDate) ?? null;
}

export interface GanttBar {
  code: string;
  name: Milestone['name'];
  plannedStart: string;
  plannedEnd: string;
  plannedWorkdays: number;
  actualStart: string | null;
  actualEnd: string | null;
  actualWorkdays: number | null;
  state: MilestoneState;
}

/** Bars in working days: each milestone spans from its predecessor (or the start) to itself. */
export function gantt(calendar: WorkCalendar, startDate: string, milestones: readonly Milestone[], today: string): GanttBar[] {
  let plannedFrom = startDate;
  let actualFrom: string | null = startDate;
  return [...milestones]
    .sort((a, b) => a.position - b.position)
    .map((m) => {
      const bar: GanttBar = {
        code: m.code,
        name: m.name,
        plannedStart: plannedFrom,
        plannedEnd: m.plannedDate,
        plannedWorkdays: calendar.workdaysBetween(plannedFrom, m.plannedDate),
        actualStart: m.actualDate && actualFrom ? actualFrom : null,
        actualEnd: m.actualDate,
        actualWorkdays: m.actualDate && actualFrom ? calendar.workdaysBetween(actualFrom, m.actualDate) : null,
        state: milestoneState(m, today),
      };
      plannedFrom = m.plannedDate;
      actualFrom = m.actualDate ?? null;
      return bar;
    });
}
