// Milestones in working days, the order of their dates, the Gantt bars and the blocker's
// escalation ladder: pure functions, no database.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.js';
import { escalation } from './blockers.js';
import { checkMilestoneDates, checkTemplate, currentMilestone, gantt, plannedMilestones } from './milestones.js';
import { DEFAULT_MILESTONE_TEMPLATE, DEFAULT_PROJECT_SETTINGS } from './model.js';
import { layOutPath, predictPath } from './prediction.js';

const cal = createCalendar();

describe('milestones', () => {
  it('plans each milestone its template span of working days after the previous one', () => {
    // Signed on Mid-Autumn Day 2026 (09-25, a holiday): the plan starts on the next working day, and
    // ten working days later lie beyond the National Day holiday.
    const ms = plannedMilestones(cal, '2026-09-25', DEFAULT_MILESTONE_TEMPLATE);
    expect(ms.map((m) => m.name.zh)).toEqual(['签约', '立项', '用地', '规划许可', '施工许可', '开工', '竣工验收', '投产']);
    expect(ms[0].plannedDate).toBe('2026-09-28');
    expect(cal.workdaysBetween(ms[0].plannedDate, ms[1].plannedDate)).toBe(10);
    expect(ms[1].plannedDate > '2026-10-08').toBe(true);
  });

  it('refuses a planned date before its predecessor’s, naming both', () => {
    const ms = plannedMilestones(cal, '2026-03-02', DEFAULT_MILESTONE_TEMPLATE);
    ms[2] = { ...ms[2], plannedDate: '2026-03-01' };
    expect(() => checkMilestoneDates(ms, '2026-03-02')).toThrow(/Land use: planned 2026-03-01 is before Project filing/);
  });

  it('refuses an actual date before an earlier milestone’s actual date, or in the future', () => {
    const ms = plannedMilestones(cal, '2026-03-02', DEFAULT_MILESTONE_TEMPLATE);
    ms[0] = { ...ms[0], actualDate: '2026-03-05' };
    ms[1] = { ...ms[1], actualDate: '2026-03-04' };
    expect(() => checkMilestoneDates(ms, '2026-04-01')).toThrow(/actual 2026-03-04 is before Signing/);
    ms[1] = { ...ms[1], actualDate: '2026-05-04' };
    expect(() => checkMilestoneDates(ms, '2026-04-01')).toThrow(/future/);
  });

  it('draws Gantt bars in working days and marks overdue milestones', () => {
    const ms = plannedMilestones(cal, '2026-03-02', DEFAULT_MILESTONE_TEMPLATE);
    ms[0] = { ...ms[0], actualDate: '2026-03-02' };
    const bars = gantt(cal, '2026-03-02', ms, '2026-03-20');
    expect(bars[1]).toMatchObject({ plannedWorkdays: 10, state: 'overdue' });
    expect(bars[0].state).toBe('done');
    expect(currentMilestone(ms)?.code).toBe('filing');
  });

  it('refuses a template with a repeated code or a span out of bounds', () => {
    const t = DEFAULT_MILESTONE_TEMPLATE;
    expect(() => checkTemplate([...t, { ...t[0], position: 99 }])).toThrow(/given twice/);
    expect(() => checkTemplate([{ ...t[0], workdays: -1 }])).toThrow(/0 to 2000/);
  });
});

describe('the blocker’s escalation ladder', () => {
  it('climbs one rung the day after its deadline: department → task-force lead → coordination meeting', () => {
    const b = { level: 'department' as const, status: 'open' as const, dueDate: '2026-03-05' };
    expect(escalation(b, '2026-03-05', cal, DEFAULT_PROJECT_SETTINGS)).toBeNull();
    expect(escalation(b, '2026-03-06', cal, DEFAULT_PROJECT_SETTINGS)).toEqual({ level: 'task_force', dueDate: '2026-03-13' });
    expect(escalation({ ...b, level: 'task_force' }, '2026-03-06', cal, DEFAULT_PROJECT_SETTINGS)?.level).toBe('coordination');
    expect(escalation({ ...b, level: 'coordination' }, '2026-03-06', cal, DEFAULT_PROJECT_SETTINGS)).toBeNull();
    expect(escalation({ ...b, status: 'resolved' }, '2026-03-06', cal, DEFAULT_PROJECT_SETTINGS)).toBeNull();
  });
});

describe('the predicted approval path', () => {
  const trace = (...steps: Array<[string, number]>) => steps.map(([name, workdays]) => ({ name, workdays }));

  it('says the history is too thin below the minimum sample', () => {
    expect(predictPath([trace(['受理', 1])], 5)).toEqual({ enough: false, sample: 1, needed: 5 });
  });

  it('takes the path most applications took, with each step’s median in working days', () => {
    const usual = [trace(['受理', 1], ['审查', 3], ['发证', 1]), trace(['受理', 0.5], ['审查', 5], ['发证', 1]), trace(['受理', 1], ['审查', 4], ['发证', 2])];
    const detour = [trace(['受理', 1], ['补正', 4], ['审查', 3], ['发证', 1]), trace(['受理', 1], ['补正', 2], ['审查', 3], ['发证', 1])];
    const p = predictPath([...detour, ...usual], 5);
    expect(p).toEqual({
      enough: true,
      sample: 5,
      variantCount: 3,
      variants: 2,
      steps: [
        { name: '受理', medianWorkdays: 1 },
        { name: '审查', medianWorkdays: 4 },
        { name: '发证', medianWorkdays: 1 },
      ],
      totalWorkdays: 6,
    });
  });

  it('lays the path out on the calendar from the filing day, step after step', () => {
    // Filed on Friday 2026-04-03, before the Qingming holiday (04-04..04-06): half a day and a day and a half
    // make two working days, so 审查 ends on Wednesday 04-08.
    const bars = layOutPath(cal, '2026-04-03', [
      { name: '受理', medianWorkdays: 0.5 },
      { name: '审查', medianWorkdays: 1.5 },
      { name: '发证', medianWorkdays: 1 },
    ]);
    expect(bars.map((b) => [b.name, b.start, b.end])).toEqual([
      ['受理', '2026-04-03', '2026-04-03'],
      ['审查', '2026-04-03', '2026-04-08'],
      ['发证', '2026-04-08', '2026-04-09'],
    ]);
  });
});
