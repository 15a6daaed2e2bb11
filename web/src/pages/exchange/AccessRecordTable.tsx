import { Button, Empty, Table } from 'antd';
import type { components } from '@contract';
import { ErrorAlert } from '../../components/ErrorAlert';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatTime } from '../../format';
import { operationLabel, resultLabel } from './labels';
import type { CursorList } from './useCursorList';
import { StatusTag } from '../../components/StatusTag';

export type AccessRecord = components['schemas']['AccessRecord'];

/** Access records as a table, newest first, with 加载更多 for the next page. */
export function AccessRecordTable({
  records,
  label,
  showResource = true,
}: {
  records: CursorList<AccessRecord>;
  label: string;
  showResource?: boolean;
}) {
  const vocabularies = useVocabularies();
  return (
    <>
      <ErrorAlert error={records.error} />
      <Table<AccessRecord>
        aria-label={label}
        rowKey="id"
        size="small"
        loading={records.loading}
        dataSource={records.items}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无调用记录" /> }}
        columns={[
          { title: '时间', key: 'at', render: (_, r) => formatTime(r.occurredAt) },
          ...(showResource ? [{ title: '信息资源', key: 'resource', render: (_: unknown, r: AccessRecord) => r.resourceName ?? '—' }] : []),
          { title: '调用部门', key: 'caller', render: (_, r) => r.callerDepartmentName ?? '—' },
          { title: '调用人', key: 'user', render: (_, r) => r.userName ?? '—' },
          { title: '提供方式', key: 'mode', render: (_, r) => labelOf(vocabularies, 'provisionModes', r.mode) },
          { title: '操作', key: 'operation', render: (_, r) => operationLabel(r.operation) },
          { title: '行数', dataIndex: 'rows', align: 'right' },
          {
            title: '结果',
            key: 'result',
            render: (_, r) => <StatusTag tone={r.result === 'ok' ? 'green' : 'red'}>{resultLabel(r.result, r.status)}</StatusTag>,
          },
          { title: '耗时', key: 'latency', align: 'right', render: (_, r) => `${r.latencyMs} 毫秒` },
        ]}
      />
      {records.hasMore ? (
        <Button className="no-print" style={{ marginTop: 12 }} onClick={records.more} loading={records.loading}>
          加载更多
        </Button>
      ) : null}
    </>
  );
}
