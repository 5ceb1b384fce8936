import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CONSTRUCTION_MATTERS } from './demo/index.js';
import { checkTransition, isOverdue, ledgerFigures, ledgerReportXlsx, type LedgerItemView } from './ledger.js';
import { sumFigures } from './figures.js';

describe('ledger status', () => {
  it('moves planned → in progress → done → verified, one step at a time', () => {
    expect(checkTransition('planned', 'in_progress', 'department_officer').ok).toBe(true);
    expect(checkTransition('in_progress', 'done', 'department_officer').ok).toBe(true);
    expect(checkTransition('done', 'verified', 'reform_office').ok).toBe(true);
    expect(checkTransition('planned', 'done', 'reform_office').ok).toBe(false);
    expect(checkTransition('verified', 'in_progress', 'admin').ok).toBe(false);
  });

  it('lets only the reform office verify, and reopens a done item that fails verification', () => {
    const r = checkTransition('done', 'verified', 'department_officer');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.zh).toBe('只有改革办可以验收');
    expect(checkTransition('done', 'in_progress', 'reform_office').ok).toBe(true);
  });

  it('flags items past their deadline that are not done', () => {
    expect(isOverdue({ status: 'in_progress', deadline: '2026-03-02' }, '2026-03-03')).toBe(true);
    expect(isOverdue({ status: 'in_progress', deadline: '2026-03-03' }, '2026-03-03')).toBe(false);
    expect(isOverdue({ status: 'done', deadline: '2026-03-02' }, '2026-03-03')).toBe(false);
  });
});

describe('ledger figures', () => {
  const before = CONSTRUCTION_MATTERS.slice(0, 3) as (typeof CONSTRUCTION_MATTERS)[number][];
  it('has no after figures until a matter is redesigned', () => {
    expect(ledgerFigures([...before], [null, null, null])).toEqual({ before: sumFigures(before), after: null });
  });

  it('counts unchanged matters as they were when only some are redesigned', () => {
    const redesigned = structuredClone(before[0]);
    redesigned.promisedDays = 0;
    redesigned.visits = 1;
    redesigned.steps = redesigned.steps.filter((s) => s.kind !== 'stamp' && s.kind !== 'countersign');
    const f = ledgerFigures([...before], [redesigned, null, null]);
    expect(f.before.countersigns).toBe(2);
    expect(f.after!.countersigns).toBe(0);
    expect(f.after!.stamps).toBe(f.before.stamps - 1);
    expect(f.after!.visits).toBe(f.before.visits - 1);
    expect(f.after!.promisedDays).toBe(f.before.promisedDays - 2);
  });
});

describe('the upward report', () => {
  it('lays out title, two heading rows, one row per item with before and after, overdue highlighted, totals', async () => {
    const before = sumFigures([CONSTRUCTION_MATTERS[0]]);
    const item = (id: number, overdue: boolean, after: typeof before | null, deadlineProvisional = false): LedgerItemView => ({
      id,
      regionCode: '370883',
      departmentCode: 'XZSP',
      departmentName: '行政审批服务局',
      matters: [{ matterCode: CONSTRUCTION_MATTERS[0].code, beforeVersion: 1, afterVersion: null }],
      matterNames: [CONSTRUCTION_MATTERS[0].name],
      problem: '质量、安全监督串联会签',
      measure: '并联办理，告知承诺',
      owner: '王主任',
      startDate: '2026-03-02',
      deadlineWorkdays: 10,
      deadline: '2026-03-16',
      deadlineProvisional,
      status: overdue ? 'in_progress' : 'done',
      attachments: [],
      createdAt: '',
      updatedAt: '',
      overdue,
      figures: { before, after },
    });
    const after = { ...before, stamps: 0, countersigns: 0, promisedDays: 0, visits: 1 };
    const buf = await ledgerReportXlsx([item(1, true, null), item(2, false, after, true)], { regionName: '邹城市', date: '2026-03-20' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('邹城市流程再造事项台账');
    expect(String(ws.getCell('A2').value)).toContain('2026-03-20');
    expect(ws.getRow(3).getCell(10).value).toBe('申请材料（份）');
    expect(ws.getRow(4).getCell(10).value).toBe('再造前');
    expect(ws.getRow(4).getCell(11).value).toBe('再造后');
    const first = ws.getRow(5);
    expect(first.getCell(9).value).toBe('是');
    expect((first.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(first.getCell(11).value).toBe('—');
    const second = ws.getRow(6);
    expect(first.getCell(7).value).toBe('2026-03-16');
    expect(second.getCell(7).value).toBe('2026-03-16（暂定）'); // a deadline computed on a provisional year
    const stampsCol = 9 + 3 * 2 + 1; // 申请材料, 办理环节, 涉及部门, then 盖章
    expect(ws.getRow(3).getCell(stampsCol).value).toBe('盖章（枚）');
    expect(second.getCell(stampsCol).value).toBe(1);
    expect(second.getCell(stampsCol + 1).value).toBe(0);
    const total = ws.getRow(7);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(stampsCol).value).toBe(2);
    expect(total.getCell(stampsCol + 1).value).toBe(1);
  });
});
