// The caller's notices on the home page: deadlines recounted when an official holiday year
// replaced a provisional one (GET /api/notices). Unread ones are marked and can be marked
// read one by one or all at once; the header's bell counts them. Nothing is shown when there are none.

import { App as AntApp, Badge, Button, Card, List, Tag, Typography } from 'antd';
import { errorText, request } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import { useI18n } from '../i18n/index.js';
import { announceNoticesChanged } from '../components/NoticeBell.js';
import type { Notice } from '../../../src/org/notices.js';

export default function Notices() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  // Notices are a courtesy: after a failure the home page works without them.
  const { data, reload: load } = useLoad((signal) => request<{ items: Notice[]; unread: number }>('GET', '/api/notices', undefined, { signal }), []);
  const items = data?.items ?? [];
  const unread = data?.unread ?? 0;
  const mark = async (url: string) => {
    try {
      await request('POST', url);
      announceNoticesChanged();
      load();
    } catch (error) {
      message.error(errorText(error, lang));
    }
  };
  if (items.length === 0) return null;
  return (
    <Card
      size="small"
      title={
        <span>
          {t('notices.title')} <Badge count={unread} data-testid="notices-unread" />
        </span>
      }
      extra={
        unread > 0 ? (
          <Button size="small" type="link" onClick={() => mark('/api/notices/read-all')} data-testid="notices-read-all">
            {t('notices.readAll')}
          </Button>
        ) : null
      }
      style={{ marginBottom: 16 }}
      data-testid="notices"
    >
      <List
        size="small"
        dataSource={items.slice(0, 10)}
        renderItem={(n) => (
          <List.Item
            data-testid={`notice-${n.id}`}
            actions={
              n.read
                ? []
                : [
                    <Button key="read" size="small" type="link" onClick={() => mark(`/api/notices/${n.id}/read`)}>
                      {t('notices.markRead')}
                    </Button>,
                  ]
            }
          >
            <List.Item.Meta
              title={
                <span style={{ fontWeight: n.read ? 'normal' : 600 }}>
                  {n.read ? null : <Tag color="blue">{t('notices.unread')}</Tag>}
                  {n.subject}
                </span>
              }
              description={
                <Typography.Text type="secondary">
                  {n.body} · {new Date(n.createdAt).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai' })}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
