// A self-contained HTML page with the figures of one log (`zaizao mine LOG --format html`):
// headline numbers, throughput, variants, the directly-follows edges, rework, handovers.
import type { LogSummary } from './summary.js';
import { escapeXml } from '../shared/xml.js';

const esc = (s: unknown): string => escapeXml(String(s ?? ''));

function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  if (seconds < 3600) return `${num(seconds / 60, 1)} min`;
  if (seconds < 172_800) return `${num(seconds / 3600, 1)} h`;
  return `${num(seconds / 86_400, 1)} d`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

export function renderSummaryHtml(s: LogSummary, title: string, limit = 50): string {
  const t = s.throughput;
  const cards: Array<[string, string]> = [
    ['案例 Cases', num(s.cases)],
    ['事件 Events', num(s.events)],
    ['活动 Activities', num(s.activities)],
    ['变体 Variants', num(s.variants.length)],
    ['中位办理时长 Median throughput', `${num(t.medianHours, 1)} h`],
    ['中位工作日 Median working days', num(t.medianWorkdays, 2)],
    ['返工案例 Cases with rework', `${num(s.rework.share * 100, 1)} %`],
  ];
  if (s.deadlines.due) cards.push(['逾期事件 Late events', `${num(s.deadlines.due.lateShare * 100, 1)} %`]);
  if (s.deadlines.promised) cards.push(['超承诺时限 Over promised limit', `${num(s.deadlines.promised.lateShare * 100, 1)} %`]);
  const missing =
    t.missingCalendarData && t.missingCalendarData.cases > 0
      ? `<p class="warn">${t.missingCalendarData.cases} cases could not be counted in working days: no official calendar data for ${t.missingCalendarData.years.join(', ')}.</p>`
      : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border:1px solid #ddd;border-radius:6px;padding:.6rem .9rem;min-width:10rem}
.card b{display:block;font-size:1.3rem}table{border-collapse:collapse;margin-top:.5rem;font-size:.9rem}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f5}.warn{color:#a40}
</style></head><body>
<h1>${esc(title)}</h1>
<p>${esc(s.period.from ?? '')} – ${esc(s.period.to ?? '')}</p>
<div class="cards">${cards.map(([k, v]) => `<div class="card">${esc(k)}<b>${esc(v)}</b></div>`).join('')}</div>
${missing}
<h2>办理时长 Throughput</h2>
${table(
  ['', 'mean', 'median', 'p90', 'max'],
  [
    ['calendar hours', num(t.meanHours), num(t.medianHours), num(t.p90Hours), num(t.maxHours)],
    ['working days', num(t.meanWorkdays), num(t.medianWorkdays), num(t.p90Workdays), num(t.maxWorkdays)],
  ],
)}
<h2>变体 Variants (top ${Math.min(limit, s.variants.length)} of ${s.variants.length})</h2>
${table(
  ['#', 'cases', 'share', 'cumulative', 'activities'],
  s.variants.slice(0, limit).map((v, i) => [String(i + 1), num(v.count), `${num(v.share * 100, 1)} %`, `${num(v.cumulativeShare * 100, 1)} %`, esc(v.activities.join(' → '))]),
)}
<h2>直接跟随 Directly-follows edges (top ${Math.min(limit, s.dfg.edges.length)} of ${s.dfg.edges.length})</h2>
${table(
  ['from', 'to', 'count', 'mean wait', 'median wait', 'p90 wait'],
  s.dfg.edges.slice(0, limit).map((e) => [esc(e.from), esc(e.to), num(e.count), duration(e.meanSeconds), duration(e.medianSeconds), duration(e.p90Seconds)]),
)}
<h2>返工 Rework</h2>
${table(
  ['activity', 'cases', 'repeats'],
  s.rework.byActivity.slice(0, limit).map((r) => [esc(r.activity), num(r.cases), num(r.repeats)]),
)}
<h2>交接 Handover between ${s.handover.departmentAttribute ? `departments (${esc(s.handover.departmentAttribute)})` : 'resources'}</h2>
${table(
  ['from', 'to', 'count'],
  (s.handover.departmentAttribute ? s.handover.departments : s.handover.resources).slice(0, limit).map((e) => [esc(e.from), esc(e.to), num(e.count)]),
)}
<h2>活动 Activities</h2>
${table(
  ['activity', 'events', 'cases', 'share of cases', 'resources'],
  s.activityStatistics.slice(0, limit).map((a) => [esc(a.activity), num(a.events), num(a.cases), `${num(a.caseShare * 100, 1)} %`, num(a.resources)]),
)}
</body></html>
`;
}
