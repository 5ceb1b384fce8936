import { describe, expect, it } from 'vitest';
import { importBpmn } from './bpmn/import.js';
import { exportBpmn } from './bpmn/export.js';
import { dryRun } from './dry-run.js';
import { withPromisedLimit } from './promised-limit.js';
import { chain, definitions, loadModels, processXml } from './testing/bpmn.js';

const xml = definitions(
  processXml('matter', `<startEvent id="s"/><userTask id="review" name="审查"/><userTask id="deliver"/><endEvent id="e"/>${chain('s', 'review', 'deliver', 'e')}`),
);
const start = new Date('2025-09-30T10:00:00+08:00');

describe('a promised limit on a step', () => {
  it('warns a working day before and escalates to supervision when the limit passes, while the step goes on', async () => {
    const [model] = (await loadModels(xml)).processes;
    const limited = withPromisedLimit(model, 'review', { workdays: 3 });
    const r = await dryRun({ processes: [limited], messages: {} }, { start, taskDurations: { review: 'P4D', 'review-supervise': 'PT1H' } });
    const at = (type: string, id: string) => r.events.filter((e) => e.type === type && e.elementId === id).map((e) => e.at);
    // 10-09 (1), 10-10 (2), Saturday 10-11 make-up workday (3), Monday 10-13 (4). The limits end when
    // the office closes on their last working day, as a due date of three working days does (they
    // used to fall at the step's starting time of day, 10:00); the simulated work keeps its time.
    expect(at('element.completed', 'review-warned')).toEqual([new Date('2025-10-10T17:30:00+08:00').toISOString()]);
    expect(at('task.created', 'review-supervise')).toEqual([new Date('2025-10-11T17:30:00+08:00').toISOString()]);
    expect(at('task.completed', 'review')).toEqual([new Date('2025-10-13T10:00:00+08:00').toISOString()]);
    expect(r.status).toBe('completed');
  });

  it('a step done in time is neither warned nor escalated', async () => {
    const [model] = (await loadModels(xml)).processes;
    const r = await dryRun({ processes: [withPromisedLimit(model, 'review', { workdays: 3, warnBefore: 1 })], messages: {} }, { start, taskDurations: { review: 'P1D' } });
    expect(r.events.filter((e) => e.elementId?.startsWith('review-'))).toEqual([]);
    expect(r.events.filter((e) => e.type === 'timer.scheduled')).toHaveLength(2);
  });

  it('survives export to BPMN and import', async () => {
    const [model] = (await loadModels(xml)).processes;
    const limited = withPromisedLimit(model, 'review', { workdays: 5, warnBefore: 2, escalateTo: { departments: [], roles: ['leader'], users: [] } });
    const again = await importBpmn(await exportBpmn([limited]));
    expect(again.validation).toMatchObject({ ok: true, errors: [], unsupported: [] });
    const m = again.models!.processes[0];
    expect(m.nodes['review-warn'].event?.timer).toEqual({ type: 'duration', value: 'P3D', calendar: 'cn-workday' });
    expect(m.nodes['review-supervise'].candidates?.roles).toEqual(['leader']);
  });

  it('refuses a limit on something that is not a step', async () => {
    const [model] = (await loadModels(xml)).processes;
    expect(() => withPromisedLimit(model, 's', { workdays: 3 })).toThrow(/not an activity/);
    expect(() => withPromisedLimit(model, 'review', { workdays: 0 })).toThrow(/at least 1/);
  });
});
