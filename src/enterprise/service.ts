// The enterprise-service facade: every command and query the HTTP routes and the CLI call.
// Each command checks its input whole, then writes its rows and the audit row in one
// transaction — bad input or a forbidden step changes nothing.
import { sql } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { defaultCalendar, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { isValidCreditCode } from '../window/identity.js';
import { EnterpriseError, REQUEST_STATUSES, type Enterprise, type RequestStatus, type Text, type TierRule } from './model.js';
import { advanceEnterpriseCase, openEnterpriseCase, type EnterpriseCaseStep } from '../cases/enterprise-channel.js';
import { REQUEST_RUNGS, missedTarget, newRequestState, requestDeadlines, requestTransition, rungFor, type RequestAction, type RequestRung } from './requests.js';
import { parseRoster, rosterHeading, rosterWorkbook, type RosterProblem } from './roster.js';
import { assignTiers, checkRules, tierOf } from './tiers.js';
import { countyOf, designationsOf, loadTierRules, requestColumns, requestStateOf, type Db } from './store.js';

export interface Clocked {
  now: Date;
  /** The calendar to count on; the county's own (loadCalendar) when absent. */
  calendar?: WorkCalendar;
}

const OFFICES = new Set(['admin', 'reform_office', 'leader']);
const invalid = (messages: Text, details?: unknown) => new EnterpriseError('invalid', messages, details);
const forbidden = (messages: Text) => new EnterpriseError('forbidden', messages);
const notFoundEnterprise = (uscc: string) => new EnterpriseError('not_found', { zh: `未找到企业：${uscc}`, en: `enterprise not found: ${uscc}` });
const notFoundRequest = (id: number) => new EnterpriseError('not_found', { zh: `未找到诉求：${id}`, en: `request not found: ${id}` });
const outOfScopeEnterprise = (uscc: string) => forbidden(outOfScopeMessage({ zh: '企业', en: 'enterprise' }, uscc));

/** An enterprise the caller cannot see: 403 saying so when it exists, 404 when it does not. */
async function missingEnterprise(db: Db, uscc: string): Promise<EnterpriseError> {
  const e = await db.selectFrom('enterprises').select('uscc').where('uscc', '=', uscc.toUpperCase()).executeTakeFirst();
  return e ? outOfScopeEnterprise(uscc) : notFoundEnterprise(uscc);
}

/** A request the caller cannot see: 403 saying so when it exists, 404 when it does not. */
async function missingRequest(db: Db, id: number): Promise<EnterpriseError> {
  const r = await db.selectFrom('enterprise_requests').select('id').where('id', '=', id).executeTakeFirst();
  return r ? forbidden(outOfScopeMessage({ zh: '企业诉求', en: 'enterprise request' }, id)) : notFoundRequest(id);
}

function requireOffice(actor: Actor, what: Text): void {
  if (actor.role !== 'admin' && actor.role !== 'reform_office') throw forbidden(what);
}

function countyFor(actor: Actor): string {
  const county = countyOf(actor.regionCode);
  if (county.length < 6) throw forbidden({ zh: '您不属于任何县（市）', en: 'you belong to no county' });
  return county;
}

// ── Tier rules ────────────────────────────────────────────────────────────────────────

export async function getTierRules(db: Db, actor: Actor): Promise<{ rules: TierRule[]; custom: boolean }> {
  return loadTierRules(db, countyFor(actor));
}

async function rosterFigures(db: Db, county: string) {
  const rows = await db
    .selectFrom('enterprises')
    .select(['uscc', 'name', 'tax_paid', 'employees', 'output_value', 'designations', 'tier'])
    .where('region_code', 'like', `${county}%`)
    .execute();
  return rows.map((r) => ({
    uscc: r.uscc,
    name: r.name,
    taxPaid: Number(r.tax_paid),
    employees: r.employees,
    outputValue: Number(r.output_value),
    designations: designationsOf(r.designations),
    tier: r.tier,
  }));
}

function tierRefusal(problems: ReturnType<typeof assignTiers>['problems']): EnterpriseError {
  const first = problems[0];
  return invalid({ zh: problems.map((p) => p.reason.zh).join('；'), en: problems.map((p) => p.reason.en).join('; ') }, { code: first.kind, problems });
}

/** Writes tier changes and their history (inside the caller's transaction). */
async function applyTiers(trx: Db, county: string, current: Map<string, string | null>, tiers: Map<string, string>, reason: string, now: Date): Promise<number> {
  let changed = 0;
  for (const [uscc, tier] of tiers) {
    const before = current.get(uscc) ?? null;
    if (before === tier) continue;
    changed++;
    await trx.updateTable('enterprises').set({ tier }).where('uscc', '=', uscc).execute();
    await trx.insertInto('enterprise_tier_history').values({ uscc, region_code: county, tier, previous_tier: before, reason, at: now }).execute();
  }
  return changed;
}

/** Replaces the county's tier rules and recomputes every tier; a rule matching no enterprise is refused. */
export async function setTierRules(db: Db, actor: Actor, rules: TierRule[], now: Date): Promise<{ rules: TierRule[]; changed: number }> {
  requireOffice(actor, { zh: '只有管理员或改革办可以设定分级标准', en: 'only an administrator or the reform office sets tier rules' });
  const county = countyFor(actor);
  const sorted = checkRules(rules);
  const roster = await rosterFigures(db, county);
  const { tiers, problems } = assignTiers(sorted, roster);
  if (problems.length) throw tierRefusal(problems);
  const changed = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('enterprise_tier_rules').where('region_code', '=', county).execute();
    await trx
      .insertInto('enterprise_tier_rules')
      .values(
        sorted.map((r) => ({
          region_code: county,
          tier: r.tier,
          position: r.position,
          label_zh: r.label.zh,
          label_en: r.label.en,
          min_tax: r.minTax,
          min_employees: r.minEmployees,
          min_output: r.minOutput,
          designation: r.designation,
          first_contact_workdays: r.firstContactWorkdays,
          answer_workdays: r.answerWorkdays,
        })),
      )
      .execute();
    const n = await applyTiers(trx, county, new Map(roster.map((e) => [e.uscc, e.tier])), tiers, 'rules', now);
    await recordAudit(trx, {
      actor,
      action: 'enterprise.tier_rules',
      entity: 'enterprise_tier_rules',
      entityId: county,
      regionCode: county,
      after: { rules: sorted.map((r) => r.tier), changed: n },
    });
    return n;
  });
  return { rules: sorted, changed };
}

// ── Roster import and export ──────────────────────────────────────────────────────────

export interface RosterImportResult {
  ok: boolean;
  problems: RosterProblem[];
  counts: { created: number; updated: number; tierChanges: number };
}

/** Imports the roster workbook: all or nothing; tiers recomputed over the county's whole roster. */
export async function importRoster(db: Db, actor: Actor, data: Buffer, now: Date): Promise<RosterImportResult> {
  requireOffice(actor, { zh: '只有管理员或改革办可以导入企业名录', en: 'only an administrator or the reform office imports the roster' });
  const county = countyFor(actor);
  const parsed = parseRoster(data);
  const problems = [...parsed.problems];
  const empty = { created: 0, updated: 0, tierChanges: 0 };
  if (!problems.length && parsed.rows.length === 0)
    problems.push({ sheet: parsed.sheet, row: 0, column: '', value: '', reason: { zh: '名录中没有企业', en: 'the roster holds no enterprise' } });
  const rows = parsed.rows;
  // References: regions in the county, officers and contacts by user name.
  const regionCodes = [...new Set(rows.map((r) => r.regionCode))];
  const usernames = [...new Set(rows.flatMap((r) => [r.officer, r.contact]).filter((u): u is string => !!u))];
  const [regions, users] = await Promise.all([
    regionCodes.length ? db.selectFrom('regions').select('code').where('code', 'in', regionCodes).execute() : [],
    usernames.length ? db.selectFrom('users').select(['id', 'username', 'role', 'region_code', 'disabled']).where('username', 'in', usernames).execute() : [],
  ]);
  const knownRegions = new Set(regions.map((r) => r.code));
  const userBy = new Map(users.map((u) => [u.username, u]));
  const sheet = parsed.sheet;
  for (const r of rows) {
    if (!knownRegions.has(r.regionCode) || !r.regionCode.startsWith(county)) {
      problems.push({
        sheet,
        row: r.row,
        column: rosterHeading('region_code'),
        value: r.regionCode,
        reason: { zh: '未知区划或不属于本县（市）', en: 'unknown region, or not in this county' },
      });
    }
    for (const [key, name] of [
      ['officer', r.officer],
      ['contact', r.contact],
    ] as const) {
      if (!name) continue;
      const u = userBy.get(name);
      const wrongRole = u && (key === 'contact' ? u.role !== 'applicant' : u.role === 'applicant');
      if (!u || u.disabled || !u.region_code.startsWith(county) || wrongRole) {
        problems.push({
          sheet,
          row: r.row,
          column: rosterHeading(key),
          value: name,
          reason:
            key === 'contact'
              ? { zh: '未知用户，或不是本县的申请人账号', en: 'unknown user, or not an applicant account of this county' }
              : { zh: '未知用户，或不是本县的工作人员', en: 'unknown user, or not a staff member of this county' },
        });
      }
    }
  }
  // A code already on another county's roster is not this county's to change.
  const codes = rows.map((r) => r.uscc);
  const existing = new Map<string, { region_code: string; tier: string | null }>();
  for (let i = 0; i < codes.length; i += 1000) {
    const part = await db
      .selectFrom('enterprises')
      .select(['uscc', 'region_code', 'tier'])
      .where('uscc', 'in', codes.slice(i, i + 1000))
      .execute();
    for (const e of part) existing.set(e.uscc, e);
  }
  for (const r of rows) {
    const e = existing.get(r.uscc);
    if (e && !e.region_code.startsWith(county))
      problems.push({ sheet, row: r.row, column: rosterHeading('uscc'), value: r.uscc, reason: { zh: '该企业属于其他县（市）', en: 'this enterprise belongs to another county' } });
  }
  if (problems.length) return { ok: false, problems, counts: empty };

  // Tiers over the roster as it will be: the county's enterprises with the imported rows over them.
  const { rules } = await loadTierRules(db, county);
  const roster = new Map((await rosterFigures(db, county)).map((e) => [e.uscc, e]));
  const current = new Map([...roster.values()].map((e) => [e.uscc, e.tier]));
  for (const r of rows)
    roster.set(r.uscc, {
      uscc: r.uscc,
      name: r.name,
      taxPaid: r.taxPaid,
      employees: r.employees,
      outputValue: r.outputValue,
      designations: r.designations,
      tier: current.get(r.uscc) ?? null,
    });
  const { tiers, problems: tierProblems } = assignTiers(rules, [...roster.values()]);
  if (tierProblems.length) {
    const rowOf = new Map(rows.map((r) => [r.uscc, r.row]));
    return {
      ok: false,
      counts: empty,
      problems: tierProblems.map((p) => ({
        sheet,
        row: p.uscc ? (rowOf.get(p.uscc) ?? 0) : 0,
        column: p.uscc ? rosterHeading('uscc') : '分级标准',
        value: p.uscc ?? p.tier ?? '',
        reason: p.reason,
      })),
    };
  }
  const counts = await db.transaction().execute(async (trx) => {
    let created = 0;
    for (const r of rows) {
      const values = {
        region_code: r.regionCode,
        name: r.name,
        industry: r.industry,
        tax_paid: r.taxPaid,
        employees: r.employees,
        output_value: r.outputValue,
        designations: JSON.stringify(r.designations),
        officer_id: r.officer ? userBy.get(r.officer)!.id : null,
        contact_user_id: r.contact ? userBy.get(r.contact)!.id : null,
        updated_at: now,
      };
      if (existing.has(r.uscc))
        await trx
          .updateTable('enterprises')
          .set(values as never)
          .where('uscc', '=', r.uscc)
          .execute();
      else {
        created++;
        await trx
          .insertInto('enterprises')
          .values({ uscc: r.uscc, tier: null, ...values } as never)
          .execute();
      }
    }
    const tierChanges = await applyTiers(trx, county, current, tiers, 'import', now);
    await recordAudit(trx, { actor, action: 'enterprise.import', entity: 'enterprises', entityId: county, regionCode: county, after: { rows: rows.length, created, tierChanges } });
    return { created, updated: rows.length - created, tierChanges };
  });
  return { ok: true, problems: [], counts };
}

export async function exportRoster(db: Db, actor: Actor): Promise<Buffer> {
  requireOffice(actor, { zh: '只有管理员或改革办可以导出企业名录', en: 'only an administrator or the reform office exports the roster' });
  const rows = await db
    .selectFrom('enterprises as e')
    .leftJoin('users as o', 'o.id', 'e.officer_id')
    .leftJoin('users as c', 'c.id', 'e.contact_user_id')
    .select([
      'e.uscc',
      'e.name',
      'e.region_code',
      'e.industry',
      'e.tax_paid',
      'e.employees',
      'e.output_value',
      'e.designations',
      'e.tier',
      'o.username as officer',
      'c.username as contact',
    ])
    .where('e.region_code', 'like', regionPattern(actor))
    .orderBy('e.uscc')
    .execute();
  return rosterWorkbook(
    rows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      regionCode: r.region_code,
      industry: r.industry,
      taxPaid: Number(r.tax_paid),
      employees: r.employees,
      outputValue: Number(r.output_value),
      designations: designationsOf(r.designations),
      officer: r.officer,
      contact: r.contact,
      tier: r.tier,
    })),
  );
}

// ── Enterprises ───────────────────────────────────────────────────────────────────────

/** Which enterprises the caller sees: offices their region; a service officer those they serve; an enterprise account its own. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function scopedEnterprises(actor: Actor, q: any) {
  q = q.where('e.region_code', 'like', regionPattern(actor));
  if (actor.role === 'applicant') return q.where('e.contact_user_id', '=', actor.userId);
  if (actor.role === 'department_officer' || actor.role === 'dispatcher' || actor.role === 'grid_worker') return q.where('e.officer_id', '=', actor.userId);
  return q;
}

function enterpriseBase(db: Db) {
  return db
    .selectFrom('enterprises as e')
    .leftJoin('users as o', 'o.id', 'e.officer_id')
    .leftJoin('users as c', 'c.id', 'e.contact_user_id')
    .select([
      'e.uscc',
      'e.region_code',
      'e.name',
      'e.industry',
      'e.tax_paid',
      'e.employees',
      'e.output_value',
      'e.designations',
      'e.tier',
      'e.officer_id',
      'o.display_name as officer_name',
      'c.username as contact',
    ]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toEnterprise(r: any): Enterprise {
  return {
    uscc: r.uscc,
    regionCode: r.region_code,
    name: r.name,
    industry: r.industry,
    taxPaid: Number(r.tax_paid),
    employees: r.employees,
    outputValue: Number(r.output_value),
    designations: designationsOf(r.designations),
    tier: r.tier,
    officer: r.officer_id ? { id: r.officer_id, name: r.officer_name } : null,
    contactUser: r.contact,
  };
}

export async function listEnterprises(
  db: Db,
  actor: Actor,
  q: { tier?: string; search?: string; limit?: number; offset?: number } = {},
): Promise<{ total: number; items: Enterprise[] }> {
  let query = scopedEnterprises(actor, enterpriseBase(db));
  if (q.tier) query = query.where('e.tier', '=', q.tier);
  if (q.search)
    query = query.where((eb: never) => (eb as { or: (x: unknown[]) => unknown }).or([sql`e.name like ${'%' + q.search + '%'}`, sql`e.uscc like ${q.search!.toUpperCase() + '%'}`]));
  const limit = Math.min(q.limit ?? 50, 500);
  const [rows, total] = await Promise.all([
    query
      .orderBy('e.name')
      .limit(limit)
      .offset(q.offset ?? 0)
      .execute(),
    query
      .clearSelect()
      .select((eb: { fn: { countAll: () => { as: (n: string) => unknown } } }) => eb.fn.countAll().as('n'))
      .executeTakeFirst(),
  ]);
  return { total: Number((total as { n: number } | undefined)?.n ?? 0), items: rows.map(toEnterprise) };
}

export async function getEnterprise(db: Db, actor: Actor, uscc: string) {
  const row = await scopedEnterprises(actor, enterpriseBase(db)).where('e.uscc', '=', uscc.toUpperCase()).executeTakeFirst();
  if (!row) throw await missingEnterprise(db, uscc);
  const [history, visits] = await Promise.all([
    db
      .selectFrom('enterprise_tier_history')
      .select(['tier', 'previous_tier', 'reason', 'at'])
      .where('uscc', '=', row.uscc)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(50)
      .execute(),
    db
      .selectFrom('enterprise_visits as v')
      .innerJoin('users as u', 'u.id', 'v.officer_id')
      .select(['v.id', 'v.visited_on', 'v.raised', 'v.notes', 'u.display_name as officer'])
      .where('v.uscc', '=', row.uscc)
      .orderBy('v.visited_on', 'desc')
      .limit(50)
      .execute(),
  ]);
  return {
    ...toEnterprise(row),
    tierHistory: history.map((h) => ({ tier: h.tier, previousTier: h.previous_tier, reason: h.reason, at: shanghaiIso(new Date(h.at)) })),
    visits: visits.map((v) => ({ id: v.id, visitedOn: v.visited_on, raised: v.raised, notes: v.notes, officer: v.officer })),
  };
}

/** The enterprise row for a command, within the caller's region (404 otherwise). */
async function enterpriseFor(db: Db, actor: Actor, uscc: string) {
  const code = uscc.toUpperCase();
  if (!isValidCreditCode(code)) throw invalid({ zh: `统一社会信用代码不正确：${uscc}`, en: `not a valid unified social credit code: ${uscc}` }, { field: 'uscc' });
  const e = await db.selectFrom('enterprises').selectAll().where('uscc', '=', code).executeTakeFirst();
  if (!e) throw notFoundEnterprise(uscc);
  if (!regionVisible(actor, e.region_code)) throw outOfScopeEnterprise(uscc);
  return e;
}

export async function assignOfficer(db: Db, actor: Actor, uscc: string, officerUsername: string, now: Date): Promise<void> {
  requireOffice(actor, { zh: '只有管理员或改革办可以指派服务专员', en: 'only an administrator or the reform office assigns service officers' });
  const e = await enterpriseFor(db, actor, uscc);
  const officer = await db.selectFrom('users').select(['id', 'role', 'region_code', 'disabled']).where('username', '=', officerUsername).executeTakeFirst();
  if (!officer || officer.disabled || officer.role === 'applicant' || !officer.region_code.startsWith(countyOf(e.region_code))) {
    throw invalid({ zh: `未知的工作人员：${officerUsername}`, en: `unknown staff member: ${officerUsername}` }, { field: 'officer' });
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('enterprises').set({ officer_id: officer.id, updated_at: now }).where('uscc', '=', e.uscc).execute();
    await recordAudit(trx, {
      actor,
      action: 'enterprise.officer',
      entity: 'enterprise',
      entityId: e.uscc,
      regionCode: e.region_code,
      before: { officerId: e.officer_id },
      after: { officerId: officer.id },
    });
  });
}

/** 走访: the service officer (or an office) records a visit and what was raised. */
export async function recordVisit(db: Db, actor: Actor, uscc: string, input: { visitedOn: string; raised: string; notes?: string }, clock: Clocked): Promise<{ id: number }> {
  const e = await enterpriseFor(db, actor, uscc);
  if (e.officer_id !== actor.userId && !OFFICES.has(actor.role))
    throw forbidden({ zh: '只有该企业的服务专员可以登记走访', en: 'only the enterprise’s service officer records visits' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.visitedOn) || Number.isNaN(Date.parse(input.visitedOn)))
    throw invalid({ zh: '走访日期不正确', en: 'the visit date is not a date' }, { field: 'visitedOn' });
  const today = shanghaiIso(clock.now).slice(0, 10);
  if (input.visitedOn > today) throw invalid({ zh: '走访日期不能晚于今天', en: 'a visit cannot be in the future' }, { field: 'visitedOn' });
  if (!input.raised.trim()) throw invalid({ zh: '请填写企业反映的问题', en: 'say what the enterprise raised' }, { field: 'raised' });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('enterprise_visits')
      .values({
        uscc: e.uscc,
        region_code: e.region_code,
        officer_id: e.officer_id ?? actor.userId,
        visited_on: input.visitedOn,
        raised: input.raised.trim(),
        notes: input.notes?.trim() ?? '',
        created_at: clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'enterprise.visit',
      entity: 'enterprise',
      entityId: e.uscc,
      regionCode: e.region_code,
      after: { visitId: row.id, visitedOn: input.visitedOn },
    });
    return { id: row.id };
  });
}

// ── Requests (诉求) ───────────────────────────────────────────────────────────────────

export interface RequestView {
  id: number;
  uscc: string;
  enterprise: string;
  regionCode: string;
  tier: string;
  title: string;
  description: string;
  status: RequestStatus;
  officer: string | null;
  filedBy: string;
  createdAt: string;
  contactDue: string;
  answerDue: string;
  contactedAt: string | null;
  contactedLate: boolean | null;
  answeredAt: string | null;
  answeredLate: boolean | null;
  answer: string;
  closedAt: string | null;
  escalated: boolean;
  /** Where the request stands on its ladder: officer → department → leader. */
  rung: RequestRung;
  /** Its case in the closed loop (src/cases). */
  caseId: number | null;
  overdue: 'contact' | 'answer' | null;
  finished: boolean;
  /** The targets were counted across a holiday year without its official arrangement (暂定). */
  provisional?: boolean;
  events?: Array<{ at: string; actor: string; action: string; note: string }>;
}

function requestBase(db: Db) {
  return db
    .selectFrom('enterprise_requests as r')
    .innerJoin('enterprises as e', 'e.uscc', 'r.uscc')
    .leftJoin('users as o', 'o.id', 'r.officer_id')
    .selectAll('r')
    .select(['e.name as enterprise', 'e.contact_user_id', 'o.display_name as officer_name']);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function toRequest(r: any, now: Date): RequestView {
  const state = requestStateOf(r);
  const iso = (d: Date | null) => (d ? shanghaiIso(new Date(d)) : null);
  return {
    id: r.id,
    uscc: r.uscc,
    enterprise: r.enterprise,
    regionCode: r.region_code,
    tier: r.tier,
    title: r.title,
    description: r.description,
    status: r.status,
    officer: r.officer_name,
    filedBy: r.filed_by,
    createdAt: shanghaiIso(new Date(r.created_at)),
    contactDue: shanghaiIso(state.contactDue),
    answerDue: shanghaiIso(state.answerDue),
    contactedAt: iso(state.contactedAt),
    contactedLate: state.contactedLate,
    answeredAt: iso(state.answeredAt),
    answeredLate: state.answeredLate,
    answer: state.answer,
    closedAt: iso(state.closedAt),
    escalated: state.escalated,
    rung: r.rung,
    caseId: r.case_id === null ? null : Number(r.case_id),
    overdue: missedTarget(state, now),
    finished: state.status === 'closed',
    // Targets counted across a holiday year without its official arrangement are 暂定.
    ...(state.status !== 'closed' && provisionalSince(new Date(r.created_at), state.answerDue) ? { provisional: true } : {}),
  };
}

function provisionalSince(from: Date, to: Date): boolean {
  try {
    return defaultCalendar().provisionalIn(from, to) !== null;
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function scopedRequests(actor: Actor, q: any) {
  q = q.where('r.region_code', 'like', regionPattern(actor));
  if (actor.role === 'applicant') return q.where('e.contact_user_id', '=', actor.userId);
  if (!OFFICES.has(actor.role)) return q.where('r.officer_id', '=', actor.userId);
  return q;
}

/** Files a request for an enterprise: its account, its service officer or an office on its behalf. */
export async function fileRequest(db: Db, actor: Actor, input: { uscc: string; title: string; description: string }, clock: Clocked): Promise<RequestView> {
  const e = await enterpriseFor(db, actor, input.uscc);
  const mayFile = actor.role === 'applicant' ? e.contact_user_id === actor.userId : e.officer_id === actor.userId || OFFICES.has(actor.role);
  if (!mayFile) {
    if (actor.role === 'applicant') throw outOfScopeEnterprise(input.uscc);
    throw forbidden({ zh: '只有企业本身、其服务专员或改革办可以提交诉求', en: 'only the enterprise, its service officer or an office files its requests' });
  }
  const title = input.title.trim();
  const description = input.description.trim();
  if (!title) throw invalid({ zh: '请填写诉求标题', en: 'a title is required' }, { field: 'title' });
  if (!description) throw invalid({ zh: '请描述诉求', en: 'a description is required' }, { field: 'description' });
  const county = countyOf(e.region_code);
  const { rules } = await loadTierRules(db, county);
  const rule =
    rules.find((r) => r.tier === e.tier) ??
    tierOf(rules, { taxPaid: Number(e.tax_paid), employees: e.employees, outputValue: Number(e.output_value), designations: designationsOf(e.designations) });
  if (!rule) throw invalid({ zh: `企业 ${e.name} 没有分级，无法确定服务时限`, en: `enterprise ${e.name} has no tier: no service target applies` }, { code: 'no_tier' });
  const calendar = clock.calendar ?? (await loadCalendar(db, county));
  const state = newRequestState(requestDeadlines(calendar, clock.now, rule));
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('enterprise_requests')
      .values({
        uscc: e.uscc,
        region_code: e.region_code,
        tier: rule.tier,
        title,
        description,
        officer_id: e.officer_id,
        filed_by: actor.username,
        contact_due: state.contactDue,
        answer_due: state.answerDue,
        created_at: clock.now,
        updated_at: clock.now,
        ...requestColumns(state),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('enterprise_request_events').values({ request_id: row.id, at: clock.now, actor_name: actor.username, action: 'file', note: title }).execute();
    // The request is a case of the closed loop, dispatched to the officer's department on the tier's targets.
    const officer = e.officer_id === null ? null : await trx.selectFrom('users').select('department_id').where('id', '=', e.officer_id).executeTakeFirst();
    const caseId = await openEnterpriseCase(
      trx,
      actor,
      {
        requestId: row.id,
        uscc: e.uscc,
        tier: rule.tier,
        regionCode: e.region_code,
        title,
        description,
        reporterId: e.contact_user_id,
        reporterName: e.name,
        departmentId: officer?.department_id ?? null,
        due: { responseDue: state.contactDue, handleDue: state.answerDue },
      },
      clock.now,
    );
    await trx.updateTable('enterprise_requests').set({ case_id: caseId }).where('id', '=', row.id).execute();
    await recordAudit(trx, {
      actor,
      action: 'enterprise.request.file',
      entity: 'enterprise_request',
      entityId: row.id,
      regionCode: e.region_code,
      after: { uscc: e.uscc, tier: rule.tier, officerId: e.officer_id, contactDue: state.contactDue.toISOString(), caseId },
    });
    return row.id;
  });
  return getRequest(db, actor, id, clock.now, true);
}

export async function getRequest(db: Db, actor: Actor, id: number, now: Date, skipScope = false): Promise<RequestView> {
  const base = requestBase(db).where('r.id', '=', id);
  const row = await (skipScope ? base : scopedRequests(actor, base)).executeTakeFirst();
  if (!row) throw await missingRequest(db, id);
  const events = await db.selectFrom('enterprise_request_events').select(['at', 'actor_name', 'action', 'note']).where('request_id', '=', id).orderBy('id').execute();
  return { ...toRequest(row, now), events: events.map((e) => ({ at: shanghaiIso(new Date(e.at)), actor: e.actor_name, action: e.action, note: e.note })) };
}

export type RequestStep = { action: 'contact'; note?: string } | { action: 'answer'; answer: string } | { action: 'close' };

/** The officer contacts and answers; the enterprise closes (then rates through 好差评). */
export async function requestStep(db: Db, actor: Actor, id: number, step: RequestStep, clock: Clocked): Promise<RequestView> {
  await db.transaction().execute(async (trx) => {
    const row = await scopedRequests(actor, requestBase(trx).where('r.id', '=', id))
      .forUpdate('r')
      .executeTakeFirst();
    if (!row) throw await missingRequest(trx, id);
    const officerStep = step.action === 'contact' || step.action === 'answer';
    const allowed = officerStep ? row.officer_id === actor.userId || actor.role === 'admin' : row.contact_user_id === actor.userId || actor.role === 'admin';
    if (!allowed)
      throw forbidden(
        officerStep
          ? { zh: '只有该企业的服务专员可以办理', en: 'only the enterprise’s service officer handles its requests' }
          : { zh: '只有提出诉求的企业可以确认办结', en: 'only the enterprise closes its request' },
      );
    const action: RequestAction =
      step.action === 'contact' ? { type: 'contact', note: step.note ?? '' } : step.action === 'answer' ? { type: 'answer', answer: step.answer } : { type: 'close' };
    const before = requestStateOf(row);
    const next = requestTransition(before, action, clock.now);
    await trx
      .updateTable('enterprise_requests')
      .set({ ...requestColumns(next), updated_at: clock.now })
      .where('id', '=', id)
      .execute();
    const note = step.action === 'contact' ? (step.note ?? '') : step.action === 'answer' ? step.answer : '';
    await trx.insertInto('enterprise_request_events').values({ request_id: id, at: clock.now, actor_name: actor.username, action: step.action, note }).execute();
    if (row.case_id !== null) {
      const caseStep: EnterpriseCaseStep =
        step.action === 'contact' ? { step: 'contact', note } : step.action === 'answer' ? { step: 'answer', answer: next.answer } : { step: 'accept' };
      await advanceEnterpriseCase(trx, actor, Number(row.case_id), caseStep, clock.now);
    }
    await recordAudit(trx, {
      actor,
      action: `enterprise.request.${step.action}`,
      entity: 'enterprise_request',
      entityId: id,
      regionCode: row.region_code,
      before: { status: before.status },
      after: { status: next.status, late: step.action === 'contact' ? next.contactedLate : step.action === 'answer' ? next.answeredLate : null },
    });
  });
  return getRequest(db, actor, id, clock.now);
}

export const REQUEST_VIEWS = ['mine', 'open', 'overdue', 'escalated', 'all'] as const;
export type RequestListView = (typeof REQUEST_VIEWS)[number];

/** The officer's worklist (mine: open, nearest deadline first), the leader's open and escalated lists, an enterprise's own. */
export async function listRequests(
  db: Db,
  actor: Actor,
  q: { view?: RequestListView; tier?: string; status?: RequestStatus; limit?: number; offset?: number },
  now: Date,
): Promise<{ items: RequestView[] }> {
  let query = scopedRequests(actor, requestBase(db));
  const view = q.view ?? 'all';
  if (view === 'mine') query = query.where('r.officer_id', '=', actor.userId).where('r.status', '<>', 'closed');
  if (view === 'open') query = query.where('r.status', '<>', 'closed');
  if (view === 'escalated') query = query.where('r.status', '<>', 'closed').where('r.escalated', '=', true);
  if (view === 'overdue')
    query = query
      .where('r.status', 'in', ['submitted', 'contacted'])
      .where((eb: never) => (eb as { or: (x: unknown[]) => unknown }).or([sql`r.status = 'submitted' and r.contact_due < ${now}`, sql`r.answer_due < ${now}`]));
  if (q.tier) query = query.where('r.tier', '=', q.tier);
  if (q.status && (REQUEST_STATUSES as readonly string[]).includes(q.status)) query = query.where('r.status', '=', q.status);
  query = view === 'mine' || view === 'open' || view === 'overdue' ? query.orderBy('r.answer_due').orderBy('r.id') : query.orderBy('r.id', 'desc');
  const rows = await query
    .limit(Math.min(q.limit ?? 100, 500))
    .offset(q.offset ?? 0)
    .execute();
  return { items: rows.map((r: unknown) => toRequest(r, now)) };
}

/** The leader's view: open requests by tier, with how many missed a target and how many are escalated. */
export async function requestsByTier(
  db: Db,
  actor: Actor,
  now: Date,
): Promise<Array<{ tier: string; label: Text | null; open: number; overdue: number; escalated: number; atLeader: number }>> {
  const rows = await db
    .selectFrom('enterprise_requests')
    .select([
      'tier',
      sql<number>`count(*)`.as('open'),
      sql<number>`count(*) filter (where (status = 'submitted' and contact_due < ${now}) or (status in ('submitted', 'contacted') and answer_due < ${now}))`.as('overdue'),
      sql<number>`count(*) filter (where escalated)`.as('escalated'),
      sql<number>`count(*) filter (where rung = 'leader')`.as('at_leader'),
    ])
    .where('region_code', 'like', regionPattern(actor))
    .where('status', '<>', 'closed')
    .groupBy('tier')
    .execute();
  const { rules } = await loadTierRules(db, countyFor(actor));
  const labels = new Map(rules.map((r) => [r.tier, r.label]));
  const order = new Map(rules.map((r) => [r.tier, r.position]));
  return rows
    .map((r) => ({
      tier: r.tier,
      label: labels.get(r.tier) ?? null,
      open: Number(r.open),
      overdue: Number(r.overdue),
      escalated: Number(r.escalated),
      atLeader: Number(r.at_leader),
    }))
    .sort((a, b) => (order.get(a.tier) ?? 99) - (order.get(b.tier) ?? 99));
}

/**
 * The sweep: an open request past a target climbs its ladder — first contact missed: the
 * officer's department is told; the answer missed: the leader (the case goes on the leader's
 * board). Each climb is an event of the request, a move of its case and an audit row. Returns
 * how many climbed.
 */
export async function sweepRequests(db: Db, now: Date): Promise<number> {
  const due = await db
    .selectFrom('enterprise_requests')
    .select(['id'])
    .where('rung', '<>', 'leader')
    .where('status', 'in', ['submitted', 'contacted'])
    .where((eb) => eb.or([eb.and([eb('status', '=', 'submitted'), eb('contact_due', '<', now), eb('rung', '=', 'officer')]), eb('answer_due', '<', now)]))
    .orderBy('id')
    .limit(5000)
    .execute();
  let climbed = 0;
  for (const { id } of due) {
    const done = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('enterprise_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return false;
      const state = requestStateOf(row);
      const rung = rungFor(state, now);
      const missed = rung === 'leader' ? 'answer' : 'contact';
      if (REQUEST_RUNGS.indexOf(rung) <= REQUEST_RUNGS.indexOf(row.rung)) return false;
      await trx.updateTable('enterprise_requests').set({ escalated: true, rung, escalated_at: now, updated_at: now }).where('id', '=', id).execute();
      await trx
        .insertInto('enterprise_request_events')
        .values({ request_id: id, at: now, actor_name: 'system', action: 'escalate', note: `${missed} → ${rung}` })
        .execute();
      if (row.case_id !== null) await advanceEnterpriseCase(trx, null, Number(row.case_id), { step: 'escalate', rung: rung as 'department' | 'leader', missed }, now);
      await recordAudit(trx, {
        actor: null,
        action: 'enterprise.request.escalate',
        entity: 'enterprise_request',
        entityId: id,
        regionCode: row.region_code,
        before: { rung: row.rung },
        after: { missed, rung },
      });
      return true;
    });
    if (done) climbed++;
  }
  return climbed;
}
