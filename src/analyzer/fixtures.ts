// Small builders for the analyzer's tests and docs: a matter states only what differs from
// an ordinary one (one intake, one decision, founded on a law). Kept here, against the
// catalogue model's types, so rule tables read like the data they judge.
import type { Catalogue, LegalBasis, Material, MaterialSource, Matter, Prerequisite, Step } from '../catalogue/model.js';

export const LAW: LegalBasis = { document: '《中华人民共和国行政许可法》', article: '第三十条', text: '' };

export function basis(document = LAW.document, article = LAW.article): LegalBasis[] {
  return [{ document, article, text: '' }];
}

export type StepInput = Partial<Step> & Pick<Step, 'id'>;

export function step(input: StepInput): Step {
  const dependsOn = input.dependsOn ?? [];
  return {
    name: input.id,
    kind: 'review',
    departmentCode: 'D1',
    role: '',
    workdays: 0,
    stamps: [],
    applicantPresent: false,
    onlinePossible: true,
    legalBases: basis(),
    ...input,
    dependsOn,
    needsResultOf: input.needsResultOf ?? dependsOn,
  };
}

/** Steps one after another; each needs the one before unless `needsResultOf` says otherwise. */
export function chain(...inputs: StepInput[]): Step[] {
  return inputs.map((s, i) => step({ dependsOn: i === 0 ? [] : [inputs[i - 1].id], ...s }));
}

export type MaterialInput = Partial<Omit<Material, 'source'>> & Pick<Material, 'id'> & { source?: Partial<MaterialSource> };

export function material(input: MaterialInput): Material {
  return {
    name: input.id,
    canonicalId: null,
    category: 'other',
    requirement: 'required',
    condition: '',
    medium: 'paper',
    original: 'original',
    copies: 1,
    legalBases: basis(),
    commitmentAllowed: false,
    commitmentExclusion: null,
    postDecisionCheck: null,
    ...input,
    source: {
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
    },
  };
}

export function prerequisite(matterCode: string, legalBases: LegalBasis[] = basis()): Prerequisite {
  return { matterCode, legalBases, note: '' };
}

export type MatterInput = Partial<Matter> & Pick<Matter, 'code'>;

/** An ordinary matter: intake then decision by D1, founded on a law, promised 0 days, one visit. */
export function matter(input: MatterInput): Matter {
  return {
    name: input.code,
    kind: 'licensing',
    departmentCode: 'D1',
    legalBases: basis(),
    statutoryDays: 20,
    promisedDays: 0,
    visits: 1,
    fee: { charged: false, standard: '', basis: '' },
    onlineDepth: 'online_application',
    result: { name: '', kind: 'licence', fields: [] },
    materials: [],
    steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'decision' }),
    prerequisites: [],
    formFields: [],
    routes: [],
    route: null,
    ...input,
  };
}

export function catalogue(matters: Matter[], departments: Catalogue['departments'] = []): Catalogue {
  return { regionCode: '370883', departments, matters };
}
