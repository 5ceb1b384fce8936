// People's names for pages that hold login names (a task's assignee, who started an instance,
// who recorded a version): the UI shows the name a person goes by, the login name only beside it.
// Staff of the caller's county are named to anyone of it; applicants only to staff of their
// regions (an applicant learns no other applicant's name). Unknown or hidden ones are left out.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from './model.js';

export const MAX_PEOPLE_LOOKUP = 200;

export async function peopleNames(db: Kysely<Database>, actor: Actor, usernames: readonly string[]): Promise<Array<{ username: string; displayName: string }>> {
  const wanted = [...new Set(usernames.filter((u) => typeof u === 'string' && u.length > 0 && u.length <= 64))].slice(0, MAX_PEOPLE_LOOKUP);
  if (wanted.length === 0) return [];
  const county = actor.regionCode.slice(0, 6);
  const rows = await db.selectFrom('users').select(['username', 'display_name', 'role', 'region_code']).where('username', 'in', wanted).execute();
  return rows
    .filter((r) => {
      if (r.username === actor.username) return true;
      if (r.role === 'applicant') return actor.role !== 'applicant' && r.region_code.startsWith(actor.regionCode);
      // A county's staff, and the platform's (a region above the county) to everyone below it.
      return r.region_code.startsWith(county) || actor.regionCode.startsWith(r.region_code);
    })
    .map((r) => ({ username: r.username, displayName: r.display_name }));
}
