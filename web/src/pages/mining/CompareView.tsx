// Before and after the reform, side by side: the log split at a date, or a second log of the
// redesigned process. Every figure with its change; activities per case as a chart; with two
// logs, both process maps next to each other.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Empty, Radio, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { SwapOutlined, UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../api/client.js';
import { useI18n, MESSAGES, type MessageKey } from '../../i18n/index.js';
import Chart from './Chart.js';
import ProcessMapView from './ProcessMapView.js';
import { logFromFile, sourceApi, type CalendarChoice, type Comparison, type LogSource, type LogSummary, type StoredLog } from './api.js';
import { formatHours, formatInstant, formatNumber, formatShare, formatWorkdays } from './format.js';

type Figure = Comparison['figures'][number];

/** Figures where a smaller value after the reform is the improvement. */
const LOWER_IS_BETTER = new Set([
  'eventsPerCase',
  'variants',
  'directlyFollowsEdges',
  'reworkShare',
  'medianHours',
  'meanHours',
  'p90Hours',
  'medianWorkdays',
  'meanWorkdays',
  'p90Workdays',
]);
const SHARES = new Set(['topVariantShare', 'reworkShare']);

export default function CompareView({ source, fileName, calendar, storedLogs = [] }: { source: LogSource; fileName: string; calendar: CalendarChoice; storedLogs?: StoredLog[] }) {
  const { lang, t } = useI18n();
  const [mode, setMode] = useState<'split' | 'second'>('split');
  const [splitDate, setSplitDate] = useState<Dayjs | null>(null);
  const [second, setSecond] = useState<{ source: LogSource; name: string } | null>(null);
  const [result, setResult] = useState<Comparison | null>(null);
  const [maps, setMaps] = useState<{ before: LogSummary; after: LogSummary } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const figureLabel = (name: string) => {
    const key = `mining.figure.${name}`;
    return key in MESSAGES['zh-CN'] ? t(key as MessageKey) : name;
  };
  const formatFigure = (name: string, value: number | null) => {
    if (value === null) return '—';
    if (SHARES.has(name)) return formatShare(value);
    if (name.endsWith('Hours')) return formatHours(value, lang);
    if (name.endsWith('Workdays')) return formatWorkdays(value, lang);
    return formatNumber(value);
  };

  const run = async () => {
    setBusy(true);
    setError(null);
    setMaps(null);
    try {
      if (mode === 'split') {
        const splitAt = `${splitDate!.format('YYYY-MM-DD')}T00:00:00+08:00`;
        setResult(await sourceApi.compare(source, { splitAt, calendar }));
      } else {
        const [comparison, before, after] = await Promise.all([
          sourceApi.compare(source, { after: second!.source, calendar }),
          sourceApi.summary(source, { calendar, variants: 0 }),
          sourceApi.summary(second!.source, { calendar, variants: 0 }),
        ]);
        setResult(comparison);
        setMaps({ before, after });
      }
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  const chartOption = useMemo(() => {
    if (!result) return null;
    const rows = [...result.byActivity].sort((a, b) => Math.max(b.beforePerCase, b.afterPerCase) - Math.max(a.beforePerCase, a.afterPerCase)).slice(0, 20);
    return {
      animation: false,
      color: ['#90a4ae', '#c62828'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('mining.compare.perCase') },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.activity), axisLabel: { width: 200, overflow: 'truncate' } },
      series: [
        { type: 'bar', name: t('mining.compare.before'), data: rows.map((r) => Number(r.beforePerCase.toFixed(3))), barMaxWidth: 14 },
        { type: 'bar', name: t('mining.compare.after'), data: rows.map((r) => Number(r.afterPerCase.toFixed(3))), barMaxWidth: 14 },
      ],
    };
  }, [result, t]);

  const ready = mode === 'split' ? splitDate !== null : second !== null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Radio.Group
          value={mode}
          onChange={(e) => {
            setMode(e.target.value as 'split' | 'second');
            setResult(null);
            setMaps(null);
          }}
          optionType="button"
          options={[
            { value: 'split', label: t('mining.compare.splitMode') },
            { value: 'second', label: t('mining.compare.secondMode') },
          ]}
        />
        {mode === 'split' ? (
          <DatePicker value={splitDate} onChange={setSplitDate} placeholder={t('mining.compare.splitDate')} data-testid="split-date" />
        ) : source.kind === 'stored' ? (
          <Select
            style={{ minWidth: 260 }}
            placeholder={t('mining.compare.pickStored')}
            value={second?.source.kind === 'stored' ? second.source.id : undefined}
            onChange={(id: number) => setSecond({ source: { kind: 'stored', id, lifecycle: source.lifecycle }, name: storedLogs.find((l) => l.id === id)?.name ?? String(id) })}
            options={storedLogs.filter((l) => l.id !== source.id).map((l) => ({ value: l.id, label: `${l.name} · ${l.cases}` }))}
            data-testid="compare-stored"
          />
        ) : (
          <Upload
            accept=".xes,.gz,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              void logFromFile(file).then((l) => setSecond({ source: { kind: 'inline', log: l }, name: file.name }));
              return false;
            }}
          >
            <Button icon={<UploadOutlined />}>{second ? second.name : t('mining.compare.pickSecond')}</Button>
          </Upload>
        )}
        <Button type="primary" icon={<SwapOutlined />} disabled={!ready} loading={busy} onClick={run} data-testid="compare">
          {t('mining.compare.run')}
        </Button>
      </Space>
      <Typography.Text type="secondary">{mode === 'split' ? t('mining.compare.splitHint') : t('mining.compare.secondHint', { name: fileName })}</Typography.Text>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      {result && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('mining.compare.figures')} data-testid="compare-figures">
              <Space style={{ marginBottom: 8 }} wrap>
                <Tag>{`${t('mining.compare.before')}: ${result.before.cases} · ${formatInstant(result.before.from)} – ${formatInstant(result.before.to)}`}</Tag>
                <Tag color="red">{`${t('mining.compare.after')}: ${result.after.cases} · ${formatInstant(result.after.from)} – ${formatInstant(result.after.to)}`}</Tag>
              </Space>
              <Table<Figure>
                size="small"
                rowKey="name"
                dataSource={result.figures}
                pagination={false}
                columns={[
                  { title: t('mining.compare.figure'), dataIndex: 'name', render: (name: string) => figureLabel(name) },
                  { title: t('mining.compare.before'), dataIndex: 'before', align: 'right', render: (v: number | null, f) => formatFigure(f.name, v) },
                  { title: t('mining.compare.after'), dataIndex: 'after', align: 'right', render: (v: number | null, f) => formatFigure(f.name, v) },
                  {
                    title: t('mining.compare.change'),
                    dataIndex: 'relativeChange',
                    align: 'right',
                    render: (v: number | null, f) => {
                      if (v === null || f.change === null) return '—';
                      if (f.change === 0) return <Typography.Text type="secondary">0</Typography.Text>;
                      const better = LOWER_IS_BETTER.has(f.name) ? f.change < 0 : null;
                      const text = `${v > 0 ? '+' : ''}${formatShare(v)}`;
                      return better === null ? text : <Typography.Text type={better ? 'success' : 'danger'}>{text}</Typography.Text>;
                    },
                  },
                ]}
              />
              {(result.activitiesRemoved.length > 0 || result.activitiesAdded.length > 0) && (
                <Typography.Paragraph style={{ marginTop: 8 }}>
                  {result.activitiesRemoved.length > 0 && (
                    <span>
                      {t('mining.compare.removed')}{' '}
                      {result.activitiesRemoved.map((a) => (
                        <Tag key={a} color="green">
                          {a}
                        </Tag>
                      ))}
                    </span>
                  )}
                  {result.activitiesAdded.length > 0 && (
                    <span>
                      {t('mining.compare.added')}{' '}
                      {result.activitiesAdded.map((a) => (
                        <Tag key={a} color="orange">
                          {a}
                        </Tag>
                      ))}
                    </span>
                  )}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('mining.compare.chart')}>
              {chartOption && result.byActivity.length ? (
                <Chart option={chartOption} height={Math.max(240, Math.min(20, result.byActivity.length) * 40 + 40)} ariaLabel={t('mining.compare.chart')} />
              ) : (
                <Empty />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {maps && (
        <Row gutter={[16, 16]} data-testid="compare-maps">
          <Col xs={24} xl={12}>
            <Card size="small" title={`${t('mining.compare.before')} · ${fileName}`}>
              <ProcessMapView dfg={maps.before.dfg} compact testId="map-before" />
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={`${t('mining.compare.after')} · ${second?.name ?? ''}`}>
              <ProcessMapView dfg={maps.after.dfg} compact testId="map-after" />
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
