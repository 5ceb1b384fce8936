import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { importBpmn } from './bpmn/import.js';
import { EngineStore } from './store.js';
import { chain, definitions, flow, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';

const p = (body: string) => definitions(processXml('p', body));
const countersign = (cardinality: string) =>
  p(
    `<startEvent id="s"/><userTask id="sign"><multiInstanceLoopCharacteristics><loopCardinality xsi:type="tFormalExpression">${cardinality}</loopCardinality></multiInstanceLoopCharacteristics></userTask><endEvent id="e"/>${chain('s', 'sign', 'e')}`,
  );
// a → b → a, neither waits: a token runs round for ever unless `stop` is true.
const spinning = p(
  `<startEvent id="s"/><userTask id="u"/><exclusiveGateway id="g" default="g-a"/><task id="a"/><endEvent id="e"/>${chain('s', 'u', 'g')}${flow('g', 'e', '= stop')}${flow('g', 'a')}${flow('a', 'g')}`,
);
const spinningAtStart = p(
  `<startEvent id="s"/><exclusiveGateway id="g" default="g-a"/><task id="a"/><userTask id="u"/>${chain('s', 'g')}${flow('g', 'u', '= stop')}${flow('g', 'a')}${flow('a', 'g')}`,
);

describe('bounds: a countersign', () => {
  it('whose cardinality comes from a variable over the bound waits with an incident on its element; nothing is allocated', async () => {
    const h = await Harness.of(countersign('= signers'));
    const id = h.start('p', { signers: 1_000_000_000 });
    expect(h.tasks()).toEqual([]);
    expect([...h.engine.incidents.values()]).toMatchObject([{ elementId: 'sign', message: expect.stringMatching(/at most 1000 instances/) }]);
    h.engine.resolveIncident([...h.engine.incidents.keys()][0], { signers: 2 });
    expect(h.tasks(id)).toEqual(['sign', 'sign']);
  });

  it('just over the bound is refused too, exactly at it runs', async () => {
    const over = await Harness.of(countersign('= signers'));
    over.start('p', { signers: 1001 });
    expect(over.tasks()).toEqual([]);
    expect(over.engine.incidents.size).toBe(1);
    const at = await Harness.of(countersign('= signers'));
    at.start('p', { signers: 1000 });
    expect(at.tasks()).toHaveLength(1000);
  });

  it('over a collection longer than the bound is an incident', async () => {
    const h = await Harness.of(
      p(`<startEvent id="s"/><userTask id="sign"><multiInstanceLoopCharacteristics zaizao:collection="= depts" zaizao:elementVariable="d"/></userTask>${chain('s', 'sign')}`),
    );
    h.start('p', { depts: Array.from({ length: 1001 }, (_, i) => `d${i}`) });
    expect([...h.engine.incidents.values()].map((i) => i.elementId)).toEqual(['sign']);
  });

  it('the bound is configurable', async () => {
    const h = await Harness.of(countersign('= signers'), { maxMultiInstance: 2 });
    h.start('p', { signers: 3 });
    expect(h.engine.incidents.size).toBe(1);
  });

  it.each([['1000000000'], ['= 1000000000'], ['= 2 * 1000']])('with a literal cardinality %s is refused at deployment by element id', async (cardinality) => {
    const r = await importBpmn(countersign(cardinality));
    expect(r.validation.ok).toBe(false);
    expect(r.validation.errors).toEqual([]);
    expect(r.validation.unsupported).toMatchObject([{ id: 'sign', reason: expect.stringMatching(/exceeds the bound of 1000/) }]);
  });
});

describe('bounds: a model that loops without a wait state', () => {
  it('at the start: the instance waits at its start event with an incident; nothing of the loop is kept', async () => {
    const h = await Harness.of(spinningAtStart);
    const id = h.start();
    expect(h.status(id)).toBe('active');
    expect([...h.engine.incidents.values()]).toMatchObject([{ elementId: 's', message: expect.stringMatching(/more than 10000 element executions/) }]);
    expect(h.count('a', 'element.entered', id)).toBe(0);
    // Resolving with data that lets the token out runs the model.
    h.engine.resolveIncident([...h.engine.incidents.keys()][0], { stop: true });
    expect(h.tasks(id)).toEqual(['u']);
  });

  it('after a task: the completion stays done, the task waits with an incident; resolving delivers the completion again', async () => {
    const h = await Harness.of(spinning);
    const id = h.start();
    h.complete('u', { stop: false });
    expect(h.tasks(id)).toEqual([]);
    expect([...h.engine.incidents.values()]).toMatchObject([{ elementId: 'u' }]);
    expect(h.count('g', 'element.entered', id)).toBe(0);
    expect(h.vars(id)).toEqual({});
    const incident = [...h.engine.incidents.keys()][0];
    // Still looping: refused, and the incident stays open.
    expect(() => h.engine.resolveIncident(incident)).toThrow(/bound again/);
    expect(h.engine.incidents.size).toBe(1);
    // What the resolver corrects wins over the variables the completion delivers again.
    h.engine.resolveIncident(incident, { stop: true });
    expect(h.engine.incidents.size).toBe(0);
    expect(h.status(id)).toBe('completed');
    expect(h.count('u', 'task.completed', id)).toBe(1);
  });

  it('the step bound is configurable', async () => {
    const h = await Harness.of(spinningAtStart, { maxSteps: 50 });
    h.start();
    expect([...h.engine.incidents.values()][0].message).toMatch(/more than 50 element executions/);
  });
});

describe('bounds: timer cycles', () => {
  const cycle = (value: string) =>
    p(
      `<startEvent id="s"/><userTask id="u"/><boundaryEvent id="tick" attachedToRef="u" cancelActivity="false"><timerEventDefinition><timeCycle xsi:type="tFormalExpression">${value}</timeCycle></timerEventDefinition></boundaryEvent><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'u', 'e')}${chain('tick', 'e2')}`,
    );

  it.each([['R/PT0S'], ['R5/PT1S'], ['R/2025-10-01T09:00:00+08:00/PT30S']])('%s is refused at deployment by element id', async (value) => {
    const r = await importBpmn(cycle(value));
    expect(r.validation.unsupported).toMatchObject([{ id: 'tick', reason: expect.stringMatching(/more often than every 60 s/) }]);
  });

  it('R/PT1M deploys', async () => {
    expect((await importBpmn(cycle('R/PT1M'))).validation.ok).toBe(true);
  });

  it('a cycle computed by an expression below the minimum is an incident', async () => {
    const h = await Harness.of(cycle('= every'));
    h.start('p', { every: 'R/PT0S' });
    expect([...h.engine.incidents.values()]).toMatchObject([{ elementId: 'u', message: expect.stringMatching(/cycle "R\/PT0S"/) }]);
    expect(h.engine.jobs.size).toBe(0);
  });
});

const targets = await dbTargets();
describe.each(targets)('bounds on the durable engine ($name)', (target) => {
  let store: Store;
  let engine: EngineStore;
  const region = '370883';
  beforeAll(async () => {
    store = await target.open();
    engine = new EngineStore(store.db, { now: () => new Date('2025-09-30T10:00:00+08:00'), audit: false });
  });
  afterAll(async () => {
    await store.close();
  });

  it('a countersign of 1,000,000,000 signers starts with an incident, not a dead process', async () => {
    await engine.deploy(countersign('= signers').replace('id="p"', 'id="cs"'), { regionCode: region });
    const id = await engine.start('cs', { regionCode: region, variables: { signers: 1_000_000_000 } });
    expect((await engine.incidents({ regionPrefix: region })).filter((i) => i.instanceId === id).map((i) => i.elementId)).toEqual(['sign']);
    expect(await engine.openTasks(id)).toEqual([]);
  });

  it('a loop without a wait state: the start commits with an incident on the start event; a looping completion rolls back to an incident on the task', async () => {
    await engine.deploy(spinningAtStart.replace('id="p"', 'id="spin0"'), { regionCode: region });
    const id = await engine.start('spin0', { regionCode: region });
    const inst = await engine.instance(id);
    expect(inst!.state.status).toBe('active');
    expect((await engine.incidents({ regionPrefix: region })).filter((i) => i.instanceId === id).map((i) => i.elementId)).toEqual(['s']);
    expect((await engine.history({ instanceId: id })).some((e) => e.elementId === 'a')).toBe(false);

    await engine.deploy(spinning.replace('id="p"', 'id="spin1"'), { regionCode: region });
    const { id: id2, tasksCreated } = await engine.startWithTasks('spin1', { regionCode: region });
    await engine.completeTask(tasksCreated[0].id, { variables: {} });
    const incidents = (await engine.incidents({ regionPrefix: region })).filter((i) => i.instanceId === id2);
    expect(incidents.map((i) => i.elementId)).toEqual(['u']);
    expect((await engine.task(tasksCreated[0].id))!.status).toBe('completed');
    expect((await engine.history({ instanceId: id2 })).filter((e) => e.elementId === 'a')).toEqual([]);
    await expect(engine.resolveIncident(incidents[0].id, {})).rejects.toThrow(/bound again/);
    expect((await engine.incidents({ regionPrefix: region, status: 'open' })).filter((i) => i.instanceId === id2)).toHaveLength(1);
  });

  it('a timer cycle of zero is refused at deployment with its element id', async () => {
    const xml = p(
      `<startEvent id="s"/><userTask id="u"/><boundaryEvent id="tick" attachedToRef="u" cancelActivity="false"><timerEventDefinition><timeCycle xsi:type="tFormalExpression">R/PT0S</timeCycle></timerEventDefinition></boundaryEvent>${chain('s', 'u')}`,
    );
    await expect(engine.deploy(xml, { regionCode: region })).rejects.toMatchObject({ code: 'unsupported', details: { unsupported: [{ id: 'tick' }] } });
  });
});
