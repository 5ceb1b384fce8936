import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sharedData, sharedDataExists } from '../../../test/support/shared-data.js';
import { importBpmn, validationExitCode } from './import.js';
import { exportBpmn } from './export.js';
import { chain, definitions, flow, processXml } from '../testing/bpmn.js';

const MIWG = sharedData('bpmn', 'miwg');
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

function validateCli(file: string): { code: number; out: { ok: boolean; executable: boolean; errors: unknown[]; unsupported: Array<{ id: string; type: string }> } } {
  try {
    const stdout = execFileSync(process.execPath, [path.join(ROOT, 'bin/zaizao.js'), 'bpmn', 'validate', file, '--format', 'json'], { encoding: 'utf8' });
    return { code: 0, out: JSON.parse(stdout) };
  } catch (err) {
    const e = err as { status: number; stdout: string };
    return { code: e.status, out: JSON.parse(e.stdout) };
  }
}

describe.skipIf(!sharedDataExists('bpmn', 'miwg'))('the BPMN MIWG reference models', () => {
  const files = sharedDataExists('bpmn', 'miwg')
    ? fs
        .readdirSync(MIWG)
        .filter((f) => f.endsWith('.bpmn'))
        .sort()
    : [];

  it('are all there to test', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s gives 0 or 3 and names every unsupported element by id and type', async (file) => {
    const xml = fs.readFileSync(path.join(MIWG, file), 'utf8');
    const { validation } = await importBpmn(xml);
    const code = validationExitCode(validation);
    expect(validation.errors).toEqual([]);
    expect([0, 3]).toContain(code);
    for (const u of validation.unsupported) {
      expect(u.id).toMatch(/\S/);
      expect(u.type).toMatch(/^[a-z]+:[A-Za-z]+$/);
      expect(xml).toContain(u.id);
    }
    expect(code === 3).toBe(validation.unsupported.length > 0);
  });

  it('reads the escalation boundary event of A.3.0 and reports its sub-process without a start event and the send tasks of C.9.1', async () => {
    const a3 = await importBpmn(fs.readFileSync(path.join(MIWG, 'A.3.0.bpmn'), 'utf8'));
    expect(a3.validation.unsupported.map((u) => u.id)).not.toContain('_178e16eb-4c9e-4ea0-9644-7c5fb2b71825');
    expect(a3.models!.processes[0].nodes['_178e16eb-4c9e-4ea0-9644-7c5fb2b71825']).toMatchObject({ kind: 'boundaryEvent', event: { kind: 'escalation' }, cancelActivity: true });
    expect(a3.validation.unsupported).toContainEqual(expect.objectContaining({ id: '_1ae31d1b-2559-4f78-a3ec-47986a49db48', type: 'bpmn:SubProcess' }));
    const c9 = (await importBpmn(fs.readFileSync(path.join(MIWG, 'C.9.1.bpmn'), 'utf8'))).validation;
    expect(c9.unsupported.map((u) => `${u.id} ${u.type}`).sort()).toEqual(['SendTask_RequestDocument bpmn:SendTask', 'SendTask_SendReminderEmail bpmn:SendTask']);
    expect(c9.executable).toBe(true);
  });

  it('the CLI prints { ok, executable, errors, unsupported, warnings }: exits 3 for C.9.1 and for A.1.0 (marked not executable), 0 for C.1.0', () => {
    const c9 = validateCli(path.join(MIWG, 'C.9.1.bpmn'));
    expect(c9.code).toBe(3);
    expect(c9.out.ok).toBe(false);
    expect(c9.out.unsupported).toHaveLength(2);
    const a1 = validateCli(path.join(MIWG, 'A.1.0.bpmn'));
    expect(a1.code).toBe(3);
    expect(a1.out).toMatchObject({
      ok: false,
      executable: false,
      errors: [],
      unsupported: [{ id: 'WFP-6-', type: 'bpmn:Process', hint: expect.stringContaining('isExecutable="true"') }],
    });
    const c1 = validateCli(path.join(MIWG, 'C.1.0.bpmn'));
    expect(c1.code).toBe(0);
    expect(c1.out).toMatchObject({ ok: true, executable: true, errors: [], unsupported: [], warnings: expect.any(Array) });
  }, 300_000);
});

describe('three answers: invalid (1), valid but not executable here (3), executable (0)', () => {
  const answer = async (body: string, roots = '') => {
    const { validation } = await importBpmn(definitions(processXml('p', body), roots));
    return { code: validationExitCode(validation), ...validation };
  };

  it.each([
    ['a start event with an incoming flow', `<startEvent id="s"/><task id="t"/>${chain('s', 't')}${flow('t', 's')}`, 's'],
    ['an end event with an outgoing flow', `<startEvent id="s"/><endEvent id="e"/><task id="t"/>${chain('s', 'e', 't')}`, 'e'],
    [
      'a non-interrupting error boundary event',
      `<startEvent id="s"/><task id="t"/><boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><errorEventDefinition/></boundaryEvent>${chain('s', 't')}`,
      'b',
    ],
    [
      'a boundary event on a gateway',
      `<startEvent id="s"/><exclusiveGateway id="g"/><boundaryEvent id="b" attachedToRef="g"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>${chain('s', 'g')}`,
      'b',
    ],
    ['a default flow that does not leave its gateway', `<startEvent id="s"/><exclusiveGateway id="g" default="s-g"/><endEvent id="e"/>${chain('s', 'g', 'e')}`, 'g'],
    ['a duplicate id', `<startEvent id="s"/><task id="t"/><task id="t"/>${chain('s', 't')}`, 't'],
  ])('invalid: %s (exit 1, by element id)', async (_what, body, id) => {
    const r = await answer(body);
    expect(r.code).toBe(1);
    expect(r.errors.map((e) => e.id)).toContain(id);
  });

  it.each([
    ['a service task without zaizao:type', `<startEvent id="s"/><serviceTask id="call"/>${chain('s', 'call')}`, 'call', /zaizao:type="handler-name"/],
    [
      'a message catch event without messageRef',
      `<startEvent id="s"/><intermediateCatchEvent id="wait"><messageEventDefinition/></intermediateCatchEvent>${chain('s', 'wait')}`,
      'wait',
      /messageRef/,
    ],
    ['a receive task without messageRef', `<startEvent id="s"/><receiveTask id="r"/>${chain('s', 'r')}`, 'r', /messageRef/],
    ['a script task', `<startEvent id="s"/><scriptTask id="js"/>${chain('s', 'js')}`, 'js', /supported element/],
    [
      'a condition in XPath',
      `<startEvent id="s"/><exclusiveGateway id="g"/><endEvent id="e"/>${chain('s', 'g')}<sequenceFlow id="x" sourceRef="g" targetRef="e"><conditionExpression xsi:type="tFormalExpression" language="http://www.w3.org/1999/XPath">a &gt; 1</conditionExpression></sequenceFlow>`,
      'x',
      /FEEL/,
    ],
    ['a sub-process without a start event', `<startEvent id="s"/><subProcess id="sub"><task id="in"/></subProcess>${chain('s', 'sub')}`, 'sub', /startEvent/],
    ['a call activity without calledElement', `<startEvent id="s"/><callActivity id="c"/>${chain('s', 'c')}`, 'c', /calledElement/],
    ['a timer with no time', `<startEvent id="s"/><intermediateCatchEvent id="t"><timerEventDefinition/></intermediateCatchEvent>${chain('s', 't')}`, 't', /timeDuration/],
  ])('valid but not executable here: %s (exit 3: element id, what is missing, what to add)', async (_what, body, id, hint) => {
    const r = await answer(body);
    expect(r.errors).toEqual([]);
    expect(r.code).toBe(3);
    const u = r.unsupported.find((x) => x.id === id);
    expect(u?.reason).toMatch(/\S/);
    expect(u?.hint).toMatch(hint);
  });

  it('executable: exit 0 and ok', async () => {
    const r = await answer(`<startEvent id="s"/><serviceTask id="call" zaizao:type="lookup"/><endEvent id="e"/>${chain('s', 'call', 'e')}`);
    expect(r).toMatchObject({ code: 0, ok: true, executable: true, errors: [], unsupported: [] });
  });
});

describe('validation', () => {
  it('invalid XML gives exit 1 with the parser message', async () => {
    const { validation } = await importBpmn('<definitions><process');
    expect(validationExitCode(validation)).toBe(1);
    expect(validation.errors[0].message).toMatch(/unparsable|unclosed|parse/i);
  });

  it('a document that is not BPMN gives exit 1', async () => {
    const { validation } = await importBpmn('<?xml version="1.0"?><html><body/></html>');
    expect(validationExitCode(validation)).toBe(1);
  });

  it('a flow pointing to a missing element is an error naming the flow', async () => {
    const xml = definitions(processXml('p', `<startEvent id="s"/><endEvent id="e"/>${flow('s', 'nowhere', undefined, 'f1')}`));
    const { validation } = await importBpmn(xml);
    expect(validationExitCode(validation)).toBe(1);
    expect(validation.errors).toContainEqual(expect.objectContaining({ id: 'f1', type: 'bpmn:SequenceFlow' }));
  });

  it('an unknown BPMN element is an error with its id', async () => {
    const xml = definitions(processXml('p', `<startEvent id="s"/><fooTask id="weird"/><endEvent id="e"/>${chain('s', 'e')}`));
    const { validation } = await importBpmn(xml);
    expect(validation.errors).toContainEqual(expect.objectContaining({ id: 'weird', type: 'bpmn:FooTask' }));
  });

  it('lists every unsupported element: script task, signal event, complex gateway, standard loop', async () => {
    const xml = definitions(
      processXml(
        'p',
        `<startEvent id="s"/><scriptTask id="script"/><intermediateThrowEvent id="sig"><signalEventDefinition/></intermediateThrowEvent><complexGateway id="cx"/><task id="loop"><standardLoopCharacteristics/></task><endEvent id="e"/>${chain('s', 'script', 'sig', 'cx', 'loop', 'e')}`,
      ),
    );
    const { validation } = await importBpmn(xml);
    expect(validationExitCode(validation)).toBe(3);
    expect(validation.unsupported.map((u) => `${u.id}:${u.type}`).sort()).toEqual([
      'cx:bpmn:ComplexGateway',
      'loop:bpmn:Task',
      'script:bpmn:ScriptTask',
      'sig:bpmn:IntermediateThrowEvent',
    ]);
  });

  it('an unparsable condition is unsupported, naming the flow', async () => {
    const xml = definitions(
      processXml(
        'p',
        `<startEvent id="s"/><exclusiveGateway id="g"/><endEvent id="a"/><endEvent id="b"/>${chain('s', 'g')}${flow('g', 'a', 'amount >>> 3', 'fa')}${flow('g', 'b', '= amount <= 3', 'fb')}`,
      ),
    );
    const { validation } = await importBpmn(xml);
    expect(validation.unsupported).toEqual([expect.objectContaining({ id: 'fa', type: 'bpmn:FormalExpression' })]);
  });

  it('a timer that is not ISO-8601 is unsupported', async () => {
    const xml = definitions(
      processXml(
        'p',
        `<startEvent id="s"/><intermediateCatchEvent id="t"><timerEventDefinition><timeDuration>two days</timeDuration></timerEventDefinition></intermediateCatchEvent><endEvent id="e"/>${chain('s', 't', 'e')}`,
      ),
    );
    const { validation } = await importBpmn(xml);
    expect(validation.unsupported).toEqual([expect.objectContaining({ id: 't', type: 'bpmn:IntermediateCatchEvent' })]);
  });

  it('reads zaizao extension attributes: calendar, candidates, form, collection', async () => {
    const xml = definitions(
      processXml(
        'p',
        `<startEvent id="s"/>
        <intermediateCatchEvent id="t"><timerEventDefinition zaizao:calendar="cn-workday"><timeDuration>P2D</timeDuration></timerEventDefinition></intermediateCatchEvent>
        <userTask id="u" zaizao:candidateDepartments="= depts" zaizao:candidateRoles="department_officer,leader" zaizao:dueDate="P5D">
          <extensionElements><zaizao:formField id="approved" type="boolean" required="true"/><zaizao:formField id="level" type="enum" values="a,b"/></extensionElements>
          <multiInstanceLoopCharacteristics zaizao:collection="= depts" zaizao:elementVariable="dept"><completionCondition xsi:type="tFormalExpression">= nrOfCompletedInstances / nrOfInstances >= 2/3</completionCondition></multiInstanceLoopCharacteristics>
        </userTask><endEvent id="e"/>${chain('s', 't', 'u', 'e')}`,
      ),
    );
    const { validation, models } = await importBpmn(xml);
    expect(validation.ok).toBe(true);
    const p = models!.processes[0];
    expect(p.nodes.t.event?.timer).toEqual({ type: 'duration', value: 'P2D', calendar: 'cn-workday' });
    expect(p.nodes.u.candidates).toEqual({ departments: ['= depts'], roles: ['department_officer', 'leader'], users: [] });
    expect(p.nodes.u.form).toEqual([
      { id: 'approved', type: 'boolean', required: true },
      { id: 'level', type: 'enum', required: false, values: ['a', 'b'] },
    ]);
    expect(p.nodes.u.multiInstance).toMatchObject({
      sequential: false,
      collection: '= depts',
      elementVariable: 'dept',
      completionCondition: '= nrOfCompletedInstances / nrOfInstances >= 2/3',
    });
  });

  it('export then import gives the same model', async () => {
    const xml = definitions(
      `<message id="m1" name="paid"/><error id="err1" errorCode="REJECT"/>`,
      processXml(
        'p',
        `<startEvent id="s"/><userTask id="u" name="审核" zaizao:candidateDepartments="d1"/><boundaryEvent id="b" attachedToRef="u" cancelActivity="false"><timerEventDefinition zaizao:calendar="cn-workday"><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
         <boundaryEvent id="be" attachedToRef="u"><errorEventDefinition errorRef="err1"/></boundaryEvent>
         <exclusiveGateway id="g" default="g-e"/><intermediateCatchEvent id="c"><messageEventDefinition messageRef="m1" zaizao:correlationKey="= orderId"/></intermediateCatchEvent>
         <subProcess id="sp"><startEvent id="ss"/><serviceTask id="svc" zaizao:type="notify" zaizao:retries="5"/><endEvent id="se"/>${chain('ss', 'svc', 'se')}</subProcess>
         <endEvent id="e"/><endEvent id="eb"/><endEvent id="x"><terminateEventDefinition/></endEvent>
         ${chain('s', 'u', 'g')}${flow('g', 'e')}${flow('g', 'c', '= amount > 10')}${chain('c', 'sp', 'x')}${flow('b', 'eb')}${flow('be', 'eb', undefined, 'be-eb')}`,
      ),
    );
    const first = await importBpmn(xml);
    expect(first.validation).toMatchObject({ ok: true, errors: [], unsupported: [] });
    const again = await importBpmn(await exportBpmn(first.models!));
    expect(again.validation).toMatchObject({ ok: true, errors: [], unsupported: [] });
    expect(again.models!.processes[0]).toEqual(first.models!.processes[0]);
  });

  it('export then import gives the same model with timer starts, signals, conditional events and compensation', async () => {
    const cond = `<conditionalEventDefinition><condition xsi:type="tFormalExpression">= urgent</condition></conditionalEventDefinition>`;
    const xml = definitions(
      `<signal id="sg" name="policy-changed"/>`,
      processXml(
        'p',
        `<startEvent id="t"><timerEventDefinition zaizao:calendar="cn-workday"><timeCycle>R/P5D</timeCycle></timerEventDefinition></startEvent><startEvent id="c">${cond}</startEvent>
         <serviceTask id="book" zaizao:type="fee"/><boundaryEvent id="bc" attachedToRef="book"><compensateEventDefinition/></boundaryEvent><serviceTask id="refund" zaizao:type="refund" isForCompensation="true"/><association id="a" sourceRef="bc" targetRef="refund"/>
         <userTask id="u"/><boundaryEvent id="bu" attachedToRef="u" cancelActivity="false">${cond}</boundaryEvent><intermediateThrowEvent id="undo"><compensateEventDefinition activityRef="book"/></intermediateThrowEvent><endEvent id="e"/><endEvent id="eu"/>
         <subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="false"><signalEventDefinition signalRef="sg"/></startEvent><endEvent id="ee"><compensateEventDefinition/></endEvent>${chain('es', 'ee')}</subProcess>
         ${chain('t', 'book', 'u', 'undo', 'e')}${flow('c', 'book')}${flow('bu', 'eu')}`,
      ),
    );
    const first = await importBpmn(xml);
    expect(first.validation).toMatchObject({ ok: true, errors: [], unsupported: [] });
    const again = await importBpmn(await exportBpmn(first.models!));
    expect(again.validation).toMatchObject({ ok: true, errors: [], unsupported: [] });
    expect(again.models!.processes[0]).toEqual(first.models!.processes[0]);
  });
});

describe.skipIf(!sharedDataExists('bpmn', 'miwg'))('validation never crashes', () => {
  it('on reference models cut short, with attributes dropped or elements renamed at random', async () => {
    const fc = (await import('fast-check')).default;
    const files = fs.readdirSync(MIWG).filter((f) => f.endsWith('.bpmn'));
    const sources = files.map((f) => fs.readFileSync(path.join(MIWG, f), 'utf8'));
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('cut', 'drop-ref', 'rename'), async (i, at, how) => {
        let xml = sources[i];
        const pos = Math.floor(at * xml.length);
        if (how === 'cut') xml = xml.slice(0, pos);
        else if (how === 'drop-ref') xml = xml.slice(0, pos) + xml.slice(pos).replace(/\s(sourceRef|targetRef|attachedToRef|default)="[^"]*"/, '');
        else xml = xml.slice(0, pos) + xml.slice(pos).replace(/<(\w+:)?(task|userTask|exclusiveGateway|startEvent)\b/, '<$1weird$2');
        const { validation } = await importBpmn(xml);
        const code = validationExitCode(validation);
        expect([0, 1, 3]).toContain(code);
        for (const e of validation.errors) expect(e.message).toMatch(/\S/);
      }),
      { numRuns: 200, seed: 6 },
    );
  }, 300_000);
});
