// How long a project's approvals are likely to take, from the county's history of the same
// service: the median working days of finished applications, and the path of the engine's steps.
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { predictPath, type PathPrediction, type TraceStep } from './prediction.js';
import type { Db } from './store.js';

/** Fewest finished applications of a service before its median counts as a prediction. */
export const PREDICTION_MIN_SAMPLE = 5;

/** Median working days from submission to conclusion of the same service's finished applications in the county. */
export async function predictions(db: Db, county: string, serviceCodes: string[], calendar: WorkCalendar): Promise<Map<string, { medianWorkdays: number; sample: number } | null>> {
  const out = new Map<string, { medianWorkdays: number; sample: number } | null>();
  for (const code of new Set(serviceCodes)) {
    const rows = await db
      .selectFrom('window_applications')
      .select(['submitted_at', 'concluded_at'])
      .where('service_code', '=', code)
      .where('region_code', 'like', `${county}%`)
      .where('status', '=', 'concluded')
      .where('submitted_at', 'is not', null)
      .where('concluded_at', 'is not', null)
      .orderBy('concluded_at', 'desc')
      .limit(200)
      .execute();
    if (rows.length < PREDICTION_MIN_SAMPLE) {
      out.set(code, null);
      continue;
    }
    const days = rows.map((r) => calendar.workdaysBetween(shanghaiDate(new Date(r.submitted_at!)), shanghaiDate(new Date(r.concluded_at!)))).sort((a, b) => a - b);
    out.set(code, { medianWorkdays: days[Math.floor(days.length / 2)], sample: rows.length });
  }
  return out;
}

/**
 * The path of each service: its last 200 concluded applications in the county that ran in the
 * engine, each one's completed steps in order with their working days (business hours).
 */
export async function pathPredictions(db: Db, county: string, serviceCodes: string[], calendar: WorkCalendar): Promise<Map<string, PathPrediction>> {
  const out = new Map<string, PathPrediction>();
  for (const code of new Set(serviceCodes)) {
    const apps = await db
      .selectFrom('window_applications')
      .select(['instance_id'])
      .where('service_code', '=', code)
      .where('region_code', 'like', `${county}%`)
      .where('status', '=', 'concluded')
      .where('instance_id', 'is not', null)
      .orderBy('concluded_at', 'desc')
      .limit(200)
      .execute();
    const instances = apps.map((a) => a.instance_id!);
    const tasks = instances.length
      ? await db
          .selectFrom('engine_tasks')
          .select(['instance_id', 'name', 'element_id', 'created_at', 'ended_at'])
          .where('instance_id', 'in', instances)
          .where('status', '=', 'completed')
          .orderBy('instance_id')
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      : [];
    const traces = new Map<string, TraceStep[]>(instances.map((i) => [i, []]));
    for (const t of tasks)
      traces.get(t.instance_id)!.push({ name: t.name ?? t.element_id, workdays: calendar.workdaysBetweenInstants(new Date(t.created_at), new Date(t.ended_at!)) });
    out.set(code, predictPath([...traces.values()]));
  }
  return out;
}
