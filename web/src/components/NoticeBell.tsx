// The header's bell: how many of the signed-in user's notices are unread. It asks again on every
// page change and when a page marks notices read; a click opens the home page, where they are listed.
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Badge, Button, Tooltip } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { request } from '../api/client.js';
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
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const bump = () => setTick((n) => n + 1);
    globalThis.addEventListener?.(CHANGED, bump);
    return () => globalThis.removeEventListener?.(CHANGED, bump);
  }, []);
  useEffect(() => {
    const controller = new AbortController();
    request<{ unread: number }>('GET', '/api/notices/unread-count', undefined, { signal: controller.signal }).then(
      (r) => setUnread(r.unread),
      () => undefined, // the count is a courtesy: the header works without it
    );
    return () => controller.abort();
  }, [location.pathname, tick]);
  const label = t('notices.unreadCount', { count: unread });
  return (
    <Tooltip title={label}>
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" icon={<BellOutlined />} onClick={() => navigate('/')} aria-label={label} data-testid="notice-bell" data-unread={unread} />
      </Badge>
    </Tooltip>
  );
}
