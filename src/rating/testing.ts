// Finished process instances to rate, for tests, the browser test's server and the benchmark:
// an application received at the window and decided by a department.
import type { Store } from '../store/database.js';
import { EngineStore, type EngineCaller } from '../engine/store.js';

export const RATED_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zaizao="http://zaizao.dev/schema/bpmn" targetNamespace="http://zaizao.dev/rating" id="defs">
  <process id="rated_permit" name="建设工程消防验收备案" isExecutable="true">
    <startEvent id="s"/>
    <userTask id="intake" name="窗口受理" zaizao:candidateRoles="window_clerk"/>
    <userTask id="supplement" name="补正材料" zaizao:candidateRoles="window_clerk"/>
    <userTask id="decide" name="审批决定" zaizao:candidateDepartments="ZJJ" zaizao:dueDate="P2D"/>
    <endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="intake"/>
    <sequenceFlow id="f2" sourceRef="intake" targetRef="supplement"/>
    <sequenceFlow id="f3" sourceRef="supplement" targetRef="decide"/>
    <sequenceFlow id="f4" sourceRef="decide" targetRef="e"/>
  </process>
</definitions>`;

export const CLERK: EngineCaller = { userId: 3, username: 'clerk', role: 'window_clerk', regionCode: '370883' };
export const OFFICER: EngineCaller = { userId: 4, username: 'officer', role: 'department_officer', regionCode: '370883', departmentCode: 'ZJJ' };

/** Deploys the process once per store (idempotent by looking it up). */
export async function deployRatedProcess(store: Store, now: () => Date): Promise<EngineStore> {
  const engine = new EngineStore(store.db, { now, audit: false });
  const existing = await store.db.selectFrom('engine_deployments').select('id').where('process_key', '=', 'rated_permit').executeTakeFirst();
  if (!existing) {
    const r = await engine.deploy(RATED_PROCESS, { regionCode: '370883' });
    if (!r.validation.ok) throw new Error(`test process invalid: ${JSON.stringify(r.validation)}`);
  }
  return engine;
}

/** Starts an application for `applicant` and, unless `finish` is false, runs it to its end. */
export async function applicationFor(engine: EngineStore, applicant: string, opts: { finish?: boolean; regionCode?: string } = {}): Promise<string> {
  const id = await engine.start('rated_permit', { regionCode: opts.regionCode ?? '370883', actor: { userId: 0, username: applicant, role: 'applicant' } });
  if (opts.finish === false) return id;
  for (const caller of [CLERK, CLERK, OFFICER]) {
    const [task] = await engine.openTasks(id);
    await engine.completeTask(task.id, { actor: caller });
  }
  return id;
}
