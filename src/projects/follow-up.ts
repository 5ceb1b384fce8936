// Follow-up items (督办事项) done: the owner department, the owner, or whoever manages the project
// marks one done. Items are made by meetings' decisions (meetings.ts) and climb with ladder-sweep.ts.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage } from '../org/scope.js';
import { loadProject, mayManage } from './access.js';
import { forbidden, type Clocked } from './commands.js';
import { ProjectError } from './model.js';
import type { Db } from './store.js';

/** The owner department (or an office) marks a follow-up item done. */
export async function completeItem(db: Db, actor: Actor, id: number, input: { note?: string }, clock: Clocked): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('project_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    const notFound = new ProjectError('not_found', { zh: `未找到督办事项：${id}`, en: `follow-up item not found: ${id}` });
    if (!item) throw notFound;
    const p = await loadProject(trx, actor, item.project_id).catch(() => {
      throw forbidden(outOfScopeMessage({ zh: '督办事项', en: 'follow-up item' }, id));
    });
    const owner = (actor.role === 'department_officer' && actor.departmentId === item.owner_department_id) || actor.userId === item.owner_user_id;
    if (!owner && !mayManage(actor, p)) throw forbidden({ zh: '只有责任部门可以办结该事项', en: 'only the owner department completes this item' });
    if (item.status === 'done') throw new ProjectError('conflict', { zh: '事项已办结', en: 'the item is already done' });
    await trx
      .updateTable('project_items')
      .set({ status: 'done', done_at: clock.now, note: (input.note ?? '').slice(0, 2000) })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, { actor, action: 'project.item.done', entity: 'project_item', entityId: id, regionCode: item.region_code, after: { note: input.note ?? '' } });
  });
}
