// 一件事: bundles of matters merged into one service. The list, a wizard that picks matters
// from any department and previews the draft, and a saved bundle with its unified form,
// material list, commitment letter, process diagram, before/after, print/PDF and publishing.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Empty, Input, Popconfirm, Select, Skeleton, Space, Steps, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, FilePdfOutlined, PlusOutlined, PrinterOutlined, DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { errorText } from '../api/client.js';
import { bundleApi, type BundleDraft, type BundleSummary, type FieldDecision, type StoredBundle } from '../api/bundles.js';
import { catalogueApi, type MatterSummary } from '../api/catalogue.js';
import { useAuth } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/index.js';
import { kindLabel, shanghaiTime, useDepartments } from './reform/shared.js';
import DraftView from './bundles/DraftView.js';
import OfficialFigures from './bundles/OfficialFigures.js';
import Reliances from './bundles/Reliances.js';
import Changes from './bundles/Changes.js';
import { rolesFor } from '../../../src/org/access-rules.js';
import { Forbidden } from './StatusPage.js';
import RecordError from '../components/RecordError.js';

// Who writes bundles and who sees drafts' internals comes from the rule table the server reads.
const WRITERS = new Set(rolesFor('bundles.write'));
const DRAFT_READERS = new Set(rolesFor('bundles.drafts'));

function StatusTag({ status }: { status: BundleSummary['status'] }) {
  const { t } = useI18n();
  return <Tag color={status === 'published' ? 'success' : 'default'}>{t(`bundleStatus.${status}`)}</Tag>;
}

function BundleList() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { name: departmentName } = useDepartments();
  const [items, setItems] = useState<BundleSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    bundleApi.list(controller.signal).then(
      (answer) => setItems(answer.items),
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, []);
  return (
    <Card
      title={t('nav.bundles')}
      extra={
        user && WRITERS.has(user.role) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/bundles/new')} data-testid="bundle-new">
            {t('bundles.new')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('cap.bundles')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table<BundleSummary>
        data-testid="bundle-list"
        rowKey="id"
        loading={!items && !error}
        dataSource={items ?? []}
        locale={{ emptyText: <Empty description={t('bundles.empty')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('bundles.name'), dataIndex: 'name', render: (name: string, b) => <Link to={`/bundles/${b.id}`}>{name}</Link> },
          { title: t('bundles.status'), dataIndex: 'status', width: 90, render: (s: BundleSummary['status']) => <StatusTag status={s} /> },
          { title: t('bundles.departments'), dataIndex: 'departments', render: (d: string[]) => d.map(departmentName).join('、') },
          { title: t('figure.matters'), key: 'matters', width: 70, align: 'right', render: (_: unknown, b) => b.after.matters },
          { title: t('bundleFigure.materials'), key: 'materials', width: 120, align: 'right', render: (_: unknown, b) => `${b.before.materials} → ${b.after.materials}` },
          { title: t('figure.visits'), key: 'visits', width: 100, align: 'right', render: (_: unknown, b) => `${b.before.visits} → ${b.after.visits}` },
          { title: t('figure.promisedWorkdays'), key: 'days', width: 150, align: 'right', render: (_: unknown, b) => `${b.before.promisedWorkdays} → ${b.after.promisedWorkdays}` },
          { title: t('bundles.updated'), dataIndex: 'updatedAt', width: 150, render: (v: string) => shanghaiTime(v) },
        ]}
      />
    </Card>
  );
}

function MatterPicker({ selected, onChange }: { selected: Map<string, MatterSummary>; onChange: (next: Map<string, MatterSummary>) => void }) {
  const { lang, t } = useI18n();
  const { departments } = useDepartments();
  const [search, setSearch] = useState('');
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: MatterSummary[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    catalogueApi.matters({ search: search || undefined, department, limit: 10, offset: (page - 1) * 10 }, controller.signal).then(setData, (e: unknown) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [search, department, page]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          data-testid="picker-search"
          allowClear
          placeholder={t('catalogue.searchPlaceholder')}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalogue.allDepartments')}
          style={{ width: 220 }}
          value={department}
          onChange={(v?: string) => {
            setDepartment(v);
            setPage(1);
          }}
          options={departments.map((d) => ({ value: d.code, label: d.name }))}
        />
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table<MatterSummary>
        data-testid="picker-table"
        size="small"
        rowKey="code"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        rowSelection={{
          preserveSelectedRowKeys: true,
          selectedRowKeys: [...selected.keys()],
          onSelect: (m, checked) => {
            const next = new Map(selected);
            if (checked) next.set(m.code, m);
            else next.delete(m.code);
            onChange(next);
          },
          onSelectAll: (checked, _rows, changed) => {
            const next = new Map(selected);
            for (const m of changed) {
              if (!m) continue;
              if (checked) next.set(m.code, m);
              else next.delete(m.code);
            }
            onChange(next);
          },
        }}
        columns={[
          { title: t('catalogue.code'), dataIndex: 'code', width: 150 },
          { title: t('catalogue.name'), dataIndex: 'name' },
          { title: t('catalogue.kind'), dataIndex: 'kind', width: 130, render: (k: string) => kindLabel(t, k) },
          { title: t('catalogue.department'), dataIndex: 'departmentName', width: 170 },
        ]}
      />
      <div data-testid="picker-selected">
        <Typography.Text strong>{t('bundles.selected', { count: selected.size })}</Typography.Text>{' '}
        {[...selected.values()].map((m) => (
          <Tag
            key={m.code}
            closable
            onClose={() => {
              const next = new Map(selected);
              next.delete(m.code);
              onChange(next);
            }}
          >
            {m.name}
          </Tag>
        ))}
      </div>
    </Space>
  );
}

function BundleWizard() {
  const { lang, t } = useI18n();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { name: departmentName, departments } = useDepartments();
  const [windowDepartment, setWindowDepartment] = useState<string | undefined>(undefined);
  const [step, setStep] = useState(0);
  const [selected, setSelected] = useState<Map<string, MatterSummary>>(new Map());
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<BundleDraft | null>(null);
  const [decisions, setDecisions] = useState<Record<string, FieldDecision>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codes = useMemo(() => [...selected.keys()], [selected]);
  const matterName = useCallback((code: string) => selected.get(code)?.name ?? code, [selected]);

  const runPreview = async (chosen: Record<string, FieldDecision> = decisions) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await bundleApi.preview({ name: name.trim(), matterCodes: codes, decisions: chosen, windowDepartmentCode: windowDepartment });
      setPreview(answer.draft);
      setStep(1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await bundleApi.create({ name: name.trim(), matterCodes: codes, decisions, windowDepartmentCode: windowDepartment });
      message.success(t('bundles.saved', { name: saved.name }));
      navigate(`/bundles/${saved.id}`, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('bundles.new')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/bundles')}>
          {t('common.back')}
        </Button>
      }
    >
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: t('bundles.stepPick') }, { title: t('bundles.stepPreview') }]} />
      {step === 0 ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <MatterPicker selected={selected} onChange={setSelected} />
          <Space wrap>
            <Input
              data-testid="bundle-name"
              placeholder={t('bundles.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 320 }}
              maxLength={100}
            />
            <Select
              data-testid="bundle-window-department"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('bundles.windowDepartment')}
              value={windowDepartment}
              onChange={(v?: string) => setWindowDepartment(v)}
              options={departments.map((d) => ({ value: d.code, label: d.name }))}
              style={{ width: 240 }}
            />
            <Button type="primary" disabled={codes.length < 2 || !name.trim()} loading={busy} onClick={() => runPreview()} data-testid="bundle-preview">
              {t('bundles.preview')}
            </Button>
            {codes.length < 2 ? <Typography.Text type="secondary">{t('bundles.pickTwo')}</Typography.Text> : null}
          </Space>
        </Space>
      ) : null}
      {error ? <Alert style={{ margin: '12px 0' }} type="error" showIcon title={errorText(error, lang)} /> : null}
      {step === 1 && preview ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Alert type="info" showIcon title={t('bundles.previewNote', { name: preview.name, count: preview.matterCodes.length })} />
          <Space>
            <Button onClick={() => setStep(0)}>{t('bundles.backToPick')}</Button>
            <Button type="primary" loading={busy} onClick={save} data-testid="bundle-save">
              {t('bundles.save')}
            </Button>
          </Space>
          <DraftView
            draft={preview}
            matterName={matterName}
            departmentName={departmentName}
            decide={{
              decisions,
              onDecide: (key, decision) => {
                const next = { ...decisions };
                if (decision) next[key] = decision;
                else delete next[key];
                setDecisions(next);
                void runPreview(next);
              },
            }}
          />
        </Space>
      ) : null}
    </Card>
  );
}

function BundleDetail({ id }: { id: number }) {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const { name: departmentName, departments } = useDepartments();
  const [bundle, setBundle] = useState<StoredBundle | null>(null);
  // Names come with the bundle: no catalogue-wide lookup, whatever the catalogue's size.
  const matterName = useCallback((code: string) => bundle?.matterNames?.[code] ?? code, [bundle]);
  const [error, setError] = useState<unknown>(null);
  const [publishing, setPublishing] = useState(false);
  const [revising, setRevising] = useState(false);
  const [version, setVersion] = useState<number | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    bundleApi.get(id, version, controller.signal).then(setBundle, (e: unknown) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [id, version]);

  const revise = async (windowDepartmentCode?: string) => {
    if (!bundle) return;
    setRevising(true);
    try {
      const next = await bundleApi.revise(id, { name: bundle.name, ...(windowDepartmentCode ? { windowDepartmentCode } : {}) });
      setBundle(next);
      setVersion(undefined);
      message.success(t('bundles.revised', { version: next.version }));
    } catch (e) {
      modal.error({ title: t('bundles.reviseFailed'), content: errorText(e, lang) });
    } finally {
      setRevising(false);
    }
  };

  const doPublish = async (confirm: boolean) => {
    setPublishing(true);
    try {
      const answer = await bundleApi.publish(id, confirm);
      setBundle(answer.bundle);
      setVersion(undefined);
      message.success(t('bundles.published', { code: answer.serviceCode, version: answer.deployment.version }));
    } catch (e) {
      modal.error({ title: t('bundles.publishFailed'), content: errorText(e, lang) });
    } finally {
      setPublishing(false);
    }
  };

  // Undecided form conflicts refuse publishing; publishing over a published version shows what
  // changes and asks again.
  const publish = async () => {
    setPublishing(true);
    let preview: Awaited<ReturnType<typeof bundleApi.publishPreview>>;
    try {
      preview = await bundleApi.publishPreview(id);
    } catch (e) {
      modal.error({ title: t('bundles.publishFailed'), content: errorText(e, lang) });
      setPublishing(false);
      return;
    }
    setPublishing(false);
    if (preview.undecided.length) {
      modal.error({
        title: t('bundles.undecidedTitle'),
        content: (
          <ul data-testid="undecided-conflicts">
            {preview.undecided.map((c) => (
              <li key={c.canonicalKey}>{lang === 'en' ? c.message.en : c.message.zh}</li>
            ))}
          </ul>
        ),
      });
      return;
    }
    if (preview.changes) {
      modal.confirm({
        width: 720,
        title: t('bundles.republishTitle', { published: preview.publishedVersion ?? '—', version: preview.version }),
        content: <Changes changes={preview.changes} matterName={matterName} />,
        okText: t('bundles.republish'),
        cancelText: t('common.cancel'),
        okButtonProps: { 'data-testid': 'republish-confirm' } as Record<`data-${string}`, string>,
        onOk: () => doPublish(true),
      });
      return;
    }
    await doPublish(false);
  };

  const decideField = async (key: string, decision: FieldDecision | null) => {
    if (!bundle || !decision) return;
    try {
      const next = await bundleApi.decideField(id, key, decision);
      setBundle(next);
      setVersion(undefined);
      message.success(t('bundles.fieldDecided', { version: next.version }));
    } catch (e) {
      modal.error({ title: t('bundles.reviseFailed'), content: errorText(e, lang) });
    }
  };

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/bundles')}>
      {t('common.back')}
    </Button>
  );
  if (error)
    return (
      <Card extra={back}>
        <RecordError error={error} />
      </Card>
    );
  if (!bundle)
    return (
      <Card extra={back}>
        <Skeleton active />
      </Card>
    );
  const doc = (name: Parameters<typeof bundleApi.document>[1], download = false) =>
    bundleApi.document(bundle.id, name, { version: bundle.version, download: download || undefined });
  const upToDate = bundle.status === 'published' && bundle.publishedVersion === bundle.latestVersion;
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="bundle-title">{bundle.name}</span>
          <StatusTag status={bundle.status} />
          {user && DRAFT_READERS.has(user.role) ? (
            <>
              <Select
                size="small"
                data-testid="bundle-version"
                value={bundle.version}
                style={{ width: 110 }}
                onChange={(v: number) => setVersion(v === bundle.latestVersion ? undefined : v)}
                options={Array.from({ length: bundle.latestVersion }, (_, i) => bundle.latestVersion - i).map((v) => ({
                  value: v,
                  label: t('bundles.versionOption', { version: v }),
                }))}
              />
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('bundles.versionLine', { version: bundle.version, by: bundle.versionCreatedBy, at: shanghaiTime(bundle.versionCreatedAt) })}
              </Typography.Text>
            </>
          ) : null}
        </Space>
      }
      extra={back}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Space wrap>
          <Button icon={<PrinterOutlined />} href={doc('form.html')} target="_blank">
            {t('bundles.printForm')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={doc('form.pdf')} target="_blank">
            {t('bundles.formPdf')}
          </Button>
          <Button icon={<PrinterOutlined />} href={doc('letter.html')} target="_blank">
            {t('bundles.printLetter')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={doc('letter.pdf')} target="_blank">
            {t('bundles.letterPdf')}
          </Button>
          <Button icon={<PrinterOutlined />} href={doc('figures.html')} target="_blank">
            {t('bundles.printFigures')}
          </Button>
          <Button icon={<DownloadOutlined />} href={doc('process.bpmn', true)}>
            {t('bundles.downloadBpmn')}
          </Button>
          {user && WRITERS.has(user.role) ? (
            <Popconfirm
              title={t('bundles.reviseConfirm')}
              description={t('bundles.reviseConfirmText')}
              okText={t('bundles.revise')}
              cancelText={t('common.cancel')}
              onConfirm={() => revise()}
            >
              <Button icon={<SyncOutlined />} loading={revising} data-testid="bundle-revise">
                {t('bundles.revise')}
              </Button>
            </Popconfirm>
          ) : null}
          {user && WRITERS.has(user.role) ? (
            <Popconfirm
              title={t('bundles.publishConfirm')}
              description={t('bundles.publishConfirmText')}
              okText={t('bundles.publish')}
              cancelText={t('common.cancel')}
              onConfirm={publish}
              disabled={upToDate}
            >
              <Button type="primary" icon={<CloudUploadOutlined />} loading={publishing} disabled={upToDate} data-testid="bundle-publish">
                {upToDate ? t('bundles.isPublished') : t('bundles.publish')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
        {/* The one window (综合窗口): receives, decides jointly, delivers; changing it makes a new version. */}
        <Space data-testid="bundle-window">
          <Typography.Text type="secondary">{t('bundles.windowLabel')}</Typography.Text>
          {user && WRITERS.has(user.role) ? (
            <Select
              style={{ width: 240 }}
              showSearch
              optionFilterProp="label"
              value={bundle.leadDepartmentCode}
              disabled={revising}
              onChange={(v: string) => void revise(v)}
              options={[
                ...departments.map((d) => ({ value: d.code, label: d.name })),
                ...(departments.some((d) => d.code === bundle.leadDepartmentCode) ? [] : [{ value: bundle.leadDepartmentCode, label: bundle.leadDepartmentCode }]),
              ]}
            />
          ) : (
            <Typography.Text>{departmentName(bundle.leadDepartmentCode)}</Typography.Text>
          )}
        </Space>
        {bundle.status === 'published' && bundle.serviceCode ? (
          <Alert
            type="success"
            showIcon
            title={t('bundles.publishedLine', {
              code: bundle.serviceCode,
              version: bundle.publishedVersion ?? '—',
              at: bundle.publishedAt ? shanghaiTime(bundle.publishedAt) : '—',
            })}
          />
        ) : null}
        {bundle.draft.form.conflicts.some((c) => !c.decided) ? (
          <Alert
            type="warning"
            showIcon
            data-testid="undecided-alert"
            title={t('bundles.undecidedAlert', { count: bundle.draft.form.conflicts.filter((c) => !c.decided).length })}
          />
        ) : null}
        {bundle.publishChanges ? <Changes changes={bundle.publishChanges} matterName={matterName} /> : null}
        <DraftView
          draft={bundle.draft}
          matterName={matterName}
          departmentName={departmentName}
          decide={
            user && WRITERS.has(user.role) && bundle.version === bundle.latestVersion ? { decisions: bundle.decisions, onDecide: (key, d) => void decideField(key, d) } : undefined
          }
          extraTabs={[
            {
              key: 'reliances',
              label: t('reliances.tab', { count: bundle.vetoes?.length ?? 0 }),
              children: (
                <Reliances
                  bundle={bundle}
                  canWrite={!!user && WRITERS.has(user.role)}
                  matterName={matterName}
                  onChanged={(next) => {
                    setBundle(next);
                    setVersion(undefined);
                  }}
                />
              ),
            },
            {
              key: 'official',
              label: t('bundles.officialTitle'),
              children: <OfficialFigures bundleId={bundle.id} draft={bundle.draft} canWrite={!!user && WRITERS.has(user.role)} />,
            },
          ]}
        />
      </Space>
    </Card>
  );
}

export default function Bundles() {
  const rest = useParams()['*'] ?? '';
  const { user } = useAuth();
  if (rest === 'new') return user && WRITERS.has(user.role) ? <BundleWizard /> : <Forbidden />;
  const id = /^(\d+)$/.exec(rest);
  if (id) return <BundleDetail id={Number(id[1])} />;
  return <BundleList />;
}
