// Conditional events on process variables, in memory (the dry-run engine): start, intermediate
// catch, boundary (interrupting or not) and event sub-process start. Every command on an
// instance re-evaluates the conditions waiting in it; an event happens when its condition
// turns true. The durable engine runs the same cases in starts-conditions-compensation.store.test.ts.
import { describe, expect, it } from 'vitest';
import { importBpmn, validationExitCode } from './bpmn/import.js';
import { chain, definitions, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';

const cond = (c: string, language = '') =>
  `<conditionalEventDefinition><condition xsi:type="tFormalExpression"${language ? ` language="${language}"` : ''}>${c.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</condition></conditionalEventDefinition>`;
const p = (body: string) => definitions(processXml('p', body));

describe('conditional events', () => {
  it.each([
    // [variables at the start, variables the task "fill" completes with (null: not completed), tasks open then]
    [{ amount: 500 }, null, ['fill']],
    [{ amount: 500 }, { amount: 800 }, []],
    [{ amount: 500 }, { amount: 5000 }, ['review']],
    [{ amount: 5000 }, null, ['fill', 'review']],
  ])('an intermediate catch event waits until its condition holds (started with %j, fill completed with %j)', async (start, fill, open) => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><userTask id="fill"/><endEvent id="fe"/><intermediateCatchEvent id="big">${cond('= amount > 1000')}</intermediateCatchEvent><userTask id="review"/><endEvent id="e"/>${chain('s', 'f', 'fill', 'fe')}${chain('f', 'big', 'review', 'e')}`,
      ),
    );
    const id = h.start('p', start);
    if (fill) h.complete('fill', fill);
    expect(h.tasks(id)).toEqual(open);
    expect(h.status(id)).toBe('active');
  });

  it.each([
    // [interrupting, tasks open after a variable change makes the condition hold]
    [true, ['handle']],
    [false, ['handle', 'work']],
  ] as const)('a boundary event (interrupting: %s) fires when another path changes the variables', async (cancel, open) => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><userTask id="work"/><endEvent id="we"/><userTask id="update"/><endEvent id="ue"/>` +
          `<boundaryEvent id="urgent" attachedToRef="work" cancelActivity="${cancel}">${cond('= priority = "urgent"')}</boundaryEvent><userTask id="handle"/><endEvent id="he"/>` +
          `${chain('s', 'f', 'work', 'we')}${chain('f', 'update', 'ue')}${chain('urgent', 'handle', 'he')}`,
      ),
    );
    const id = h.start('p', { priority: 'normal' });
    expect(h.tasks(id)).toEqual(['update', 'work']);
    h.complete('update', { priority: 'urgent' });
    expect(h.tasks(id)).toEqual([...open]);
    expect(h.terminated(id).includes('work')).toBe(cancel);
  });

  it('a non-interrupting boundary event fires again only after its condition was false in between', async () => {
    // "update" is done again and again (a loop back to it); each completion sets `urgent`.
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><userTask id="work"/><endEvent id="we"/><userTask id="update"/><exclusiveGateway id="again"/>` +
          `<boundaryEvent id="urgent" attachedToRef="work" cancelActivity="false">${cond('= urgent')}</boundaryEvent><userTask id="handle"/><endEvent id="he"/>` +
          `${chain('s', 'f', 'work', 'we')}${chain('f', 'update', 'again', 'update')}${chain('urgent', 'handle', 'he')}`,
      ),
    );
    const id = h.start('p', { urgent: false });
    for (const urgent of [true, true, false, true]) h.complete('update', { urgent });
    expect(h.count('urgent', 'element.completed', id)).toBe(2);
    expect(h.tasks(id)).toEqual(['handle', 'handle', 'update', 'work']);
  });

  it.each([
    // [interrupting, tasks open after the applicant's data changes]
    [true, ['recheck']],
    [false, ['recheck', 'review']],
  ] as const)('an event sub-process (interrupting: %s) starts when its condition turns true', async (interrupting, open) => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/><userTask id="review"/><endEvent id="e"/><userTask id="update"/><endEvent id="ue"/>${chain('s', 'f', 'review', 'e')}${chain('f', 'update', 'ue')}` +
          `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="${interrupting}">${cond('= changed')}</startEvent><userTask id="recheck"/><endEvent id="ee"/>${chain('es', 'recheck', 'ee')}</subProcess>`,
      ),
    );
    const id = h.start('p', { changed: false });
    expect(h.tasks(id)).toEqual(['review', 'update']);
    h.complete('update', { changed: true });
    expect(h.tasks(id)).toEqual([...open]);
    h.complete('recheck');
    expect(h.status(id)).toBe(interrupting ? 'completed' : 'active');
  });

  it('a conditional start event starts the processes whose condition holds for the variables offered', async () => {
    const h = await Harness.of(
      definitions(
        processXml('subsidy', `<startEvent id="s">${cond('= age >= 60 and resident')}</startEvent><userTask id="grant"/>${chain('s', 'grant')}`),
        processXml('youth', `<startEvent id="y">${cond('= age < 35')}</startEvent><userTask id="train"/>${chain('y', 'train')}`),
      ),
    );
    expect(h.engine.startByConditions({ age: 72, resident: true }).instances).toHaveLength(1);
    expect(h.tasks()).toEqual(['grant']);
    expect(h.engine.startByConditions({ age: 20 }).instances).toHaveLength(1);
    expect(h.engine.startByConditions({ age: 50, resident: true }).instances).toEqual([]);
    expect(h.engine.startByConditions({ age: 'old' }).failed).toMatchObject([
      { processId: 'subsidy', elementId: 's' },
      { processId: 'youth', elementId: 'y' },
    ]);
  });

  it('a condition that cannot be evaluated is an incident on the element waiting for it; resolving it with data lets it fire', async () => {
    const h = await Harness.of(
      p(`<startEvent id="s"/><intermediateCatchEvent id="big">${cond('= amount > 1000')}</intermediateCatchEvent><userTask id="review"/>${chain('s', 'big', 'review')}`),
    );
    const id = h.start('p', { amount: 'lots' });
    const [incident] = h.engine.incidents.values();
    expect(incident).toMatchObject({ elementId: 'big' });
    h.engine.resolveIncident(incident.id, { amount: 2000 });
    expect(h.tasks(id)).toEqual(['review']);
  });

  it.each([
    ['a condition in XPath', cond('amount &gt; 1000', 'http://www.w3.org/1999/XPath'), /expression language/],
    ['an empty condition', cond(''), /without a condition/],
    ['a condition that does not parse', cond('= amount >'), /./],
  ])('%s is not executable here, by element id', async (_what, def, reason) => {
    const r = await importBpmn(p(`<startEvent id="s"/><intermediateCatchEvent id="c">${def}</intermediateCatchEvent>${chain('s', 'c')}`));
    expect(validationExitCode(r.validation)).toBe(3);
    expect(r.validation.unsupported).toContainEqual(expect.objectContaining({ id: 'c', reason: expect.stringMatching(reason) }));
  });
});

describe('conditional events and the step bound', () => {
  it('a loop through a conditional catch event whose condition holds is stopped by the step bound: an incident, never a hang', async () => {
    const h = await Harness.of(
      definitions(
        processXml(
          'p',
          `<startEvent id="s"/><userTask id="go"/><exclusiveGateway id="g"/><intermediateCatchEvent id="c">${cond('= true')}</intermediateCatchEvent>${chain('s', 'go', 'g', 'c', 'g')}`,
        ),
      ),
      { maxSteps: 200 },
    );
    const id = h.start();
    h.complete('go');
    expect([...h.engine.incidents.values()]).toMatchObject([{ elementId: 'go', message: expect.stringMatching(/more than 200 element executions/) }]);
    expect(h.status(id)).toBe('active');
  });
});
