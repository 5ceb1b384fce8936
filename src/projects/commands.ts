// What the project commands share: the clock they run on, their refusals, and the checks of
// text, dates, users and departments of the county that every command's input goes through.
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor, Role } from '../org/model.js';
import { isDate } from './milestones.js';
import { ProjectError, type Text } from './model.js';
import { countyOf, type Db } from './store.js';

export interface Clocked {
  now: Date;
  calendar?: WorkCalendar;
}

export const invalid = (messages: Text, details?: unknown) => new ProjectError('invalid', messages, details);
export const forbidden = (messages: Text) => new ProjectError('forbidden', messages);

export function countyFor(actor: Actor): string {
  const county = countyOf(actor.regionCode);
  if (county.length < 6) throw forbidden({ zh: '您不属于任何县（市）', en: 'you belong to no county' });
  return county;
}

export async function calendarFor(db: Db, clock: Clocked, county: string): Promise<WorkCalendar> {
  return clock.calendar ?? loadCalendar(db, county);
}

export const today = (now: Date) => shanghaiDate(now);

export function requireText(value: string | undefined, field: string, label: Text, max = 500): string {
  const v = (value ?? '').trim();
  if (!v) throw invalid({ zh: `请填写${label.zh}`, en: `${label.en} is required` }, { field });
  if (v.length > max) throw invalid({ zh: `${label.zh}过长（最多 ${max} 字）`, en: `${label.en} is too long (at most ${max} characters)` }, { field });
  return v;
}

export function requireDate(value: string, field: string, label: Text): string {
  if (!isDate(value)) throw invalid({ zh: `${label.zh}不是有效日期：${value}`, en: `${label.en} is not a date: ${value}` }, { field });
  return value;
}

export async function userIn(db: Db, county: string, username: string, field: string, roles: readonly Role[] | null) {
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'region_code', 'department_id', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!u || u.disabled || !u.region_code.startsWith(county) || (roles && !roles.includes(u.role))) {
    throw invalid({ zh: `未知用户，或其角色不能担任：${username}`, en: `unknown user, or one whose role cannot serve here: ${username}` }, { field, username });
  }
  return u;
}

export async function departmentIn(db: Db, county: string, id: number, field: string) {
  const d = await db.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', '=', id).executeTakeFirst();
  if (!d || !d.region_code.startsWith(county)) throw invalid({ zh: `未知的部门：${id}`, en: `unknown department: ${id}` }, { field, departmentId: id });
  return d;
}
