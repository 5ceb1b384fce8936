// One matter: its elements, its steps drawn as a process (bpmn-js), materials,
// prerequisites, form fields, and any two of its versions side by side.
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Descriptions, Segmented, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useLoad } from '../../api/useLoad.js';
import { catalogueApi, MATTER_FIGURE_KEYS, type Prerequisite, type FormField } from '../../api/catalogue.js';
import { useI18n } from '../../i18n/index.js';
import { matterBpmn } from '../../../../src/catalogue/process.js';
import { FigureTable, fieldTypeLabel, figureRows, kindLabel, LegalBases, shanghaiTime, useDepartments, usePeople } from '../reform/shared.js';
import RecordError from '../../components/RecordError.js';
import { DictionaryEntries, MaterialsTable, RoutesTable, StepsTable } from './MatterTables.js';
import VersionCompare from './VersionCompare.js';

const ProcessDiagram = lazy(() => import('../../components/ProcessDiagram.js'));
const MatterFindings = lazy(() => import('../analyzer/MatterFindings.js'));

type Stage = 'as_is' | 'to_be';

export default function MatterDetail({ code, onBack }: { code: string; onBack: () => void }) {
  const { t } = useI18n();
  const { name: departmentName } = useDepartments();
  // Another matter is not shown while this one loads; a reload (after a fix) keeps it.
  const { data, error, reload } = useLoad(
    (signal) => Promise.all([catalogueApi.matter(code, signal), catalogueApi.versions(code, signal)]).then(([detail, v]) => ({ detail, versions: v.items })),
    [code],
    { keep: 'reload' },
  );
  const detail = data?.detail ?? null;
  const versions = data?.versions ?? null;
  const person = usePeople([...(versions ?? []).map((v) => v.createdBy), detail?.asIs?.createdBy, detail?.toBe?.createdBy]);
  // Each answer opens on its newest stage; the choice the user makes holds until the next answer.
  const [chosen, setChosen] = useState<{ for: typeof data; stage: Stage } | null>(null);
  const stage: Stage = chosen && chosen.for === data ? chosen.stage : detail?.toBe ? 'to_be' : 'as_is';
  const setStage = (s: Stage) => setChosen({ for: data, stage: s });

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
          <Segmented<Stage>
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
