// The office's accepted decisions a bundle builds on: the findings it accepted in the analyzer
// whose fixes await a decision (no legal basis …). A decision holds for the matter it was
// about: its content hash must be the hash of the matter's current as-is version or of a
// to-be version made from it since (accepting a fix makes one). Re-importing the as-is matter
// makes older decisions stale. The newest decision on a finding wins: accepted then rejected is
// rejected.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Catalogue, Matter } from '../catalogue/model.js';
import { completeMatter } from '../catalogue/build.js';
import { matterHash } from '../analyzer/decisions.js';
import { loadDecisions } from '../analyzer/decision-rows.js';

type Db = Kysely<Database>;

/** Fix keys (`fix:<matter>:<finding key>`, as `fixRelianceKey`) of the findings accepted and still current. */
export async function acceptedFixKeys(db: Db, catalogue: Catalogue): Promise<string[]> {
  const codes = catalogue.matters.map((m) => m.code);
  if (codes.length === 0) return [];
  const decisions = await loadDecisions(db, { matterCodes: codes });
  if (decisions.length === 0) return [];
  const hashes = new Map<string, Set<string>>(catalogue.matters.map((m) => [m.code, new Set([matterHash(m)])]));
  const rows = await db
    .selectFrom('matters as m')
    .innerJoin('matter_versions as v', 'v.matter_id', 'm.id')
    .select(['m.code', 'v.document'])
    .where('m.code', 'in', codes)
    .whereRef('v.version', '>=', (eb) => eb.fn.coalesce('m.as_is_version', 'm.latest_version'))
    .execute();
  for (const r of rows) {
    const doc = completeMatter((typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as Matter);
    hashes.get(r.code)?.add(matterHash(doc));
  }
  return currentAccepted(decisions, hashes);
}

/** Pure: the newest current decision per finding, kept when it is an acceptance. */
export function currentAccepted(
  decisions: ReadonlyArray<{ id: number; matterCode: string; findingKey: string; decision: string; matterHash: string }>,
  hashes: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const newest = new Map<string, (typeof decisions)[number]>();
  for (const d of decisions) {
    if (!hashes.get(d.matterCode)?.has(d.matterHash)) continue;
    const key = `fix:${d.matterCode}:${d.findingKey}`;
    const seen = newest.get(key);
    if (!seen || d.id > seen.id) newest.set(key, d);
  }
  return [...newest].filter(([, d]) => d.decision === 'accepted').map(([k]) => k);
}
