import { Table } from 'antd';
import { rowOf } from './labels';

export interface RowError {
  path?: string;
  code?: string;
  message: string;
}

/** Rejected rows of a delivery, by line and item (from the /rows/<line>/<item> paths). */
export function RejectedRows({ errors, label }: { errors: RowError[]; label: string }) {
  const rows = errors.map((e, i) => ({ key: i, ...rowOf(e.path), message: e.message }));
  return (
    <Table
      aria-label={label}
      size="small"
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      dataSource={rows}
      columns={[
        { title: '行号', key: 'line', width: 90, render: (_, r) => (r.line === null ? '—' : `第 ${r.line} 行`) },
        { title: '信息项', key: 'item', width: 200, render: (_, r) => r.item ?? '—' },
        { title: '原因', dataIndex: 'message' },
      ]}
    />
  );
}
