// A matter's parts as tables: steps, materials (with their sources and legal bases), the legal
// routes it may take, and its entries in the catalogue's dictionaries.
import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ISSUER_TYPE_LABELS, type CatalogueDictionaries, type LegalRoute, type Material, type Step } from '../../api/catalogue.js';
import { pick, useI18n } from '../../i18n/index.js';
import { fieldTypeLabel, LegalBases, legalBasisText, stepKindLabel } from '../reform/shared.js';

export function StepsTable({ steps, departmentName }: { steps: Step[]; departmentName: (code: string) => string }) {
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

export function MaterialsTable({ materials, departmentName }: { materials: Material[]; departmentName: (code: string) => string }) {
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
export function RoutesTable({ routes, followed, steps, materials }: { routes: LegalRoute[]; followed: string | null; steps: Step[]; materials: Material[] }) {
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
export function DictionaryEntries({ dictionaries }: { dictionaries: CatalogueDictionaries }) {
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
