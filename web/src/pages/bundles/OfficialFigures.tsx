// Official figures (官方公布数据) of a bundle: what the government published, with its source and
// date, beside the figure Zaizao computes and the difference. The reform office records and
// removes them; everyone who may read the bundle sees them. They never replace a computed figure.
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { bundleApi, FIGURE_KEYS, type BundleDraft, type OfficialFigure, type OfficialFigureKey, type OfficialStage } from '../../api/bundles.js';
import { useI18n } from '../../i18n/index.js';

const KEYS: OfficialFigureKey[] = [...FIGURE_KEYS, 'commitmentLetters'];

/** The computed figure an official one stands beside (null: not computed for that stage or version). */
export function computedFigure(draft: BundleDraft, figure: OfficialFigureKey, stage: OfficialStage): number | null {
  if (stage === 'before') return figure === 'commitmentLetters' ? null : draft.before[figure];
  return draft.after[figure];
}

/** official − computed, one decimal; null when there is nothing to compare. */
export function officialDifference(official: number, computed: number | null): number | null {
  return computed === null ? null : Math.round((official - computed) * 10) / 10;
}

export default function OfficialFigures({ bundleId, draft, canWrite }: { bundleId: number; draft: BundleDraft; canWrite: boolean }) {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ figure: OfficialFigureKey; stage: OfficialStage; value: number; source: string; publishedOn: string }>();

  const { data, set } = useLoad(
    (signal) =>
      bundleApi.officialFigures(bundleId, signal).catch((err: unknown) => {
        if (!signal.aborted) message.error(errorText(err, lang));
        throw err;
      }),
    [bundleId],
  );
  const figures = data?.figures ?? [];
  // After a change: the figures as they now are, before the form says it is done.
  const load = async () => set(await bundleApi.officialFigures(bundleId));

  const record = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await bundleApi.recordOfficialFigure(bundleId, v.stage, v.figure, { value: v.value, source: v.source, publishedOn: v.publishedOn });
      message.success(t('bundles.officialSaved'));
      form.resetFields(['value', 'source']);
      await load();
    } catch (err) {
      message.error(errorText(err, lang));
    } finally {
      setSaving(false);
    }
  };
  const remove = async (f: OfficialFigure) => {
    try {
      await bundleApi.removeOfficialFigure(bundleId, f.stage, f.figure);
      await load();
    } catch (err) {
      message.error(errorText(err, lang));
    }
  };

  const label = (k: OfficialFigureKey) => t(`bundleFigure.${k}`);
  const stageLabel = (s: OfficialStage) => t(s === 'before' ? 'bundles.before' : 'bundles.after');
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="official-figures">
      <Typography.Title level={5}>{t('bundles.officialTitle')}</Typography.Title>
      <Typography.Text type="secondary">{t('bundles.officialHint')}</Typography.Text>
      <Table<OfficialFigure>
        size="small"
        rowKey={(f) => `${f.figure}-${f.stage}`}
        pagination={false}
        dataSource={figures}
        locale={{ emptyText: t('bundles.officialNone') }}
        columns={[
          { title: t('figure.name'), dataIndex: 'figure', render: (k: OfficialFigureKey) => label(k) },
          { title: t('bundles.officialStage'), dataIndex: 'stage', render: (s: OfficialStage) => stageLabel(s) },
          { title: t('bundles.officialValue'), dataIndex: 'value', align: 'right' },
          { title: t('bundles.officialComputed'), key: 'computed', align: 'right', render: (_: unknown, f) => computedFigure(draft, f.figure, f.stage) ?? '—' },
          {
            title: t('bundles.officialDifference'),
            key: 'difference',
            align: 'right',
            render: (_: unknown, f) => {
              const d = officialDifference(f.value, computedFigure(draft, f.figure, f.stage));
              return d === null ? '—' : <Typography.Text type={d === 0 ? 'success' : 'warning'}>{d > 0 ? `+${d}` : d}</Typography.Text>;
            },
          },
          { title: t('bundles.officialSource'), dataIndex: 'source' },
          { title: t('bundles.officialPublishedOn'), dataIndex: 'publishedOn', width: 110 },
          ...(canWrite
            ? [
                {
                  title: '',
                  key: 'remove',
                  width: 70,
                  render: (_: unknown, f: OfficialFigure) => (
                    <Popconfirm title={t('bundles.officialRemoveConfirm')} onConfirm={() => remove(f)} okText={t('bundles.officialRemove')} cancelText={t('common.cancel')}>
                      <Button size="small" danger type="link">
                        {t('bundles.officialRemove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite ? (
        <Form form={form} layout="inline" initialValues={{ stage: 'after' }} data-testid="official-figure-form">
          <Form.Item name="figure" rules={[{ required: true, message: t('bundles.officialFigureRequired') }]}>
            <Select style={{ width: 200 }} placeholder={t('figure.name')} options={KEYS.map((k) => ({ value: k, label: label(k) }))} />
          </Form.Item>
          <Form.Item name="stage">
            <Select style={{ width: 100 }} options={(['before', 'after'] as const).map((s) => ({ value: s, label: stageLabel(s) }))} />
          </Form.Item>
          <Form.Item name="value" rules={[{ required: true, message: t('bundles.officialValueRequired') }]}>
            <InputNumber min={0} max={1_000_000} placeholder={t('bundles.officialValue')} />
          </Form.Item>
          <Form.Item name="source" rules={[{ required: true, whitespace: true, max: 500, message: t('bundles.officialSourceRequired') }]}>
            <Input style={{ width: 260 }} placeholder={t('bundles.officialSource')} maxLength={500} />
          </Form.Item>
          <Form.Item name="publishedOn" rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('bundles.officialDateRequired') }]}>
            <Input type="date" style={{ width: 160 }} aria-label={t('bundles.officialPublishedOn')} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" onClick={() => void record().catch(() => undefined)} loading={saving} data-testid="official-figure-save">
              {t('bundles.officialRecord')}
            </Button>
          </Form.Item>
        </Form>
      ) : null}
    </Space>
  );
}
