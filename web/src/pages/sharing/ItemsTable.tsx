// The 信息项明细表 of a request form: the entry's items with a checkbox each (and one for all),
// their type, length, query role and sensitivity as the catalog states them.
import { Table } from 'antd';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { queryRoleLabel, type ResourceItem } from './sharing';
import { StatusTag } from '../../components/StatusTag';

export function ItemsTable({
  items,
  selected,
  onChange,
  caption,
}: {
  items: ResourceItem[];
  selected: string[];
  onChange: (names: string[]) => void;
  caption: string;
}) {
  const v = useVocabularies();
  return (
    <Table<ResourceItem>
      size="small"
      bordered
      rowKey="name"
      pagination={false}
      dataSource={items}
      title={() => caption}
      rowSelection={{
        selectedRowKeys: selected,
        onChange: (keys) => onChange(keys.map(String)),
        columnTitle: (checkbox) => checkbox,
        getCheckboxProps: (item) => ({ 'aria-label': `选择信息项 ${item.name}` }),
      }}
      columns={[
        { title: '序号', key: 'index', width: 64, render: (_v, _item, i) => i + 1 },
        { title: '信息项名称', dataIndex: 'name' },
        { title: '数据类型', dataIndex: 'dataType', render: (t: string) => labelOf(v, 'dataTypes', t) },
        { title: '长度', dataIndex: 'length', render: (n: number | null | undefined) => n ?? '—' },
        { title: '说明', dataIndex: 'description', render: (d: string | null | undefined) => d ?? '—' },
        { title: '查询角色', dataIndex: 'queryRole', render: (r: string | null | undefined) => queryRoleLabel(v, r) },
        {
          title: '敏感信息',
          dataIndex: 'sensitive',
          render: (s: boolean | undefined, item) =>
            s ? <StatusTag tone="orange">敏感（{item.desensitizationRule ?? '脱敏后提供'}）</StatusTag> : '否',
        },
      ]}
    />
  );
}
