// The county's list as it stands after the reform office accepted every removal the analyzer
// proposes for a decision (materials citing no provision of their own): what tests of the
// one-window service run on, as Zoucheng runs the construction permit today.
import type { Kysely } from 'kysely';
import { applyFixes } from '../../src/analyze/fix.js';
import { analyze } from '../../src/analyze/runner.js';
import { loadCatalogue, saveMatterVersion } from '../../src/catalog/store.js';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import type { Database } from '../../src/store/schema.js';

export async function acceptProposedRemovals(db: Kysely<Database>, codes: readonly string[]): Promise<void> {
  const listed = await loadCatalogue(db, SYSTEM_ACTOR, { codes: [...codes] });
  const accepted = analyze(listed).findings.flatMap((f) => (f.fix?.decisionRequired ? [f.fix] : []));
  for (const m of listed.matters) {
    const corrected = applyFixes(m, accepted);
    if (corrected !== m) await saveMatterVersion(db, SYSTEM_ACTOR, corrected, { note: '按再造办采纳意见修订清单' });
  }
}
