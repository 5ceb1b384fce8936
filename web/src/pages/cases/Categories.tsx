// Case categories (= Open311 services) the administrator keeps: code, names in both languages,
// group, keywords, and the attributes a report answers (Open311 datatypes; list attributes with
// their values). A category in use is deactivated rather than deleted: its cases keep it, new
// reports and Open311's service list no longer offer it.
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText, request } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { ATTRIBUTE_DATATYPES, type AttributeDatatype, type Category, type CategoryAttribute } from '../../../../src/cases/model.js';
import { useText } from './text.js';

interface AttributeForm {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  description: string;
  values?: string; // one "key=name" a line, for the list datatypes
}
interface CategoryForm {
  code: string;
  nameZh: string;
  nameEn: string;
  description: string;
  keywords: string;
  group: string;
  active: boolean;
  attributes: AttributeForm[];
}

const isList = (d: AttributeDatatype) => d === 'singlevaluelist' || d === 'multivaluelist';

function toForm(c: Category): CategoryForm {
  return {
    code: c.code,
    nameZh: c.name.zh,
    nameEn: c.name.en,
    description: c.description,
    keywords: c.keywords,
    group: c.group,
    active: c.active,
    attributes: [...c.attributes]
      .sort((a, b) => a.order - b.order)
      .map((a) => ({ code: a.code, datatype: a.datatype, required: a.required, description: a.description, values: (a.values ?? []).map((v) => `${v.key}=${v.name}`).join('\n') })),
  };
}

/** The API's body for a category from the form (attribute order = the order on screen). */
export function categoryBody(f: CategoryForm): Omit<Category, 'code' | 'regionCode'> {
  const attributes: CategoryAttribute[] = (f.attributes ?? []).map((a, i) => ({
    code: a.code.trim(),
    datatype: a.datatype,
    required: Boolean(a.required),
    description: (a.description ?? '').trim(),
    order: i + 1,
    ...(isList(a.datatype)
      ? {
          values: (a.values ?? '')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean)
            .map((line) => {
              const at = line.indexOf('=');
              return at > 0 ? { key: line.slice(0, at).trim(), name: line.slice(at + 1).trim() || line.slice(0, at).trim() } : { key: line, name: line };
            }),
        }
      : {}),
  }));
  return {
    name: { zh: f.nameZh.trim(), en: f.nameEn.trim() },
    description: (f.description ?? '').trim(),
    keywords: (f.keywords ?? '').trim(),
    group: (f.group ?? '').trim(),
    active: f.active !== false,
    attributes,
  };
}

export default function Categories() {
  const x = useText();
  const { lang } = useI18n();
  const { data, error, reload: load } = useLoad((signal) => request<{ items: Category[] }>('GET', '/api/cases/categories', undefined, { signal }), []);
  const categories = data?.items ?? [];
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [said, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const message = said ?? (error ? { ok: false, text: errorText(error, lang) } : null);
  const [form] = Form.useForm<CategoryForm>();

  const put = async (code: string, body: Omit<Category, 'code' | 'regionCode'>) => {
    setMessage(null);
    try {
      await request('PUT', `/api/cases/categories/${encodeURIComponent(code)}`, body);
      setMessage({ ok: true, text: x('saved') });
      setEditing(null);
      load();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, lang) });
    }
  };
  const open = (c: Category | null) => {
    setMessage(null);
    setEditing(c ? c.code : 'new');
    form.resetFields();
    form.setFieldsValue(c ? toForm(c) : { code: '', nameZh: '', nameEn: '', description: '', keywords: '', group: '', active: true, attributes: [] });
  };
  const setActive = (c: Category, active: boolean) => void put(c.code, { ...categoryBody(toForm(c)), active });

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {message && <Alert type={message.ok ? 'success' : 'error'} showIcon title={message.text} />}
      <Card
        size="small"
        title={x('categoriesTitle')}
        extra={
          <Button icon={<PlusOutlined />} onClick={() => open(null)}>
            {x('newCategory')}
          </Button>
        }
      >
        <Table<Category>
          size="small"
          pagination={false}
          rowKey="code"
          dataSource={categories}
          columns={[
            { title: x('categoryCode'), dataIndex: 'code' },
            { title: x('category'), render: (_v, c) => (lang === 'en' ? c.name.en : c.name.zh) },
            { title: x('group'), dataIndex: 'group' },
            {
              title: x('attributes'),
              render: (_v, c) =>
                c.attributes.map((a) => (
                  <Tag key={a.code}>
                    {a.code} · {a.datatype}
                  </Tag>
                )),
            },
            { title: x('status'), dataIndex: 'active', render: (active: boolean) => (active ? <Tag color="green">{x('active')}</Tag> : <Tag>{x('inactive')}</Tag>) },
            {
              title: '',
              render: (_v, c) => (
                <Space size={4}>
                  <Button size="small" onClick={() => open(c)}>
                    {x('edit')}
                  </Button>
                  {c.active ? (
                    <Button size="small" danger onClick={() => setActive(c, false)}>
                      {x('deactivate')}
                    </Button>
                  ) : (
                    <Button size="small" onClick={() => setActive(c, true)}>
                      {x('activate')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <Card size="small" title={editing === 'new' ? x('newCategory') : `${x('edit')} ${editing}`}>
          <Form<CategoryForm> form={form} layout="vertical" onFinish={(f) => void put(editing === 'new' ? f.code.trim() : editing, categoryBody(f))}>
            <Space wrap align="start">
              <Form.Item name="code" label={x('categoryCode')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/, message: x('codePattern') }]}>
                <Input disabled={editing !== 'new'} aria-label={x('categoryCode')} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name="nameZh" label={x('nameZh')} rules={[{ required: true, max: 50, message: x('nameZhRequired') }]}>
                <Input aria-label={x('nameZh')} />
              </Form.Item>
              <Form.Item name="nameEn" label={x('nameEn')} rules={[{ required: true, max: 100, message: x('nameEnRequired') }]}>
                <Input aria-label={x('nameEn')} />
              </Form.Item>
              <Form.Item name="group" label={x('group')} rules={[{ max: 50 }]}>
                <Input aria-label={x('group')} />
              </Form.Item>
              <Form.Item name="active" label={x('active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
            <Form.Item name="description" label={x('description')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} aria-label={x('categoryDescription')} />
            </Form.Item>
            <Form.Item name="keywords" label={x('keywords')} rules={[{ max: 200 }]}>
              <Input aria-label={x('keywords')} />
            </Form.Item>
            <Form.List name="attributes">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((field, i) => (
                    <Space key={field.key} wrap align="start">
                      <Form.Item name={[field.name, 'code']} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/, message: x('codePattern') }]}>
                        <Input placeholder={x('attributeCode')} aria-label={`${x('attributeCode')} ${i + 1}`} style={{ width: 140 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'datatype']} rules={[{ required: true }]}>
                        <Select style={{ width: 160 }} aria-label={`${x('datatype')} ${i + 1}`} options={ATTRIBUTE_DATATYPES.map((d) => ({ value: d, label: d }))} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'required']} valuePropName="checked">
                        <Checkbox>{x('requiredAttr')}</Checkbox>
                      </Form.Item>
                      <Form.Item name={[field.name, 'description']} rules={[{ max: 500 }]}>
                        <Input placeholder={x('attributeQuestion')} aria-label={`${x('attributeQuestion')} ${i + 1}`} style={{ width: 220 }} />
                      </Form.Item>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          isList(form.getFieldValue(['attributes', field.name, 'datatype'])) && (
                            <Form.Item name={[field.name, 'values']} rules={[{ required: true, message: x('listNeedsValues') }]}>
                              <Input.TextArea rows={3} placeholder={x('valuesHelp')} aria-label={`${x('attributeValues')} ${i + 1}`} style={{ width: 220 }} />
                            </Form.Item>
                          )
                        }
                      </Form.Item>
                      <Button type="text" icon={<MinusCircleOutlined />} aria-label={`${x('removeAttribute')} ${i + 1}`} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ code: '', datatype: 'string', required: false, description: '' })}>
                    {x('addAttribute')}
                  </Button>
                </Space>
              )}
            </Form.List>
            <Space style={{ marginTop: 12 }}>
              <Button type="primary" htmlType="submit">
                {x('saveCategory')}
              </Button>
              <Button onClick={() => setEditing(null)}>{x('cancel')}</Button>
            </Space>
          </Form>
        </Card>
      )}
    </Space>
  );
}
