// One case: where it stands, its clocks, whistles and history, and the steps the caller may
// take. The server decides who may take which step; a refused step shows its reason.
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Button, Card, Descriptions, Input, Popconfirm, Rate, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, CameraOutlined } from '@ant-design/icons';
import { api, errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import RecordError from '../../components/RecordError.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { CASE_STATUS_LABELS, TIER_LABELS } from '../../../../src/cases/model.js';
import { casesApi, currentPosition, fileBase64, type CaseDetail } from './api.js';
import { useText } from './text.js';
import { ProvisionalMark } from '../processes/DeadlineTag.js';
import { usePeople } from '../reform/shared.js';
import { stepLabel } from '../audit-labels.js';

type Whistle = CaseDetail['whistles'][number];

export default function CaseView() {
  const x = useText();
  const { lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  // Each step answers with the case as it now is.
  const { data: c, error, set: setC } = useLoad(() => casesApi.get(id), [id]);
  const [note, setNote] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  // Departments a dispatcher may whistle to (none listed after a failure).
  const mayWhistle = user?.role === 'dispatcher' || user?.role === 'admin';
  const departments = useLoad(() => (mayWhistle ? api.departments() : Promise.resolve({ items: [] })), [mayWhistle]).data?.items ?? [];
  const [whistleTo, setWhistleTo] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const L = lang === 'en' ? 'en' : 'zh';
  const person = usePeople((c?.events ?? []).map((e) => e.actorName));

  const act = async (fn: () => Promise<CaseDetail>) => {
    setBusy(true);
    try {
      setC(await fn());
      setNote('');
      setFiles([]);
    } catch (err) {
      message.error(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };
  const photos = () => Promise.all(files.map(fileBase64));
  const step = (body: Record<string, unknown>) => act(() => casesApi.step(id, body));

  if (!c) return error ? <RecordError error={error} /> : null;

  const mine = c.whistles.find((w) => user?.departmentId === w.departmentId && !w.releasedAt);
  const photoPicker = (
    <Upload
      accept="image/*"
      capture="environment"
      multiple
      beforeUpload={(f) => (setFiles((l) => [...l, f].slice(0, 6)), false)}
      onRemove={(f) => setFiles((l) => l.filter((x) => x.name !== f.name))}
    >
      <Button icon={<CameraOutlined />}>{x('addPhoto')}</Button>
    </Upload>
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/cases">
        <ArrowLeftOutlined /> {x('back')}
      </Link>
      <Typography.Title level={4} style={{ margin: 0 }}>
        #{c.id} {c.description}
      </Typography.Title>
      <Space wrap>
        <Tag color={c.finished ? 'green' : 'blue'}>{CASE_STATUS_LABELS[c.status][L]}</Tag>
        {c.overdue && <Tag color="red">{x('overdueTag')}</Tag>}
        {c.bounced && <Tag color="orange">{x('bouncedTag')}</Tag>}
        {c.reopened > 0 && <Tag>{x('reopenedTag', { n: c.reopened })}</Tag>}
      </Space>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={x('category')}>{c.categoryCode}</Descriptions.Item>
        <Descriptions.Item label={x('unit')}>{c.unitName ? `${c.unitName}（${TIER_LABELS[c.tier!][L]}）` : '—'}</Descriptions.Item>
        <Descriptions.Item label={x('address')}>{c.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={x('location')}>{c.lat !== null ? `${c.lat}, ${c.lng}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={x('reportedAt')}>{c.reportedAt}</Descriptions.Item>
        <Descriptions.Item label={x('responseDue')}>
          {c.responseDue ?? '—'}
          <ProvisionalMark when={c.provisional?.responseDue} />
        </Descriptions.Item>
        <Descriptions.Item label={x('handleDue')}>
          {c.handleDue ?? '—'}
          <ProvisionalMark when={c.provisional?.handleDue} />
        </Descriptions.Item>
        <Descriptions.Item label={x('note')}>{c.statusNotes || '—'}</Descriptions.Item>
      </Descriptions>
      {c.photos.length > 0 && (
        <Space wrap>
          {c.photos.map((p) => (
            <img key={p.id} src={`/api/cases/${c.id}/photos/${p.id}`} alt={`${p.kind} ${p.id}`} style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 4 }} />
          ))}
        </Space>
      )}

      {!c.finished || c.status === 'closed' ? (
        <Card size="small" title={x('actions')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={x('note')} aria-label={x('note')} maxLength={1000} />
            {(c.status === 'handling' || c.status === 'checking') && photoPicker}
            <Space wrap>
              {c.status === 'accepted' && (
                <>
                  <Button onClick={() => step({ action: 'assign', tier: 'village' })}>{`${x('assign')} · ${TIER_LABELS.village[L]}`}</Button>
                  <Button onClick={() => step({ action: 'assign', tier: 'township' })}>{`${x('assign')} · ${TIER_LABELS.township[L]}`}</Button>
                </>
              )}
              {c.status === 'assigned' && (
                <Button type="primary" loading={busy} onClick={() => step({ action: 'respond' })}>
                  {x('respond')}
                </Button>
              )}
              {(c.status === 'assigned' || c.status === 'handling') && (
                <>
                  <Button loading={busy} onClick={() => (note.trim() ? step({ action: 'escalate', reason: note.trim() }) : message.warning(x('noteRequired')))}>
                    {x('escalate')}
                  </Button>
                  <Button loading={busy} onClick={() => (note.trim() ? step({ action: 'return', reason: note.trim() }) : message.warning(x('noteRequired')))}>
                    {x('return')}
                  </Button>
                </>
              )}
              {c.status === 'handling' && (
                <Button
                  type="primary"
                  loading={busy}
                  onClick={async () => (note.trim() ? step({ action: 'handle', feedback: note.trim(), photos: await photos() }) : message.warning(x('noteRequired')))}
                >
                  {x('handle')}
                </Button>
              )}
              {c.status === 'checking' && (
                <>
                  <Button type="primary" loading={busy} onClick={async () => step({ action: 'check', passed: true, note: note.trim(), photos: await photos() })}>
                    {x('checkPass')}
                  </Button>
                  <Button
                    danger
                    loading={busy}
                    onClick={async () => (note.trim() ? step({ action: 'check', passed: false, note: note.trim(), photos: await photos() }) : message.warning(x('noteRequired')))}
                  >
                    {x('checkFail')}
                  </Button>
                </>
              )}
              {(c.status === 'checked' || c.status === 'checking') && (
                <Popconfirm title={x('close')} onConfirm={() => step({ action: 'close', note: note.trim() })}>
                  <Button loading={busy}>{x('close')}</Button>
                </Popconfirm>
              )}
              {c.status === 'closed' && <Rate aria-label={x('evaluate')} onChange={(v) => v && step({ action: 'evaluate', satisfaction: v, comment: note.trim() })} />}
            </Space>
            {c.tier === 'township' && (c.status === 'assigned' || c.status === 'handling') && departments.length > 0 && (
              <Space wrap>
                <Select
                  mode="multiple"
                  style={{ minWidth: 280 }}
                  placeholder={x('department')}
                  aria-label={x('department')}
                  value={whistleTo}
                  onChange={setWhistleTo}
                  options={departments.map((d) => ({ value: d.id, label: d.name }))}
                />
                <Button danger disabled={!whistleTo.length} loading={busy} onClick={() => act(() => casesApi.whistle(id, whistleTo)).then(() => setWhistleTo([]))}>
                  {x('whistle')}
                </Button>
              </Space>
            )}
            {mine && !mine.onSiteAt && (
              <Space wrap>
                {!mine.acknowledgedAt && <Button onClick={() => act(() => casesApi.reportIn(id, { step: 'acknowledge' }))}>{x('acknowledge')}</Button>}
                {photoPicker}
                <Button
                  type="primary"
                  loading={busy}
                  onClick={async () => {
                    const p = await currentPosition();
                    const [photo] = await photos();
                    if (!p || !photo) return message.warning(x('checkIn'));
                    await act(() => casesApi.reportIn(id, { step: 'on_site', ...p, photo }));
                  }}
                >
                  {x('checkIn')}
                </Button>
              </Space>
            )}
          </Space>
        </Card>
      ) : null}

      {c.whistles.length > 0 && (
        <Card size="small" title={x('whistles')}>
          <Table<Whistle>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={c.whistles}
            columns={[
              { title: x('department'), dataIndex: 'departmentName' },
              { title: x('deadline'), dataIndex: 'deadline' },
              { title: x('onSite'), dataIndex: 'onSiteAt', render: (v: string | null) => v ?? '—' },
              {
                title: x('status'),
                dataIndex: 'late',
                render: (late: boolean | null) => (late === null ? <Tag>{x('pending')}</Tag> : late ? <Tag color="red">{x('late')}</Tag> : <Tag color="green">{x('onTime')}</Tag>),
              },
            ]}
          />
        </Card>
      )}

      <Card size="small" title={x('history')}>
        <Timeline
          items={c.events.map((e) => ({
            content: `${e.at} · ${person(e.actorName)} · ${stepLabel(e.action, lang === 'en')}${e.fromStatus !== e.toStatus ? ` → ${CASE_STATUS_LABELS[e.toStatus as keyof typeof CASE_STATUS_LABELS]?.[L] ?? e.toStatus}` : ''}`,
          }))}
        />
      </Card>
    </Space>
  );
}
