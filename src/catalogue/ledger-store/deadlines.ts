// A ledger item's deadline in working days of its region's calendar, and its recount when the
// official arrangement of a provisional year is loaded.
import { recordAudit } from '../../audit/trail.js';
import { sendNotice } from '../../org/notices.js';
import { CalendarDataMissingError, CalendarInputError, type WorkCalendar } from '../../calendar/index.js';
import { loadCalendar } from '../../calendar/store.js';
import type { Actor } from '../../org/model.js';
import { CatalogueError } from '../store.js';
import type { Db } from './tables.js';

interface Deadline {
  deadline: string;
  /** The first provisional year between start and deadline (暂定), else null. */
  provisionalYear: number | null;
}

/**
 * startDate + workdays working days in the unit's region (loaded official years and the
 * region's extra days off count). A year without its official arrangement counts its
 * statutory holidays only, and the deadline is marked provisional.
 */
export async function deadlineOf(db: Db, regionCode: string, startDate: string, workdays: number, calendar?: WorkCalendar): Promise<Deadline> {
  if (!Number.isInteger(workdays) || workdays < 0)
    throw new CatalogueError('invalid', { zh: '完成时限应为不小于 0 的整数个工作日', en: 'the deadline must be a whole number of working days ≥ 0' });
  try {
    const c = calendar ?? (await loadCalendar(db, regionCode));
    const deadline = c.addWorkdays(startDate, workdays);
    return { deadline, provisionalYear: c.provisionalIn(startDate, deadline) };
  } catch (err) {
    if (err instanceof CalendarDataMissingError)
      throw new CatalogueError('invalid', { zh: `缺少 ${err.year} 年的节假日安排，无法计算完成时限`, en: `no holiday arrangement for ${err.year}: cannot compute the deadline` });
    if (err instanceof CalendarInputError) throw new CatalogueError('invalid', { zh: `日期不正确：${startDate}`, en: `invalid date: ${startDate}` });
    throw err;
  }
}

/**
 * Recomputes the deadlines that were computed on a provisional `year`, now that its official
 * arrangement is loaded: inside the caller's transaction (the one that stores the year), with
 * one audit row per item that names whom it concerns (owner, department, who created it).
 * Items already verified keep their deadline: the acceptance was judged against it.
 */
export async function recomputeProvisionalLedgerDeadlines(
  trx: Db,
  actor: Actor | null,
  year: number,
): Promise<Array<{ id: number; before: string; after: string; provisional: boolean }>> {
  const rows = await trx
    .selectFrom('ledger_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .select([
      'i.id',
      'i.region_code',
      'i.start_date',
      'i.deadline_workdays',
      'i.deadline',
      'i.deadline_provisional_year',
      'i.owner',
      'i.created_by',
      'i.status',
      'd.code as department_code',
    ])
    .where('i.deadline_provisional_year', '<=', year)
    .where('i.status', '!=', 'verified')
    .orderBy('i.id')
    .forUpdate()
    .execute();
  const calendars = new Map<string, WorkCalendar>();
  const out: Array<{ id: number; before: string; after: string; provisional: boolean }> = [];
  for (const r of rows) {
    let calendar = calendars.get(r.region_code);
    if (!calendar) calendars.set(r.region_code, (calendar = await loadCalendar(trx, r.region_code)));
    const due = await deadlineOf(trx, r.region_code, r.start_date, r.deadline_workdays, calendar);
    if (due.provisionalYear === r.deadline_provisional_year && due.deadline === r.deadline) continue;
    await trx.updateTable('ledger_items').set({ deadline: due.deadline, deadline_provisional_year: due.provisionalYear }).where('id', '=', r.id).execute();
    await recordAudit(trx, {
      actor,
      action: 'ledger.deadline.recompute',
      entity: 'ledger_item',
      entityId: r.id,
      regionCode: r.region_code,
      before: { deadline: r.deadline, deadlineProvisional: true, provisionalYear: r.deadline_provisional_year },
      after: {
        deadline: due.deadline,
        deadlineProvisional: due.provisionalYear !== null,
        reason: `official arrangement for ${year} loaded`,
        concerns: { owner: r.owner, departmentCode: r.department_code, createdBy: r.created_by },
      },
    });
    await sendNotice(trx, {
      regionCode: r.region_code,
      users: r.created_by ? [r.created_by] : [],
      departments: [r.department_code],
      subject: `台账事项 ${r.id} 的期限已按 ${year} 年正式放假安排重算`,
      body: `${r.deadline}（暂定）→ ${due.deadline}${due.provisionalYear !== null ? '（仍为暂定）' : ''}`,
      entity: 'ledger_item',
      entityId: r.id,
    });
    out.push({ id: r.id, before: r.deadline, after: due.deadline, provisional: due.provisionalYear !== null });
  }
  return out;
}
