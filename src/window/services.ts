// Published services (bundles) as the window reads them: the published version's draft,
// kept in memory per (bundle, version) — a published version never changes.
import { sql } from 'kysely';
import type { BundleDraft } from '../bundle/model.js';
import type { Actor } from '../org/model.js';
import { isApplicant, regionPattern } from '../org/scope.js';
import { WindowError, type ServiceMaterial } from './model.js';
import { serviceMaterials } from './service.js';
import { json, type Db } from './store.js';

export interface PublishedService {
  bundleId: number;
  version: number;
  regionCode: string;
  serviceCode: string;
  name: string;
  processKey: string;
  deploymentId: number;
  leadDepartmentCode: string;
  departments: string[];
  promisedWorkdays: number;
  draft: BundleDraft;
  materials: ServiceMaterial[];
}

// Per database handle: two stores open in one process (tests, a CLI beside a server's
// database) may both hold a bundle 1 version 1, and they are different services.
const caches = new WeakMap<object, { cache: Map<string, PublishedService>; byVersion: Map<string, PublishedService> }>();
const MAX_CACHED = 500;
function cachesOf(db: object) {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { cache: new Map(), byVersion: new Map() }));
  return c;
}

export const serviceNotFound = (id: number | string) => new WindowError('not_found', { zh: `未找到已发布的服务 ${id}`, en: `published service ${id} not found` });

/** A bundle's version as a service; the version defaults to the published one. */
export async function loadService(db: Db, bundleId: number, version?: number): Promise<PublishedService> {
  const { cache, byVersion } = cachesOf(db);
  // A given version of a published bundle never changes: no query once it is known.
  const known = version === undefined ? undefined : byVersion.get(`${bundleId}|${version}`);
  if (known) return known;
  const b = await db.selectFrom('bundles').selectAll().where('id', '=', bundleId).where('status', '=', 'published').executeTakeFirst();
  if (!b || b.published_version === null || b.deployment_id === null || b.service_code === null) throw serviceNotFound(bundleId);
  const v = version ?? b.published_version;
  const key = `${bundleId}|${v}|${b.deployment_id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const row = await db.selectFrom('bundle_versions').select(['draft', 'promised_workdays']).where('bundle_id', '=', bundleId).where('version', '=', v).executeTakeFirst();
  if (!row) throw serviceNotFound(bundleId);
  const draft = json<BundleDraft>(row.draft);
  const service: PublishedService = {
    bundleId,
    version: v,
    regionCode: b.region_code,
    serviceCode: b.service_code,
    name: b.name,
    processKey: b.process_key,
    deploymentId: Number(b.deployment_id),
    leadDepartmentCode: b.lead_department_code,
    departments: json<string[]>(b.departments),
    promisedWorkdays: Number(row.promised_workdays),
    draft,
    materials: serviceMaterials(draft),
  };
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, service);
  if (byVersion.size >= MAX_CACHED) byVersion.delete(byVersion.keys().next().value!);
  byVersion.set(`${bundleId}|${v}`, service);
  return service;
}

export interface ServiceSummary {
  id: number;
  serviceCode: string;
  name: string;
  regionCode: string;
  promisedWorkdays: number;
  matters: number;
  materialsToSubmit: number;
  materialsShared: number;
  commitments: number;
}

/** Published services an actor may apply for (applicants) or take in (the window): their region subtree, or the region above for applicants. */
export async function listServices(db: Db, actor: Actor): Promise<ServiceSummary[]> {
  let q = db.selectFrom('bundles').select(['id']).where('status', '=', 'published');
  // An applicant applies to the services of the region they belong to and the regions above it.
  if (isApplicant(actor)) q = q.where(sql<boolean>`${actor.regionCode} like region_code || '%'`);
  else q = q.where('region_code', 'like', regionPattern(actor));
  const rows = await q.orderBy('id').limit(500).execute();
  const out: ServiceSummary[] = [];
  for (const r of rows) {
    const s = await loadService(db, Number(r.id));
    out.push({
      id: s.bundleId,
      serviceCode: s.serviceCode,
      name: s.name,
      regionCode: s.regionCode,
      promisedWorkdays: s.promisedWorkdays,
      matters: s.draft.matterCodes.length,
      materialsToSubmit: s.materials.filter((m) => m.handling === 'submit').length,
      materialsShared: s.materials.filter((m) => m.handling === 'shared').length,
      commitments: s.draft.letter.commitments.length,
    });
  }
  return out;
}
