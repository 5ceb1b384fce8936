// Regions (county → township → village → grid): create, rename, and load an official tree.
import { recordAudit } from '../../audit/trail.js';
import { CHILD_LEVEL, CODE_LENGTH, type Actor, type Region, type RegionLevel } from '../model.js';
import { OrgError, toRegion } from '../store.js';
import { checkName, outOfScope, within, type Db, type Tx } from './checks.js';

export interface NewRegion {
  code: string;
  name: string;
  /** Null only for a county (6-digit GB/T 2260 code) that is the root of its tree. */
  parentCode: string | null;
  divisionCode?: string | null;
}

/** The level a new region takes, and the problem with its code, if any (pure). */
export function regionLevelFor(code: string, parent: Pick<Region, 'code' | 'level'> | null): { level: RegionLevel } | { problem: { zh: string; en: string } } {
  if (!/^\d+$/.test(code)) return { problem: { zh: `区划代码只能由数字组成：${code}`, en: `a region code is digits only: ${code}` } };
  if (!parent) {
    if (code.length !== CODE_LENGTH.city)
      return { problem: { zh: `没有上级的区划须是县级（6 位 GB/T 2260 代码）：${code}`, en: `a region without a parent must be a county (6-digit GB/T 2260 code): ${code}` } };
    return { level: 'city' };
  }
  const level = CHILD_LEVEL[parent.level];
  if (!level) return { problem: { zh: `${parent.code} 之下不能再设区划`, en: `no regions can be created below ${parent.code}` } };
  if (!code.startsWith(parent.code) || code.length !== CODE_LENGTH[level]) {
    return {
      problem: {
        zh: `${code} 须以上级代码 ${parent.code} 开头、共 ${CODE_LENGTH[level]} 位`,
        en: `${code} must begin with its parent's code ${parent.code} and have ${CODE_LENGTH[level]} digits`,
      },
    };
  }
  return { level };
}

export async function createRegion(db: Db, actor: Actor, region: NewRegion): Promise<Region> {
  return db.transaction().execute((trx) => createRegionIn(trx, actor, region));
}

export async function createRegionIn(trx: Tx, actor: Actor, input: NewRegion): Promise<Region> {
  const name = checkName(input.name, { zh: '区划名称', en: 'a region name' });
  const parent = input.parentCode ? await trx.selectFrom('regions').selectAll().where('code', '=', input.parentCode).executeTakeFirst() : null;
  if (input.parentCode && !parent) throw new OrgError('unknown_region', `unknown parent region ${input.parentCode}`, `上级区划 ${input.parentCode} 不存在`);
  // A county is created by the platform (the command line) or an administrator above it.
  if (!within(actor, input.code) || (parent && !within(actor, parent.code) && actor.regionCode !== '')) throw outOfScope(input.code);
  const decided = regionLevelFor(input.code, parent ? { code: parent.code, level: parent.level } : null);
  if ('problem' in decided) throw new OrgError('invalid_region', decided.problem.en, decided.problem.zh);
  if (input.divisionCode != null && !/^\d{12}$/.test(input.divisionCode))
    throw new OrgError('invalid_region', `a statistical division code has 12 digits: ${input.divisionCode}`, `统计用区划代码须为 12 位数字：${input.divisionCode}`);
  const taken = await trx.selectFrom('regions').select('code').where('code', '=', input.code).executeTakeFirst();
  if (taken) throw new OrgError('duplicate_region', `region ${input.code} already exists`, `区划 ${input.code} 已存在`);
  const row = await trx
    .insertInto('regions')
    .values({ code: input.code, name, level: decided.level, parent_code: parent?.code ?? null, division_code: input.divisionCode ?? null } as never)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx as Db, { actor, action: 'region.create', entity: 'region', entityId: input.code, regionCode: input.code, after: toRegion(row) });
  return toRegion(row);
}

export async function updateRegion(db: Db, actor: Actor, code: string, change: { name?: string; divisionCode?: string | null }): Promise<Region> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirst();
    if (!before) throw new OrgError('unknown_region', `unknown region ${code}`, `区划 ${code} 不存在`);
    if (!within(actor, code)) throw outOfScope(code);
    const name = change.name === undefined ? before.name : checkName(change.name, { zh: '区划名称', en: 'a region name' });
    if (change.divisionCode != null && !/^\d{12}$/.test(change.divisionCode))
      throw new OrgError('invalid_region', `a statistical division code has 12 digits: ${change.divisionCode}`, `统计用区划代码须为 12 位数字：${change.divisionCode}`);
    const division = change.divisionCode === undefined ? before.division_code : change.divisionCode;
    const after = await trx.updateTable('regions').set({ name, division_code: division }).where('code', '=', code).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'region.update', entity: 'region', entityId: code, regionCode: code, before: toRegion(before), after: toRegion(after) });
    return toRegion(after);
  });
}

/** Loads a county's official tree (see loadRegionTree) in one transaction with its audit row. */
export async function importRegionTree(db: Db, actor: Actor, county: string, tree: Region[]): Promise<{ added: number; kept: number }> {
  return db.transaction().execute(async (trx) => {
    const result = await loadRegionTree(trx, actor, tree);
    await recordAudit(trx, { actor, action: 'region.import_official', entity: 'region', entityId: county, regionCode: county, after: result });
    return result;
  });
}

/**
 * Loads the official tree of a county (townships and villages) that the database lacks.
 * Regions already present keep their names; nothing is removed. Returns what was added.
 */
export async function loadRegionTree(trx: Tx, actor: Actor, tree: Region[]): Promise<{ added: number; kept: number }> {
  const codes = tree.map((r) => r.code);
  const existing = new Set(codes.length ? (await trx.selectFrom('regions').select('code').where('code', 'in', codes).execute()).map((r) => r.code) : []);
  const fresh = tree.filter((r) => !existing.has(r.code));
  for (const r of fresh) if (!within(actor, r.code)) throw outOfScope(r.code);
  // Parents come before children in the tree, so one multi-row insert per 500 keeps the references valid.
  for (let i = 0; i < fresh.length; i += 500) {
    await trx
      .insertInto('regions')
      .values(fresh.slice(i, i + 500).map((r) => ({ code: r.code, name: r.name, level: r.level, parent_code: r.parentCode, division_code: r.divisionCode ?? null })) as never)
      .execute();
  }
  return { added: fresh.length, kept: existing.size };
}
