// One commitment letter (告知承诺书) for the bundle, generated from the proofs it replaces.
// Its contents follow 国办发〔2020〕42号: the administration states in writing the matter, its
// legal basis, the proof obligation and content, the effect of the commitment, how it will
// check, and the legal liability for a false commitment; the applicant declares it knows
// this, meets the conditions and accepts that liability. Pure.
import { COMMITMENT_EXCLUSIONS, type CommitmentExclusion, type LegalBasis, type Matter } from '../catalogue/model.js';
import type { BundleMaterial, Commitment, CommitmentLetter, Text } from './model.js';
import { unionBases } from './materials.js';

/** 国办发〔2020〕42号 as the letter cites it. */
export const COMMITMENT_OPINION: LegalBasis = {
  document: '《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）',
  article: '',
  text: '',
};

/** The liability for a false commitment, in the measures 国办发〔2020〕42号 names. */
export const FALSE_COMMITMENT_CONSEQUENCES: Text = {
  zh: '申请人作出不实承诺的，行政机关将依法终止办理、责令限期整改、撤销已作出的行政决定或者予以行政处罚，并将不实承诺情况纳入申请人的信用记录，依法实施失信惩戒；涉嫌犯罪的，依法移送司法机关追究刑事责任。',
  en: 'If the commitment proves false, the administration will, as the law provides, stop the procedure, order rectification within a time limit, revoke the decision made or impose an administrative penalty, and enter the false commitment in the applicant’s credit record for credit sanctions; suspected crimes are transferred to the judicial authorities.',
};

export const DECLARATION: Text = {
  zh: '本人（本单位）已知晓上述告知的全部内容，承诺已经符合告知的条件、标准和要求，愿意承担不实承诺的法律责任。以上承诺是本人（本单位）的真实意思表示。',
  en: 'I (we) have read everything stated above, commit that the conditions, standards and requirements stated are met, and accept the legal liability for a false commitment. This commitment is my (our) true intention.',
};

const basisText = (bases: readonly LegalBasis[]) => bases.map((b) => `${b.document}${b.article}`).join('、');

/** A matter's own commitment letter (承诺书、承诺函): merged into this letter, never "replaced by a commitment". */
export function isCommitmentLetter(name: string): boolean {
  return /承诺(书|函)$/.test(name.trim());
}

export interface LetterOptions {
  departmentName?: (code: string) => string;
}

export function buildLetter(bundleName: string, matters: readonly Matter[], materials: readonly BundleMaterial[], options: LetterOptions = {}): CommitmentLetter {
  const deptName = options.departmentName ?? ((c: string) => c);
  const byCode = new Map(matters.map((m) => [m.code, m]));
  const commitments: Commitment[] = [];
  for (const g of materials) {
    if (g.disposition !== 'commitment' || isCommitmentLetter(g.name)) continue;
    const matterCodes = [...new Set(g.uses.map((u) => u.matterCode))];
    const own = g.legalBases;
    const legalBases = own.length ? own : unionBases(matterCodes.map((c) => byCode.get(c)?.legalBases ?? []));
    const departments = [...new Set(matterCodes.map((c) => byCode.get(c)?.departmentCode).filter((d): d is string => !!d))].map(deptName);
    const matterNames = matterCodes.map((c) => byCode.get(c)?.name ?? c);
    const condition = g.conditions.length ? `（${g.conditions.join('；')}）` : '';
    commitments.push({
      no: commitments.length + 1,
      materialKey: g.key,
      proof: g.name,
      content: {
        zh: `本人（本单位）承诺：已经具备「${g.name}」所证明的条件${condition}，相关情况真实、准确、完整，并可随时提供该证明供核查。`,
        en: `I (we) commit that the conditions “${g.name}” would prove are met${g.conditions.length ? ` (${g.conditions.join('; ')})` : ''}, that this is true, accurate and complete, and that the proof can be produced for checking at any time.`,
      },
      legalBases,
      matters: matterCodes,
      duty: {
        zh: `申请人须证明符合${legalBases.length ? `${basisText(legalBases)}规定的` : ''}条件，原需提交「${g.name}」，用于办理${matterNames.join('、')}；现以本承诺代替，行政机关不再索要该证明。`,
        en: `The applicant must prove the condition${legalBases.length ? ` set by ${basisText(legalBases)}` : ''}, formerly by submitting “${g.name}” for ${matterCodes.join(', ')}; this commitment replaces it and the proof is no longer asked for.`,
      },
      verification: {
        zh: `办结后由${departments.join('、')}通过信息共享核验、书面核查或现场检查等方式核查承诺内容。`,
        en: `After the decision, ${departments.join(', ')} check the commitment through data-sharing verification, document checks or site inspection.`,
      },
    });
  }
  const excluded = materials
    .filter((g) => g.commitmentExclusion !== null && (g.disposition === 'submit' || g.category === 'proof'))
    .map((g) => ({ materialKey: g.key, name: g.name, exclusion: g.commitmentExclusion as CommitmentExclusion, checkedAfterDecision: g.checkedAfterDecision !== null }))
    .filter((e) => (COMMITMENT_EXCLUSIONS as readonly string[]).includes(e.exclusion));
  // A matter without a recorded basis is named alone: the letter states bases, not their absence.
  const matterList = matters.map((m) => (m.legalBases.length ? `${m.name}（${basisText(m.legalBases)}）` : m.name));
  const notice: Text[] = [
    { zh: `办理事项及设定依据：${matterList.join('；')}。`, en: `Matters and their legal bases: ${matters.map((m) => `${m.name} (${m.code})`).join('; ')}.` },
    {
      zh: `证明义务和证明内容：见下列各项承诺，共 ${commitments.length} 项。`,
      en: `Proof obligations and contents: the ${commitments.length} commitment(s) below.`,
    },
    {
      zh: '承诺的效力：申请人书面承诺符合条件的，行政机关不再索要有关证明，依据书面承诺办理，并在办结后依法核查。',
      en: 'Effect: on the applicant’s written commitment the administration no longer asks for the proofs, decides on the commitment, and checks it afterwards as the law provides.',
    },
    {
      zh: '核查权力和方式：行政机关有权通过信息共享核验、书面核查、现场检查等方式核查承诺的真实性，申请人应当予以配合。',
      en: 'Checking: the administration may verify the commitment through data sharing, document checks and site inspection; the applicant must cooperate.',
    },
    { zh: `不实承诺的法律责任：${FALSE_COMMITMENT_CONSEQUENCES.zh}`, en: `Liability for a false commitment: ${FALSE_COMMITMENT_CONSEQUENCES.en}` },
  ];
  const ownLetters = materials.filter((g) => g.disposition === 'commitment' && isCommitmentLetter(g.name));
  if (ownLetters.length) {
    notice.splice(2, 0, {
      zh: `各事项原有的${ownLetters.map((g) => `「${g.name}」`).join('、')}并入本承诺书，不再另行提交。`,
      en: `The matters’ own ${ownLetters.map((g) => `“${g.name}”`).join(', ')} are merged into this letter and not handed in separately.`,
    });
  }
  // Handed in but not commitments: the applicant is told they are checked after the decision.
  const checked = materials.filter((g) => g.disposition === 'submit' && g.checkedAfterDecision !== null);
  if (checked.length) {
    const bases = unionBases(checked.map((g) => g.checkedAfterDecision!.legalBases));
    notice.splice(notice.length - 1, 0, {
      zh: `收件备查：${checked.map((g) => `「${g.name}」`).join('、')}随申请一并提交，不以承诺替代；受理时只查收、不作决定前审查，由行政机关在作出决定后事中事后核查${bases.length ? `（依据${basisText(bases)}）` : ''}，不符合要求的依法责令整改或撤销决定。`,
      en: `Checked after the decision: ${checked.map((g) => `“${g.name}”`).join(', ')} are handed in with the application and are not replaced by a commitment; they are received at intake, not examined before the decision, and checked in supervision after it${bases.length ? ` (${basisText(bases)})` : ''}; non-compliance is ordered rectified or the decision revoked as the law provides.`,
    });
  }
  return {
    title: `${bundleName}告知承诺书`,
    bundleName,
    basis: COMMITMENT_OPINION,
    notice,
    commitments,
    consequences: FALSE_COMMITMENT_CONSEQUENCES,
    declaration: DECLARATION,
    excluded,
  };
}
