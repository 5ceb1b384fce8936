// A small, safe expression language for conditions, completion conditions, candidate and
// timer expressions: a FEEL-like subset (Zeebe writes `= amount > 1000`), also accepting the
// JUEL spelling (`${amount > 1000 && urgent}`). It is parsed into a tree and walked here:
// no eval, no Function constructor, no vm; property access reads only own data properties.
//
//   literals     1  2.5  "text"  'text'  true  false  null  [1, 2]
//   paths        applicant.age   reviewers[0]   nrOfCompletedInstances
//   arithmetic   + - * / %   (unary -)
//   comparison   = == != < <= > >=
//   logic        and or not   (also && || !)   not(x)
//   functions    count sum min max abs floor ceiling round contains length defined
//   membership   x in [1, 2, 3]

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly source: string,
  ) {
    super(`${message} in expression "${source}"`);
    this.name = 'ExpressionError';
  }
}

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'var'; name: string }
  | { t: 'get'; obj: Node; key: Node }
  | { t: 'list'; items: Node[] }
  | { t: 'un'; op: '-' | 'not'; arg: Node }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'call'; fn: string; args: Node[] };

type Tok = { k: 'num' | 'str' | 'id' | 'op' | 'end'; v: string; pos: number };

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null', 'in']);
const OPS = ['==', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.', '!'];
const FUNCTIONS = new Set(['count', 'sum', 'min', 'max', 'abs', 'floor', 'ceiling', 'round', 'contains', 'length', 'defined', 'not']);
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i))!;
      toks.push({ k: 'num', v: m[0], pos: i });
      i += m[0].length;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let out = '';
      while (j < src.length && src[j] !== ch) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const n = src[j + 1];
          out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else out += src[j++];
      }
      if (j >= src.length) throw new ExpressionError(`unterminated string at ${i}`, src);
      toks.push({ k: 'str', v: out, pos: i });
      i = j + 1;
      continue;
    }
    const id = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(src.slice(i));
    if (id) {
      toks.push({ k: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character "${ch}" at ${i}`, src);
    toks.push({ k: 'op', v: op, pos: i });
    i += op.length;
  }
  toks.push({ k: 'end', v: '', pos: src.length });
  return toks;
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly src: string,
  ) {}

  parse(): Node {
    const n = this.or();
    if (this.peek().k !== 'end') this.fail(`unexpected "${this.peek().v}"`);
    return n;
  }
  private peek(): Tok {
    return this.toks[this.i];
  }
  private next(): Tok {
    return this.toks[this.i++];
  }
  private fail(msg: string): never {
    throw new ExpressionError(`${msg} at ${this.peek().pos}`, this.src);
  }
  private isOp(...vs: string[]): boolean {
    const t = this.peek();
    return t.k === 'op' && vs.includes(t.v);
  }
  private isKw(v: string): boolean {
    const t = this.peek();
    return t.k === 'id' && t.v === v;
  }
  private expect(v: string): void {
    if (!this.isOp(v)) this.fail(`expected "${v}"`);
    this.i++;
  }
  private or(): Node {
    let l = this.and();
    while (this.isKw('or') || this.isOp('||')) {
      this.i++;
      l = { t: 'bin', op: 'or', l, r: this.and() };
    }
    return l;
  }
  private and(): Node {
    let l = this.not();
    while (this.isKw('and') || this.isOp('&&')) {
      this.i++;
      l = { t: 'bin', op: 'and', l, r: this.not() };
    }
    return l;
  }
  private not(): Node {
    if (this.isKw('not') || this.isOp('!')) {
      this.i++;
      return { t: 'un', op: 'not', arg: this.not() };
    }
    return this.cmp();
  }
  private cmp(): Node {
    const l = this.add();
    if (this.isOp('=', '==', '!=', '<', '<=', '>', '>=')) {
      const op = this.next().v;
      return { t: 'bin', op: op === '==' ? '=' : op, l, r: this.add() };
    }
    if (this.isKw('in')) {
      this.i++;
      return { t: 'bin', op: 'in', l, r: this.add() };
    }
    return l;
  }
  private add(): Node {
    let l = this.mul();
    while (this.isOp('+', '-')) {
      const op = this.next().v;
      l = { t: 'bin', op, l, r: this.mul() };
    }
    return l;
  }
  private mul(): Node {
    let l = this.unary();
    while (this.isOp('*', '/', '%')) {
      const op = this.next().v;
      l = { t: 'bin', op, l, r: this.unary() };
    }
    return l;
  }
  private unary(): Node {
    if (this.isOp('-')) {
      this.i++;
      return { t: 'un', op: '-', arg: this.unary() };
    }
    return this.postfix();
  }
  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.i++;
        const t = this.next();
        if (t.k !== 'id') this.fail('expected a name after "."');
        n = { t: 'get', obj: n, key: { t: 'lit', v: t.v } };
      } else if (this.isOp('[')) {
        this.i++;
        const key = this.or();
        this.expect(']');
        n = { t: 'get', obj: n, key };
      } else return n;
    }
  }
  private primary(): Node {
    const t = this.next();
    if (t.k === 'num') return { t: 'lit', v: Number(t.v) };
    if (t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'op' && t.v === '(') {
      const n = this.or();
      this.expect(')');
      return n;
    }
    if (t.k === 'op' && t.v === '[') {
      const items: Node[] = [];
      if (!this.isOp(']')) {
        do items.push(this.or());
        while (this.isOp(',') && ++this.i);
      }
      this.expect(']');
      return { t: 'list', items };
    }
    if (t.k === 'id') {
      if (t.v === 'true') return { t: 'lit', v: true };
      if (t.v === 'false') return { t: 'lit', v: false };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (this.isOp('(')) {
        if (!FUNCTIONS.has(t.v)) {
          this.i--;
          this.fail(`unknown function "${t.v}"`);
        }
        this.i++;
        const args: Node[] = [];
        if (!this.isOp(')')) {
          do args.push(this.or());
          while (this.isOp(',') && ++this.i);
        }
        this.expect(')');
        return { t: 'call', fn: t.v, args };
      }
      if (KEYWORDS.has(t.v)) {
        this.i--;
        this.fail(`unexpected "${t.v}"`);
      }
      return { t: 'var', name: t.v };
    }
    this.i--;
    return this.fail(t.k === 'end' ? 'unexpected end' : `unexpected "${t.v}"`);
  }
}

/** Removes the FEEL `=` marker or a JUEL `${...}` / `#{...}` wrapper. */
export function expressionBody(text: string): string {
  const s = text.trim();
  if (s.startsWith('=')) return s.slice(1).trim();
  const m = /^[$#]\{([\s\S]*)\}$/.exec(s);
  return m ? m[1].trim() : s;
}

/** True when the text is an expression (starts with `=` or is wrapped in `${}`), not a literal. */
export function isExpression(text: string): boolean {
  const s = text.trim();
  return s.startsWith('=') || /^[$#]\{[\s\S]*\}$/.test(s);
}

const cache = new Map<string, Node>();

export function compile(text: string): Node {
  let node = cache.get(text);
  if (!node) {
    const body = expressionBody(text);
    if (body === '') throw new ExpressionError('empty expression', text);
    node = new Parser(tokenize(body), body).parse();
    if (cache.size > 5000) cache.clear();
    cache.set(text, node);
  }
  return node;
}

/** Throws ExpressionError when the text does not parse. */
export function checkExpression(text: string): void {
  compile(text);
}

/** Variable lookup: returns undefined when the name is not set. */
export type Scope = (name: string) => unknown;

export function scopeOf(...layers: Array<Record<string, unknown> | undefined>): Scope {
  return (name) => {
    for (const layer of layers) if (layer && Object.prototype.hasOwnProperty.call(layer, name)) return layer[name];
    return undefined;
  };
}

export function evaluate(text: string, scope: Scope | Record<string, unknown>): unknown {
  const lookup = typeof scope === 'function' ? scope : scopeOf(scope);
  return evalNode(compile(text), lookup, text);
}

/** A condition holds only when it evaluates to exactly true. */
export function evaluateCondition(text: string, scope: Scope | Record<string, unknown>): boolean {
  return evaluate(text, scope) === true;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function evalNode(n: Node, scope: Scope, src: string): unknown {
  switch (n.t) {
    case 'lit':
      return n.v;
    case 'var': {
      const v = scope(n.name);
      return v === undefined ? null : v;
    }
    case 'list':
      return n.items.map((x) => evalNode(x, scope, src));
    case 'get': {
      const obj = evalNode(n.obj, scope, src);
      const key = evalNode(n.key, scope, src);
      if (obj === null || typeof obj !== 'object') return null;
      if (Array.isArray(obj)) {
        if (typeof key === 'number') {
          // FEEL lists are 1-based; JUEL 0-based. We follow JavaScript/JUEL: 0-based.
          const v = obj[key];
          return v === undefined ? null : v;
        }
        if (key === 'length') return obj.length;
        return null;
      }
      if (typeof key !== 'string' || FORBIDDEN_KEYS.has(key)) return null;
      if (!Object.prototype.hasOwnProperty.call(obj, key)) return null;
      const v = (obj as Record<string, unknown>)[key];
      return v === undefined || typeof v === 'function' ? null : v;
    }
    case 'un': {
      const v = evalNode(n.arg, scope, src);
      if (n.op === 'not') return v === null ? null : !truthy(v, src);
      const x = num(v);
      return x === null ? null : -x;
    }
    case 'bin':
      return evalBinary(n.op, n.l, n.r, scope, src);
    case 'call':
      return callFunction(
        n.fn,
        n.args.map((a) => evalNode(a, scope, src)),
        src,
      );
  }
}

function truthy(v: unknown, src: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  throw new ExpressionError(`expected a boolean, got ${JSON.stringify(v)}`, src);
}

function evalBinary(op: string, ln: Node, rn: Node, scope: Scope, src: string): unknown {
  if (op === 'and') {
    const l = evalNode(ln, scope, src);
    if (l === false) return false;
    const r = evalNode(rn, scope, src);
    if (r === false) return false;
    return l === true && r === true ? true : l === null || r === null ? null : truthy(l, src) && truthy(r, src);
  }
  if (op === 'or') {
    const l = evalNode(ln, scope, src);
    if (l === true) return true;
    const r = evalNode(rn, scope, src);
    if (r === true) return true;
    return l === null || r === null ? null : truthy(l, src) || truthy(r, src);
  }
  const l = evalNode(ln, scope, src);
  const r = evalNode(rn, scope, src);
  switch (op) {
    case '=':
      return equals(l, r);
    case '!=':
      return !equals(l, r);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (l === null || r === null) return null;
      if (typeof l !== typeof r || (typeof l !== 'number' && typeof l !== 'string')) {
        throw new ExpressionError(`cannot compare ${JSON.stringify(l)} and ${JSON.stringify(r)}`, src);
      }
      const a = l as number | string;
      const b = r as number | string;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
    case 'in':
      return Array.isArray(r) ? r.some((x) => equals(l, x)) : null;
    case '+':
      if (typeof l === 'string' && typeof r === 'string') return l + r;
      if (typeof l === 'string' && (typeof r === 'number' || typeof r === 'boolean')) return l + String(r);
      return arith(l, r, (a, b) => a + b);
    case '-':
      return arith(l, r, (a, b) => a - b);
    case '*':
      return arith(l, r, (a, b) => a * b);
    case '/':
      return arith(l, r, (a, b) => (b === 0 ? null : a / b));
    case '%':
      return arith(l, r, (a, b) => (b === 0 ? null : a % b));
  }
  throw new ExpressionError(`unknown operator ${op}`, src);
}

function arith(l: unknown, r: unknown, f: (a: number, b: number) => number | null): number | null {
  const a = num(l);
  const b = num(r);
  return a === null || b === null ? null : f(a, b);
}

function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function numbers(args: unknown[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  return list.map(num).filter((x): x is number => x !== null);
}

function callFunction(fn: string, args: unknown[], src: string): unknown {
  switch (fn) {
    case 'count':
      return Array.isArray(args[0]) ? args[0].length : null;
    case 'length':
      return typeof args[0] === 'string' ? [...args[0]].length : Array.isArray(args[0]) ? args[0].length : null;
    case 'sum':
      return numbers(args).reduce((a, b) => a + b, 0);
    case 'min': {
      const xs = numbers(args);
      return xs.length ? Math.min(...xs) : null;
    }
    case 'max': {
      const xs = numbers(args);
      return xs.length ? Math.max(...xs) : null;
    }
    case 'abs':
      return num(args[0]) === null ? null : Math.abs(args[0] as number);
    case 'floor':
      return num(args[0]) === null ? null : Math.floor(args[0] as number);
    case 'ceiling':
      return num(args[0]) === null ? null : Math.ceil(args[0] as number);
    case 'round':
      return num(args[0]) === null ? null : Math.round(args[0] as number);
    case 'contains':
      if (typeof args[0] === 'string' && typeof args[1] === 'string') return args[0].includes(args[1]);
      if (Array.isArray(args[0])) return args[0].some((x) => equals(x, args[1]));
      return null;
    case 'defined':
      return args[0] !== null;
    case 'not':
      return args[0] === null ? null : !truthy(args[0], src);
  }
  throw new ExpressionError(`unknown function "${fn}"`, src);
}
