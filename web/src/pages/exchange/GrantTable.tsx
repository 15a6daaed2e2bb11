import { Button, Empty, Table, Typography } from 'antd';
import { Link } from 'react-router';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatDate } from '../../format';
import { links } from '../../links';
import { useCursorList } from './useCursorList';
import { GRANT_STATUSES, StatusTag } from '../../components/StatusTag';

export type Grant = components['schemas']['Grant'];

/** A grant's quota (calls a minute, rows a day) and today's use, read from its terms. */
function QuotaCell({ grantId }: { grantId: string }) {
  const terms = useLoad(() => must(api.GET('/api/v1/grants/{grantId}/terms', { params: { path: { grantId } } })), [grantId]);
  if (terms.loading) return <Typography.Text type="secondary">加载中…</Typography.Text>;
  if (!terms.data) return <Typography.Text type="secondary">—</Typography.Text>;
  const t = terms.data;
  return (
    <span>
      每分钟 {t.requestsPerMinute.toLocaleString('zh-CN')} 次，每日 {t.rowsPerDay.toLocaleString('zh-CN')} 行
      <br />
      <Typography.Text type="secondary">今日已用 {t.usedToday.rows.toLocaleString('zh-CN')} 行</Typography.Text>
    </span>
  );
}

/** Grants on one side (held by my department, or on my department's data; all for the bureau). */
export function GrantTable({ side, label }: { side?: 'incoming' | 'outgoing'; label: string }) {
  const vocabularies = useVocabularies();
  const grants = useCursorList((cursor) => must(api.GET('/api/v1/grants', { params: { query: { side, cursor, limit: 20 } } })), [side]);
  return (
    <>
      <ErrorAlert error={grants.error} />
      <Table<Grant>
        aria-label={label}
        rowKey="id"
        loading={grants.loading}
        dataSource={grants.items}
        pagination={false}
        locale={{ emptyText: <Empty description="暂无授权" /> }}
        columns={[
          {
            title: '信息资源',
            key: 'resource',
            render: (_, g) => (
              <>
                <Link to={links.grant(g.id)}>{g.resourceName}</Link>
                {g.resourceCode ? (
                  <>
                    <br />
                    <Typography.Text type="secondary">{g.resourceCode}</Typography.Text>
                  </>
                ) : null}
              </>
            ),
          },
          side === 'outgoing'
            ? { title: '提供部门', dataIndex: 'producerDepartmentName' }
            : side === 'incoming'
              ? { title: '使用部门', dataIndex: 'consumerDepartmentName' }
              : {
                  title: '提供部门 → 使用部门',
                  key: 'parties',
                  render: (_, g) => `${g.producerDepartmentName} → ${g.consumerDepartmentName}`,
                },
          { title: '提供方式', key: 'mode', render: (_, g) => labelOf(vocabularies, 'provisionModes', g.provisionMode) },
          { title: '授权信息项', key: 'items', render: (_, g) => g.items.map((i) => i.name).join('、') },
          { title: '有效期', key: 'period', render: (_, g) => `${formatDate(g.validFrom)} 至 ${formatDate(g.validUntil)}` },
          { title: '用量上限', key: 'quota', render: (_, g) => <QuotaCell grantId={g.id} /> },
          {
            title: '状态',
            key: 'status',
            render: (_, g) => <StatusTag status={g.status} vocabulary={GRANT_STATUSES} />,
          },
        ]}
      />
      {grants.hasMore ? (
        <Button className="no-print" style={{ marginTop: 12 }} onClick={grants.more} loading={grants.loading}>
          加载更多
        </Button>
      ) : null}
    </>
  );
}
