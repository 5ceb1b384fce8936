// The occurrences ratings rate, one source per kind: engine process instances (occurrence.ts),
// applications of the one-window service, grass-roots cases of the closed loop, window
// visits, and enterprises' requests to their service officers (src/enterprise). Each says who may rate it, whether it is finished, whom a rating is attributed to,
// and the facts a 差评 opens on. Read-only: the rating commands write.
import { sql, type Kysely } from 'kysely';
import { defaultCalendar } from '../calendar/index.js';
import { isFinished } from '../window/model.js';
import { shanghaiIso } from '../shared/time.js';
import type { Database } from '../store/schema.js';
import { attribution, instanceFacts, type Facts } from './facts.js';
import type { OccurrenceKind } from './model.js';
import { instanceSource, instanceTasks, type Occurrence, type OccurrenceSource } from './occurrence.js';
import { enterpriseRequestSource } from '../enterprise/rating-source.js';

type Db = Kysely<Database>;

const numericId = (id: string): number | null => (/^\d{1,15}$/.test(id) ? Number(id) : null);

/** The user name of a person served: an applicant's account (a grid worker who reported a case is staff, not the person served). */
async function usernameOf(db: Db, userId: number | null): Promise<string | null> {
  if (userId === null) return null;
  const u = await db.selectFrom('users').select('username').where('id', '=', userId).where('role', '=', 'applicant').executeTakeFirst();
  return u?.username ?? null;
}

/** A one-window application: the applicant rates it once it is concluded (results issued) or not accepted. */
export const applicationSource: OccurrenceSource = {
  kind: 'application',
  async load(db, id) {
    const n = numericId(id);
    if (n === null) return null;
    const row = await db
      .selectFrom('window_applications')
      .select(['id', 'region_code', 'status', 'applicant_id', 'service_code', 'service_name', 'instance_id', 'concluded_at', 'updated_at', 'departments'])
      .where('id', '=', n)
      .executeTakeFirst();
    if (!row) return null;
    // Attributed like the process it ran as: the department and officer of the last human step;
    // an application not accepted to the clerk who refused it.
    let who: { department: string | null; officer: string | null } = { department: null, officer: null };
    if (row.instance_id) who = attribution(await instanceTasks(db, row.instance_id));
    if (!who.officer) {
      const refused = await db.selectFrom('window_events').select('actor').where('application_id', '=', n).where('type', '=', 'application.rejected').executeTakeFirst();
      who = { department: who.department ?? (row.departments as string[] | null)?.[0] ?? null, officer: refused?.actor ?? null };
    }
    const visit = await db.selectFrom('rating_visits').select('window_code').where('application_id', '=', n).executeTakeFirst();
    return {
      kind: 'application',
      id: String(row.id),
      regionCode: row.region_code,
      finished: isFinished(row.status),
      owner: await usernameOf(db, row.applicant_id ? Number(row.applicant_id) : null),
      departmentCode: who.department,
      officer: who.officer,
      matterCode: row.service_code,
      matterName: row.service_name,
      windowCode: visit?.window_code ?? null,
      endedAt: row.status === 'concluded' ? new Date(row.concluded_at!) : row.status === 'rejected' ? new Date(row.updated_at) : null,
    };
  },
  async facts(db, id, now) {
    const n = numericId(id);
    if (n === null) return null;
    const row = await db
      .selectFrom('window_applications')
      .select(['submitted_at', 'created_at', 'concluded_at', 'updated_at', 'status', 'instance_id', 'supplement_rounds', 'applicant_name'])
      .where('id', '=', n)
      .executeTakeFirst();
    if (!row) return null;
    const startedAt = new Date(row.submitted_at ?? row.created_at);
    const endedAt = row.concluded_at ? new Date(row.concluded_at) : row.status === 'rejected' ? new Date(row.updated_at) : null;
    const tasks = row.instance_id ? await instanceTasks(db, row.instance_id) : [];
    const facts = instanceFacts({ startedAt, endedAt, startedBy: row.applicant_name }, tasks, defaultCalendar(), now, shanghaiIso);
    // The window counts its supplement notices (一次性告知) itself; the process has no step for them.
    return { ...facts, supplementNotices: Math.max(facts.supplementNotices, Number(row.supplement_rounds)) };
  },
};

/** A grass-roots case: the reporter rates it once it is closed (结案). */
export const caseSource: OccurrenceSource = {
  kind: 'case',
  async load(db, id) {
    const n = numericId(id);
    if (n === null) return null;
    const row = await db
      .selectFrom('cases as c')
      .leftJoin('case_categories as k', 'k.code', 'c.category_code')
      .leftJoin('departments as d', 'd.id', 'c.unit_department_id')
      .select(['c.id', 'c.region_code', 'c.status', 'c.reporter_id', 'c.category_code', 'k.name_zh', 'd.code as department_code', 'c.closed_at'])
      .where('c.id', '=', n)
      .executeTakeFirst();
    if (!row) return null;
    // The officer is whoever reported the handling (处置), the step a reporter judges.
    const handled = await db
      .selectFrom('case_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['u.username'])
      .where('e.case_id', '=', n)
      .where('e.action', '=', 'handle')
      .orderBy('e.id', 'desc')
      .executeTakeFirst();
    return {
      kind: 'case',
      id: String(row.id),
      regionCode: row.region_code,
      finished: row.status === 'closed' || row.status === 'evaluated',
      owner: await usernameOf(db, row.reporter_id === null ? null : Number(row.reporter_id)),
      departmentCode: row.department_code ?? null,
      officer: handled?.username ?? null,
      matterCode: row.category_code,
      matterName: row.name_zh ?? row.category_code,
      windowCode: null,
      endedAt: row.closed_at ? new Date(row.closed_at) : null,
    };
  },
  async facts(db, id, now) {
    const n = numericId(id);
    if (n === null) return null;
    const row = await db
      .selectFrom('cases')
      .select(['reported_at', 'closed_at', 'reporter_name', 'responded_late', 'handled_late', 'handle_due', 'response_due'])
      .where('id', '=', n)
      .executeTakeFirst();
    if (!row) return null;
    const events = await db
      .selectFrom('case_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.at', 'e.action', 'e.actor_name', 'u.username'])
      .where('e.case_id', '=', n)
      .orderBy('e.id')
      .limit(200)
      .execute();
    const calendar = defaultCalendar();
    const days = (a: Date, b: Date): number | null => {
      try {
        return Math.round(calendar.workdaysBetweenInstants(a, b) * 100) / 100;
      } catch {
        return null;
      }
    };
    const missed: string[] = [];
    if (row.responded_late) missed.push('respond');
    if (row.handled_late) missed.push('handle');
    const steps = events.map((e, i) => {
      const at = new Date(e.at);
      const prev = i ? new Date(events[i - 1].at) : new Date(row.reported_at);
      return {
        name: e.action,
        handledBy: e.username ?? e.actor_name,
        department: null,
        workdays: days(prev, at),
        dueAt: null,
        missedDeadline: (e.action === 'respond' && !!row.responded_late) || (e.action === 'handle' && !!row.handled_late),
      };
    });
    let longest: string | null = null;
    let most = -1;
    for (const s of steps) if (s.workdays !== null && s.workdays > most) [longest, most] = [s.name, s.workdays];
    const endedAt = row.closed_at ? new Date(row.closed_at) : null;
    const facts: Facts = {
      startedAt: shanghaiIso(new Date(row.reported_at)),
      endedAt: endedAt ? shanghaiIso(endedAt) : null,
      startedBy: row.reporter_name,
      workdays: days(new Date(row.reported_at), endedAt ?? now),
      steps,
      supplementNotices: 0,
      missedDeadlines: missed,
      longestStep: longest,
    };
    return facts;
  },
};

/** A visit to the window: rated on the window's pad once the clerk ends it. */
export const visitSource: OccurrenceSource = {
  kind: 'window_visit',
  async load(db, id) {
    const n = numericId(id);
    if (n === null) return null;
    const v = await db.selectFrom('rating_visits').selectAll().where('id', '=', n).executeTakeFirst();
    if (!v) return null;
    return {
      kind: 'window_visit',
      id: String(v.id),
      regionCode: v.region_code,
      finished: v.ended_at !== null,
      // A visitor without an account rates anonymously on the pad, under the visit's own name.
      owner: v.visitor ?? `visitor:${v.id}`,
      anonymous: v.visitor === null,
      departmentCode: v.department_code,
      officer: v.clerk,
      matterCode: v.matter_code,
      matterName: v.matter_name ?? '窗口服务',
      windowCode: v.window_code,
      endedAt: v.ended_at ? new Date(v.ended_at) : null,
    };
  },
  async facts(db, id) {
    const n = numericId(id);
    if (n === null) return null;
    const v = await db.selectFrom('rating_visits').selectAll().where('id', '=', n).executeTakeFirst();
    if (!v) return null;
    const start = new Date(v.started_at);
    const end = v.ended_at ? new Date(v.ended_at) : null;
    return {
      startedAt: shanghaiIso(start),
      endedAt: end ? shanghaiIso(end) : null,
      startedBy: v.visitor_name || v.visitor,
      workdays: null,
      steps: [{ name: `窗口 ${v.window_code}`, handledBy: v.clerk, department: v.department_code, workdays: null, dueAt: null, missedDeadline: false }],
      supplementNotices: 0,
      missedDeadlines: [],
      longestStep: null,
    };
  },
};

const SOURCES = new Map<OccurrenceKind, OccurrenceSource>([
  ['instance', instanceSource],
  ['application', applicationSource],
  ['case', caseSource],
  ['window_visit', visitSource],
  ['enterprise_request', enterpriseRequestSource],
]);

export function occurrenceSource(kind: OccurrenceKind): OccurrenceSource | undefined {
  return SOURCES.get(kind);
}

/** Finished occurrences of a county nobody rated since `cutoff`, oldest first: what a default rating is due for. */
export async function unratedSince(db: Db, county: string, cutoff: Date, limit: number): Promise<Array<{ kind: OccurrenceKind; id: string }>> {
  const pattern = `${county}%`;
  const rows = await sql<{ kind: OccurrenceKind; id: string }>`
    select kind, id from (
      select 'instance' as kind, i.id::text as id, i.ended_at as ended from engine_instances i
      where i.region_code like ${pattern} and i.status = 'completed' and i.ended_at < ${cutoff} and i.started_by is not null and i.parent_id is null
        and not exists (select 1 from window_applications a where a.instance_id = i.id)
        and not exists (select 1 from ratings r where r.occurrence_kind = 'instance' and r.occurrence_id = i.id and r.evaluation = 'occurrence')
      union all
      select 'application', a.id::text, a.concluded_at from window_applications a
      where a.region_code like ${pattern} and a.status = 'concluded' and a.concluded_at < ${cutoff}
        and exists (select 1 from users u where u.id = a.applicant_id and u.role = 'applicant')
        and not exists (select 1 from ratings r where r.occurrence_kind = 'application' and r.occurrence_id = a.id::text and r.evaluation = 'occurrence')
      union all
      select 'case', c.id::text, c.closed_at from cases c
      where c.region_code like ${pattern} and c.status in ('closed', 'evaluated') and c.closed_at < ${cutoff}
        and exists (select 1 from users u where u.id = c.reporter_id and u.role = 'applicant')
        and not exists (select 1 from ratings r where r.occurrence_kind = 'case' and r.occurrence_id = c.id::text and r.evaluation = 'occurrence')
    ) due order by ended, kind, id limit ${limit}`.execute(db);
  return rows.rows;
}

export type { Occurrence };
