// One matter: its elements, its steps drawn as a process (bpmn-js), materials,
// prerequisites, form fields, and any two of its versions side by side.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Empty, Segmented, Select, Skeleton, Space, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import {
  catalogueApi,
  ISSUER_TYPE_LABELS,
  MATTER_FIGURE_KEYS,
  type CatalogueDictionaries,
  type Comparison,
  type LegalRoute,
  type Material,
  type MatterDetail as Detail,
  type MatterVersion,
  type Prerequisite,
  type SideBySideRow,
  type Step,
  type FormField,
} from '../../api/catalogue.js';
import { MESSAGES, pick, useI18n, type MessageKey } from '../../i18n/index.js';
import { matterBpmn } from '../../../../src/catalogue/process.js';
import {
  ChangeTag,
  FigureTable,
  fieldTypeLabel,
  figureRows,
  kindLabel,
  LegalBases,
  legalBasisText,
  shanghaiTime,
  stepKindLabel,
  useDepartments,
  usePeople,
} from '../reform/shared.js';
import RecordError from '../../components/RecordError.js';

const ProcessDiagram = lazy(() => import('../../components/ProcessDiagram.js'));
const MatterFindings = lazy(() => import('../analyzer/MatterFindings.js'));

function StepsTable({ steps, departmentName }: { steps: Step[]; departmentName: (code: string) => string }) {
  const { t } = useI18n();
  const names = new Map(steps.map((s) => [s.id, s.name]));
  return (
    <Table<Step>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={steps}
      columns={[
        { title: t('catalogue.stepId'), dataIndex: 'id', width: 60 },
        { title: t('catalogue.stepName'), dataIndex: 'name' },
        { title: t('catalogue.stepKind'), dataIndex: 'kind', width: 90, render: (k: string) => <Tag>{stepKindLabel(t, k)}</Tag> },
        { title: t('catalogue.department'), dataIndex: 'departmentCode', render: (c: string) => departmentName(c) },
        { title: t('catalogue.role'), dataIndex: 'role' },
        { title: t('catalogue.workdays'), dataIndex: 'workdays', width: 80, align: 'right' },
        { title: t('figure.stamps'), dataIndex: 'stamps', render: (s: string[]) => s.join('、') || '—' },
        { title: t('catalogue.dependsOn'), dataIndex: 'dependsOn', render: (d: string[]) => d.map((id) => names.get(id) ?? id).join('、') || '—' },
        { title: t('catalogue.applicantPresent'), dataIndex: 'applicantPresent', width: 90, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
        { title: t('catalogue.legalBasis'), dataIndex: 'legalBases', render: (b: Step['legalBases']) => <LegalBases bases={b} /> },
      ]}
    />
  );
}

function MaterialsTable({ materials, departmentName }: { materials: Material[]; departmentName: (code: string) => string }) {
  const { lang, t } = useI18n();
  return (
    <Table<Material>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={materials}
      columns={[
        { title: t('catalogue.stepId'), dataIndex: 'id', width: 60 },
        { title: t('catalogue.materialName'), dataIndex: 'name' },
        {
          title: t('catalogue.requirement'),
          dataIndex: 'requirement',
          width: 120,
          render: (r: string, m) => (r === 'required' ? t('catalogue.required') : `${t('catalogue.conditional')}${m.condition ? `：${m.condition}` : ''}`),
        },
        {
          title: t('catalogue.source'),
          key: 'source',
          render: (_: unknown, m) =>
            m.source.kind === 'government'
              ? `${t('catalogue.sourceGovernment')}${m.source.departmentCode ? `（${departmentName(m.source.departmentCode)}）` : ''}`
              : m.source.kind === 'third_party'
                ? `${t('catalogue.sourceThirdParty')}${m.source.issuer ? `（${m.source.issuer}）` : ''}`
                : t('catalogue.sourceApplicant'),
        },
        {
          title: t('catalogue.issuerType'),
          key: 'issuerType',
          width: 110,
          render: (_: unknown, m) => (m.source.issuerType ? <Tag data-testid={`issuer-type-${m.id}`}>{pick(ISSUER_TYPE_LABELS[m.source.issuerType], lang)}</Tag> : '—'),
        },
        {
          title: t('catalogue.materialHandling'),
          key: 'handling',
          render: (_: unknown, m) => (
            <Space size={4} wrap>
              {m.source.presentOnly ? (
                <Tooltip title={t('catalogue.presentOnlyHelp')}>
                  <Tag color="cyan" data-testid={`present-only-${m.id}`}>
                    {t('catalogue.presentOnly')}
                  </Tag>
                </Tooltip>
              ) : null}
              {m.source.noSharingChannel ? (
                <Tooltip title={t('catalogue.noSharingChannelHelp')}>
                  <Tag color="orange" data-testid={`no-sharing-channel-${m.id}`}>
                    {t('catalogue.noSharingChannel')}
                  </Tag>
                </Tooltip>
              ) : null}
              {m.source.dataSharing ? <Tag color="blue">{t('catalogue.dataSharing')}</Tag> : null}
              {m.commitmentAllowed ? <Tag color="purple">{t('catalogue.commitment')}</Tag> : null}
              {!m.source.dataSharing && !m.commitmentAllowed ? <Tag>{t('catalogue.submit')}</Tag> : null}
              {m.postDecisionCheck ? (
                <Tooltip title={`${t('catalogue.postDecisionCheckBasis')}：${legalBasisText(m.postDecisionCheck.legalBasis)}`}>
                  <Tag color="gold" data-testid={`post-decision-check-${m.id}`}>
                    {t('catalogue.postDecisionCheck')}
                  </Tag>
                </Tooltip>
              ) : null}
            </Space>
          ),
        },
        { title: t('catalogue.legalBasis'), dataIndex: 'legalBases', render: (b: Material['legalBases']) => <LegalBases bases={b} /> },
      ]}
    />
  );
}

/** The routes the law provides beside the one the steps describe, and which the matter follows (read only). */
function RoutesTable({ routes, followed, steps, materials }: { routes: LegalRoute[]; followed: string | null; steps: Step[]; materials: Material[] }) {
  const { t } = useI18n();
  const stepName = new Map(steps.map((s) => [s.id, s.name]));
  const materialName = new Map(materials.map((m) => [m.id, m.name]));
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text data-testid="route-followed">
        {t('catalogue.routeFollowed')}：{followed ? (routes.find((r) => r.id === followed)?.name ?? followed) : t('catalogue.routeDefault')}
      </Typography.Text>
      <Table<LegalRoute>
        data-testid="routes-table"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={routes}
        locale={{ emptyText: t('catalogue.noRoutes') }}
        columns={[
          {
            title: t('catalogue.routeName'),
            dataIndex: 'name',
            render: (n: string, r) => (
              <Space size={4}>
                {n}
                {r.id === followed ? <Tag color="green">{t('catalogue.routeCurrent')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('catalogue.legalBasis'), dataIndex: 'legalBasis', render: (b: LegalRoute['legalBasis']) => <LegalBases bases={[b]} /> },
          { title: t('catalogue.promisedDays'), dataIndex: 'promisedDays', width: 100, align: 'right' },
          { title: t('catalogue.routeStepsAfter'), dataIndex: 'stepsAfterDecision', render: (ids: string[]) => ids.map((id) => stepName.get(id) ?? id).join('、') || '—' },
          { title: t('catalogue.routeCommitments'), dataIndex: 'commitmentMaterials', render: (ids: string[]) => ids.map((id) => materialName.get(id) ?? id).join('、') || '—' },
        ]}
      />
    </Space>
  );
}

/** The catalogue's own dictionary entries this matter uses (materials and form fields it adds to the platform's). */
function DictionaryEntries({ dictionaries }: { dictionaries: CatalogueDictionaries }) {
  const { t } = useI18n();
  const rows = [
    ...dictionaries.materials.map((d) => ({
      key: `material:${d.id}`,
      kind: t('catalogue.dictionaryMaterial'),
      id: d.id,
      name: d.name,
      synonyms: d.synonyms,
      detail: d.certificate,
    })),
    ...dictionaries.fields.map((d) => ({
      key: `field:${d.id}`,
      kind: t('catalogue.dictionaryField'),
      id: d.id,
      name: d.name,
      synonyms: d.synonyms,
      detail: [fieldTypeLabel(t, d.type), d.unit].filter(Boolean).join(' · '),
    })),
  ];
  return (
    <Table
      data-testid="dictionary-entries"
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      locale={{ emptyText: t('catalogue.noDictionaryEntries') }}
      columns={[
        { title: t('catalogue.dictionaryKind'), dataIndex: 'kind', width: 90 },
        { title: t('catalogue.dictionaryId'), dataIndex: 'id' },
        { title: t('catalogue.dictionaryName'), dataIndex: 'name' },
        { title: t('catalogue.dictionarySynonyms'), dataIndex: 'synonyms', render: (s: string[]) => s.join('、') || '—' },
        { title: t('catalogue.dictionaryDetail'), dataIndex: 'detail', render: (d: string) => d || '—' },
      ]}
    />
  );
}

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

function VersionCompare({ code, versions }: { code: string; versions: MatterVersion[] }) {
  const { lang, t } = useI18n();
  const asIs = [...versions].reverse().find((v) => v.stage === 'as_is');
  const toBe = [...versions].reverse().find((v) => v.stage === 'to_be');
  const [a, setA] = useState<number | undefined>(asIs?.version ?? versions[0]?.version);
  const [b, setB] = useState<number | undefined>(toBe?.version ?? versions[versions.length - 1]?.version);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [changesOnly, setChangesOnly] = useState(true);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (a === undefined || b === undefined) return;
    const controller = new AbortController();
    setError(null);
    catalogueApi.compare(code, a, b, controller.signal).then(setComparison, (e: unknown) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [code, a, b]);

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

export default function MatterDetail({ code, onBack }: { code: string; onBack: () => void }) {
  const { t } = useI18n();
  const { name: departmentName } = useDepartments();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [versions, setVersions] = useState<MatterVersion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const person = usePeople([...(versions ?? []).map((v) => v.createdBy), detail?.asIs?.createdBy, detail?.toBe?.createdBy]);
  const [stage, setStage] = useState<'as_is' | 'to_be'>('as_is');
  const [changed, setChanged] = useState(0);
  const reload = useCallback(() => setChanged((n) => n + 1), []);

  useEffect(() => setDetail(null), [code]);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    Promise.all([catalogueApi.matter(code, controller.signal), catalogueApi.versions(code, controller.signal)]).then(
      ([d, v]) => {
        setDetail(d);
        setVersions(v.items);
        setStage(d.toBe ? 'to_be' : 'as_is');
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, [code, changed]);

  const version = detail ? (stage === 'to_be' && detail.toBe ? detail.toBe : (detail.asIs ?? detail.toBe)) : null;
  const matter = version?.matter;
  const xml = useMemo(() => (matter ? matterBpmn(matter, { departmentName, startLabel: t('diagram.start'), endLabel: t('diagram.end') }) : ''), [matter, departmentName, t]);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
      {t('common.back')}
    </Button>
  );
  if (error)
    return (
      <Card extra={back}>
        <RecordError error={error} />
      </Card>
    );
  if (!detail || !matter || !version)
    return (
      <Card extra={back}>
        <Skeleton active />
      </Card>
    );

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="matter-title">{matter.name}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {matter.code}
          </Typography.Text>
          <Tag>{kindLabel(t, matter.kind)}</Tag>
        </Space>
      }
      extra={back}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space wrap>
          <Segmented<'as_is' | 'to_be'>
            data-testid="matter-stage"
            value={stage}
            onChange={setStage}
            options={[
              { value: 'as_is', label: t('stage.as_is'), disabled: !detail.asIs },
              { value: 'to_be', label: t('stage.to_be'), disabled: !detail.toBe },
            ]}
          />
          <Typography.Text type="secondary">
            {t('catalogue.versionLine', { version: version.version, by: person(version.createdBy), at: shanghaiTime(version.createdAt) })}
            {version.note ? ` · ${version.note}` : ''}
          </Typography.Text>
        </Space>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('catalogue.department')}>{detail.summary?.departmentName || departmentName(matter.departmentCode)}</Descriptions.Item>
          <Descriptions.Item label={t('catalogue.statutoryDays')}>{matter.statutoryDays ?? t('catalogue.none')}</Descriptions.Item>
          <Descriptions.Item label={t('figure.promisedDays')}>{matter.promisedDays === 0 ? t('catalogue.instant') : matter.promisedDays}</Descriptions.Item>
          <Descriptions.Item label={t('figure.visits')}>{matter.visits}</Descriptions.Item>
          <Descriptions.Item label={t('catalogue.fee')}>{matter.fee.charged ? `${matter.fee.standard}（${matter.fee.basis}）` : t('catalogue.free')}</Descriptions.Item>
          <Descriptions.Item label={t('catalogue.result')}>{matter.result.name || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('catalogue.legalBasis')} span={3}>
            <LegalBases bases={matter.legalBases} />
          </Descriptions.Item>
        </Descriptions>
        <Tabs
          defaultActiveKey="process"
          items={[
            {
              key: 'process',
              label: t('catalogue.tabProcess'),
              children: (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Suspense fallback={<Skeleton active />}>
                    <ProcessDiagram xml={xml} height={Math.max(280, Math.min(520, 160 + matter.steps.length * 20))} ariaLabel={t('catalogue.processOf', { name: matter.name })} />
                  </Suspense>
                  <StepsTable steps={matter.steps} departmentName={departmentName} />
                </Space>
              ),
            },
            {
              key: 'materials',
              label: `${t('catalogue.tabMaterials')} (${matter.materials.length})`,
              children: <MaterialsTable materials={matter.materials} departmentName={departmentName} />,
            },
            {
              key: 'routes',
              label: `${t('catalogue.tabRoutes')} (${(matter.routes ?? []).length})`,
              children: <RoutesTable routes={matter.routes ?? []} followed={matter.route ?? null} steps={matter.steps} materials={matter.materials} />,
            },
            {
              key: 'dictionary',
              label: `${t('catalogue.tabDictionary')} (${(detail.dictionaries?.materials.length ?? 0) + (detail.dictionaries?.fields.length ?? 0)})`,
              children: <DictionaryEntries dictionaries={detail.dictionaries ?? { materials: [], fields: [] }} />,
            },
            {
              key: 'prerequisites',
              label: `${t('catalogue.tabPrerequisites')} (${matter.prerequisites.length})`,
              children: (
                <Table<Prerequisite>
                  size="small"
                  rowKey="matterCode"
                  pagination={false}
                  dataSource={matter.prerequisites}
                  columns={[
                    { title: t('catalogue.code'), dataIndex: 'matterCode', render: (c: string) => <Link to={`/catalogue/matters/${encodeURIComponent(c)}`}>{c}</Link> },
                    { title: t('catalogue.note'), dataIndex: 'note' },
                    { title: t('catalogue.legalBasis'), dataIndex: 'legalBases', render: (b: Prerequisite['legalBases']) => <LegalBases bases={b} /> },
                  ]}
                />
              ),
            },
            {
              key: 'form',
              label: `${t('catalogue.tabForm')} (${matter.formFields.length})`,
              children: (
                <Table<FormField>
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={matter.formFields}
                  columns={[
                    { title: t('catalogue.stepId'), dataIndex: 'key', width: 70 },
                    { title: t('catalogue.fieldLabel'), dataIndex: 'label' },
                    { title: t('catalogue.fieldType'), dataIndex: 'type', render: (v: string) => fieldTypeLabel(t, v) },
                    { title: t('catalogue.unit'), dataIndex: 'unit' },
                    { title: t('catalogue.required'), dataIndex: 'required', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
                  ]}
                />
              ),
            },
            {
              key: 'figures',
              label: t('catalogue.tabFigures'),
              children: (
                <FigureTable
                  rows={figureRows(t, MATTER_FIGURE_KEYS, detail.summary?.asIs ? { ...detail.summary.asIs } : null, detail.summary?.toBe ? { ...detail.summary.toBe } : null)}
                  beforeTitle={t('stage.as_is')}
                  afterTitle={t('stage.to_be')}
                />
              ),
            },
            {
              key: 'compare',
              label: t('catalogue.tabCompare'),
              children: versions ? <VersionCompare key={versions.length} code={code} versions={versions} /> : <Skeleton active />,
            },
            {
              key: 'findings',
              label: t('catalogue.tabFindings'),
              children: (
                <Suspense fallback={<Skeleton active />}>
                  <MatterFindings code={code} name={matter.name} onChanged={reload} />
                </Suspense>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
