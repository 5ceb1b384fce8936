// The roster as a workbook (roster.ts): imported all or nothing, with every problem named by
// sheet, row and column and the county's tiers recomputed; exported as the caller's region sees it.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { countyFor, requireOffice } from './commands.js';
import { parseRoster, rosterHeading, rosterWorkbook, type RosterProblem } from './roster.js';
import { applyTiers, rosterFigures } from './tier-rules.js';
import { assignTiers } from './tiers.js';
import { designationsOf, loadTierRules, type Db } from './store.js';

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
