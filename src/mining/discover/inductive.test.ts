import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.js';
import { importXesFile } from '../import/xes.js';
import { logFromTraces } from '../model.js';
import { discoverProcessTree } from './inductive.js';
import { canonicalTree, treeToString } from './process-tree.js';

const mine = (traces: string[][], noiseThreshold?: number) =>
  treeToString(canonicalTree(discoverProcessTree(logFromTraces(traces.map((events) => ({ events }))), { noiseThreshold })));

describe('inductive miner', () => {
  it('finds the textbook model of the running example', async () => {
    const log = await importXesFile(sharedData('eventlogs', 'running-example.xes'));
    expect(treeToString(canonicalTree(discoverProcessTree(log)))).toBe(
      "->( 'register request', *( ->( +( 'check ticket', X( 'examine casually', 'examine thoroughly' ) ), 'decide' ), 'reinitiate request' ), X( 'pay compensation', 'reject request' ) )",
    );
  });

  it('finds sequence, choice, parallelism and loops', () => {
    expect(mine([['a', 'b', 'c']])).toBe("->( 'a', 'b', 'c' )");
    expect(
      mine([
        ['a', 'b', 'd'],
        ['a', 'c', 'd'],
      ]),
    ).toBe("->( 'a', X( 'b', 'c' ), 'd' )");
    expect(
      mine([
        ['a', 'b', 'c', 'd'],
        ['a', 'c', 'b', 'd'],
      ]),
    ).toBe("->( 'a', +( 'b', 'c' ), 'd' )");
    expect(
      mine([
        ['a', 'b'],
        ['a', 'b', 'c', 'a', 'b'],
      ]),
    ).toBe("*( ->( 'a', 'b' ), 'c' )");
  });

  it('makes activities optional when some cases skip them', () => {
    expect(
      mine(
        [
          ['a', 'b', 'c'],
          ['a', 'c'],
        ],
        0,
      ),
    ).toBe("->( 'a', X( 'b', tau ), 'c' )");
    expect(mine([['a', 'a', 'a'], ['a']], 0)).toBe("*( 'a', tau )");
  });

  it('leaves out infrequent behaviour with the noise threshold (IMf) and keeps it without', () => {
    // one case in 51 went back from the decision to the review
    const traces = [...Array(50)].map(() => ['intake', 'review', 'decision']);
    traces.push(['intake', 'decision', 'review', 'decision']);
    expect(mine(traces, 0.2)).toBe("->( 'intake', 'review', 'decision' )");
    expect(mine(traces, 0)).not.toBe("->( 'intake', 'review', 'decision' )");
  });

  it('rejects a threshold outside [0, 1)', () => {
    expect(() => discoverProcessTree(logFromTraces([{ events: ['a'] }]), { noiseThreshold: 1 })).toThrow(RangeError);
  });

  it('returns tau for a log of empty traces', () => {
    expect(mine([[], []])).toBe('tau');
  });
});

describe('process tree simplification', () => {
  it('flattens nested operators of one kind and keeps one silent branch of a choice, in order', async () => {
    const { simplifyTree, leaf: l, node: n, tau: t } = await import('./process-tree.js');
    expect(treeToString(simplifyTree(n('xor', [n('xor', [l('a'), t()]), l('b'), t()])))).toBe("X( 'a', tau, 'b' )");
    expect(treeToString(simplifyTree(n('seq', [l('a'), n('seq', [t(), l('b')]), n('and', [l('c')])])))).toBe("->( 'a', 'b', 'c' )");
    expect(treeToString(simplifyTree(n('loop', [n('seq', [l('a')]), t()])))).toBe("*( 'a', tau )");
  });
});
