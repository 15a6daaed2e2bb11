import { useEffect, useMemo } from 'react';
import { Button, DatePicker, Descriptions, Form, Input, Select, Space, Table, Tooltip } from 'antd';
import type { Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';
import { emptyText } from '../admin/Accessible';
import { CursorPager, useCursorPages } from '../admin/CursorPager';
import { departmentName, departmentOptions, useAllDepartments } from '../admin/departments';
import { ACTION_LABELS, DETAIL_LABELS, OBJECT_TYPE_LABELS, actionLabel, detailText, objectTypeLabel } from './labels';
import { daysOfRange, rangeOfDays, rangePresets } from './range';

type AuditEvent = components['schemas']['AuditEvent'];
const FILTERS = ['action', 'objectType', 'objectId', 'userId', 'departmentId'] as const;
/** The time range, in the address as the instants listAuditEvents takes (occurredFrom inclusive, occurredTo exclusive). */
const RANGE = ['occurredFrom', 'occurredTo'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number] | (typeof RANGE)[number], string>>;
type FormValues = Partial<Record<(typeof FILTERS)[number], string>> & { days?: [Dayjs | null, Dayjs | null] | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function short(id: string): string {
  return UUID.test(id) ? `${id.slice(0, 8)}…` : id;
}

/** 审计记录: the trail, newest first, filtered by what listAuditEvents offers; the filters live in the address. */
export function AuditTrail() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = useMemo(
    () => Object.fromEntries([...FILTERS, ...RANGE].flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))),
    [params],
  );
  const key = JSON.stringify(filters);
  const pages = useCursorPages();
  const { reset } = pages;
  useEffect(() => reset(), [key, reset]);
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    const { occurredFrom, occurredTo, ...others } = filters;
    form.setFieldsValue({
      ...Object.fromEntries(FILTERS.map((k) => [k, undefined])),
      ...others,
      days: daysOfRange({ occurredFrom, occurredTo }),
    });
  }, [key, form, filters]);
  const departments = useAllDepartments();
  // Names of the users the caller may see (the bureau all; others its own department); the rest by id.
  const users = useLoad(() => must(api.GET('/api/v1/users', { params: { query: { limit: 100 } } })), []);
  const events = useLoad(
    () => must(api.GET('/api/v1/audit-events', { params: { query: { ...filters, cursor: pages.cursor, limit: 50 } } })),
    [key, pages.cursor],
  );
  const userName = (id: string | null) => (id ? users.data?.items.find((u) => u.id === id)?.name : undefined);

  function apply(values: FormValues) {
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = values[k]?.trim();
      if (v) next.set(k, v);
    }
    for (const [k, v] of Object.entries(rangeOfDays(values.days))) next.set(k, v);
    setParams(next);
  }

  /** Only one object's or one person's events, in the time range chosen (if any). */
  function only(narrow: Record<string, string>) {
    const next = new URLSearchParams(narrow);
    for (const k of RANGE) if (filters[k]) next.set(k, filters[k]);
    setParams(next);
  }

  return (
    <>
      <Form form={form} layout="inline" onFinish={apply} className="no-print" style={{ marginBottom: 16, rowGap: 8 }}>
        <Form.Item label="操作" name="action" htmlFor="audit-action">
          <Select
            id="audit-action"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部操作"
            style={{ width: 200 }}
            options={Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label="对象类型" name="objectType" htmlFor="audit-object-type">
          <Select
            id="audit-object-type"
            allowClear
            placeholder="全部"
            style={{ width: 150 }}
            options={Object.entries(OBJECT_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label="对象 ID" name="objectId" rules={[{ pattern: UUID, message: '请输入完整的 ID' }]}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="操作人 ID" name="userId" rules={[{ pattern: UUID, message: '请输入完整的用户 ID' }]}>
          <Input allowClear style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="日期（北京时间）" name="days" htmlFor="audit-days">
          <DatePicker.RangePicker
            id={{ start: 'audit-days' }}
            allowEmpty={[true, true]}
            presets={rangePresets()}
            placeholder={['开始日期', '结束日期']}
            aria-label="日期范围"
          />
        </Form.Item>
        <Form.Item label="部门" name="departmentId" htmlFor="audit-department">
          <Select
            id="audit-department"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部部门"
            style={{ width: 220 }}
            options={departmentOptions(departments.data)}
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
          <Button onClick={() => setParams(new URLSearchParams())}>重置</Button>
        </Space>
      </Form>
      <ErrorAlert error={events.error} />
      <Table<AuditEvent>
        rowKey="id"
        size="small"
        loading={events.loading}
        dataSource={events.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: emptyText('没有符合条件的审计记录') }}
        expandable={{
          expandedRowRender: (e) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label="记录 ID">{e.id}</Descriptions.Item>
              <Descriptions.Item label="对象 ID">{e.objectId}</Descriptions.Item>
              <Descriptions.Item label="操作人 ID">{e.userId ?? '系统'}</Descriptions.Item>
              <Descriptions.Item label="请求 ID">{e.requestId ?? '—'}</Descriptions.Item>
              {Object.entries(e.details).map(([k, v]) => (
                <Descriptions.Item key={k} label={DETAIL_LABELS[k] ?? k}>
                  <span style={{ wordBreak: 'break-all' }}>{detailText(k, v)}</span>
                </Descriptions.Item>
              ))}
            </Descriptions>
          ),
        }}
        columns={[
          { title: '时间', dataIndex: 'occurredAt', render: (at: string) => formatTime(at), width: 170 },
          {
            title: '操作',
            dataIndex: 'action',
            render: (action: string) => (
              <Tooltip title={action}>
                <span>{actionLabel(action)}</span>
              </Tooltip>
            ),
          },
          {
            title: '对象',
            key: 'object',
            render: (_, e) => (
              <Space size={4}>
                <span>{objectTypeLabel(e.objectType)}</span>
                <Button
                  type="link"
                  size="small"
                  className="no-print"
                  style={{ padding: 0 }}
                  aria-label={`${short(e.objectId)}（只看此${objectTypeLabel(e.objectType)}的记录）`}
                  onClick={() => only({ objectType: e.objectType, objectId: e.objectId })}
                  disabled={!UUID.test(e.objectId)}
                >
                  {short(e.objectId)}
                </Button>
              </Space>
            ),
          },
          {
            title: '操作人',
            dataIndex: 'userId',
            render: (id: string | null) =>
              id ? (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  aria-label={`${userName(id) ?? `用户 ${short(id)}`}（只看此人的操作）`}
                  onClick={() => only({ userId: id })}
                >
                  {userName(id) ?? `用户 ${short(id)}`}
                </Button>
              ) : (
                '系统或未登录'
              ),
          },
          { title: '部门', dataIndex: 'departmentId', render: (id: string | null) => departmentName(departments.data, id) },
          { title: '客户端地址', dataIndex: 'clientAddress', render: (a: string | null) => a ?? '—' },
        ]}
      />
      <CursorPager pages={pages} nextCursor={events.data?.nextCursor} loading={events.loading} />
    </>
  );
}
