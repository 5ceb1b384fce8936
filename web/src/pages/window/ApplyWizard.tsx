// Applying for a service, phone-first: one form (checked in the browser with the same rule the
// server runs), the materials (shared ones fetched, not uploaded), the commitment letter in full
// with a typed name and consent, then the receipt and query code.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Checkbox, Form, Input, InputNumber, Radio, Result, Select, Skeleton, Space, Steps, Switch, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n, pick } from '../../i18n/index.js';
import { checkForm } from '../../../../src/window/form.js';
import { windowApi, type ApplicationDetail } from './api.js';
import { useText } from './text.js';
import { LetterView } from './LetterView.js';
import { MaterialUploads } from './MaterialUploads.js';

/** One field of the unified form as an input of its type. */
function FieldInput({ type, options, ...control }: { type: string; options: string[]; id?: string; value?: never; onChange?: never; checked?: never }) {
  // `control` is what Form.Item hands its child: id, value (or checked) and onChange.
  if (type === 'number' || type === 'area' || type === 'money') return <InputNumber min={0} style={{ width: '100%' }} {...control} />;
  if (type === 'boolean') return <Switch {...control} />;
  if (type === 'enum' && options.length) return <Select options={options.map((o) => ({ value: o, label: o }))} {...control} />;
  if (type === 'date') return <Input type="date" {...control} />;
  return <Input {...control} />;
}

export function ApplyWizard() {
  const { serviceId } = useParams();
  const tx = useText();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const { data: service, error, set: setService } = useLoad(() => windowApi.service(Number(serviceId)), [serviceId]);
  const [step, setStep] = useState(0);
  const [appId, setAppId] = useState<number | null>(null);
  const [detail, setDetail] = useState<ApplicationDetail | null>(null);
  const [signedName, setSignedName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [delivery, setDelivery] = useState<'electronic' | 'pickup' | 'mail'>('electronic');
  const [receipt, setReceipt] = useState<{ receiptNo: string; queryCode: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const refresh = async (id: number) => setDetail(await windowApi.get(id));

  if (error && !service) return <Alert type="error" title={errorText(error, lang)} />;
  if (!service) return <Skeleton active />;

  const saveForm = async () => {
    const values = Object.fromEntries(Object.entries(form.getFieldsValue() as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null && v !== ''));
    const problems = checkForm(service.form.schema, values);
    form.setFields(service.form.fields.map((f) => ({ name: f.key, errors: problems.filter((p) => p.field === f.key).map((p) => pick(p.message, lang)) })));
    if (problems.length) return;
    setBusy(true);
    try {
      const id = appId ?? (await windowApi.create(service.id, values)).id;
      if (appId) await windowApi.updateForm(appId, values);
      setAppId(id);
      await refresh(id);
      // Once the form names the holder: the service as seen for that holder (what sharing obtains).
      setService(await windowApi.service(service.id, typeof values.uscc === 'string' ? values.uscc : undefined));
      setStep(1);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const obtained = new Set((service.obtainedBySharing ?? []).map((x) => x.materialCode));
  const toUpload = service.materials.filter((m) => m.handling === 'submit' || (m.handling === 'shared' && !obtained.has(m.code)));

  const submit = async () => {
    if (!appId) return;
    setBusy(true);
    try {
      setReceipt(await windowApi.submit(appId, { commitment: { signedName, agreed }, delivery: { method: delivery } }));
      setStep(3);
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={service.name} styles={{ body: { padding: 12 } }}>
      <Steps
        size="small"
        current={step}
        direction="horizontal"
        responsive={false}
        items={[{ title: tx('stepForm') }, { title: tx('stepMaterials') }, { title: tx('stepLetter') }, { title: tx('stepDone') }]}
        style={{ marginBottom: 16 }}
      />
      {step === 0 && (
        <Form form={form} layout="vertical" data-testid="apply-form">
          {service.form.fields.map((f) => (
            <Form.Item key={f.key} name={f.key} label={f.label} required={f.required} valuePropName={f.type === 'boolean' ? 'checked' : 'value'}>
              <FieldInput type={f.type} options={f.options} />
            </Form.Item>
          ))}
          <Button type="primary" block loading={busy} onClick={saveForm} data-testid="form-next">
            {tx('next')}
          </Button>
        </Form>
      )}
      {step === 1 && appId && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <MaterialUploads id={appId} detail={detail} materials={toUpload} onUploaded={() => refresh(appId)} />
          {service.materials
            .filter((m) => obtained.has(m.code))
            .map((m) => (
              <Alert
                key={m.code}
                type="success"
                showIcon
                title={`${m.name}：${tx('sharedFrom')}`}
                description={service.obtainedBySharing!.find((x) => x.materialCode === m.code)!.sourceSystem}
              />
            ))}
          <Space>
            <Button onClick={() => setStep(0)}>{tx('back')}</Button>
            <Button type="primary" onClick={() => setStep(2)} data-testid="materials-next">
              {tx('next')}
            </Button>
          </Space>
        </Space>
      )}
      {step === 2 && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <LetterView letter={service.letter} />
          <Input placeholder={tx('signedName')} value={signedName} onChange={(e) => setSignedName(e.target.value)} data-testid="signed-name" />
          <Checkbox checked={agreed} onChange={(e) => setAgreed(e.target.checked)} data-testid="agree">
            {tx('letterRead')}
          </Checkbox>
          <div>
            <Typography.Text>{tx('delivery')}：</Typography.Text>
            <Radio.Group
              value={delivery}
              onChange={(e) => setDelivery(e.target.value)}
              options={(['electronic', 'pickup', 'mail'] as const).map((m) => ({ value: m, label: tx(`delivery_${m}`) }))}
            />
          </div>
          <Space>
            <Button onClick={() => setStep(1)}>{tx('back')}</Button>
            <Button type="primary" disabled={!agreed || !signedName.trim()} loading={busy} onClick={submit} data-testid="submit">
              {tx('submit')}
            </Button>
          </Space>
        </Space>
      )}
      {step === 3 && receipt && (
        <Result
          status="success"
          title={`${tx('receiptNo')}：${receipt.receiptNo}`}
          subTitle={
            <span data-testid="query-code">
              {tx('queryCode')}：
              <Typography.Text strong copyable>
                {receipt.queryCode}
              </Typography.Text>
              <br />
              {tx('keepCode')}
            </span>
          }
          extra={
            <Link to={`/window/applications/${appId}`}>
              <Button type="primary">{tx('timeline')}</Button>
            </Link>
          }
        />
      )}
    </Card>
  );
}
