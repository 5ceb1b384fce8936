// Open311 GeoReport v2, tested four ways: the schemas derived from the spec accept the spec's
// own published examples (and refuse what the spec forbids); every response of this server
// passes the same schemas and the Open311 community's published definitions
// (test/fixtures/open311), in JSON and in XML; the spec's own example requests are answered;
// and a client speaking only the documented wire format over real HTTP files a request and
// later sees the same case closed.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../../test/support/db.js';
import { requestForLog } from '../../server/start.js';
import { openTestApp, signInAs, type TestApp } from '../../../test/support/app.js';
import { Open311Client, parseXml, type XmlNode } from '../../../test/support/open311-client.js';
import { COMMUNITY_DOCUMENT, communityProblems, communityXmlProblems, type Answer } from '../../../test/support/open311-community.js';
import { SPEC_DISCOVERY, SPEC_ERRORS, SPEC_POST_RESPONSE, SPEC_REQUESTS, SPEC_SERVICE_DEFINITION, SPEC_SERVICES, SPEC_TOKEN_RESPONSE } from './spec-fixtures.js';
import { discoverySchema, errorsSchema, postResponseSchema, requestsSchema, serviceDefinitionSchema, serviceListSchema, tokenResponseSchema } from './spec-schemas.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  services: ajv.compile(serviceListSchema),
  definition: ajv.compile(serviceDefinitionSchema),
  post: ajv.compile(postResponseSchema),
  token: ajv.compile(tokenResponseSchema),
  requests: ajv.compile(requestsSchema),
  errors: ajv.compile(errorsSchema),
  discovery: ajv.compile(discoverySchema),
};
function derivedValid(kind: keyof typeof validators, value: unknown): boolean {
  const ok = validators[kind](value);
  if (!ok) console.error(kind, JSON.stringify(validators[kind].errors));
  return ok as boolean;
}
/** Valid by the schemas derived from the spec and, where it defines the answer, by the community's document. */
function valid(kind: keyof typeof validators, value: unknown): boolean {
  const ok = derivedValid(kind, value);
  const community = kind in { services: 1, definition: 1, post: 1, token: 1, requests: 1 } ? communityProblems(kind as Answer, value) : [];
  if (community.length) console.error(kind, 'community definitions:', community);
  return ok && community.length === 0;
}
/** The spec's examples write some ids as numbers; the community's definitions (and this server) write every id as text. */
function idsAsText<T>(value: T): T {
  const ids = new Set(['service_request_id', 'token', 'service_code', 'key', 'address_id', 'zipcode', 'account_id']);
  const walk = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(walk)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ids.has(k) && typeof x === 'number' ? String(x) : walk(x)]))
        : v;
  return walk(value) as T;
}
const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);

describe('schemas derived from the Open311 spec', () => {
  it('accept every example response the spec publishes', () => {
    expect(derivedValid('services', SPEC_SERVICES)).toBe(true);
    expect(derivedValid('definition', SPEC_SERVICE_DEFINITION)).toBe(true);
    expect(derivedValid('post', SPEC_POST_RESPONSE)).toBe(true);
    expect(derivedValid('token', SPEC_TOKEN_RESPONSE)).toBe(true);
    expect(derivedValid('requests', SPEC_REQUESTS)).toBe(true);
    expect(derivedValid('errors', SPEC_ERRORS)).toBe(true);
    expect(derivedValid('discovery', SPEC_DISCOVERY)).toBe(true);
  });

  it('agree with the Open311 community’s published definitions (CC BY 3.0) on the spec’s examples, ids written as text', () => {
    expect(COMMUNITY_DOCUMENT.info.license.name).toBe('CC BY 3.0');
    expect(communityProblems('services', SPEC_SERVICES)).toEqual([]);
    expect(communityProblems('definition', idsAsText(SPEC_SERVICE_DEFINITION))).toEqual([]);
    expect(communityProblems('post', idsAsText(SPEC_POST_RESPONSE))).toEqual([]);
    expect(communityProblems('token', idsAsText(SPEC_TOKEN_RESPONSE))).toEqual([]);
    // The spec's request examples end their media_url with a space, which is no URI.
    expect(
      communityProblems(
        'requests',
        idsAsText(SPEC_REQUESTS).map((r) => ({ ...r, media_url: r.media_url.trim() })),
      ),
    ).toEqual([]);
    // The community's definitions refuse what the spec rules out, too.
    expect(communityProblems('requests', idsAsText([{ ...SPEC_REQUESTS[0], status: 'in_progress' }]))).not.toEqual([]);
    expect(communityProblems('services', [{ ...SPEC_SERVICES[0], type: 'sometimes' }])).not.toEqual([]);
    expect(communityProblems('requests', [{ status: 'open' }])).not.toEqual([]); // service_request_id, service_code, requested_datetime required
  });

  it('keep an api_key sent in a query string out of the server’s log', () => {
    const logged = requestForLog({ method: 'POST', url: '/open311/v2/requests.json?api_key=s3cret&jurisdiction_id=370883', host: 'x', ip: '127.0.0.1' } as never);
    expect(logged.url).toBe('/open311/v2/requests.json?api_key=[redacted]&jurisdiction_id=370883');
  });

  it('refuse what the spec rules out', () => {
    expect(validators.requests([{ ...SPEC_REQUESTS[0], status: 'in_progress' }])).toBe(false); // only open | closed
    expect(validators.requests([{ ...SPEC_REQUESTS[0], requested_datetime: '2010-04-14 06:37:38' }])).toBe(false); // a zone is required
    expect(validators.post([{ service_request_id: 1, token: 2 }])).toBe(false); // id xor token
    expect(validators.services([{ ...SPEC_SERVICES[0], type: 'sometimes' }])).toBe(false);
    expect(validators.definition({ ...SPEC_SERVICE_DEFINITION, attributes: [{ ...SPEC_SERVICE_DEFINITION.attributes[0], datatype: 'boolean' }] })).toBe(false);
  });
});

const targets = await dbTargets();

describe.each(targets)('Open311 GeoReport v2 on $name', (target) => {
  let t: TestApp;
  let now = new Date('2026-04-01T10:00:00+08:00'); // a Wednesday
  let base = '';
  let client: Open311Client;
  let anonymous: Open311Client;

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
    const admin = await signInAs(t.app, 'admin');
    const key = await admin.inject({ method: 'POST', url: '/api/cases/open311-keys', payload: { name: '城市服务 app' } });
    expect(key.statusCode).toBe(201);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}/open311/v2`;
    client = new Open311Client(base, key.json().key);
    anonymous = new Open311Client(base);
  });
  afterAll(async () => t?.close());

  const caseCount = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('answers discovery in both formats', async () => {
    const json = await anonymous.discovery<typeof SPEC_DISCOVERY>();
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(valid('discovery', json.body)).toBe(true);
    expect(json.body.endpoints[0].url).toBe(base);
    const xml = await anonymous.discovery<XmlNode>('xml');
    expect(xml.contentType).toBe('text/xml; charset=utf-8');
    expect(xml.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.body.name).toBe('discovery');
    expect(child(child(child(xml.body, 'endpoints')!, 'endpoint')!, 'formats')!.children.map((f) => f.text)).toEqual(['text/xml', 'application/json']);
  });

  it('lists case categories as services, and defines their attributes', async () => {
    const list = await anonymous.services<Array<{ service_code: string; metadata: boolean }>>();
    expect(valid('services', list.body)).toBe(true);
    expect(list.body.map((s) => s.service_code)).toEqual(['ENV-RUBBISH', 'ILLEGAL-BUILD', 'ROAD-DAMAGE', 'STREETLIGHT']);
    expect(list.body.find((s) => s.service_code === 'ROAD-DAMAGE')!.metadata).toBe(true);
    const xml = await anonymous.services<XmlNode>('xml');
    expect(communityXmlProblems('services', xml.body)).toEqual([]);
    expect(xml.body.children.map((s) => child(s, 'service_code')!.text)).toEqual(['ENV-RUBBISH', 'ILLEGAL-BUILD', 'ROAD-DAMAGE', 'STREETLIGHT']);
    const def = await anonymous.serviceDefinition<typeof SPEC_SERVICE_DEFINITION>('ROAD-DAMAGE');
    expect(valid('definition', def.body)).toBe(true);
    expect(def.body.attributes[0]).toMatchObject({ code: 'size', datatype: 'singlevaluelist', required: true, order: 1 });
    const defXml = await anonymous.serviceDefinition<XmlNode>('ROAD-DAMAGE', 'xml');
    expect(communityXmlProblems('definition', defXml.body)).toEqual([]);
    const attribute = child(child(defXml.body, 'attributes')!, 'attribute')!;
    expect(child(attribute, 'values')!.children.map((v) => child(v, 'key')!.text)).toEqual(['small', 'large']);
    const missing = await anonymous.serviceDefinition('NOPE');
    expect(missing.status).toBe(404);
    expect(valid('errors', missing.body)).toBe(true);
  });

  it('refuses a POST without a valid api_key (403), for an unknown service (404), without a location or with a field given twice (400) — and files nothing', async () => {
    const before = await caseCount();
    const noKey = await anonymous.post({ service_code: 'ENV-RUBBISH', lat: '35.40', long: '116.96' });
    expect(noKey.status).toBe(403);
    expect(noKey.body).toEqual([{ code: 403, description: 'api_key was not provided' }]);
    const badKey = await new Open311Client(base, 'not-a-key').post({ service_code: 'ENV-RUBBISH', lat: '35.40', long: '116.96' }, {}, 'xml');
    expect(badKey.status).toBe(403);
    expect((badKey.body as XmlNode).name).toBe('errors');
    expect(child(child(badKey.body as XmlNode, 'error')!, 'description')!.text).toBe('Invalid api_key');
    const unknown = await client.post({ service_code: 'NOPE', lat: '35.40', long: '116.96' });
    expect(unknown.status).toBe(404);
    const noPlace = await client.post({ service_code: 'ENV-RUBBISH', description: '垃圾' });
    expect(noPlace.status).toBe(400);
    expect(valid('errors', noPlace.body)).toBe(true);
    const outside = await client.post({ service_code: 'ENV-RUBBISH', lat: '39.9', long: '116.4' });
    expect(outside.status).toBe(400);
    expect((outside.body as Array<{ description: string }>)[0].description).toMatch(/outside the county/);
    const noAttr = await client.post({ service_code: 'ROAD-DAMAGE', lat: '35.41', long: '116.97' });
    expect(noAttr.status).toBe(400);
    expect((noAttr.body as Array<{ description: string }>)[0].description).toMatch(/required attribute size/);
    const badList = await client.post({ service_code: 'ROAD-DAMAGE', lat: '35.41', long: '116.97' }, { size: 'huge' });
    expect(badList.status).toBe(400);
    const wrongJurisdiction = await new Open311Client(base, client.apiKey, '110101').post({ service_code: 'ENV-RUBBISH', lat: '35.40', long: '116.96' });
    expect(wrongJurisdiction.status).toBe(404);
    const twice = await fetch(`${base}/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: `api_key=${client.apiKey}&service_code=ENV-RUBBISH&service_code=ROAD-DAMAGE&lat=35.40&long=116.96`,
    });
    expect(twice.status).toBe(400);
    expect(await twice.json()).toEqual([{ code: 400, description: 'service_code is given more than once' }]);
    expect(await caseCount()).toBe(before);
  });

  let requestId = '';

  it('files a POSTed request as a case like any other, and shows it open with the working-day limit', async () => {
    const posted = await client.post(
      {
        service_code: 'ROAD-DAMAGE',
        lat: '35.4051',
        long: '116.9652',
        address_string: '钢山街道 前进路 12 号',
        description: '路面塌陷一处',
        first_name: '敏',
        last_name: '周',
        phone: '13800000000',
        media_url: 'https://example.org/p/1.jpg',
      },
      { size: 'large', lanes: '1' },
    );
    expect(posted.status, posted.text).toBe(200);
    expect(valid('post', posted.body)).toBe(true);
    requestId = (posted.body as Array<{ service_request_id: string }>)[0].service_request_id;
    const one = await anonymous.request<Array<Record<string, unknown>>>(requestId);
    expect(valid('requests', one.body)).toBe(true);
    expect(one.body[0]).toMatchObject({
      service_request_id: requestId,
      status: 'open',
      service_code: 'ROAD-DAMAGE',
      service_name: '道路破损',
      description: '路面塌陷一处',
      address: '钢山街道 前进路 12 号',
      lat: 35.4051,
      long: 116.9652,
      media_url: 'https://example.org/p/1.jpg',
      requested_datetime: '2026-04-01T10:00:00+08:00',
      // No boundary is loaded, so the report sits at the county: the responsibility list's
      // village row cannot apply and the case waits for the dispatcher.
      agency_responsible: null,
      expected_datetime: null,
    });
    const internal = await t.store.db.selectFrom('cases').select(['channel', 'reporter_name', 'attributes']).where('id', '=', Number(requestId)).executeTakeFirstOrThrow();
    expect(internal).toMatchObject({ channel: 'open311', reporter_name: '周敏', attributes: { size: 'large', lanes: 1 } });
  });

  it('filters requests by id, service_code, status and dates; refuses spans over 90 days and unknown statuses', async () => {
    const all = await anonymous.requests<Array<{ service_request_id: string }>>();
    expect(valid('requests', all.body)).toBe(true);
    expect(all.body.map((r) => r.service_request_id)).toContain(requestId);
    expect((await anonymous.requests<unknown[]>({ status: 'closed' })).body).toEqual([]);
    expect((await anonymous.requests<unknown[]>({ service_code: 'STREETLIGHT' })).body).toEqual([]);
    expect((await anonymous.requests<unknown[]>({ service_code: 'ROAD-DAMAGE,STREETLIGHT', status: 'open,closed' })).body).toHaveLength(1);
    expect((await anonymous.requests<unknown[]>({ start_date: '2026-04-02T00:00:00+08:00', end_date: '2026-04-30T00:00:00+08:00' })).body).toEqual([]);
    // An empty parameter is the same as an absent one.
    expect((await anonymous.requests<unknown[]>({ status: '', service_code: '' })).body).toHaveLength(1);
    // service_request_id overrides every other argument.
    expect((await anonymous.requests<unknown[]>({ service_request_id: requestId, status: 'closed' })).body).toHaveLength(1);
    const span = await anonymous.requests({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-30T00:00:00Z' });
    expect(span.status).toBe(400);
    expect(valid('errors', span.body)).toBe(true);
    expect((await anonymous.requests({ status: 'pending' })).status).toBe(400);
    expect((await anonymous.requests({ start_date: 'yesterday' })).status).toBe(400);
    const xml = await anonymous.requests<XmlNode>({}, 'xml');
    expect(communityXmlProblems('requests', xml.body)).toEqual([]);
    expect(child(xml.body.children[0], 'status')!.text).toBe('open');
    expect((await anonymous.request('999999')).status).toBe(404);
    expect((await anonymous.request('abc')).status).toBe(404);
  });

  it('answers the spec’s own example requests (its POST body, with this county’s codes and place put in; its GET query)', async () => {
    // The spec's example POST, field for field: fields this server does not keep (email,
    // device_id, account_id) are accepted and ignored; api_key and jurisdiction_id come in the
    // query string, as the community's API description and node-open311 put them.
    const example =
      'service_code=ROAD-DAMAGE&lat=35.40524078&long=116.9612043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456' +
      '&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street' +
      '&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[size]=large&attribute[lanes]=2';
    const query = `api_key=${encodeURIComponent(client.apiKey!)}&jurisdiction_id=370883`;
    for (const format of ['json', 'xml'] as const) {
      const res = await fetch(`${base}/requests.${format}?${query}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: example });
      const text = await res.text();
      expect(res.status, text).toBe(200);
      if (format === 'json') expect(valid('post', JSON.parse(text))).toBe(true);
      else expect(communityXmlProblems('post', parseXml(text))).toEqual([]);
    }
    const wrongCounty = await fetch(`${base}/requests.json?api_key=${encodeURIComponent(client.apiKey!)}&jurisdiction_id=110101`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: example,
    });
    expect(wrongCounty.status).toBe(404);
    // The spec's example query: requests.xml?start_date=…Z&end_date=…Z&status=open&jurisdiction_id=…
    const res = await fetch(`${base}/requests.xml?start_date=2026-03-24T00:00:00Z&end_date=2026-04-24T00:00:00Z&status=open&jurisdiction_id=370883`);
    expect(res.status).toBe(200);
    const listed = parseXml(await res.text());
    expect(communityXmlProblems('requests', listed)).toEqual([]);
    const sinkholes = listed.children.filter((r) => child(r, 'description')!.text === 'A large sinkhole is destroying the street');
    expect(sinkholes).toHaveLength(2);
    expect(child(sinkholes[0], 'media_url')!.text).toBe('http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg');
  });

  it('answers tokens with 404: requests are realtime and never get a token', async () => {
    const res = await anonymous.token('12345');
    expect(res.status).toBe(404);
    expect(valid('errors', res.body)).toBe(true);
  });

  it('shows the same case closed once the county has handled, checked and closed it', async () => {
    const id = Number(requestId);
    const d = await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow();
    const [dispatcher, officer] = await Promise.all([signInAs(t.app, 'dispatcher'), signInAs(t.app, 'officer')]);
    // The county-level report is outside the township dispatcher's area; the administrator assigns it.
    const admin = await signInAs(t.app, 'admin');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]).toString('base64');
    const go = async (c: typeof admin, body: Record<string, unknown>) => {
      const res = await c.inject({ method: 'POST', url: `/api/cases/${id}/steps`, payload: body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const outside = await dispatcher.inject({ method: 'POST', url: `/api/cases/${id}/steps`, payload: { action: 'assign', tier: 'township' } });
    // Outside the dispatcher's area: it exists, and the answer says it is out of scope.
    expect(outside.statusCode, outside.body).toBe(403);
    const assigned = await go(admin, { action: 'assign', tier: 'department', departmentId: d.id });
    const open = (await anonymous.request<Array<Record<string, unknown>>>(requestId)).body[0];
    expect(open).toMatchObject({ status: 'open', agency_responsible: '住房和城乡建设局', expected_datetime: assigned.handleDue });
    expect(open.expected_datetime).toBe('2026-04-09T10:00:00+08:00'); // 5 working days; 清明 (Apr 4–6) does not count
    now = new Date('2026-04-01T11:00:00+08:00');
    await go(officer, { action: 'respond' });
    await go(officer, { action: 'handle', feedback: '已修补路面', photos: [png] });
    await go(admin, { action: 'check', passed: true, note: '现场核查通过' });
    await go(admin, { action: 'close', note: '结案' });
    const closed = (await client.request<Array<Record<string, unknown>>>(requestId)).body[0];
    expect(valid('requests', [closed])).toBe(true);
    expect(closed).toMatchObject({ status: 'closed', status_notes: '结案', updated_datetime: '2026-04-01T11:00:00+08:00' });
    const closedXml = (await client.request<XmlNode>(requestId, 'xml')).body;
    expect(communityXmlProblems('requests', closedXml)).toEqual([]);
    expect(child(child(closedXml, 'request')!, 'status')!.text).toBe('closed');
    expect((await anonymous.requests<unknown[]>({ status: 'closed' })).body).toHaveLength(1);
  });
});
