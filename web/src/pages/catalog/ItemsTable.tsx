import { Table, Tag } from 'antd';
import type { components } from '@contract';
import { labelOf, type Vocabularies } from '../../components/vocabularies';

type Item = components['schemas']['ResourceItem'];

/** 信息项: name, data type, length, sensitivity and masking, query role, key and required. */
export function ItemsTable({ items, vocabularies }: { items: Item[]; vocabularies: Vocabularies | undefined }) {
  return (
    <Table<Item>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={items}
      locale={{ emptyText: '未登记信息项' }}
      scroll={{ x: 900 }}
      columns={[
        { title: '序号', key: 'index', width: 60, render: (_, _item, i) => i + 1 },
        {
          title: '信息项名称',
          key: 'name',
          render: (_, item) => (
            <>
              {item.name}
              {item.key ? <Tag style={{ marginLeft: 6 }}>主键</Tag> : null}
              {item.required ? <Tag style={{ marginLeft: 6 }}>必填</Tag> : null}
            </>
          ),
        },
        { title: '数据类型', key: 'dataType', width: 110, render: (_, item) => labelOf(vocabularies, 'dataTypes', item.dataType) },
        { title: '长度', key: 'length', width: 70, align: 'right', render: (_, item) => item.length ?? '—' },
        { title: '说明', key: 'description', render: (_, item) => item.description || '—' },
        {
          title: '敏感',
          key: 'sensitive',
          width: 80,
          render: (_, item) => (item.sensitive ? <Tag color="red">敏感</Tag> : '否'),
        },
        { title: '脱敏规则', key: 'desensitizationRule', render: (_, item) => item.desensitizationRule || '—' },
        {
          title: '查询角色',
          key: 'queryRole',
          width: 100,
          render: (_, item) => (item.queryRole ? labelOf(vocabularies, 'queryRoles', item.queryRole) : '—'),
        },
      ]}
    />
  );
}
