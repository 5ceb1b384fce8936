// Escalation events and event sub-processes, in memory (the dry-run engine); the durable
// engine runs the same table in events.store.test.ts.
import { describe, expect, it } from 'vitest';
import { importBpmn, validationExitCode } from './bpmn/import.js';
import { chain, definitions, flow, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';

const esc = (code: string) => `<escalation id="esc-${code}" escalationCode="${code}"/>`;
const p = (body: string, ...roots: string[]) => definitions(processXml('p', body), ...roots);
const timer = (d: string) => `<timerEventDefinition><timeDuration>${d}</timeDuration></timerEventDefinition>`;

describe('escalation events', () => {
  // A sub-process whose inner task may escalate "late"; the boundary on the sub-process catches it.
  const model = (cancel: boolean, thrower: 'end' | 'throw') =>
    p(
      `<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="work"/>` +
        (thrower === 'end'
          ? `<endEvent id="raise"><escalationEventDefinition escalationRef="esc-late"/></endEvent>${chain('ss', 'work', 'raise')}`
          : `<intermediateThrowEvent id="raise"><escalationEventDefinition escalationRef="esc-late"/></intermediateThrowEvent><userTask id="more"/><endEvent id="se"/>${chain('ss', 'work', 'raise', 'more', 'se')}`) +
        `</subProcess><boundaryEvent id="caught" attachedToRef="sub" cancelActivity="${cancel}"><escalationEventDefinition escalationRef="esc-late"/></boundaryEvent>` +
        `<userTask id="supervise"/><userTask id="after"/><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'sub', 'after', 'e')}${chain('caught', 'supervise', 'e2')}`,
      esc('late'),
    );

  it.each([
    // [thrower, interrupting, open tasks after the throw, sub-process terminated]
    ['end', true, ['supervise'], true],
    ['end', false, ['after', 'supervise'], false],
    ['throw', true, ['supervise'], true],
    ['throw', false, ['more', 'supervise'], false],
  ] as const)('an escalation %s event, caught by an interrupting=%s boundary event: open tasks %j', async (thrower, cancel, open, terminated) => {
    const h = await Harness.of(model(cancel, thrower));
    const id = h.start();
    h.complete('work');
    expect(h.tasks(id)).toEqual([...open]);
    expect(h.terminated(id).includes('sub')).toBe(terminated);
    expect(h.events(id, 'escalation.thrown')).toMatchObject([{ elementId: 'raise', data: { escalationCode: 'late' } }]);
    for (let n = 0; h.tasks(id).length && n < 10; n++) h.complete(h.tasks(id)[0]);
    expect(h.status(id)).toBe('completed');
  });

  it('a boundary event without a code catches every escalation; one with the code wins over it', async () => {
    const xml = p(
      `<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><endEvent id="raise"><escalationEventDefinition escalationRef="esc-late"/></endEvent>${chain('ss', 'raise')}</subProcess>` +
        `<boundaryEvent id="any" attachedToRef="sub"><escalationEventDefinition/></boundaryEvent><boundaryEvent id="exact" attachedToRef="sub"><escalationEventDefinition escalationRef="esc-late"/></boundaryEvent>` +
        `<userTask id="a"/><userTask id="b"/>${chain('s', 'sub')}${chain('any', 'a')}${chain('exact', 'b')}`,
      esc('late'),
    );
    const h = await Harness.of(xml);
    h.start();
    expect(h.tasks()).toEqual(['b']);
  });

  it('an escalation code caught nowhere is refused at deployment by element id', async () => {
    const r = await importBpmn(p(`<startEvent id="s"/><endEvent id="raise"><escalationEventDefinition escalationRef="esc-late"/></endEvent>${chain('s', 'raise')}`, esc('late')));
    expect(validationExitCode(r.validation)).toBe(3);
    expect(r.validation.unsupported).toMatchObject([{ id: 'raise', reason: expect.stringMatching(/caught nowhere/), hint: expect.stringMatching(/boundary event/) }]);
  });

  it('thrown where no catch encloses it, an escalation is an incident on the thrower', async () => {
    // The catch exists in the file (so it deploys) but not around this throw.
    const xml = p(
      `<startEvent id="s"/><parallelGateway id="f"/><endEvent id="raise"><escalationEventDefinition escalationRef="esc-late"/></endEvent><subProcess id="sub"><startEvent id="ss"/><userTask id="w"/>${chain('ss', 'w')}</subProcess>` +
        `<boundaryEvent id="b" attachedToRef="sub"><escalationEventDefinition escalationRef="esc-late"/></boundaryEvent><endEvent id="be"/>${chain('s', 'f')}${flow('f', 'raise')}${flow('f', 'sub')}${chain('b', 'be')}`,
      esc('late'),
    );
    const h = await Harness.of(xml);
    h.start();
    expect([...h.engine.incidents.values()]).toMatchObject([{ elementId: 'raise', message: expect.stringMatching(/escalation late is not caught/) }]);
  });
});

describe('event sub-processes', () => {
  // The permit with a withdrawal: a message "withdraw" (correlated by application number) ends it, whatever it is doing.
  const withEvent = (start: string, interrupting: boolean, roots: string[] = []) =>
    p(
      `<startEvent id="s"/><userTask id="review"/><userTask id="decide"/><endEvent id="e"/>${chain('s', 'review', 'decide', 'e')}` +
        `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="${interrupting}">${start}</startEvent><userTask id="handle"/><endEvent id="ee"/>${chain('es', 'handle', 'ee')}</subProcess>`,
      ...roots,
    );
  const message = `<messageEventDefinition messageRef="m-withdraw" zaizao:correlationKey="= applicationNo"/>`;
  const msgRoot = `<message id="m-withdraw" name="withdraw"/>`;

  it.each([
    // [started by, interrupting, open tasks after it starts]
    ['message', true, ['handle']],
    ['message', false, ['handle', 'review']],
    ['timer', true, ['handle']],
    ['timer', false, ['handle', 'review']],
  ] as const)('started by a %s, interrupting=%s: open tasks %j; the instance ends when everything left is done', async (kind, interrupting, open) => {
    const h = await Harness.of(withEvent(kind === 'message' ? message : timer('PT1H'), interrupting, [msgRoot]));
    const id = h.start('p', { applicationNo: 'A-1' });
    expect(h.tasks(id)).toEqual(['review']);
    if (kind === 'message') expect(h.engine.correlate('withdraw', 'A-1', { reason: 'moved away' })).toEqual([id]);
    else await h.advance(new Date(h.engine.now.getTime() + 3600_000));
    expect(h.tasks(id)).toEqual([...open]);
    if (kind === 'message') expect(h.vars(id).reason).toBe('moved away');
    for (const t of open) h.complete(t);
    if (!interrupting) {
      expect(h.tasks(id)).toEqual(['decide']);
      h.complete('decide');
    }
    expect(h.status(id)).toBe('completed');
    expect(h.engine.subscriptions.size + h.engine.jobs.size).toBe(0);
  });

  it('a non-interrupting message start keeps listening: two withdrawals start two handlers', async () => {
    const h = await Harness.of(withEvent(message, false, [msgRoot]));
    const id = h.start('p', { applicationNo: 'A-1' });
    h.engine.correlate('withdraw', 'A-1');
    h.engine.correlate('withdraw', 'A-1');
    expect(h.tasks(id)).toEqual(['handle', 'handle', 'review']);
  });

  it('a message start whose correlation key cannot be computed is an incident; resolving arms it', async () => {
    const h = await Harness.of(withEvent(message, true, [msgRoot]));
    const id = h.start();
    const [incident] = [...h.engine.incidents.values()];
    expect(incident).toMatchObject({ elementId: 'es', message: expect.stringMatching(/correlation key/) });
    expect(h.tasks(id)).toEqual(['review']);
    h.engine.resolveIncident(incident.id, { applicationNo: 'A-9' });
    expect(h.engine.subscriptions.size).toBe(1);
    expect(h.tasks(id)).toEqual(['review']);
    h.engine.correlate('withdraw', 'A-9');
    expect(h.tasks(id)).toEqual(['handle']);
  });

  it('when the process ends normally its event sub-processes stop listening, and leave no history', async () => {
    const h = await Harness.of(withEvent(message, true, [msgRoot]));
    const id = h.start('p', { applicationNo: 'A-1' });
    expect(h.engine.subscriptions.size).toBe(1);
    h.complete('review');
    h.complete('decide');
    expect(h.status(id)).toBe('completed');
    expect(h.engine.subscriptions.size).toBe(0);
    expect(h.events(id).some((e) => e.elementId === 'es')).toBe(false);
    expect(h.engine.correlate('withdraw', 'A-1')).toEqual([]);
  });

  it.each([
    ['error', `<errorEventDefinition errorRef="err-x"/>`, `<endEvent id="fail"><errorEventDefinition errorRef="err-x"/></endEvent>`, `<error id="err-x" errorCode="X"/>`, true],
    ['escalation', `<escalationEventDefinition escalationRef="esc-x"/>`, `<endEvent id="fail"><escalationEventDefinition escalationRef="esc-x"/></endEvent>`, esc('x'), true],
    [
      'escalation',
      `<escalationEventDefinition escalationRef="esc-x"/>`,
      `<intermediateThrowEvent id="fail"><escalationEventDefinition escalationRef="esc-x"/></intermediateThrowEvent>`,
      esc('x'),
      false,
    ],
  ] as const)('started by an %s thrown in its scope', async (_kind, def, thrower, root, interrupting) => {
    const isThrow = thrower.startsWith('<intermediate');
    const xml = p(
      `<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="work"/>${thrower}${isThrow ? `<userTask id="next"/>${chain('ss', 'work', 'fail', 'next')}` : chain('ss', 'work', 'fail')}` +
        `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="${interrupting}">${def}</startEvent><userTask id="handle"/>${chain('es', 'handle')}</subProcess>` +
        `</subProcess><userTask id="after"/>${chain('s', 'sub', 'after')}`,
      root,
    );
    const h = await Harness.of(xml);
    const id = h.start();
    h.complete('work');
    expect(h.tasks(id)).toEqual(isThrow ? ['handle', 'next'] : ['handle']);
    h.complete('handle');
    if (isThrow) h.complete('next');
    expect(h.tasks(id)).toEqual(['after']);
  });

  it('an error thrown inside an event sub-process goes to the scope around it, not to itself', async () => {
    const xml = p(
      `<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="work"/><endEvent id="boom"><errorEventDefinition errorRef="err-z"/></endEvent>${chain('ss', 'work', 'boom')}` +
        `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es"><errorEventDefinition/></startEvent><endEvent id="again"><errorEventDefinition errorRef="err-y"/></endEvent>${chain('es', 'again')}</subProcess></subProcess>` +
        `<boundaryEvent id="outer" attachedToRef="sub"><errorEventDefinition errorRef="err-y"/></boundaryEvent><userTask id="rescue"/><userTask id="after"/>${chain('s', 'sub', 'after')}${chain('outer', 'rescue')}`,
      `<error id="err-z" errorCode="Z"/>`,
      `<error id="err-y" errorCode="Y"/>`,
    );
    const h = await Harness.of(xml);
    const id = h.start();
    h.complete('work');
    expect(h.count('es', 'element.completed', id)).toBe(1);
    expect(h.tasks(id)).toEqual(['rescue']);
    expect(h.engine.incidents.size).toBe(0);
  });

  it.each([
    ['a none start event in an event sub-process', `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es"/></subProcess>`, 1],
    [
      'an event sub-process with a sequence flow',
      `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></startEvent></subProcess><task id="t"/>${flow('esp', 't')}`,
      1,
    ],
    [
      'a non-interrupting error start',
      `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="false"><errorEventDefinition/></startEvent></subProcess>`,
      1,
    ],
    ['a signal start without a named signal', `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es"><signalEventDefinition/></startEvent></subProcess>`, 3],
    ['a compensation boundary event without a handler', `<boundaryEvent id="cb" attachedToRef="u"><compensateEventDefinition/></boundaryEvent>`, 3],
    [
      'a compensation start of an event sub-process',
      `<subProcess id="esp2" triggeredByEvent="true"><startEvent id="es2"><compensateEventDefinition/></startEvent></subProcess>`,
      3,
    ],
    ['a timer start event inside a sub-process', `<subProcess id="sp"><startEvent id="ts">${timer('PT1H')}</startEvent></subProcess>`, 1],
    ['a link catch event', `<intermediateCatchEvent id="lc"><linkEventDefinition name="l"/></intermediateCatchEvent>`, 3],
    ['a cancel end event', `<endEvent id="ce"><cancelEventDefinition/></endEvent>`, 3],
  ])('%s is refused at deployment', async (_what, extra, code) => {
    const r = await importBpmn(p(`<startEvent id="s"/><userTask id="u"/>${chain('s', 'u')}${extra}`));
    expect(validationExitCode(r.validation)).toBe(code);
  });
});

describe('signal-started event sub-processes', () => {
  // A policy change (a signal broadcast in the region) reaches every open application.
  const xml = (interrupting: boolean) =>
    definitions(
      processXml(
        'p',
        `<startEvent id="s"/><userTask id="review"/><endEvent id="e"/>${chain('s', 'review', 'e')}` +
          `<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="${interrupting}"><signalEventDefinition signalRef="sig"/></startEvent><userTask id="reassess"/><endEvent id="ee"/>${chain('es', 'reassess', 'ee')}</subProcess>`,
      ),
      `<signal id="sig" name="policy-changed"/>`,
    );

  it.each([
    // [interrupting, tasks of each instance after the signal, after a second signal]
    [true, ['reassess'], ['reassess']],
    [false, ['reassess', 'review'], ['reassess', 'reassess', 'review']],
  ] as const)('interrupting: %s — every open instance of the region starts it', async (interrupting, once, twice) => {
    const h = await Harness.of(xml(interrupting));
    const a = h.start();
    const b = h.start();
    expect(h.engine.signal('policy-changed', { policy: 'P-2' }).sort()).toEqual([a, b].sort());
    expect(h.tasks(a)).toEqual([...once]);
    expect(h.tasks(b)).toEqual([...once]);
    expect(h.vars(a).policy).toBe('P-2');
    h.engine.signal('policy-changed');
    expect(h.tasks(a)).toEqual([...twice]);
  });
});

describe('send tasks', () => {
  const xml = definitions(
    processXml('applicant', `<startEvent id="s"/><sendTask id="pay" messageRef="m-paid" zaizao:correlationKey="= orderNo"/><endEvent id="e"/>${chain('s', 'pay', 'e')}`),
    processXml(
      'office',
      `<startEvent id="s2"/><receiveTask id="wait" messageRef="m-paid" zaizao:correlationKey="= orderNo"/><userTask id="issue"/>${chain('s2', 'wait', 'issue')}`,
    ),
    `<message id="m-paid" name="fee-paid"/>`,
  );

  it('publishes its message with its correlation key: the matching receive task goes on, the others keep waiting', async () => {
    const h = await Harness.of(xml);
    const mine = h.engine.start('office', { variables: { orderNo: 'O-1' } });
    const other = h.engine.start('office', { variables: { orderNo: 'O-2' } });
    const payer = h.engine.start('applicant', { variables: { orderNo: 'O-1', amount: 30 } });
    expect(h.status(payer)).toBe('completed');
    expect(h.tasks(mine)).toEqual(['issue']);
    expect(h.vars(mine).amount).toBe(30);
    expect(h.tasks(other)).toEqual([]);
    expect(h.events(payer, 'message.sent')).toMatchObject([{ elementId: 'pay', data: { messageName: 'fee-paid', correlationKey: 'O-1' } }]);
  });

  it('a send task without messageRef is not executable here, by element id', async () => {
    const r = await importBpmn(p(`<startEvent id="s"/><sendTask id="mail"/>${chain('s', 'mail')}`));
    expect(validationExitCode(r.validation)).toBe(3);
    expect(r.validation.unsupported).toMatchObject([{ id: 'mail', hint: expect.stringMatching(/messageRef/) }]);
  });
});

describe('signal events', () => {
  const sig = `<signal id="sig-closed" name="office-closed"/>`;
  const def = `<signalEventDefinition signalRef="sig-closed"/>`;
  const models = (cancel: boolean) =>
    definitions(
      processXml('waiter', `<startEvent id="w-s"/><intermediateCatchEvent id="w-catch">${def}</intermediateCatchEvent><userTask id="w-next"/>${chain('w-s', 'w-catch', 'w-next')}`),
      processXml(
        'worker',
        `<startEvent id="k-s"/><userTask id="k-work"/><boundaryEvent id="k-b" attachedToRef="k-work" cancelActivity="${cancel}">${def}</boundaryEvent><userTask id="k-notice"/><endEvent id="k-e"/>${chain('k-s', 'k-work', 'k-e')}${chain('k-b', 'k-notice')}`,
      ),
      processXml('started', `<startEvent id="st-s">${def}</startEvent><userTask id="st-task"/>${chain('st-s', 'st-task')}`),
      processXml(
        'thrower',
        `<startEvent id="t-s"/><intermediateThrowEvent id="t-throw">${def}</intermediateThrowEvent><endEvent id="t-e">${def}</endEvent>${chain('t-s', 't-throw', 't-e')}`,
      ),
      sig,
    );

  it.each([
    // [boundary interrupts, tasks of the worker after the signal]
    [true, ['k-notice']],
    [false, ['k-notice', 'k-work']],
  ] as const)('a thrown signal reaches every waiting catch event and boundary event (interrupting: %s), and starts the processes with a signal start', async (cancel, worker) => {
    const h = await Harness.of(models(cancel));
    const w1 = h.engine.start('waiter');
    const w2 = h.engine.start('waiter');
    const k = h.engine.start('worker');
    const t = h.engine.start('thrower');
    expect(h.status(t)).toBe('completed');
    expect(h.tasks(w1)).toEqual(['w-next']);
    expect(h.tasks(w2)).toEqual(['w-next']);
    // Thrown twice (the throw event and the end event): a non-interrupting boundary fires twice.
    expect(h.tasks(k)).toEqual(cancel ? [...worker] : ['k-notice', 'k-notice', 'k-work']);
    expect(h.events(t, 'signal.sent')).toHaveLength(2);
    // Each throw started the process with the signal start event.
    expect(h.engine.openTasks((x) => x.elementId === 'st-task')).toHaveLength(2);
  });

  it('a signal reaches only those waiting when it is thrown', async () => {
    const h = await Harness.of(models(true));
    expect(h.engine.signal('office-closed')).toHaveLength(1); // the signal start only
    const w = h.engine.start('waiter');
    expect(h.tasks(w)).toEqual([]);
    h.engine.signal('office-closed');
    expect(h.tasks(w)).toEqual(['w-next']);
  });

  it('a signal event without a named signal is not executable here, by element id', async () => {
    const r = await importBpmn(p(`<startEvent id="s"/><intermediateCatchEvent id="c"><signalEventDefinition/></intermediateCatchEvent>${chain('s', 'c')}`));
    expect(validationExitCode(r.validation)).toBe(3);
    expect(r.validation.unsupported).toMatchObject([{ id: 'c', reason: expect.stringMatching(/without a named signal/), hint: expect.stringMatching(/signalRef/) }]);
  });
});
