// Confirming a decision on findings (accept, defer, reject) with its reason; a rejection needs one.
import { Input, Modal, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import type { DecideBody } from '../../api/analyzer.js';

/** A decision the office is about to take: on chosen findings, or in bulk by rule or department. */
export interface PendingDecision {
  decision: DecideBody['decision'];
  target: Pick<DecideBody, 'findings' | 'rule' | 'department'>;
  /** What the modal names: "12 项所选问题", "规则「…」的全部待决定问题" … */
  what: string;
}

export function DecisionModal({
  pending,
  reason,
  onReason,
  deciding,
  onOk,
  onCancel,
}: {
  pending: PendingDecision | null;
  reason: string;
  onReason: (reason: string) => void;
  deciding: boolean;
  onOk: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={pending !== null}
      title={pending ? t(`decision.confirm.${pending.decision}`) : ''}
      okText={pending ? t(`decision.${pending.decision}`) : ''}
      cancelText={t('common.cancel')}
      confirmLoading={deciding}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="decision-modal">
        <Typography.Text>{pending?.what}</Typography.Text>
        {pending?.decision === 'accept' ? <Typography.Text type="secondary">{t('decision.acceptHelp')}</Typography.Text> : null}
        <Input.TextArea
          data-testid="decision-reason"
          value={reason}
          maxLength={2000}
          onChange={(e) => onReason(e.target.value)}
          placeholder={pending?.decision === 'reject' ? t('decision.reasonRequiredPlaceholder') : t('decision.reasonPlaceholder')}
          autoSize={{ minRows: 2, maxRows: 6 }}
        />
      </Space>
    </Modal>
  );
}
