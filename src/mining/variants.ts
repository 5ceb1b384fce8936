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

/** Whether cases a and b have the same activity sequence. */
function sameSequence(act: Uint32Array, offsets: Uint32Array, a: number, b: number): boolean {
  const fa = offsets[a];
  const fb = offsets[b];
  const n = offsets[a + 1] - fa;
  if (offsets[b + 1] - fb !== n) return false;
  for (let i = 0; i < n; i++) if (act[fa + i] !== act[fb + i]) return false;
  return true;
}

/** Case index → variant index (into the result of `variants`), and the variants themselves. */
export function variantsWithMembership(log: EventLog): { variants: Variant[]; caseVariant: Uint32Array } {
  const cases = log.caseIds.length;
  const act = log.activity;
  const offsets = log.caseOffsets;
  // the distinct sequences, found by a hash of the activity indices (open addressing; a
  // collision is told apart by comparing the sequences), numbered by first appearance
  let size = 1024;
  while (size < cases * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1); // slot → first-appearance variant number
  const hashes = new Int32Array(size);
  const firstCase: number[] = [];
  const counts: number[] = [];
  const found = new Uint32Array(cases); // case → first-appearance variant number
  for (let c = 0; c < cases; c++) {
    const from = offsets[c];
    const to = offsets[c + 1];
    let h = 0x811c9dc5 ^ (to - from);
    for (let e = from; e < to; e++) h = Math.imul(h ^ act[e], 0x01000193);
    let slot = h & mask;
    for (;;) {
      const v = slots[slot];
      if (v < 0) {
        slots[slot] = counts.length;
        hashes[slot] = h;
        found[c] = counts.length;
        firstCase.push(c);
        counts.push(1);
        break;
      }
      if (hashes[slot] === h && sameSequence(act, offsets, firstCase[v], c)) {
        counts[v]++;
        found[c] = v;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  // most frequent first, ties by first appearance: one number per variant that orders so,
  // sorted natively ((cases - count) * cases + first-appearance number is exact below 2^53)
  const nv = counts.length;
  let order: number[];
  if (cases < 90_000_000) {
    const keys = new Float64Array(nv);
    for (let v = 0; v < nv; v++) keys[v] = (cases - counts[v]) * cases + v;
    keys.sort();
    order = new Array<number>(nv);
    for (let i = 0; i < nv; i++) order[i] = keys[i] % cases;
  } else order = Array.from(counts.keys()).sort((a, b) => counts[b] - counts[a] || a - b);
  const rank = new Uint32Array(counts.length);
  let cumulative = 0;
  const variants = order.map((v, i) => {
    rank[v] = i;
    cumulative += counts[v];
    const c = firstCase[v];
    const activities: string[] = [];
    for (let e = offsets[c]; e < offsets[c + 1]; e++) activities.push(log.activityNames[act[e]]);
    return { activities, count: counts[v], share: counts[v] / cases, cumulativeShare: cumulative / cases, exampleCase: log.caseIds[c] };
  });
  const caseVariant = new Uint32Array(cases);
  for (let c = 0; c < cases; c++) caseVariant[c] = rank[found[c]];
  return { variants, caseVariant };
}

export function variants(log: EventLog): Variant[] {
  return variantsWithMembership(log).variants;
}
