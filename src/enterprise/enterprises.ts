// Enterprises on the roster: listed and read as the caller may see them, a service officer
// assigned, and visits (走访) recorded.
import { sql } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionPattern, regionVisible } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { isValidCreditCode } from '../window/identity.js';
import { forbidden, invalid, missingEnterprise, notFoundEnterprise, OFFICES, outOfScopeEnterprise, requireOffice, type Clocked } from './commands.js';
import type { Enterprise } from './model.js';
import { countyOf, designationsOf, type Db } from './store.js';

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
export async function enterpriseFor(db: Db, actor: Actor, uscc: string) {
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
