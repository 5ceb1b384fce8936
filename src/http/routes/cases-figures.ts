// The figures of closed-loop cases over HTTP, for leaders and the reform office: the month's
// rankings (督效), 每月一题, rewards and penalties, the monthly report and the event log for
// process mining. Thin: the work is in src/cases.
import { listRewards, monthlyProblems, monthlyRanking, recordReward, TIERS, caseEventLog, monthlyReportPdf, monthlyReportXlsx, regionName } from '../../cases/index.js';
import type { AppDeps } from '../deps.js';
import type { TypedApp } from '../app-types.js';

const monthQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['month'],
  properties: { month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, tier: { type: 'string', enum: [...TIERS] } },
} as const;

export default async function caseFigureRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.get(
    '/api/cases/rankings',
    {
      config: { access: ['admin', 'leader', 'reform_office', 'dispatcher'] },
      schema: { tags: ['cases'], summary: '督效: a month’s 响应率, 解决率, 满意率, overdue, reopened, report-in punctuality and the weighted ranking', querystring: monthQuery },
    },
    async (request) => monthlyRanking(db, request.actor, request.query.month, request.query.tier ?? 'village', deps.now()),
  );

  app.get(
    '/api/cases/problems',
    {
      config: { access: ['admin', 'leader', 'reform_office', 'dispatcher'] },
      schema: { tags: ['cases'], summary: '每月一题: recurring categories by township in a month', querystring: monthQuery },
    },
    async (request) => ({ items: await monthlyProblems(db, request.actor, request.query.month) }),
  );

  app.get(
    '/api/cases/report',
    {
      config: { access: ['admin', 'leader', 'reform_office'] },
      schema: {
        tags: ['cases'],
        summary: 'The monthly 督效 report (rankings of every tier, 每月一题, 奖惩) as PDF or xlsx',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['month'],
          properties: { month: monthQuery.properties.month, format: { type: 'string', enum: ['pdf', 'xlsx'] } },
        },
      },
    },
    async (request, reply) => {
      const { month, format = 'pdf' } = request.query;
      const actor = request.actor;
      const now = deps.now();
      const [village, township, department, problems, rewards, region] = await Promise.all([
        monthlyRanking(db, actor, month, 'village', now),
        monthlyRanking(db, actor, month, 'township', now),
        monthlyRanking(db, actor, month, 'department', now),
        monthlyProblems(db, actor, month),
        listRewards(db, actor, month),
        regionName(db, actor.regionCode),
      ]);
      const report = { regionName: region ?? actor.regionCode, month, rankings: { village, township, department }, problems, rewards };
      const name = encodeURIComponent(`督效通报-${month}.${format}`);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      if (format === 'xlsx') return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await monthlyReportXlsx(report));
      return reply.type('application/pdf').send(await monthlyReportPdf(report, now));
    },
  );

  app.get(
    '/api/cases/event-log',
    {
      config: { access: ['admin', 'leader', 'reform_office'] },
      schema: {
        tags: ['cases'],
        summary: 'The steps of the month’s cases as a CSV event log for process mining',
        querystring: { type: 'object', additionalProperties: false, required: ['month'], properties: { month: monthQuery.properties.month } },
      },
    },
    async (request, reply) => {
      const csv = await caseEventLog(db, request.actor, request.query.month);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cases-${request.query.month}.csv"`).send(csv);
    },
  );

  app.get(
    '/api/cases/rewards',
    { config: { access: ['admin', 'leader', 'reform_office'] }, schema: { tags: ['cases'], summary: 'Rewards and penalties recorded for a month', querystring: monthQuery } },
    async (request) => ({ items: await listRewards(db, request.actor, request.query.month) }),
  );

  app.post(
    '/api/cases/rewards',
    {
      config: { access: ['leader', 'admin'] },
      schema: {
        tags: ['cases'],
        summary: '奖惩: record a reward or penalty against a unit’s month, with who decided',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['month', 'unitKind', 'unitKey', 'kind', 'note'],
          properties: {
            month: monthQuery.properties.month,
            unitKind: { type: 'string', enum: [...TIERS] },
            unitKey: { type: 'string', minLength: 1, maxLength: 30 },
            kind: { type: 'string', enum: ['reward', 'penalty'] },
            note: { type: 'string', minLength: 1, maxLength: 1000 },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await recordReward(db, request.actor, request.body, deps.now()) }),
  );
}
