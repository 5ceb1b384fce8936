// A small Open311 GeoReport v2 client that speaks only the documented wire format over real
// HTTP: GET with query strings, POST form-encoded (attribute[CODE]=v, attribute[CODE][]=v),
// JSON top-level arrays, and the XML documents read back into plain objects. The npm package
// `open311` depends on a git-hosted module and the long-gone `request` 2.11, so it cannot be
// installed offline; this client is the stand-in the tests use.
import { SaxesParser } from 'saxes';

export type XmlNode = { name: string; text: string; children: XmlNode[] };

/** Parses an XML document (throws on anything not well-formed). */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, text: '', children: [] };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (!root) throw new Error('empty XML document');
  return root;
}

export interface Open311Response<T> {
  status: number;
  contentType: string;
  body: T;
  text: string;
}

export class Open311Client {
  constructor(
    readonly endpoint: string,
    readonly apiKey?: string,
    readonly jurisdictionId?: string,
  ) {}

  private async call<T>(method: 'GET' | 'POST', path: string, format: 'json' | 'xml', params: Array<[string, string]>): Promise<Open311Response<T>> {
    const all = this.jurisdictionId ? [...params, ['jurisdiction_id', this.jurisdictionId] as [string, string]] : params;
    const encoded = new URLSearchParams(all).toString();
    const url = `${this.endpoint}/${path}.${format}${method === 'GET' && encoded ? `?${encoded}` : ''}`;
    const res = await fetch(url, method === 'POST' ? { method, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: encoded } : { method });
    const text = await res.text();
    const body = (format === 'json' ? JSON.parse(text) : parseXml(text)) as T;
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, text };
  }

  discovery<T = unknown>(format: 'json' | 'xml' = 'json') {
    return this.call<T>('GET', 'discovery', format, []);
  }
  services<T = unknown>(format: 'json' | 'xml' = 'json') {
    return this.call<T>('GET', 'services', format, []);
  }
  serviceDefinition<T = unknown>(code: string, format: 'json' | 'xml' = 'json') {
    return this.call<T>('GET', `services/${encodeURIComponent(code)}`, format, []);
  }
  requests<T = unknown>(query: Record<string, string> = {}, format: 'json' | 'xml' = 'json') {
    return this.call<T>('GET', 'requests', format, Object.entries(query));
  }
  request<T = unknown>(id: string, format: 'json' | 'xml' = 'json') {
    return this.call<T>('GET', `requests/${encodeURIComponent(id)}`, format, []);
  }
  token<T = unknown>(token: string, format: 'json' | 'xml' = 'json') {
    return this.call<T>('GET', `tokens/${encodeURIComponent(token)}`, format, []);
  }
  /** POST Service Request: fields as the spec names them; attributes as attribute[CODE] (arrays as attribute[CODE][]). */
  post<T = unknown>(fields: Record<string, string>, attributes: Record<string, string | string[]> = {}, format: 'json' | 'xml' = 'json') {
    const params: Array<[string, string]> = Object.entries(fields);
    if (this.apiKey) params.unshift(['api_key', this.apiKey]);
    for (const [code, value] of Object.entries(attributes)) {
      if (Array.isArray(value)) for (const v of value) params.push([`attribute[${code}][]`, v]);
      else params.push([`attribute[${code}]`, value]);
    }
    return this.call<T>('POST', 'requests', format, params);
  }
}
