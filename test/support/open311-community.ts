// The Open311 community's published GeoReport v2 definitions (test/fixtures/open311, CC BY 3.0)
// as validators of a server's answers, in JSON and in XML.
//
// The document is Swagger 2.0, which has no null: a field the spec's own examples give as
// null ("description": null) is read as absent, as a Swagger reader would. XML carries only
// text, so an XML answer is read into the JSON shape the definitions describe (numbers,
// booleans, repeated elements as arrays, an empty element as absent) and validated the same
// way; an element the definitions do not name is an error.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { XmlNode } from './open311-client.js';

type Schema = { $ref?: string; type?: string; items?: Schema; properties?: Record<string, Schema>; required?: string[] };

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'open311', 'georeport-v2-swagger.json');
export const COMMUNITY_DOCUMENT = JSON.parse(fs.readFileSync(file, 'utf8')) as { info: { license: { name: string } }; definitions: Record<string, Schema> };

/** What each answer is, in the document's definitions; and the XML elements the spec names for it. */
export const ANSWERS = {
  services: { schema: { type: 'array', items: { $ref: '#/definitions/Service' } }, root: 'services', item: 'service' },
  definition: { schema: { $ref: '#/definitions/ServiceDefinition' }, root: 'service_definition', item: null },
  post: { schema: { type: 'array', items: { $ref: '#/definitions/RequestResponse' } }, root: 'service_requests', item: 'request' },
  token: { schema: { type: 'array', items: { $ref: '#/definitions/TokenResponse' } }, root: 'service_requests', item: 'request' },
  requests: { schema: { type: 'array', items: { $ref: '#/definitions/Request' } }, root: 'service_requests', item: 'request' },
} as const;
export type Answer = keyof typeof ANSWERS;

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
// Swagger's own formats for ids and numbers say nothing a JSON Schema validator can check.
for (const f of ['uid', 'uint', 'double']) ajv.addFormat(f, true);
ajv.addSchema({ ...COMMUNITY_DOCUMENT, $id: 'georeport-v2' });
const validators = new Map<Answer, ValidateFunction>();
function validator(kind: Answer): ValidateFunction {
  let v = validators.get(kind);
  if (!v) {
    const rewrite = (s: Schema): Schema => (s.$ref ? { $ref: `georeport-v2${s.$ref}` } : s.items ? { ...s, items: rewrite(s.items) } : s);
    validators.set(kind, (v = ajv.compile(rewrite(ANSWERS[kind].schema as Schema))));
  }
  return v;
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  return value;
}

/** Problems of a JSON answer against the community's definitions (empty: conforms). */
export function communityProblems(kind: Answer, value: unknown): string[] {
  const v = validator(kind);
  return v(withoutNulls(value)) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

function resolve(s: Schema): Schema {
  return s.$ref ? COMMUNITY_DOCUMENT.definitions[s.$ref.replace('#/definitions/', '')] : s;
}

/** An XML answer read into the JSON shape of a definition; unknown elements are reported. */
function fromXml(node: XmlNode, schema: Schema, where: string, problems: string[]): unknown {
  const s = resolve(schema);
  if (s.type === 'array') return node.children.map((c, i) => fromXml(c, s.items!, `${where}/${c.name}[${i}]`, problems));
  if (s.properties) {
    const out: Record<string, unknown> = {};
    for (const c of node.children) {
      const prop = s.properties[c.name];
      if (!prop) {
        problems.push(`${where}: <${c.name}> is not a field of the definition`);
        continue;
      }
      if (c.children.length === 0 && c.text === '' && resolve(prop).type !== 'array') continue; // <x/>: absent
      out[c.name] = fromXml(c, prop, `${where}/${c.name}`, problems);
    }
    return out;
  }
  if (s.type === 'number' || s.type === 'integer') return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(node.text.trim()) ? Number(node.text) : node.text;
  if (s.type === 'boolean') return node.text === 'true' ? true : node.text === 'false' ? false : node.text;
  return node.text;
}

/** Problems of an XML answer against the community's definitions and the spec's element names. */
export function communityXmlProblems(kind: Answer, root: XmlNode): string[] {
  const { root: rootName, item } = ANSWERS[kind];
  const problems: string[] = [];
  if (root.name !== rootName) problems.push(`root <${root.name}>, expected <${rootName}>`);
  if (item) for (const c of root.children) if (c.name !== item) problems.push(`<${rootName}> holds <${c.name}>, expected <${item}>`);
  // Lists inside an object (attributes → attribute, values → value) are read by their definitions.
  const value = fromXml(root, ANSWERS[kind].schema as Schema, `/${root.name}`, problems);
  return [...problems, ...communityProblems(kind, value)];
}
