import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../calendar/index.js';
import { sharedData } from '../../test/support/shared-data.js';
import { compareLogs, splitAt } from './compare.js';
import { importXesFile } from './import/xes.js';
import { discoverDfg } from './discover/dfg.js';
import { logFromTraces } from './model.js';
import type { WorkingTimeCalendar } from './performance/calendar.js';
import { deadlines } from './performance/deadlines.js';
import { handover } from './performance/handover.js';
import { rework } from './performance/rework.js';
import { activityStatistics, resourceStatistics } from './performance/statistics.js';
import { throughput } from './performance/throughput.js';
import { workTime } from './performance/work.js';
import { variants } from './variants.js';

const H = 3_600_000;
const T0 = Date.parse('2024-03-04T01:00:00Z'); // a Monday, 09:00 in Beijing

// intake → review → decision, one case with rework, one without review
const log = logFromTraces([
  {
    id: 'c1',
    events: [
      { activity: 'intake', time: T0, resource: 'wang' },
      { activity: 'review', time: T0 + 2 * H, resource: 'li' },
      { activity: 'decision', time: T0 + 5 * H, resource: 'zhao' },
    ],
  },
  {
    id: 'c2',
    events: [
      { activity: 'intake', time: T0, resource: 'wang' },
      { activity: 'review', time: T0 + 4 * H, resource: 'li' },
      { activity: 'decision', time: T0 + 6 * H, resource: 'zhao' },
    ],
  },
  {
    id: 'c3',
    events: [
      { activity: 'intake', time: T0, resource: 'wang' },
      { activity: 'review', time: T0 + H, resource: 'li' },
      { activity: 'review', time: T0 + 3 * H, resource: 'li' },
      { activity: 'decision', time: T0 + 30 * H, resource: 'zhao' },
    ],
  },
  {
    id: 'c4',
    events: [
      { activity: 'intake', time: T0, resource: 'wang' },
      { activity: 'decision', time: T0 + 48 * H, resource: 'wang' },
    ],
  },
]);

/** A stand-in with one working day per 24 hours and no data before 2005 (the real calendar is src/calendar). */
const dayCalendar: WorkingTimeCalendar = {
  businessSecondsBetween: (a, b) => (b.getTime() - a.getTime()) / 1000,
  workdaysBetweenInstants(a, b) {
    if (a.getUTCFullYear() < 2005)
      throw Object.assign(new Error(`no calendar data for ${a.getUTCFullYear()}`), { name: 'CalendarDataMissingError', code: 'calendar_data_missing', year: a.getUTCFullYear() });
    return (b.getTime() - a.getTime()) / (24 * H);
  },
};

describe('variants', () => {
  it('lists distinct sequences, most frequent first, with share and cumulative coverage', () => {
    const v = variants(log);
    expect(v.map((x) => [x.activities.join('>'), x.count])).toEqual([
      ['intake>review>decision', 2],
      ['intake>review>review>decision', 1],
      ['intake>decision', 1],
    ]);
    expect(v.map((x) => x.cumulativeShare)).toEqual([0.5, 0.75, 1]);
    expect(v[0].exampleCase).toBe('c1');
  });
});

describe('directly-follows graph', () => {
  it('counts each edge and gives mean, median and p90 of the waiting seconds', () => {
    const dfg = discoverDfg(log);
    const edge = (a: string, b: string) => dfg.edges.find((e) => e.from === a && e.to === b);
    expect(edge('intake', 'review')).toMatchObject({ count: 3, meanSeconds: (7 / 3) * 3600, medianSeconds: 2 * 3600 });
    expect(edge('intake', 'review')!.p90Seconds).toBeCloseTo(3.6 * 3600, 6);
    expect(edge('review', 'review')).toMatchObject({ count: 1, medianSeconds: 7200 });
    expect(edge('intake', 'decision')?.count).toBe(1);
    expect(dfg.startActivities).toEqual([{ name: 'intake', count: 4 }]);
    expect(dfg.activities.find((a) => a.name === 'review')?.count).toBe(4);
  });
});

describe('throughput', () => {
  it('measures cases in calendar hours and, through the calendar, in working days', () => {
    const t = throughput(log, dayCalendar);
    expect(t.cases).toBe(4);
    expect(t.medianHours).toBe(18); // 5, 6, 30, 48
    expect(t.medianWorkdays).toBeCloseTo(18 / 24, 3);
    expect(t.missingCalendarData).toEqual({ cases: 0, years: [] });
  });

  it('reports the cases the calendar has no data for instead of guessing', () => {
    const old = logFromTraces([
      {
        id: 'old',
        events: [
          { activity: 'a', time: '2003-05-01T00:00:00Z' },
          { activity: 'b', time: '2003-05-02T00:00:00Z' },
        ],
      },
      {
        id: 'new',
        events: [
          { activity: 'a', time: '2010-05-01T00:00:00Z' },
          { activity: 'b', time: '2010-05-03T00:00:00Z' },
        ],
      },
    ]);
    const t = throughput(old, dayCalendar);
    expect(t.missingCalendarData).toEqual({ cases: 1, years: [2003] });
    expect(t.workdays?.count).toBe(1);
    expect(t.medianWorkdays).toBe(2);
    expect(t.medianHours).toBe(36);
  });

  it("skips the Spring Festival holidays and counts the make-up Sunday with China's calendar", () => {
    // 2024: 10–17 February off, Sunday 18 February worked
    const festival = logFromTraces([
      {
        id: 'permit',
        events: [
          { activity: 'intake', time: '2024-02-08T09:00:00+08:00' },
          { activity: 'decision', time: '2024-02-19T09:00:00+08:00' },
        ],
      },
    ]);
    const t = throughput(festival, defaultCalendar());
    expect(t.medianHours).toBe(264);
    expect(t.medianWorkdays).toBeCloseTo(3, 6); // 8, 9 and 18 February
  });

  it('reports years the real calendar has no official data for', () => {
    const old = logFromTraces([
      {
        id: 'old',
        events: [
          { activity: 'a', time: '2001-05-08T09:00:00+08:00' },
          { activity: 'b', time: '2001-05-09T09:00:00+08:00' },
        ],
      },
    ]);
    expect(throughput(old, defaultCalendar()).missingCalendarData).toEqual({ cases: 1, years: [2001] });
  });

  it('on the road-traffic log, leaves out exactly the cases that touch the years before the calendar data', async () => {
    const road = await importXesFile(sharedData('eventlogs', 'roadtraffic100traces.xes'));
    const t = throughput(road, defaultCalendar());
    const touchingOldYears = road.caseIds.filter((_, c) => {
      const times = Array.from(road.timestamp.subarray(road.caseOffsets[c], road.caseOffsets[c + 1]));
      // years in Beijing time, as the calendar counts them
      return Math.min(...times.map((x) => new Date(x + 8 * H).getUTCFullYear())) < 2004;
    }).length;
    expect(touchingOldYears).toBeGreaterThan(0);
    expect(t.missingCalendarData!.cases).toBe(touchingOldYears);
    expect(t.missingCalendarData!.years.every((y) => y < 2004)).toBe(true);
    expect(t.workdays!.count).toBe(road.caseIds.length - touchingOldYears);
  });

  it('gives no working days without a calendar', () => {
    expect(throughput(log).medianWorkdays).toBeNull();
  });
});

describe('waiting and processing time', () => {
  it('pairs start and complete events and splits the case time', () => {
    const lc = logFromTraces([
      {
        events: [
          { activity: 'intake', time: T0, lifecycle: 'complete' },
          { activity: 'review', time: T0 + 2 * H, lifecycle: 'START' },
          { activity: 'review', time: T0 + 3 * H, lifecycle: 'COMPLETE' },
          { activity: 'decision', time: T0 + 7 * H, lifecycle: 'start' },
          { activity: 'decision', time: T0 + 8 * H, lifecycle: 'complete' },
        ],
      },
    ]);
    const w = workTime(lc);
    expect(w.available).toBe(true);
    expect(w.instances).toBe(2);
    const review = w.byActivity.find((a) => a.activity === 'review')!;
    expect(review.processingSeconds.median).toBe(3600);
    expect(review.waitingSeconds.median).toBe(7200);
    expect(w.byActivity.find((a) => a.activity === 'decision')!.waitingSeconds.median).toBe(4 * 3600);
    expect(w.medianCaseProcessingHours).toBe(2);
    expect(w.medianCaseWaitingHours).toBe(6);
    expect(w.processingShare).toBe(0.25);
  });

  it('uses a start-timestamp column when the log has one', () => {
    const st = logFromTraces([
      {
        events: [
          { activity: 'a', start: T0, time: T0 + H },
          { activity: 'b', start: T0 + 3 * H, time: T0 + 4 * H },
        ],
      },
    ]);
    const w = workTime(st);
    expect(w.byActivity.map((a) => [a.activity, a.processingSeconds.median, a.waitingSeconds.median])).toEqual([
      ['a', 3600, null],
      ['b', 3600, 7200],
    ]);
  });

  it('says so when the log has no start information', () => {
    expect(workTime(log).available).toBe(false);
  });
});

describe('rework, handover, statistics', () => {
  it('finds repeated activities', () => {
    expect(rework(log)).toEqual({ casesWithRework: 1, share: 0.25, byActivity: [{ activity: 'review', cases: 1, repeats: 1 }] });
  });

  it('counts handovers between different resources and between departments', () => {
    const h = handover(log, { departmentOfResource: { wang: 'window', li: 'housing bureau', zhao: 'housing bureau' } });
    expect(h.resources).toContainEqual({ from: 'wang', to: 'li', count: 3 });
    expect(h.resources).toContainEqual({ from: 'li', to: 'zhao', count: 3 });
    expect(h.resources.find((e) => e.from === 'li' && e.to === 'li')).toBeUndefined();
    expect(h.departments).toEqual([{ from: 'window', to: 'housing bureau', count: 3 }]);
  });

  it('gives events, cases and resources per activity and per resource', () => {
    expect(activityStatistics(log).find((s) => s.activity === 'review')).toEqual({ activity: 'review', events: 4, cases: 3, caseShare: 0.75, resources: 1 });
    expect(resourceStatistics(log).find((s) => s.resource === 'wang')).toEqual({ resource: 'wang', events: 5, cases: 4, activities: 2 });
  });
});

describe('deadlines', () => {
  it('finds events done after their due date and cases over a promised limit in working days', () => {
    const l = logFromTraces([
      {
        id: 'c1',
        events: [
          { activity: 'a', time: T0 },
          { activity: 'b', time: T0 + 50 * H },
        ],
      },
      {
        id: 'c2',
        events: [
          { activity: 'a', time: T0 },
          { activity: 'b', time: T0 + 10 * H },
        ],
      },
    ]);
    const due = l.eventAttributes;
    due.set('dueDate', { type: 'date', values: [T0 + H, T0 + 24 * H, T0 + H, T0 + 24 * H] });
    const d = deadlines(l, { promisedWorkdays: 1, calendar: dayCalendar });
    expect(d.due).toMatchObject({ attribute: 'dueDate', events: 4, late: 1, lateCases: 1 });
    expect(d.due!.byActivity[0]).toEqual({ activity: 'b', events: 2, late: 1, medianDelayHours: 26 });
    expect(d.promised).toMatchObject({ limitWorkdays: 1, cases: 2, late: 1, lateCaseIds: ['c1'] });
  });
});

describe('before and after', () => {
  it('compares two halves of one log split at a date, figure by figure', () => {
    const l = logFromTraces([
      {
        id: 'old1',
        events: [
          { activity: 'intake', time: '2023-01-02T01:00:00Z' },
          { activity: 'review', time: '2023-01-03T01:00:00Z' },
          { activity: 'decision', time: '2023-01-05T01:00:00Z' },
        ],
      },
      {
        id: 'old2',
        events: [
          { activity: 'intake', time: '2023-02-01T01:00:00Z' },
          { activity: 'review', time: '2023-02-02T01:00:00Z' },
          { activity: 'decision', time: '2023-02-05T01:00:00Z' },
        ],
      },
      {
        id: 'new1',
        events: [
          { activity: 'intake', time: '2024-01-02T01:00:00Z' },
          { activity: 'decision', time: '2024-01-02T05:00:00Z' },
        ],
      },
    ]);
    const { before, after } = splitAt(l, new Date('2024-01-01T00:00:00Z'));
    expect(before.caseIds).toEqual(['old1', 'old2']);
    expect(after.caseIds).toEqual(['new1']);
    const cmp = compareLogs(before, after, dayCalendar);
    const fig = (n: string) => cmp.figures.find((f) => f.name === n)!;
    expect(fig('medianHours')).toMatchObject({ before: 84, after: 4, change: -80 });
    expect(fig('medianWorkdays').after).toBeCloseTo(4 / 24, 3);
    expect(fig('eventsPerCase')).toMatchObject({ before: 3, after: 2, change: -1 });
    expect(cmp.activitiesRemoved).toEqual(['review']);
    expect(cmp.byActivity.find((a) => a.activity === 'review')).toEqual({ activity: 'review', beforePerCase: 1, afterPerCase: 0 });
  });
});
