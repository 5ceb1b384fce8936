// Demo data for a first start. Each capability that ships demo data adds its seeding step
// here, after the organisation exists; each step is idempotent.
import type { Store } from '../store/database.js';
import { seedDemoOrganisation, type SeedResult } from '../org/index.js';
import { seedDemoCatalogue } from '../catalogue/index.js';
import { seedDemoCases } from '../cases/index.js';
import { DEMO_SERVICE_NAME, seedDemoService } from '../window/index.js';

export interface DemoSeedReport {
  organisation: SeedResult | null;
  /** Lines to print about what else was loaded. */
  extras: string[];
}

export interface DemoSeedOptions {
  /** Also publish the demo one-thing service (a first start and `zaizao seed demo`; tests publish their own). */
  service?: boolean;
}

export async function seedDemoData(store: Store, password?: string, options: DemoSeedOptions = {}): Promise<DemoSeedReport> {
  const organisation = await seedDemoOrganisation(store.db, password);
  const extras: string[] = [];
  const catalogue = await seedDemoCatalogue(store.db);
  if (catalogue.seeded) extras.push(`Demo catalogue loaded: ${catalogue.matters} matters (construction permit and business start-up cases).`);
  const cases = await seedDemoCases(store.db);
  if (cases.seeded) extras.push('Demo case categories, responsibility list and time limits loaded.');
  if (options.service) {
    const service = await seedDemoService(store.db);
    if (service.seeded) extras.push(`Demo one-thing service published: ${DEMO_SERVICE_NAME} (bundle ${service.bundleId}), open for applications.`);
  }
  return { organisation, extras };
}
