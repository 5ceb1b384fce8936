// The region tree (county → township → village → grid); administrators add a region below
// one of theirs, rename one, or load the county's official townships and villages.
import { useMemo, useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { CloudDownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { Region } from '../../api/types.js';
import { errorText } from '../../api/client.js';
import { orgApi } from '../../api/org.js';
import { useI18n } from '../../i18n/index.js';
import { CHILD_LEVEL, CODE_LENGTH, REGION_LEVEL_LABELS } from '../../../../src/org/model.js';
import { regionTree, type OrgData, type RegionNode } from '../Org.js';
import { useBi } from './bi.js';

export default function RegionsTab({ data, admin, onChange }: { data: OrgData | null; admin: boolean; onChange: () => void }) {
  const { lang, t } = useI18n();
  const b = useBi();
  const { message, modal } = AntApp.useApp();
  const tree = useMemo(() => regionTree(data?.regions ?? []), [data]);
  const [adding, setAdding] = useState<Region | null>(null);
  const [renaming, setRenaming] = useState<Region | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string; name: string; divisionCode?: string }>();
  const [renameForm] = Form.useForm<{ name: string }>();
  const counties = (data?.regions ?? []).filter((r) => r.level === 'city');
  // Townships open, villages and grids folded: a county has hundreds of villages.
  const expanded = useMemo(() => counties.map((r) => r.code), [counties]);

  const loadOfficial = (county: Region) =>
    modal.confirm({
      title: b(`载入${county.name}的官方区划？`, `Load the official divisions of ${county.name}?`),
      content: b(
        '按国家统计局统计用区划代码载入该县（市、区）全部乡镇（街道）和村（社区）；已有的区划保持不变。',
        'Loads every township and village of the county by the statistics bureau’s division codes; regions already present stay as they are.',
      ),
      onOk: async () => {
        try {
          const r = await orgApi.importDivisions(county.code);
          message.success(b(`新增 ${r.added} 个区划，已有 ${r.kept} 个`, `${r.added} regions added, ${r.kept} already present`));
          onChange();
        } catch (e) {
          message.error(errorText(e, lang));
        }
      },
    });

  const submitAdd = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await orgApi.createRegion({ code: v.code.trim(), name: v.name.trim(), parentCode: adding!.code, divisionCode: v.divisionCode?.trim() || null });
      message.success(b('已新增区划', 'Region added'));
      setAdding(null);
      form.resetFields();
      onChange();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const submitRename = async () => {
    const v = await renameForm.validateFields();
    setBusy(true);
    try {
      await orgApi.renameRegion(renaming!.code, v.name.trim());
      setRenaming(null);
      onChange();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const childLevel = adding ? CHILD_LEVEL[adding.level] : undefined;

  return (
    <>
      {admin && counties.length ? (
        <Space style={{ marginBottom: 12 }}>
          {counties.map((c) => (
            <Button key={c.code} icon={<CloudDownloadOutlined />} onClick={() => loadOfficial(c)} data-testid="load-official">
              {b(`载入${c.name}官方区划`, `Load official divisions of ${c.name}`)}
            </Button>
          ))}
        </Space>
      ) : null}
      <Table<RegionNode>
        key={data ? `loaded-${expanded.join()}` : 'loading'}
        rowKey="code"
        size="small"
        loading={!data}
        dataSource={tree}
        pagination={false}
        expandable={{ defaultExpandedRowKeys: expanded }}
        data-testid="region-tree"
        columns={[
          { title: t('org.name'), dataIndex: 'name' },
          { title: t('org.code'), dataIndex: 'code' },
          { title: b('统计用区划代码', 'Statistical code'), dataIndex: 'divisionCode', render: (v: string | null | undefined) => v ?? '' },
          { title: t('org.level'), dataIndex: 'level', render: (level: Region['level']) => <Tag>{REGION_LEVEL_LABELS[level][lang === 'en' ? 'en' : 'zh']}</Tag> },
          ...(admin
            ? [
                {
                  title: b('操作', 'Actions'),
                  key: 'actions',
                  render: (_: unknown, r: RegionNode) => (
                    <Space size="small">
                      {CHILD_LEVEL[r.level] ? (
                        <Button
                          size="small"
                          icon={<PlusOutlined />}
                          data-testid={`add-below-${r.code}`}
                          onClick={() => {
                            form.resetFields();
                            form.setFieldsValue({ code: r.code });
                            setAdding(r);
                          }}
                        >
                          {b(`新增${REGION_LEVEL_LABELS[CHILD_LEVEL[r.level]!].zh}`, `Add ${REGION_LEVEL_LABELS[CHILD_LEVEL[r.level]!].en.toLowerCase()}`)}
                        </Button>
                      ) : null}
                      <Button
                        size="small"
                        onClick={() => {
                          renameForm.setFieldsValue({ name: r.name });
                          setRenaming(r);
                        }}
                      >
                        {b('重命名', 'Rename')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={adding !== null}
        title={adding ? b(`在${adding.name}下新增`, `Add below ${adding.name}`) : ''}
        onOk={submitAdd}
        confirmLoading={busy}
        onCancel={() => setAdding(null)}
        okText={b('新增', 'Add')}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="region-form">
          <Form.Item
            name="code"
            label={
              childLevel
                ? b(`区划代码（${CODE_LENGTH[childLevel]} 位，以 ${adding!.code} 开头）`, `Code (${CODE_LENGTH[childLevel]} digits, beginning with ${adding!.code})`)
                : b('区划代码', 'Code')
            }
            rules={[{ required: true, pattern: /^\d+$/, message: b('请输入数字代码', 'Enter the digits of the code') }]}
          >
            <Input data-testid="region-code" />
          </Form.Item>
          <Form.Item name="name" label={b('名称', 'Name')} rules={[{ required: true, max: 60, message: b('请输入 1–60 个字符的名称', 'Enter a name of 1–60 characters') }]}>
            <Input data-testid="region-name" />
          </Form.Item>
          <Form.Item
            name="divisionCode"
            label={b('统计用区划代码（12 位，可留空）', 'Statistical division code (12 digits, optional)')}
            rules={[{ pattern: /^\d{12}$/, message: b('须为 12 位数字', '12 digits') }]}
          >
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={renaming !== null} title={b('重命名区划', 'Rename region')} onOk={submitRename} confirmLoading={busy} onCancel={() => setRenaming(null)} forceRender>
        <Form form={renameForm} layout="vertical">
          <Form.Item name="name" label={b('名称', 'Name')} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
