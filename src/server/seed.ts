// Demo data for a first start. Each capability that ships demo data adds its seeding step
// here, after the organisation exists; each step is idempotent.
import type { Store } from '../store/database.js';
import { seedDemoOrganisation, type SeedResult } from '../org/seed.js';
import { seedDemoCatalogue } from '../catalog/store.js';
import { seedDemoCases } from '../cases/demo.js';

export interface DemoSeedReport {
  organisation: SeedResult | null;
  /** Lines to print about what else was loaded. */
  extras: string[];
}

export async function seedDemoData(store: Store, password?: string): Promise<DemoSeedReport> {
  const organisation = await seedDemoOrganisation(store.db, password);
  const extras: string[] = [];
  const catalogue = await seedDemoCatalogue(store.db);
  if (catalogue.seeded) extras.push(`Demo catalogue loaded: ${catalogue.matters} matters (construction permit and business start-up cases).`);
  const cases = await seedDemoCases(store.db);
  if (cases.seeded) extras.push('Demo case categories, responsibility list and time limits loaded.');
  return { organisation, extras };
}
