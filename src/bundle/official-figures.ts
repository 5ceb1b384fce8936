// Official figures (官方公布数据): what a government published for a one-thing bundle ("材料由
// 100 份减至 58 份", "48 → 13 个工作日"), with its source and date. The reform office records
// them beside the figures Zaizao computes; they never replace a computed figure, and the
// difference is shown. Recording and removing are audited in the same transaction.
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { isIsoDate } from '../calendar/dates.js';
import type { Actor } from '../org/model.js';
import type { Database } from '../store/schema.js';
import { shanghaiIso } from '../shared/time.js';
import { FIGURE_KEYS, type FigureKey } from './model.js';
import { assertWriter, BundleStoreError, getBundle } from './store.js';

export interface BundleOfficialFiguresTable {
  bundle_id: number;
  figure: string;
  stage: string;
  value: number;
  source: string;
  published_on: string;
  recorded_by: string;
  recorded_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    bundle_official_figures: BundleOfficialFiguresTable;
  }
}

type Db = Kysely<Database>;

export const OFFICIAL_FIGURE_KEYS = [...FIGURE_KEYS, 'commitmentLetters'] as const;
export type OfficialFigureKey = FigureKey | 'commitmentLetters';
export const OFFICIAL_STAGES = ['before', 'after'] as const;
export type OfficialStage = (typeof OFFICIAL_STAGES)[number];
const MAX_VALUE = 1_000_000;
const MAX_SOURCE = 500;

export interface OfficialFigure {
  figure: OfficialFigureKey;
  stage: OfficialStage;
  value: number;
  /** Where it was published: a document number, a web page, a press release. */
  source: string;
  publishedOn: string;
  recordedBy: string;
  recordedAt: string;
}

export interface OfficialFigureInput {
  value: unknown;
  source: unknown;
  publishedOn: unknown;
}

const invalid = (zh: string, en: string) => new BundleStoreError('invalid', { zh, en });

/** Checks a figure, stage and input; returns the clean values or throws naming the field. */
export function parseOfficialFigure(figure: string, stage: string, input: OfficialFigureInput): Pick<OfficialFigure, 'figure' | 'stage' | 'value' | 'source' | 'publishedOn'> {
  if (!(OFFICIAL_FIGURE_KEYS as readonly string[]).includes(figure))
    throw invalid(`没有名为 ${figure} 的指标；可选：${OFFICIAL_FIGURE_KEYS.join('、')}`, `no figure named ${figure}; one of ${OFFICIAL_FIGURE_KEYS.join(', ')}`);
  if (!(OFFICIAL_STAGES as readonly string[]).includes(stage))
    throw invalid(`阶段应为 before（再造前）或 after（再造后），而不是 ${stage}`, `stage must be before or after, not ${stage}`);
  if (figure === 'commitmentLetters' && stage === 'before') throw invalid('再造前没有承诺书指标', 'commitment letters have no before figure');
  const { value, source, publishedOn } = input;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_VALUE)
    throw invalid(`value：应为 0 到 ${MAX_VALUE} 之间的数字`, `value: must be a number from 0 to ${MAX_VALUE}`);
  if (typeof source !== 'string' || source.trim() === '' || source.trim().length > MAX_SOURCE)
    throw invalid(`source：应写明出处（1 到 ${MAX_SOURCE} 个字符）`, `source: say where it was published (1 to ${MAX_SOURCE} characters)`);
  if (!isIsoDate(publishedOn) || publishedOn < '2000-01-01' || publishedOn > '2099-12-31')
    throw invalid('publishedOn：应为公布日期 YYYY-MM-DD', 'publishedOn: must be the date of publication, YYYY-MM-DD');
  return { figure: figure as OfficialFigureKey, stage: stage as OfficialStage, value, source: source.trim(), publishedOn };
}

function toFigure(r: BundleOfficialFiguresTable): OfficialFigure {
  return {
    figure: r.figure as OfficialFigureKey,
    stage: r.stage as OfficialStage,
    value: Number(r.value),
    source: r.source,
    publishedOn: String(r.published_on).slice(0, 10),
    recordedBy: r.recorded_by,
    recordedAt: shanghaiIso(new Date(r.recorded_at)),
  };
}

/** The official figures recorded for a bundle the caller may see, in the figures' order. */
export async function listOfficialFigures(db: Db, actor: Actor, bundleId: number): Promise<OfficialFigure[]> {
  await getBundle(db, actor, bundleId); // scope: throws forbidden / not_found
  return officialFiguresOf(db, bundleId);
}

/** Without a scope check: for callers that have already read the bundle. */
export async function officialFiguresOf(db: Db, bundleId: number): Promise<OfficialFigure[]> {
  const rows = await db.selectFrom('bundle_official_figures').selectAll().where('bundle_id', '=', bundleId).execute();
  const order = (f: OfficialFigure) => OFFICIAL_FIGURE_KEYS.indexOf(f.figure) * 2 + OFFICIAL_STAGES.indexOf(f.stage);
  return rows.map(toFigure).sort((a, b) => order(a) - order(b));
}

/** Records (or corrects) one official figure; the reform office and administrators only. */
export async function recordOfficialFigure(db: Db, actor: Actor, bundleId: number, figure: string, stage: string, input: OfficialFigureInput): Promise<OfficialFigure> {
  assertWriter(actor);
  const clean = parseOfficialFigure(figure, stage, input);
  const bundle = await getBundle(db, actor, bundleId);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('bundle_official_figures')
      .selectAll()
      .where('bundle_id', '=', bundleId)
      .where('figure', '=', clean.figure)
      .where('stage', '=', clean.stage)
      .forUpdate()
      .executeTakeFirst();
    const values = { value: clean.value, source: clean.source, published_on: clean.publishedOn, recorded_by: actor.username, recorded_at: new Date() };
    if (before) {
      await trx.updateTable('bundle_official_figures').set(values).where('bundle_id', '=', bundleId).where('figure', '=', clean.figure).where('stage', '=', clean.stage).execute();
    } else {
      await trx
        .insertInto('bundle_official_figures')
        .values({ bundle_id: bundleId, figure: clean.figure, stage: clean.stage, ...values })
        .execute();
    }
    const row = await trx
      .selectFrom('bundle_official_figures')
      .selectAll()
      .where('bundle_id', '=', bundleId)
      .where('figure', '=', clean.figure)
      .where('stage', '=', clean.stage)
      .executeTakeFirstOrThrow();
    const saved = toFigure(row);
    await recordAudit(trx, {
      actor,
      action: before ? 'bundle.official_figure.replace' : 'bundle.official_figure.record',
      entity: 'bundle',
      entityId: bundleId,
      regionCode: bundle.regionCode,
      before: before ? toFigure(before) : null,
      after: saved,
    });
    return saved;
  });
}

/** Removes one official figure (recorded by mistake); audited. */
export async function removeOfficialFigure(db: Db, actor: Actor, bundleId: number, figure: string, stage: string): Promise<void> {
  assertWriter(actor);
  const bundle = await getBundle(db, actor, bundleId);
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('bundle_official_figures')
      .selectAll()
      .where('bundle_id', '=', bundleId)
      .where('figure', '=', figure)
      .where('stage', '=', stage)
      .forUpdate()
      .executeTakeFirst();
    if (!before)
      throw new BundleStoreError('not_found', {
        zh: `一件事 ${bundleId} 没有记录 ${figure}（${stage}）的官方数据`,
        en: `bundle ${bundleId} has no official ${figure} (${stage}) recorded`,
      });
    await trx.deleteFrom('bundle_official_figures').where('bundle_id', '=', bundleId).where('figure', '=', figure).where('stage', '=', stage).execute();
    await recordAudit(trx, {
      actor,
      action: 'bundle.official_figure.remove',
      entity: 'bundle',
      entityId: bundleId,
      regionCode: bundle.regionCode,
      before: toFigure(before),
      after: null,
    });
  });
}
