// Small pieces the window pages share.
import { Tag } from 'antd';
import { pick, useI18n } from '../../i18n/index.js';
import { STATUS_LABELS } from '../../../../src/window/model.js';
import type { ApplicationListItem, Clock } from './api.js';
import { useText } from './text.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';

/** An application's status in its colour. */
export function StatusTag({ status }: { status: ApplicationListItem['status'] }) {
  const { lang } = useI18n();
  const color = { draft: 'default', submitted: 'processing', supplementing: 'warning', accepted: 'processing', rejected: 'error', decided: 'cyan', concluded: 'success' }[status];
  return <Tag color={color}>{pick(STATUS_LABELS[status], lang)}</Tag>;
}

/** A working-day clock: green, yellow at 80 % of the limit, red when overdue, with the due time. */
export function ClockTag({ clock }: { clock: Clock }) {
  const tx = useText();
  const color = { green: 'success', yellow: 'warning', red: 'error' }[clock.level];
  if (clock.stopped)
    return (
      <Tag color="default" data-testid="clock">
        {tx('clockPaused')}
      </Tag>
    );
  return (
    <>
      <Tag color={color} data-testid="clock">
        {tx(`level_${clock.level}`)} · {tx('dueAt')} {clock.dueAt.slice(5, 16).replace('T', ' ')}
      </Tag>
      {clock.provisional ? <ProvisionalTag /> : null}
    </>
  );
}
