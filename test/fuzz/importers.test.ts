// Property-based fuzzing of every importer and of the JSON bodies of every HTTP route:
// catalogue xlsx/CSV/JSON/YAML, BPMN, XES/XES.gz/CSV event logs. Inputs are real files
// mutated (truncated, bytes flipped, hostile text inserted: entities, deep nesting, huge
// strings, days that do not exist, invalid UTF-8, alias and zip bombs) and arbitrary JSON.
// Every answer must be a success or a clear error — 4xx in the error shape — never a 5xx or
// a crash, and a refused request must leave the database as it was. The budget is fixed
// (seeded runs, counted inputs) so the file runs in well under a minute on two cores; the
// figures are printed at the end and recorded in docs/security.md.
import fs from 'node:fs';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';
import { sharedData } from '../support/shared-data.js';
import { zip } from '../support/zip.js';
import { runZaizao } from '../support/cli.js';
import { seedDemoCatalogue, loadCatalogue } from '../../src/catalogue/store.js';
import { writeCatalogue } from '../../src/catalogue/files/index.js';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import { chain, definitions, processXml } from '../../src/engine/testing/bpmn.js';

const [target] = await dbTargets(); // parsing and bounds do not depend on the database kind
const SEED = 20261206;

/** Text that has broken importers elsewhere, inserted at a random place. */
const HOSTILE: Array<string | Buffer> = [
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
  '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>&c;',
  '&undefined;',
  '&#0;&#xFFFF;',
  '['.repeat(20_000),
  '<a>'.repeat(20_000),
  '{"a":'.repeat(5_000),
  '- '.repeat(5_000),
  'x'.repeat(300_000),
  '"'.repeat(1_000),
  '2025-02-30',
  '2025-02-30T10:00:00.000+08:00',
  '99999999999999999999',
  '-1e309',
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
  '*undefinedAlias',
  '\u0000\u0001\u001b[2J',
  '=cmd|"/c calc"!A1',
  '\r\n[matters]\r\n',
  ',,,,,,,,,,,,,,,,,,,,',
  '</log></trace><event>',
  '<![CDATA[',
  Buffer.from([0xff, 0xfe, 0xc3]),
  Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: not UTF-8
  Buffer.from([0x1f, 0x8b, 0x08, 0x00]),
];

type Mutation =
  { kind: 'truncate'; at: number } | { kind: 'flip'; at: number; byte: number } | { kind: 'insert'; at: number; what: number } | { kind: 'repeat'; at: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), what: fc.nat({ max: HOSTILE.length - 1 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), times: fc.integer({ min: 2, max: 50 }) }),
);

function mutate(input: Buffer, m: Mutation): Buffer {
  const at = Math.min(input.length, Math.floor(m.at * input.length));
  switch (m.kind) {
    case 'truncate':
      return input.subarray(0, at);
    case 'flip': {
      const out = Buffer.from(input);
      if (at < out.length) out[at] = m.byte;
      return out;
    }
    case 'insert': {
      const what = HOSTILE[m.what];
      return Buffer.concat([input.subarray(0, at), typeof what === 'string' ? Buffer.from(what) : what, input.subarray(at)]);
    }
    case 'repeat': {
      const line = input.subarray(at, Math.min(input.length, at + 200));
      return Buffer.concat([input.subarray(0, at), ...Array(m.times).fill(line), input.subarray(at)]);
    }
  }
}

interface Figures {
  inputs: number;
  accepted: number;
  clearErrors: number;
  serverErrors: number;
  crashes: number;
  partialWrites: number;
}
const figures = new Map<string, Figures>();
const tally = (area: string): Figures => {
  let f = figures.get(area);
  if (!f) figures.set(area, (f = { inputs: 0, accepted: 0, clearErrors: 0, serverErrors: 0, crashes: 0, partialWrites: 0 }));
  return f;
};

const ERROR_SHAPE = (body: unknown): boolean => {
  const e = (body as { error?: { code?: unknown; message?: { zh?: unknown; en?: unknown } } } | null)?.error;
  return typeof e?.code === 'string' && typeof e.message?.zh === 'string' && typeof e.message?.en === 'string';
};

describe('fuzzing the importers', () => {
  let t: TestApp;
  let reform: Client;
  let failures: string[] = [];

  /**
   * Rows in every table an import or a command writes, the newest audit row and the matters'
   * version pointers: a refused request must change none of them.
   */
  const TABLES = ['matters', 'matter_versions', 'mining_logs', 'engine_deployments', 'audit_log', 'departments', 'ledger_items', 'bundles'];
  const fingerprint = async (): Promise<string> => {
    const { rows } = await sql<Record<string, number>>`select ${sql.raw(
      [
        ...TABLES.map((table) => `(select count(*) from ${table}) as ${table}`),
        '(select coalesce(max(id), 0) from audit_log) as last_audit',
        '(select coalesce(sum(latest_version), 0) from matters) as versions',
      ].join(', '),
    )}`.execute(t.store.db);
    return JSON.stringify(rows[0]);
  };

  /** Sends one request and classifies the answer; returns false for a 5xx, a crash, a bad error body or a partial write. */
  /** Open311 GeoReport v2 answers errors in its own shape: [{ code, description }]. */
  const OPEN311_ERROR_SHAPE = (body: unknown) =>
    Array.isArray(body) &&
    body.length > 0 &&
    body.every(
      (e) => typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'number' && typeof (e as { description?: unknown }).description === 'string',
    );
  // Open311's .xml routes answer their errors in XML (<errors><error><code>…</code><description>…</description></error></errors>).
  const OPEN311_XML_ERROR = (text: string) =>
    /^<\?xml[^>]*>\s*<errors>(\s*<error>\s*<code>\d+<\/code>\s*<description>[^<]*<\/description>\s*<\/error>)+\s*<\/errors>\s*$/.test(text);
  const probe = async (
    area: string,
    send: () => Promise<{ statusCode: number; body: string }>,
    okStatuses: number[],
    errorShape: (body: unknown) => boolean = ERROR_SHAPE,
  ): Promise<boolean> => {
    const f = tally(area);
    f.inputs++;
    const before = await fingerprint();
    let res: { statusCode: number; body: string };
    try {
      res = await send();
    } catch (err) {
      f.crashes++;
      failures.push(`${area}: crashed: ${(err as Error).message}`);
      return false;
    }
    if (res.statusCode >= 500) {
      f.serverErrors++;
      failures.push(`${area}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return false;
    }
    if (okStatuses.includes(res.statusCode)) {
      f.accepted++;
      return true;
    }
    let body: unknown = null;
    try {
      body = JSON.parse(res.body);
    } catch {
      /* not JSON: reported below */
    }
    if (!errorShape(body) && !(errorShape === OPEN311_ERROR_SHAPE && OPEN311_XML_ERROR(res.body))) {
      f.serverErrors++;
      failures.push(`${area}: ${res.statusCode} without the error shape: ${res.body.slice(0, 200)}`);
      return false;
    }
    f.clearErrors++;
    const after = await fingerprint();
    if (after !== before) {
      f.partialWrites++;
      failures.push(`${area}: ${res.statusCode} but the database changed: ${before} → ${after}`);
      return false;
    }
    return true;
  };

  // Bombs are built smaller than the default limits allow, under limits set small for the run.
  const LIMITS = { ZAIZAO_MAX_CATALOGUE_BYTES: String(8 * 1024 * 1024), ZAIZAO_MAX_LOG_BYTES: String(16 * 1024 * 1024) };
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, LIMITS);
    t = await openTestApp(target, { now: () => new Date('2026-03-02T10:00:00+08:00') });
    await seedDemoCatalogue(t.store.db);
    reform = await signInAs(t.app, 'reform');
  });
  beforeEach(() => {
    failures = [];
  });

  afterAll(async () => {
    const rows = [...figures].map(([area, f]) => ({ area, ...f }));
    const total = rows.reduce(
      (s, r) => ({
        inputs: s.inputs + r.inputs,
        accepted: s.accepted + r.accepted,
        clearErrors: s.clearErrors + r.clearErrors,
        serverErrors: s.serverErrors + r.serverErrors,
        crashes: s.crashes + r.crashes,
        partialWrites: s.partialWrites + r.partialWrites,
      }),
      { inputs: 0, accepted: 0, clearErrors: 0, serverErrors: 0, crashes: 0, partialWrites: 0 },
    );
    console.log(
      `fuzz figures (seed ${SEED}):\n${[...rows, { area: 'total', ...total }].map((r) => `  ${r.area.padEnd(22)} inputs ${String(r.inputs).padStart(4)}  accepted ${String(r.accepted).padStart(4)}  clear errors ${String(r.clearErrors).padStart(4)}  5xx ${r.serverErrors}  crashes ${r.crashes}  partial writes ${r.partialWrites}`).join('\n')}`,
    );
    await t?.close();
    for (const k of Object.keys(LIMITS)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it('answers every mutated catalogue file (xlsx, CSV, JSON, YAML) with a result or a clear error, writing nothing when refused', async () => {
    const cat = await loadCatalogue(t.store.db, SYSTEM_ACTOR);
    for (const format of ['xlsx', 'csv', 'json', 'yaml'] as const) {
      const file = await writeCatalogue(cat, format);
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
          const bytes = ms.reduce(mutate, file);
          return probe(
            `catalogue ${format}`,
            () => reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: `c.${format}`, content: bytes.toString('base64') } }),
            [200],
          );
        }),
        { numRuns: 12, seed: SEED, endOnFailure: true },
      );
    }
    // bombs built on purpose: an xlsx that unpacks past the limit, declared or not
    const huge = Buffer.alloc(32 * 1024 * 1024, 0x20);
    for (const bomb of [zip([{ name: 'xl/workbook.xml', data: huge }]), zip([{ name: 'xl/workbook.xml', data: huge, declaredSize: 10 }])]) {
      expect(
        await probe(
          'catalogue xlsx',
          () => reform.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'bomb.xlsx', content: bomb.toString('base64') } }),
          [],
        ),
      ).toBe(true);
    }
    expect(failures).toEqual([]);
  });

  it('answers every mutated event log (XES, XES.gz, CSV) with a stored log or a clear error, storing nothing when refused', async () => {
    const xes = fs.readFileSync(sharedData('eventlogs', 'running-example.xes'));
    const csv = Buffer.from(
      [
        'case,activity,timestamp,resource',
        ...Array.from({ length: 60 }, (_, i) => `c${i % 9},${['受理', '审查', '决定'][i % 3]},2025-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:15:00,r${i % 4}`),
      ].join('\n'),
    );
    const upload = (name: string, body: Buffer) =>
      reform.inject({ method: 'POST', url: `/api/mining/logs?fileName=${name}`, headers: { 'content-type': 'application/octet-stream' }, payload: body });
    for (const [name, base, gzip] of [
      ['l.xes', xes, false],
      ['l.xes.gz', xes, true],
      ['l.csv', csv, false],
    ] as const) {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
          const bytes = ms.reduce(mutate, base);
          return probe(`log ${name.slice(2)}`, () => upload(name, gzip ? zlib.gzipSync(bytes) : bytes), [201]);
        }),
        { numRuns: 10, seed: SEED, endOnFailure: true },
      );
      // the same bytes through the in-memory route the analyses use
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          const bytes = mutate(base, m);
          const log = name.endsWith('.csv')
            ? { format: 'csv', content: bytes.toString('utf8') }
            : { format: 'xes', encoding: 'base64', content: (gzip ? zlib.gzipSync(bytes) : bytes).toString('base64') };
          return probe(`log ${name.slice(2)} (summary)`, () => reform.inject({ method: 'POST', url: '/api/mining/summary', payload: { log } }), [200]);
        }),
        { numRuns: 4, seed: SEED, endOnFailure: true },
      );
    }
    // a gzip bomb: a log padded with 64 MB of spaces, a few dozen KB compressed
    const bomb = zlib.gzipSync(Buffer.concat([xes.subarray(0, xes.indexOf('<trace')), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from('</log>')]));
    expect(await probe('log xes.gz', () => upload('bomb.xes.gz', bomb), [])).toBe(true);
    expect(failures).toEqual([]);
  });

  it('answers every mutated BPMN model with a deployment or a clear error', async () => {
    const base = Buffer.from(
      definitions(
        processXml(
          'fuzz',
          `<startEvent id="s"/><userTask id="t" name="受理"/><intermediateCatchEvent id="wait"><timerEventDefinition><timeDate>2026-03-03T09:00:00+08:00</timeDate></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>${chain('s', 't', 'wait', 'e')}`,
        ),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        const xml = ms.reduce(mutate, base).toString('utf8');
        if (xml.length === 0) return true; // the schema's minLength, not a parser question
        return probe('bpmn', () => reform.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml } }), [201]);
      }),
      { numRuns: 30, seed: SEED, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });

  it('answers arbitrary and hostile JSON bodies on every route that takes one with a result or a clear error', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths)
      .flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => ['post', 'put', 'patch'].includes(m))
          .map((m) => ({ method: m.toUpperCase() as 'POST', path: p })),
      )
      .filter((r) => !r.path.startsWith('/api/auth/')) // signing out the fuzzing client would end the run
      .map((r) => ({ ...r, url: r.path.replace(/\{code\}/g, '370883-JS-001').replace(/\{[a-zA-Z]+\}/g, '1') }));
    expect(routes.length).toBeGreaterThan(15);
    const hostileBody = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
      fc
        .dictionary(
          fc.constantFrom('xml', 'log', 'matter', 'variables', 'name', 'content', 'fileName', 'stage', 'matters', 'status', 'format', 'processKey', 'note', 'dryRun'),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map((v) => JSON.stringify(v)),
      fc.constantFrom(
        `{"variables":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
        `{"name":${'['.repeat(20000)}${']'.repeat(20000)}}`,
        `{"name":"${'x'.repeat(900_000)}"}`,
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '{"id":99999999999999999999,"limit":1e400}',
        '{"name":"\\ud800"}',
        '{',
        'null',
        '[]',
        '"just a string"',
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileBody, async (route, payload) =>
        probe(
          `json ${route.method}`,
          () => reform.inject({ method: route.method, url: route.url, payload, headers: { 'content-type': 'application/json' } }),
          [200, 201, 204],
          route.path.startsWith('/open311/') ? OPEN311_ERROR_SHAPE : ERROR_SHAPE,
        ),
      ),
      { numRuns: 100, seed: SEED, endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });

  it('ends every hostile file on the command line with one line on stderr and a non-zero exit', async () => {
    const dir = fs.mkdtempSync(`${(await import('node:os')).tmpdir()}/zaizao-fuzz-`);
    // Three commands, one per parser family; the parsers themselves are fuzzed above through HTTP.
    const files: Array<[string, Buffer | string, string[]]> = [
      ['deep.json', `{"matters":${'['.repeat(20000)}${']'.repeat(20000)}}`, ['analyze']],
      ['bad-date.xes', fs.readFileSync(sharedData('eventlogs', 'running-example.xes'), 'utf8').replace('2010-12-30T14:32', '2010-02-30T14:32'), ['mine']],
      [
        'bad-date.bpmn',
        definitions(
          processXml(
            'p',
            `<startEvent id="s"><timerEventDefinition><timeDate>2025-02-30T09:00:00Z</timeDate></timerEventDefinition></startEvent><endEvent id="e"/>${chain('s', 'e')}`,
          ),
        ),
        ['bpmn', 'validate'],
      ],
    ];
    for (const [name, content, command] of files) {
      const file = `${dir}/${name}`;
      fs.writeFileSync(file, content);
      const f = tally('cli');
      f.inputs++;
      const out = await runZaizao([...command, file], { ZAIZAO_DATA: `${dir}/data`, ...LIMITS });
      const lines = out.stderr
        .trim()
        .split('\n')
        .filter((l) => l !== '');
      // bpmn validate reports on stdout and exits 1; everything else says why in one line on stderr
      if (out.code === 0 || out.code === null || lines.length > 1 || (lines.length === 0 && command[0] !== 'bpmn') || /at .*\.ts:\d+|RangeError|TypeError/.test(out.stderr)) {
        f.crashes++;
        failures.push(`cli ${name}: exit ${out.code}, stderr ${out.stderr.slice(0, 300)}`);
      } else f.clearErrors++;
    }
    expect(failures).toEqual([]);
  }, 90_000);
});
