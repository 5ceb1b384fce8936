// What can be rated: one source per occurrence kind (the registry is in sources.ts). Engine
// process instances are the source for any process; the one-window service (`application`),
// grass-roots cases (`case`) and window visits have their own, and everything downstream
// (cases, rankings, the board) works on the attribution a source gives.
import type { Kysely } from 'kysely';
import { defaultCalendar } from '../calendar/index.js';
import { shanghaiIso } from '../shared/time.js';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { attribution, instanceFacts, type Facts, type TaskRow } from './facts.js';
import type { OccurrenceKind } from './model.js';

type Db = Kysely<Database>;

export interface Occurrence {
  kind: OccurrenceKind;
  id: string;
  regionCode: string;
  /** Rating is refused until the work is finished. */
  finished: boolean;
  /** The user name of the person served (the applicant); only they may rate it. */
  owner: string | null;
  departmentCode: string | null;
  officer: string | null;
  matterCode: string | null;
  matterName: string | null;
  windowCode: string | null;
  endedAt: Date | null;
  /** The rater is not known by name (a visitor without an account on the window's pad): no follow-up is owed. */
  anonymous?: boolean;
}

export interface OccurrenceSource {
  kind: OccurrenceKind;
  load(db: Db, id: string): Promise<Occurrence | null>;
  /** The history a 差评 opens on. */
  facts(db: Db, id: string, now: Date): Promise<Facts | null>;
  /**
   * Runs inside the rating's transaction once it is stored: a source whose occurrence keeps a
   * satisfaction of its own (an enterprise request's case) records the same level there.
   */
  rated?(trx: Db, id: string, level: number, actor: Actor, now: Date): Promise<void>;
}

/** The engine's steps of an instance, with the department that completed each. */
export async function instanceTasks(db: Db, instanceId: string): Promise<TaskRow[]> {
  const [tasks, completions] = await Promise.all([
    db
      .selectFrom('engine_tasks')
      .select(['id', 'name', 'element_id', 'created_at', 'ended_at', 'due_at', 'completed_by', 'status', 'candidates'])
      .where('instance_id', '=', instanceId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db.selectFrom('engine_history').select(['task_id', 'department']).where('instance_id', '=', instanceId).where('type', '=', 'task.completed').execute(),
  ]);
  const department = new Map(completions.filter((c) => c.task_id).map((c) => [c.task_id!, c.department]));
  return tasks.map((t) => {
    const candidates = (typeof t.candidates === 'string' ? JSON.parse(t.candidates) : t.candidates) as { departments?: string[] } | null;
    return {
      name: t.name,
      elementId: t.element_id,
      createdAt: new Date(t.created_at),
      endedAt: t.ended_at ? new Date(t.ended_at) : null,
      dueAt: t.due_at ? new Date(t.due_at) : null,
      completedBy: t.completed_by,
      department: department.get(t.id) ?? candidates?.departments?.[0] ?? null,
      status: t.status,
    };
  });
}

export const instanceSource: OccurrenceSource = {
  kind: 'instance',
  async load(db, id) {
    const row = await db
      .selectFrom('engine_instances as i')
      .innerJoin('engine_deployments as d', 'd.id', 'i.deployment_id')
      .select(['i.id', 'i.region_code', 'i.status', 'i.started_by', 'i.process_key', 'i.ended_at', 'd.name'])
      .where('i.id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const who = attribution(await instanceTasks(db, id));
    return {
      kind: 'instance',
      id: row.id,
      regionCode: row.region_code,
      finished: row.status === 'completed',
      owner: row.started_by,
      departmentCode: who.department,
      officer: who.officer,
      matterCode: row.process_key,
      matterName: row.name ?? row.process_key,
      windowCode: null,
      endedAt: row.ended_at ? new Date(row.ended_at) : null,
    };
  },
  async facts(db, id, now) {
    const row = await db.selectFrom('engine_instances').select(['started_at', 'ended_at', 'started_by']).where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const instance = { startedAt: new Date(row.started_at), endedAt: row.ended_at ? new Date(row.ended_at) : null, startedBy: row.started_by };
    return instanceFacts(instance, await instanceTasks(db, id), defaultCalendar(), now, shanghaiIso);
  },
};
