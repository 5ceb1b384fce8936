// 吹哨 and 报到: a township calls county departments to a case; each acknowledges and checks in
// on site with a geotagged photo by the deadline.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { accessView, addEvent, forbiddenStep, lockedCase, outOfScope, savePhotos, type Clocked } from './commands.js';
import { validCoordinates } from './geo.js';
import { CaseError } from './model.js';
import { mayTake } from './permissions.js';
import { decodePhotos } from './photos.js';
import { getCase } from './queries.js';
import { countyOf } from './responsibility.js';
import { commandTransaction, loadSettings, type CaseDetail, type Db } from './store.js';

/** 吹哨: the township calls county departments to a case, each to report in by a deadline. */
export async function whistle(db: Db, actor: Actor, id: number, input: { departmentIds: number[]; minutes?: number; note?: string }, clock: Clocked): Promise<CaseDetail> {
  const now = clock.now;
  const ids = [...new Set(input.departmentIds)];
  await commandTransaction(db, 'cases', async (trx) => {
    const row = await lockedCase(trx, id);
    const view = await accessView(trx, row);
    if (!mayTake(actor, view, 'read')) throw outOfScope(id);
    if (!mayTake(actor, view, 'whistle')) throw forbiddenStep('whistle');
    if (row.status !== 'assigned' && row.status !== 'handling')
      throw new CaseError('invalid_transition', { zh: '只能对办理中的案件吹哨', en: 'only a case being handled can be whistled' });
    const settings = await loadSettings(trx, countyOf(row.region_code));
    const minutes = input.minutes ?? settings.whistleMinutes;
    const departments = await trx.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', 'in', ids).execute();
    const unknown = ids.filter((d) => !departments.some((x) => x.id === d && row.region_code.startsWith(x.region_code)));
    if (unknown.length)
      throw new CaseError('invalid', { zh: `未知部门：${unknown.join(', ')}`, en: `unknown departments: ${unknown.join(', ')}` }, { field: 'departmentIds', unknown });
    const already = await trx.selectFrom('case_whistles').select('department_id').where('case_id', '=', id).where('department_id', 'in', ids).execute();
    if (already.length) throw new CaseError('conflict', { zh: '已对该部门吹哨', en: `already whistled: ${already.map((a) => a.department_id).join(', ')}` });
    const deadline = new Date(now.getTime() + minutes * 60_000);
    for (const d of departments) {
      await trx
        .insertInto('case_whistles')
        .values({ case_id: id, region_code: row.region_code, department_id: d.id, whistled_by: actor.username, whistled_at: now, deadline } as never)
        .execute();
    }
    await addEvent(trx, {
      caseId: id,
      regionCode: row.region_code,
      at: now,
      actor,
      action: 'whistle',
      from: row.status,
      to: row.status,
      data: { departments: departments.map((d) => d.name), minutes, note: input.note ?? '' },
    });
    await recordAudit(trx, {
      actor,
      action: 'case.whistle',
      entity: 'case',
      entityId: id,
      regionCode: row.region_code,
      after: { departmentIds: ids, deadline: deadline.toISOString() },
    });
  });
  return getCase(db, actor, id, now, true);
}

/**
 * 报到: a whistled department acknowledges, then checks in on site with a geotagged photo.
 * The check-in is on time when it is at or before the deadline; late ones count against the department.
 */
export async function reportIn(
  db: Db,
  actor: Actor,
  id: number,
  input: { step: 'acknowledge' | 'on_site'; lat?: number; lng?: number; photo?: string },
  clock: Clocked,
): Promise<CaseDetail> {
  const now = clock.now;
  const photos = input.photo ? decodePhotos([input.photo], 'photo') : [];
  await commandTransaction(db, 'cases', async (trx) => {
    const row = await lockedCase(trx, id);
    const view = await accessView(trx, row);
    if (!mayTake(actor, view, 'report_in')) {
      throw new CaseError('forbidden', { zh: '您的部门未被吹哨到此案件，不能报到', en: 'your department was not whistled to this case' }, { step: 'report_in' });
    }
    const w = await trx
      .selectFrom('case_whistles')
      .selectAll()
      .where('case_id', '=', id)
      .where('department_id', '=', actor.departmentId!)
      .where('released_at', 'is', null)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (input.step === 'acknowledge') {
      if (w.acknowledged_at) throw new CaseError('conflict', { zh: '已确认', en: 'already acknowledged' });
      await trx.updateTable('case_whistles').set({ acknowledged_at: now }).where('id', '=', w.id).execute();
    } else {
      if (w.on_site_at) throw new CaseError('conflict', { zh: '已报到', en: 'already reported in on site' });
      if (input.lat === undefined || input.lng === undefined || !validCoordinates(input.lat, input.lng))
        throw new CaseError('invalid', { zh: '现场报到须带定位', en: 'an on-site check-in needs lat and lng' }, { field: 'lat' });
      if (!photos.length) throw new CaseError('invalid', { zh: '现场报到须拍照', en: 'an on-site check-in needs a photo' }, { field: 'photo' });
      const [photoId] = await savePhotos(trx, id, row.region_code, 'checkin', photos, now);
      const late = now > w.deadline;
      await trx
        .updateTable('case_whistles')
        .set({ on_site_at: now, acknowledged_at: w.acknowledged_at ?? now, checkin_lat: input.lat, checkin_lng: input.lng, checkin_photo_id: photoId, late })
        .where('id', '=', w.id)
        .execute();
    }
    await addEvent(trx, {
      caseId: id,
      regionCode: row.region_code,
      at: now,
      actor,
      action: `report_in.${input.step}`,
      from: row.status,
      to: row.status,
      data: { departmentId: actor.departmentId, late: input.step === 'on_site' ? now > w.deadline : undefined },
    });
    await recordAudit(trx, {
      actor,
      action: `case.report_in.${input.step}`,
      entity: 'case',
      entityId: id,
      regionCode: row.region_code,
      after: { departmentId: actor.departmentId, late: now > w.deadline },
    });
  });
  return getCase(db, actor, id, now, true);
}
