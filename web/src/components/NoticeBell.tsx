// The header's bell: how many of the signed-in user's notices are unread. It asks again on every
// page change and when a page marks notices read; a click opens the home page, where they are listed.
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { request } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import { useI18n } from '../i18n/index.js';

const CHANGED = 'zaizao:notices-changed';

/** Tells the bell that notices were marked read, so it counts again. */
export function announceNoticesChanged(): void {
  globalThis.dispatchEvent?.(new Event(CHANGED));
}

export default function NoticeBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  // The count is a courtesy: after a failure the header works without it.
  const { data, reload } = useLoad((signal) => request<{ unread: number }>('GET', '/api/notices/unread-count', undefined, { signal }), [location.pathname]);
  const unread = data?.unread ?? 0;
  useEffect(() => {
    globalThis.addEventListener?.(CHANGED, reload);
    return () => globalThis.removeEventListener?.(CHANGED, reload);
  }, [reload]);
  const label = t('notices.unreadCount', { count: unread });
  return (
    <Tooltip title={label}>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/')} aria-label={label} data-testid="notice-bell" data-unread={unread} />
      </Badge>
    </Tooltip>
  );
}
