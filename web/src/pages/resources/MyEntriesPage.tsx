// 我的目录: the department's catalog entries by status (草稿、待审核、已退回、已发布、已撤销), with
// what each status allows — edit, submit, delete a never-published draft, change or withdraw a
// published entry — and the Excel template, import and export.
import { useMemo, useState } from 'react';
import { App, Button, Empty, Input, Popconfirm, Space, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import type { components } from '@contract';
import { api, must, withEtag } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatTime } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { useCursorPages } from './cursorPages';
import { ImportModal } from './ImportModal';
import { PagerButtons } from './PagerButtons';
import { ReasonModal } from '../../components/ReasonModal';
import { RESOURCE_STATUSES, StatusTag } from '../../components/StatusTag';

type Summary = components['schemas']['ResourceSummary'];
type Status = Summary['status'];

const STATUSES: Status[] = ['draft', 'returned', 'submitted', 'published', 'withdrawn'];
const PAGE_SIZE = 20;

function exportHref(kind: 'xlsx' | 'csv', departmentId: string, statuses: Status[], q: string): string {
  const query = new URLSearchParams();
  query.append('departmentId', departmentId);
  for (const s of statuses) query.append('status', s);
  if (q) query.append('q', q);
  return `/api/v1/resources/export.${kind}?${query.toString()}`;
}

export default function MyEntriesPage() {
  const { me } = useSession();
  const vocabularies = useVocabularies();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const departmentId = me!.department.id;
  const [tab, setTab] = useState<'all' | Status>('all');
  const [q, setQ] = useState('');
  const pages = useCursorPages();
  const [importing, setImporting] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Summary | null>(null);
  const [actionError, setActionError] = useState<unknown>();
  const [busyId, setBusyId] = useState<string | null>(null);
  const statuses = useMemo(() => (tab === 'all' ? STATUSES : [tab]), [tab]);

  const list = useLoad(
    () =>
      must(
        api.GET('/api/v1/resources', {
          params: {
            query: {
              departmentId: [departmentId],
              status: statuses,
              sort: '-updatedAt',
              limit: PAGE_SIZE,
              ...(q ? { q } : {}),
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
    [departmentId, statuses, q, pages.cursor],
  );
  const facets = useLoad(
    () =>
      must(
        api.GET('/api/v1/resources/facets', { params: { query: { departmentId: [departmentId], status: STATUSES, ...(q ? { q } : {}) } } }),
      ),
    [departmentId, q, list.data],
  );
  const count = (s: Status) => facets.data?.facets.status.find((f) => f.value === s)?.count ?? 0;

  const reload = () => {
    list.reload();
  };

  const submit = async (row: Summary) => {
    setBusyId(row.id);
    setActionError(undefined);
    try {
      const done = await must(api.POST('/api/v1/resources/{resourceId}/submit', { params: { path: { resourceId: row.id } } }));
      message.success(
        done.duplicateCandidates.length > 0
          ? `“${row.name}”已提交审核；发现 ${done.duplicateCandidates.length} 个疑似重复的目录`
          : `“${row.name}”已提交审核`,
      );
      reload();
    } catch (failure) {
      const gaps = failure instanceof ApiProblem ? (failure.problem.errors ?? []).filter((e) => e.path) : [];
      if (gaps.length > 0) {
        navigate(links.editEntry(row.id), {
          state: {
            gaps: gaps.map((g) => ({ path: g.path!, message: g.message })),
            gapsTitle: `提交审核前还需补充以下 ${gaps.length} 处内容`,
          },
        });
      } else setActionError(failure);
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (row: Summary) => {
    setBusyId(row.id);
    setActionError(undefined);
    try {
      const { etag } = await withEtag(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId: row.id } } }));
      await must(api.DELETE('/api/v1/resources/{resourceId}', { params: { path: { resourceId: row.id }, header: { 'If-Match': etag } } }));
      message.success(`已删除草稿“${row.name}”`);
      reload();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusyId(null);
    }
  };

  const actionsOf = (row: Summary) => {
    const busy = busyId === row.id;
    switch (row.status) {
      case 'draft':
      case 'returned':
        return (
          <Space size={4} wrap>
            <Link to={links.editEntry(row.id)}>编辑</Link>
            <Button size="small" type="link" loading={busy} onClick={() => submit(row)} aria-label={`提交审核：${row.name}`}>
              提交审核
            </Button>
            {row.code === null ? (
              <Popconfirm
                title="删除草稿"
                description={`删除“${row.name}”后不可恢复，确定删除吗？`}
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => remove(row)}
              >
                <Button size="small" type="link" danger disabled={busy} aria-label={`删除草稿：${row.name}`}>
                  删除
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        );
      case 'published':
        return (
          <Space size={4} wrap>
            <Link to={links.entry(row.id)}>目录详情</Link>
            <Link to={links.editEntry(row.id)}>修改</Link>
            <Button size="small" type="link" danger onClick={() => setWithdrawing(row)} aria-label={`撤销目录：${row.name}`}>
              撤销
            </Button>
          </Space>
        );
      default:
        return <Link to={links.editEntry(row.id)}>查看</Link>;
    }
  };

  return (
    <Page
      title="我的目录"
      extra={
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(links.newEntry())}>
            新建目录
          </Button>
          <Button icon={<DownloadOutlined />} href="/api/v1/resources/import-template.xlsx" download>
            Excel 模板下载
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            Excel 导入
          </Button>
          <Button href={exportHref('xlsx', departmentId, statuses, q)} download>
            导出 Excel
          </Button>
          <Button href={exportHref('csv', departmentId, statuses, q)} download>
            导出 CSV
          </Button>
        </>
      }
    >
      <Typography.Paragraph type="secondary">{me!.department.name}登记的信息资源目录。</Typography.Paragraph>
      <Space style={{ marginBottom: 8 }} className="no-print">
        <Input.Search
          aria-label="按名称、摘要或信息项检索"
          placeholder="按名称、摘要或信息项检索"
          allowClear
          enterButton="检索"
          onSearch={(value) => {
            pages.reset();
            setQ(value.trim());
          }}
          style={{ width: 360 }}
        />
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          pages.reset();
          setTab(key as typeof tab);
        }}
        items={[
          { key: 'all', label: `全部（${facets.data?.total ?? 0}）` },
          ...STATUSES.map((s) => ({ key: s, label: `${labelOf(vocabularies, 'resourceStatuses', s)}（${count(s)}）` })),
        ]}
      />
      <ErrorAlert error={list.error ?? actionError} />
      <Table<Summary>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={tab === 'all' ? '本部门还没有目录，点“新建目录”开始登记' : '没有此状态的目录'} /> }}
        columns={[
          {
            title: '资源名称',
            dataIndex: 'name',
            render: (name: string, row) => <Link to={links.editEntry(row.id)}>{name}</Link>,
          },
          { title: '资源代码', dataIndex: 'code', render: (code: string | null) => code ?? '—' },
          { title: '状态', dataIndex: 'status', render: (s: Status) => <StatusTag status={s} vocabulary={RESOURCE_STATUSES} /> },
          { title: '信息项', dataIndex: 'itemCount', render: (n: number) => `${n} 项` },
          {
            title: '提供方式',
            dataIndex: 'provisionModes',
            render: (modes: string[]) => (modes.length ? modes.map((m) => labelOf(vocabularies, 'provisionModes', m)).join('、') : '—'),
          },
          { title: '最近更新', dataIndex: 'updatedAt', render: (t: string) => formatTime(t) },
          { title: '操作', key: 'actions', className: 'no-print', render: (_, row) => actionsOf(row) },
        ]}
      />
      <PagerButtons
        page={pages.page}
        hasNext={!!list.data?.nextCursor}
        onPrevious={pages.previous}
        onNext={() => list.data?.nextCursor && pages.next(list.data.nextCursor)}
      />
      <ImportModal open={importing} onClose={() => setImporting(false)} onImported={reload} />
      <ReasonModal
        open={withdrawing !== null}
        title={`撤销目录“${withdrawing?.name ?? ''}”`}
        label="撤销原因"
        okText="撤销目录"
        intro="撤销后目录仍可查阅并标明已撤销，基于它的共享授权将暂停。"
        onCancel={() => setWithdrawing(null)}
        danger
        onSubmit={async (reason) => {
          await must(
            api.POST('/api/v1/resources/{resourceId}/withdraw', { params: { path: { resourceId: withdrawing!.id } }, body: { reason } }),
          );
          message.success(`“${withdrawing!.name}”已撤销`);
          setWithdrawing(null);
          reload();
        }}
      />
    </Page>
  );
}
