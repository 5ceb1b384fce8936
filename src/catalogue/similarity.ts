// Normalised similarity of Chinese document and field names: the basis of the canonical
// material and field dictionaries' suggestions. Pure.

/** Wrappers and qualifiers that do not change which document is meant. */
const NOISE = [
  /[（(【\[][^）)】\]]*[）)】\]]/g, // parenthesised remarks: （原件）, (复印件加盖公章)
  /《|》|“|”|"|'|、|，|,|。|；|;|：|:|·|\s+/g,
];
const SUFFIXES = ['原件及复印件', '原件和复印件', '复印件', '原件', '扫描件', '电子件', '副本', '正本', '一份', '材料'];
const PREFIXES = ['申请人', '有效的', '有效', '提交', '提供'];

/** Lower-cased, full-width folded (NFKC), without brackets, punctuation and copy qualifiers. */
export function normaliseName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase();
  for (const re of NOISE) s = s.replace(re, '');
  let changed = true;
  while (changed && s.length > 0) {
    changed = false;
    for (const suffix of SUFFIXES) {
      if (s.length > suffix.length && s.endsWith(suffix)) {
        s = s.slice(0, -suffix.length);
        changed = true;
      }
    }
    for (const prefix of PREFIXES) {
      if (s.length > prefix.length && s.startsWith(prefix)) {
        s = s.slice(prefix.length);
        changed = true;
      }
    }
  }
  return s;
}

function bigrams(s: string): Map<string, number> {
  const chars = [...s];
  const out = new Map<string, number>();
  if (chars.length === 1) out.set(chars[0], 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Sørensen–Dice coefficient over character bigrams of the normalised names, in [0, 1]. */
export function diceSimilarity(a: string, b: string): number {
  const na = normaliseName(a);
  const nb = normaliseName(b);
  if (na === nb) return na.length > 0 ? 1 : 0;
  const ga = bigrams(na);
  const gb = bigrams(nb);
  let total = 0;
  for (const n of ga.values()) total += n;
  for (const n of gb.values()) total += n;
  if (total === 0) return 0;
  let overlap = 0;
  for (const [g, n] of ga) overlap += Math.min(n, gb.get(g) ?? 0);
  return (2 * overlap) / total;
}

/** Similarity used for suggestions: Dice, raised when one name contains the other. */
export function nameSimilarity(a: string, b: string): number {
  const na = normaliseName(a);
  const nb = normaliseName(b);
  if (na.length === 0 || nb.length === 0) return 0;
  if (na === nb) return 1;
  const dice = diceSimilarity(a, b);
  const [short, long] = na.length <= nb.length ? [na, nb] : [nb, na];
  const containment = long.includes(short) && short.length >= 2 ? 0.6 + 0.4 * (short.length / long.length) : 0;
  return Math.max(dice, containment);
}

export interface DictionaryEntry {
  id: string;
  name: string;
  synonyms: string[];
}

export interface Suggestion {
  id: string;
  name: string;
  /** Similarity in [0, 1], rounded to 3 decimals. */
  score: number;
  /** The dictionary name or synonym that scored best. */
  matchedOn: string;
}

/** A dictionary with exact lookup by normalised name or synonym and similarity suggestions. */
export class NameDictionary<E extends DictionaryEntry> {
  private readonly byNormal = new Map<string, E>();
  private readonly byId = new Map<string, E>();

  constructor(readonly entries: readonly E[]) {
    for (const e of entries) {
      if (this.byId.has(e.id)) throw new Error(`duplicate dictionary id ${e.id}`);
      this.byId.set(e.id, e);
      for (const n of [e.name, ...e.synonyms]) {
        const key = normaliseName(n);
        const prior = this.byNormal.get(key);
        if (prior && prior.id !== e.id) throw new Error(`name ${n} belongs to both ${prior.id} and ${e.id}`);
        this.byNormal.set(key, e);
      }
    }
  }

  get(id: string): E | undefined {
    return this.byId.get(id);
  }

  /** The entry whose name or synonym equals `name` once normalised, else null. */
  match(name: string): E | null {
    return this.byNormal.get(normaliseName(name)) ?? null;
  }

  /** Best entries by similarity, at least `minScore`, best first (ties by id). */
  suggest(name: string, options: { limit?: number; minScore?: number } = {}): Suggestion[] {
    const limit = options.limit ?? 3;
    const minScore = options.minScore ?? 0.5;
    const out: Suggestion[] = [];
    for (const e of this.entries) {
      let best = 0;
      let on = e.name;
      for (const n of [e.name, ...e.synonyms]) {
        const s = nameSimilarity(name, n);
        if (s > best) {
          best = s;
          on = n;
        }
      }
      if (best >= minScore) out.push({ id: e.id, name: e.name, score: Math.round(best * 1000) / 1000, matchedOn: on });
    }
    out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return out.slice(0, limit);
  }
}
