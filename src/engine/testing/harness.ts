// A small harness over the in-memory engine for behaviour tests.
import { MemoryEngine, type MemoryEngineOptions } from '../memory.js';
import { calendarResolver } from '../calendars.js';
import type { HistoryEvent } from '../state.js';
import { loadModels } from './bpmn.js';

/** 2025-09-30 10:00 in Asia/Shanghai (the day before the National Day holiday). */
export const T0 = new Date('2025-09-30T10:00:00+08:00');

export class Harness {
  constructor(readonly engine: MemoryEngine) {}

  static async of(xml: string, options: MemoryEngineOptions = {}): Promise<Harness> {
    const engine = new MemoryEngine({ now: T0, calendars: calendarResolver(), ...options });
    engine.deploy(await loadModels(xml));
    return new Harness(engine);
  }

  start(processId = 'p', variables: Record<string, unknown> = {}): string {
    return this.engine.start(processId, { variables });
  }

  /** Element ids of the open tasks, sorted. */
  tasks(instanceId?: string): string[] {
    return this.engine
      .openTasks((t) => !instanceId || t.instanceId === instanceId)
      .map((t) => t.elementId)
      .sort();
  }

  task(elementId: string, nth = 0) {
    const t = this.engine.openTasks((x) => x.elementId === elementId)[nth];
    if (!t) throw new Error(`no open task ${elementId}; open: ${this.tasks().join(', ')}`);
    return t;
  }

  complete(elementId: string, variables: Record<string, unknown> = {}, nth = 0): void {
    this.engine.completeTask(this.task(elementId, nth).id, { variables, actor: { username: 'tester' } });
  }

  status(instanceId: string): string {
    return this.engine.instance(instanceId).status;
  }

  vars(instanceId: string): Record<string, unknown> {
    return this.engine.instance(instanceId).variables;
  }

  /** Moves the clock to `at` and runs whatever falls due. */
  async advance(at: string | Date): Promise<void> {
    this.engine.now = new Date(at);
    await this.engine.runDueJobs();
  }

  /** Runs jobs due now (service tasks). */
  async runJobs(): Promise<number> {
    return this.engine.runDueJobs();
  }

  events(instanceId?: string, type?: HistoryEvent['type']): HistoryEvent[] {
    return this.engine.history.filter((h) => (!instanceId || h.instanceId === instanceId) && (!type || h.type === type));
  }

  /** Elements completed, in order. */
  completed(instanceId?: string): string[] {
    return this.events(instanceId, 'element.completed').map((h) => h.elementId!);
  }

  terminated(instanceId?: string): string[] {
    return this.events(instanceId, 'element.terminated').map((h) => h.elementId!);
  }

  count(elementId: string, type: HistoryEvent['type'] = 'element.completed', instanceId?: string): number {
    return this.events(instanceId, type).filter((h) => h.elementId === elementId).length;
  }

  nextTimer(): string | undefined {
    return this.engine.nextJob()?.dueAt;
  }
}
