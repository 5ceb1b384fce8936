// The reengineering ledger (流程再造事项台账): status rules, overdue flag, before/after
// figures computed from matter versions, and the xlsx layout a reform office reports
// upward. Pure, except that the report is rendered by exceljs.
import type ExcelJS from 'exceljs';
import { loadExcelJs } from './files/exceljs.js';
import type { Role } from '../org/model.js';
import { LEDGER_STATUS_LABELS, LEDGER_TRANSITIONS, type LedgerItem, type LedgerStatus, type Matter, type MatterFigures } from './model.js';
import { sumFigures } from './figures.js';

export { LEDGER_TRANSITIONS } from './model.js';

/** Roles that verify (验收) an item; everyone who may edit the item may move it otherwise. */
export const VERIFIER_ROLES: ReadonlySet<Role> = new Set(['admin', 'reform_office']);

export type TransitionCheck = { ok: true } | { ok: false; reason: { zh: string; en: string } };

export function checkTransition(from: LedgerStatus, to: LedgerStatus, role: Role): TransitionCheck {
  if (!LEDGER_TRANSITIONS[from].includes(to)) {
    return {
      ok: false,
      reason: {
        zh: `台账状态不能从“${LEDGER_STATUS_LABELS[from].zh}”变为“${LEDGER_STATUS_LABELS[to].zh}”`,
        en: `a ledger item cannot go from ${from} to ${to}`,
      },
    };
  }
  if (to === 'verified' && !VERIFIER_ROLES.has(role)) return { ok: false, reason: { zh: '只有改革办可以验收', en: 'only the reform office verifies items' } };
  return { ok: true };
}

/** Past its deadline and not yet done. `today` is the Asia/Shanghai date 'YYYY-MM-DD'. */
export function isOverdue(item: Pick<LedgerItem, 'status' | 'deadline'>, today: string): boolean {
  return (item.status === 'planned' || item.status === 'in_progress') && today > item.deadline;
}

export interface LedgerFigures {
  before: MatterFigures;
  /** null until at least one of the matters has a to-be version. */
  after: MatterFigures | null;
}

/**
 * Before: the as-is versions the item started from. After: each matter's to-be version,
 * or its before version where it has none yet; null when no matter has been redesigned.
 */
export function ledgerFigures(before: Matter[], after: Array<Matter | null>): LedgerFigures {
  const redesigned = after.some((m) => m !== null);
  return {
    before: sumFigures(before),
    after: redesigned ? sumFigures(after.map((m, i) => m ?? before[i])) : null,
  };
}

export interface LedgerItemView extends LedgerItem {
  departmentName: string;
  matterNames: string[];
  overdue: boolean;
  figures: LedgerFigures;
}

// ---------------------------------------------------------------------------------
// The upward report

export interface LedgerReportOptions {
  /** e.g. 邹城市 */
  regionName: string;
  /** 'YYYY-MM-DD' the report is made. */
  date: string;
  /** 填报单位 */
  reportingUnit?: string;
}

const FIGURE_KEYS: Array<[keyof MatterFigures, string]> = [
  ['materialsToSubmit', '申请材料（份）'],
  ['steps', '办理环节（个）'],
  ['departments', '涉及部门（个）'],
  ['stamps', '盖章（枚）'],
  ['countersigns', '会签（次）'],
  ['visits', '跑动次数（次）'],
  ['promisedDays', '承诺时限（工作日）'],
];

/**
 * 流程再造事项台账 as a reform office sends it up: title, reporting unit and date, one row per
 * item with before → after for every figure, overdue items highlighted, totals and a
 * status summary at the foot.
 */
export async function ledgerReportXlsx(items: LedgerItemView[], options: LedgerReportOptions): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Zaizao';
  const ws = wb.addWorksheet('流程再造事项台账', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const fixed = ['序号', '责任单位', '涉及事项', '发现问题', '再造措施', '责任人', '完成时限', '进展状态', '是否逾期'];
  const width = fixed.length + FIGURE_KEYS.length * 2;
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

  ws.mergeCells(1, 1, 1, width);
  const title = ws.getCell(1, 1);
  title.value = `${options.regionName}流程再造事项台账`;
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, width);
  ws.getCell(2, 1).value = `填报单位：${options.reportingUnit ?? `${options.regionName}流程再造工作领导小组办公室`}　　　填报日期：${options.date}`;

  // Two heading rows: fixed columns merged vertically, each figure split into 再造前 / 再造后.
  fixed.forEach((h, i) => {
    ws.mergeCells(3, i + 1, 4, i + 1);
    ws.getCell(3, i + 1).value = h;
  });
  FIGURE_KEYS.forEach(([, label], k) => {
    const c = fixed.length + 1 + k * 2;
    ws.mergeCells(3, c, 3, c + 1);
    ws.getCell(3, c).value = label;
    ws.getCell(4, c).value = '再造前';
    ws.getCell(4, c + 1).value = '再造后';
  });
  for (const r of [3, 4]) {
    for (let c = 1; c <= width; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    }
  }

  const widths = [6, 18, 28, 30, 30, 10, 12, 10, 8, ...FIGURE_KEYS.flatMap(() => [8, 8])];
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));

  items.forEach((item, i) => {
    const values: Array<string | number> = [
      i + 1,
      item.departmentName,
      item.matterNames.join('\n'),
      item.problem,
      item.measure,
      item.owner,
      item.deadlineProvisional ? `${item.deadline}（暂定）` : item.deadline,
      LEDGER_STATUS_LABELS[item.status].zh,
      item.overdue ? '是' : '否',
    ];
    for (const [key] of FIGURE_KEYS) values.push(item.figures.before[key], item.figures.after ? item.figures.after[key] : '—');
    const row = ws.addRow(values);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = border;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    if (item.overdue) {
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      });
    }
  });

  // Totals: before over every item; after over the redesigned items with the others unchanged.
  const total: Array<string | number> = ['合计', `${items.length} 项`, '', '', '', '', '', '', `${items.filter((x) => x.overdue).length} 项逾期`];
  for (const [key] of FIGURE_KEYS) {
    total.push(
      items.reduce((n, x) => n + x.figures.before[key], 0),
      items.reduce((n, x) => n + (x.figures.after ?? x.figures.before)[key], 0),
    );
  }
  const totalRow = ws.addRow(total);
  totalRow.font = { bold: true };
  totalRow.eachCell({ includeEmpty: true }, (cell) => (cell.border = border));

  ws.addRow([]);
  const counts = (Object.keys(LEDGER_STATUS_LABELS) as LedgerStatus[]).map((s) => `${LEDGER_STATUS_LABELS[s].zh} ${items.filter((x) => x.status === s).length} 项`);
  ws.addRow([`进展情况：${counts.join('，')}。`]);
  ws.views = [{ state: 'frozen', ySplit: 4 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
