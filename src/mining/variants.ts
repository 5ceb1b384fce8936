// Variants: the distinct activity sequences of a log, most frequent first, with the share
// of cases each covers and the cumulative coverage down the list.
import type { EventLog } from './model.js';

export interface Variant {
  activities: string[];
  count: number;
  /** count / cases */
  share: number;
  /** Share of cases covered by this variant and all more frequent ones. */
  cumulativeShare: number;
  /** The first case (in log order) that follows this variant. */
  exampleCase: string;
}

/** Key of a case's activity sequence; one UTF-16 unit per activity while the alphabet allows. */
function variantKeys(log: EventLog): string[] {
  const keys: string[] = new Array(log.caseIds.length);
  const wide = log.activityNames.length >= 0xd800;
  for (let c = 0; c < log.caseIds.length; c++) {
    const from = log.caseOffsets[c];
    const to = log.caseOffsets[c + 1];
    if (wide) {
      keys[c] = Array.from(log.activity.subarray(from, to)).join(',');
    } else if (to - from <= 4096) {
      // one flat string per case, built in one call
      keys[c] = String.fromCharCode.apply(null, log.activity.subarray(from, to) as unknown as number[]);
    } else {
      let k = '';
      for (let e = from; e < to; e += 4096) k += String.fromCharCode.apply(null, log.activity.subarray(e, Math.min(to, e + 4096)) as unknown as number[]);
      keys[c] = k;
    }
  }
  return keys;
}

/** Case index → variant index (into the result of `variants`), and the variants themselves. */
export function variantsWithMembership(log: EventLog): { variants: Variant[]; caseVariant: Uint32Array } {
  const keys = variantKeys(log);
  const byKey = new Map<string, { count: number; first: number }>();
  for (let c = 0; c < keys.length; c++) {
    const v = byKey.get(keys[c]);
    if (v) v.count++;
    else byKey.set(keys[c], { count: 1, first: c });
  }
  const list = [...byKey.entries()].sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first);
  const index = new Map<string, number>();
  const cases = keys.length;
  let cumulative = 0;
  const variants = list.map(([key, v], i) => {
    index.set(key, i);
    cumulative += v.count;
    const c = v.first;
    const activities: string[] = [];
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) activities.push(log.activityNames[log.activity[e]]);
    return { activities, count: v.count, share: v.count / cases, cumulativeShare: cumulative / cases, exampleCase: log.caseIds[c] };
  });
  const caseVariant = new Uint32Array(cases);
  for (let c = 0; c < cases; c++) caseVariant[c] = index.get(keys[c])!;
  return { variants, caseVariant };
}

export function variants(log: EventLog): Variant[] {
  return variantsWithMembership(log).variants;
}
