// The applicant's pages, phone-first: the services, one form (checked in the browser with the
// same rule the server runs), the materials (shared ones fetched, not uploaded), the
// commitment letter in full with a typed name and consent, the receipt and query code; then
// every application with its timeline, deadlines, supplement notice and results.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  App as AntApp,
  Alert,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Radio,
  Result,
  Select,
  Skeleton,
  Space,
  Steps,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { CheckCircleTwoTone, CloudDownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useI18n, pick } from '../../i18n/index.js';
import { checkForm } from '../../../../src/window/form.js';
import { EVENT_LABELS, NOTICE_LABELS, STATUS_LABELS } from '../../../../src/window/model.js';
import { materialUrl, noticeUrl, resultUrl, windowApi, type ApplicationDetail, type ApplicationListItem, type ServiceDetail, type ServiceSummary } from './api.js';
import { useText } from './text.js';
import { ClockTag } from './shared.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';
import RecordError from '../../components/RecordError.js';
import { useDepartments, usePeople } from '../reform/shared.js';

export function StatusTag({ status }: { status: ApplicationListItem['status'] }) {
  const { lang } = useI18n();
  const color = { draft: 'default', submitted: 'processing', supplementing: 'warning', accepted: 'processing', rejected: 'error', decided: 'cyan', concluded: 'success' }[status];
  return <Tag color={color}>{pick(STATUS_LABELS[status], lang)}</Tag>;
}

export function ServiceList() {
  const tx = useText();
  const { lang } = useI18n();
  const [items, setItems] = useState<ServiceSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const c = new AbortController();
    windowApi.services(c.signal).then(
      (a) => setItems(a.items),
      (e: unknown) => !c.signal.aborted && setError(e),
    );
    return () => c.abort();
  }, []);
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
  const [service, setService] = useState<ServiceDetail | null>(null);
  const [step, setStep] = useState(0);
  const [appId, setAppId] = useState<number | null>(null);
  const [detail, setDetail] = useState<ApplicationDetail | null>(null);
  const [signedName, setSignedName] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [delivery, setDelivery] = useState<'electronic' | 'pickup' | 'mail'>('electronic');
  const [receipt, setReceipt] = useState<{ receiptNo: string; queryCode: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    windowApi.service(Number(serviceId)).then(setService, setError);
  }, [serviceId]);
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

export function LetterView({ letter }: { letter: ServiceDetail['letter'] }) {
  const { lang } = useI18n();
  return (
    <Card size="small" title={letter.title} data-testid="letter" styles={{ body: { maxHeight: 360, overflow: 'auto' } }}>
      {letter.notice.map((n, i) => (
        <Typography.Paragraph key={i}>{pick(n, lang)}</Typography.Paragraph>
      ))}
      <ol>
        {letter.commitments.map((c) => (
          <li key={c.no}>
            <Typography.Text strong>{c.proof}</Typography.Text>
            <Typography.Paragraph>{pick(c.content, lang)}</Typography.Paragraph>
          </li>
        ))}
      </ol>
      <Typography.Paragraph type="danger">{pick(letter.consequences, lang)}</Typography.Paragraph>
      <Typography.Paragraph strong>{pick(letter.declaration, lang)}</Typography.Paragraph>
    </Card>
  );
}

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

export function MyApplications() {
  const tx = useText();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const [items, setItems] = useState<ApplicationListItem[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const c = new AbortController();
    windowApi.list({}, c.signal).then(
      (a) => (setItems(a.items), setNext(a.next)),
      (e: unknown) => !c.signal.aborted && setError(e),
    );
    return () => c.abort();
  }, []);
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!items) return <Skeleton active />;
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
          <Button block type="link" onClick={() => windowApi.list({ before: next }).then((a) => (setItems([...items, ...a.items]), setNext(a.next)))}>
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

/** The working days a pause during handling lasted, and the promised date it moved to. */
function pausedText(e: { type: string; data?: unknown }, lang: string): string {
  const d = e.data as { pausedWorkdays?: number; promisedDate?: string } | null;
  if (e.type !== 'handling.supplement.answered' || !d) return '';
  return lang === 'en'
    ? ` (stopped ${d.pausedWorkdays} working days; promised date now ${d.promisedDate})`
    : `（暂停 ${d.pausedWorkdays} 个工作日，承诺办结日期顺延至 ${d.promisedDate}）`;
}

/** One application: status, deadlines, the supplement notice with its uploads, notices, results, timeline. */
export function ApplicationView({ actions }: { actions?: (a: ApplicationDetail, reload: () => void) => React.ReactNode }) {
  const { id } = useParams();
  const tx = useText();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const [a, setA] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { name: departmentName } = useDepartments();
  const person = usePeople((a?.timeline ?? []).map((e) => e.actor));
  const reload = () => windowApi.get(Number(id)).then(setA, setError);
  useEffect(() => void reload(), [id]);
  // Before acceptance (supplementing) or during handling (the clock stopped on an accepted application).
  const supplement = useMemo(
    () => (a && (a.status === 'supplementing' || (a.status === 'accepted' && a.clockStopped)) ? a.notices.filter((n) => n.kind === 'supplement').at(-1) : undefined),
    [a],
  );
  if (error) return <RecordError error={error} />;
  if (!a) return <Skeleton active />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            {a.serviceName}
            <StatusTag status={a.status} />
          </Space>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {tx('receiptNo')}：<span data-testid="receipt-no">{a.receiptNo ?? '—'}</span>
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {tx('holder')}：{a.holder.name}（{a.holder.id}）
        </Typography.Paragraph>
        {a.intakeDue && !a.promisedDate && (
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {tx('intakeDue')}：{a.intakeDue}
            {a.provisional?.intakeDue ? (
              <>
                {' '}
                <ProvisionalTag />
              </>
            ) : null}
          </Typography.Paragraph>
        )}
        {a.promisedDate && (
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {tx('promisedDate')}：{a.promisedDate}
            {a.provisional?.promisedDate ? (
              <>
                {' '}
                <ProvisionalTag />
              </>
            ) : null}{' '}
            {a.deadline && <ClockTag clock={a.deadline} />}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary">{tx('figures', { a: a.figures.submitted, b: a.figures.obtainedBySharing })}</Typography.Text>
        {actions?.(a, () => void reload())}
      </Card>
      {supplement && (
        <Card size="small" title={tx('supplementAsked')} data-testid="supplement-card">
          <Alert type="warning" showIcon title={tx('clockStopped')} style={{ marginBottom: 8 }} />
          {supplement.body.items?.map((i) => (
            <Typography.Paragraph key={i.materialCode} style={{ marginBottom: 4 }}>
              · {i.name}：{i.reason}
            </Typography.Paragraph>
          ))}
          <MaterialUploads id={a.id} detail={a} materials={supplement.body.items?.map((i) => ({ code: i.materialCode, name: i.name })) ?? []} onUploaded={() => void reload()} />
          <Button
            type="primary"
            block
            data-testid="resubmit"
            onClick={() =>
              windowApi.submit(a.id, {}).then(
                () => reload(),
                (e: unknown) => message.error(errorText(e, lang)),
              )
            }
          >
            {tx('resubmit')}
          </Button>
        </Card>
      )}
      {a.results.length > 0 && (
        <Card size="small" title={tx('results')}>
          <List
            size="small"
            dataSource={a.results}
            renderItem={(r) => (
              <List.Item
                actions={[
                  <a key="d" href={resultUrl(a.id, r.id)} data-testid={`result-${r.id}`}>
                    <CloudDownloadOutlined /> {tx('download')}
                  </a>,
                ]}
              >
                <List.Item.Meta
                  title={r.typeName}
                  description={
                    <Space wrap size={4}>
                      {r.number}
                      {r.status === 'revoked' && <Tag color="error">{tx('revoked')}</Tag>}
                      {r.verificationCode && <Link to={`/verify/${r.verificationCode}`}>{tx('verify')}</Link>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={tx('materials')}>
        <List
          size="small"
          dataSource={a.materials}
          renderItem={(m) => (
            <List.Item
              actions={
                m.source === 'shared'
                  ? []
                  : [
                      <a key="d" href={materialUrl(a.id, m.code)}>
                        {tx('download')}
                      </a>,
                    ]
              }
            >
              <List.Item.Meta title={m.name} description={m.certificate ? `${tx('sharedFrom')}：${m.certificate.sourceSystem} · ${m.certificate.number}` : m.fileName} />
            </List.Item>
          )}
        />
      </Card>
      {a.notices.length > 0 && (
        <Card size="small" title={tx('notices')}>
          {a.notices.map((n) => (
            <div key={n.id}>
              <a href={noticeUrl(a.id, n.id)} target="_blank" rel="noreferrer">
                {pick(NOTICE_LABELS[n.kind], lang)}
              </a>{' '}
              <Typography.Text type="secondary">{n.issuedAt.slice(0, 16).replace('T', ' ')}</Typography.Text>
            </div>
          ))}
        </Card>
      )}
      {a.steps.length > 0 && (
        <Card size="small" title={tx('steps')}>
          <List
            size="small"
            dataSource={a.steps}
            renderItem={(s) => (
              <List.Item>
                <Space wrap>
                  {s.name}
                  <Tag>{s.departments.map(departmentName).join('、') || '—'}</Tag>
                  {s.status === 'open' && s.clock ? (
                    <ClockTag clock={s.clock} />
                  ) : s.status === 'open' ? null : (
                    <Tag color={s.status === 'completed' ? 'success' : 'default'}>
                      {s.status === 'completed' ? tx('stepCompleted') : s.status === 'cancelled' ? tx('stepCancelled') : s.status}
                    </Tag>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={tx('timeline')}>
        <Timeline
          items={a.timeline.map((e) => ({
            children: (
              <span>
                {EVENT_LABELS[e.type] ? pick(EVENT_LABELS[e.type], lang) : e.type}
                {pausedText(e, lang)}
                {e.actor ? ` · ${person(e.actor)}` : ''} <Typography.Text type="secondary">{e.at.slice(0, 16).replace('T', ' ')}</Typography.Text>
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
