// Who handles a case at a tier: the village or township office of the case's region, or a department.
import type { CaseUnit, Tier } from './model.js';
import { tierRegion } from './responsibility.js';
import type { Db } from './store.js';

export async function regionName(db: Db, code: string): Promise<string | null> {
  const r = await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst();
  return r?.name ?? null;
}

/** The unit for a tier at a case's region: the village or township office, or a department. */
export async function unitFor(db: Db, tier: Tier, caseRegion: string, departmentId: number | null): Promise<CaseUnit | null> {
  if (tier === 'department') {
    if (departmentId === null) return null;
    const d = await db.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', '=', departmentId).executeTakeFirst();
    if (!d || !caseRegion.startsWith(d.region_code)) return null;
    return { tier, regionCode: d.region_code, departmentId: d.id, name: d.name };
  }
  const code = tierRegion(caseRegion, tier);
  if (!code) return null;
  const name = await regionName(db, code);
  return name ? { tier, regionCode: code, departmentId: null, name } : null;
}
