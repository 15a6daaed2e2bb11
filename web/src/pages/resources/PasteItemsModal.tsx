// Paste rows copied from Excel: a text box, the rows read from it as a preview (with what is wrong
// in each), then add them to the item table.
import { useMemo, useState } from 'react';
import { Alert, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { labelOf, type Vocabularies } from '../../components/vocabularies';
import type { ItemValues } from './entryForm';
import { parsePastedItems, PASTE_COLUMNS, type PastedRow } from './pasteRows';

export function PasteItemsModal({
  open,
  vocabularies,
  onCancel,
  onAdd,
}: {
  open: boolean;
  vocabularies: Vocabularies | undefined;
  onCancel: () => void;
  onAdd: (items: ItemValues[]) => void;
}) {
  const [text, setText] = useState('');
  const rows = useMemo(() => parsePastedItems(text, vocabularies), [text, vocabularies]);
  const bad = rows.filter((r) => r.problems.length > 0).length;
  return (
    <Modal
      open={open}
      title="从 Excel 粘贴信息项"
      width={860}
      okText={rows.length > 0 ? `添加 ${rows.length} 个信息项` : '添加'}
      cancelText="取消"
      okButtonProps={{ disabled: rows.length === 0 || bad > 0 }}
      onCancel={() => {
        setText('');
        onCancel();
      }}
      onOk={() => {
        onAdd(rows.map((r) => r.item));
        setText('');
      }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        在 Excel 中选中信息项的行（列依次为：{PASTE_COLUMNS.join('、')}
        ），复制后粘贴到下面。数据类型可写名称（字符型）或代码（C），是否敏感写“是”或“否”。
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="粘贴内容" htmlFor="paste-items-text">
          <Input.TextArea
            id="paste-items-text"
            rows={5}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={PASTE_COLUMNS.join('\t')}
          />
        </Form.Item>
      </Form>
      {bad > 0 ? <Alert type="error" showIcon title={`有 ${bad} 行需要修改后才能添加`} style={{ marginBottom: 8 }} /> : null}
      <Table<PastedRow>
        size="small"
        bordered
        pagination={false}
        rowKey="line"
        dataSource={rows}
        caption="预览"
        locale={{ emptyText: '粘贴后在此预览' }}
        columns={[
          { title: '行', dataIndex: 'line', width: 48 },
          { title: '信息项名称', render: (_, r) => r.item.name },
          { title: '数据类型', render: (_, r) => labelOf(vocabularies, 'dataTypes', r.item.dataType) },
          { title: '长度', render: (_, r) => r.item.length ?? '—' },
          { title: '说明', render: (_, r) => r.item.description ?? '—' },
          { title: '敏感', render: (_, r) => (r.item.sensitive ? '是' : '否') },
          { title: '查询角色', render: (_, r) => (r.item.queryRole ? labelOf(vocabularies, 'queryRoles', r.item.queryRole) : '—') },
          {
            title: '检查',
            render: (_, r) =>
              r.problems.length === 0 ? (
                <Tag color="#237804">可添加</Tag>
              ) : (
                <ul className="field-errors">
                  {r.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ),
          },
        ]}
      />
    </Modal>
  );
}
