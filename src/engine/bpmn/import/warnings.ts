// bpmn-moddle's warnings → problems naming their element: unknown or broken elements (their
// id found in the text at the line and column the parser reports), references it could not
// resolve (qualified names linked when they point into this document, kept when they point
// outside it).
import type { El, ParsedBpmn } from './kinds.js';
import { oneLine, type ImportProblems } from './problems.js';

export class ParserWarnings {
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly xml: string,
    private readonly p: ImportProblems,
  ) {
    for (let i = 0; i < xml.length; i++) if (xml[i] === '\n') this.lineStarts.push(i + 1);
  }

  /**
   * A reference written as a qualified name (`tns:m1`, `other:Reply`), which bpmn-moddle does
   * not resolve. Its prefix naming the document's own target namespace: the element is looked
   * up by its local id and linked (true). Another namespace: a reference to something defined
   * elsewhere (a WSDL operation's message), kept as written, with a warning. Unknown prefix or
   * missing local element: null (an error).
   */
  private qualifiedReference(el: El, property: string | undefined, ref: string, definitions: El): true | string | null {
    const colon = ref.indexOf(':');
    if (colon <= 0 || !property) return null;
    const prefix = ref.slice(0, colon);
    const local = ref.slice(colon + 1);
    const namespace = this.namespaces(definitions)[prefix];
    if (!namespace) return null;
    const name = property.includes(':') ? property.slice(property.indexOf(':') + 1) : property;
    const descriptor = el.$descriptor?.propertiesByName?.[name];
    const link = (target: El) => {
      if (descriptor?.isMany) (el.get(name) as El[]).push(target);
      else el.set(name, target);
    };
    if (namespace !== definitions.targetNamespace) {
      // A stand-in carrying the qualified name, so that writing the document out keeps the reference.
      if (descriptor?.type && el.$model) link(el.$model.create(descriptor.type, { id: ref }));
      return `${el.id ?? el.$type}: ${property} "${ref}" refers to ${namespace}, outside this document; kept as written`;
    }
    const target = this.ids(definitions).get(local);
    if (!target) return null;
    link(target);
    return true;
  }

  private nsCache: Record<string, string> | null = null;
  private namespaces(definitions: El): Record<string, string> {
    if (!this.nsCache) {
      this.nsCache = {};
      for (const [k, v] of Object.entries((definitions.$attrs ?? {}) as Record<string, string>)) if (k.startsWith('xmlns:')) this.nsCache[k.slice(6)] = v;
    }
    return this.nsCache;
  }

  private idCache: Map<string, El> | null = null;
  private ids(definitions: El): Map<string, El> {
    if (!this.idCache) {
      const ids = new Map<string, El>();
      const seen = new Set<El>();
      const walk = (x: El, depth: number) => {
        if (!x || typeof x !== 'object' || seen.has(x) || depth > 200) return;
        seen.add(x);
        if (Array.isArray(x)) {
          for (const y of x) walk(y, depth + 1);
          return;
        }
        if (!x.$type) return;
        if (typeof x.id === 'string' && !ids.has(x.id)) ids.set(x.id, x);
        for (const [k, v] of Object.entries(x)) if (!k.startsWith('$') && v && typeof v === 'object' && (Array.isArray(v) || (v as El).$type)) walk(v, depth + 1);
      };
      walk(definitions, 0);
      this.idCache = ids;
    }
    return this.idCache;
  }

  read(warnings: ParsedBpmn['warnings'], definitions: El): void {
    for (const w of warnings) {
      const msg = w.message ?? String(w);
      const unknown =
        /^unparsable content <([^>\s]+)> detected[\s\S]*?line: (\d+)[\s\S]*?column: (\d+)[\s\S]*?nested error: (unknown type <([^>]+)>|unrecognized element <([^>]+)>)?/.exec(msg);
      if (unknown) {
        const tag = unknown[1];
        const id = this.idAt(tag, Number(unknown[2]), Number(unknown[3])) ?? '';
        const bpmnType = unknown[5];
        if (bpmnType && bpmnType.startsWith('bpmn:')) {
          this.p.errors.push({ id, type: bpmnType, message: `unknown BPMN element <${tag}>` });
        } else if (!unknown[4]) {
          // Not an unknown element but a broken one (a duplicate id, a bad attribute value).
          const nested = /nested error: ([^\n]*)/.exec(msg);
          this.p.errors.push({ id, type: tag.includes(':') ? tag : `bpmn:${tag[0].toUpperCase()}${tag.slice(1)}`, message: nested ? nested[1] : oneLine(msg) });
        } else {
          this.p.unsupported.push({ id, type: unknown[6] ?? tag, reason: 'element outside the BPMN schema' });
        }
        continue;
      }
      const unresolved = /^unresolved reference <([^>]*)>/.exec(msg);
      if (unresolved && w.element) {
        const kept = this.qualifiedReference(w.element, w.property, unresolved[1], definitions);
        if (kept) {
          if (kept !== true) this.p.warnings.push(kept);
          continue;
        }
        this.p.errors.push({ id: w.element.id, type: w.element.$type, message: `${w.property ?? 'reference'} points to missing element "${unresolved[1]}"` });
        continue;
      }
      this.p.warnings.push(oneLine(msg));
    }
  }

  /** Finds the id attribute of the element starting near a line/column reported by the parser. */
  private idAt(tag: string, line: number, column: number): string | undefined {
    const start = (this.lineStarts[line] ?? 0) + column;
    const open = this.xml.lastIndexOf(`<${tag}`, start + 1);
    const from = open >= 0 ? open : this.xml.indexOf(`<${tag}`);
    if (from < 0) return undefined;
    const end = this.xml.indexOf('>', from);
    const m = /\sid\s*=\s*["']([^"']*)["']/.exec(this.xml.slice(from, end < 0 ? undefined : end));
    return m?.[1];
  }
}
