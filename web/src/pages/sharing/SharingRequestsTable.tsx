// One tab of 共享申请: the requests of one side (or the bureau's disputes), filtered by status,
// number and overdue, in the service's urgency order (awaiting an answer first, earliest due
// first), paged through with the API's cursor.
import { useState } from 'react';
import { Button, Checkbox, Empty, Flex, Input, Select, Space, Table } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { labelOf, optionsOf, useVocabularies } from '../../components/vocabularies';
import { formatTime } from '../../format';
import { links } from '../../links';
import { SHARING_REQUEST_STATUSES, StatusTag } from '../../components/StatusTag';
import { DeadlineTag, type SharingRequest, type SharingRequestStatus } from './sharing';

export type Side = 'incoming' | 'outgoing' | undefined;

const PAGE = 20;

export function SharingRequestsTable({
  side,
  initialStatus = [],
  caption,
}: {
  side: Side;
  initialStatus?: SharingRequestStatus[];
  caption: string;
}) {
  const v = useVocabularies();
  const [status, setStatus] = useState<SharingRequestStatus[]>(initialStatus);
  const [overdue, setOverdue] = useState(false);
  const [number, setNumber] = useState('');
  const [more, setMore] = useState<{ items: SharingRequest[]; cursor: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>();
  const [loadingMore, setLoadingMore] = useState(false);

  const query = (cursor?: string) => ({
    side,
    status: status.length > 0 ? status : undefined,
    overdue: overdue || undefined,
    number: number || undefined,
    limit: PAGE,
    cursor,
  });
  const first = useLoad(async () => {
    setMore(null);
    return must(api.GET('/api/v1/sharing-requests', { params: { query: query() } }));
  }, [side, status.join(','), overdue, number]);

  const rows = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const nextCursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await must(api.GET('/api/v1/sharing-requests', { params: { query: query(nextCursor) } }));
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
    } catch (failure) {
      setMoreError(failure);
    } finally {
      setLoadingMore(false);
    }
  };

  const exportQuery = new URLSearchParams();
  if (side) exportQuery.set('side', side);
  status.forEach((s) => exportQuery.append('status', s));
  if (overdue) exportQuery.set('overdue', 'true');
  if (number) exportQuery.set('number', number);

  const counterpart = side === 'incoming' ? 'consumer' : side === 'outgoing' ? 'producer' : 'both';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Flex wrap gap={12} align="center" className="no-print">
        <Select<SharingRequestStatus[]>
          mode="multiple"
          allowClear
          aria-label="按状态筛选"
          placeholder="全部状态"
          style={{ minWidth: 240 }}
          value={status}
          onChange={setStatus}
          options={optionsOf(v, 'sharingRequestStatuses').filter((o) => side === 'outgoing' || o.value !== 'draft')}
        />
        <Checkbox checked={overdue} onChange={(e) => setOverdue(e.target.checked)}>
          仅看逾期未答复
        </Checkbox>
        <Input.Search
          aria-label="按申请编号查找"
          placeholder="申请编号，如 RJ-SQ-2026-000123"
          allowClear
          style={{ width: 300 }}
          onSearch={(value) => setNumber(value.trim())}
          enterButton="查找"
        />
        <a href={`/api/v1/sharing-requests/export.xlsx?${exportQuery.toString()}`} download>
          导出 Excel
        </a>
      </Flex>
      <ErrorAlert error={first.error} />
      <Table<SharingRequest>
        rowKey="id"
        loading={first.loading}
        dataSource={rows}
        pagination={false}
        title={() => caption}
        locale={{ emptyText: <Empty description="暂无共享申请" /> }}
        onRow={(r) => (r.overdue ? { style: { background: '#fff1f0' } } : {})}
        scroll={{ x: 1000 }}
        columns={[
          { title: '申请编号', dataIndex: 'number', render: (n: string, r) => <Link to={links.sharingRequest(r.id)}>{n}</Link> },
          { title: '信息资源名称', dataIndex: 'resourceName' },
          ...(counterpart !== 'consumer' ? [{ title: '提供部门', dataIndex: 'producerDepartmentName' }] : []),
          ...(counterpart !== 'producer' ? [{ title: '使用部门', dataIndex: 'consumerDepartmentName' }] : []),
          { title: '提供方式', dataIndex: 'provisionMode', render: (m: string) => labelOf(v, 'provisionModes', m) },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: SharingRequestStatus) => <StatusTag status={s} vocabulary={SHARING_REQUEST_STATUSES} />,
          },
          { title: '提交时间', dataIndex: 'submittedAt', render: (t: string | null) => formatTime(t) },
          { title: '答复期限', key: 'due', render: (_v, r) => <DeadlineTag request={r} /> },
        ]}
      />
      <ErrorAlert error={moreError} />
      {nextCursor ? (
        <Button onClick={loadMore} loading={loadingMore} className="no-print">
          加载更多
        </Button>
      ) : null}
    </Space>
  );
}
