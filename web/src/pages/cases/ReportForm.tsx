// A grid worker's report from a phone (390×844 first): category, description, photos,
// location (the device's or typed), village, urgency. A possible duplicate nearby is shown
// before filing; the reporter may file anyway.
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App, Button, Form, Input, InputNumber, List, Radio, Select, Space, Upload } from 'antd';
import { AimOutlined, CameraOutlined } from '@ant-design/icons';
import { errorText, isApiError } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n, pick } from '../../i18n/index.js';
import { casesApi, currentPosition, fileBase64, type Duplicate } from './api.js';
import { useText } from './text.js';

interface Values {
  categoryCode: string;
  description: string;
  lat?: number;
  lng?: number;
  address?: string;
  regionCode?: string;
  urgency: 'normal' | 'urgent';
}

export default function ReportForm() {
  const x = useText();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { data, error: loadError } = useLoad(() => casesApi.categories(), []);
  const categories = data?.items ?? [];
  const [files, setFiles] = useState<File[]>([]);
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const [submitError, setError] = useState<unknown>(null);
  const error = submitError ?? loadError;
  const [busy, setBusy] = useState(false);

  const locate = async () => {
    const p = await currentPosition();
    if (p) form.setFieldsValue(p);
    else message.warning(x('locationFailed'));
  };

  const submit = async (notDuplicate = false) => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const photos = await Promise.all(files.map(fileBase64));
      const body = Object.fromEntries(Object.entries({ ...values, photos, notDuplicate }).filter(([, v]) => v !== undefined && v !== ''));
      const created = await casesApi.report(body);
      message.success(x('filed', { id: created.id }));
      navigate(`/cases/${created.id}`);
    } catch (err) {
      const details = isApiError(err) ? (err.details as { candidates?: Duplicate[] } | undefined) : undefined;
      if (isApiError(err) && err.code === 'possible_duplicate' && details?.candidates) setDuplicates(details.candidates);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ urgency: 'normal' }} style={{ maxWidth: 480 }} onFinish={() => submit(false)}>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 12 }} />}
      <Form.Item name="categoryCode" label={x('category')} rules={[{ required: true, message: x('required') }]}>
        <Select aria-label={x('category')} options={categories.map((c) => ({ value: c.code, label: pick(c.name, lang) }))} />
      </Form.Item>
      <Form.Item name="description" label={x('description')} rules={[{ required: true, message: x('required') }]}>
        <Input.TextArea rows={3} maxLength={4000} aria-label={x('description')} />
      </Form.Item>
      <Form.Item label={x('photos')}>
        <Upload
          accept="image/*"
          capture="environment"
          listType="picture"
          multiple
          beforeUpload={(file) => {
            setFiles((f) => [...f, file].slice(0, 6));
            return false;
          }}
          onRemove={(file) => setFiles((f) => f.filter((x) => x.name !== file.name))}
        >
          <Button icon={<CameraOutlined />}>{x('addPhoto')}</Button>
        </Upload>
      </Form.Item>
      <Form.Item label={x('location')}>
        <Space wrap>
          <Form.Item name="lat" noStyle>
            <InputNumber placeholder={x('lat')} aria-label={x('lat')} min={-90} max={90} step={0.0001} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="lng" noStyle>
            <InputNumber placeholder={x('lng')} aria-label={x('lng')} min={-180} max={180} step={0.0001} style={{ width: 140 }} />
          </Form.Item>
          <Button icon={<AimOutlined />} onClick={locate}>
            {x('useLocation')}
          </Button>
        </Space>
      </Form.Item>
      <Form.Item name="address" label={x('address')}>
        <Input maxLength={300} aria-label={x('address')} />
      </Form.Item>
      <Form.Item name="regionCode" label={x('region')} extra={x('regionHint')}>
        <Input maxLength={20} aria-label={x('region')} />
      </Form.Item>
      <Form.Item name="urgency" label={x('urgency')}>
        <Radio.Group
          options={[
            { value: 'normal', label: x('normal') },
            { value: 'urgent', label: x('urgent') },
          ]}
        />
      </Form.Item>
      {duplicates && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={x('duplicate')}
          description={<List size="small" dataSource={duplicates} renderItem={(d) => <List.Item>{`#${d.id} ${d.description}（${x('metres', { m: d.metres })}）`}</List.Item>} />}
          action={
            <Button size="small" onClick={() => submit(true)} loading={busy}>
              {x('fileAnyway')}
            </Button>
          }
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy} block>
        {x('submit')}
      </Button>
    </Form>
  );
}
