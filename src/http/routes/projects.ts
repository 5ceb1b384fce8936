// Major projects over HTTP: projects and their milestones, the template, approvals linked
// from the one window, blockers and the escalation sweep, task-force and coordination
// meetings with their follow-up items, the board, a project's Gantt chart and timeline.
// Thin: the work is in src/projects.
import {
  addBlocker,
  BLOCKER_LEVELS,
  completeItem,
  coordinationMeetings,
  createProject,
  escalatedBlockers,
  getProject,
  getTemplate,
  holdCoordinationMeeting,
  holdTaskForceMeeting,
  linkApproval,
  listItems,
  PROJECT_LEVELS,
  projectBoard,
  resolveBlocker,
  setMilestoneDates,
  setTemplate,
  sweepAll,
} from '../../projects/index.js';
import type { AppDeps } from '../deps.js';
import type { TypedApp } from '../app-types.js';

const text = (max: number, min = 0) => ({ type: 'string', minLength: min, maxLength: max }) as const;
const date = { type: 'string', minLength: 10, maxLength: 10 } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;

const READERS = ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk'] as const;
const LEADERS = ['admin', 'reform_office', 'leader'] as const;

const decisionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'dueDate'],
  properties: {
    text: text(2000, 1),
    ownerDepartmentId: { type: ['integer', 'null'], minimum: 1 },
    ownerUsername: text(100),
    dueDate: date,
    blockerId: { type: 'integer', minimum: 1 },
    itemId: { type: 'integer', minimum: 1 },
    resolves: { type: 'boolean' },
  },
} as const;

export default async function projectRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  const clock = () => ({ now: deps.now() });

  app.get(
    '/api/projects',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'The board: a column per milestone, each project where it stands, overdue marked',
        querystring: { type: 'object', additionalProperties: false, properties: { level: { type: 'string', enum: [...PROJECT_LEVELS] } } },
      },
    },
    async (request) => projectBoard(db, request.actor!, deps.now(), request.query),
  );

  app.post(
    '/api/projects',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['projects'],
        summary: 'Record a key project with its investor, leader in charge, agent (代办员) and task force; milestones planned from the template in working days',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'investorUscc', 'investment', 'location', 'industry', 'level', 'leader', 'agent', 'startDate'],
          properties: {
            name: text(200, 1),
            investorUscc: text(18, 1),
            investment: { type: 'number' },
            location: text(200, 1),
            industry: text(100, 1),
            level: { type: 'string', enum: [...PROJECT_LEVELS] },
            regionCode: text(15),
            leader: text(100, 1),
            agent: text(100, 1),
            taskForceLead: text(100),
            startDate: date,
            members: {
              type: 'array',
              maxItems: 50,
              items: { type: 'object', additionalProperties: false, required: ['username'], properties: { username: text(100, 1), duty: text(100) } },
            },
            plannedDates: { type: 'object', maxProperties: 30, additionalProperties: date },
          },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await createProject(db, request.actor!, request.body, clock())),
  );

  app.get('/api/projects/template', { config: { access: READERS }, schema: { tags: ['projects'], summary: 'The county’s milestone template' } }, async (request) =>
    getTemplate(db, request.actor!),
  );

  app.put(
    '/api/projects/template',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['projects'],
        summary: 'Replace the milestone template (projects already recorded keep theirs)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['steps'],
          properties: {
            steps: {
              type: 'array',
              minItems: 1,
              maxItems: 40,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['code', 'position', 'name', 'workdays'],
                properties: {
                  code: text(40, 1),
                  position: { type: 'integer', minimum: 1, maximum: 100 },
                  name: { type: 'object', additionalProperties: false, required: ['zh'], properties: { zh: text(30, 1), en: text(60) } },
                  workdays: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    },
    async (request) => ({
      steps: await setTemplate(
        db,
        request.actor!,
        request.body.steps.map((s) => ({ ...s, name: { zh: s.name.zh, en: s.name.en ?? '' } })),
      ),
    }),
  );

  app.get(
    '/api/projects/blockers/escalated',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['projects'],
        summary: 'The leader’s list of escalated blockers (task-force lead and coordination meeting)',
        querystring: { type: 'object', additionalProperties: false, properties: { level: { type: 'string', enum: [...BLOCKER_LEVELS] } } },
      },
    },
    async (request) => ({ items: await escalatedBlockers(db, request.actor!, deps.now(), request.query) }),
  );

  app.get(
    '/api/projects/coordination-meetings',
    {
      config: { access: LEADERS },
      schema: { tags: ['projects'], summary: 'The county’s coordination meetings (调度会): the draft with its agenda of escalated blockers, and those held' },
    },
    async (request) => ({
      items: await coordinationMeetings(db, request.actor!, deps.now()),
    }),
  );

  app.post(
    '/api/projects/coordination-meetings/:id/hold',
    {
      config: { access: LEADERS },
      schema: {
        tags: ['projects'],
        summary: 'Hold the drafted coordination meeting: each decision about an agenda blocker becomes a follow-up item with its deadline; resolves closes the blocker',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['heldOn', 'minutes', 'decisions'],
          properties: { heldOn: date, minutes: text(20000, 1), decisions: { type: 'array', maxItems: 50, items: decisionSchema } },
        },
      },
    },
    async (request) => holdCoordinationMeeting(db, request.actor!, request.params.id, request.body, clock()),
  );

  app.get(
    '/api/projects/items',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'Follow-up items (督办事项): a department’s own, or the region’s',
        querystring: { type: 'object', additionalProperties: false, properties: { open: { type: 'boolean' } } },
      },
    },
    async (request) => ({ items: await listItems(db, request.actor!, deps.now(), request.query) }),
  );

  app.post(
    '/api/projects/items/:id/done',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'The owner department completes a follow-up item',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { note: text(2000) } },
      },
    },
    async (request) => {
      await completeItem(db, request.actor!, request.params.id, request.body ?? {}, clock());
      return { ok: true };
    },
  );

  app.post(
    '/api/projects/blockers/:id/resolve',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'Resolve a blocker (owner department, task-force lead, leader)',
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['resolution'], properties: { resolution: text(2000, 1) } },
      },
    },
    async (request) => {
      await resolveBlocker(db, request.actor!, request.params.id, request.body, clock());
      return { ok: true };
    },
  );

  app.post(
    '/api/projects/sweep',
    { config: { access: ['admin'] }, schema: { tags: ['projects'], summary: 'Run the escalation sweep now (blockers and enterprise requests; the server does it every minute)' } },
    async () => sweepAll(db, deps.now()),
  );

  app.get(
    '/api/projects/:id',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'One project: milestones, Gantt bars in working days, approvals with their predicted path, task force, blockers, items, meetings, timeline',
        params: idParams,
      },
    },
    async (request) => getProject(db, request.actor!, request.params.id, deps.now()),
  );

  app.put(
    '/api/projects/:id/milestones/:code',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'Set a milestone’s planned or actual date; a date before its predecessor’s is refused (422), naming both',
        params: { type: 'object', required: ['id', 'code'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 }, code: text(40, 1) } },
        body: { type: 'object', additionalProperties: false, properties: { plannedDate: date, actualDate: { type: ['string', 'null'], minLength: 10, maxLength: 10 } } },
      },
    },
    async (request) => {
      await setMilestoneDates(db, request.actor!, request.params.id, request.params.code, request.body, clock());
      return getProject(db, request.actor!, request.params.id, deps.now());
    },
  );

  app.post(
    '/api/projects/:id/approvals',
    {
      config: { access: ['admin', 'window_clerk', 'department_officer'] },
      schema: {
        tags: ['projects'],
        summary: 'The agent links a one-window application filed for the investor to a milestone; it is then tracked from the project',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['milestoneCode', 'applicationId'],
          properties: { milestoneCode: text(40, 1), applicationId: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request, reply) => {
      await linkApproval(db, request.actor!, request.params.id, request.body, clock());
      return reply.status(201).send({ ok: true });
    },
  );

  app.post(
    '/api/projects/:id/blockers',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'Report a blocker (堵点) with its owner department and deadline',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'dueDate'],
          properties: { title: text(200, 1), description: text(4000), category: text(50), ownerDepartmentId: { type: ['integer', 'null'], minimum: 1 }, dueDate: date },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await addBlocker(db, request.actor!, request.params.id, request.body, clock())),
  );

  app.post(
    '/api/projects/:id/meetings',
    {
      config: { access: READERS },
      schema: {
        tags: ['projects'],
        summary: 'A task-force meeting with minutes; each decision becomes a follow-up item with owner and deadline',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'heldOn', 'minutes', 'decisions'],
          properties: { title: text(200, 1), heldOn: date, minutes: text(20000, 1), decisions: { type: 'array', maxItems: 50, items: decisionSchema } },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await holdTaskForceMeeting(db, request.actor!, request.params.id, request.body, clock())),
  );
}
