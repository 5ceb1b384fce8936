// What a bundle draft holds, as tabs: before/after, the unified form, the material list, the
// commitment letter, the parallel process (bpmn-js) and what remains open. Used by the
// wizard's preview and by a saved bundle.
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { Alert, Button, Col, Descriptions, Empty, List, Row, Select, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import {
  FIGURE_KEYS,
  MATERIAL_DISPOSITIONS,
  type Branch,
  type BundleDraft,
  type BundleMaterial,
  type FieldConflict,
  type FieldDecision,
  type MaterialDisposition,
  type UnifiedField,
} from '../../api/bundles.js';
import type { FieldType } from '../../../../src/catalogue/model.js';
import { pick, useI18n, type MessageKey } from '../../i18n/index.js';
import { FigureTable, fieldTypeLabel, legalBasisText, LegalBases, shortLabel, stepKindLabel } from '../reform/shared.js';

const ProcessDiagram = lazy(() => import('../../components/ProcessDiagram.js'));
const BeforeAfterChart = lazy(() => import('../../components/BeforeAfterChart.js'));

const DISPOSITION_COLORS: Record<MaterialDisposition, string> = { submit: 'default', commitment: 'purple', shared: 'blue', bundle_result: 'cyan', form: 'geekblue' };

export function BeforeAfter({ draft }: { draft: BundleDraft }) {
  const { t } = useI18n();
  const keys = [...FIGURE_KEYS, 'commitmentLetters'] as const;
  const rows = keys.map((key) => ({
    key,
    label: t(`bundleFigure.${key}`),
    before: key === 'commitmentLetters' ? null : draft.before[key],
    after: draft.after[key],
  }));
  const chartKeys = FIGURE_KEYS.filter((k) => k !== 'matters');
  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={10}>
        <FigureTable testId="bundle-figures" rows={rows} beforeTitle={t('bundles.before')} afterTitle={t('bundles.after')} />
      </Col>
      <Col xs={24} xl={14}>
        <Suspense fallback={<Skeleton active />}>
          <BeforeAfterChart
            categories={chartKeys.map((k) => shortLabel(t(`bundleFigure.${k}`)))}
            before={chartKeys.map((k) => draft.before[k])}
            after={chartKeys.map((k) => draft.after[k])}
            beforeName={t('bundles.before')}
            afterName={t('bundles.after')}
            ariaLabel={t('bundles.tabFigures')}
          />
        </Suspense>
      </Col>
    </Row>
  );
}

export interface Decide {
  decisions: Record<string, FieldDecision>;
  onDecide: (canonicalKey: string, decision: FieldDecision | null) => void;
}

/** The choices a conflict offers: the distinct types or units its matters use. */
function ConflictChoice({ conflict, decide }: { conflict: FieldConflict; decide: Decide }) {
  const { t } = useI18n();
  const current = decide.decisions[conflict.canonicalKey] ?? {};
  const types = [...new Set(conflict.definitions.map((d) => d.type))];
  const units = [...new Set(conflict.definitions.map((d) => d.unit))];
  return (
    <Space wrap data-testid={`conflict-${conflict.canonicalKey}`}>
      {conflict.aspects.includes('type') ? (
        <Select
          size="small"
          style={{ width: 140 }}
          value={current.type ?? conflict.chosen.type}
          onChange={(type: FieldType) => decide.onDecide(conflict.canonicalKey, { ...current, type })}
          options={types.map((v) => ({ value: v, label: fieldTypeLabel(t, v) }))}
        />
      ) : null}
      {conflict.aspects.includes('unit') ? (
        <Select
          size="small"
          style={{ width: 120 }}
          value={current.unit ?? conflict.chosen.unit}
          onChange={(unit: string) => decide.onDecide(conflict.canonicalKey, { ...current, unit })}
          options={units.map((v) => ({ value: v, label: v || t('bundles.noUnit') }))}
        />
      ) : null}
      {conflict.aspects.includes('options') ? (
        <Select
          size="small"
          mode="tags"
          style={{ minWidth: 220 }}
          value={current.options ?? conflict.chosen.options}
          onChange={(options: string[]) => decide.onDecide(conflict.canonicalKey, { ...current, options })}
          options={conflict.chosen.options.map((v) => ({ value: v, label: v }))}
        />
      ) : null}
      {conflict.decided ? (
        <Tag color="success">{t('bundles.decided')}</Tag>
      ) : (
        <>
          <Tag>{t('bundles.byDefault')}</Tag>
          {/* One click settles the stated default as the office's decision. */}
          <Button
            size="small"
            type="primary"
            ghost
            data-testid={`decide-${conflict.canonicalKey}`}
            onClick={() =>
              decide.onDecide(conflict.canonicalKey, {
                type: current.type ?? conflict.chosen.type,
                unit: current.unit ?? conflict.chosen.unit,
                ...(conflict.aspects.includes('options') ? { options: current.options ?? conflict.chosen.options } : {}),
              })
            }
          >
            {t('bundles.decideAsShown')}
          </Button>
        </>
      )}
    </Space>
  );
}

function FormView({ draft, decide }: { draft: BundleDraft; decide?: Decide }) {
  const { lang, t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('bundles.formSummary', { title: draft.form.title, fields: draft.form.fields.length, removed: draft.form.duplicatesRemoved })}</Typography.Text>
      {draft.form.conflicts.map((c) => (
        <Alert
          key={c.canonicalKey}
          type={c.decided || c.reconcilable ? 'warning' : 'error'}
          showIcon
          title={pick(c.message, lang)}
          description={
            <Space orientation="vertical" size={4}>
              <span>{c.definitions.map((d) => `${d.label}（${fieldTypeLabel(t, d.type)}${d.unit ? ` / ${d.unit}` : ''}）`).join('；')}</span>
              <Space wrap>
                <span>{`${t('bundles.chosen')}：${fieldTypeLabel(t, c.chosen.type)}${c.chosen.unit ? ` / ${c.chosen.unit}` : ''}`}</span>
                {decide ? <ConflictChoice conflict={c} decide={decide} /> : null}
              </Space>
            </Space>
          }
        />
      ))}
      <Table<UnifiedField>
        data-testid="bundle-form"
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={draft.form.fields}
        columns={[
          { title: t('catalogue.fieldLabel'), dataIndex: 'label' },
          { title: t('catalogue.fieldType'), dataIndex: 'type', width: 130, render: (v: string) => fieldTypeLabel(t, v) },
          { title: t('catalogue.unit'), dataIndex: 'unit', width: 70 },
          { title: t('catalogue.required'), dataIndex: 'required', width: 70, render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
          { title: t('bundles.askedBy'), dataIndex: 'matters', width: 100, align: 'right', render: (m: string[]) => m.length },
          { title: t('bundles.formerLabels'), dataIndex: 'labels', render: (l: string[]) => l.join('、') },
        ]}
      />
    </Space>
  );
}

function MaterialsView({ draft, matterName }: { draft: BundleDraft; matterName: (code: string) => string }) {
  const { t } = useI18n();
  const counts = MATERIAL_DISPOSITIONS.map((d) => [d, draft.materials.filter((m) => m.disposition === d).length] as const);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {counts.map(([d, n]) => (
          <Tag key={d} color={DISPOSITION_COLORS[d]}>
            {t(`disposition.${d}`)} {n}
          </Tag>
        ))}
        {draft.removedMaterials.length ? <Tag color="error">{t('bundles.removedMaterials', { count: draft.removedMaterials.length })}</Tag> : null}
      </Space>
      <Table<BundleMaterial>
        data-testid="bundle-materials"
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={[...draft.materials].sort((a, b) => MATERIAL_DISPOSITIONS.indexOf(a.disposition) - MATERIAL_DISPOSITIONS.indexOf(b.disposition))}
        columns={[
          { title: t('catalogue.materialName'), dataIndex: 'name' },
          {
            title: t('bundles.disposition'),
            dataIndex: 'disposition',
            width: 170,
            render: (d: MaterialDisposition, m) => (
              <Space size={4} wrap>
                <Tag color={DISPOSITION_COLORS[d]}>{t(`disposition.${d}`)}</Tag>
                {m.checkedAfterDecision ? (
                  <Tooltip title={`${m.checkedAfterDecision.matters.map(matterName).join('、')}：${m.checkedAfterDecision.legalBases.map(legalBasisText).join('；')}`}>
                    <Tag color="gold" data-testid={`checked-after-decision-${m.key}`}>
                      {t('bundles.checkedAfterDecision')}
                    </Tag>
                  </Tooltip>
                ) : null}
              </Space>
            ),
          },
          { title: t('bundles.issuer'), dataIndex: 'issuer', width: 150 },
          { title: t('bundles.usedBy'), dataIndex: 'uses', render: (u: BundleMaterial['uses']) => [...new Set(u.map((x) => matterName(x.matterCode)))].join('、') },
          {
            title: t('catalogue.requirement'),
            key: 'req',
            width: 140,
            render: (_: unknown, m) => (m.required ? t('catalogue.required') : `${t('catalogue.conditional')}${m.conditions.length ? `：${m.conditions.join('；')}` : ''}`),
          },
        ]}
      />
      {draft.removedMaterials.length ? (
        <Alert
          type="info"
          data-testid="bundle-removed-materials"
          title={t('bundles.removedList')}
          description={draft.removedMaterials.map((m) => `${m.name}（${matterName(m.matterCode)}）`).join('；')}
        />
      ) : null}
    </Space>
  );
}

function LetterView({ draft }: { draft: BundleDraft }) {
  const { lang, t } = useI18n();
  const letter = draft.letter;
  return (
    <div data-testid="bundle-letter" style={{ maxWidth: 860, margin: '0 auto', padding: '8px 16px', border: '1px solid #f0f0f0', borderRadius: 6 }}>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {letter.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {legalBasisText(letter.basis)}
      </Typography.Paragraph>
      {letter.notice.map((n, i) => (
        <Typography.Paragraph key={i}>{pick(n, lang)}</Typography.Paragraph>
      ))}
      <List
        bordered
        dataSource={letter.commitments}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>
                {c.no}. {c.proof}
              </Typography.Text>
              <Typography.Text>{pick(c.content, lang)}</Typography.Text>
              <Typography.Text type="secondary">
                {t('bundles.verification')}：{pick(c.verification, lang)}
              </Typography.Text>
              {c.legalBases.length ? <LegalBases bases={c.legalBases} /> : null}
            </Space>
          </List.Item>
        )}
      />
      {letter.excluded.length ? (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title={t('bundles.excluded')}
          description={letter.excluded
            .map((e) => `${e.name}（${t(`exclusion.${e.exclusion}` as MessageKey)}${e.checkedAfterDecision ? `；${t('bundles.checkedAfterDecision')}` : ''}）`)
            .join('；')}
        />
      ) : null}
      {letter.notice.some((n) => pick(n, lang).includes(pick(letter.consequences, lang))) ? null : (
        <Typography.Paragraph style={{ marginTop: 12 }}>{pick(letter.consequences, lang)}</Typography.Paragraph>
      )}
      <Typography.Paragraph strong>{pick(letter.declaration, lang)}</Typography.Paragraph>
    </div>
  );
}

function ProcessView({ draft, matterName, departmentName }: { draft: BundleDraft; matterName: (code: string) => string; departmentName: (code: string) => string }) {
  const { t } = useI18n();
  const p = draft.process;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {p.workdays === 0 ? t('bundles.processInstant') : t('bundles.processDays', { days: p.workdays, branch: p.criticalBranch ? matterName(p.criticalBranch) : '—' })}
      </Typography.Text>
      <Suspense fallback={<Skeleton active />}>
        <ProcessDiagram xml={p.bpmnXml} height={Math.max(360, Math.min(720, 120 + p.branches.length * 70))} ariaLabel={t('bundles.tabProcess')} />
      </Suspense>
      <Table<Branch>
        size="small"
        rowKey="matterCode"
        pagination={false}
        dataSource={p.branches}
        columns={[
          { title: t('analyzer.matter'), dataIndex: 'matterName' },
          { title: t('catalogue.department'), dataIndex: 'departmentCode', render: (c: string) => departmentName(c) },
          { title: t('bundles.branchSteps'), dataIndex: 'steps', render: (s: Branch['steps']) => s.map((x) => `${x.name}（${stepKindLabel(t, x.kind)}）`).join(' → ') || '—' },
          { title: t('catalogue.workdays'), dataIndex: 'workdays', width: 80, align: 'right' },
          {
            title: t('bundles.commitmentBased'),
            dataIndex: 'commitmentBased',
            width: 110,
            // A commitment replaces the review of papers, not a medical examination or a test.
            render: (v: boolean, b: Branch) => (v ? <Tag color="purple">{t(b.workdays > 0 ? 'bundles.commitmentPhysical' : 'bundles.onTheSpot')}</Tag> : null),
          },
          { title: t('bundles.toExamine'), dataIndex: 'toExamine', render: (names: string[]) => names.join('、') || '—' },
          { title: t('bundles.checkedAfterDecision'), dataIndex: 'checkedAfterDecision', render: (names: string[] | undefined) => names?.join('、') || '—' },
          { title: t('catalogue.result'), dataIndex: 'result' },
        ]}
      />
    </Space>
  );
}

function OpenView({ draft, matterName }: { draft: BundleDraft; matterName: (code: string) => string }) {
  const { lang, t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Descriptions size="small" bordered column={1}>
        <Descriptions.Item label={t('bundles.resultPackage')}>{draft.resultPackage.map((r) => r.result).join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('bundles.prerequisites')}>
          {draft.prerequisites.length === 0
            ? '—'
            : draft.prerequisites.map((p) => (
                <div key={`${p.matterCode}>${p.prerequisite}`}>
                  {matterName(p.matterCode)} ← {matterName(p.prerequisite)}：<Tag color={p.outcome === 'cut' ? 'error' : 'success'}>{t(`prerequisiteOutcome.${p.outcome}`)}</Tag>
                </div>
              ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('catalogue.fee')}>
          {draft.fees.length ? draft.fees.map((f) => `${matterName(f.matterCode)}：${f.standard}`).join('；') : t('catalogue.free')}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('bundles.openFindings')}</Typography.Title>
      {draft.openFindings.length === 0 ? (
        <Empty description={t('bundles.noOpenFindings')} />
      ) : (
        <List size="small" bordered dataSource={draft.openFindings} renderItem={(f) => <List.Item>{pick(f.message, lang)}</List.Item>} />
      )}
    </Space>
  );
}

export default function DraftView({
  draft,
  matterName,
  departmentName,
  decide,
  extraTabs = [],
}: {
  draft: BundleDraft;
  matterName: (code: string) => string;
  departmentName: (code: string) => string;
  decide?: Decide;
  extraTabs?: Array<{ key: string; label: string; children: ReactNode }>;
}) {
  const { t } = useI18n();
  const items = useMemo(
    () => [
      { key: 'figures', label: t('bundles.tabFigures'), children: <BeforeAfter draft={draft} /> },
      {
        key: 'form',
        label: draft.form.conflicts.some((c) => !c.decided) ? `${t('bundles.tabForm')} (${draft.form.conflicts.filter((c) => !c.decided).length})` : t('bundles.tabForm'),
        children: <FormView draft={draft} decide={decide} />,
      },
      { key: 'materials', label: t('bundles.tabMaterials'), children: <MaterialsView draft={draft} matterName={matterName} /> },
      { key: 'letter', label: t('bundles.tabLetter'), children: <LetterView draft={draft} /> },
      { key: 'process', label: t('bundles.tabProcess'), children: <ProcessView draft={draft} matterName={matterName} departmentName={departmentName} /> },
      { key: 'open', label: t('bundles.tabOpen'), children: <OpenView draft={draft} matterName={matterName} /> },
      ...extraTabs,
    ],
    [draft, matterName, departmentName, decide, extraTabs, t],
  );
  return <Tabs data-testid="bundle-tabs" items={items} destroyOnHidden />;
}
