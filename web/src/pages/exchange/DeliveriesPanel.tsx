import { Empty, Table, Typography } from 'antd';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';
import { DeliveryUpload } from './DeliveryUpload';
import { ENCODING_LABELS, FORMAT_LABELS, KIND_LABELS, ON_REJECTED_LABELS } from './labels';
import { RejectedRows } from './RejectedRows';
import type { Delivery } from './upload';

/** 数据交付: upload a delivery (the producing department's producers) and the entry's deliveries, newest first. */
export function DeliveriesPanel({ resourceId, canUpload }: { resourceId: string; canUpload: boolean }) {
  const deliveries = useLoad(
    () => must(api.GET('/api/v1/resources/{resourceId}/deliveries', { params: { path: { resourceId } } })),
    [resourceId],
  );
  return (
    <div>
      {canUpload ? (
        <section aria-labelledby="upload-heading" style={{ marginBottom: 24 }}>
          <Typography.Title level={4} id="upload-heading">
            上传数据交付
          </Typography.Title>
          <DeliveryUpload resourceId={resourceId} onDelivered={deliveries.reload} />
        </section>
      ) : null}
      <section aria-labelledby="history-heading">
        <Typography.Title level={4} id="history-heading">
          交付记录
        </Typography.Title>
        <ErrorAlert error={deliveries.error} />
        <Table<Delivery>
          aria-label="交付记录"
          rowKey="id"
          size="small"
          loading={deliveries.loading}
          dataSource={deliveries.data?.items ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description="尚无数据交付" /> }}
          expandable={{
            rowExpandable: (d) => d.rejections.length > 0,
            expandedRowRender: (d) => <RejectedRows errors={d.rejections} label={`第 ${d.seq} 次交付被拒绝的数据行`} />,
          }}
          columns={[
            { title: '编号', key: 'seq', render: (_, d) => `第 ${d.seq} 次` },
            { title: '交付时间', key: 'at', render: (_, d) => formatTime(d.deliveredAt) },
            { title: '文件', key: 'file', render: (_, d) => d.fileName ?? '—' },
            {
              title: '类型',
              key: 'kind',
              render: (_, d) => `${KIND_LABELS[d.kind]} · ${FORMAT_LABELS[d.format]} · ${ENCODING_LABELS[d.encoding]}`,
            },
            { title: '不合格行', key: 'onRejected', render: (_, d) => ON_REJECTED_LABELS[d.onRejected] },
            { title: '收到行数', dataIndex: 'rowsReceived', align: 'right' },
            { title: '接收行数', dataIndex: 'rowsAccepted', align: 'right' },
            { title: '拒绝行数', dataIndex: 'rowsRejected', align: 'right' },
            { title: '删除行数', dataIndex: 'rowsDeleted', align: 'right' },
            {
              title: 'SHA-256',
              key: 'sha',
              render: (_, d) => (
                <Typography.Text code copyable={{ text: d.sha256, tooltips: ['复制', '已复制'] }} title={d.sha256}>
                  {d.sha256.slice(0, 12)}…
                </Typography.Text>
              ),
            },
          ]}
        />
      </section>
    </div>
  );
}
