// The circle closes: a model discovered from a log is deployed in the engine, run, and the
// engine's history is mined again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineStore } from '../engine/store.js';
import type { Store } from '../store/database.js';
import { dbTargets } from '../../test/support/db.js';
import { sharedData } from '../../test/support/shared-data.js';
import { bpmnXmlToPetriNet } from './conform/petri.js';
import { tokenReplay } from './conform/token-replay.js';
import { bpmnToXml, treeToBpmn } from './discover/bpmn.js';
import { discoverProcessTree } from './discover/inductive.js';
import { importXesFile } from './import/xes.js';
import { keepLifecycle, traceActivities } from './model.js';
import { engineLog } from './store.js';
import { variants } from './variants.js';

const targets = await dbTargets();

describe.each(targets)('mining the engine history on $name', (target) => {
  let store: Store;
  let xml: string;
  beforeAll(async () => {
    store = await target.open();
    const log = await importXesFile(sharedData('eventlogs', 'running-example.xes'));
    xml = bpmnToXml(treeToBpmn(discoverProcessTree(log), { processId: 'claims', name: 'Claims' }));
    const engine = new EngineStore(store.db);
    await engine.deploy(xml, { regionCode: '370883' });
    await engine.deploy(xml, { regionCode: '370881' });
    // default routes: examine thoroughly, no reinitiation, reject; one instance pays instead
    await engine.start('claims', { regionCode: '370883' });
    await engine.start('claims', { regionCode: '370883' });
    const model = treeToBpmn(discoverProcessTree(log), { processId: 'claims' });
    const pay = model.flows.find((f) => model.nodes.find((n) => n.id === f.target)?.name === 'pay compensation')!;
    const gateway = pay.source;
    await engine.start('claims', { regionCode: '370883', variables: { [`route_${gateway}`]: pay.id } });
    await engine.start('claims', { regionCode: '370881' });
  });
  afterAll(async () => {
    await store?.close();
  });

  it('reads one case per instance of the region subtree, activity steps with lifecycle', async () => {
    const log = await engineLog(store.db, { regionPrefix: '370883', processKey: 'claims' });
    expect(log.caseIds).toHaveLength(3);
    expect(log.lifecycleNames).toEqual(expect.arrayContaining(['start', 'complete']));
    const done = keepLifecycle(log, 'complete');
    const v = variants(done);
    expect(v.map((x) => x.count).sort()).toEqual([1, 2]);
    expect(traceActivities(done, 2)).toContain('pay compensation');
    expect(traceActivities(done, 0)).toContain('reject request');
    expect(traceActivities(done, 0)[0]).toBe('register request');
  });

  it('fits the model it was run from', async () => {
    const log = keepLifecycle(await engineLog(store.db, { processKey: 'claims' }), 'complete');
    expect(log.caseIds).toHaveLength(4);
    const r = tokenReplay(log, await bpmnXmlToPetriNet(xml));
    expect(r.fitness).toBe(1);
  });
});
