// Property: any block-structured process (sequences, parallel, exclusive and inclusive
// blocks, sub-processes, countersigns, nested at random), driven by completing its open tasks
// in a random order, completes; every task is completed exactly once; no token, join,
// task or job is left behind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryEngine } from './memory.js';
import { definitions, flow, loadModels, processXml } from './testing/bpmn.js';

type Block =
  | { t: 'task' }
  | { t: 'seq'; items: Block[] }
  | { t: 'and'; items: Block[] }
  | { t: 'xor'; items: Block[]; pick: number }
  | { t: 'or'; items: Block[]; flags: boolean[] }
  | { t: 'sub'; body: Block }
  | { t: 'mi'; n: number; sequential: boolean };

const block: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ t: 'task' }),
    fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('block'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ t: fc.constant('and' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ t: fc.constant('xor' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }), pick: fc.nat(2) }),
    fc.record({ t: fc.constant('or' as const), items: fc.array(tie('block'), { minLength: 2, maxLength: 3 }), flags: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }) }),
    fc.record({ t: fc.constant('sub' as const), body: tie('block') }),
    fc.record({ t: fc.constant('mi' as const), n: fc.integer({ min: 0, max: 3 }), sequential: fc.boolean() }),
  ),
})).block;

/** Renders a block: its elements and flows, its entry and exit element ids. */
function render(b: Block, ids: { n: number }, out: string[], vars: Record<string, unknown>): { entry: string; exit: string; tasks: number } {
  const id = (p: string) => `${p}${++ids.n}`;
  switch (b.t) {
    case 'task': {
      const t = id('t');
      out.push(`<userTask id="${t}"/>`);
      return { entry: t, exit: t, tasks: 1 };
    }
    case 'mi': {
      const t = id('m');
      out.push(
        `<userTask id="${t}"><multiInstanceLoopCharacteristics${b.sequential ? ' isSequential="true"' : ''}><loopCardinality xsi:type="tFormalExpression">${b.n}</loopCardinality></multiInstanceLoopCharacteristics></userTask>`,
      );
      return { entry: t, exit: t, tasks: b.n };
    }
    case 'seq': {
      const parts = b.items.map((x) => render(x, ids, out, vars));
      for (let i = 1; i < parts.length; i++) out.push(flow(parts[i - 1].exit, parts[i].entry, undefined, id('f')));
      return { entry: parts[0].entry, exit: parts.at(-1)!.exit, tasks: parts.reduce((a, p) => a + p.tasks, 0) };
    }
    case 'sub': {
      const sp = id('sp');
      const inner: string[] = [];
      const body = render(b.body, ids, inner, vars);
      const s = id('ss');
      const e = id('se');
      out.push(
        `<subProcess id="${sp}"><startEvent id="${s}"/><endEvent id="${e}"/>${inner.join('')}${flow(s, body.entry, undefined, id('f'))}${flow(body.exit, e, undefined, id('f'))}</subProcess>`,
      );
      return { entry: sp, exit: sp, tasks: body.tasks };
    }
    default: {
      const kind = b.t === 'and' ? 'parallelGateway' : b.t === 'xor' ? 'exclusiveGateway' : 'inclusiveGateway';
      const split = id('g');
      const join = id('j');
      const parts = b.items.map((x) => render(x, ids, out, vars));
      const v = id('v');
      const flows = parts.map(() => id('f'));
      const dflt = b.t === 'and' ? '' : ` default="${flows[0]}"`;
      out.push(`<${kind} id="${split}"${dflt}/><${kind} id="${join}"/>`);
      let tasks = 0;
      parts.forEach((p, i) => {
        let cond: string | undefined;
        if (b.t === 'xor' && i > 0) cond = `= ${v} = ${i}`;
        if (b.t === 'or' && i > 0) cond = `= ${v}[${i}]`;
        out.push(flow(split, p.entry, cond, flows[i]), flow(p.exit, join, undefined, id('f')));
      });
      if (b.t === 'and') tasks = parts.reduce((a, p) => a + p.tasks, 0);
      if (b.t === 'xor') {
        const pick = b.pick % parts.length;
        vars[v] = pick;
        tasks = parts[pick].tasks;
      }
      if (b.t === 'or') {
        const flags = parts.map((_, i) => b.flags[i]);
        vars[v] = flags;
        const taken = parts.filter((_, i) => i > 0 && flags[i]);
        tasks = (taken.length ? taken : [parts[0]]).reduce((a, p) => a + p.tasks, 0);
      }
      return { entry: split, exit: join, tasks };
    }
  }
}

describe('random block-structured processes', () => {
  it('always complete, each task exactly once, leaving nothing behind', async () => {
    await fc.assert(
      fc.asyncProperty(block, fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), async (b, picks) => {
        const out: string[] = [];
        const vars: Record<string, unknown> = {};
        const body = render(b, { n: 0 }, out, vars);
        const xml = definitions(
          processXml(
            'p',
            `<startEvent id="start"/><endEvent id="end"/>${out.join('')}${flow('start', body.entry, undefined, 'f-start')}${flow(body.exit, 'end', undefined, 'f-end')}`,
          ),
        );
        const engine = new MemoryEngine({ now: new Date('2025-09-30T02:00:00Z') });
        engine.deploy(await loadModels(xml));
        const id = engine.start('p', { variables: vars });
        let completed = 0;
        for (let step = 0; engine.tasks.size > 0; step++) {
          const open = [...engine.tasks.values()];
          engine.completeTask(open[picks[step % picks.length] % open.length].id);
          completed++;
          if (completed > 500) throw new Error('does not terminate');
        }
        const state = engine.instance(id);
        expect(state.status).toBe('completed');
        expect(completed).toBe(body.tasks);
        expect(state.elements).toEqual({});
        expect(state.joins).toEqual({});
        expect(engine.jobs.size + engine.subscriptions.size + engine.incidents.size).toBe(0);
        const count = (type: string) => engine.history.filter((e) => e.type === type).length;
        expect(count('task.created')).toBe(body.tasks);
        expect(count('task.completed')).toBe(body.tasks);
        expect(count('element.entered')).toBe(count('element.completed'));
      }),
      { numRuns: 150, seed: 20251001 },
    );
  });
});
