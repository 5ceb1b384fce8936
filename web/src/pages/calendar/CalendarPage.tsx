// 工作日历: the years the working-day calendar knows officially (bundled or loaded), the years it
// counts provisionally (statutory holidays only, 暂定), and — for administrators — loading a
// year's State Council arrangement, typed in or as the JSON file `zaizao calendar load` reads.
// Loading recomputes the deadlines computed on that year's provisional calendar.
import { useCallback, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { calendarApi, describeYears, parseDateList, type Arrangement, type LoadedYear } from '../../api/calendar.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import CalendarWarning from './CalendarWarning.js';

/** A recomputed date as people read it: a civil date as is, an instant as its Asia/Shanghai minute. */
function shortTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const MAX_FILE = 64 * 1024;

interface FormValues {
  year: number | null;
  daysOff: string;
  makeUpWorkdays: string;
  source: string;
}

export default function CalendarPage() {
  const { user } = useAuth();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { data: years, error, reload } = useLoad((signal) => calendarApi.years(signal), []);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [result, setResult] = useState<LoadedYear | null>(null);
  const [form] = Form.useForm<FormValues>();
  const admin = user?.role === 'admin';

  const submit = useCallback(
    async (arrangement: Arrangement) => {
      setSaving(true);
      setSaveError(null);
      try {
        const loaded = await calendarApi.load(arrangement);
        setResult(loaded);
        message.success(t('calendar.loaded', { year: loaded.arrangement.year }));
        reload();
      } catch (e) {
        setSaveError(errorText(e, lang));
      } finally {
        setSaving(false);
      }
    },
    [lang, message, reload, t],
  );

  const fromForm = (v: FormValues): Arrangement => ({
    year: v.year ?? NaN,
    daysOff: parseDateList(v.daysOff ?? ''),
    makeUpWorkdays: parseDateList(v.makeUpWorkdays ?? ''),
    ...(v.source?.trim() ? { source: v.source.trim() } : {}),
  });

  /** The file `zaizao calendar load` reads fills the form; the server validates on loading. */
  const readFile = async (file: File) => {
    setSaveError(null);
    if (file.size > MAX_FILE) {
      setSaveError(t('calendar.fileTooLarge'));
      return;
    }
    try {
      const json = JSON.parse(await file.text()) as Partial<Arrangement>;
      if (typeof json !== 'object' || json === null || !Array.isArray(json.daysOff)) throw new Error('shape');
      form.setFieldsValue({
        year: typeof json.year === 'number' ? json.year : null,
        daysOff: json.daysOff.join(' '),
        makeUpWorkdays: Array.isArray(json.makeUpWorkdays) ? json.makeUpWorkdays.join(' ') : '',
        source: typeof json.source === 'string' ? json.source : '',
      });
    } catch {
      setSaveError(t('calendar.fileInvalid', { name: file.name }));
    }
  };

  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} action={<Button onClick={reload}>{t('common.retry')}</Button>} />;
  if (!years) return <Card loading />;

  const loadedByYear = new Map(years.loaded.map((l) => [l.year, l]));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('nav.calendar')}
      </Typography.Title>
      <CalendarWarning known={years.warning} />
      <Card title={t('calendar.years')}>
        <Descriptions column={1} size="small" data-testid="calendar-coverage">
          <Descriptions.Item label={t('calendar.official')}>{describeYears(years.coverage.years)}</Descriptions.Item>
          <Descriptions.Item label={t('calendar.provisional')}>
            <Space wrap>
              <span data-testid="calendar-provisional">{describeYears(years.coverage.provisional) || '—'}</span>
              <Tag color="orange">{t('calendar.provisionalTag')}</Tag>
            </Space>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('calendar.provisionalExplained')}
        </Typography.Paragraph>
        <Table
          data-testid="calendar-loaded"
          size="small"
          rowKey="year"
          pagination={false}
          dataSource={[...loadedByYear.values()]}
          locale={{ emptyText: t('calendar.noneLoaded') }}
          columns={[
            { title: t('calendar.year'), dataIndex: 'year', width: 80 },
            { title: t('calendar.daysOff'), key: 'off', render: (_: unknown, a) => a.daysOff.length },
            { title: t('calendar.makeUpWorkdays'), key: 'work', render: (_: unknown, a) => a.makeUpWorkdays.length },
            { title: t('calendar.source'), dataIndex: 'source', render: (s?: string) => s ?? '—' },
            { title: t('calendar.loadedAt'), dataIndex: 'loadedAt' },
          ]}
        />
      </Card>
      {admin ? (
        <Card title={t('calendar.loadTitle')}>
          <Typography.Paragraph type="secondary">{t('calendar.loadHelp')}</Typography.Paragraph>
          <Form<FormValues>
            form={form}
            layout="vertical"
            data-testid="calendar-form"
            initialValues={{ year: (years.warning?.year ?? years.coverage.to + 1) || null, daysOff: '', makeUpWorkdays: '', source: '' }}
            onFinish={(v) => void submit(fromForm(v))}
          >
            <Form.Item label={t('calendar.year')} name="year" rules={[{ required: true, message: t('calendar.yearRequired') }]}>
              <InputNumber min={1949} max={2200} precision={0} data-testid="calendar-year" />
            </Form.Item>
            <Form.Item label={t('calendar.daysOff')} name="daysOff" extra={t('calendar.datesHelp')} rules={[{ required: true, message: t('calendar.daysOffRequired') }]}>
              <Input.TextArea rows={4} data-testid="calendar-days-off" placeholder="2027-01-01 2027-02-05 …" />
            </Form.Item>
            <Form.Item label={t('calendar.makeUpWorkdays')} name="makeUpWorkdays">
              <Input.TextArea rows={2} data-testid="calendar-workdays" placeholder="2027-02-20 …" />
            </Form.Item>
            <Form.Item label={t('calendar.source')} name="source">
              <Input maxLength={500} data-testid="calendar-source" placeholder="国办发明电〔2026〕…" />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="calendar-submit">
                {t('calendar.load')}
              </Button>
              <Upload accept=".json,application/json" showUploadList={false} maxCount={1} beforeUpload={(file) => (void readFile(file), false)}>
                <Button icon={<UploadOutlined />} data-testid="calendar-upload">
                  {t('calendar.upload')}
                </Button>
              </Upload>
            </Space>
          </Form>
          {saveError ? <Alert style={{ marginTop: 16 }} type="error" showIcon title={saveError} data-testid="calendar-error" /> : null}
          {result ? (
            <Alert
              style={{ marginTop: 16 }}
              type="success"
              showIcon
              data-testid="calendar-result"
              title={t('calendar.loaded', { year: result.arrangement.year })}
              description={
                result.recomputed.length === 0
                  ? t('calendar.recomputedNone')
                  : `${t('calendar.recomputed', { count: result.recomputed.length })} ${result.recomputed.map((r) => `${t(`calendar.kind.${r.kind}` as MessageKey)} ${r.id} ${shortTime(r.before)} → ${shortTime(r.after)}${r.provisional ? `（${t('calendar.provisionalTag')}）` : ''}`).join('；')}`
              }
            />
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}
