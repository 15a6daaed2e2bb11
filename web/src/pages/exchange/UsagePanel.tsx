import { Empty, Table, Typography } from 'antd';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDate } from '../../format';
import type { AccessRecord } from './AccessRecordTable';

const PAGES = 5;

interface Day {
  day: string;
  calls: number;
  answered: number;
  rows: number;
  consumers: string[];
}

const beijingDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** The grant's latest calls (at most 500), day by day: calls, answered calls, rows and the departments calling. */
async function usageOf(grantId: string, side: 'producer' | undefined): Promise<{ days: Day[]; partial: boolean }> {
  const records: AccessRecord[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < PAGES; i++) {
    const page = await must(api.GET('/api/v1/access-records', { params: { query: { grantId, side, cursor, limit: 100 } } }));
    records.push(...page.items);
    if (!page.nextCursor) return { days: byDay(records), partial: false };
    cursor = page.nextCursor;
  }
  return { days: byDay(records), partial: true };
}

function byDay(records: AccessRecord[]): Day[] {
  const days = new Map<string, Day>();
  for (const r of records) {
    const day = beijingDay.format(new Date(r.occurredAt));
    const d = days.get(day) ?? { day, calls: 0, answered: 0, rows: 0, consumers: [] };
    d.calls++;
    if (r.result === 'ok') {
      d.answered++;
      d.rows += r.rows;
    }
    const who = r.callerDepartmentName ?? '（公开核验）';
    if (!d.consumers.includes(who)) d.consumers.push(who);
    days.set(day, d);
  }
  return [...days.values()].sort((a, b) => b.day.localeCompare(a.day));
}

/** 使用情况: how the grant is used, from its access records. */
export function UsagePanel({ grantId, side }: { grantId: string; side?: 'producer' }) {
  const usage = useLoad(() => usageOf(grantId, side), [grantId, side]);
  return (
    <>
      <ErrorAlert error={usage.error} />
      <Table<Day>
        aria-label="按日统计的使用情况"
        rowKey="day"
        size="small"
        loading={usage.loading}
        dataSource={usage.data?.days ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="尚无调用" /> }}
        columns={[
          { title: '日期', key: 'day', render: (_, d) => formatDate(d.day) },
          { title: '调用次数', dataIndex: 'calls', align: 'right' },
          { title: '成功次数', dataIndex: 'answered', align: 'right' },
          { title: '数据行数', dataIndex: 'rows', align: 'right' },
          { title: '调用部门', key: 'consumers', render: (_, d) => d.consumers.join('、') },
        ]}
      />
      {usage.data?.partial ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          仅统计最近 500 次调用，完整记录请查看调用记录。
        </Typography.Paragraph>
      ) : null}
    </>
  );
}
