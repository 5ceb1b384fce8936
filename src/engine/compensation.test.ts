// Compensation, in memory (the dry-run engine): compensation boundary events with their
// handlers (isForCompensation), compensated by intermediate throw and end events — for one
// activity (activityRef) or for every completed activity of the scope, latest first. The
// durable engine runs the withdrawal case in starts-conditions-compensation.store.test.ts.
import { describe, expect, it } from 'vitest';
import { importBpmn, validationExitCode } from './bpmn/import.js';
import { chain, definitions, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';

const compensate = (ref?: string) => `<compensateEventDefinition${ref ? ` activityRef="${ref}"` : ''}/>`;
/** An activity with a compensation boundary event and its handler, linked by an association. */
const undoable = (id: string, handler: string, kind = 'task') =>
  `<${kind} id="${id}"/><boundaryEvent id="${id}-c" attachedToRef="${id}">${compensate()}</boundaryEvent><userTask id="${handler}" isForCompensation="true"/><association id="${id}-a" sourceRef="${id}-c" targetRef="${handler}"/>`;
const p = (body: string) => definitions(processXml('p', body));

describe('compensation', () => {
  it.each([
    // [throw, handlers run, in order]
    ['every completed activity of the scope', compensate(), ['refund', 'unregister']],
    ['one activity (activityRef)', compensate('book'), ['refund']],
    ['an activity that has not completed', compensate('notify'), []],
  ])('a compensation throw event for %s runs the handlers latest first, then goes on', async (_what, def, handlers) => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${undoable('register', 'unregister')}${undoable('book', 'refund')}${undoable('notify', 'unnotify')}<intermediateThrowEvent id="undo">${def}</intermediateThrowEvent><userTask id="after"/><endEvent id="e"/>${chain('s', 'register', 'book', 'undo', 'after', 'e')}<endEvent id="never"/>${chain('notify', 'never')}`,
      ),
    );
    const id = h.start();
    const done: string[] = [];
    for (let i = 0; i < 5 && !h.tasks(id).includes('after'); i++) {
      const [t] = h.tasks(id);
      done.push(t);
      h.complete(t);
    }
    expect(done).toEqual(handlers);
    expect(h.events(id, 'compensation.thrown')).toMatchObject([{ elementId: 'undo', data: { activities: handlers.map((x) => ({ refund: 'book', unregister: 'register' })[x]) } }]);
    h.complete('after');
    expect(h.status(id)).toBe('completed');
  });

  it('a withdrawal undoes the fee booking: an interrupting message event sub-process throws compensation for the process', async () => {
    const h = await Harness.of(
      definitions(
        processXml(
          'permit',
          `<startEvent id="s"/><serviceTask id="book-fee" zaizao:type="fee"/><boundaryEvent id="book-fee-c" attachedToRef="book-fee">${compensate()}</boundaryEvent><serviceTask id="refund-fee" zaizao:type="refund" isForCompensation="true"/><association id="a" sourceRef="book-fee-c" targetRef="refund-fee"/>` +
            `<userTask id="review"/><endEvent id="e"/>${chain('s', 'book-fee', 'review', 'e')}` +
            `<subProcess id="withdrawal" triggeredByEvent="true"><startEvent id="ws"><messageEventDefinition messageRef="m" zaizao:correlationKey="= applicationNo"/></startEvent><endEvent id="undone">${compensate()}</endEvent>${chain('ws', 'undone')}</subProcess>`,
        ),
        `<message id="m" name="withdraw"/>`,
      ),
      { handlers: { fee: () => ({ feeBooked: true }), refund: () => ({ feeBooked: false }) } },
    );
    const id = h.engine.start('permit', { variables: { applicationNo: 'A-1' } });
    await h.runJobs();
    expect(h.vars(id).feeBooked).toBe(true);
    h.engine.correlate('withdraw', 'A-1');
    expect(h.tasks(id)).toEqual([]);
    await h.runJobs();
    expect(h.vars(id).feeBooked).toBe(false);
    expect(h.status(id)).toBe('completed');
    expect(h.completed(id).slice(-3)).toEqual(['refund-fee', 'undone', 'withdrawal']);
  });

  it('a completed sub-process hands what completed inside it to its scope: compensated from there, latest first', async () => {
    const inner = (id: string) =>
      `<subProcess id="${id}"><startEvent id="${id}-s"/>${undoable(`${id}-pay`, `${id}-repay`)}<endEvent id="${id}-e"/>${chain(`${id}-s`, `${id}-pay`, `${id}-e`)}</subProcess>`;
    const h = await Harness.of(p(`<startEvent id="s"/>${inner('one')}${inner('two')}<endEvent id="undo">${compensate()}</endEvent>${chain('s', 'one', 'two', 'undo')}`));
    const id = h.start();
    expect(h.tasks(id)).toEqual(['two-repay']);
    h.complete('two-repay');
    expect(h.tasks(id)).toEqual(['one-repay']);
    h.complete('one-repay');
    expect(h.status(id)).toBe('completed');
  });

  it.each([
    ['a compensation boundary event without a handler', `<task id="t"/><boundaryEvent id="c" attachedToRef="t">${compensate()}</boundaryEvent>`, 'c', /without a handler/],
    [
      'a handler not marked isForCompensation',
      `<task id="t"/><boundaryEvent id="c" attachedToRef="t">${compensate()}</boundaryEvent><task id="h"/><association id="a" sourceRef="c" targetRef="h"/>`,
      'c',
      /isForCompensation/,
    ],
    [
      'a handler with sequence flows',
      `<task id="t"/><boundaryEvent id="c" attachedToRef="t">${compensate()}</boundaryEvent><task id="h" isForCompensation="true"/><association id="a" sourceRef="c" targetRef="h"/><endEvent id="he"/><sequenceFlow id="f" sourceRef="h" targetRef="he"/>`,
      'h',
      /sequence flows/,
    ],
    ['a compensation start event', `<subProcess id="esp" triggeredByEvent="true"><startEvent id="cs">${compensate()}</startEvent></subProcess>`, 'cs', /Compensate/],
  ])('%s is not executable here, by element id', async (_what, extra, id, reason) => {
    const r = await importBpmn(p(`<startEvent id="s"/><userTask id="u"/>${chain('s', 'u')}${extra}`));
    expect(validationExitCode(r.validation)).toBe(3);
    expect(r.validation.unsupported).toContainEqual(expect.objectContaining({ id, reason: expect.stringMatching(reason) }));
  });
});
