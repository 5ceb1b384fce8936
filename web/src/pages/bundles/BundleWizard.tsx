// The new-bundle wizard (/bundles/new): pick matters, name the bundle and its window department,
// preview the merged draft with its field decisions, save.
import { useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Input, Select, Space, Steps, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { bundleApi, type BundleDraft, type FieldDecision } from '../../api/bundles.js';
import { type MatterSummary } from '../../api/catalogue.js';
import { useI18n } from '../../i18n/index.js';
import { useDepartments } from '../reform/shared.js';
import DraftView from './DraftView.js';
import MatterPicker from './MatterPicker.js';

export default function BundleWizard() {
  const { lang, t } = useI18n();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const { name: departmentName, departments } = useDepartments();
  const [windowDepartment, setWindowDepartment] = useState<string | undefined>(undefined);
  const [step, setStep] = useState(0);
  const [selected, setSelected] = useState<Map<string, MatterSummary>>(new Map());
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<BundleDraft | null>(null);
  const [decisions, setDecisions] = useState<Record<string, FieldDecision>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codes = useMemo(() => [...selected.keys()], [selected]);
  const matterName = useCallback((code: string) => selected.get(code)?.name ?? code, [selected]);

  const runPreview = async (chosen: Record<string, FieldDecision> = decisions) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await bundleApi.preview({ name: name.trim(), matterCodes: codes, decisions: chosen, windowDepartmentCode: windowDepartment });
      setPreview(answer.draft);
      setStep(1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await bundleApi.create({ name: name.trim(), matterCodes: codes, decisions, windowDepartmentCode: windowDepartment });
      message.success(t('bundles.saved', { name: saved.name }));
      navigate(`/bundles/${saved.id}`, { replace: true });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('bundles.new')}
      extra={
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/bundles')}>
          {t('common.back')}
        </Button>
      }
    >
      <Steps current={step} style={{ marginBottom: 24 }} items={[{ title: t('bundles.stepPick') }, { title: t('bundles.stepPreview') }]} />
      {step === 0 ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <MatterPicker selected={selected} onChange={setSelected} />
          <Space wrap>
            <Input
              data-testid="bundle-name"
              placeholder={t('bundles.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 320 }}
              maxLength={100}
            />
            <Select
              data-testid="bundle-window-department"
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={t('bundles.windowDepartment')}
              value={windowDepartment}
              onChange={(v?: string) => setWindowDepartment(v)}
              options={departments.map((d) => ({ value: d.code, label: d.name }))}
              style={{ width: 240 }}
            />
            <Button type="primary" disabled={codes.length < 2 || !name.trim()} loading={busy} onClick={() => runPreview()} data-testid="bundle-preview">
              {t('bundles.preview')}
            </Button>
            {codes.length < 2 ? <Typography.Text type="secondary">{t('bundles.pickTwo')}</Typography.Text> : null}
          </Space>
        </Space>
      ) : null}
      {error ? <Alert style={{ margin: '12px 0' }} type="error" showIcon title={errorText(error, lang)} /> : null}
      {step === 1 && preview ? (
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Alert type="info" showIcon title={t('bundles.previewNote', { name: preview.name, count: preview.matterCodes.length })} />
          <Space>
            <Button onClick={() => setStep(0)}>{t('bundles.backToPick')}</Button>
            <Button type="primary" loading={busy} onClick={save} data-testid="bundle-save">
              {t('bundles.save')}
            </Button>
          </Space>
          <DraftView
            draft={preview}
            matterName={matterName}
            departmentName={departmentName}
            decide={{
              decisions,
              onDecide: (key, decision) => {
                const next = { ...decisions };
                if (decision) next[key] = decision;
                else delete next[key];
                setDecisions(next);
                void runPreview(next);
              },
            }}
          />
        </Space>
      ) : null}
    </Card>
  );
}
