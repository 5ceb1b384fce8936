// Any two versions of a matter side by side: figures, changed fields, and the steps, materials,
// prerequisites and form fields aligned row by row (changes only, or all).
import { useState } from 'react';
import { Alert, Empty, Select, Skeleton, Space, Switch, Table, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { catalogueApi, MATTER_FIGURE_KEYS, type Material, type MatterVersion, type Prerequisite, type SideBySideRow, type Step, type FormField } from '../../api/catalogue.js';
import { MESSAGES, useI18n, type MessageKey } from '../../i18n/index.js';
import { ChangeTag, FigureTable, figureRows, shanghaiTime } from '../reform/shared.js';

function rowName<T>(row: SideBySideRow<T>, name: (item: T) => string): { before: string; after: string } {
  return { before: row.before ? name(row.before) : '—', after: row.after ? name(row.after) : '—' };
}

function AlignedTable<T>({ rows, name, testId, changesOnly }: { rows: SideBySideRow<T>[]; name: (item: T) => string; testId?: string; changesOnly: boolean }) {
  const { lang, t } = useI18n();
  const shown = changesOnly ? rows.filter((r) => r.status !== 'unchanged') : rows;
  const unchanged = rows.length - rows.filter((r) => r.status !== 'unchanged').length;
  return (
    <Table<SideBySideRow<T>>
      data-testid={testId}
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={shown}
      locale={{ emptyText: t('compare.noChanges', { count: unchanged }) }}
      footer={changesOnly && unchanged > 0 && shown.length > 0 ? () => t('compare.unchangedHidden', { count: unchanged }) : undefined}
      rowClassName={(r) => `change-${r.status}`}
      columns={[
        { title: t('compare.status'), dataIndex: 'status', width: 90, render: (s: SideBySideRow<T>['status']) => <ChangeTag status={s} /> },
        {
          title: t('compare.before'),
          key: 'before',
          render: (_: unknown, r) => <span style={r.status === 'removed' ? { textDecoration: 'line-through', color: '#999' } : undefined}>{rowName(r, name).before}</span>,
        },
        { title: t('compare.after'), key: 'after', render: (_: unknown, r) => rowName(r, name).after },
        { title: t('compare.changedFields'), dataIndex: 'changedFields', render: (f: string[]) => f.map((k) => matterFieldLabel(t, k)).join(lang === 'en' ? ', ' : '、') || '' },
      ]}
    />
  );
}

export default function VersionCompare({ code, versions }: { code: string; versions: MatterVersion[] }) {
  const { lang, t } = useI18n();
  const asIs = [...versions].reverse().find((v) => v.stage === 'as_is');
  const toBe = [...versions].reverse().find((v) => v.stage === 'to_be');
  const [a, setA] = useState<number | undefined>(asIs?.version ?? versions[0]?.version);
  const [b, setB] = useState<number | undefined>(toBe?.version ?? versions[versions.length - 1]?.version);
  const [changesOnly, setChangesOnly] = useState(true);
  const { data: comparison, error } = useLoad(
    // (without two versions there is nothing to ask: the page says so)
    (signal) => (a === undefined || b === undefined ? Promise.resolve(null) : catalogueApi.compare(code, a, b, signal)),
    [code, a, b],
  );

  if (versions.length < 2) return <Empty description={t('compare.onlyOne')} />;
  const options = versions.map((v) => ({ value: v.version, label: `v${v.version} · ${t(`stage.${v.stage}`)} · ${shanghaiTime(v.createdAt)}${v.note ? ` · ${v.note}` : ''}` }));
  const diff = comparison?.diff;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <span>{t('compare.before')}</span>
        <Select data-testid="compare-a" style={{ width: 360 }} value={a} onChange={setA} options={options} />
        <span>{t('compare.after')}</span>
        <Select data-testid="compare-b" style={{ width: 360 }} value={b} onChange={setB} options={options} />
        <Switch checked={changesOnly} onChange={setChangesOnly} data-testid="compare-changes-only" />
        <span>{t('compare.changesOnly')}</span>
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      {!diff && !error ? <Skeleton active /> : null}
      {diff ? (
        <div data-testid="compare-result">
          {diff.identical ? <Alert type="info" showIcon title={t('compare.identical')} style={{ marginBottom: 12 }} /> : null}
          <Typography.Title level={5}>{t('compare.figures')}</Typography.Title>
          <FigureTable
            rows={figureRows(t, MATTER_FIGURE_KEYS, { ...diff.figures.before }, { ...diff.figures.after })}
            beforeTitle={`v${comparison!.before.version}`}
            afterTitle={`v${comparison!.after.version}`}
          />
          {diff.fields.length > 0 ? (
            <>
              <Typography.Title level={5}>{t('compare.fields')}</Typography.Title>
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={diff.fields}
                columns={[
                  { title: t('compare.field'), dataIndex: 'field', render: (k: string) => matterFieldLabel(t, k) },
                  { title: t('compare.before'), dataIndex: 'before', render: (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v)) },
                  { title: t('compare.after'), dataIndex: 'after', render: (v: unknown) => (typeof v === 'object' ? JSON.stringify(v) : String(v)) },
                ]}
              />
            </>
          ) : null}
          <Typography.Title level={5}>{t('catalogue.tabSteps')}</Typography.Title>
          <AlignedTable<Step> testId="compare-steps" rows={diff.steps} changesOnly={changesOnly} name={(s) => `${s.id} ${s.name}`} />
          <Typography.Title level={5}>{t('catalogue.tabMaterials')}</Typography.Title>
          <AlignedTable<Material>
            rows={diff.materials}
            changesOnly={changesOnly}
            name={(m) =>
              `${m.id} ${m.name}${m.source.dataSharing ? ` [${t('catalogue.dataSharing')}]` : ''}${m.commitmentAllowed ? ` [${t('catalogue.commitment')}]` : ''}${m.postDecisionCheck ? ` [${t('catalogue.postDecisionCheck')}]` : ''}`
            }
          />
          <Typography.Title level={5}>{t('catalogue.tabPrerequisites')}</Typography.Title>
          <AlignedTable<Prerequisite> rows={diff.prerequisites} changesOnly={changesOnly} name={(p) => p.matterCode} />
          <Typography.Title level={5}>{t('catalogue.tabForm')}</Typography.Title>
          <AlignedTable<FormField> rows={diff.formFields} changesOnly={changesOnly} name={(f) => `${f.key} ${f.label}`} />
        </div>
      ) : null}
    </Space>
  );
}

/** A field of a matter, step, material or form field by its name in the UI language (the key when it has none). */
function matterFieldLabel(t: (key: MessageKey) => string, key: string): string {
  const k = `matterField.${key}`;
  return k in MESSAGES['zh-CN'] ? t(k as MessageKey) : key;
}
