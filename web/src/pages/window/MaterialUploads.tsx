// The materials an applicant hands in, one row each with its upload.
import { useState } from 'react';
import { App as AntApp, Button, List, Space, Typography } from 'antd';
import { CheckCircleTwoTone, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { windowApi, type ApplicationDetail } from './api.js';
import { useText } from './text.js';

/** One row per material to hand in, with its upload; a replaced file shows its new round. */
export function MaterialUploads({
  id,
  detail,
  materials,
  onUploaded,
  only,
}: {
  id: number;
  detail: ApplicationDetail | null;
  materials: Array<{ code: string; name: string }>;
  onUploaded: () => void;
  only?: Set<string>;
}) {
  const tx = useText();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const onFile = async (code: string, file: File | undefined) => {
    if (!file) return;
    setBusy(code);
    try {
      await windowApi.upload(id, code, file);
      onUploaded();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  return (
    <List
      size="small"
      dataSource={materials.filter((m) => !only || only.has(m.code))}
      renderItem={(m) => {
        const have = detail?.materials.find((x) => x.code === m.code);
        return (
          <List.Item>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text>
                {m.name} {have && <CheckCircleTwoTone twoToneColor="#52c41a" />}
              </Typography.Text>
              {have && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {have.fileName}（{tx('uploaded')}）
                </Typography.Text>
              )}
              <label>
                <input
                  type="file"
                  accept="application/pdf,image/jpeg,image/png,.ofd"
                  style={{ display: 'none' }}
                  data-testid={`file-${m.code}`}
                  onChange={(e) => void onFile(m.code, e.target.files?.[0])}
                />
                <Button size="small" icon={<UploadOutlined />} loading={busy === m.code} onClick={(e) => (e.currentTarget.previousSibling as HTMLInputElement | null)?.click()}>
                  {tx('upload')}
                </Button>
              </label>
            </Space>
          </List.Item>
        );
      }}
    />
  );
}
