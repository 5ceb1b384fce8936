// The period's ratings as xlsx: one sheet of ratings with the fields GB/T 39734-2020 and the
// national 好差评 platform collect (as far as the standard names them: the evaluation's
// number, the service item's code and name, the handling unit, the channel, the level, the
// reasons and text, the time, and for 差评 the rectification), and one sheet per ranking.
import type { Kysely } from 'kysely';
import { loadExcelJs } from '../catalogue/files/exceljs.js';
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import type { Database } from '../store/schema.js';
import { CHANNEL_LABELS, EVALUATION_LABELS, LEVEL_LABELS, REASON_LABELS, RatingError, type Channel, type Evaluation, type Level, type Reason } from './model.js';
import { DIMENSION_LABELS, checkPeriod, ranking, type Dimension, type Period } from './rankings.js';
import { CASE_STATUS_LABELS, type CaseStatus } from './rectification.js';

type Db = Kysely<Database>;

/** More rows than one county's year of ratings is an export to split by period. */
export const MAX_EXPORT_ROWS = 200_000;

export const EXPORT_COLUMNS = [
  '评价编号',
  '行政区划代码',
  '办件类型',
  '办件编号',
  '事项编码',
  '事项名称',
  '办理部门',
  '办理人员',
  '评价方式',
  '评价渠道',
  '评价等级',
  '评价等级分值',
  '评价原因',
  '评价内容',
  '评价时间',
  '是否差评',
  '整改状态',
  '整改期限',
  '是否按时整改',
  '是否回访',
  '申诉成立（不计分）',
] as const;

export async function ratingsXlsx(db: Db, actor: Actor, q: { period: Period; regionCode?: string }): Promise<Buffer> {
  if (!['admin', 'reform_office', 'leader'].includes(actor.role)) throw new RatingError('forbidden', { zh: '无权导出好差评数据', en: 'your role does not export ratings' });
  const regionCode = q.regionCode ?? actor.regionCode;
  if (!regionVisible(actor, regionCode)) throw new RatingError('forbidden', { zh: '无权查看该地区', en: 'that region is outside yours' });
  checkPeriod(q.period);
  const rows = await db
    .selectFrom('ratings as r')
    .leftJoin('rating_cases as c', 'c.rating_id', 'r.id')
    .leftJoin('departments as d', 'd.code', 'r.department_code')
    .select([
      'r.id',
      'r.region_code',
      'r.occurrence_kind',
      'r.occurrence_id',
      'r.matter_code',
      'r.matter_name',
      'r.officer',
      'r.evaluation',
      'r.channel',
      'r.level',
      'r.reasons',
      'r.comment',
      'r.rated_at',
      'r.excluded',
      'd.name as department_name',
      'r.department_code',
    ])
    .select(['c.status', 'c.rectify_due', 'c.rectified_on_time', 'c.followed_up'])
    .where('r.region_code', 'like', `${regionCode}%`)
    .where('r.rated_at', '>=', new Date(`${q.period.from}T00:00:00+08:00`))
    .where('r.rated_at', '<', new Date(new Date(`${q.period.to}T00:00:00+08:00`).getTime() + 86_400_000))
    .orderBy('r.rated_at')
    .orderBy('r.id')
    .limit(MAX_EXPORT_ROWS + 1)
    .execute();
  if (rows.length > MAX_EXPORT_ROWS)
    throw new RatingError('invalid_input', {
      zh: `该时间段超过 ${MAX_EXPORT_ROWS} 条评价，请缩短时间段`,
      en: `more than ${MAX_EXPORT_ROWS} ratings in this period: export a shorter one`,
    });

  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Zaizao';
  const ws = wb.addWorksheet('评价明细');
  ws.addRow([...EXPORT_COLUMNS]).font = { bold: true };
  for (const r of rows) {
    const reasons = (typeof r.reasons === 'string' ? JSON.parse(r.reasons) : r.reasons) as Reason[];
    ws.addRow([
      r.id,
      r.region_code,
      r.occurrence_kind,
      r.occurrence_id,
      r.matter_code ?? '',
      r.matter_name ?? '',
      r.department_name ?? r.department_code ?? '',
      r.officer ?? '',
      EVALUATION_LABELS[r.evaluation as Evaluation].zh,
      CHANNEL_LABELS[r.channel as Channel].zh,
      LEVEL_LABELS[r.level as Level].zh,
      r.level,
      reasons.map((x) => REASON_LABELS[x]?.zh ?? x).join('；'),
      r.comment,
      shanghaiIso(new Date(r.rated_at)),
      r.level <= 2 ? '是' : '否',
      r.status ? CASE_STATUS_LABELS[r.status as CaseStatus].zh : '',
      r.rectify_due ?? '',
      r.rectified_on_time === null ? '' : r.rectified_on_time ? '是' : '否',
      r.status ? (r.followed_up ? '是' : '否') : '',
      r.excluded ? '是' : '否',
    ]);
  }
  ws.columns.forEach((c, i) => (c.width = [8, 14, 10, 24, 18, 28, 20, 12, 10, 14, 12, 8, 24, 40, 26, 8, 14, 12, 10, 8, 10][i] ?? 12));

  for (const dimension of ['department', 'township', 'matter', 'officer'] as Dimension[]) {
    const r = await ranking(db, actor, { dimension, period: q.period, regionCode });
    const sheet = wb.addWorksheet(`${DIMENSION_LABELS[dimension].zh}排名`);
    sheet.addRow([`样本量不少于 ${r.minSample} 条方参与排名；排名依据为好评率的 Wilson 下限（95%）`]);
    sheet.addRow(['排名', '编码', '名称', '评价数', '好评数', '差评数', '好评率', '好评率下限', '平均分', '平滑平均分', '已整改', '按时整改', '申诉成立']).font = { bold: true };
    for (const u of r.rows) {
      sheet.addRow([
        u.rank ?? '样本不足',
        u.key,
        u.name,
        u.total,
        u.positive,
        u.negative,
        u.positiveRate,
        u.score,
        u.average,
        u.smoothedAverage,
        u.rectified,
        u.rectifiedOnTime,
        u.appealsUpheld,
      ]);
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
