// What the engine's routes files (src/http/routes/engine*.ts) share: one engine store per app,
// the caller as the engine names them (with their department's code), and the lookups that
// answer 404 for a deployment, instance or task that does not exist and 403 for one outside
// the caller's scope. The rules themselves are in src/engine/access.ts.
import type { AppDeps } from './deps.js';
import { notFound, outOfScope } from './errors.js';
import { type Actor, regionVisible, departmentCodeOf } from '../org/index.js';
import { shanghaiIso } from '../shared/time.js';
import { instanceScopeOf, EngineStore, type EngineCaller, type InstanceQuery, delegatorsOf } from '../engine/index.js';

const TASK = { zh: '任务', en: 'task' };
const INSTANCE = { zh: '流程实例', en: 'process instance' };

export type EngineAccess = ReturnType<typeof createEngineAccess>;

// One per app (its deps), like the one routes file these came from: the engine store keeps which
// deployment is the latest, so deploying and starting go through the same one.
const perApp = new WeakMap<AppDeps, EngineAccess>();

export function engineAccess(deps: AppDeps): EngineAccess {
  let access = perApp.get(deps);
  if (!access) perApp.set(deps, (access = createEngineAccess(deps)));
  return access;
}

function createEngineAccess(deps: AppDeps) {
  const engine = new EngineStore(deps.store.db, { now: deps.now });
  const deptCodes = new Map<number, string | null>();

  /** The caller with their department's code, which the engine's candidates name. */
  async function caller(actor: Actor): Promise<EngineCaller> {
    let code: string | null | undefined = actor.departmentId == null ? null : deptCodes.get(actor.departmentId);
    if (code === undefined && actor.departmentId != null) {
      code = await departmentCodeOf(deps.store.db, actor.departmentId);
      deptCodes.set(actor.departmentId, code);
    }
    return { ...actor, ...(code ? { departmentCode: code } : {}) };
  }

  /** Which instances the caller may list (see instanceScopeOf); only a department officer's department is looked up. */
  async function instanceScope(actor: Actor): Promise<InstanceQuery> {
    return instanceScopeOf(actor, actor.role === 'department_officer' ? await caller(actor) : actor);
  }

  /**
   * A task an applicant may see at all: one of an instance they started (an applicant's task
   * belongs to the applicant of its instance, not to every applicant). Others: tasks in their
   * regions. Outside that the caller is told it is outside their scope (403).
   */
  async function visibleTask(actor: Actor, id: string) {
    const task = await engine.task(id);
    if (!task) throw notFound('任务', id);
    if (!regionVisible(actor, task.regionCode)) throw outOfScope(TASK, id);
    if (
      actor.role === 'applicant' &&
      (await engine.listInstances({ regionPrefix: actor.regionCode, startedBy: actor.username, instanceId: task.instanceId, limit: 1 })).total === 0
    )
      throw outOfScope(TASK, id);
    return task;
  }

  /** A deployment in the caller's regions, else 403 (404 when there is none). */
  async function visibleDeployment(actor: Actor, id: number) {
    const d = await engine.deployment(id);
    if (!d) throw notFound('流程部署', id);
    if (!regionVisible(actor, d.regionCode)) throw outOfScope({ zh: '流程部署', en: 'deployment' }, id);
    return d;
  }

  /** An instance the caller may see (the same scope as the instance list), else 403 (404 when there is none). */
  async function visibleInstance(actor: Actor, id: string) {
    const inst = await engine.instance(id);
    if (!inst) throw notFound('流程实例', id);
    if (!regionVisible(actor, inst.regionCode)) throw outOfScope(INSTANCE, id);
    const scope = await instanceScope(actor);
    if ((scope.departmentCode !== undefined || scope.startedBy !== undefined) && (await engine.listInstances({ ...scope, instanceId: id, limit: 1 })).total === 0)
      throw outOfScope(INSTANCE, id);
    return inst;
  }

  /** Colleagues whose tasks the caller works today (delegation while away). */
  const delegatorsToday = (actor: Actor) => delegatorsOf(deps.store.db, actor.userId, shanghaiIso(deps.now()).slice(0, 10));

  return { engine, caller, instanceScope, visibleTask, visibleDeployment, visibleInstance, delegatorsToday };
}
