// The mining facade: what the HTTP routes and `zaizao mine` both get from one call.
import { describe, expect, it } from 'vitest';
import { compare, conform, DEFAULT_NOISE_THRESHOLD, discoverBpmn, modelNet, parseSplitInstant, summarize } from './index.js';
import { logFromTraces } from './model.js';

const t = (day: number, hour: number) => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const trace = (id: string, day: number, activities: string[]) => ({ id, events: activities.map((activity, i) => ({ activity, time: t(day, 9 + i) })) });
const log = logFromTraces([
  trace('c1', 2, ['intake', 'review', 'decision']),
  trace('c2', 3, ['intake', 'review', 'decision']),
  trace('c3', 4, ['intake', 'decision']),
  trace('c4', 10, ['intake', 'review', 'review', 'decision']),
]);

describe('the mining facade', () => {
  it('discovers a model as BPMN with the counts the routes and the command print', async () => {
    const model = discoverBpmn(log, { name: 'Permits' });
    expect(model.bpmn).toContain('name="Permits"');
    expect(model.tasks).toBe(3);
    expect(model.gateways).toBeGreaterThan(0);
    expect(model.flows).toBeGreaterThan(model.tasks);
    expect(model.tree).toContain('intake');
    // the default noise threshold is the one the schemas and the command's option show
    expect(discoverBpmn(log, { noiseThreshold: DEFAULT_NOISE_THRESHOLD }).bpmn).toBe(discoverBpmn(log).bpmn);
    // and the model replays its own log
    const replay = conform(log, await modelNet(model.bpmn));
    expect(replay.fitness).toBe(1);
  });

  it('lists at most the asked number of cases and variants, counting them all', async () => {
    const net = await modelNet(discoverBpmn(log).bpmn);
    expect(conform(log, net, 2).traces).toHaveLength(2);
    expect(conform(log, net).traces).toHaveLength(4);
    const figures = summarize(log, { variants: 1 });
    expect(figures.variants).toHaveLength(1);
    expect(figures.totalVariants).toBe(3);
    expect(figures.cases).toBe(4);
  });

  it('compares against a second log or splits one log at an instant by when each case started', () => {
    const split = compare(log, new Date(t(5, 0)));
    const cases = (c: typeof split, side: 'before' | 'after') => c.figures.find((f) => f.name === 'cases')?.[side];
    expect(cases(split, 'before')).toBe(3);
    expect(cases(split, 'after')).toBe(1);
    const two = compare(log, logFromTraces([trace('d1', 12, ['intake', 'decision'])]));
    expect(cases(two, 'after')).toBe(1);
  });

  it('reads a split instant as an ISO instant or a day starting at midnight in Beijing, and refuses days that do not exist', () => {
    expect(parseSplitInstant('2026-03-05')?.toISOString()).toBe('2026-03-04T16:00:00.000Z');
    expect(parseSplitInstant('2026-03-05T10:00:00Z')?.toISOString()).toBe('2026-03-05T10:00:00.000Z');
    expect(parseSplitInstant('2026-02-30')).toBeUndefined();
    expect(parseSplitInstant('soon')).toBeUndefined();
  });
});
