import { useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Empty, InputNumber, Row, Space, Table, Tag, Typography } from 'antd';
import { api, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { beijingToday, formatDate, formatTime } from '../../format';
import { arrangementOf, daysBetween, missingYears, type Arrangement } from './calendar';
import { emptyText } from './Accessible';
import { CalendarEditModal } from './CalendarEditModal';

type YearSummary = { year: number; source: string; updatedAt: string; holidays: number; workdays: number };

/** 工作日历: the holiday arrangement of each year, on which every working-day deadline is counted. */
export default function CalendarPage() {
  const years = useLoad(() => must(api.GET('/api/v1/calendar/years')), []);
  const today = beijingToday();
  const loaded = (years.data?.items ?? []).map((y) => y.year);
  const missing = years.data ? missingYears(loaded, today) : [];
  const [selected, setSelected] = useState<number>();
  const [newYear, setNewYear] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ year: number; arrangement?: Arrangement; etag?: string } | null>(null);
  useEffect(() => {
    if (selected === undefined && loaded.length > 0)
      setSelected(loaded.includes(Number(today.slice(0, 4))) ? Number(today.slice(0, 4)) : loaded[loaded.length - 1]);
  }, [loaded, selected, today]);
  useEffect(() => {
    if (newYear === null && years.data) setNewYear(missing[0]?.year ?? Number(today.slice(0, 4)) + 1);
  }, [years.data, missing, newYear, today]);
  const detail = useLoad(
    async () =>
      selected === undefined ? undefined : withEtag(api.GET('/api/v1/calendar/years/{year}', { params: { path: { year: selected } } })),
    [selected, years.data],
  );
  const arrangement = detail.data ? arrangementOf(detail.data.body) : undefined;

  return (
    <>
      <Page title="工作日历">
        <Typography.Paragraph type="secondary">
          共享申请的答复期限、项目的登记期限都按工作日计算：周末和法定节假日不计，调休的周末上班日计入。每年须按国务院办公厅的节假日安排通知录入。
        </Typography.Paragraph>
        {missing.map((m) => (
          <Alert
            key={m.year}
            type={m.level}
            showIcon
            title={m.text}
            style={{ marginBottom: 12 }}
            role={m.level === 'info' ? undefined : 'alert'}
          />
        ))}
        <ErrorAlert error={years.error} />
        <Row gutter={16}>
          <Col xs={24} lg={10}>
            <Card title="已录入的年份" size="small">
              <Table<YearSummary>
                rowKey="year"
                size="small"
                loading={years.loading}
                pagination={false}
                dataSource={years.data?.items ?? []}
                locale={{ emptyText: emptyText('尚未录入任何年份') }}
                rowClassName={(y) => (y.year === selected ? 'ant-table-row-selected' : '')}
                columns={[
                  {
                    title: '年份',
                    dataIndex: 'year',
                    render: (year: number) => (
                      <Button type="link" onClick={() => setSelected(year)} aria-pressed={year === selected} style={{ padding: 0 }}>
                        {year}年
                      </Button>
                    ),
                  },
                  { title: '放假天数', dataIndex: 'holidays' },
                  { title: '调休上班', dataIndex: 'workdays' },
                  { title: '更新时间', dataIndex: 'updatedAt', render: (at: string) => formatTime(at) },
                ]}
              />
              <Space className="no-print" style={{ marginTop: 12 }} wrap>
                <label htmlFor="new-calendar-year">录入年份</label>
                <InputNumber id="new-calendar-year" min={2000} max={2100} value={newYear} onChange={(v) => setNewYear(v)} />
                <Button
                  type="primary"
                  disabled={!newYear}
                  onClick={() => {
                    if (!newYear) return;
                    if (loaded.includes(newYear)) setSelected(newYear);
                    else setEditing({ year: newYear });
                  }}
                >
                  {newYear && loaded.includes(newYear) ? '查看' : '录入'}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card
              size="small"
              title={selected ? `${selected}年节假日安排` : '节假日安排'}
              extra={
                detail.data && arrangement ? (
                  <Button
                    className="no-print"
                    onClick={() => setEditing({ year: detail.data!.body.year, arrangement, etag: detail.data!.etag })}
                  >
                    更正
                  </Button>
                ) : null
              }
              loading={detail.loading && selected !== undefined}
            >
              <ErrorAlert error={detail.error} />
              {!detail.data || !arrangement ? (
                <Empty description="请选择年份" />
              ) : (
                <>
                  <Typography.Paragraph>
                    依据：{arrangement.source}
                    <br />
                    <Typography.Text type="secondary">更新时间：{formatTime(detail.data.body.updatedAt)}</Typography.Text>
                  </Typography.Paragraph>
                  <Table
                    rowKey={(h) => `${h.name}-${h.start}`}
                    size="small"
                    pagination={false}
                    title={() => '放假'}
                    dataSource={arrangement.holidays}
                    locale={{ emptyText: emptyText('无放假安排') }}
                    columns={[
                      { title: '节日', dataIndex: 'name' },
                      { title: '起', dataIndex: 'start', render: (d: string) => formatDate(d) },
                      { title: '止', dataIndex: 'end', render: (d: string) => formatDate(d) },
                      { title: '天数', key: 'days', render: (_, h) => `${daysBetween(h.start, h.end)} 天` },
                    ]}
                  />
                  <Table
                    style={{ marginTop: 12 }}
                    rowKey="date"
                    size="small"
                    pagination={false}
                    title={() => '调休上班日'}
                    dataSource={arrangement.workdays}
                    locale={{ emptyText: emptyText('无调休上班日') }}
                    columns={[
                      { title: '所属节日', dataIndex: 'name', render: (name: string) => <Tag>{name}</Tag> },
                      { title: '上班日期', dataIndex: 'date', render: (d: string) => formatDate(d) },
                    ]}
                  />
                </>
              )}
            </Card>
          </Col>
        </Row>
        {editing ? (
          <CalendarEditModal
            year={editing.year}
            arrangement={editing.arrangement}
            etag={editing.etag}
            onClose={() => setEditing(null)}
            onSaved={() => {
              setSelected(editing.year);
              years.reload();
            }}
          />
        ) : null}
      </Page>
    </>
  );
}
