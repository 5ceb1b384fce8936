// Timer start events of a process, in memory (the dry-run engine): a deployed process with a
// timer start creates instances when it falls due; the durable engine runs the same cases in
// starts-conditions-compensation.store.test.ts.
import { describe, expect, it } from 'vitest';
import { importBpmn, validationExitCode } from './bpmn/import.js';
import { MemoryEngine } from './memory.js';
import { calendarResolver } from './calendars.js';
import { dryRun } from './dry-run.js';
import { chain, definitions, loadModels, processXml } from './testing/bpmn.js';

const timerStart = (timer: string, key = 'ranking') =>
  definitions(
    processXml(
      key,
      `<startEvent id="tick"><timerEventDefinition ${timer.includes('cn-workday') ? '' : ''}${timer}</timerEventDefinition></startEvent><userTask id="rank"/><endEvent id="e"/>${chain('tick', 'rank', 'e')}`,
    ),
  );
const date = (d: string) => `><timeDate>${d}</timeDate>`;
const cycle = (c: string, calendar = false) => `${calendar ? ' zaizao:calendar="cn-workday"' : ''}><timeCycle>${c}</timeCycle>`;

async function engineAt(xml: string, now: string): Promise<MemoryEngine> {
  const engine = new MemoryEngine({ now: new Date(now), calendars: calendarResolver() });
  engine.deploy(await loadModels(xml));
  return engine;
}

/** Moves the clock step by step to `until`, running what falls due; returns the start instants (Shanghai wall clock). */
async function startsUntil(engine: MemoryEngine, until: string): Promise<string[]> {
  const end = new Date(until).getTime();
  for (let i = 0; i < 1000; i++) {
    const job = engine.nextJob();
    if (!job || new Date(job.dueAt).getTime() > end) break;
    if (new Date(job.dueAt) > engine.now) engine.now = new Date(job.dueAt);
    await engine.runDueJobs();
  }
  return engine.history.filter((h) => h.type === 'process.started').map((h) => new Date(new Date(h.at).getTime() + 8 * 3600_000).toISOString().slice(0, 16));
}

describe('timer start events', () => {
  it.each([
    // [timer, deployed at, until, instances started at (Asia/Shanghai)]
    ['a date', date('2025-10-09T09:00:00+08:00'), '2025-10-01T00:00:00+08:00', '2025-12-31T00:00:00+08:00', ['2025-10-09T09:00']],
    ['a date already past: at once', date('2025-09-01T09:00:00+08:00'), '2025-10-01T00:00:00+08:00', '2025-12-31T00:00:00+08:00', ['2025-10-01T00:00']],
    [
      'a monthly cycle (monthly rankings)',
      cycle('R/2025-10-01T09:00:00+08:00/P1M'),
      '2025-09-30T10:00:00+08:00',
      '2026-01-15T00:00:00+08:00',
      ['2025-10-01T09:00', '2025-11-01T09:00', '2025-12-01T09:00', '2026-01-01T09:00'],
    ],
    [
      'three times, every ten working days (the make-up Sundays and Saturdays count, the holiday does not)',
      cycle('R3/2025-09-26T09:00:00+08:00/P10D', true),
      '2025-09-25T10:00:00+08:00',
      '2026-01-15T00:00:00+08:00',
      ['2025-09-26T09:00', '2025-10-16T09:00', '2025-10-30T09:00'],
    ],
  ])('%s: %s', async (_what, timer, deployedAt, until, expected) => {
    const engine = await engineAt(timerStart(timer), deployedAt);
    expect(await startsUntil(engine, until)).toEqual(expected);
    expect(engine.openTasks().map((t) => t.elementId)).toEqual(expected.map(() => 'rank'));
    expect(engine.history.find((h) => h.type === 'process.started')?.data).toMatchObject({ startEvent: 'tick', timer: { jobId: expect.any(String) } });
  });

  it("deploying the process again replaces the earlier version's timer start", async () => {
    const engine = await engineAt(timerStart(cycle('R/2025-10-01T09:00:00+08:00/P1M')), '2025-09-30T10:00:00+08:00');
    engine.deploy(await loadModels(timerStart(cycle('R/2025-10-15T09:00:00+08:00/P1M'))));
    expect([...engine.jobs.values()].filter((j) => j.kind === 'start').map((j) => j.dueAt)).toEqual(['2025-10-15T01:00:00.000Z']);
    expect(await startsUntil(engine, '2025-11-20T00:00:00+08:00')).toEqual(['2025-10-15T09:00', '2025-11-15T09:00']);
  });

  it('a process started only by a timer is dry-run from its first firing', async () => {
    const r = await dryRun(await loadModels(timerStart(date('2025-10-09T09:00:00+08:00'))), { start: new Date('2025-10-01T00:00:00+08:00') });
    expect(r.status).toBe('completed');
    expect(r.events[0]).toMatchObject({ type: 'process.started', at: '2025-10-09T01:00:00.000Z' });
  });

  it.each([
    ['a cycle of zero', cycle('R/PT0S'), /more often than every 60 s/],
    ['a cycle under a minute', cycle('R/PT30S'), /more often than every 60 s/],
    ['months on the working-day calendar', cycle('R/P1M', true), /years or months on the working-day calendar/],
    ['a time from an expression', `><timeDate>= firstDay</timeDate>`, /no variables before it starts/],
    ['a time that is not ISO-8601', date('next monday'), /not ISO-8601/],
  ])('%s is refused at deployment by element id', async (_what, timer, reason) => {
    const r = await importBpmn(timerStart(timer));
    expect(validationExitCode(r.validation)).toBe(3);
    expect(r.validation.unsupported).toContainEqual(expect.objectContaining({ id: 'tick', reason: expect.stringMatching(reason) }));
  });

  it('a working-day timer start in a year without calendar data refuses the deployment, by element id', async () => {
    // 2027–2099 have provisional calendars; from 2100 nothing is known.
    const models = await loadModels(timerStart(cycle('R/P5D', true)));
    const engine = new MemoryEngine({ now: new Date('2100-03-02T10:00:00+08:00'), calendars: calendarResolver() });
    expect(() => engine.deploy(models)).toThrow(/tick: timer start: .*calendar/);
  });
});
