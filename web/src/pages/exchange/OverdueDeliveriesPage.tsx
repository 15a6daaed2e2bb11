import { Empty, Table } from 'antd';
import { Link } from 'react-router';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatTime } from '../../format';
import { links } from '../../links';

type Overdue = components['schemas']['OverdueDelivery'];

/** 逾期未交付: batch delivery streams that stopped past their update cycle (a producer's own; all for the bureau and auditors). */
function OverdueDeliveriesPageBody() {
  const vocabularies = useVocabularies();
  const overdue = useLoad(() => must(api.GET('/api/v1/overdue-deliveries')), []);
  return (
    <Page title="逾期未交付">
      <ErrorAlert error={overdue.error} />
      <Table<Overdue>
        aria-label="逾期未交付的数据批量交换"
        rowKey="resourceId"
        loading={overdue.loading}
        dataSource={overdue.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description="没有逾期未交付的数据" /> }}
        columns={[
          { title: '信息资源', key: 'resource', render: (_, o) => <Link to={links.entry(o.resourceId)}>{o.resourceName}</Link> },
          { title: '提供部门', dataIndex: 'departmentName' },
          { title: '更新周期', key: 'cycle', render: (_, o) => labelOf(vocabularies, 'updateCycles', o.updateCycle) },
          { title: '最近交付', key: 'last', render: (_, o) => `第 ${o.lastSeq} 次 · ${formatTime(o.lastDeliveredAt)}` },
          { title: '应交付时间', key: 'due', render: (_, o) => formatTime(o.dueBy) },
        ]}
      />
    </Page>
  );
}

export default function OverdueDeliveriesPage() {
  return (
    <>
      <OverdueDeliveriesPageBody />
    </>
  );
}
