import { describe, expect, it } from 'vitest';
import { chain, definitions, flow, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';

const p = (body: string) => definitions(processXml('p', body));

describe('incidents', () => {
  it('a user task whose candidates cannot be computed waits with an incident; resolving creates the task, it does not complete it', async () => {
    const h = await Harness.of(p(`<startEvent id="s"/><userTask id="u" zaizao:candidateDepartments="= owner.dept"/><endEvent id="e"/>${chain('s', 'u', 'e')}`));
    const id = h.start('p', { owner: { dept: { nested: true } } });
    const [incident] = [...h.engine.incidents.values()];
    expect(incident).toMatchObject({ elementId: 'u' });
    expect(h.tasks()).toEqual([]);
    h.engine.resolveIncident(incident.id, { owner: { dept: 'market' } });
    expect(h.status(id)).toBe('active');
    expect(h.engine.openTasks().map((t) => t.candidates.departments)).toEqual([['market']]);
    expect(h.events(id, 'incident.resolved')).toHaveLength(1);
  });

  it('a failure while leaving an activity retries the leaving once resolved, without redoing the activity', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><userTask id="u"/><userTask id="big"/><userTask id="small"/>${chain('s', 'u')}${flow('u', 'big', '= amount > 100')}${flow('u', 'small', '= amount <= 100')}`,
      ),
    );
    const id = h.start();
    h.complete('u', { amount: 'lots' });
    const [incident] = [...h.engine.incidents.values()];
    expect(incident.message).toMatch(/cannot compare/);
    h.engine.resolveIncident(incident.id, { amount: 500 });
    expect(h.tasks(id)).toEqual(['big']);
    expect(h.count('u', 'task.created', id)).toBe(1);
  });

  it('resolving an incident that is already resolved is a conflict', async () => {
    const h = await Harness.of(p(`<startEvent id="s"/><exclusiveGateway id="g"/><endEvent id="e"/>${chain('s', 'g')}${flow('g', 'e', '= go')}`));
    h.start();
    const [incident] = [...h.engine.incidents.values()];
    h.engine.resolveIncident(incident.id, { go: true });
    expect(() => h.engine.resolveIncident(incident.id)).toThrow(/not open/);
  });

  it('an incident on a terminated element is closed with it', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><exclusiveGateway id="g"/><userTask id="u"/><endEvent id="stop"><terminateEventDefinition/></endEvent><endEvent id="e"/>${chain('s', 'f')}${flow('f', 'g')}${flow('f', 'u')}${flow('g', 'e', '= go')}${chain('u', 'stop')}`,
      ),
    );
    const id = h.start();
    expect(h.engine.incidents.size).toBe(1);
    h.complete('u');
    expect(h.status(id)).toBe('completed');
    expect(h.engine.incidents.size).toBe(0);
  });
});

describe('more gateway combinations', () => {
  it('parallel split into an inclusive join waits for every branch', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><userTask id="a"/><userTask id="b"/><inclusiveGateway id="j"/><userTask id="after"/>${chain('s', 'f')}${flow('f', 'a')}${flow('f', 'b')}${flow('a', 'j')}${flow('b', 'j')}${chain('j', 'after')}`,
      ),
    );
    h.start();
    h.complete('b');
    expect(h.tasks()).toEqual(['a']);
    h.complete('a');
    expect(h.tasks()).toEqual(['after']);
  });

  it('exclusive split into an inclusive join passes the single token', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><exclusiveGateway id="x" default="x-b"/><userTask id="a"/><userTask id="b"/><inclusiveGateway id="j"/><userTask id="after"/>${chain('s', 'x')}${flow('x', 'a', '= left')}${flow('x', 'b')}${flow('a', 'j')}${flow('b', 'j')}${chain('j', 'after')}`,
      ),
    );
    h.start('p', { left: true });
    h.complete('a');
    expect(h.tasks()).toEqual(['after']);
  });

  it('nested inclusive blocks join in the right order', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><inclusiveGateway id="o1"/><inclusiveGateway id="i1"/><userTask id="a"/><userTask id="b"/><inclusiveGateway id="i2"/><userTask id="c"/><inclusiveGateway id="o2"/><userTask id="after"/>` +
          `${chain('s', 'o1')}${flow('o1', 'i1', '= true')}${flow('o1', 'c', '= true')}${flow('i1', 'a', '= true')}${flow('i1', 'b', '= true')}${flow('a', 'i2')}${flow('b', 'i2')}${flow('i2', 'o2')}${flow('c', 'o2')}${chain('o2', 'after')}`,
      ),
    );
    h.start();
    h.complete('c');
    h.complete('a');
    expect(h.tasks()).toEqual(['b']);
    h.complete('b');
    expect(h.tasks()).toEqual(['after']);
    expect(h.count('o2')).toBe(1);
  });
});
