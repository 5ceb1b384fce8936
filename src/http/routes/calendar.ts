// The working-day calendar over HTTP: which years are covered, loading a year's official
// arrangement (admin), and working-day arithmetic for the caller's region.
import type { AppDeps } from '../deps.js';
import { rolesOf, regionVisible, type Actor } from '../../org/index.js';
import { forbidden } from '../errors.js';
import { nextYearWarning, type WorkCalendar, listStoredArrangements, loadCalendar, loadOfficialYear } from '../../calendar/index.js';
import { refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const dateList = { type: 'array', maxItems: 366, items: { type: 'string', pattern: ISO_DATE } } as const;
const arrangementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'daysOff', 'makeUpWorkdays'],
  properties: {
    year: { type: 'integer', minimum: 1949, maximum: 2200 },
    daysOff: dateList,
    makeUpWorkdays: dateList,
    source: { type: 'string', maxLength: 500 },
  },
} as const;
const coverageSchema = {
  type: 'object',
  properties: {
    from: { type: 'integer' },
    to: { type: 'integer' },
    loaded: { type: 'array', items: { type: 'integer' } },
    years: { type: 'array', items: { type: 'integer' } },
    provisional: { type: 'array', items: { type: 'integer' } },
  },
} as const;
const bilingual = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const warningSchema = { type: ['object', 'null'], properties: { year: { type: 'integer' }, message: bilingual } } as const;
const recomputedSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { kind: { type: 'string' }, id: { type: ['integer', 'string'] }, before: { type: 'string' }, after: { type: 'string' }, provisional: { type: 'boolean' } },
  },
} as const;
/** Whether a result was computed on a provisional year (暂定), and which. */
const provisionalProps = { provisional: { type: 'boolean' }, provisionalYear: { type: ['integer', 'null'] } } as const;
const errors = refusals(400, 403, 422);

function provisionalOf(calendar: WorkCalendar, a: string, b: string): { provisional: boolean; provisionalYear: number | null } {
  const year = calendar.provisionalIn(a, b);
  return { provisional: year !== null, provisionalYear: year };
}

export default async function calendarRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  /** The calendar of `region` (default: the caller's), after checking the caller may see it. */
  async function calendarFor(actor: Actor, region: string | undefined, strict = false): Promise<WorkCalendar> {
    const code = region ?? actor.regionCode;
    if (region !== undefined && !regionVisible(actor, region)) throw forbidden({ zh: `无权查看地区 ${region} 的日历`, en: `region ${region} is outside your regions` });
    const calendar = await loadCalendar(deps.store.db, code || undefined);
    return strict ? calendar.strict() : calendar;
  }

  app.get(
    '/api/calendar/years',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['calendar'],
        summary:
          'Years the working-day calendar covers: bundled (chinese-days) and loaded official arrangements, provisional years, and from October a warning when next year is missing',
        response: {
          200: {
            type: 'object',
            properties: {
              coverage: coverageSchema,
              warning: warningSchema,
              loaded: { type: 'array', items: { type: 'object', properties: { ...arrangementSchema.properties, loadedAt: { type: 'string', format: 'date-time' } } } },
            },
          },
        },
      },
    },
    async () => {
      const stored = await listStoredArrangements(deps.store.db);
      const calendar = await loadCalendar(deps.store.db);
      const coverage = calendar.coverage();
      return { coverage, warning: nextYearWarning(coverage, deps.now()), loaded: stored.map((s) => ({ ...s.arrangement, loadedAt: s.loadedAt.toISOString() })) };
    },
  );

  app.post(
    '/api/calendar/years',
    {
      config: { access: rolesOf('calendarLoad') },
      schema: {
        tags: ['calendar'],
        summary:
          'Load one year’s official arrangement of days off and make-up workdays (admin); replaces a loaded year and recomputes the deadlines computed on its provisional calendar',
        body: arrangementSchema,
        response: {
          200: { type: 'object', properties: { arrangement: arrangementSchema, replaced: { type: 'boolean' }, coverage: coverageSchema, recomputed: recomputedSchema } },
          201: { type: 'object', properties: { arrangement: arrangementSchema, replaced: { type: 'boolean' }, coverage: coverageSchema, recomputed: recomputedSchema } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const saved = await loadOfficialYear(deps.store.db, request.actor, request.body);
      const coverage = (await loadCalendar(deps.store.db)).coverage();
      return reply.status(saved.replaced ? 200 : 201).send({ arrangement: saved.arrangement, replaced: saved.replaced !== null, coverage, recomputed: saved.recomputed });
    },
  );

  app.get(
    '/api/calendar/add-workdays',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['calendar'],
        summary: 'The n-th working day after date (n < 0: before; date itself not counted), in the caller’s region or a region below it',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['date', 'n'],
          properties: {
            date: { type: 'string', pattern: ISO_DATE },
            n: { type: 'integer', minimum: -100000, maximum: 100000 },
            region: { type: 'string', pattern: '^\\d{2,12}$' },
            strict: { type: 'boolean', description: 'refuse (422 calendar_provisional) a result that needs a provisional year' },
          },
        },
        response: { 200: { type: 'object', properties: { date: { type: 'string' }, n: { type: 'integer' }, result: { type: 'string' }, ...provisionalProps } }, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const calendar = await calendarFor(request.actor, q.region, q.strict);
      const result = calendar.addWorkdays(q.date, q.n);
      return { date: q.date, n: q.n, result, ...provisionalOf(calendar, q.date, result) };
    },
  );

  app.get(
    '/api/calendar/workdays-between',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['calendar'],
        summary: 'Working days in (from, to]: from excluded, to included; negative when to is before from',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            from: { type: 'string', pattern: ISO_DATE },
            to: { type: 'string', pattern: ISO_DATE },
            region: { type: 'string', pattern: '^\\d{2,12}$' },
            strict: { type: 'boolean', description: 'refuse (422 calendar_provisional) a result that needs a provisional year' },
          },
        },
        response: { 200: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' }, workdays: { type: 'integer' }, ...provisionalProps } }, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const calendar = await calendarFor(request.actor, q.region, q.strict);
      const workdays = calendar.workdaysBetween(q.from, q.to);
      return { from: q.from, to: q.to, workdays, ...provisionalOf(calendar, q.from, q.to) };
    },
  );
}
