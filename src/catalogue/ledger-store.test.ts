import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { seedDemoOrganisation } from '../org/seed.js';
import type { Actor } from '../org/model.js';
import { defaultCalendar } from '../calendar/index.js';
import { loadOfficialYear } from '../calendar/official-year.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { CONSTRUCTION_CODES } from './demo/index.js';
import { getMatter, saveMatterVersion, seedDemoCatalogue } from './store.js';
import {
  addLedgerAttachment,
  createLedgerItem,
  deleteLedgerItem,
  exportLedgerReport,
  getLedgerAttachment,
  getLedgerItem,
  listLedger,
  setLedgerStatus,
  updateLedgerItem,
} from './ledger-store.js';

const targets = await dbTargets();

async function actor(store: Store, role: Actor['role'], departmentCode?: string): Promise<Actor> {
  const dept = departmentCode ? await store.db.selectFrom('departments').select('id').where('code', '=', departmentCode).executeTakeFirstOrThrow() : null;
  return { userId: 0, username: `${role}.test`, displayName: role, role, regionCode: '370883', departmentId: dept?.id ?? null };
}

// A Monday with no holiday near it; the deadline counts working days from the start date.
const START = '2026-03-02';
const at = (date: string) => new Date(`${date}T10:00:00+08:00`);

describe.each(targets)('reengineering ledger on $name', (target) => {
  let store: Store;
  let reform: Actor;
  let officer: Actor;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-1');
    await seedDemoCatalogue(store.db);
    reform = await actor(store, 'reform_office');
    officer = await actor(store, 'department_officer', 'ZJJ');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('keeps an item from plan to verification, with figures computed from the versions', async () => {
    const item = await createLedgerItem(
      store.db,
      reform,
      {
        departmentCode: 'XZSP',
        matterCodes: [CONSTRUCTION_CODES.permit, CONSTRUCTION_CODES.quality, CONSTRUCTION_CODES.safety],
        problem: '质量、安全监督登记与施工许可互为前置，串联会签',
        measure: '合并办理，并联会签，告知承诺',
        owner: '行政审批服务局 王科长',
        startDate: START,
        deadlineWorkdays: 10,
      },
      at(START),
    );
    expect(item.status).toBe('planned');
    expect(item.deadline).toBe(defaultCalendar().addWorkdays(START, 10));
    expect(item.matters.map((m) => m.beforeVersion)).toEqual([1, 1, 1]);
    expect(item.figures.before).toMatchObject({ countersigns: 2, visits: 5, promisedDays: 4 });
    expect(item.figures.after).toBeNull();

    await setLedgerStatus(store.db, reform, item.id, 'in_progress', at(START));
    await expect(setLedgerStatus(store.db, reform, item.id, 'done', at(START))).rejects.toMatchObject({ code: 'conflict' }); // nothing redesigned yet

    const permit = (await getMatter(store.db, reform, CONSTRUCTION_CODES.permit)).asIs!.matter;
    permit.promisedDays = 0;
    permit.visits = 1;
    permit.steps = permit.steps.filter((s) => s.kind !== 'countersign' && s.kind !== 'stamp' && s.id !== 'S03' && s.id !== 'S04');
    permit.steps.find((s) => s.id === 'S07')!.dependsOn = ['S02'];
    permit.steps.find((s) => s.id === 'S07')!.needsResultOf = ['S02'];
    permit.steps.find((s) => s.id === 'S09')!.dependsOn = ['S07'];
    permit.steps.find((s) => s.id === 'S09')!.needsResultOf = ['S07'];
    const toBe = await saveMatterVersion(store.db, reform, permit, { stage: 'to_be', note: '并联审批' });

    const during = await getLedgerItem(store.db, reform, item.id, at(START));
    expect(during.figures.after).toMatchObject({ countersigns: 0, visits: 4, promisedDays: 2 });
    expect(during.figures.after!.stamps).toBe(during.figures.before.stamps - 1);

    const done = await setLedgerStatus(store.db, reform, item.id, 'done', at(START));
    expect(done.matters[0].afterVersion).toBe(toBe.version);
    await expect(
      setLedgerStatus(store.db, { ...reform, role: 'department_officer', departmentId: (await actor(store, 'department_officer', 'XZSP')).departmentId }, item.id, 'verified'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const verified = await setLedgerStatus(store.db, reform, item.id, 'verified', at(START));
    expect(verified.status).toBe('verified');
    // A later redesign does not rewrite what the verified item delivered: its versions are pinned.
    const later = structuredClone(permit);
    later.visits = 0;
    await saveMatterVersion(store.db, reform, later, { stage: 'to_be', note: '全程网办' });
    const again = await getLedgerItem(store.db, reform, item.id, at(START));
    expect(again.matters[0].afterVersion).toBe(toBe.version);
    expect(again.figures).toEqual(verified.figures);
    await expect(updateLedgerItem(store.db, reform, item.id, { owner: '别人' })).rejects.toMatchObject({ code: 'conflict' });
    const audit = await store.db.selectFrom('audit_log').select('action').where('entity', '=', 'ledger_item').where('entity_id', '=', String(item.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['ledger.create', 'ledger.status', 'ledger.status', 'ledger.status']);
  });

  it('flags overdue items and filters by it', async () => {
    const item = await createLedgerItem(
      store.db,
      officer,
      {
        departmentCode: 'ZJJ',
        matterCodes: [CONSTRUCTION_CODES.contract],
        problem: '施工合同备案无法律依据',
        measure: '取消备案',
        owner: '住建局 张伟',
        startDate: START,
        deadlineWorkdays: 5,
      },
      at(START),
    );
    const deadline = item.deadline;
    const dayAfter = defaultCalendar().addWorkdays(deadline, 1);
    expect((await getLedgerItem(store.db, officer, item.id, at(deadline))).overdue).toBe(false);
    expect((await getLedgerItem(store.db, officer, item.id, at(dayAfter))).overdue).toBe(true);
    const overdue = await listLedger(store.db, reform, { overdue: true }, at(dayAfter));
    expect(overdue.map((i) => i.id)).toEqual([item.id]);
    // the officer sees the own department's ledger only
    expect((await listLedger(store.db, officer, {}, at(START))).map((i) => i.departmentCode)).toEqual(['ZJJ']);
    await expect(
      createLedgerItem(
        store.db,
        officer,
        { departmentCode: 'XZSP', matterCodes: [CONSTRUCTION_CODES.permit], problem: 'p', measure: 'm', owner: 'o', deadlineWorkdays: 3 },
        at(START),
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('stores evidence attachments with their hash, edits and deletes planned items', async () => {
    const item = await createLedgerItem(
      store.db,
      reform,
      {
        departmentCode: 'ZJJ',
        matterCodes: [CONSTRUCTION_CODES.supervision],
        problem: '监理合同备案无依据',
        measure: '取消',
        owner: '住建局',
        startDate: START,
        deadlineWorkdays: 3,
      },
      at(START),
    );
    const content = Buffer.from('%PDF-1.4 minutes of the reform meeting');
    const a = await addLedgerAttachment(store.db, reform, item.id, { fileName: '会议纪要.pdf', contentType: 'application/pdf', content });
    expect(a.size).toBe(content.length);
    const back = await getLedgerAttachment(store.db, officer, item.id, a.id);
    expect(back.content.equals(content)).toBe(true);
    expect(back.fileName).toBe('会议纪要.pdf');
    const edited = await updateLedgerItem(
      store.db,
      reform,
      item.id,
      { deadlineWorkdays: 8, matterCodes: [CONSTRUCTION_CODES.supervision, CONSTRUCTION_CODES.contract] },
      at(START),
    );
    expect(edited.deadline).toBe(defaultCalendar().addWorkdays(START, 8));
    expect(edited.matters.map((m) => m.matterCode)).toEqual([CONSTRUCTION_CODES.supervision, CONSTRUCTION_CODES.contract]);
    expect(edited.attachments.map((x) => x.fileName)).toEqual(['会议纪要.pdf']);
    await deleteLedgerItem(store.db, reform, item.id);
    await expect(getLedgerItem(store.db, reform, item.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('counts deadlines in the region’s own calendar (its extra days off)', async () => {
    // last test: it changes the region's calendar
    await sql`insert into region_calendars (region_code, extra_days_off) values ('370883', ${JSON.stringify(['2026-03-03'])}::jsonb)`.execute(store.db);
    const item = await createLedgerItem(
      store.db,
      reform,
      {
        departmentCode: 'ZJJ',
        matterCodes: [CONSTRUCTION_CODES.archives],
        problem: '档案责任书',
        measure: '并入承诺书',
        owner: '城建档案馆',
        startDate: START,
        deadlineWorkdays: 2,
      },
      at(START),
    );
    expect(defaultCalendar().addWorkdays(START, 2)).toBe('2026-03-04');
    expect(item.deadline).toBe('2026-03-05');
  });

  it('exports the ledger as the upward report', async () => {
    const buf = await exportLedgerReport(store.db, reform, {}, at('2026-04-01'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('邹城市流程再造事项台账');
    const items = await listLedger(store.db, reform, {}, at('2026-04-01'));
    expect(ws.getRow(5 + items.length).getCell(1).value).toBe('合计');
  });

  it('marks a deadline computed on a provisional year, and recomputes it when the official year is loaded', async () => {
    const input = { departmentCode: 'ZJJ', matterCodes: [CONSTRUCTION_CODES.contract], problem: '跨年', measure: '限时办结', owner: '住建局 李明', deadlineWorkdays: 20 };
    // 2027 has no official arrangement: statutory holidays only (1 January off, nothing in lieu)
    const early = await createLedgerItem(store.db, reform, { ...input, startDate: '2026-12-20' }, at('2026-12-20'));
    expect(early).toMatchObject({ deadline: '2027-01-18', deadlineProvisional: true });
    const late = await createLedgerItem(store.db, reform, { ...input, startDate: '2027-12-20' }, at('2026-12-20'));
    expect(late.deadlineProvisional).toBe(true);
    const official = await createLedgerItem(store.db, reform, { ...input, startDate: '2026-06-01' }, at('2026-06-01'));
    expect(official.deadlineProvisional).toBe(false);

    // The official 2027 (an illustrative fixture) also gives 4 January off.
    const loaded = await loadOfficialYear(store.db, SYSTEM_ACTOR, { year: 2027, daysOff: ['2027-01-01', '2027-01-04', '2027-10-01'], makeUpWorkdays: [], source: 'test fixture' });
    expect(loaded.recomputed).toEqual([
      { kind: 'ledger_item', id: early.id, before: '2027-01-18', after: '2027-01-19', provisional: false },
      { kind: 'ledger_item', id: late.id, before: late.deadline, after: late.deadline, provisional: true }, // still reaches 2028
    ]);
    expect(await getLedgerItem(store.db, reform, early.id, at('2026-12-21'))).toMatchObject({ deadline: '2027-01-19', deadlineProvisional: false });
    expect((await getLedgerItem(store.db, reform, late.id, at('2026-12-21'))).deadlineProvisional).toBe(true);

    const audit = await store.db.selectFrom('audit_log').selectAll().where('action', '=', 'ledger.deadline.recompute').orderBy('id').execute();
    expect(audit.map((a) => a.entity_id)).toEqual([String(early.id), String(late.id)]);
    expect(audit[0].after).toMatchObject({
      deadline: '2027-01-19',
      deadlineProvisional: false,
      concerns: { owner: '住建局 李明', departmentCode: 'ZJJ', createdBy: 'reform_office.test' },
    });
    expect(audit[0].region_code).toBe('370883');
    // the year and its recomputes are one transaction: the load's audit row comes first
    const load = await store.db.selectFrom('audit_log').select('id').where('action', '=', 'calendar.year.load').executeTakeFirstOrThrow();
    expect(Number(load.id)).toBeLessThan(Number(audit[0].id));
    await store.db.deleteFrom('calendar_years').execute(); // leave the platform calendar as it was
    const { refreshPlatformCalendar } = await import('../calendar/store.js');
    await refreshPlatformCalendar(store.db);
  });
});
