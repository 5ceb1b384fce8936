// 并联审批: a step that waits for another whose result it does not use runs in series out of
// habit. The fix lets it start when the step it waited for could start (its dependencies
// become its own), and the finding gives the working days the critical path loses.
// Countersigns waiting for countersigns are serial-countersign's to report.
import { criticalPathDays } from '../graph.js';
import { applyOperation } from '../fix.js';
import { days, joinText, matterName, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { count, schemaOf } from '../options.js';
import type { Step } from '../../catalogue/model.js';

export interface Options {
  /** Report only when the critical path gets at least this many working days shorter. */
  minSavedDays: number;
}

const waitsOutOfHabit = (s: Step) => s.dependsOn.some((d) => !s.needsResultOf.includes(d));

const rule: Rule<Options, 'parallel' | 'fix'> = {
  meta: {
    id: 'parallelizable-steps',
    severity: 'suggestion',
    type: 'waste',
    docs: {
      zh: '串联办理但互不依赖的环节，应并联办理，并给出关键路径节省的工作日。',
      en: 'Steps run in series that do not depend on each other run in parallel; the finding gives the working days saved on the critical path.',
      principle: 'parallel_approval',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      parallel: {
        zh: '{{of}}的{{step}}排在{{waits}}之后，却不需要其结果；改为并联办理，关键路径缩短 {{saved}}。',
        en: '{{step}} of {{of}} waits for {{waits}} without using the result; running them in parallel shortens the critical path by {{saved}}.',
      },
      fix: { zh: '{{step}}与{{waits}}并联办理', en: 'Run {{step}} in parallel with {{waits}}' },
    },
    schema: schemaOf({ minSavedDays: count() }),
    defaultOptions: { minSavedDays: 0 },
  },
  create(context) {
    return {
      matter(matter) {
        if (!matter.steps.some(waitsOutOfHabit)) return;
        const byId = new Map(matter.steps.map((s) => [s.id, s]));
        let before: number | null = null;
        for (const step of matter.steps) {
          const drop = step.dependsOn.filter((d) => {
            const dep = byId.get(d);
            if (!dep || step.needsResultOf.includes(d)) return false;
            return !(step.kind === 'countersign' && dep.kind === 'countersign');
          });
          if (drop.length === 0) continue;
          before ??= criticalPathDays(matter.steps);
          const operation = { op: 'parallelizeStep' as const, step: step.id, drop };
          const saved = before - criticalPathDays(applyOperation(matter, operation).steps);
          if (saved < context.options.minSavedDays) continue;
          const s = stepName(step);
          const waits = joinText(drop.map((d) => stepName(byId.get(d)!)));
          const of = matterName(matter);
          context.report({
            location: { matter: matter.code, step: step.id },
            messageId: 'parallel',
            data: { of, step: s, waits, saved: days(saved) },
            fix: { messageId: 'fix', data: { step: s, waits }, operations: [operation] },
            details: { steps: drop, savedDays: saved },
          });
        }
      },
    };
  },
};

export default rule;
