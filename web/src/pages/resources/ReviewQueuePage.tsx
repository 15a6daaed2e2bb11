// 审核队列 (the bureau): entries submitted for review, the longest waiting first, each with the
// likely duplicates the service recorded on submission (一数一源).
import { useState } from 'react';
import { Empty, Input, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatTime } from '../../format';
import { links } from '../../links';
import { useCursorPages } from './cursorPages';
import type { Resource } from './entryForm';
import { PagerButtons } from './PagerButtons';

const PAGE_SIZE = 20;

async function loadQueue(q: string, cursor: string | undefined) {
  const page = await must(
    api.GET('/api/v1/resources', {
      params: { query: { status: ['submitted'], sort: 'updatedAt', limit: PAGE_SIZE, ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) } },
    }),
  );
  // The summary has no duplicate flags: each entry of the page is read whole (a page is at most 20).
  const entries = await Promise.all(
    page.items.map((s) => must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId: s.id } } }))),
  );
  return { entries, nextCursor: page.nextCursor };
}

export default function ReviewQueuePage() {
  const vocabularies = useVocabularies();
  const [q, setQ] = useState('');
  const pages = useCursorPages();
  const queue = useLoad(() => loadQueue(q, pages.cursor), [q, pages.cursor]);
  return (
    <Page title="审核队列">
      <Typography.Paragraph type="secondary">
        各部门提交审核的目录，等待最久的在前。疑似重复：与其他部门已发布目录的信息项重合（一数一源），请比对后决定发布或退回。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }} className="no-print">
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
      <ErrorAlert error={queue.error} />
      <Table<Resource>
        rowKey="id"
        loading={queue.loading}
        dataSource={queue.data?.entries ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description="没有待审核的目录" /> }}
        columns={[
          { title: '资源名称', dataIndex: 'name', width: 220, render: (name: string, r) => <Link to={links.review(r.id)}>{name}</Link> },
          { title: '提供部门', dataIndex: 'departmentName', width: 180 },
          { title: '资源分类', dataIndex: 'categoryPath', render: (path: string[]) => path.join(' / ') },
          {
            title: '共享类型',
            dataIndex: 'sharingType',
            width: 110,
            render: (t: string | null) => labelOf(vocabularies, 'sharingTypes', t),
          },
          { title: '信息项', dataIndex: 'items', width: 80, render: (items: unknown[]) => `${items.length} 项` },
          { title: '提交时间', dataIndex: 'submittedAt', width: 170, render: (t: string | null) => formatTime(t) },
          {
            title: '疑似重复',
            dataIndex: 'duplicateCandidates',
            render: (dupes: Resource['duplicateCandidates']) =>
              dupes.length === 0 ? (
                <Tag>无</Tag>
              ) : (
                <Space size={4} wrap>
                  <Tag color="#a8071a">疑似重复 {dupes.length} 个</Tag>
                  <Typography.Text>
                    {dupes
                      .slice(0, 2)
                      .map((d) => `${d.departmentName}“${d.resourceName}”`)
                      .join('；')}
                    {dupes.length > 2 ? ` 等 ${dupes.length} 个` : ''}
                  </Typography.Text>
                </Space>
              ),
          },
        ]}
      />
      <PagerButtons
        page={pages.page}
        hasNext={!!queue.data?.nextCursor}
        onPrevious={pages.previous}
        onNext={() => queue.data?.nextCursor && pages.next(queue.data.nextCursor)}
      />
    </Page>
  );
}
