// Graph code the rules share: the critical path through a matter's steps, strongly
// connected components (Tarjan) and elementary cycles (Johnson) of the prerequisite graph,
// and the longest prerequisite chain. Pure, iterative where inputs can be large.

export { criticalPath, criticalPathDays, type CriticalPath } from '../catalogue/critical-path.js';

// ---------------------------------------------------------------------------------
// Directed graphs over string nodes

/** Adjacency: node → the nodes it points to (for prerequisites: matter → the matters it waits for). */
export type Graph = ReadonlyMap<string, readonly string[]>;

/** Strongly connected components (Tarjan, iterative). Components come out in reverse topological order. */
export function stronglyConnectedComponents(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const next = graph.get(top.node) ?? [];
      if (top.i < next.length) {
        const w = next[top.i++];
        if (!graph.has(w)) continue; // edge out of the graph
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.node);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * Elementary cycles within one strongly connected component (Johnson's algorithm), each
 * starting at its smallest node, at most `limit` of them. A self-loop is a cycle of one.
 */
export function elementaryCycles(graph: Graph, component: readonly string[], limit = 20): string[][] {
  const nodes = [...component].sort();
  const inComponent = new Set(nodes);
  const cycles: string[][] = [];
  for (let s = 0; s < nodes.length && cycles.length < limit; s++) {
    const start = nodes[s];
    // subgraph induced by nodes[s..]
    const allowed = new Set(nodes.slice(s));
    const succ = (v: string) => (graph.get(v) ?? []).filter((w) => allowed.has(w) && inComponent.has(w));
    const blocked = new Set<string>();
    const blockMap = new Map<string, Set<string>>();
    const path: string[] = [];
    const unblock = (u: string) => {
      const todo = [u];
      while (todo.length) {
        const x = todo.pop()!;
        if (!blocked.has(x)) continue;
        blocked.delete(x);
        const b = blockMap.get(x);
        if (b) {
          for (const w of b) todo.push(w);
          b.clear();
        }
      }
    };
    // iterative circuit(v)
    const frames: Array<{ v: string; next: string[]; i: number; found: boolean }> = [];
    const enter = (v: string) => {
      path.push(v);
      blocked.add(v);
      frames.push({ v, next: succ(v), i: 0, found: false });
    };
    enter(start);
    while (frames.length && cycles.length < limit) {
      const f = frames[frames.length - 1];
      if (f.i < f.next.length) {
        const w = f.next[f.i++];
        if (w === start) {
          cycles.push([...path]);
          f.found = true;
        } else if (!blocked.has(w)) {
          enter(w);
        }
        continue;
      }
      if (f.found) unblock(f.v);
      else
        for (const w of f.next) {
          let b = blockMap.get(w);
          if (!b) blockMap.set(w, (b = new Set()));
          b.add(f.v);
        }
      path.pop();
      frames.pop();
      if (frames.length && f.found) frames[frames.length - 1].found = true;
    }
  }
  return cycles;
}

/**
 * For every node, the heaviest chain of successors ending in it (node weight included):
 * `weight(node) + max over successors`. Edges inside a strongly connected component are
 * ignored (cycles have no longest chain; mutual-prerequisite reports them).
 */
export function longestChains(
  graph: Graph,
  weight: (node: string) => number,
  components: readonly string[][] = stronglyConnectedComponents(graph),
): Map<string, { total: number; next: string | null }> {
  // components in reverse topological order: successors first
  const componentOf = new Map<string, number>();
  components.forEach((c, i) => c.forEach((n) => componentOf.set(n, i)));
  const best = new Map<string, { total: number; next: string | null }>();
  for (const component of components) {
    for (const node of component) {
      let total = 0;
      let next: string | null = null;
      for (const w of graph.get(node) ?? []) {
        if (!graph.has(w) || componentOf.get(w) === componentOf.get(node)) continue;
        const b = best.get(w)!;
        if (next === null || b.total > total) {
          total = b.total;
          next = w;
        }
      }
      best.set(node, { total: total + weight(node), next });
    }
  }
  return best;
}

/** The chain from the first prerequisite to `node`, read from `longestChains`' result. */
export function chainTo(chains: ReadonlyMap<string, { next: string | null }>, node: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let at: string | null = node; at !== null && !seen.has(at); at = chains.get(at)?.next ?? null) {
    seen.add(at);
    chain.push(at);
  }
  return chain.reverse();
}
