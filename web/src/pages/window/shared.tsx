// Small pieces the window pages share.
import { Tag } from 'antd';
import type { Clock } from './api.js';
import { useText } from './text.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';

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
