// First-start seeding of the demo organisation. Idempotent: a database that already has
// regions is left as it is.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import { SYSTEM_ACTOR } from './model.js';
import { DEMO_CITY_CODE, DEMO_DEPARTMENTS, DEMO_GRIDS, DEMO_USERS } from './demo.js';
import { officialCountyTree } from './divisions.js';
import { loadRegionTree } from './admin.js';
import { addUserIn } from './store.js';
import { hashPassword, randomPassword } from './password.js';

export interface SeedResult {
  seeded: boolean;
  users: Array<{ username: string; role: string }>;
  /** Set only when the password was generated (printed once, never stored plain). */
  generatedPassword: string | null;
}

export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function seedDemoOrganisation(db: Kysely<Database>, password = process.env.ZAIZAO_DEMO_PASSWORD): Promise<SeedResult> {
  if (await isSeeded(db)) return { seeded: false, users: [], generatedPassword: null };
  const generated = password ? null : randomPassword();
  const demoPassword = password ?? generated!;
  const official = await officialCountyTree(DEMO_CITY_CODE);
  if (!official) throw new Error(`the division data set lacks the demo county ${DEMO_CITY_CODE}`);
  const regions = [...official, ...DEMO_GRIDS];
  const passwordHash = await hashPassword(demoPassword);
  // One transaction: a first start cut short leaves no organisation without its users, and
  // one commit costs PGlite far less than twenty.
  await db.transaction().execute(async (trx) => {
    await loadRegionTree(trx, SYSTEM_ACTOR, regions);
    await trx
      .insertInto('departments')
      .values(DEMO_DEPARTMENTS.map((d) => ({ code: d.code, name: d.name, region_code: d.regionCode })) as never)
      .execute();
    await recordAudit(trx, {
      actor: SYSTEM_ACTOR,
      action: 'org.seed',
      entity: 'organisation',
      entityId: DEMO_CITY_CODE,
      regionCode: DEMO_CITY_CODE,
      after: { regions: regions.length, departments: DEMO_DEPARTMENTS.length },
    });
    for (const u of DEMO_USERS) await addUserIn(trx, SYSTEM_ACTOR, { ...u, password: demoPassword, passwordHash });
  });
  return { seeded: true, users: DEMO_USERS.map((u) => ({ username: u.username, role: u.role })), generatedPassword: generated };
}
