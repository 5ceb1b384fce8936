// Demo configuration of cases for 邹城市: categories (= Open311 services), a responsibility
// list, time limits and settings. Idempotent: skipped when the county has categories.
import { DEMO_CITY_CODE } from '../org/demo.js';
import type { CategoryAttribute } from './model.js';
import { commandTransaction, type Db } from './store.js';

export const DEMO_CATEGORIES: Array<{ code: string; zh: string; en: string; group: string; keywords: string; description: string; attributes: CategoryAttribute[] }> = [
  { code: 'ENV-RUBBISH', zh: '垃圾堆放', en: 'Rubbish dumped', group: '市容环境', keywords: 'rubbish,垃圾,环境', description: '暴露垃圾、积存垃圾渣土', attributes: [] },
  {
    code: 'ROAD-DAMAGE',
    zh: '道路破损',
    en: 'Damaged road',
    group: '市政设施',
    keywords: 'road,pothole,道路,坑槽',
    description: '路面坑槽、井盖缺失',
    attributes: [
      {
        code: 'size',
        datatype: 'singlevaluelist',
        required: true,
        description: '破损面积',
        order: 1,
        values: [
          { key: 'small', name: '小于 1 平方米' },
          { key: 'large', name: '1 平方米以上' },
        ],
      },
      { code: 'lanes', datatype: 'number', required: false, description: '占用车道数', order: 2 },
    ],
  },
  { code: 'STREETLIGHT', zh: '路灯不亮', en: 'Streetlight out', group: '市政设施', keywords: 'streetlight,路灯', description: '路灯不亮或损坏', attributes: [] },
  { code: 'ILLEGAL-BUILD', zh: '违法建设', en: 'Unauthorised building', group: '城乡建设', keywords: 'building,违建', description: '私搭乱建、违法建设', attributes: [] },
];

export async function seedDemoCases(db: Db): Promise<{ seeded: boolean }> {
  const existing = await db.selectFrom('case_categories').select('code').where('region_code', '=', DEMO_CITY_CODE).executeTakeFirst();
  if (existing) return { seeded: false };
  const zjj = await db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirst();
  await commandTransaction(db, 'config', async (trx) => {
    await trx
      .insertInto('case_categories')
      .values(
        DEMO_CATEGORIES.map((c) => ({
          code: c.code,
          region_code: DEMO_CITY_CODE,
          name_zh: c.zh,
          name_en: c.en,
          description: c.description,
          keywords: c.keywords,
          group_name: c.group,
          attributes: JSON.stringify(c.attributes),
          active: true,
        })) as never,
      )
      .execute();
    await trx
      .insertInto('case_responsibilities')
      .values([
        { region_code: DEMO_CITY_CODE, category_code: '*', tier: 'village', department_id: null },
        { region_code: DEMO_CITY_CODE, category_code: 'ILLEGAL-BUILD', tier: 'township', department_id: null },
        ...(zjj ? [{ region_code: DEMO_CITY_CODE, category_code: 'STREETLIGHT', tier: 'department' as const, department_id: zjj.id }] : []),
      ])
      .execute();
    await trx
      .insertInto('case_time_limits')
      .values([
        { region_code: DEMO_CITY_CODE, category_code: '*', tier: 'village', response_hours: 2, handle_workdays: 3 },
        { region_code: DEMO_CITY_CODE, category_code: '*', tier: 'township', response_hours: 2, handle_workdays: 5 },
        { region_code: DEMO_CITY_CODE, category_code: '*', tier: 'department', response_hours: 4, handle_workdays: 7 },
        { region_code: DEMO_CITY_CODE, category_code: 'ROAD-DAMAGE', tier: 'department', response_hours: 2, handle_workdays: 5 },
      ])
      .execute();
    await trx
      .insertInto('case_settings')
      .values({
        region_code: DEMO_CITY_CODE,
        whistle_minutes: 30,
        bounce_threshold: 2,
        duplicate_metres: 200,
        duplicate_hours: 72,
        small_sample: 5,
        weights: JSON.stringify({ response: 30, resolution: 35, satisfaction: 35 }),
        bbox: JSON.stringify([116.7, 35.1, 117.4, 35.7]),
      } as never)
      .execute();
  });
  return { seeded: true };
}
