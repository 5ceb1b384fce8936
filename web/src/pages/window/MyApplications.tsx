// The applicant's applications, newest first, a page at a time; each opens its timeline.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Empty, List, Skeleton, Space, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { windowApi, type ApplicationListItem } from './api.js';
import { useText } from './text.js';
import { StatusTag } from './shared.js';

export function MyApplications() {
  const tx = useText();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { data: first, error } = useLoad((signal) => windowApi.list({}, signal), []);
  // The pages asked for with 'more', after the first.
  const [more, setMore] = useState<{ items: ApplicationListItem[]; next: number | null } | null>(null);
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!first) return <Skeleton active />;
  const items = [...first.items, ...(more?.items ?? [])];
  const next = more ? more.next : first.next;
  return (
    <List
      header={
        <Typography.Title level={5} style={{ margin: 0 }}>
          {tx('myApplications')}
        </Typography.Title>
      }
      dataSource={items}
      locale={{ emptyText: <Empty description={tx('empty')} /> }}
      loadMore={
        next ? (
          <Button block type="link" onClick={() => windowApi.list({ before: next }).then((a) => setMore({ items: [...(more?.items ?? []), ...a.items], next: a.next }))}>
            {tx('more')}
          </Button>
        ) : null
      }
      renderItem={(a) => (
        <List.Item onClick={() => navigate(`/window/applications/${a.id}`)} style={{ cursor: 'pointer' }} data-testid={`application-${a.id}`}>
          <List.Item.Meta
            title={
              <Space wrap>
                {a.serviceName}
                <StatusTag status={a.status} />
              </Space>
            }
            description={`${a.receiptNo ?? '—'}${a.promisedDate ? ` · ${tx('promisedDate')} ${a.promisedDate}` : ''}`}
          />
        </List.Item>
      )}
    />
  );
}
