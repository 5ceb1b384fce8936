// What an import would take away from a matter as it stands: every step, every material or
// every legal basis. A truncated file (the steps or legal bases sheet cut short) reads as a
// matter without them, so such an import is refused unless the caller confirms the removals.
import type { Matter } from './model.js';
import type { Reason } from './validate.js';

export const REMOVAL_KINDS = ['steps', 'materials', 'legal_bases'] as const;
export type RemovalKind = (typeof REMOVAL_KINDS)[number];

export interface Removal {
  matterCode: string;
  kind: RemovalKind;
  /** How many the current version has; the imported one has none. */
  count: number;
  reason: Reason;
}

/** Every legal basis a matter cites: its own and those of its materials, steps and prerequisites. */
export function legalBasisCount(m: Matter): number {
  return (
    m.legalBases.length +
    m.materials.reduce((n, x) => n + x.legalBases.length + (x.postDecisionCheck ? 1 : 0), 0) +
    m.steps.reduce((n, s) => n + s.legalBases.length, 0) +
    m.prerequisites.reduce((n, p) => n + p.legalBases.length, 0)
  );
}

const LABEL: Record<RemovalKind, { zh: string; en: string }> = {
  steps: { zh: '办理环节', en: 'steps' },
  materials: { zh: '申请材料', en: 'materials' },
  legal_bases: { zh: '设定依据', en: 'legal bases' },
};

/** The kinds of content `after` would lose entirely compared with `before`. */
export function removalsOf(before: Matter, after: Matter): Removal[] {
  const counts: Record<RemovalKind, [number, number]> = {
    steps: [before.steps.length, after.steps.length],
    materials: [before.materials.length, after.materials.length],
    legal_bases: [legalBasisCount(before), legalBasisCount(after)],
  };
  return REMOVAL_KINDS.filter((k) => counts[k][0] > 0 && counts[k][1] === 0).map((kind) => ({
    matterCode: after.code,
    kind,
    count: counts[kind][0],
    reason: {
      zh: `导入将删除事项 ${after.code} 的全部 ${counts[kind][0]} 项${LABEL[kind].zh}`,
      en: `the import would remove all ${counts[kind][0]} ${LABEL[kind].en} of matter ${after.code}`,
    },
  }));
}
