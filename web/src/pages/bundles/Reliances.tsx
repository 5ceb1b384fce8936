// Everything a saved bundle relies on — the analyzer's fixes (removals, data sharing, commitments,
// parallel steps …) and the merge's replacements of materials — each vetoable here with a reason.
// A veto (or lifting one) makes a new version computed without (with) it.
import { useMemo, useState } from 'react';
import { App as AntApp, Button, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { bundleApi, type BundleReliance, type RelianceKind, type StoredBundle } from '../../api/bundles.js';
import { pick, useI18n } from '../../i18n/index.js';
import { shanghaiTime } from '../reform/shared.js';

const KIND_COLORS: Record<RelianceKind, string> = {
  removal: 'red',
  sharing: 'blue',
  commitment: 'purple',
  post_decision_check: 'orange',
  bundle_result: 'cyan',
  redesign: 'geekblue',
};

export default function Reliances({
  bundle,
  canWrite,
  matterName,
  onChanged,
}: {
  bundle: StoredBundle;
  canWrite: boolean;
  matterName: (code: string) => string;
  onChanged: (next: StoredBundle) => void;
}) {
  const { lang, t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const [kind, setKind] = useState<RelianceKind | 'all' | 'vetoed'>('all');
  const [vetoing, setVetoing] = useState<BundleReliance | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const reliances = useMemo(() => bundle.draft.reliances ?? [], [bundle]);
  const vetoOf = useMemo(() => new Map((bundle.vetoes ?? []).map((v) => [v.key, v])), [bundle]);
  const shown = reliances.filter((r) => kind === 'all' || (kind === 'vetoed' ? r.vetoed : r.kind === kind));
  const latest = bundle.version === bundle.latestVersion;

  const run = async (work: () => Promise<StoredBundle>, done: string) => {
    setBusy(true);
    try {
      const next = await work();
      onChanged(next);
      message.success(done.replace('{version}', String(next.version)));
      setVetoing(null);
    } catch (e) {
      modal.error({ title: t('reliances.failed'), content: errorText(e, lang) });
    } finally {
      setBusy(false);
    }
  };

  if (!bundle.draft.reliances) return <Typography.Text type="secondary">{t('reliances.oldVersion')}</Typography.Text>;
  const kinds = [...new Set(reliances.map((r) => r.kind))];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="bundle-reliances">
      <Typography.Text type="secondary">{t('reliances.help', { count: reliances.length, vetoed: bundle.vetoes?.length ?? 0 })}</Typography.Text>
      <Segmented<RelianceKind | 'all' | 'vetoed'>
        value={kind}
        onChange={setKind}
        options={[
          { value: 'all', label: `${t('decision.all')} ${reliances.length}` },
          ...kinds.map((k) => ({ value: k, label: `${t(`reliance.${k}`)} ${reliances.filter((r) => r.kind === k).length}` })),
          { value: 'vetoed', label: `${t('reliances.vetoed')} ${reliances.filter((r) => r.vetoed).length}` },
        ]}
      />
      <Table<BundleReliance>
        size="small"
        rowKey="key"
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t('reliances.kind'), dataIndex: 'kind', width: 130, render: (k: RelianceKind) => <Tag color={KIND_COLORS[k]}>{t(`reliance.${k}`)}</Tag> },
          { title: t('analyzer.matter'), dataIndex: 'matterCodes', width: 200, render: (codes: string[]) => codes.map(matterName).join('、') },
          { title: t('reliances.reliesOn'), dataIndex: 'description', render: (d: BundleReliance['description']) => pick(d, lang) },
          {
            title: t('reliances.veto'),
            key: 'veto',
            width: 220,
            render: (_: unknown, r) => {
              const v = vetoOf.get(r.key);
              if (r.vetoed && v) {
                return (
                  <Space orientation="vertical" size={0}>
                    <Tag color="error" data-testid="vetoed-tag">
                      {t('reliances.vetoed')}
                    </Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${v.byName} · ${shanghaiTime(v.at)}：${v.reason}`}</Typography.Text>
                    {canWrite && latest ? (
                      <Button
                        size="small"
                        type="link"
                        style={{ padding: 0 }}
                        loading={busy}
                        onClick={() => void run(() => bundleApi.liftVeto(bundle.id, r.key), t('reliances.lifted'))}
                      >
                        {t('reliances.lift')}
                      </Button>
                    ) : null}
                  </Space>
                );
              }
              return canWrite && latest ? (
                <Button
                  size="small"
                  danger
                  data-testid="veto-button"
                  onClick={() => {
                    setReason('');
                    setVetoing(r);
                  }}
                >
                  {t('reliances.veto')}
                </Button>
              ) : null;
            },
          },
        ]}
      />
      <Modal
        open={vetoing !== null}
        title={t('reliances.vetoTitle')}
        okText={t('reliances.veto')}
        okButtonProps={{ danger: true, disabled: !reason.trim(), ...({ 'data-testid': 'veto-confirm' } as Record<`data-${string}`, string>) }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onCancel={() => setVetoing(null)}
        onOk={() => vetoing && void run(() => bundleApi.veto(bundle.id, vetoing.key, reason.trim()), t('reliances.vetoedDone'))}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{vetoing ? pick(vetoing.description, lang) : ''}</Typography.Text>
          <Typography.Text type="secondary">{t('reliances.vetoHelp')}</Typography.Text>
          <Input.TextArea
            data-testid="veto-reason"
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('reliances.reasonPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 5 }}
          />
        </Space>
      </Modal>
    </Space>
  );
}
