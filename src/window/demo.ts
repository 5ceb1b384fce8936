// The demo's one-thing service: on a first start the demo county has one published bundle,
// so an applicant finds something under 可办服务 and the window journey works out of the box.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { DEMO_CITY_CODE } from '../org/demo.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { createBundle, publishBundle } from '../bundle/store.js';
import { DEMO_FIELD_DECISIONS } from '../bundle/demo-decisions.js';

export const DEMO_SERVICE_NAME = '企业开办一件事';

/**
 * Publishes the business start-up bundle in the demo county unless a bundle is published
 * there already or one of that name exists (the reform office's own work is never touched).
 * Idempotent; needs the demo organisation and catalogue.
 */
export async function seedDemoService(db: Kysely<Database>): Promise<{ seeded: boolean; bundleId?: number }> {
  const existing = await db
    .selectFrom('bundles')
    .select('id')
    .where('region_code', '=', DEMO_CITY_CODE)
    .where((eb) => eb.or([eb('status', '=', 'published'), eb('name', '=', DEMO_SERVICE_NAME)]))
    .limit(1)
    .executeTakeFirst();
  if (existing) return { seeded: false };
  const codes = DEMO_SETS['business-startup'];
  const present = await db
    .selectFrom('matters')
    .select('code')
    .where('code', 'in', [...codes])
    .execute();
  if (new Set(present.map((m) => m.code)).size !== codes.length) return { seeded: false };
  // Publishing waits for every form conflict to be decided: the demo decides them as an office would.
  const bundle = await createBundle(db, SYSTEM_ACTOR, {
    name: DEMO_SERVICE_NAME,
    matterCodes: [...codes],
    regionCode: DEMO_CITY_CODE,
    decisions: DEMO_FIELD_DECISIONS['business-startup'],
  });
  await publishBundle(db, SYSTEM_ACTOR, bundle.id);
  return { seeded: true, bundleId: bundle.id };
}
