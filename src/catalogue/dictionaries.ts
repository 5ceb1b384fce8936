// Open dictionaries: a catalogue may add canonical materials and form fields of its own
// (a newborn's 出生医学证明, a restaurant's 餐饮服务食品安全操作规范承诺) with Chinese labels and
// synonyms, beside the platform's (materials.ts, fields.ts). Its matters may then refer to them
// (canonicalId, canonicalKey, result.fields), and bundles merge and label by them. An added entry
// never redefines the platform's: its id and every name must be new. Pure.
import { CANONICAL_FIELDS, FIELD_DICTIONARY, type CanonicalField } from './fields.js';
import { CANONICAL_MATERIALS, MATERIAL_DICTIONARY, type CanonicalMaterial } from './materials.js';
import type { Catalogue, CatalogueDictionaries } from './model.js';
import { NameDictionary, normaliseName } from './similarity.js';

export interface Dictionaries {
  field(key: string): CanonicalField | undefined;
  /** The canonical field a label stands for (exact after normalisation), the catalogue's own entries included. */
  matchField(label: string): CanonicalField | null;
  material(id: string): CanonicalMaterial | undefined;
  matchMaterial(name: string): CanonicalMaterial | null;
}

export const EMPTY_DICTIONARIES: CatalogueDictionaries = { materials: [], fields: [] };

/** The platform's dictionaries alone. */
export const PLATFORM_DICTIONARIES: Dictionaries = {
  field: (key) => FIELD_DICTIONARY.get(key),
  matchField: (label) => FIELD_DICTIONARY.match(label),
  material: (id) => MATERIAL_DICTIONARY.get(id),
  matchMaterial: (name) => MATERIAL_DICTIONARY.match(name),
};

export interface DictionaryProblem {
  kind: 'materials' | 'fields';
  index: number;
  field: 'id' | 'name' | 'synonyms';
  value: string;
  reason: { zh: string; en: string };
}

/** Entries that would redefine the platform's or each other's: an id or a name already taken. */
export function dictionaryProblems(extra: CatalogueDictionaries): DictionaryProblem[] {
  const problems: DictionaryProblem[] = [];
  const check = <E extends { id: string; name: string; synonyms: string[] }>(
    kind: 'materials' | 'fields',
    entries: readonly E[],
    platform: NameDictionary<E>,
    builtIn: readonly E[],
  ) => {
    const ids = new Set(builtIn.map((e) => e.id));
    const names = new Map<string, string>();
    for (const e of builtIn) for (const n of [e.name, ...e.synonyms]) names.set(normaliseName(n), e.id);
    entries.forEach((e, index) => {
      if (ids.has(e.id)) {
        problems.push({
          kind,
          index,
          field: 'id',
          value: e.id,
          reason: { zh: `编码 ${e.id} 已在标准字典中，新增条目须用新的编码`, en: `id ${e.id} is in the dictionary already; an added entry needs a new id` },
        });
        return;
      }
      ids.add(e.id);
      for (const [field, list] of [
        ['name', [e.name]],
        ['synonyms', e.synonyms],
      ] as const) {
        for (const n of list) {
          const key = normaliseName(n);
          if (key === '') {
            problems.push({ kind, index, field, value: n, reason: { zh: '名称不能为空', en: 'a name cannot be empty' } });
            continue;
          }
          const owner = names.get(key);
          if (owner !== undefined && owner !== e.id) {
            const known = platform.get(owner)?.name ?? owner;
            problems.push({
              kind,
              index,
              field,
              value: n,
              reason: { zh: `名称「${n}」已属于标准条目「${known}」（${owner}）`, en: `the name “${n}” already belongs to the entry “${known}” (${owner})` },
            });
          } else names.set(key, e.id);
        }
      }
    });
  };
  check('materials', extra.materials, MATERIAL_DICTIONARY as NameDictionary<CanonicalMaterial>, CANONICAL_MATERIALS as CanonicalMaterial[]);
  check('fields', extra.fields, FIELD_DICTIONARY as NameDictionary<CanonicalField>, CANONICAL_FIELDS as CanonicalField[]);
  return problems;
}

const CACHE = new WeakMap<CatalogueDictionaries, Dictionaries>();

/** The platform's dictionaries extended by the catalogue's own entries (ignored when they clash: validation reports them). */
export function dictionariesOf(catalogue: Pick<Catalogue, 'dictionaries'>): Dictionaries {
  const extra = catalogue.dictionaries;
  if (!extra || (extra.materials.length === 0 && extra.fields.length === 0)) return PLATFORM_DICTIONARIES;
  const cached = CACHE.get(extra);
  if (cached) return cached;
  // An entry that clashes is left out (validation reports it); the others still count, so
  // references to them are not reported as well.
  const bad = new Set(dictionaryProblems(extra).map((p) => `${p.kind}|${p.index}`));
  const materials = new NameDictionary<CanonicalMaterial>(
    extra.materials.filter((_, i) => !bad.has(`materials|${i}`)).map((e) => ({ ...e, synonyms: [...e.synonyms], issuerDepartmentCode: null })),
  );
  const fields = new NameDictionary<CanonicalField>(extra.fields.filter((_, i) => !bad.has(`fields|${i}`)).map((e) => ({ ...e, synonyms: [...e.synonyms] })));
  const dictionaries: Dictionaries = {
    field: (key) => FIELD_DICTIONARY.get(key) ?? fields.get(key),
    matchField: (label) => FIELD_DICTIONARY.match(label) ?? fields.match(label),
    material: (id) => MATERIAL_DICTIONARY.get(id) ?? materials.get(id),
    matchMaterial: (name) => MATERIAL_DICTIONARY.match(name) ?? materials.match(name),
  };
  CACHE.set(extra, dictionaries);
  return dictionaries;
}
