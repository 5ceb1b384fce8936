// A group's header in the analyzer (a department or a rule): its name and its counts.
import { type ReactNode } from 'react';
import { Space, Tag, Typography } from 'antd';
import type { FindingGroup } from '../../api/analyzer.js';
import { useI18n } from '../../i18n/index.js';
import { SEVERITY_COLORS } from './FindingsTable.js';

/** A group's title with how many findings it has, by severity, and how many fixes apply. */
export function GroupHeader({ title, group, extra }: { title: ReactNode; group: FindingGroup; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space wrap size={8}>
      <Typography.Text strong>{title}</Typography.Text>
      <Tag>{t('analyzer.count', { count: group.count })}</Tag>
      {(['error', 'warning', 'suggestion'] as const).map((s) =>
        group.bySeverity[s] ? (
          <Tag key={s} color={SEVERITY_COLORS[s]}>
            {t(`severity.${s}`)} {group.bySeverity[s]}
          </Tag>
        ) : null,
      )}
      {extra}
    </Space>
  );
}
