import { describe, expect, it } from 'vitest';
import { chain, definitions, flow, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';

const ut = (id: string, attrs = '') => `<userTask id="${id}"${attrs ? ` ${attrs}` : ''}/>`;
const p = (body: string) => definitions(processXml('p', body));

describe('exclusive gateway', () => {
  const xml = p(
    `<startEvent id="s"/><exclusiveGateway id="g" default="g-c"/>${ut('a')}${ut('b')}${ut('c')}<endEvent id="e"/>` +
      `${chain('s', 'g')}${flow('g', 'a', '= amount > 1000')}${flow('g', 'b', '= amount > 100')}${flow('g', 'c')}${flow('a', 'e')}${flow('b', 'e', undefined, 'b-e')}${flow('c', 'e', undefined, 'c-e')}`,
  );

  it('takes the first flow whose condition holds, in document order', async () => {
    const h = await Harness.of(xml);
    h.start('p', { amount: 5000 });
    expect(h.tasks()).toEqual(['a']);
  });

  it('takes the next matching flow when the first does not hold', async () => {
    const h = await Harness.of(xml);
    h.start('p', { amount: 500 });
    expect(h.tasks()).toEqual(['b']);
  });

  it('takes the default flow when no condition holds', async () => {
    const h = await Harness.of(xml);
    const id = h.start('p', { amount: 5 });
    expect(h.tasks()).toEqual(['c']);
    h.complete('c');
    expect(h.status(id)).toBe('completed');
  });

  it('raises an incident when nothing matches and there is no default; resolving with data continues', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><exclusiveGateway id="g"/>${ut('a')}<endEvent id="e"/>${chain('s', 'g')}${flow('g', 'a', '= ok = true')}${flow('g', 'e', '= ok = false')}${flow('a', 'e', undefined, 'a-e')}`,
      ),
    );
    const id = h.start('p', {});
    expect(h.tasks()).toEqual([]);
    const [incident] = [...h.engine.incidents.values()];
    expect(incident).toMatchObject({ elementId: 'g', instanceId: id });
    expect(incident.message).toMatch(/no outgoing flow/);
    h.engine.resolveIncident(incident.id, { ok: true });
    expect(h.engine.incidents.size).toBe(0);
    expect(h.tasks()).toEqual(['a']);
  });

  it('as a merge passes every token through without waiting', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><exclusiveGateway id="m"/>${ut('a')}<endEvent id="e"/>${chain('s', 'f')}${flow('f', 'm')}${flow('f', 'm', undefined, 'f-m2')}${chain('m', 'a', 'e')}`,
      ),
    );
    const id = h.start();
    expect(h.tasks()).toEqual(['a', 'a']);
    h.complete('a');
    expect(h.status(id)).toBe('active');
    h.complete('a');
    expect(h.status(id)).toBe('completed');
  });

  it('loops back until the condition lets the token out', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('review')}<exclusiveGateway id="g" default="g-e"/><endEvent id="e"/>${chain('s', 'review', 'g')}${flow('g', 'review', '= approved = false', 'again')}${flow('g', 'e')}`,
      ),
    );
    const id = h.start();
    h.complete('review', { approved: false });
    h.complete('review', { approved: false });
    h.complete('review', { approved: true });
    expect(h.status(id)).toBe('completed');
    expect(h.count('review')).toBe(3);
  });
});

describe('parallel gateway', () => {
  const xml = p(
    `<startEvent id="s"/><parallelGateway id="f"/>${ut('a')}${ut('b')}${ut('c')}<parallelGateway id="j"/>${ut('after')}<endEvent id="e"/>${chain('s', 'f')}${flow('f', 'a')}${flow('f', 'b')}${flow('f', 'c')}${flow('a', 'j')}${flow('b', 'j')}${flow('c', 'j')}${chain('j', 'after', 'e')}`,
  );

  it('splits into every outgoing flow', async () => {
    const h = await Harness.of(xml);
    h.start();
    expect(h.tasks()).toEqual(['a', 'b', 'c']);
  });

  it('joins only when every incoming flow has a token', async () => {
    const h = await Harness.of(xml);
    h.start();
    h.complete('b');
    h.complete('a');
    expect(h.tasks()).toEqual(['c']);
    h.complete('c');
    expect(h.tasks()).toEqual(['after']);
    expect(h.count('j')).toBe(1);
  });

  it('split then exclusive merge gives one token per branch downstream', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><exclusiveGateway id="m"/>${ut('after')}<endEvent id="e"/>${chain('s', 'f')}${flow('f', 'm')}${flow('f', 'm', undefined, 'f-m-2')}${chain('m', 'after', 'e')}`,
      ),
    );
    h.start();
    expect(h.tasks()).toEqual(['after', 'after']);
  });

  it('a second round of tokens at a join waits for its own partners', async () => {
    // a loops twice before b arrives once: the join fires once per complete set
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/>${ut('a')}${ut('b')}<parallelGateway id="j"/>${ut('after')}<endEvent id="e"/>${chain('s', 'f')}${flow('f', 'a')}${flow('f', 'b')}${flow('a', 'j')}${flow('b', 'j')}${chain('j', 'after', 'e')}`,
      ),
    );
    const id = h.start();
    h.complete('a');
    expect(h.engine.instance(id).joins).toEqual({ '|j': ['a-j'] });
    h.complete('b');
    expect(h.tasks()).toEqual(['after']);
    expect(h.engine.instance(id).joins).toEqual({});
  });
});

describe('inclusive gateway', () => {
  const xml = p(
    `<startEvent id="s"/><inclusiveGateway id="split" default="split-c"/>${ut('a')}${ut('b')}${ut('c')}<inclusiveGateway id="join"/>${ut('after')}<endEvent id="e"/>` +
      `${chain('s', 'split')}${flow('split', 'a', '= fire')}${flow('split', 'b', '= police')}${flow('split', 'c')}${flow('a', 'join')}${flow('b', 'join')}${flow('c', 'join')}${chain('join', 'after', 'e')}`,
  );

  it('splits into every flow whose condition holds', async () => {
    const h = await Harness.of(xml);
    h.start('p', { fire: true, police: true });
    expect(h.tasks()).toEqual(['a', 'b']);
  });

  it('joins when the activated branches are done, not waiting for the branch never taken', async () => {
    const h = await Harness.of(xml);
    h.start('p', { fire: true, police: true });
    h.complete('a');
    expect(h.tasks()).toEqual(['b']);
    h.complete('b');
    expect(h.tasks()).toEqual(['after']);
  });

  it('with a single branch taken, joins right after it', async () => {
    const h = await Harness.of(xml);
    h.start('p', { fire: false, police: true });
    expect(h.tasks()).toEqual(['b']);
    h.complete('b');
    expect(h.tasks()).toEqual(['after']);
  });

  it('takes the default flow when no condition holds', async () => {
    const h = await Harness.of(xml);
    const id = h.start('p', { fire: false, police: false });
    expect(h.tasks()).toEqual(['c']);
    h.complete('c');
    h.complete('after');
    expect(h.status(id)).toBe('completed');
  });

  it('joins after a branch leaves the region by another path', async () => {
    // b may end the branch at its own end event instead of reaching the join
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><inclusiveGateway id="split"/>${ut('a')}${ut('b')}<exclusiveGateway id="x" default="x-join"/><endEvent id="side"/><inclusiveGateway id="join"/>${ut('after')}<endEvent id="e"/>` +
          `${chain('s', 'split')}${flow('split', 'a', '= true')}${flow('split', 'b', '= true')}${flow('a', 'join')}${chain('b', 'x')}${flow('x', 'side', '= stop')}${flow('x', 'join')}${chain('join', 'after', 'e')}`,
      ),
    );
    h.start();
    h.complete('a');
    expect(h.tasks()).toEqual(['b']);
    h.complete('b', { stop: true });
    expect(h.tasks()).toEqual(['after']);
  });

  it('waits for a token still inside an upstream sub-process', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><inclusiveGateway id="split"/>${ut('a')}<subProcess id="sp"><startEvent id="ss"/>${ut('inner')}<endEvent id="se"/>${chain('ss', 'inner', 'se')}</subProcess><inclusiveGateway id="join"/>${ut('after')}<endEvent id="e"/>` +
          `${chain('s', 'split')}${flow('split', 'a', '= true')}${flow('split', 'sp', '= true')}${flow('a', 'join')}${flow('sp', 'join')}${chain('join', 'after', 'e')}`,
      ),
    );
    h.start();
    h.complete('a');
    expect(h.tasks()).toEqual(['inner']);
    h.complete('inner');
    expect(h.tasks()).toEqual(['after']);
  });

  it('inclusive split with all conditions true followed by a parallel join', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><inclusiveGateway id="split"/>${ut('a')}${ut('b')}<parallelGateway id="join"/><endEvent id="e"/>${chain('s', 'split')}${flow('split', 'a', '= true')}${flow('split', 'b', '= 1 + 1 = 2')}${flow('a', 'join')}${flow('b', 'join')}${chain('join', 'e')}`,
      ),
    );
    const id = h.start();
    h.complete('a');
    h.complete('b');
    expect(h.status(id)).toBe('completed');
  });
});

describe('conditional flows leaving an activity', () => {
  it('takes unconditional flows always, conditional ones when they hold, default only otherwise', async () => {
    const xml = p(
      `<startEvent id="s"/><task id="t" default="t-c"/>${ut('a')}${ut('b')}${ut('c')}${chain('s', 't')}${flow('t', 'a')}${flow('t', 'b', '= urgent')}${flow('t', 'c')}`,
    );
    const h1 = await Harness.of(xml);
    h1.start('p', { urgent: true });
    expect(h1.tasks()).toEqual(['a', 'b']);
    const h2 = await Harness.of(xml);
    h2.start('p', { urgent: false });
    expect(h2.tasks()).toEqual(['a', 'c']);
  });
});

describe('event-based gateway', () => {
  const xml = definitions(
    `<message id="m" name="supplement-received"/>`,
    processXml(
      'p',
      `<startEvent id="s"/><eventBasedGateway id="g"/><intermediateCatchEvent id="msg"><messageEventDefinition messageRef="m" zaizao:correlationKey="= caseNo"/></intermediateCatchEvent>` +
        `<intermediateCatchEvent id="timeout"><timerEventDefinition zaizao:calendar="cn-workday"><timeDuration>P5D</timeDuration></timerEventDefinition></intermediateCatchEvent>` +
        `${ut('review')}<endEvent id="closed"/><endEvent id="e"/>${chain('s', 'g')}${flow('g', 'msg')}${flow('g', 'timeout')}${chain('msg', 'review', 'e')}${flow('timeout', 'closed')}`,
    ),
  );

  it('the message wins: the timer is withdrawn', async () => {
    const h = await Harness.of(xml);
    const id = h.start('p', { caseNo: 'A-1' });
    expect(h.engine.jobs.size).toBe(1);
    expect(h.engine.correlate('supplement-received', 'A-1', { pages: 3 })).toEqual([id]);
    expect(h.engine.jobs.size).toBe(0);
    expect(h.engine.subscriptions.size).toBe(0);
    expect(h.tasks()).toEqual(['review']);
    expect(h.vars(id).pages).toBe(3);
  });

  it('the timer wins after five working days: the subscription is withdrawn', async () => {
    const h = await Harness.of(xml);
    const id = h.start('p', { caseNo: 'A-1' });
    // 10-09, 10-10, Saturday 10-11 (make-up workday), 10-13, 10-14; at the close of office hours,
    // as a due date of five working days (it used to fire at the starting time of day, 10:00)
    expect(h.nextTimer()).toBe(new Date('2025-10-14T17:30:00+08:00').toISOString());
    await h.advance('2025-10-14T17:29:59+08:00');
    expect(h.status(id)).toBe('active');
    await h.advance('2025-10-14T17:30:00+08:00');
    expect(h.status(id)).toBe('completed');
    expect(h.completed(id)).toContain('closed');
    expect(h.engine.subscriptions.size).toBe(0);
    expect(h.engine.correlate('supplement-received', 'A-1')).toEqual([]);
  });
});
