// Process trees: the block-structured models the inductive miner produces. Every tree is
// sound by construction, which is why it is the step between a log and a BPMN diagram.

export type TreeOperator = 'seq' | 'xor' | 'and' | 'loop';

export type ProcessTree = { kind: 'activity'; activity: string } | { kind: 'tau' } | { kind: 'operator'; operator: TreeOperator; children: ProcessTree[] };

export const tau = (): ProcessTree => ({ kind: 'tau' });
export const leaf = (activity: string): ProcessTree => ({ kind: 'activity', activity });
export const node = (operator: TreeOperator, children: ProcessTree[]): ProcessTree => ({ kind: 'operator', operator, children });

const SYMBOL: Record<TreeOperator, string> = { seq: '->', xor: 'X', and: '+', loop: '*' };

/** Textual form in PM4Py notation: `->( 'a', X( 'b', tau ) )`. */
export function treeToString(t: ProcessTree): string {
  if (t.kind === 'tau') return 'tau';
  if (t.kind === 'activity') return `'${t.activity}'`;
  return `${SYMBOL[t.operator]}( ${t.children.map(treeToString).join(', ')} )`;
}

/**
 * A canonical form for comparing trees: nested operators of the same kind are flattened
 * (seq, xor, and), the children of the commutative operators (xor, and) are sorted, a loop
 * `*(do, r1, r2)` becomes `*(do, X(r1, r2))`. Two trees with equal canonical text describe
 * the same language.
 */
export function canonicalTree(t: ProcessTree): ProcessTree {
  if (t.kind !== 'operator') return t;
  let children = t.children.map(canonicalTree);
  if (t.operator === 'loop') {
    if (children.length > 2) children = [children[0], canonicalTree(node('xor', children.slice(1)))];
    return node('loop', children);
  }
  children = children.flatMap((c) => (c.kind === 'operator' && c.operator === t.operator ? c.children : [c]));
  if (t.operator === 'xor' || t.operator === 'and') children = [...children].sort((a, b) => treeToString(a).localeCompare(treeToString(b)));
  if (children.length === 1) return children[0];
  return node(t.operator, children);
}

/** Labels of the visible leaves, in tree order. */
export function treeActivities(t: ProcessTree): string[] {
  if (t.kind === 'activity') return [t.activity];
  if (t.kind === 'tau') return [];
  return t.children.flatMap(treeActivities);
}

/**
 * The same language with fewer nodes, children kept in order: nested sequences, choices and
 * parallels of the same kind are flattened, a choice keeps one silent branch at most, an
 * operator with one child is that child, silent steps in sequences and parallels go away.
 * Fewer nodes mean fewer gateways in the BPMN drawn from the tree.
 */
export function simplifyTree(t: ProcessTree): ProcessTree {
  if (t.kind !== 'operator') return t;
  const children = t.children.map(simplifyTree);
  if (t.operator === 'loop') return node('loop', children);
  let flat = children.flatMap((c) => (c.kind === 'operator' && c.operator === t.operator ? c.children : [c]));
  if (t.operator === 'xor') {
    let seenTau = false;
    flat = flat.filter((c) => {
      if (c.kind !== 'tau') return true;
      if (seenTau) return false;
      seenTau = true;
      return true;
    });
  } else {
    flat = flat.filter((c) => c.kind !== 'tau');
    if (flat.length === 0) return tau();
  }
  return flat.length === 1 ? flat[0] : node(t.operator, flat);
}
