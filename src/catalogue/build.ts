// Builders with the defaults a matter's implementation list usually has, so data modules
// (demo catalogue, generator, tests) state only what differs. Pure.
import type { FormField, LegalBasis, Material, MaterialSource, Matter, Prerequisite, Step } from './model.js';
import { canonicalMaterial } from './materials.js';
import { canonicalField } from './fields.js';

export function basis(document: string, article = '', text = ''): LegalBasis {
  return { document, article, text };
}

export type MaterialInput = Partial<Omit<Material, 'source'>> & { id: string; name: string; source?: Partial<MaterialSource> };

/** A material; category, issuer and exclusion default from its canonical entry. */
export function material(input: MaterialInput): Material {
  const canonical = input.canonicalId ? canonicalMaterial(input.canonicalId) : undefined;
  if (input.canonicalId && !canonical) throw new Error(`unknown canonical material ${input.canonicalId}`);
  const source: MaterialSource = {
    kind: 'applicant',
    issuerType: null,
    presentOnly: false,
    noSharingChannel: false,
    departmentCode: null,
    matterCode: null,
    certificate: '',
    issuer: '',
    dataSharing: false,
    ...input.source,
  };
  return {
    id: input.id,
    name: input.name,
    canonicalId: input.canonicalId ?? null,
    category: input.category ?? canonical?.category ?? 'other',
    requirement: input.requirement ?? 'required',
    condition: input.condition ?? '',
    medium: input.medium ?? 'paper',
    original: input.original ?? 'original',
    copies: input.copies ?? 1,
    source,
    legalBases: input.legalBases ?? [],
    commitmentAllowed: input.commitmentAllowed ?? false,
    commitmentExclusion: input.commitmentExclusion !== undefined ? input.commitmentExclusion : (canonical?.commitmentExclusion ?? null),
    postDecisionCheck: input.postDecisionCheck ?? null,
  };
}

/** A material issued by a government department (the certificate comes from the dictionary). */
export function governmentMaterial(input: MaterialInput & { departmentCode: string; matterCode?: string | null }): Material {
  const canonical = input.canonicalId ? canonicalMaterial(input.canonicalId) : undefined;
  return material({
    original: 'copy',
    ...input,
    source: {
      kind: 'government',
      departmentCode: input.departmentCode,
      matterCode: input.matterCode ?? null,
      certificate: canonical?.certificate || input.name,
      ...input.source,
    },
  });
}

export type StepInput = Partial<Step> & { id: string; name: string; kind: Step['kind']; departmentCode: string };

export function step(input: StepInput): Step {
  const dependsOn = input.dependsOn ?? [];
  return {
    id: input.id,
    name: input.name,
    kind: input.kind,
    departmentCode: input.departmentCode,
    role: input.role ?? '',
    workdays: input.workdays ?? 0,
    stamps: input.stamps ?? [],
    applicantPresent: input.applicantPresent ?? false,
    onlinePossible: input.onlinePossible ?? true,
    legalBases: input.legalBases ?? [],
    dependsOn,
    needsResultOf: input.needsResultOf ?? dependsOn,
  };
}

/** Steps that run one after another: each depends on the one before (and needs its result unless told). */
export function chain(steps: StepInput[]): Step[] {
  return steps.map((s, i) => step({ dependsOn: i === 0 ? [] : [steps[i - 1].id], ...s }));
}

export function prerequisite(matterCode: string, legalBases: LegalBasis[] = [], note = ''): Prerequisite {
  return { matterCode, legalBases, note };
}

/** A form field; type and unit default from its canonical field. */
export function field(key: string, label: string, canonicalKey: string | null, overrides: Partial<FormField> = {}): FormField {
  const canonical = canonicalKey ? canonicalField(canonicalKey) : undefined;
  if (canonicalKey && !canonical) throw new Error(`unknown canonical field ${canonicalKey}`);
  return {
    key,
    label,
    canonicalKey,
    type: canonical?.type ?? 'text',
    required: true,
    options: [],
    unit: canonical?.unit ?? '',
    ...overrides,
  };
}

export type MatterInput = Partial<Omit<Matter, 'result'>> &
  Pick<Matter, 'code' | 'name' | 'kind' | 'departmentCode'> & { result?: Omit<Matter['result'], 'fields'> & { fields?: string[] } };

export function matter(input: MatterInput): Matter {
  return {
    code: input.code,
    name: input.name,
    kind: input.kind,
    departmentCode: input.departmentCode,
    legalBases: input.legalBases ?? [],
    statutoryDays: input.statutoryDays === undefined ? null : input.statutoryDays,
    promisedDays: input.promisedDays ?? 0,
    visits: input.visits ?? 1,
    fee: input.fee ?? { charged: false, standard: '', basis: '' },
    onlineDepth: input.onlineDepth ?? 'online_application',
    result: { fields: [], ...(input.result ?? { name: '', kind: 'other' }) },
    materials: input.materials ?? [],
    steps: input.steps ?? [],
    prerequisites: input.prerequisites ?? [],
    formFields: input.formFields ?? [],
    routes: input.routes ?? [],
    route: input.route ?? null,
  };
}

/**
 * A matter document stored before a property existed, completed with that property's
 * default (materials without `postDecisionCheck` are examined before the decision: null).
 * Changes the freshly parsed document in place and returns it.
 */
export function completeMatter(doc: Matter): Matter {
  if (doc.result.fields === undefined) doc.result.fields = [];
  if (doc.routes === undefined) doc.routes = [];
  if (doc.route === undefined) doc.route = null;
  for (const x of doc.materials) {
    if (x.postDecisionCheck === undefined) x.postDecisionCheck = null;
    // Issuer type, presentation and sharing channel: added later; absent = not recorded.
    if (x.source.issuerType === undefined) x.source.issuerType = null;
    if (x.source.presentOnly === undefined) x.source.presentOnly = false;
    if (x.source.noSharingChannel === undefined) x.source.noSharingChannel = false;
  }
  return doc;
}
