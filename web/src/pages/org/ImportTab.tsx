// The organisation workbook: download the template, upload a filled one. All or nothing:
// the problems are listed with sheet, row and column; on success each new user's one-time
// password is shown once.
import { useState } from 'react';
import { Alert, Button, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../api/client.js';
import { orgApi, type OrgImportResult } from '../../api/org.js';
import { useI18n } from '../../i18n/index.js';
import type { OrgImportProblem } from '../../../../src/org/workbook.js';
import { useBi } from './bi.js';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export default function ImportTab({ onChange }: { onChange: () => void }) {
  const { lang } = useI18n();
  const b = useBi();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<OrgImportResult | null>(null);
  const [problems, setProblems] = useState<OrgImportProblem[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const upload = async (file: File) => {
    setBusy(true);
    setResult(null);
    setProblems(null);
    setError(null);
    try {
      const r = await orgApi.importWorkbook(toBase64(new Uint8Array(await file.arrayBuffer())));
      setResult(r);
      onChange();
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { problems?: OrgImportProblem[] } | undefined) : undefined;
      if (details?.problems) setProblems(details.problems);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        {b(
          '一个 xlsx 文件可同时包含“区划”“部门”“用户”三个工作表。导入是全部或全不：任何一处有问题，整个文件都不导入。',
          'One xlsx file may hold the sheets 区划 (regions), 部门 (departments) and 用户 (users). Import is all or nothing: with any problem, nothing of the file is imported.',
        )}
      </Typography.Paragraph>
      <Space>
        <Button icon={<DownloadOutlined />} href="/api/org/template" data-testid="org-template">
          {b('下载模板', 'Download the template')}
        </Button>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} data-testid="org-import-choose">
            {b('选择文件并导入', 'Choose a file and import')}
          </Button>
        </Upload>
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      {problems ? (
        <Table<OrgImportProblem>
          rowKey={(p) => `${p.sheet}-${p.row}-${p.column}-${p.reason.en}`}
          size="small"
          dataSource={problems}
          pagination={false}
          data-testid="org-import-problems"
          columns={[
            { title: b('工作表', 'Sheet'), key: 'sheet', render: (_: unknown, p: OrgImportProblem) => (lang === 'en' ? p.sheetKey : p.sheet) },
            { title: b('行', 'Row'), dataIndex: 'row' },
            { title: b('列', 'Column'), key: 'column', render: (_: unknown, p: OrgImportProblem) => (lang === 'en' ? p.columnKey : p.column) },
            { title: b('值', 'Value'), dataIndex: 'value' },
            { title: b('原因', 'Reason'), key: 'reason', render: (_: unknown, p: OrgImportProblem) => (lang === 'en' ? p.reason.en : p.reason.zh) },
          ]}
        />
      ) : null}
      {result ? (
        <>
          <Alert
            type="success"
            showIcon
            title={b(
              `已导入 ${result.counts.regions} 个区划、${result.counts.departments} 个部门、${result.counts.users} 个用户`,
              `Imported ${result.counts.regions} regions, ${result.counts.departments} departments, ${result.counts.users} users`,
            )}
          />
          {result.passwords.length ? (
            <Table
              rowKey="username"
              size="small"
              dataSource={result.passwords}
              pagination={false}
              title={() => b('一次性密码（只显示这一次，首次登录时必须修改）', 'One-time passwords (shown only now; changed at first sign-in)')}
              columns={[
                { title: b('登录名', 'User name'), dataIndex: 'username' },
                { title: b('姓名', 'Name'), dataIndex: 'displayName' },
                {
                  title: b('一次性密码', 'One-time password'),
                  dataIndex: 'oneTimePassword',
                  render: (v: string) => (
                    <Typography.Text code copyable>
                      {v}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </Space>
  );
}
