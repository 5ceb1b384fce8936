// The caller's notices on the home page: deadlines recounted when an official holiday year
// replaced a provisional one (GET /api/notices). Nothing is shown when there are none.
import { Card, List, Typography } from 'antd';
import { request } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import { useI18n } from '../i18n/index.js';

interface Notice {
  id: number;
  subject: string;
  body: string;
  createdAt: string;
}

export default function Notices() {
  const { t } = useI18n();
  // notices are a courtesy: the home page works without them, so a failure shows nothing
  const items: Notice[] = useLoad((signal) => request<{ items: Notice[] }>('GET', '/api/notices', undefined, { signal }), []).data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card size="small" title={t('notices.title')} style={{ marginBottom: 16 }} data-testid="notices">
      <List
        size="small"
        dataSource={items.slice(0, 10)}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta title={n.subject} description={<Typography.Text type="secondary">{n.body}</Typography.Text>} />
          </List.Item>
        )}
      />
    </Card>
  );
}
