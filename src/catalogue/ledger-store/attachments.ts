// Evidence attached to a ledger item (at most 20 MB each; none once the item is verified).
import crypto from 'node:crypto';
import { recordAudit } from '../../audit/trail.js';
import type { Actor } from '../../org/model.js';
import type { LedgerAttachment } from '../model.js';
import { CatalogueError, inTransaction } from '../store.js';
import { shanghaiIso } from '../../shared/time.js';
import { attachmentView, type Db } from './tables.js';
import { assertReader, assertWriter, itemRow } from './access.js';

const MAX_ATTACHMENT = 20 * 1024 * 1024;

export async function addLedgerAttachment(db: Db, actor: Actor, id: number, file: { fileName: string; contentType: string; content: Uint8Array }): Promise<LedgerAttachment> {
  assertWriter(actor);
  if (file.content.byteLength === 0) throw new CatalogueError('invalid', { zh: '附件为空', en: 'the attachment is empty' });
  if (file.content.byteLength > MAX_ATTACHMENT) throw new CatalogueError('invalid', { zh: '附件超过 20 MB', en: 'the attachment exceeds 20 MB' });
  const name = file.fileName.replace(/[\\/]/g, '_').trim();
  if (name === '') throw new CatalogueError('invalid', { zh: '附件文件名为空', en: 'the attachment has no file name' });
  return inTransaction(db, async (trx) => {
    const row = await itemRow(trx, actor, id, true);
    if (row.status === 'verified') throw new CatalogueError('conflict', { zh: '已验收的台账事项不能再添加附件', en: 'a verified ledger item takes no more attachments' });
    const sha256 = crypto.createHash('sha256').update(file.content).digest('hex');
    const saved = await trx
      .insertInto('ledger_attachments')
      .values({
        ledger_item_id: id,
        region_code: row.region_code,
        file_name: name,
        content_type: file.contentType || 'application/octet-stream',
        size: file.content.byteLength,
        sha256,
        content: file.content,
        uploaded_by: actor.username,
      })
      .returning(['id', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'ledger.attach',
      entity: 'ledger_item',
      entityId: id,
      regionCode: row.region_code,
      after: { attachment: saved.id, fileName: name, size: file.content.byteLength, sha256 },
    });
    return {
      id: saved.id,
      fileName: name,
      contentType: file.contentType || 'application/octet-stream',
      size: file.content.byteLength,
      sha256,
      uploadedBy: actor.username,
      uploadedAt: shanghaiIso(new Date(saved.uploaded_at)),
    };
  });
}

export async function getLedgerAttachment(db: Db, actor: Actor, id: number, attachmentId: number): Promise<LedgerAttachment & { content: Buffer }> {
  assertReader(actor);
  await itemRow(db, actor, id);
  const a = await db.selectFrom('ledger_attachments').selectAll().where('id', '=', attachmentId).where('ledger_item_id', '=', id).executeTakeFirst();
  if (!a) throw new CatalogueError('not_found', { zh: `附件 ${attachmentId} 不存在`, en: `attachment ${attachmentId} not found` });
  return { ...attachmentView(a), content: Buffer.from(a.content) };
}
