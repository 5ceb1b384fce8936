// What changes between the published version and the one about to be published: shown before
// the office confirms publishing again, and kept with the version it published.
import { Descriptions, Typography } from 'antd';
import type { BundleChanges } from '../../api/bundles.js';
import { useI18n } from '../../i18n/index.js';

const list = (items: string[]) => (items.length ? items.join('、') : '—');

export default function Changes({ changes, matterName }: { changes: BundleChanges; matterName: (code: string) => string }) {
  const { t } = useI18n();
  const figure = (key: string) => t(`bundleFigure.${key}` as never);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      data-testid="bundle-changes"
      title={<Typography.Text>{t('changes.title', { from: changes.fromVersion, to: changes.toVersion })}</Typography.Text>}
    >
      {changes.name ? <Descriptions.Item label={t('changes.name')}>{`${changes.name.before} → ${changes.name.after}`}</Descriptions.Item> : null}
      <Descriptions.Item label={t('changes.matters')}>{`+ ${list(changes.matters.added.map(matterName))}；− ${list(changes.matters.removed.map(matterName))}`}</Descriptions.Item>
      <Descriptions.Item label={t('changes.figures')}>
        {changes.figures.length ? changes.figures.map((f) => `${figure(f.key)} ${f.before ?? '—'} → ${f.after ?? '—'}`).join('；') : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('changes.materials')}>
        {`+ ${list(changes.materials.added)}；− ${list(changes.materials.removed)}${changes.materials.disposition.length ? `；${changes.materials.disposition.map((d) => `${d.name}：${t(`disposition.${d.before}` as never)} → ${t(`disposition.${d.after}` as never)}`).join('；')}` : ''}`}
      </Descriptions.Item>
      <Descriptions.Item label={t('changes.formFields')}>{`+ ${list(changes.formFields.added)}；− ${list(changes.formFields.removed)}`}</Descriptions.Item>
      <Descriptions.Item label={t('changes.commitments')}>{`+ ${list(changes.commitments.added)}；− ${list(changes.commitments.removed)}`}</Descriptions.Item>
      <Descriptions.Item label={t('changes.vetoes')}>{`+ ${changes.vetoes.added.length}；− ${changes.vetoes.removed.length}`}</Descriptions.Item>
      <Descriptions.Item label={t('changes.fieldDecisions')}>{list(changes.fieldDecisions)}</Descriptions.Item>
    </Descriptions>
  );
}
