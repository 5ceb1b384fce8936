// A matter's application materials (申请材料): what they are, who issues them, and whether a
// commitment letter (告知承诺书) may replace them. Types and vocabularies only.
import type { LegalBasis } from '../model.js';

export const MATERIAL_REQUIREMENTS = ['required', 'conditional'] as const;
export type MaterialRequirement = (typeof MATERIAL_REQUIREMENTS)[number];

/** 材料形式 */
export const MATERIAL_MEDIA = ['paper', 'electronic', 'paper_or_electronic'] as const;
export type MaterialMedium = (typeof MATERIAL_MEDIA)[number];

/** 原件 / 复印件 */
export const MATERIAL_ORIGINALS = ['original', 'copy', 'original_and_copy'] as const;
export type MaterialOriginal = (typeof MATERIAL_ORIGINALS)[number];

/**
 * 材料来源: the applicant; a government body that issued or holds it (a certificate it issued,
 * a filing it recorded, a record on a government platform); or a third party.
 */
export const MATERIAL_SOURCE_KINDS = ['applicant', 'government', 'third_party'] as const;
export type MaterialSourceKind = (typeof MATERIAL_SOURCE_KINDS)[number];

/**
 * 出具机构类型: who actually issues the document. `kind` says where the applicant gets it;
 * this says what kind of body vouches for it, which decides whether a commitment may stand in
 * for it (an applicant's promise cannot replace a hospital's 出生医学证明).
 */
export const ISSUER_TYPES = ['applicant', 'government', 'hospital', 'public_institution', 'enterprise', 'intermediary', 'judicial', 'other'] as const;
export type IssuerType = (typeof ISSUER_TYPES)[number];

export const ISSUER_TYPE_LABELS: Record<IssuerType, { zh: string; en: string }> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  government: { zh: '政府部门', en: 'Government department' },
  hospital: { zh: '医疗机构', en: 'Medical institution' },
  public_institution: { zh: '事业单位', en: 'Public institution' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  intermediary: { zh: '中介机构', en: 'Intermediary' },
  judicial: { zh: '司法、公证机构', en: 'Court or notary' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * Issuers whose document attests a fact only they can attest (a birth, a medical finding, a
 * judgment): the applicant's commitment cannot replace it, whatever the category says.
 */
export const NOT_REPLACEABLE_BY_COMMITMENT: ReadonlySet<IssuerType> = new Set(['hospital', 'judicial']);

export interface MaterialSource {
  kind: MaterialSourceKind;
  /** Who issues it (出具机构类型); null when not recorded (then `kind` is all that is known). */
  issuerType: IssuerType | null;
  /**
   * A booklet or card shown at the counter and handed back (户口簿 to print a page in, 结婚证):
   * the applicant presents it, so it cannot be "obtained by data sharing" (须现场出示).
   */
  presentOnly: boolean;
  /** No data-sharing channel for it exists in the region yet (暂无共享渠道): it cannot be shared until one does. */
  noSharingChannel: boolean;
  /**
   * Issuing department when kind = government (e.g. ZRZY for 建设工程规划许可证); null for other
   * kinds, and for a government body outside the organisation (then `issuer` names it).
   */
  departmentCode: string | null;
  /** The matter that produces it, when known (e.g. the planning-permit matter's code). */
  matterCode: string | null;
  /** Name of the certificate or licence it is (e.g. 建设工程规划许可证); '' if none. */
  certificate: string;
  /** Who issues it when no department code says so: a third party (施工图审查机构, 银行) or a body outside the organisation (山东省住房和城乡建设厅); '' if none. */
  issuer: string;
  /** Obtained through data sharing (数据共享, 免提交) already: the applicant does not hand it in. */
  dataSharing: boolean;
}

/** Categories a commitment letter may not replace (国办发〔2020〕42号). */
export const COMMITMENT_EXCLUSIONS = ['national_security', 'public_safety', 'financial_prudence', 'ecology', 'life_health'] as const;
export type CommitmentExclusion = (typeof COMMITMENT_EXCLUSIONS)[number];

export const COMMITMENT_EXCLUSION_LABELS: Record<CommitmentExclusion, { zh: string; en: string }> = {
  national_security: { zh: '国家安全、国家秘密', en: 'National security and state secrets' },
  public_safety: { zh: '公共安全', en: 'Public safety' },
  financial_prudence: { zh: '金融业审慎监管', en: 'Prudential financial supervision' },
  ecology: { zh: '生态环境保护', en: 'Ecological and environmental protection' },
  life_health: { zh: '人身健康、生命财产安全', en: 'Life, health and property safety' },
};

/** What kind of document a material is; `proof` (证明材料) is what commitment letters replace. */
export const MATERIAL_CATEGORIES = ['application_form', 'identity', 'licence', 'proof', 'contract', 'drawing', 'report', 'other'] as const;
export type MaterialCategory = (typeof MATERIAL_CATEGORIES)[number];

export interface Material {
  /** Unique within the matter, e.g. 'M01'. */
  id: string;
  /** The name as this matter's list writes it. */
  name: string;
  /** Key into the canonical materials dictionary (src/catalogue/materials.ts), or null if unmatched. */
  canonicalId: string | null;
  category: MaterialCategory;
  requirement: MaterialRequirement;
  /** When it is required, for conditional materials; '' otherwise. */
  condition: string;
  medium: MaterialMedium;
  original: MaterialOriginal;
  /** Number of copies (份数), at least 1. */
  copies: number;
  source: MaterialSource;
  legalBases: LegalBasis[];
  /** The local list allows a commitment letter (告知承诺书) in place of this material. */
  commitmentAllowed: boolean;
  /** Set when the material falls in a category 国办发〔2020〕42号 excludes from commitment. */
  commitmentExclusion: CommitmentExclusion | null;
  /**
   * 收件备查（事中事后核查）: the material is handed in at intake but not examined before the
   * decision; the department checks it in supervision after the decision (国办发〔2019〕11号:
   * conditions whose non-compliance supervision afterwards can correct without serious
   * consequences). It stays a material to submit and is not a commitment — 国办发〔2020〕42号's
   * exclusions still keep it out of the commitment letter — but it does not hold the decision
   * up. null: examined before the decision (the default; files without the column read as null).
   * A material the commitment letter replaces is not handed in, so it cannot have one.
   */
  postDecisionCheck: PostDecisionCheck | null;
}

/** A material received at intake and checked after the decision, and the provision that allows it. */
export interface PostDecisionCheck {
  /** Required: e.g. 国办发〔2019〕11号, 事中事后监管 of engineering-construction approvals. */
  legalBasis: LegalBasis;
}
