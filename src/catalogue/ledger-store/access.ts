// Who may read and change the ledger, and an item as the caller may see it (404 when it does
// not exist, 403 said so when it lies outside the caller's scope).
import type { Actor, Role } from '../../org/model.js';
import { CAPABILITIES } from '../../org/capabilities.js';
import { departmentRestriction, outOfScopeMessage, regionPattern } from '../../org/scope.js';
import { CatalogueError } from '../store.js';
import type { Db } from './tables.js';

const WRITERS = new Set<Role>(CAPABILITIES.ledgerWrite.roles);
const READERS = new Set<Role>(CAPABILITIES.ledgerRead.roles);

/** The ledger and its evidence are internal: applicants and grid workers read none of it. */
export function assertReader(actor: Actor): void {
  if (!READERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权查看流程再造台账', en: 'not allowed to read the reengineering ledger' });
}

export function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权修改流程再造台账', en: 'not allowed to change the reengineering ledger' });
}

/** Not there (404), or there but outside the caller's scope (403, said so). */
export async function ledgerItemMissing(db: Db, id: number): Promise<CatalogueError> {
  const exists = await db.selectFrom('ledger_items').select('id').where('id', '=', id).executeTakeFirst();
  return exists
    ? new CatalogueError('forbidden', outOfScopeMessage({ zh: '台账事项', en: 'ledger item' }, id))
    : new CatalogueError('not_found', { zh: `台账事项 ${id} 不存在`, en: `ledger item ${id} not found` });
}

export async function itemRow(db: Db, actor: Actor, id: number, forUpdate = false) {
  let q = db.selectFrom('ledger_items').selectAll().where('id', '=', id).where('region_code', 'like', regionPattern(actor));
  const only = departmentRestriction(actor);
  if (only !== null) q = q.where('department_id', '=', only);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw await ledgerItemMissing(db, id);
  return row;
}
