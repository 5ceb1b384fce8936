import { describe, expect, it } from 'vitest';
import { chain, definitions, flow, processXml } from './testing/bpmn.js';
import { Harness } from './testing/harness.js';
import { BpmnError } from './memory.js';
import { ConflictError, InvalidInputError } from './errors.js';

const ut = (id: string, attrs = '', inner = '') => (inner ? `<userTask id="${id}" ${attrs}>${inner}</userTask>` : `<userTask id="${id}"${attrs ? ` ${attrs}` : ''}/>`);
const p = (body: string, ...roots: string[]) => definitions(...roots, processXml('p', body));
const timer = (kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string, cal = true) =>
  `<timerEventDefinition${cal ? ' zaizao:calendar="cn-workday"' : ''}><${kind}>${value}</${kind}></timerEventDefinition>`;
const mi = (attrs: string, completion?: string) =>
  `<multiInstanceLoopCharacteristics ${attrs}>${completion ? `<completionCondition xsi:type="tFormalExpression">${completion.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</completionCondition>` : ''}</multiInstanceLoopCharacteristics>`;

describe('boundary events', () => {
  it('an interrupting timer cancels the task and takes the boundary path', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('review')}<boundaryEvent id="late" attachedToRef="review">${timer('timeDuration', 'P2D')}</boundaryEvent>${ut('escalate')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'review', 'e')}${chain('late', 'escalate', 'e2')}`,
      ),
    );
    const id = h.start();
    await h.advance('2025-10-10T17:30:00+08:00');
    expect(h.tasks()).toEqual(['escalate']);
    expect(h.events(id, 'task.cancelled').map((e) => e.elementId)).toEqual(['review']);
    expect(h.terminated(id)).toEqual(['review']);
  });

  it('a non-interrupting timer warns before the limit while the task stays open', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('review')}<boundaryEvent id="warn" attachedToRef="review" cancelActivity="false">${timer('timeDuration', 'P1D')}</boundaryEvent>${ut('notice')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'review', 'e')}${chain('warn', 'notice', 'e2')}`,
      ),
    );
    const id = h.start();
    await h.advance('2025-10-09T17:29:59+08:00');
    expect(h.tasks()).toEqual(['review']);
    await h.advance('2025-10-09T17:30:00+08:00');
    expect(h.tasks()).toEqual(['notice', 'review']);
    h.complete('review');
    h.complete('notice');
    expect(h.status(id)).toBe('completed');
  });

  it('a promised limit escalates: warning at 4 working days, escalation when 5 are over', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('handle')}<boundaryEvent id="warn" attachedToRef="handle" cancelActivity="false">${timer('timeDuration', 'P4D')}</boundaryEvent><boundaryEvent id="overdue" attachedToRef="handle" cancelActivity="false">${timer('timeDuration', 'P5D')}</boundaryEvent>` +
          `<intermediateThrowEvent id="warned"/>${ut('supervise')}<endEvent id="e"/><endEvent id="e2"/><endEvent id="e3"/>${chain('s', 'handle', 'e')}${chain('warn', 'warned', 'e2')}${chain('overdue', 'supervise', 'e3')}`,
      ),
    );
    const id = h.start();
    // Both limits end when the office closes on their last working day, as a due date of P5D does.
    await h.advance('2025-10-13T17:30:00+08:00');
    expect(h.completed(id)).toContain('warned');
    expect(h.tasks()).toEqual(['handle']);
    await h.advance('2025-10-14T17:30:00+08:00');
    expect(h.tasks()).toEqual(['handle', 'supervise']);
    expect(h.events(id, 'timer.fired').map((e) => [e.data!.target, e.at])).toEqual([
      ['warn', new Date('2025-10-13T17:30:00+08:00').toISOString()],
      ['overdue', new Date('2025-10-14T17:30:00+08:00').toISOString()],
    ]);
  });

  it('a non-interrupting cycle R3/PT1H fires three times, then stops', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('review')}<boundaryEvent id="remind" attachedToRef="review" cancelActivity="false">${timer('timeCycle', 'R3/PT1H', false)}</boundaryEvent><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'review', 'e')}${chain('remind', 'e2')}`,
      ),
    );
    const id = h.start();
    for (let i = 1; i <= 5; i++) await h.advance(new Date(Date.parse('2025-09-30T10:00:00+08:00') + i * 3600_000));
    expect(h.count('remind', 'element.completed', id)).toBe(3);
    expect(h.engine.jobs.size).toBe(0);
    h.complete('review');
    expect(h.status(id)).toBe('completed');
  });

  it('an interrupting message boundary with a correlation key reaches only its instance', async () => {
    const xml = p(
      `<startEvent id="s"/>${ut('review')}<boundaryEvent id="withdrawn" attachedToRef="review"><messageEventDefinition messageRef="m" zaizao:correlationKey="= applicationNo"/></boundaryEvent><endEvent id="e"/><endEvent id="w"/>${chain('s', 'review', 'e')}${chain('withdrawn', 'w')}`,
      `<message id="m" name="withdraw"/>`,
    );
    const h = await Harness.of(xml);
    const a = h.start('p', { applicationNo: 'A' });
    const b = h.start('p', { applicationNo: 'B' });
    expect(h.engine.correlate('withdraw', 'B', { reason: 'moved away' })).toEqual([b]);
    expect(h.status(b)).toBe('completed');
    expect(h.vars(b).reason).toBe('moved away');
    expect(h.status(a)).toBe('active');
    expect(h.tasks()).toEqual(['review']);
  });

  it('a non-interrupting message boundary runs its path and keeps listening', async () => {
    const xml = p(
      `<startEvent id="s"/>${ut('review')}<boundaryEvent id="ask" attachedToRef="review" cancelActivity="false"><messageEventDefinition messageRef="m"/></boundaryEvent>${ut('answer')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'review', 'e')}${chain('ask', 'answer', 'e2')}`,
      `<message id="m" name="inquiry"/>`,
    );
    const h = await Harness.of(xml);
    h.start();
    h.engine.correlate('inquiry', null);
    h.engine.correlate('inquiry', null);
    expect(h.tasks()).toEqual(['answer', 'answer', 'review']);
  });

  it('an error boundary on a service task catches the handler’s BPMN error', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><serviceTask id="check" zaizao:type="credit-check"/><boundaryEvent id="bad" attachedToRef="check"><errorEventDefinition errorRef="err"/></boundaryEvent>${ut('refuse')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'check', 'e')}${chain('bad', 'refuse', 'e2')}`,
        `<error id="err" errorCode="BLACKLISTED"/>`,
      ),
      {
        handlers: {
          'credit-check': () => {
            throw new BpmnError('BLACKLISTED');
          },
        },
      },
    );
    const id = h.start();
    await h.runJobs();
    expect(h.tasks()).toEqual(['refuse']);
    expect(h.events(id, 'error.thrown')[0].data).toEqual({ errorCode: 'BLACKLISTED' });
  });

  it('an error end event inside a sub-process is caught by the boundary of that sub-process', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><subProcess id="sp"><startEvent id="ss"/>${ut('inner')}<parallelGateway id="f"/>${ut('other')}<endEvent id="fail"><errorEventDefinition errorRef="err"/></endEvent>${chain('ss', 'f')}${flow('f', 'inner')}${flow('f', 'other')}${chain('inner', 'fail')}<endEvent id="ok"/>${chain('other', 'ok')}</subProcess>` +
          `<boundaryEvent id="caught" attachedToRef="sp"><errorEventDefinition errorRef="err"/></boundaryEvent>${ut('handle')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'sp', 'e')}${chain('caught', 'handle', 'e2')}`,
        `<error id="err" errorCode="MISSING"/>`,
      ),
    );
    const id = h.start();
    h.complete('inner');
    expect(h.tasks()).toEqual(['handle']);
    expect(h.terminated(id).sort()).toEqual(['fail', 'other', 'sp'].sort());
  });

  it('an error is caught at the right scope: the inner boundary only catches its code, the outer one the rest', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><subProcess id="outer"><startEvent id="os"/><subProcess id="inner"><startEvent id="is"/><endEvent id="throwB"><errorEventDefinition errorRef="errB"/></endEvent>${chain('is', 'throwB')}</subProcess>` +
          `<boundaryEvent id="catchA" attachedToRef="inner"><errorEventDefinition errorRef="errA"/></boundaryEvent><endEvent id="oe"/><endEvent id="oa"/>${chain('os', 'inner', 'oe')}${chain('catchA', 'oa')}</subProcess>` +
          `<boundaryEvent id="catchAny" attachedToRef="outer"><errorEventDefinition/></boundaryEvent>${ut('handled')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'outer', 'e')}${chain('catchAny', 'handled', 'e2')}`,
        `<error id="errA" errorCode="A"/><error id="errB" errorCode="B"/>`,
      ),
    );
    const id = h.start();
    expect(h.tasks()).toEqual(['handled']);
    expect(h.completed(id)).not.toContain('catchA');
    expect(h.completed(id)).toContain('catchAny');
  });

  it('an error nobody catches becomes an incident on the throwing element', async () => {
    const h = await Harness.of(
      p(`<startEvent id="s"/><endEvent id="boom"><errorEventDefinition errorRef="err"/></endEvent>${chain('s', 'boom')}`, `<error id="err" errorCode="X"/>`),
    );
    const id = h.start();
    expect(h.status(id)).toBe('active');
    expect([...h.engine.incidents.values()]).toEqual([expect.objectContaining({ elementId: 'boom', message: 'error X is not caught' })]);
  });

  it('a timer on a sub-process terminates everything inside it', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><subProcess id="sp"><startEvent id="ss"/><parallelGateway id="f"/>${ut('a')}${ut('b')}<parallelGateway id="j"/><endEvent id="se"/>${chain('ss', 'f')}${flow('f', 'a')}${flow('f', 'b')}${flow('a', 'j')}${flow('b', 'j')}${chain('j', 'se')}</subProcess><boundaryEvent id="t" attachedToRef="sp">${timer('timeDuration', 'PT4H')}</boundaryEvent><endEvent id="e"/><endEvent id="late"/>${chain('s', 'sp', 'e')}${chain('t', 'late')}`,
      ),
    );
    const id = h.start();
    h.complete('a');
    // PT4H of business hours from 10:00: 10–12 and 13:30–15:30
    expect(h.nextTimer()).toBe(new Date('2025-09-30T15:30:00+08:00').toISOString());
    await h.advance('2025-09-30T15:30:00+08:00');
    expect(h.status(id)).toBe('completed');
    expect(h.tasks()).toEqual([]);
    expect(h.engine.instance(id).joins).toEqual({});
  });
});

describe('countersign (multi-instance user tasks)', () => {
  const depts = ['market', 'fire', 'health'];
  const countersign = (completion?: string, sequential = false, extra = '') =>
    p(
      `<startEvent id="s"/>${ut('sign', 'zaizao:candidateDepartments="= dept"', mi(`${sequential ? 'isSequential="true" ' : ''}zaizao:collection="= departments" zaizao:elementVariable="dept" ${extra}`, completion))}${ut('decide')}<endEvent id="e"/>${chain('s', 'sign', 'decide', 'e')}`,
    );

  it('all must sign: one task per department, in parallel, each for its department', async () => {
    const h = await Harness.of(countersign());
    h.start('p', { departments: depts });
    expect(
      h.engine
        .openTasks()
        .map((t) => t.candidates.departments[0])
        .sort(),
    ).toEqual(['fire', 'health', 'market']);
    h.complete('sign');
    h.complete('sign');
    expect(h.tasks()).toEqual(['sign']);
    h.complete('sign');
    expect(h.tasks()).toEqual(['decide']);
  });

  it('two thirds: done after two of three sign, the third task is withdrawn', async () => {
    const h = await Harness.of(countersign('= nrOfCompletedInstances / nrOfInstances >= 2/3'));
    const id = h.start('p', { departments: depts });
    h.complete('sign');
    expect(h.tasks()).toEqual(['sign', 'sign']);
    h.complete('sign');
    expect(h.tasks()).toEqual(['decide']);
    expect(h.events(id, 'task.cancelled')).toHaveLength(1);
  });

  it('any one: done after the first signature', async () => {
    const h = await Harness.of(countersign('= nrOfCompletedInstances >= 1'));
    const id = h.start('p', { departments: depts });
    h.complete('sign', {}, 1);
    expect(h.tasks()).toEqual(['decide']);
    expect(h.events(id, 'task.cancelled')).toHaveLength(2);
  });

  it('sequential: one department after another, in list order', async () => {
    const h = await Harness.of(countersign(undefined, true));
    const id = h.start('p', { departments: depts });
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      const open = h.engine.openTasks();
      expect(open).toHaveLength(1);
      order.push(open[0].candidates.departments[0]);
      h.complete('sign');
    }
    expect(order).toEqual(depts);
    expect(h.tasks(id)).toEqual(['decide']);
  });

  it('sequential with a completion condition on the collected answers stops at the first refusal', async () => {
    const h = await Harness.of(countersign('= count(approvals) > 0 and contains(approvals, false)', true, 'zaizao:outputCollection="approvals" zaizao:outputElement="= approved"'));
    const id = h.start('p', { departments: depts });
    h.complete('sign', { approved: true });
    h.complete('sign', { approved: false });
    expect(h.tasks()).toEqual(['decide']);
    expect(h.vars(id).approvals).toEqual([true, false, null]);
  });

  it('collects each signer’s answer into a list in item order', async () => {
    const h = await Harness.of(countersign(undefined, false, 'zaizao:outputCollection="opinions" zaizao:outputElement="= opinion"'));
    const id = h.start('p', { departments: depts });
    h.complete('sign', { opinion: 'third' }, 2);
    h.complete('sign', { opinion: 'first' }, 0);
    h.complete('sign', { opinion: 'second' }, 0);
    expect(h.vars(id).opinions).toEqual(['first', 'second', 'third']);
    expect(h.vars(id).opinion).toBeUndefined();
  });

  it('an empty list skips the countersign', async () => {
    const h = await Harness.of(countersign());
    h.start('p', { departments: [] });
    expect(h.tasks()).toEqual(['decide']);
  });

  it('loopCardinality gives a number of instances with loopCounter 1..n', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('sign', '', '<multiInstanceLoopCharacteristics><loopCardinality xsi:type="tFormalExpression">= reviewers</loopCardinality></multiInstanceLoopCharacteristics>')}<endEvent id="e"/>${chain('s', 'sign', 'e')}`,
      ),
    );
    h.start('p', { reviewers: 4 });
    expect(h.engine.openTasks().map((t) => t.context?.loopCounter)).toEqual([1, 2, 3, 4]);
  });

  it('a collection that is not a list is an incident', async () => {
    const h = await Harness.of(countersign());
    h.start('p', { departments: 'market' });
    expect([...h.engine.incidents.values()][0].message).toMatch(/not a list/);
  });

  it('a timer on the countersign withdraws every open signature', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('sign', 'zaizao:candidateDepartments="= dept"', mi('zaizao:collection="= departments" zaizao:elementVariable="dept"'))}<boundaryEvent id="t" attachedToRef="sign">${timer('timeDuration', 'P3D')}</boundaryEvent>${ut('escalate')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'sign', 'e')}${chain('t', 'escalate', 'e2')}`,
      ),
    );
    const id = h.start('p', { departments: depts });
    h.complete('sign');
    await h.advance('2025-10-11T17:30:00+08:00');
    expect(h.tasks()).toEqual(['escalate']);
    expect(h.events(id, 'task.cancelled')).toHaveLength(2);
  });
});

describe('sub-processes and call activities', () => {
  it('an embedded sub-process completes when its last token ends', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><subProcess id="sp"><startEvent id="ss"/><parallelGateway id="f"/>${ut('a')}${ut('b')}<endEvent id="ea"/><endEvent id="eb"/>${chain('ss', 'f')}${flow('f', 'a')}${flow('f', 'b')}${chain('a', 'ea')}${chain('b', 'eb')}</subProcess>${ut('after')}<endEvent id="e"/>${chain('s', 'sp', 'after', 'e')}`,
      ),
    );
    h.start();
    h.complete('a');
    expect(h.tasks()).toEqual(['b']);
    h.complete('b');
    expect(h.tasks()).toEqual(['after']);
  });

  it('nested sub-processes two levels deep', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><subProcess id="l1"><startEvent id="s1"/><subProcess id="l2"><startEvent id="s2"/>${ut('deep')}<endEvent id="e2"/>${chain('s2', 'deep', 'e2')}</subProcess><endEvent id="e1"/>${chain('s1', 'l2', 'e1')}</subProcess><endEvent id="e"/>${chain('s', 'l1', 'e')}`,
      ),
    );
    const id = h.start();
    const deep = h.engine.instance(id).elements;
    expect(
      Object.values(deep)
        .map((e) => e.elementId)
        .sort(),
    ).toEqual(['deep', 'l1', 'l2']);
    h.complete('deep');
    expect(h.completed(id).slice(-4)).toEqual(['l2', 'e1', 'l1', 'e']);
    expect(h.status(id)).toBe('completed');
  });

  it('a terminate end event in a sub-process ends only that sub-process', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><subProcess id="sp"><startEvent id="ss"/><parallelGateway id="f"/>${ut('a')}<endEvent id="stop"><terminateEventDefinition/></endEvent>${chain('ss', 'f')}${flow('f', 'a')}${flow('f', 'stop')}</subProcess>${ut('after')}<endEvent id="e"/>${chain('s', 'sp', 'after', 'e')}`,
      ),
    );
    const id = h.start();
    expect(h.tasks()).toEqual(['after']);
    expect(h.terminated(id)).toEqual(['a']);
  });

  it('a terminate end event at the top ends every branch and cancels their tasks', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/>${ut('a')}${ut('b')}<endEvent id="stop"><terminateEventDefinition/></endEvent><endEvent id="e"/>${chain('s', 'f')}${flow('f', 'a')}${flow('f', 'b')}${chain('a', 'stop')}${chain('b', 'e')}`,
      ),
    );
    const id = h.start();
    h.complete('a');
    expect(h.status(id)).toBe('completed');
    expect(h.tasks()).toEqual([]);
    expect(h.events(id, 'task.cancelled').map((e) => e.elementId)).toEqual(['b']);
  });

  const called = processXml('child', `<startEvent id="cs"/>${ut('licence')}<endEvent id="ce"/>${chain('cs', 'licence', 'ce')}`);

  it('a call activity starts the called process with the variables and gets its variables back', async () => {
    const h = await Harness.of(
      definitions(
        called,
        processXml('p', `<startEvent id="s"/><callActivity id="call" calledElement="child"/>${ut('after')}<endEvent id="e"/>${chain('s', 'call', 'after', 'e')}`),
      ),
    );
    const id = h.start('p', { applicant: '张三' });
    const child = h.engine.openTasks()[0].instanceId;
    expect(child).not.toBe(id);
    expect(h.vars(child)).toEqual({ applicant: '张三' });
    h.complete('licence', { licenceNo: 'L-9' });
    expect(h.status(child)).toBe('completed');
    expect(h.vars(id).licenceNo).toBe('L-9');
    expect(h.tasks()).toEqual(['after']);
  });

  it('an error ending the called process is caught on the call activity', async () => {
    const child = processXml('child', `<startEvent id="cs"/><endEvent id="ce"><errorEventDefinition errorRef="err"/></endEvent>${chain('cs', 'ce')}`);
    const h = await Harness.of(
      definitions(
        `<error id="err" errorCode="REFUSED"/>`,
        child,
        processXml(
          'p',
          `<startEvent id="s"/><callActivity id="call" calledElement="child"/><boundaryEvent id="refused" attachedToRef="call"><errorEventDefinition errorRef="err"/></boundaryEvent>${ut('notify')}<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'call', 'e')}${chain('refused', 'notify', 'e2')}`,
        ),
      ),
    );
    h.start();
    expect(h.tasks()).toEqual(['notify']);
  });

  it('cancelling the parent cancels the called process too', async () => {
    const h = await Harness.of(
      definitions(called, processXml('p', `<startEvent id="s"/><callActivity id="call" calledElement="child"/><endEvent id="e"/>${chain('s', 'call', 'e')}`)),
    );
    const id = h.start();
    const child = h.engine.openTasks()[0].instanceId;
    h.engine.cancel(id);
    expect(h.status(id)).toBe('cancelled');
    expect(h.status(child)).toBe('cancelled');
    expect(h.tasks()).toEqual([]);
  });

  it('calling a process that is not deployed is an incident', async () => {
    const h = await Harness.of(p(`<startEvent id="s"/><callActivity id="call" calledElement="nowhere"/><endEvent id="e"/>${chain('s', 'call', 'e')}`));
    h.start();
    expect([...h.engine.incidents.values()][0]).toMatchObject({ elementId: 'call', message: 'called process nowhere is not deployed' });
  });
});

describe('timers', () => {
  const wait = (def: string) =>
    p(`<startEvent id="s"/><intermediateCatchEvent id="t">${def}</intermediateCatchEvent>${ut('after')}<endEvent id="e"/>${chain('s', 't', 'after', 'e')}`);

  // Whole working days end when the office closes on the last one (17:30), the instant a user
  // task's due date of the same duration ends; they used to keep the starting time of day, so a
  // timer started at 06:13 fired at 06:13 and a boundary timer fired hours before its task was due.
  it('P2D on the working-day calendar from 2025-09-30 10:00 fires on 2025-10-10 at the close of office hours (National Day holiday)', async () => {
    const h = await Harness.of(wait(timer('timeDuration', 'P2D')));
    h.start();
    expect(h.nextTimer()).toBe(new Date('2025-10-10T17:30:00+08:00').toISOString());
  });

  it('a make-up workday counts: Friday 2025-09-26 + 1 working day is Sunday 2025-09-28', async () => {
    const h = await Harness.of(wait(timer('timeDuration', 'P1D')), { now: new Date('2025-09-26T16:00:00+08:00') });
    h.start();
    expect(h.nextTimer()).toBe(new Date('2025-09-28T17:30:00+08:00').toISOString());
  });

  it('a timer started before office hours fires inside them, when a user task with the same due date falls due', async () => {
    const xml = p(
      `<startEvent id="s"/>${ut('review', 'zaizao:dueDate="P5D"')}<boundaryEvent id="late" attachedToRef="review" cancelActivity="false">${timer('timeDuration', 'P5D')}</boundaryEvent><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'review', 'e')}${chain('late', 'e2')}`,
    );
    const h = await Harness.of(xml, { now: new Date('2025-11-03T06:13:00+08:00') });
    h.start();
    const task = h.engine.openTasks()[0];
    expect(task.dueAt).toBe(new Date('2025-11-10T17:30:00+08:00').toISOString());
    expect(h.nextTimer()).toBe(task.dueAt);
  });

  it('days with hours keep the time of day, then count office hours only: P1DT2H from 16:00 ends at 09:30 two working days on', async () => {
    const h = await Harness.of(wait(timer('timeDuration', 'P1DT2H')), { now: new Date('2025-11-03T16:00:00+08:00') });
    h.start();
    expect(h.nextTimer()).toBe(new Date('2025-11-05T09:30:00+08:00').toISOString());
  });

  it('without a calendar P2D is two clock days', async () => {
    const h = await Harness.of(wait(timer('timeDuration', 'P2D', false)));
    h.start();
    expect(h.nextTimer()).toBe(new Date('2025-10-02T10:00:00+08:00').toISOString());
  });

  it('a timeDate fires at that instant; not before', async () => {
    const h = await Harness.of(wait(timer('timeDate', '2025-10-20T09:00:00+08:00', false)));
    const id = h.start();
    await h.advance('2025-10-20T08:59:00+08:00');
    expect(h.tasks(id)).toEqual([]);
    await h.advance('2025-10-20T09:00:00+08:00');
    expect(h.tasks(id)).toEqual(['after']);
    expect(h.events(id, 'timer.fired')[0].at).toBe(new Date('2025-10-20T09:00:00+08:00').toISOString());
  });

  it('a duration can come from an expression', async () => {
    const h = await Harness.of(wait(timer('timeDuration', '= "P" + limitDays + "D"')));
    h.start('p', { limitDays: 2 });
    expect(h.nextTimer()).toBe(new Date('2025-10-10T17:30:00+08:00').toISOString());
  });

  it('a year without any calendar data fails closed: the timer is an incident', async () => {
    // 2027–2099 have provisional calendars (statutory holidays); from 2100 nothing is known
    const h = await Harness.of(wait(timer('timeDuration', 'P2D')), { now: new Date('2100-03-02T10:00:00+08:00') });
    h.start();
    expect(h.engine.jobs.size).toBe(0);
    expect([...h.engine.incidents.values()][0].message).toMatch(/calendar/);
  });
});

describe('messages', () => {
  it('a catch event receives only the message with its correlation key', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><intermediateCatchEvent id="paid"><messageEventDefinition messageRef="m" zaizao:correlationKey="= orderNo"/></intermediateCatchEvent><endEvent id="e"/>${chain('s', 'paid', 'e')}`,
        `<message id="m" name="fee-paid"/>`,
      ),
    );
    const a = h.start('p', { orderNo: 1 });
    const b = h.start('p', { orderNo: 2 });
    expect(h.engine.correlate('fee-paid', '2', { amount: 50 })).toEqual([b]);
    expect(h.status(b)).toBe('completed');
    expect(h.status(a)).toBe('active');
    expect(h.engine.correlate('fee-paid', '3')).toEqual([]);
  });

  it('a message start event starts an instance with the message variables', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"><messageEventDefinition messageRef="m"/></startEvent>${ut('intake')}<endEvent id="e"/>${chain('s', 'intake', 'e')}`,
        `<message id="m" name="application-submitted"/>`,
      ),
    );
    const [id] = h.engine.correlate('application-submitted', 'APP-7', { applicant: '李四' });
    expect(h.vars(id)).toEqual({ applicant: '李四' });
    expect(h.engine.instance(id).businessKey).toBe('APP-7');
    expect(h.tasks()).toEqual(['intake']);
  });

  it('a message end event of one process reaches the receive task waiting in another', async () => {
    const h = await Harness.of(
      definitions(
        `<message id="m" name="result-ready"/>`,
        processXml('maker', `<startEvent id="ms"/><endEvent id="me"><messageEventDefinition messageRef="m" zaizao:correlationKey="= caseNo"/></endEvent>${chain('ms', 'me')}`),
        processXml(
          'p',
          `<startEvent id="s"/><receiveTask id="wait" messageRef="m" zaizao:correlationKey="= caseNo"/>${ut('deliver')}<endEvent id="e"/>${chain('s', 'wait', 'deliver', 'e')}`,
        ),
      ),
    );
    const waiting = h.start('p', { caseNo: 'C1' });
    h.start('p', { caseNo: 'C2' });
    h.start('maker', { caseNo: 'C1' });
    expect(h.tasks(waiting)).toEqual(['deliver']);
    expect(h.tasks()).toEqual(['deliver']);
  });
});

describe('service tasks', () => {
  const svc = (attrs = '') => p(`<startEvent id="s"/><serviceTask id="svc" zaizao:type="lookup" ${attrs}/>${ut('after')}<endEvent id="e"/>${chain('s', 'svc', 'after', 'e')}`);

  it('the handler’s result becomes process variables', async () => {
    const h = await Harness.of(svc(), { handlers: { lookup: ({ variables }) => ({ licence: `L-${variables.n}` }) } });
    const id = h.start('p', { n: 5 });
    await h.runJobs();
    expect(h.vars(id).licence).toBe('L-5');
    expect(h.tasks()).toEqual(['after']);
  });

  it('a failing handler is retried with doubling back-off, then succeeds', async () => {
    let calls = 0;
    const h = await Harness.of(svc('zaizao:retries="3" zaizao:retryBackoff="PT10S"'), {
      handlers: {
        lookup: () => {
          if (++calls < 3) throw new Error('registry unavailable');
          return { ok: true };
        },
      },
    });
    const id = h.start();
    await h.runJobs();
    expect(h.nextTimer()).toBe(new Date(Date.parse('2025-09-30T10:00:10+08:00')).toISOString());
    await h.advance('2025-09-30T10:00:10+08:00');
    expect(h.nextTimer()).toBe(new Date(Date.parse('2025-09-30T10:00:30+08:00')).toISOString());
    await h.advance('2025-09-30T10:00:30+08:00');
    expect(calls).toBe(3);
    expect(h.events(id, 'job.failed').map((e) => e.data!.retriesLeft)).toEqual([2, 1]);
    expect(h.tasks()).toEqual(['after']);
  });

  it('after N failures an incident is raised; resolving it retries the job', async () => {
    let fail = true;
    const h = await Harness.of(svc('zaizao:retries="2" zaizao:retryBackoff="PT1S"'), {
      handlers: {
        lookup: () => {
          if (fail) throw new Error('down');
          return {};
        },
      },
    });
    const id = h.start();
    await h.runJobs();
    await h.advance('2025-09-30T10:00:01+08:00');
    const incidents = [...h.engine.incidents.values()];
    expect(incidents).toEqual([expect.objectContaining({ elementId: 'svc', message: 'down', serviceType: 'lookup' })]);
    expect(h.engine.jobs.size).toBe(0);
    fail = false;
    h.engine.resolveIncident(incidents[0].id);
    await h.runJobs();
    expect(h.tasks(id)).toEqual(['after']);
  });
});

describe('user tasks', () => {
  const form = p(
    `<startEvent id="s"/>${ut('review', 'zaizao:candidateRoles="department_officer" zaizao:dueDate="P5D"', '<extensionElements><zaizao:formField id="approved" type="boolean" required="true"/><zaizao:formField id="level" type="enum" values="A,B"/><zaizao:formField id="fee" type="number"/></extensionElements>')}<endEvent id="e"/>${chain('s', 'review', 'e')}`,
  );

  it('refuses form data missing a required field; the task stays open', async () => {
    const h = await Harness.of(form);
    h.start();
    expect(() => h.complete('review', {})).toThrow(InvalidInputError);
    expect(h.tasks()).toEqual(['review']);
  });

  it('refuses wrong types, values outside an enum and fields not in the form', async () => {
    const h = await Harness.of(form);
    h.start();
    expect(() => h.complete('review', { approved: 'yes' })).toThrow(/approved must be a boolean/);
    expect(() => h.complete('review', { approved: true, level: 'C' })).toThrow(/level must be one of A, B/);
    expect(() => h.complete('review', { approved: true, hacked: 1 })).toThrow(/hacked not a field/);
    h.complete('review', { approved: true, level: 'B', fee: 12.5 });
    expect(h.tasks()).toEqual([]);
  });

  it('completing a task twice advances once; the second call is a conflict', async () => {
    const h = await Harness.of(form);
    const id = h.start();
    const task = h.task('review');
    h.engine.completeTask(task.id, { variables: { approved: true } });
    expect(() => h.engine.completeTask(task.id, { variables: { approved: true } })).toThrow(ConflictError);
    expect(h.count('review', 'task.completed', id)).toBe(1);
  });

  it('a due date in working days and candidates from expressions', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('t', 'zaizao:candidateDepartments="= [owner, \'reform-office\']" zaizao:candidateUsers="= applicantId" zaizao:assignee="= clerk" zaizao:dueDate="P5D"')}<endEvent id="e"/>${chain('s', 't', 'e')}`,
      ),
    );
    h.start('p', { owner: 'market', applicantId: 42, clerk: 'wang' });
    const task = h.task('t');
    expect(task.candidates).toEqual({ departments: ['market', 'reform-office'], roles: [], users: ['42'], assignee: 'wang' });
    expect(task.assignee).toBe('wang');
    expect(task.dueAt).toBe(new Date('2025-10-14T17:30:00+08:00').toISOString());
  });

  it('claim records who took the task; another user cannot claim it', async () => {
    const h = await Harness.of(form);
    const id = h.start();
    const task = h.task('review');
    h.engine.claimTask(task.id, { username: 'li', departmentCode: 'market' });
    expect(() => h.engine.claimTask(task.id, { username: 'zhao' })).toThrow(ConflictError);
    expect(h.events(id, 'task.claimed')[0]).toMatchObject({ actor: 'li', department: 'market' });
  });
});

describe('asynchronous continuations', () => {
  it('an activity marked zaizao:async starts only when the job executor runs its continuation', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/>${ut('intake')}<serviceTask id="archive" zaizao:type="archive" zaizao:async="true"/>${ut('review', 'zaizao:async="true"')}<endEvent id="e"/>${chain('s', 'intake', 'archive', 'review', 'e')}`,
      ),
      {
        handlers: { archive: () => ({ archived: true }) },
      },
    );
    const id = h.start();
    h.complete('intake');
    expect(h.tasks()).toEqual([]);
    expect([...h.engine.jobs.values()].map((j) => [j.elementId, j.kind])).toEqual([['archive', 'continuation']]);
    await h.runJobs();
    expect(h.vars(id).archived).toBe(true);
    expect(h.tasks()).toEqual(['review']);
    expect(h.count('review', 'element.entered', id)).toBe(1);
  });
});

describe('cancellation', () => {
  it('cancelling mid-flight withdraws tasks, timers and subscriptions and records it', async () => {
    const h = await Harness.of(
      p(
        `<startEvent id="s"/><parallelGateway id="f"/>${ut('a')}<intermediateCatchEvent id="t">${timer('timeDuration', 'P1D')}</intermediateCatchEvent><intermediateCatchEvent id="m"><messageEventDefinition messageRef="msg"/></intermediateCatchEvent><parallelGateway id="j"/><endEvent id="e"/>` +
          `${chain('s', 'f')}${flow('f', 'a')}${flow('f', 't')}${flow('f', 'm')}${flow('a', 'j')}${flow('t', 'j')}${flow('m', 'j')}${chain('j', 'e')}`,
        `<message id="msg" name="x"/>`,
      ),
    );
    const id = h.start();
    h.engine.cancel(id, { reason: 'withdrawn by applicant' });
    expect(h.status(id)).toBe('cancelled');
    expect(h.tasks()).toEqual([]);
    expect(h.engine.jobs.size).toBe(0);
    expect(h.engine.subscriptions.size).toBe(0);
    expect(h.events(id, 'process.cancelled')[0].data).toEqual({ reason: 'withdrawn by applicant' });
    expect(Object.keys(h.engine.instance(id).elements)).toEqual([]);
    expect(() => h.engine.cancel(id)).toThrow(ConflictError);
  });
});
