// What an administrator needs to know about the calendar's years: which are official (bundled
// or loaded), which are provisional, and — from October on — whether next year's official
// arrangement is still missing. Pure; the clock is the caller's.
import { shanghaiDate } from './dates.js';
import type { Coverage } from './model.js';

export interface NextYearWarning {
  year: number;
  message: { zh: string; en: string };
}

/** From 1 October (Asia/Shanghai), a warning when next year has no official arrangement. */
export function nextYearWarning(coverage: Pick<Coverage, 'years'>, now: Date): NextYearWarning | null {
  const today = shanghaiDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  if (month < 10 || coverage.years.includes(year + 1)) return null;
  const next = year + 1;
  return {
    year: next,
    message: {
      zh: `尚未加载 ${next} 年的国务院节假日安排：${next} 年的工作日按法定节假日暂定计算（不含调休），结果标为“暂定”。国务院通知发布后请加载该年安排。`,
      en: `The State Council arrangement for ${next} is not loaded yet: working days in ${next} are provisional (statutory holidays only, no make-up workdays) and marked as such. Load it once the notice is published.`,
    },
  };
}

/** '2004–2027' or '2004–2026, 2028'. */
export function describeYears(years: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    runs.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return runs.join(', ') || 'no years';
}
