// The entry's data items (信息项): a table of inputs, one row per item, with add, remove, move up and
// down (buttons, so the keyboard can do it), paste from Excel, and under each sensitive item its
// masking. Lives inside the editor's <Form> as the Form.List "items".
import { useState } from 'react';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tooltip } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SnippetsOutlined } from '@ant-design/icons';
import type { FormListFieldData } from 'antd';
import { optionsOf, type Vocabularies } from '../../components/vocabularies';
import type { EntryValues, ItemValues } from './entryForm';
import { MaskingFields } from './MaskingFields';
import { PasteItemsModal } from './PasteItemsModal';

export const NEW_ITEM: ItemValues = {
  name: '',
  dataType: 'C',
  length: null,
  description: null,
  sensitive: false,
  desensitizationRule: null,
  queryRole: null,
  masking: null,
  key: false,
  required: false,
};

function focusLater(id: string) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

export function ItemsEditor({ vocabularies, disabled }: { vocabularies: Vocabularies | undefined; disabled?: boolean }) {
  const form = Form.useFormInstance<EntryValues>();
  const items = (Form.useWatch('items', { form, preserve: true }) ?? []) as ItemValues[];
  const [pasting, setPasting] = useState(false);
  const dataTypes = optionsOf(vocabularies, 'dataTypes').map((o) => ({ value: o.value, label: `${o.label}（${o.value}）` }));
  const queryRoles = [{ value: '', label: '无' }, ...optionsOf(vocabularies, 'queryRoles')];

  return (
    <Form.List name="items">
      {(fields, { add, remove, move }, { errors }) => {
        const count = fields.length;
        const columns = [
          { title: '序号', key: 'seq', width: 56, render: (_: unknown, f: FormListFieldData) => f.name + 1 },
          {
            title: '信息项名称',
            key: 'name',
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item
                name={[f.name, 'name']}
                style={{ margin: 0 }}
                rules={[{ required: true, whitespace: true, message: '请填写信息项名称' }]}
              >
                <Input maxLength={100} aria-label={`第 ${f.name + 1} 项信息项名称`} />
              </Form.Item>
            ),
          },
          {
            title: '数据类型',
            key: 'dataType',
            width: 150,
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item name={[f.name, 'dataType']} style={{ margin: 0 }}>
                <Select aria-label={`第 ${f.name + 1} 项数据类型`} options={dataTypes} />
              </Form.Item>
            ),
          },
          {
            title: '长度',
            key: 'length',
            width: 100,
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item name={[f.name, 'length']} style={{ margin: 0 }}>
                <InputNumber min={1} max={1000000} precision={0} aria-label={`第 ${f.name + 1} 项长度`} style={{ width: '100%' }} />
              </Form.Item>
            ),
          },
          {
            title: '说明',
            key: 'description',
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item name={[f.name, 'description']} style={{ margin: 0 }}>
                <Input maxLength={500} aria-label={`第 ${f.name + 1} 项说明`} />
              </Form.Item>
            ),
          },
          {
            title: '查询角色',
            key: 'queryRole',
            width: 110,
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item
                name={[f.name, 'queryRole']}
                style={{ margin: 0 }}
                getValueProps={(v: unknown) => ({ value: v ?? '' })}
                normalize={(v: string) => (v === '' ? null : v)}
              >
                <Select aria-label={`第 ${f.name + 1} 项查询角色`} options={queryRoles} />
              </Form.Item>
            ),
          },
          {
            title: '敏感',
            key: 'sensitive',
            width: 60,
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item name={[f.name, 'sensitive']} valuePropName="checked" style={{ margin: 0 }}>
                <Checkbox aria-label={`第 ${f.name + 1} 项是否敏感`} />
              </Form.Item>
            ),
          },
          {
            title: '主键',
            key: 'key',
            width: 60,
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item name={[f.name, 'key']} valuePropName="checked" style={{ margin: 0 }}>
                <Checkbox aria-label={`第 ${f.name + 1} 项是否主键`} />
              </Form.Item>
            ),
          },
          {
            title: '必填',
            key: 'required',
            width: 60,
            render: (_: unknown, f: FormListFieldData) => (
              <Form.Item name={[f.name, 'required']} valuePropName="checked" style={{ margin: 0 }}>
                <Checkbox aria-label={`第 ${f.name + 1} 项是否必填`} />
              </Form.Item>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            width: 130,
            className: 'no-print',
            render: (_: unknown, f: FormListFieldData) => {
              const n = f.name + 1;
              return (
                <Space size={2}>
                  <Tooltip title="上移">
                    <Button
                      id={`item-${f.name}-up`}
                      size="small"
                      icon={<ArrowUpOutlined />}
                      aria-label={`上移第 ${n} 项`}
                      disabled={disabled || f.name === 0}
                      onClick={() => {
                        move(f.name, f.name - 1);
                        focusLater(f.name - 1 === 0 ? `item-0-down` : `item-${f.name - 1}-up`);
                      }}
                    />
                  </Tooltip>
                  <Tooltip title="下移">
                    <Button
                      id={`item-${f.name}-down`}
                      size="small"
                      icon={<ArrowDownOutlined />}
                      aria-label={`下移第 ${n} 项`}
                      disabled={disabled || f.name === count - 1}
                      onClick={() => {
                        move(f.name, f.name + 1);
                        focusLater(f.name + 1 === count - 1 ? `item-${count - 1}-up` : `item-${f.name + 1}-down`);
                      }}
                    />
                  </Tooltip>
                  <Tooltip title="删除">
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={`删除第 ${n} 项`}
                      disabled={disabled}
                      onClick={() => remove(f.name)}
                    />
                  </Tooltip>
                </Space>
              );
            },
          },
        ];
        return (
          <div>
            <Space className="no-print" style={{ marginBottom: 8 }} wrap>
              <Button icon={<PlusOutlined />} disabled={disabled} onClick={() => add({ ...NEW_ITEM })}>
                添加信息项
              </Button>
              <Button icon={<SnippetsOutlined />} disabled={disabled} onClick={() => setPasting(true)}>
                从 Excel 粘贴
              </Button>
            </Space>
            <Table<FormListFieldData>
              size="small"
              bordered
              pagination={false}
              rowKey="key"
              dataSource={fields}
              columns={columns}
              scroll={{ x: 1000 }}
              locale={{ emptyText: '尚未登记信息项：点“添加信息项”或“从 Excel 粘贴”' }}
              expandable={{
                showExpandColumn: false,
                expandedRowKeys: fields.filter((f) => items[f.name]?.sensitive).map((f) => f.key),
                expandedRowRender: (f) => <MaskingFields index={f.name} item={items[f.name]} />,
              }}
            />
            <Form.ErrorList errors={errors} />
            <PasteItemsModal
              open={pasting}
              vocabularies={vocabularies}
              onCancel={() => setPasting(false)}
              onAdd={(rows) => {
                for (const row of rows) add(row);
                setPasting(false);
              }}
            />
          </div>
        );
      }}
    </Form.List>
  );
}
