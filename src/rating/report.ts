// The reform board as a weekly or monthly PDF report (the last full week, Monday to Sunday,
// or the last full calendar month), printed with the bundle printer's CJK font helpers.
import type { Kysely } from 'kysely';
import { shanghaiDate } from '../calendar/index.js';
import { heading, newDoc, section, toBuffer } from '../bundle/print.js';
import type { Actor } from '../org/model.js';
import type { Database } from '../store/schema.js';
import { board, type Board } from './board.js';
import { DIMENSION_LABELS, type Period } from './rankings.js';

/** The last full week (Monday–Sunday) or calendar month before `today` ('YYYY-MM-DD'). */
export function reportPeriod(kind: 'week' | 'month', today: string): Period {
  const d = new Date(`${today}T00:00:00Z`);
  const iso = (x: Date) => x.toISOString().slice(0, 10);
  if (kind === 'week') {
    const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
    const lastSunday = new Date(d.getTime() - (weekday + 1) * 86_400_000);
    return { from: iso(new Date(lastSunday.getTime() - 6 * 86_400_000)), to: iso(lastSunday) };
  }
  const firstOfThis = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const lastOfPrev = new Date(firstOfThis.getTime() - 86_400_000);
  return { from: iso(new Date(Date.UTC(lastOfPrev.getUTCFullYear(), lastOfPrev.getUTCMonth(), 1))), to: iso(lastOfPrev) };
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function reportLines(b: Board): Array<{ section: string; lines: string[] }> {
  const out: Array<{ section: string; lines: string[] }> = [];
  if (b.reform) {
    const r = b.reform;
    out.push({
      section: '一、改革成效（再造台账）',
      lines: [
        `台账事项 ${r.ledgerItems} 项，已完成 ${r.ledgerDone} 项，涉及事项 ${r.matters} 个`,
        `申请材料 ${r.materialsBefore} → ${r.materialsAfter} 件；承诺时限 ${r.promisedDaysBefore} → ${r.promisedDaysAfter} 个工作日；跑动次数 ${r.visitsBefore} → ${r.visitsAfter} 次`,
        `已发布"一件事" ${r.bundlesPublished} 个，整合事项 ${r.mattersBundled} 个`,
      ],
    });
  }
  const d = b.delivery;
  out.push({
    section: '二、服务运行（流程引擎）',
    lines: [
      `本期发起办件 ${d.started} 件，已办结 ${d.completed} 件，在办 ${d.active} 件`,
      `有时限环节 ${d.tasksDue} 个，按时办结 ${d.tasksOnTime} 个，按时率 ${pct(d.onTimeRate)}`,
      ...(d.overdueByDepartment.length ? d.overdueByDepartment.slice(0, 10).map((x) => `逾期在办：${x.name} ${x.overdue} 件`) : ['当前无逾期在办环节']),
    ],
  });
  out.push({
    section: '三、闭环处置（三率）',
    lines: b.closedLoop
      ? [`受理 ${b.closedLoop.received} 件；响应率 ${pct(b.closedLoop.responseRate)}，办结率 ${pct(b.closedLoop.resolutionRate)}，满意率 ${pct(b.closedLoop.satisfactionRate)}`]
      : ['基层诉求（案件）功能尚未接入，本节暂无数据'],
  });
  const r = b.ratings;
  out.push({
    section: '四、政务服务好差评',
    lines: [
      `评价 ${r.total} 条，好评率 ${pct(r.positiveRate)}，差评 ${r.negative} 条，申诉成立不计分 ${r.excluded} 条`,
      `在办差评整改 ${r.openCases} 件，其中超期 ${r.overdueCases} 件`,
      ...r.breakdowns.flatMap((bd) => [
        `按${DIMENSION_LABELS[bd.dimension].zh}：`,
        ...bd.rows
          .slice(0, 15)
          .map((u) => `  ${u.rank ?? '样本不足'}　${u.name}　评价 ${u.total}　好评率 ${pct(u.positiveRate)}　差评 ${u.negative}　按时整改 ${u.rectifiedOnTime}/${u.rectified}`),
      ]),
    ],
  });
  return out;
}

export async function boardReportPdf(
  db: Kysely<Database>,
  actor: Actor,
  q: { kind: 'week' | 'month'; regionCode?: string },
  now: Date,
): Promise<{ fileName: string; content: Buffer }> {
  const period = reportPeriod(q.kind, shanghaiDate(now));
  const b = await board(db, actor, { regionCode: q.regionCode, period }, now);
  const title = `${b.regionName}流程再造${q.kind === 'week' ? '周报' : '月报'}`;
  const doc = await newDoc(title, now);
  heading(doc, title);
  doc.text(`统计期间：${period.from} 至 ${period.to}`, { align: 'center' }).moveDown(0.6);
  for (const s of reportLines(b)) {
    section(doc, s.section);
    for (const line of s.lines) doc.text(line);
  }
  return { fileName: `${title}-${period.from}.pdf`, content: await toBuffer(doc) };
}
