// The services an applicant may apply for, each with its promised time and how many materials
// are handed in and how many are fetched by sharing.
import { Link } from 'react-router-dom';
import { Alert, Button, Empty, List, Skeleton, Space, Tag, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { windowApi } from './api.js';
import { useText } from './text.js';

export function ServiceList() {
  const tx = useText();
  const { lang } = useI18n();
  const { data, error } = useLoad((signal) => windowApi.services(signal), []);
  const items = data?.items;
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!items) return <Skeleton active />;
  return (
    <List
      header={
        <Typography.Title level={5} style={{ margin: 0 }}>
          {tx('services')}
        </Typography.Title>
      }
      dataSource={items}
      locale={{ emptyText: <Empty description={tx('empty')} /> }}
      renderItem={(s) => (
        <List.Item
          actions={[
            <Link key="apply" to={`/window/apply/${s.id}`} data-testid={`apply-${s.id}`}>
              <Button type="primary">{tx('apply')}</Button>
            </Link>,
          ]}
        >
          <List.Item.Meta
            title={s.name}
            description={
              <Space wrap size={4}>
                <Tag>
                  {s.matters} {tx('matters')}
                </Tag>
                <Tag color="blue">
                  {tx('promised')}：{s.promisedWorkdays === 0 ? tx('onTheSpot') : `${s.promisedWorkdays} ${tx('workdays')}`}
                </Tag>
                <Tag>
                  {tx('toSubmit')} {s.materialsToSubmit}
                </Tag>
                <Tag color="green">
                  {tx('shared')} {s.materialsShared}
                </Tag>
              </Space>
            }
          />
        </List.Item>
      )}
    />
  );
}
