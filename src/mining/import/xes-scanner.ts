// A fast scanner for the XML that XES files are made of: elements with attributes, comments,
// the XML declaration, whitespace between tags. It checks what it reads strictly (names,
// quoting, entity references, forbidden characters, nesting, one root) and gives up with
// `ScannerUnsure` at anything else (DOCTYPE, CDATA, text content, a broken tag ...). The
// importer then reads the file again with the full SAX parser (saxes), which accepts all
// of XML and reports errors with line and column. So this scanner never decides that a
// document is wrong; it only reads the common case quickly.

export class ScannerUnsure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ScannerUnsure';
  }
}

export interface ScannerSink {
  /** An element starts; its attributes are names[0..count-1] with values[0..count-1] (arrays are reused). */
  open(name: string, names: string[], values: string[], count: number): void;
  close(name: string): void;
}

const NAME_RE = /^[A-Za-z_:\u00C0-\uFFFD][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFD]*$/;
// characters XML 1.0 does not allow in documents
const FORBIDDEN_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// characters that need a closer look inside attribute values
const SPECIAL = /[<&\u0000-\u001F\uFFFE\uFFFF]/g;
const NONSPACE = /[^ \t\r\n]/g;
const NAME = /[A-Za-z_:\u00C0-\uFFFD][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFD]*/y;
const ENTITY_RE = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9A-Fa-f]+));|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(v: string): string {
  return v.replace(ENTITY_RE, (m, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return NAMED[named];
    const code = dec !== undefined ? Number(dec) : hex !== undefined ? parseInt(hex, 16) : -1;
    if (code < 0 || code > 0x10ffff || (code < 0x20 && code !== 9 && code !== 10 && code !== 13)) throw new ScannerUnsure(`entity ${m}`);
    return String.fromCodePoint(code);
  });
}

// names that occur millions of times: returned as constants instead of new slices
const KNOWN = ['key', 'value', 'string', 'date', 'event', 'trace', 'int', 'float', 'boolean', 'id', 'list', 'values', 'container', 'log'];

function known(s: string, from: number, to: number): string {
  const len = to - from;
  for (const k of KNOWN) if (k.length === len && s.startsWith(k, from)) return k;
  return s.slice(from, to);
}

/** An attribute value as XML defines it: literal tabs and line breaks become spaces, then references are replaced. */
export function decodeAttributeValue(raw: string, whitespace: boolean, references: boolean): string {
  let v = raw;
  if (whitespace) v = v.replace(/\r\n|[\t\n\r]/g, ' ');
  if (references) v = decodeEntities(v);
  return v;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

export class XesScanner {
  private rest = '';
  private readonly stack: string[] = [];
  private rootSeen = false;
  private rootClosed = false;
  private atStart = true;
  private readonly goodNames = new Set<string>(['log', 'trace', 'event', 'string', 'date', 'int', 'float', 'boolean', 'id', 'key', 'value']);
  private readonly names: string[] = [];
  private readonly values: string[] = [];

  constructor(private readonly sink: ScannerSink) {}

  private checkName(name: string): void {
    if (this.goodNames.has(name)) return;
    if (!NAME_RE.test(name)) throw new ScannerUnsure(`name ${name}`);
    this.goodNames.add(name);
  }

  write(chunk: string): void {
    const s = this.rest.length ? this.rest + chunk : chunk;
    const n = s.length;
    let i = 0;
    for (;;) {
      const lt = s.indexOf('<', i);
      const textEnd = lt < 0 ? n : lt;
      if (textEnd > i) {
        NONSPACE.lastIndex = i;
        if (NONSPACE.test(s) && NONSPACE.lastIndex <= textEnd) throw new ScannerUnsure('text content');
      }
      if (lt < 0) {
        i = n;
        break;
      }
      i = lt;
      if (lt + 1 >= n) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 33) {
        // <!-- comment -->; anything else (DOCTYPE, CDATA) goes to the full parser
        if (lt + 4 > n) break;
        if (!s.startsWith('<!--', lt)) throw new ScannerUnsure('markup declaration');
        const end = s.indexOf('-->', lt + 4);
        if (end < 0) break;
        const body = s.slice(lt + 4, end);
        if (body.includes('--') || body.endsWith('-') || FORBIDDEN_RE.test(body)) throw new ScannerUnsure('comment');
        i = end + 3;
        this.atStart = false;
        continue;
      }
      if (c === 63) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) break;
        const target = /^[^\s?]+/.exec(s.slice(lt + 2, end))?.[0] ?? '';
        if (target.toLowerCase() === 'xml') {
          if (!this.atStart || target !== 'xml' || lt !== 0) throw new ScannerUnsure('misplaced XML declaration');
          if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]\1(\s+encoding\s*=\s*(["'])[A-Za-z][-A-Za-z0-9._]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*$/.test(s.slice(lt, end)))
            throw new ScannerUnsure('XML declaration');
        } else this.checkName(target);
        this.atStart = false;
        i = end + 2;
        continue;
      }
      this.atStart = false;
      const end = c === 47 ? this.closeTag(s, lt) : this.openTag(s, lt);
      if (end < 0) break;
      i = end;
    }
    this.rest = s.slice(i);
  }

  /** Reads `</name>`; returns the index after it, or -1 when the chunk ends first. */
  private closeTag(s: string, lt: number): number {
    const gt = s.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    let e = gt;
    while (e > lt + 2 && isSpace(s.charCodeAt(e - 1))) e--;
    const open = this.stack.pop();
    if (open === undefined || open.length !== e - lt - 2 || !s.startsWith(open, lt + 2)) throw new ScannerUnsure('mismatched end tag');
    if (this.stack.length === 0) this.rootClosed = true;
    this.sink.close(open);
    return gt + 1;
  }

  /** Reads `<name a="v" ...>` or `<name .../>`; returns the index after it, or -1 when the chunk ends first. */
  private openTag(s: string, lt: number): number {
    const n = s.length;
    let p = lt + 1;
    NAME.lastIndex = p;
    if (!NAME.test(s)) {
      if (p >= n) return -1;
      throw new ScannerUnsure('element name');
    }
    p = NAME.lastIndex;
    if (p >= n) return -1;
    const after = s.charCodeAt(p);
    if (!(isSpace(after) || after === 47 || after === 62)) throw new ScannerUnsure('element name');
    const name = known(s, lt + 1, p);
    const names = this.names;
    const values = this.values;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      const before = p;
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      const c = s.charCodeAt(p);
      if (c === 62) {
        p++;
        break;
      }
      if (c === 47) {
        if (p + 1 >= n) return -1;
        if (s.charCodeAt(p + 1) !== 62) throw new ScannerUnsure('slash in tag');
        selfClosing = true;
        p += 2;
        break;
      }
      if (p === before) throw new ScannerUnsure('attributes without space');
      const from = p;
      NAME.lastIndex = p;
      if (!NAME.test(s)) throw new ScannerUnsure('attribute name');
      p = NAME.lastIndex;
      const attrEnd = p;
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      if (s.charCodeAt(p) !== 61 || attrEnd === from) throw new ScannerUnsure('attribute without value');
      const attr = known(s, from, attrEnd);
      p++;
      while (p < n && isSpace(s.charCodeAt(p))) p++;
      if (p >= n) return -1;
      const q = s.charCodeAt(p);
      if (q !== 34 && q !== 39) throw new ScannerUnsure('unquoted attribute');
      const close = s.indexOf(q === 34 ? '"' : "'", p + 1);
      if (close < 0) return -1;
      // forbidden characters, references, whitespace to normalise: found by one native regex scan
      let amp = false;
      let ws = false;
      SPECIAL.lastIndex = p + 1;
      while (SPECIAL.test(s) && SPECIAL.lastIndex <= close) {
        const v = s.charCodeAt(SPECIAL.lastIndex - 1);
        if (v === 38) amp = true;
        else if (v === 9 || v === 10 || v === 13) ws = true;
        else throw new ScannerUnsure('character not allowed in an attribute value');
      }
      let value = s.slice(p + 1, close);
      // XML normalises whitespace characters in attribute values to spaces
      if (ws) value = value.replace(/\r\n|[\t\n\r]/g, ' ');
      if (amp) value = decodeEntities(value);
      for (let k = 0; k < count; k++) if (names[k] === attr) throw new ScannerUnsure('duplicate attribute');
      names[count] = attr;
      values[count] = value;
      count++;
      p = close + 1;
    }
    if (this.rootClosed || (this.stack.length === 0 && this.rootSeen)) throw new ScannerUnsure('second root');
    this.rootSeen = true;
    this.sink.open(name, names, values, count);
    if (selfClosing) {
      if (this.stack.length === 0) this.rootClosed = true;
      this.sink.close(name);
    } else this.stack.push(name);
    return p;
  }

  finish(): void {
    for (let k = 0; k < this.rest.length; k++) if (!isSpace(this.rest.charCodeAt(k))) throw new ScannerUnsure('unfinished markup');
    if (!this.rootSeen || !this.rootClosed || this.stack.length) throw new ScannerUnsure('unclosed elements');
  }
}
