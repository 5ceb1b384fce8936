// Who may write bundles, and which rows of `bundles` a reader may see.
import { sql, type Kysely } from 'kysely';
import type { Actor, Role } from '../../org/model.js';
import { CAPABILITIES } from '../../org/capabilities.js';
import { departmentRestriction, isApplicant, regionPattern } from '../../org/scope.js';
import { departmentCodeOf } from '../../org/store.js';
import { rolesFor } from '../../org/access-rules.js';
import type { Database } from '../../store/schema.js';
import { BundleStoreError } from './errors.js';

type Db = Kysely<Database>;

/** Who may create, revise and publish bundles: the reform office and administrators. */
const WRITERS = new Set<Role>(CAPABILITIES.bundleWrite.roles);
/** Who may read drafts; applicants see published bundles only; grid workers none. */
const READERS: ReadonlySet<string> = new Set(rolesFor('bundles.drafts'));

export function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role))
    throw new BundleStoreError('forbidden', {
      zh: '只有改革办和系统管理员可以创建、修改和发布一件事',
      en: 'only the reform office and administrators may create, change and publish bundles',
    });
}

/** The department code a department officer is restricted to, or null when unrestricted. */
async function officerDepartment(db: Db, actor: Actor): Promise<string | null> {
  const only = departmentRestriction(actor);
  if (only === null) return null;
  return (await departmentCodeOf(db, only)) ?? '\u0000';
}

/** Rows of `bundles` the actor may see. */
export async function visible(db: Db, actor: Actor) {
  if (!READERS.has(actor.role) && !isApplicant(actor)) return null;
  let q = db.selectFrom('bundles').selectAll().where('region_code', 'like', regionPattern(actor));
  if (isApplicant(actor)) q = q.where('status', '=', 'published');
  const dept = await officerDepartment(db, actor);
  if (dept !== null) q = q.where(sql<boolean>`departments @> ${JSON.stringify([dept])}::jsonb`);
  return q;
}
