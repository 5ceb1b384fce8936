// The monthly 督效 report: the rankings of villages, townships and departments, with the
// 三率, overdue and reopened rates, report-in punctuality, 每月一题 and the rewards and
// penalties recorded — as an xlsx workbook (one sheet per tier) and an A4 PDF. Uses the
// project's exceljs loader and the bundle printer's CJK PDF helpers.
import { heading, newDoc, section, toBuffer } from '../bundle/print.js';
import { loadExcelJs } from '../catalogue/files/exceljs.js';
import type { Ranking, Reward } from './figures.js';
import type { RecurringProblem, UnitFigures } from './metrics.js';
import { TIER_LABELS, type Tier } from './model.js';

export interface MonthlyReport {
  regionName: string;
  month: string;
  rankings: Record<Tier, Ranking>;
  problems: RecurringProblem[];
  rewards: Reward[];
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const COLUMNS: Array<[string, (u: UnitFigures) => string | number]> = [
  ['名次', (u) => u.rank],
  ['单位', (u) => u.name + (u.smallSample ? '（样本少）' : '')],
  ['案件数', (u) => u.assigned],
  ['响应率', (u) => pct(u.responseRate)],
  ['解决率', (u) => pct(u.resolutionRate)],
  ['满意率', (u) => pct(u.satisfactionRate)],
  ['超时率', (u) => pct(u.overdueRate)],
  ['重办率', (u) => pct(u.reopenedRate)],
  ['报到准时率', (u) => pct(u.punctuality)],
  ['迟到报到', (u) => u.reportInsLate],
  ['得分', (u) => u.score],
];
const TIERS: Tier[] = ['township', 'village', 'department'];

function title(r: MonthlyReport): string {
  return `${r.regionName}${r.month.replace('-', '年')}月 接诉即办督效通报`;
}

export async function monthlyReportXlsx(r: MonthlyReport): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Zaizao';
  for (const tier of TIERS) {
    const ranking = r.rankings[tier];
    const ws = wb.addWorksheet(`${TIER_LABELS[tier].zh}排名`);
    ws.addRow([`${title(r)}：${TIER_LABELS[tier].zh}`]).font = { bold: true, size: 14 };
    ws.addRow([
      `权重：响应 ${ranking.weights.response} / 解决 ${ranking.weights.resolution} / 满意 ${ranking.weights.satisfaction}；案件少于 ${ranking.smallSample} 件的单位为样本少，排在其后`,
    ]);
    ws.addRow(COLUMNS.map(([h]) => h)).font = { bold: true };
    for (const u of ranking.units) ws.addRow(COLUMNS.map(([, f]) => f(u)));
    ws.columns.forEach((c, i) => (c.width = i === 1 ? 24 : 11));
  }
  const p = wb.addWorksheet('每月一题');
  p.addRow(['镇（街道）', '类别', '案件数']).font = { bold: true };
  for (const x of r.problems) p.addRow([x.regionName, x.categoryName, x.cases]);
  const k = wb.addWorksheet('奖惩');
  k.addRow(['单位层级', '单位', '类型', '事由', '决定人', '时间']).font = { bold: true };
  for (const x of r.rewards) k.addRow([TIER_LABELS[x.unitKind].zh, x.unitName, x.kind === 'reward' ? '奖励' : '惩戒', x.note, x.decidedBy, x.decidedAt]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function monthlyReportPdf(r: MonthlyReport, createdAt: Date): Promise<Buffer> {
  const doc = await newDoc(title(r), createdAt);
  heading(doc, title(r), 16);
  const w = r.rankings.township.weights;
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(`综合得分 = 响应率 × ${w.response} + 解决率 × ${w.resolution} + 满意率 × ${w.satisfaction}（按权重归一）`, { align: 'center' })
    .fillColor('#000')
    .moveDown(0.5);
  for (const tier of TIERS) {
    section(doc, `${TIER_LABELS[tier].zh}排名`);
    const units = r.rankings[tier].units;
    if (!units.length) doc.text('本月无案件');
    doc.fontSize(9);
    for (const u of units) {
      doc.text(COLUMNS.map(([h, f]) => `${h} ${f(u)}`).join('  '));
    }
    doc.fontSize(10.5);
  }
  section(doc, '每月一题');
  if (!r.problems.length) doc.text('本月无反复出现的问题');
  r.problems.forEach((x, i) => doc.text(`${i + 1}. ${x.regionName} · ${x.categoryName}：${x.cases} 件`));
  section(doc, '奖惩');
  if (!r.rewards.length) doc.text('本月未记录奖惩');
  r.rewards.forEach((x, i) => doc.text(`${i + 1}. ${TIER_LABELS[x.unitKind].zh} ${x.unitName}：${x.kind === 'reward' ? '奖励' : '惩戒'}，${x.note}（${x.decidedBy} 决定）`));
  return toBuffer(doc);
}
