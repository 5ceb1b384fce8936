// A saved bundle (/bundles/:id) at any of its versions: unified form, materials, letter, process,
// before/after, reliances, official figures and changes; print/PDF, revise and publish.
import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Popconfirm, Select, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined, FilePdfOutlined, PrinterOutlined, DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { bundleApi, type FieldDecision } from '../../api/bundles.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { shanghaiTime, useDepartments } from '../reform/shared.js';
import DraftView from './DraftView.js';
import OfficialFigures from './OfficialFigures.js';
import Reliances from './Reliances.js';
import Changes from './Changes.js';
import RecordError from '../../components/RecordError.js';
import { useLoad } from '../../api/useLoad.js';
import { DRAFT_READERS, StatusTag, WRITERS } from './shared.js';

export default function BundleDetail({ id }: { id: number }) {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const { name: departmentName, departments } = useDepartments();
  const [version, setVersion] = useState<number | undefined>(undefined);
  // Revising, publishing and deciding answer with the bundle as it now is: shown without asking again.
  const { data: bundle, error, set: setBundle } = useLoad((signal) => bundleApi.get(id, version, signal), [id, version]);
  // Names come with the bundle: no catalogue-wide lookup, whatever the catalogue's size.
  const matterName = useCallback((code: string) => bundle?.matterNames?.[code] ?? code, [bundle]);
  const [publishing, setPublishing] = useState(false);
  const [revising, setRevising] = useState(false);

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
