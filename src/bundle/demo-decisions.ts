// The reform office's decisions on the demo bundles' conflicting form fields: publishing is
// refused while a conflict is undecided, so the demo and the tests that publish a demo bundle
// decide them first, as an office would (工程总投资 in 万元, the structure types merged).
import type { FieldDecision } from './model.js';

export const DEMO_FIELD_DECISIONS: Record<'construction' | 'business-startup', Record<string, FieldDecision>> = {
  construction: {
    investment: { unit: '万元' },
    structure_type: { options: ['砖混结构', '框架结构', '框架-剪力墙结构', '剪力墙结构', '钢结构', '其他'] },
  },
  'business-startup': {},
};
