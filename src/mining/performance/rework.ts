// Rework: an activity done more than once in the same case.
import type { EventLog } from '../model.js';

export interface ReworkByActivity {
  activity: string;
  /** Cases in which the activity occurs more than once. */
  cases: number;
  /** Executions beyond the first, summed over cases. */
  repeats: number;
}

export interface Rework {
  casesWithRework: number;
  share: number;
  byActivity: ReworkByActivity[];
}

export function rework(log: EventLog): Rework {
  const n = log.activityNames.length;
  const seen = new Uint32Array(n);
  const cases = new Uint32Array(n);
  const repeats = new Uint32Array(n);
  let withRework = 0;
  for (let c = 0; c < log.caseIds.length; c++) {
    const from = log.caseOffsets[c];
    const to = log.caseOffsets[c + 1];
    let any = false;
    for (let e = from; e < to; e++) {
      const a = log.activity[e];
      seen[a]++;
      if (seen[a] === 2) {
        cases[a]++;
        any = true;
      }
      if (seen[a] >= 2) repeats[a]++;
    }
    for (let e = from; e < to; e++) seen[log.activity[e]] = 0;
    if (any) withRework++;
  }
  const byActivity: ReworkByActivity[] = [];
  for (let a = 0; a < n; a++) if (cases[a] > 0) byActivity.push({ activity: log.activityNames[a], cases: cases[a], repeats: repeats[a] });
  byActivity.sort((x, y) => y.cases - x.cases || y.repeats - x.repeats || x.activity.localeCompare(y.activity));
  return { casesWithRework: withRework, share: log.caseIds.length ? withRework / log.caseIds.length : 0, byActivity };
}
