// 凡是互为前置的环节坚决减掉: matters that, through their prerequisites, each wait for the
// other can never both be concluded. Strongly connected components of the prerequisite
// graph (Tarjan) locate the tangles; every elementary cycle in them (Johnson) is reported
// whole, with the departments it crosses. The fix removes the links in the cycle that have
// no legal basis; a cycle every link of which the law sets goes to top-level coordination.
import { departmentRef, joinText, matterRef } from '../describe.js';
import { elementaryCycles } from '../graph.js';
import type { Rule, RuleContext } from '../model.js';
import { count, schemaOf } from '../options.js';

export interface Options {
  /** At most this many cycles reported per tangle (strongly connected component). */
  maxCyclesPerComponent: number;
}

type MessageId = 'cycle' | 'crossing' | 'removeUnfounded' | 'coordinate' | 'fix';

const rule: Rule<Options, MessageId> = {
  meta: {
    id: 'mutual-prerequisite',
    severity: 'error',
    type: 'problem',
    docs: {
      zh: '事项之间的前置条件形成环（互为前置，跨部门亦然），报告整个环；无依据的前置予以取消。',
      en: 'Prerequisites between matters that form a cycle (mutual prerequisites, across departments too); the whole cycle is reported and links without legal basis are removed.',
      principle: 'mutual_prerequisite',
    },
    fixable: true,
    scope: 'catalogue',
    messages: {
      cycle: {
        zh: '互为前置：{{path}}（每个事项都要等下一个事项先办结{{crossing}}），任何一个都无法办成。{{note}}',
        en: 'Mutual prerequisite: {{path}} (each waits for the next to conclude{{crossing}}), so none of them can ever be concluded. {{note}}',
      },
      crossing: { zh: '，涉及{{departments}}', en: ', across {{departments}}' },
      removeUnfounded: { zh: '其中 {{count}} 处前置没有法律依据，予以取消。', en: '{{count}} link(s) have no legal basis and are removed.' },
      coordinate: {
        zh: '每处前置均有法律依据，需提请顶格协调，改为并联办理。',
        en: 'Every link has a legal basis: take it to top-level coordination and run the matters in parallel.',
      },
      fix: { zh: '取消{{matter}}无依据的前置条件', en: 'Remove the prerequisites of {{matter}} that have no legal basis' },
    },
    // Johnson's algorithm lists every elementary cycle, and a tangle can hold exponentially many.
    schema: schemaOf({ maxCyclesPerComponent: count(10_000) }),
    defaultOptions: { maxCyclesPerComponent: 20 },
  },
  create(context) {
    return { 'catalogue:exit': () => cycles(context) };
  },
};

/** Every elementary cycle of every tangle, in the order of the tangles' smallest codes. */
function cycles(context: RuleContext<Options, MessageId>): void {
  const { index } = context;
  const graph = index.prerequisiteGraph();
  const components = index.prerequisiteComponents().filter((c) => c.length > 1 || (graph.get(c[0]) ?? []).includes(c[0]));
  components.sort((a, b) => (a.reduce((x, y) => (x < y ? x : y)) < b.reduce((x, y) => (x < y ? x : y)) ? -1 : 1));
  for (const component of components) {
    for (const cycle of elementaryCycles(graph, component, context.options.maxCyclesPerComponent)) {
      const first = cycle[0];
      const links = cycle.map((code, i) => {
        const next = cycle[(i + 1) % cycle.length];
        const prerequisite = index.matters.get(code)!.prerequisites.find((p) => p.matterCode === next)!;
        return { code, next, basis: prerequisite.legalBases.length > 0 };
      });
      const departments = cycle.map((c) => index.matters.get(c)!.departmentCode);
      const crossing = new Set(departments).size > 1;
      const path = joinText(
        [...cycle, first].map((c) => matterRef(index, c)),
        ' → ',
        ' → ',
      );
      const depts = joinText([...new Set(departments)].map((d) => departmentRef(index, d)));
      const unfounded = links.filter((l) => !l.basis);
      const note = unfounded.length ? context.text('removeUnfounded', { count: unfounded.length }) : context.text('coordinate');
      const data = { path, note, crossing: crossing ? context.text('crossing', { departments: depts }) : '' };
      const details = { cycle, departments };
      const fixFor = (code: string) => {
        const own = unfounded.filter((l) => l.code === code);
        return own.length
          ? {
              messageId: 'fix' as const,
              data: { matter: matterRef(index, code) },
              operations: own.map((l) => ({ op: 'removePrerequisite' as const, prerequisite: l.next })),
            }
          : undefined;
      };
      // One finding per cycle, located at its first matter; the other matters of the
      // cycle that hold an unfounded link get their fix through a finding of their own.
      const owners = [first, ...new Set(unfounded.map((l) => l.code).filter((c) => c !== first))];
      for (const code of owners) {
        const link = links.find((l) => l.code === code)!;
        context.report({ location: { matter: code, prerequisite: link.next }, messageId: 'cycle', data, fix: fixFor(code), details });
      }
    }
  }
}

export default rule;
