// Process mining (流程挖掘): pick an event log (XES, XES.gz or CSV, or the engine's own history),
// read its figures in working days, and look at it as a process map, variants, bottlenecks, a
// discovered model with conformance, and before/after the reform. A file is first analysed as
// sent; it can then be stored on the server, and stored logs are picked from a list.
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, Collapse, Form, Input, InputNumber, Row, Select, Space, Tabs, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DatabaseOutlined, InboxOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import {
  engineHistoryXes,
  LOG_USERS,
  logFromFile,
  sourceApi,
  storedLogsApi,
  uploadLog,
  type CalendarChoice,
  type LogInput,
  type LogSource,
  type LogSummary,
  type StoredLog,
} from './api.js';
import Bottlenecks from './Bottlenecks.js';
import CompareView from './CompareView.js';
import DiscoverView from './DiscoverView.js';
import ProcessMapView from './ProcessMapView.js';
import VariantExplorer from './VariantExplorer.js';
import LogOverview from './LogOverview.js';
import StoredLogs from './StoredLogs.js';

/** Roles that may read the engine's history (GET /api/engine/history.xes). */
const HISTORY_READERS = new Set(['admin', 'reform_office', 'leader', 'dispatcher']);
/** Variants listed in the explorer; the total is always shown. */
const VARIANTS_LISTED = 500;
const MAPPING_FIELDS = ['case', 'activity', 'timestamp', 'resource', 'startTimestamp'] as const;

interface Loaded {
  log: LogInput;
  name: string;
  size: number;
  /** The file it was read from (what "store on the server" uploads). */
  file?: File;
}

interface Analysed {
  source: LogSource;
  name: string;
  size: number;
}

export default function MiningPage() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [calendar, setCalendar] = useState<CalendarChoice>('cn-workday');
  const [promised, setPromised] = useState<number | null>(null);
  const [lifecycle, setLifecycle] = useState('');
  const [mapping, setMapping] = useState<Partial<Record<(typeof MAPPING_FIELDS)[number], string>>>({});
  const [summary, setSummary] = useState<LogSummary | null>(null);
  const [analysed, setAnalysed] = useState<Analysed | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState('map');
  const { message } = AntApp.useApp();
  const canStore = !!user && LOG_USERS.has(user.role);
  // The stored logs (a convenience: without them, after a failure, the page still works).
  const storedLogs = useLoad(() => (canStore ? storedLogsApi.list().then((r) => r.items) : Promise.resolve([])), [canStore]);
  const stored = storedLogs.data ?? [];
  const refreshStored = storedLogs.reload;

  const withOptions = (input: Loaded): LogInput => {
    const cleaned = Object.fromEntries(
      Object.entries(mapping)
        .filter(([, v]) => v && v.trim())
        .map(([k, v]) => [k, v!.trim()]),
    );
    return {
      ...input.log,
      ...(input.log.format === 'csv' && Object.keys(cleaned).length ? { mapping: cleaned } : {}),
      ...(lifecycle.trim() ? { lifecycle: lifecycle.trim() } : {}),
    };
  };

  const analyse = async (input: Loaded) => {
    setBusy(true);
    setError(null);
    try {
      const log = withOptions(input);
      const source: LogSource = { kind: 'inline', log };
      const result = await sourceApi.summary(source, {
        calendar,
        variants: VARIANTS_LISTED,
        ...(promised !== null && calendar === 'cn-workday' ? { promisedWorkdays: promised } : {}),
      });
      setSummary(result);
      setAnalysed({ source, name: input.name, size: input.size });
    } catch (e) {
      setError(e);
      setSummary(null);
      setAnalysed(null);
    } finally {
      setBusy(false);
    }
  };

  const analyseStored = async (entry: StoredLog) => {
    setBusy(true);
    setError(null);
    try {
      const source: LogSource = { kind: 'stored', id: entry.id, ...(lifecycle.trim() ? { lifecycle: lifecycle.trim() } : {}) };
      const result = await sourceApi.summary(source, {
        calendar,
        variants: VARIANTS_LISTED,
        ...(promised !== null && calendar === 'cn-workday' ? { promisedWorkdays: promised } : {}),
      });
      setSummary(result);
      setAnalysed({ source, name: entry.name, size: entry.fileBytes });
    } catch (e) {
      setError(e);
      setSummary(null);
      setAnalysed(null);
    } finally {
      setBusy(false);
    }
  };

  const storeFile = async () => {
    if (!loaded?.file) return;
    setBusy(true);
    setError(null);
    try {
      const cleaned = Object.fromEntries(
        Object.entries(mapping)
          .filter(([, v]) => v && v.trim())
          .map(([k, v]) => [k, v!.trim()]),
      );
      const entry = await uploadLog(loaded.file, { mapping: cleaned });
      refreshStored();
      message.success(t('mining.stored.saved', { name: entry.name }));
      setLoaded(null);
      await analyseStored(entry);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const storeEngine = (source: 'engine' | 'window') => async () => {
    setBusy(true);
    setError(null);
    try {
      const name = `${t(source === 'engine' ? 'mining.source.engineName' : 'mining.source.windowName')} ${new Date().toISOString().slice(0, 10)}`;
      const entry = await (source === 'engine' ? storedLogsApi.storeEngine(name) : storedLogsApi.storeWindow(name));
      refreshStored();
      message.success(t('mining.stored.saved', { name: entry.name }));
      await analyseStored(entry);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const storeCases = async () => {
    setBusy(true);
    setError(null);
    try {
      const entry = await storedLogsApi.storeCases(`${t('mining.source.casesName')} ${new Date().toISOString().slice(0, 10)}`);
      refreshStored();
      message.success(t('mining.stored.saved', { name: entry.name }));
      await analyseStored(entry);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const removeStored = async (entry: StoredLog) => {
    try {
      await storedLogsApi.remove(entry.id);
      message.success(t('mining.stored.deleted', { name: entry.name }));
      if (analysed?.source.kind === 'stored' && analysed.source.id === entry.id) {
        setAnalysed(null);
        setSummary(null);
      }
      refreshStored();
    } catch (e) {
      setError(e);
    }
  };

  const current = analysed?.source.kind === 'stored' ? stored.find((l) => analysed.source.kind === 'stored' && l.id === analysed.source.id) : undefined;

  const pick = async (file: File) => {
    const log = await logFromFile(file);
    const next = { log, name: file.name, size: file.size, file };
    setLoaded(next);
    await analyse(next);
  };

  const fromEngine = async () => {
    setBusy(true);
    setError(null);
    try {
      const xes = await engineHistoryXes();
      const next: Loaded = { log: { format: 'xes', content: xes }, name: t('mining.source.engineName'), size: xes.length };
      setLoaded(next);
      await analyse(next);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const details = error && typeof error === 'object' && 'details' in error ? (error as { details?: { line?: number; column?: number } }).details : undefined;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('nav.mining')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('mining.intro')}</Typography.Text>
      </div>

      <Card size="small" title={t('mining.source.title')}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Upload.Dragger
              accept=".xes,.gz,.csv"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void pick(file);
                return false;
              }}
              data-testid="log-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('mining.source.drop')}</p>
              <p className="ant-upload-hint">{t('mining.source.formats')}</p>
            </Upload.Dragger>
          </Col>
          <Col xs={24} lg={14}>
            <Form layout="vertical" size="small">
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item label={t('mining.options.calendar')}>
                    <Select
                      value={calendar}
                      onChange={setCalendar}
                      options={[
                        { value: 'cn-workday', label: t('mining.options.cnWorkday') },
                        { value: 'none', label: t('mining.options.noCalendar') },
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item label={t('mining.options.promised')}>
                    <InputNumber
                      min={0}
                      max={10000}
                      value={promised}
                      onChange={setPromised}
                      disabled={calendar !== 'cn-workday'}
                      style={{ width: '100%' }}
                      placeholder={t('mining.options.promisedPlaceholder')}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Collapse
                size="small"
                items={[
                  {
                    key: 'more',
                    label: t('mining.options.more'),
                    children: (
                      <Row gutter={12}>
                        <Col xs={24} sm={8}>
                          <Form.Item label={t('mining.options.lifecycle')} tooltip={t('mining.options.lifecycleHint')}>
                            <Input value={lifecycle} onChange={(e) => setLifecycle(e.target.value)} placeholder="complete" />
                          </Form.Item>
                        </Col>
                        {MAPPING_FIELDS.map((field) => (
                          <Col xs={12} sm={8} key={field}>
                            <Form.Item label={t(`mining.mapping.${field}`)}>
                              <Input value={mapping[field] ?? ''} onChange={(e) => setMapping((m) => ({ ...m, [field]: e.target.value }))} placeholder={t('mining.mapping.auto')} />
                            </Form.Item>
                          </Col>
                        ))}
                      </Row>
                    ),
                  },
                ]}
              />
              <Space style={{ marginTop: 12 }} wrap>
                <Button
                  type="primary"
                  disabled={!loaded && !current}
                  loading={busy}
                  onClick={() => (current && !loaded ? analyseStored(current) : loaded && analyse(loaded))}
                  data-testid="analyse"
                >
                  {t('mining.source.analyse')}
                </Button>
                {canStore && loaded?.file && (
                  <Button icon={<CloudUploadOutlined />} onClick={storeFile} disabled={busy} data-testid="store-log">
                    {t('mining.stored.save')}
                  </Button>
                )}
                {user && HISTORY_READERS.has(user.role) && (
                  <Button icon={<DatabaseOutlined />} onClick={fromEngine} disabled={busy} data-testid="engine-history">
                    {t('mining.source.engine')}
                  </Button>
                )}
                {user && HISTORY_READERS.has(user.role) && (
                  <Button icon={<CloudUploadOutlined />} onClick={storeEngine('engine')} disabled={busy} data-testid="store-engine">
                    {t('mining.stored.engine')}
                  </Button>
                )}
                {user && HISTORY_READERS.has(user.role) && (
                  <Button icon={<CloudUploadOutlined />} onClick={storeEngine('window')} disabled={busy} data-testid="store-window">
                    {t('mining.stored.window')}
                  </Button>
                )}
                {user && HISTORY_READERS.has(user.role) && (
                  <Button icon={<CloudUploadOutlined />} onClick={storeCases} disabled={busy} data-testid="store-cases">
                    {t('mining.stored.cases')}
                  </Button>
                )}
                {loaded && <Typography.Text type="secondary">{`${loaded.name} · ${(loaded.size / 1024).toFixed(1)} KB`}</Typography.Text>}
              </Space>
            </Form>
          </Col>
        </Row>
        {canStore && (
          <StoredLogs
            stored={stored}
            current={current}
            busy={busy}
            onPick={(entry) => {
              setLoaded(null);
              void analyseStored(entry);
            }}
            onRemove={removeStored}
          />
        )}
        {error !== null && (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            data-testid="mining-error"
            title={errorText(error, lang)}
            description={details?.line ? t('mining.source.position', { line: details.line, column: details.column ?? 0 }) : undefined}
          />
        )}
      </Card>

      {summary && analysed && (
        <>
          <LogOverview summary={summary} name={analysed.name} calendar={calendar} />

          <Card size="small">
            <Tabs
              activeKey={tab}
              onChange={setTab}
              items={[
                { key: 'map', label: t('mining.tab.map'), children: <ProcessMapView dfg={summary.dfg} /> },
                { key: 'variants', label: t('mining.tab.variants'), children: <VariantExplorer summary={summary} /> },
                { key: 'bottlenecks', label: t('mining.tab.bottlenecks'), children: <Bottlenecks summary={summary} /> },
                { key: 'discover', label: t('mining.tab.discover'), children: <DiscoverView key={analysed.name} source={analysed.source} fileName={analysed.name} /> },
                {
                  key: 'compare',
                  label: t('mining.tab.compare'),
                  children: <CompareView key={analysed.name} source={analysed.source} fileName={analysed.name} calendar={calendar} storedLogs={stored} />,
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
