import { useState } from 'react';
import { Button, DatePicker, Form, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { api, must } from '../../api/client';
import { Page } from '../../components/Page';
import { optionsOf, useVocabularies } from '../../components/vocabularies';
import { useSession } from '../../session/session';
import { AccessRecordTable } from './AccessRecordTable';
import { useCursorList } from './useCursorList';

type Side = 'producer' | 'consumer';
type Mode = 'batch_exchange' | 'query_api' | 'verification_api' | 'certificate';
const EXCHANGE_MODES = new Set<string>(['batch_exchange', 'query_api', 'verification_api', 'certificate']);

/** The start of a Beijing day, as an instant. */
const beijingStart = (day: Dayjs) => `${day.format('YYYY-MM-DD')}T00:00:00+08:00`;

/** 调用记录: the exchange's calls (my department's data used by others, my department's own calls; all for the bureau and auditors). */
function AccessRecordsPageBody() {
  const { hasRole } = useSession();
  const vocabularies = useVocabularies();
  const seesAll = hasRole('bureau', 'auditor');
  // Only a department that both provides and uses data has two sides to choose from.
  const bothSides = !seesAll && hasRole('producer') && hasRole('consumer');
  const [side, setSide] = useState<Side | undefined>(undefined);
  const [mode, setMode] = useState<Mode | undefined>(undefined);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const from = range?.[0] ? beijingStart(range[0]) : undefined;
  const to = range?.[1] ? beijingStart(range[1].add(1, 'day')) : undefined;
  const query = { side: bothSides ? side : undefined, mode, from, to };
  const records = useCursorList(
    (cursor) => must(api.GET('/api/v1/access-records', { params: { query: { ...query, cursor, limit: 50 } } })),
    [query.side, mode, from, to],
  );
  const exportQuery = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return (
    <Page
      title="调用记录"
      extra={
        <Button href={`/api/v1/access-records/export?${exportQuery.toString()}`} download>
          导出 CSV
        </Button>
      }
    >
      <Form layout="inline" className="no-print" style={{ marginBottom: 16, rowGap: 8 }}>
        {!bothSides ? null : (
          <Form.Item label="哪一方">
            <Select<Side | 'all'>
              aria-label="哪一方"
              style={{ width: 200 }}
              value={side ?? 'all'}
              onChange={(v) => setSide(v === 'all' ? undefined : v)}
              options={[
                { value: 'all', label: '全部' },
                { value: 'producer', label: '本部门数据被调用' },
                { value: 'consumer', label: '本部门的调用' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item label="提供方式">
          <Select<Mode | 'all'>
            aria-label="提供方式"
            style={{ width: 180 }}
            value={mode ?? 'all'}
            onChange={(v) => setMode(v === 'all' ? undefined : v)}
            options={[
              { value: 'all', label: '全部' },
              ...optionsOf(vocabularies, 'provisionModes').filter((o) => EXCHANGE_MODES.has(o.value)),
            ]}
          />
        </Form.Item>
        <Form.Item label="日期">
          <Space>
            <DatePicker.RangePicker
              aria-label="日期范围"
              value={range}
              onChange={(v) => setRange(v as [Dayjs | null, Dayjs | null] | null)}
              placeholder={['开始日期', '结束日期']}
            />
          </Space>
        </Form.Item>
      </Form>
      <AccessRecordTable records={records} label="调用记录" />
    </Page>
  );
}

export default function AccessRecordsPage() {
  return (
    <>
      <AccessRecordsPageBody />
    </>
  );
}
