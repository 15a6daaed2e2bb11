// 目录审核 (the bureau): one submitted entry whole, beside the published entries its items overlap,
// then publish it (the resource code is assigned) or return it with a reason.
import { useState } from 'react';
import { Alert, App, Button, Card, Popconfirm, Spin } from 'antd';
import { Link, useParams } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { useVocabularies } from '../../components/vocabularies';
import { links } from '../../links';
import { DuplicateComparison } from './DuplicateComparison';
import { EntryDetails, ItemsTable } from './EntryDetails';
import { ReasonModal } from '../../components/ReasonModal';

export default function ReviewPage() {
  const { resourceId } = useParams();
  const vocabularies = useVocabularies();
  const { message } = App.useApp();
  const entry = useLoad(
    () => must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId: resourceId! } } })),
    [resourceId],
  );
  const [returning, setReturning] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [error, setError] = useState<unknown>();

  const publish = async () => {
    setPublishing(true);
    setError(undefined);
    try {
      const done = await must(api.POST('/api/v1/resources/{resourceId}/publish', { params: { path: { resourceId: resourceId! } } }));
      message.success(`已发布，资源代码 ${done.code ?? ''}`);
      entry.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setPublishing(false);
    }
  };

  const e = entry.data;
  const reviewable = e?.status === 'submitted';
  const actions = reviewable ? (
    <>
      <Popconfirm
        title="发布目录"
        description="发布后赋予资源代码，全市各部门可检索和申请使用。确定发布吗？"
        okText="发布"
        cancelText="取消"
        onConfirm={publish}
      >
        <Button type="primary" loading={publishing}>
          发布
        </Button>
      </Popconfirm>
      <Button danger onClick={() => setReturning(true)}>
        退回
      </Button>
    </>
  ) : null;

  return (
    <Page title={e ? `目录审核：${e.name}` : '目录审核'} extra={actions}>
      <p className="no-print">
        <Link to={links.reviewQueue()}>返回审核队列</Link>
      </p>
      <ErrorAlert error={entry.error ?? error} />
      {entry.loading && !e ? <Spin aria-label="加载中" /> : null}
      {e ? (
        <>
          {!reviewable ? (
            <Alert
              type={e.status === 'published' ? 'success' : 'info'}
              showIcon
              role="status"
              style={{ marginBottom: 16 }}
              title={
                e.status === 'published'
                  ? `目录已发布，资源代码 ${e.code ?? ''}`
                  : e.status === 'returned'
                    ? `目录已退回提供部门。退回理由：${e.returnReason ?? '—'}`
                    : '该目录不在待审核状态'
              }
            />
          ) : null}
          <EntryDetails entry={e} vocabularies={vocabularies} />
          <Card title={`疑似重复（一数一源）：${e.duplicateCandidates.length} 个`} size="small" style={{ marginBottom: 16 }}>
            <DuplicateComparison entry={e} vocabularies={vocabularies} />
          </Card>
          {e.duplicateCandidates.length === 0 ? (
            <Card title="信息项" size="small" style={{ marginBottom: 16 }}>
              <ItemsTable items={e.items} vocabularies={vocabularies} />
            </Card>
          ) : null}
          <ReasonModal
            open={returning}
            title={`退回目录“${e.name}”`}
            label="退回理由"
            okText="退回"
            intro="提供部门将看到退回理由，修改后可重新提交。"
            onCancel={() => setReturning(false)}
            danger
            onSubmit={async (reason) => {
              await must(api.POST('/api/v1/resources/{resourceId}/return', { params: { path: { resourceId: e.id } }, body: { reason } }));
              message.success('已退回提供部门');
              setReturning(false);
              entry.reload();
            }}
          />
        </>
      ) : null}
    </Page>
  );
}
