// Drives this server's Open311 GeoReport v2 endpoint with a third-party client: node-open311
// (npm `open311` 0.0.12, codeforamerica/node-open311, BSD). The package cannot be a dependency
// of the project: it requires a git-hosted module (sparkxml, used only to read XML) and
// `request` 2.11. To run this check, install it somewhere else with its registry-hosted
// dependencies and stand-ins for the two XML modules, e.g.
//
//   mkdir c && cd c && npm init -y && npm install --ignore-scripts request@~2.11.0 lodash@~0.6.1
//   npm pack open311@0.0.12 && mkdir -p node_modules/open311 && tar xzf open311-0.0.12.tgz -C node_modules/open311 --strip-components=1
//   for m in sparkxml xml2json; do mkdir -p node_modules/$m; echo 'module.exports={}' > node_modules/$m/index.js; done
//
// then: ZAIZAO_OPEN311_CLIENT=/path/to/c node bin/run-ts.js scripts/open311-real-client.ts
//
// The client speaks JSON here (its XML path needs sparkxml). It discovers the endpoint, lists
// the services, reads a service definition, files a request with an attribute, reads it back
// open, and — after the county has handled, checked and closed the case — reads it closed.
// Exits non-zero on the first difference.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildApp } from '../src/http/app.js';
import { createApiKey } from '../src/cases/config.js';
import { seedDemoData } from '../src/server/seed.js';
import { openStore } from '../src/store/database.js';
import { SYSTEM_ACTOR } from '../src/org/model.js';

const dir = process.env.ZAIZAO_OPEN311_CLIENT;
if (!dir) {
  process.stderr.write('set ZAIZAO_OPEN311_CLIENT to a folder whose node_modules holds open311 (see the comment at the top)\n');
  process.exit(2);
}

interface Client {
  endpoint: string;
  apiKey: string;
  jurisdiction?: string;
  serviceDiscovery(options: { cache: boolean }, cb: (err: unknown, data: unknown) => void): void;
  serviceList(cb: (err: unknown, data: unknown) => void): void;
  serviceDefinition(code: string, cb: (err: unknown, data: unknown) => void): void;
  submitRequest(data: Record<string, unknown>, cb: (err: unknown, data: unknown) => void): void;
  serviceRequests(id: string | Record<string, string>, cb: (err: unknown, data: unknown) => void): void;
}
const Open311 = createRequire(path.join(path.resolve(dir), 'package.json'))('open311') as new (options: Record<string, unknown>) => Client;
const call = <T>(fn: (cb: (err: unknown, data: unknown) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, data) => (err ? reject(new Error(`${String(err)} ${String(data)}`)) : resolve(data as T))));

const PASSWORD = 'real-client-check-2026';
const store = await openStore({ kind: 'pglite', dataDir: null });
await seedDemoData(store, PASSWORD);
const app = await buildApp({ store, webDist: null });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/open311/v2`;
try {
  const { key } = await createApiKey(store.db, { ...SYSTEM_ACTOR, userId: 1, username: 'admin', regionCode: '370883' }, 'node-open311', new Date());
  const client = new Open311({ discovery: `${base}/discovery.json`, apiKey: key, jurisdiction: '370883' });

  const discovery = await call<{ endpoints: Array<{ url: string }> }>((cb) => client.serviceDiscovery({ cache: true }, cb));
  assert.equal(client.endpoint, `${discovery.endpoints[0].url}/`);
  const services = await call<Array<{ service_code: string; metadata: boolean }>>((cb) => client.serviceList(cb));
  assert.deepEqual(
    services.map((s) => s.service_code),
    ['ENV-RUBBISH', 'ILLEGAL-BUILD', 'ROAD-DAMAGE', 'STREETLIGHT'],
  );
  const definition = await call<{ attributes: Array<{ code: string; required: boolean }> }>((cb) => client.serviceDefinition('ROAD-DAMAGE', cb));
  assert.deepEqual(
    definition.attributes.map((a) => [a.code, a.required]),
    [
      ['size', true],
      ['lanes', false],
    ],
  );

  const posted = await call<Array<{ service_request_id: string }>>((cb) =>
    client.submitRequest(
      {
        service_code: 'ROAD-DAMAGE',
        lat: 35.4051,
        long: 116.9652,
        address_string: '钢山街道 前进路 12 号',
        description: '路面塌陷一处',
        first_name: '敏',
        last_name: '周',
        attributes: { size: 'large', lanes: '1' },
      },
      cb,
    ),
  );
  const id = posted[0].service_request_id;
  assert.match(id, /^\d+$/);
  const open = await call<Array<{ status: string; service_code: string; requested_datetime: Date }>>((cb) => client.serviceRequests(id, cb));
  assert.equal(open[0].status, 'open');
  assert.equal(open[0].service_code, 'ROAD-DAMAGE');
  assert.ok(open[0].requested_datetime instanceof Date && !Number.isNaN(open[0].requested_datetime.getTime()));
  const stored = await store.db.selectFrom('cases').select(['channel', 'attributes', 'reporter_name']).where('id', '=', Number(id)).executeTakeFirstOrThrow();
  assert.deepEqual(stored, { channel: 'open311', attributes: { size: 'large', lanes: 1 }, reporter_name: '周敏' });

  // The county takes the case through the loop over its own API.
  const signIn = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    const cookie = ([] as string[])
      .concat(res.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, csrf: (res.json() as { csrfToken: string }).csrfToken };
  };
  const [admin, officer] = await Promise.all([signIn('admin'), signIn('officer')]);
  const zjj = await store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow();
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]).toString('base64');
  const step = async (who: { cookie: string; csrf: string }, payload: Record<string, unknown>) => {
    const res = await app.inject({ method: 'POST', url: `/api/cases/${id}/steps`, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf }, payload });
    assert.equal(res.statusCode, 200, res.body);
  };
  await step(admin, { action: 'assign', tier: 'department', departmentId: zjj.id });
  await step(officer, { action: 'respond' });
  await step(officer, { action: 'handle', feedback: '已修补路面', photos: [png] });
  await step(admin, { action: 'check', passed: true, note: '现场核查通过' });
  await step(admin, { action: 'close', note: '结案' });

  const closed = await call<Array<{ status: string; status_notes: string; agency_responsible: string }>>((cb) => client.serviceRequests(id, cb));
  assert.deepEqual([closed[0].status, closed[0].status_notes, closed[0].agency_responsible], ['closed', '结案', '住房和城乡建设局']);
  const closedList = await call<Array<{ service_request_id: string }>>((cb) => client.serviceRequests({ status: 'closed' }, cb));
  assert.deepEqual(
    closedList.map((r) => r.service_request_id),
    [id],
  );
  console.log(`node-open311 0.0.12: discovery, services, definition, POST (request ${id}), the request open, then closed — all as expected`);
} finally {
  await app.close();
  await store.close();
}
