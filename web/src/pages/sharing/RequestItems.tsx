// The request's 信息项明细表: what was asked for and, once answered, what was granted and how each
// granted item leaves the exchange (明文, 脱敏, or withheld when no masking rule exists).
import { Table } from 'antd';
import { useVocabularies } from '../../components/vocabularies';
import { RELEASE_LABELS, queryRoleLabel, releaseOf, type ResourceItem, type SharingRequest } from './sharing';
import { StatusTag } from '../../components/StatusTag';

interface Row {
  name: string;
  queryRole: string | null;
}

export function RequestItems({
  request,
  entryItems,
  clearItems,
}: {
  request: SharingRequest;
  entryItems: ResourceItem[] | undefined;
  clearItems: string[] | undefined;
}) {
  const v = useVocabularies();
  const approved = request.approvedItems;
  const isGranted = (name: string) => approved?.some((i) => i.name === name) ?? false;
  return (
    <Table<Row>
      size="small"
      bordered
      rowKey="name"
      pagination={false}
      dataSource={request.items}
      title={() =>
        approved
          ? `信息项明细表：申请 ${request.items.length} 项，同意 ${approved.length} 项`
          : `信息项明细表：申请 ${request.items.length} 项`
      }
      columns={[
        { title: '序号', key: 'index', width: 64, render: (_v, _r, i) => i + 1 },
        { title: '信息项名称', dataIndex: 'name' },
        { title: '查询角色', dataIndex: 'queryRole', render: (r: string | null) => queryRoleLabel(v, r) },
        {
          title: '敏感信息',
          key: 'sensitive',
          render: (_v, row) => {
            const item = entryItems?.find((e) => e.name === row.name);
            return item ? item.sensitive ? <StatusTag tone="orange">敏感</StatusTag> : '否' : '—';
          },
        },
        ...(approved
          ? [
              {
                title: '答复',
                key: 'granted',
                render: (_v: unknown, row: Row) =>
                  isGranted(row.name) ? <StatusTag tone="green">同意</StatusTag> : <StatusTag tone="red">不同意</StatusTag>,
              },
              {
                title: '提供形式',
                key: 'release',
                render: (_v: unknown, row: Row) =>
                  !isGranted(row.name)
                    ? '—'
                    : clearItems
                      ? RELEASE_LABELS[
                          releaseOf(
                            entryItems?.find((e) => e.name === row.name),
                            clearItems,
                          )
                        ]
                      : '—',
              },
            ]
          : []),
      ]}
    />
  );
}
