import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dryRun } from './dry-run.js';
import { chain, definitions, loadModels, processXml } from './testing/bpmn.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = path.join(ROOT, 'docs/examples/two-workday-timer.bpmn');

describe('zaizao process dry-run', () => {
  it('the documented example: a two-working-day timer started 2025-09-30 10:00 fires 2025-10-10 at the close of office hours', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/zaizao.js'), 'process', 'dry-run', EXAMPLE, '--start', '2025-09-30T10:00:00+08:00', '--format', 'json'], {
      encoding: 'utf8',
    });
    const result = JSON.parse(out) as { status: string; events: Array<{ type: string; at: string; elementId?: string }> };
    expect(result.status).toBe('completed');
    const fired = result.events.find((e) => e.type === 'timer.fired');
    expect(fired).toMatchObject({ elementId: 'wait', at: '2025-10-10T17:30:00+08:00' });
    expect(result.events[0]).toMatchObject({ type: 'process.started', at: '2025-09-30T10:00:00+08:00' });
    expect(result.events.at(-1)).toMatchObject({ type: 'process.completed', at: '2025-10-10T17:30:00+08:00' });
  }, 300_000);

  it('rejects a start that is not an instant (exit 2) and bad --vars (exit 2)', () => {
    const run = (args: string[]) => {
      try {
        execFileSync(process.execPath, [path.join(ROOT, 'bin/zaizao.js'), 'process', 'dry-run', EXAMPLE, ...args], { encoding: 'utf8', stdio: 'pipe' });
        return 0;
      } catch (err) {
        return (err as { status: number }).status;
      }
    };
    expect(run(['--start', 'tomorrow'])).toBe(2);
    expect(run(['--start', '2025-09-30T10:00:00+08:00', '--vars', '[1]'])).toBe(2);
  }, 300_000);
});

describe('the documented permit example', () => {
  it('validates and, with the countersign taking its whole promised limit, warns after four working days and concludes on time', async () => {
    const fs = await import('node:fs');
    const { importBpmn } = await import('./bpmn/import.js');
    const { validation, models } = await importBpmn(fs.readFileSync(path.join(ROOT, 'docs/examples/permit-countersign.bpmn'), 'utf8'));
    expect(validation).toMatchObject({ ok: true, executable: true, errors: [], unsupported: [] });
    const r = await dryRun(models!, { start: new Date('2025-09-30T10:00:00+08:00'), variables: { departments: ['SJJ', 'ZJJ', 'XFJ'] }, taskDurations: { sign: 'P5D' } });
    expect(r.status).toBe('completed');
    const at = (type: string, elementId: string) => r.events.filter((e) => e.type === type && e.elementId === elementId).map((e) => e.at);
    // The limits end when the office closes (17:30); the simulated work keeps its time of day.
    expect(at('element.completed', 'warned')).toEqual([new Date('2025-10-13T17:30:00+08:00').toISOString()]);
    expect(at('task.completed', 'sign')).toHaveLength(3);
    expect(at('element.entered', 'supervise')).toEqual([]);
    expect(at('element.completed', 'concluded')).toEqual([new Date('2025-10-14T10:00:00+08:00').toISOString()]);
    const late = await dryRun(models!, { start: new Date('2025-09-30T10:00:00+08:00'), variables: { departments: ['SJJ'] }, taskDurations: { sign: 'P6D', supervise: 'PT1H' } });
    expect(late.events.filter((e) => e.type === 'task.created' && e.elementId === 'supervise').map((e) => e.at)).toEqual([new Date('2025-10-14T17:30:00+08:00').toISOString()]);
  });
});

describe('dryRun', () => {
  it('user tasks take the given working time; variables steer the gateways', async () => {
    const models = await loadModels(
      definitions(
        processXml(
          'p',
          `<startEvent id="s"/><userTask id="intake"/><exclusiveGateway id="g" default="g-e"/><userTask id="review"/><endEvent id="e"/><endEvent id="e2"/>` +
            `${chain('s', 'intake', 'g')}<sequenceFlow id="g-review" sourceRef="g" targetRef="review"><conditionExpression xsi:type="tFormalExpression">= amount &gt; 100</conditionExpression></sequenceFlow><sequenceFlow id="g-e" sourceRef="g" targetRef="e"/>${chain('review', 'e2')}`,
        ),
      ),
    );
    const start = new Date('2025-09-30T10:00:00+08:00');
    const r = await dryRun(models, { start, variables: { amount: 500 }, taskDurations: { intake: 'PT2H', review: 'P1D' } });
    expect(r.status).toBe('completed');
    const done = r.events.filter((e) => e.type === 'task.completed').map((e) => [e.elementId, e.at]);
    // PT2H of business hours from 10:00 is 12:00 (business hours 09:00–12:00, 13:30–17:30); P1D is one working day
    expect(done).toEqual([
      ['intake', new Date('2025-09-30T12:00:00+08:00').toISOString()],
      ['review', new Date('2025-10-09T12:00:00+08:00').toISOString()],
    ]);
    const r2 = await dryRun(models, { start, variables: { amount: 5 } });
    expect(r2.events.filter((e) => e.type === 'task.completed').map((e) => e.elementId)).toEqual(['intake']);
  });

  it('stops at the step limit with a repeating timer that never ends', async () => {
    const models = await loadModels(
      definitions(
        processXml(
          'p',
          `<startEvent id="s"/><userTask id="u"/><boundaryEvent id="b" attachedToRef="u" cancelActivity="false"><timerEventDefinition><timeCycle>R/PT1M</timeCycle></timerEventDefinition></boundaryEvent><endEvent id="e"/><endEvent id="e2"/>${chain('s', 'u', 'e')}${chain('b', 'e2')}`,
        ),
      ),
    );
    const r = await dryRun(models, { start: new Date('2025-09-30T10:00:00+08:00'), taskDurations: { u: 'P10D' }, maxSteps: 50 });
    expect(r.steps).toBe(50);
    expect(r.status).toBe('active');
  });
});
