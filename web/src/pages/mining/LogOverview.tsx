// A log's figures at a glance: cases, events, activities, variants, resources, throughput in
// working days and hours, its period, and how a CSV was read.
import { Alert, Card, Col, Descriptions, Row, Statistic, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import { type CalendarChoice, type LogSummary } from './api.js';
import { formatHours, formatInstant, formatWorkdays } from './format.js';

export default function LogOverview({ summary, name, calendar }: { summary: LogSummary; name: string; calendar: CalendarChoice }) {
  const { lang, t } = useI18n();
  return (
    <Card size="small" data-testid="mining-overview" title={`${name}`}>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t('mining.overview.cases')} value={summary.cases} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t('mining.overview.events')} value={summary.events} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t('mining.overview.activities')} value={summary.activities} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t('mining.overview.variants')} value={summary.totalVariants} />
        </Col>
        <Col xs={12} md={6} xl={3}>
          <Statistic title={t('mining.overview.resources')} value={summary.resources} />
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Statistic title={t('mining.overview.medianWorkdays')} value={calendar === 'cn-workday' ? formatWorkdays(summary.throughput.medianWorkdays, lang) : '—'} />
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Statistic title={t('mining.overview.medianHours')} value={formatHours(summary.throughput.medianHours, lang)} />
        </Col>
      </Row>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('mining.overview.period')}>{`${formatInstant(summary.period.from)} – ${formatInstant(summary.period.to)}`}</Descriptions.Item>
        <Descriptions.Item label={t('mining.overview.p90')}>
          {`${calendar === 'cn-workday' ? `${formatWorkdays(summary.throughput.p90Workdays, lang)} / ` : ''}${formatHours(summary.throughput.p90Hours, lang)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('mining.overview.max')}>
          {`${calendar === 'cn-workday' ? `${formatWorkdays(summary.throughput.maxWorkdays, lang)} / ` : ''}${formatHours(summary.throughput.maxHours, lang)}`}
        </Descriptions.Item>
      </Descriptions>
      {summary.throughput.missingCalendarData && summary.throughput.missingCalendarData.cases > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('mining.overview.missingCalendar', {
            cases: summary.throughput.missingCalendarData.cases,
            years: summary.throughput.missingCalendarData.years.join(', '),
          })}
        />
      )}
      {summary.csv && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('mining.overview.csv', { rows: summary.csv.rows, delimiter: summary.csv.delimiter })}{' '}
          {summary.csv.timestampFormats.map((f) => (
            <Tag key={f.column}>{`${f.column}: ${f.format}`}</Tag>
          ))}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
