// 会签串联: countersigning departments sign one after another although none needs the
// other's signature — a countersign that waits for another countersign whose result it
// does not use. The fix lets it start with the one it waited for (parallel countersign),
// and the finding says how many working days the critical path loses.
import { criticalPathDays } from '../graph.js';
import { applyOperation } from '../fix.js';
import { days, departmentRef, joinText, matterName, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { schemaOf } from '../options.js';

export type Options = Record<string, never>;

const rule: Rule<Options, 'serial' | 'fix'> = {
  meta: {
    id: 'serial-countersign',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '会签依次进行而彼此并不需要对方的意见，应改为并联会签。',
      en: 'Countersigns run one after another although none needs the other’s sign-off: countersign in parallel.',
      principle: 'parallel_approval',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      serial: {
        zh: '{{of}}的{{step}}（{{department}}）要等{{others}}会签完才开始，却不需要其意见；改为并联会签，关键路径缩短 {{saved}}。',
        en: '{{step}} of {{of}} ({{department}}) waits for the countersign of {{others}} without using it; countersigning in parallel shortens the critical path by {{saved}}.',
      },
      fix: { zh: '{{step}}与{{waits}}并联会签', en: 'Countersign {{step}} in parallel with {{waits}}' },
    },
    schema: schemaOf({}),
    defaultOptions: {},
  },
  create(context) {
    return {
      matter(matter) {
        if (!matter.steps.some((s) => s.kind === 'countersign' && s.dependsOn.some((d) => !s.needsResultOf.includes(d)))) return;
        const byId = new Map(matter.steps.map((s) => [s.id, s]));
        let before: number | null = null;
        for (const step of matter.steps) {
          if (step.kind !== 'countersign') continue;
          const drop = step.dependsOn.filter((d) => byId.get(d)?.kind === 'countersign' && !step.needsResultOf.includes(d));
          if (drop.length === 0) continue;
          before ??= criticalPathDays(matter.steps);
          const operations = [{ op: 'parallelizeStep' as const, step: step.id, drop }];
          const saved = before - criticalPathDays(applyOperation(matter, operations[0]).steps);
          const s = stepName(step);
          const waits = drop.map((d) => byId.get(d)!);
          const others = waits.map((w) => departmentRef(context.index, w.departmentCode));
          const of = matterName(matter);
          context.report({
            location: { matter: matter.code, step: step.id },
            messageId: 'serial',
            data: { of, step: s, department: departmentRef(context.index, step.departmentCode), others: joinText(others), saved: days(saved) },
            fix: { messageId: 'fix', data: { step: s, waits: joinText(waits.map(stepName)) }, operations },
            details: { steps: drop, savedDays: saved },
          });
        }
      },
    };
  },
};

export default rule;
