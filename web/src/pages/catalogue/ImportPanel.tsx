// Import a catalogue file (xlsx, csv, json, yaml): check it first, then import all or
// nothing; every problem the server finds is listed with sheet, row, column, value and reason.
import { useState } from 'react';
import { Alert, Button, List, Modal, Space, Table, Typography, Upload } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText, isApiError } from '../../api/client.js';
import { catalogueApi, catalogueFiles, type ImportAnswer, type ImportProblem, type ImportRemoval } from '../../api/catalogue.js';
import { pick, useI18n } from '../../i18n/index.js';
import { columnLabel, sheetLabel } from '../../../../src/catalogue/files/labels.js';

/** The file's bytes as base64, the way the import API takes them. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function problemsOf(error: unknown): ImportProblem[] {
  if (!isApiError(error)) return [];
  const details = error.details as { problems?: ImportProblem[] } | undefined;
  return Array.isArray(details?.problems) ? details.problems : [];
}

/** The removals a 409 answer lists: matters the import would leave without steps, materials or legal bases. */
export function removalsOf(error: unknown): ImportRemoval[] {
  if (!isApiError(error) || error.code !== 'removals_need_confirmation') return [];
  const details = error.details as { removals?: ImportRemoval[] } | undefined;
  return Array.isArray(details?.removals) ? details.removals : [];
}

export default function ImportPanel() {
  const { lang, t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A run the server refused because it would remove content: confirming repeats it with allowRemovals.
  const [pending, setPending] = useState<{ dryRun: boolean; removals: ImportRemoval[] } | null>(null);

  const run = async (dryRun: boolean, allowRemovals = false) => {
    if (!file) return;
    setBusy(dryRun ? 'check' : 'import');
    setAnswer(null);
    setError(null);
    setPending(null);
    try {
      setAnswer(await catalogueApi.importFile({ fileName: file.name, content: await fileToBase64(file), dryRun, ...(allowRemovals ? { allowRemovals } : {}) }));
    } catch (e) {
      const removals = removalsOf(e);
      if (removals.length > 0) setPending({ dryRun, removals });
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const problems = problemsOf(error);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-panel">
      <Typography.Paragraph type="secondary">{t('import.intro')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={catalogueFiles.template}>
          {t('import.template')}
        </Button>
        <Upload
          accept=".xlsx,.csv,.json,.yaml,.yml"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setAnswer(null);
            setError(null);
            return false;
          }}
          onRemove={() => {
            setFile(null);
            setAnswer(null);
            setError(null);
          }}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />} data-testid="import-choose">
            {t('import.choose')}
          </Button>
        </Upload>
        <Button icon={<CheckCircleOutlined />} disabled={!file} loading={busy === 'check'} onClick={() => run(true)} data-testid="import-check">
          {t('import.check')}
        </Button>
        <Button type="primary" disabled={!file} loading={busy === 'import'} onClick={() => run(false)} data-testid="import-run">
          {t('import.run')}
        </Button>
      </Space>
      {answer ? (
        <Alert
          data-testid="import-result"
          type="success"
          showIcon
          title={
            answer.imported && answer.result
              ? t('import.done', { matters: answer.matters, created: answer.result.created, updated: answer.result.updated, unchanged: answer.result.unchanged })
              : t('import.checked', { matters: answer.matters })
          }
        />
      ) : null}
      {error ? <Alert data-testid="import-error" type="error" showIcon title={errorText(error, lang)} /> : null}
      {pending ? (
        <Modal
          open
          title={t('import.removalsTitle')}
          okText={t('import.removalsConfirm')}
          okButtonProps={{ danger: true, 'data-testid': 'import-removals-confirm' } as never}
          onOk={() => run(pending.dryRun, true)}
          onCancel={() => setPending(null)}
          destroyOnHidden
        >
          <Typography.Paragraph>{t('import.removalsIntro')}</Typography.Paragraph>
          <List data-testid="import-removals" size="small" dataSource={pending.removals} renderItem={(r) => <List.Item>{pick(r.reason, lang)}</List.Item>} />
        </Modal>
      ) : null}
      {problems.length > 0 ? (
        <Table<ImportProblem & { n: number }>
          data-testid="import-problems"
          size="small"
          rowKey="n"
          dataSource={problems.map((p, n) => ({ ...p, n }))}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: t('import.sheet'), dataIndex: 'sheet', width: 140, render: (sheet: string) => sheetLabel(sheet, lang) },
            { title: t('import.row'), dataIndex: 'row', width: 70, align: 'right', render: (r: number) => (r === 0 ? '—' : r) },
            { title: t('import.column'), dataIndex: 'column', width: 180, render: (column: string, p: ImportProblem) => columnLabel(p.sheet, column, lang) },
            { title: t('import.value'), dataIndex: 'value', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('import.reason'), dataIndex: 'reason', render: (r: ImportProblem['reason']) => pick(r, lang) },
          ]}
        />
      ) : null}
    </Space>
  );
}
