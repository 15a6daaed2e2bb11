// One sharing request: the 附件2 form's content, its 信息项明细表 and history, the deadline in
// Beijing time, the downloads of the form, and the actions the signed-in clerk may take — the
// producer approves (narrowing) or rejects with a reason, the consumer submits, cancels, escalates
// a rejection (提请裁决) or a request left unanswered past its due date (提请协调), the bureau decides
// with the decisions that fit the ground.
import { useState, type ReactNode } from 'react';
import { App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { api, must } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatDate, formatTime } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { ApprovePanel } from './ApprovePanel';
import { DecideModal } from './DecideModal';
import { ReasonModal } from '../../components/ReasonModal';
import { RequestItems } from './RequestItems';
import { RequestTimeline } from './RequestTimeline';
import { SHARING_REQUEST_STATUSES, StatusTag } from '../../components/StatusTag';
import {
  BUREAU_DECISION_LABELS,
  DECISION_LABELS,
  DeadlineTag,
  ESCALATION_GROUND_LABELS,
  escalationGroundNow,
  SharingFrame,
  type SharingRequest,
} from './sharing';

type Dialog = 'reject' | 'escalate' | 'decide' | null;

export default function SharingRequestPage() {
  const { requestId = '' } = useParams();
  const { me, hasRole } = useSession();
  const v = useVocabularies();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [approving, setApproving] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const loaded = useLoad(async () => {
    const request = await must(api.GET('/api/v1/sharing-requests/{requestId}', { params: { path: { requestId } } }));
    // The entry says which items are sensitive and masked; the grant's terms which are released clear.
    const [entry, terms] = await Promise.all([
      must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId: request.resourceId } } })).catch(() => undefined),
      request.grantId
        ? must(api.GET('/api/v1/grants/{grantId}/terms', { params: { path: { grantId: request.grantId } } })).catch(() => undefined)
        : Promise.resolve(undefined),
    ]);
    return { request, entry, terms };
  }, [requestId]);

  const after = (done: SharingRequest, text: string) => {
    message.success(text.replace('{number}', done.number));
    setDialog(null);
    setApproving(false);
    loaded.reload();
  };
  const act = async (call: () => Promise<SharingRequest>, text: string) => {
    setActionError(undefined);
    try {
      after(await call(), text);
    } catch (failure) {
      setActionError(failure);
    }
  };

  if (loaded.error) {
    const notFound = loaded.error instanceof ApiProblem && loaded.error.status === 404;
    return (
      <SharingFrame>
        <Page title="共享申请">
          {notFound ? (
            <Result
              status="404"
              title="共享申请不存在或无权查看"
              subTitle={<ErrorAlert error={loaded.error} />}
              extra={<Link to={links.sharingRequests()}>返回共享申请列表</Link>}
            />
          ) : (
            <ErrorAlert error={loaded.error} />
          )}
        </Page>
      </SharingFrame>
    );
  }
  if (!loaded.data) return <Spin aria-label="加载中" />;
  const { request: r, entry, terms } = loaded.data;
  const path = { path: { requestId: r.id } };
  const isConsumer = hasRole('consumer') && me?.department.id === r.consumerDepartmentId;
  const isProducer = hasRole('producer') && me?.department.id === r.producerDepartmentId;
  const isBureau = hasRole('bureau');
  // 提请裁决 against a rejection, 提请协调 for a request left unanswered past its due date.
  const ground = escalationGroundNow(r);
  const escalateWord = ground === 'overdue' ? '协调' : '裁决';

  const actions = (
    <>
      {isProducer && r.status === 'pending' ? (
        <>
          <Button type="primary" onClick={() => setApproving(true)} disabled={approving}>
            同意
          </Button>
          <Button danger onClick={() => setDialog('reject')}>
            拒绝
          </Button>
        </>
      ) : null}
      {isConsumer && r.status === 'draft' ? (
        <Button onClick={() => navigate(links.editSharingRequestDraft(r.resourceId, r.id))}>修改草稿</Button>
      ) : null}
      {isConsumer && r.status === 'draft' ? (
        <Button
          type="primary"
          onClick={() => act(() => must(api.POST('/api/v1/sharing-requests/{requestId}/submit', { params: path })), '申请 {number} 已提交')}
        >
          提交申请
        </Button>
      ) : null}
      {isConsumer && (r.status === 'draft' || r.status === 'pending') ? (
        <Popconfirm
          title="撤回这份共享申请？"
          description="撤回后提供部门不再答复，如需使用须重新申请。"
          okText="撤回"
          cancelText="取消"
          okButtonProps={{ danger: true }}
          onConfirm={() =>
            act(() => must(api.POST('/api/v1/sharing-requests/{requestId}/cancel', { params: path })), '申请 {number} 已撤回')
          }
        >
          <Button danger>撤回申请</Button>
        </Popconfirm>
      ) : null}
      {isConsumer && ground ? <Button onClick={() => setDialog('escalate')}>{`提请${escalateWord}`}</Button> : null}
      {isBureau && r.status === 'escalated' ? (
        <Button type="primary" onClick={() => setDialog('decide')}>
          裁决
        </Button>
      ) : null}
      <a href={`/api/v1/sharing-requests/${r.id}/form.xlsx`} download>
        下载附件2（Excel）
      </a>
      <a href={`/api/v1/sharing-requests/${r.id}/form.pdf`} download>
        下载附件2（PDF）
      </a>
      <Button onClick={() => window.print()}>打印</Button>
    </>
  );

  const answer: Array<{ key: string; label: string; children: ReactNode; span?: number }> = [];
  if (r.decision) answer.push({ key: 'decision', label: '答复', children: DECISION_LABELS[r.decision] ?? r.decision });
  if (r.answeredAt) answer.push({ key: 'answeredAt', label: '答复时间', children: formatTime(r.answeredAt) });
  if (r.rejectReason) answer.push({ key: 'rejectReason', label: '拒绝理由', children: r.rejectReason, span: 2 });
  if (r.approvalComment) answer.push({ key: 'comment', label: '同意意见', children: r.approvalComment, span: 2 });
  if (r.approvedPeriodStart)
    answer.push({
      key: 'approvedPeriod',
      label: '核准使用期限',
      children: `${formatDate(r.approvedPeriodStart)} 至 ${formatDate(r.approvedPeriodEnd)}`,
    });
  if (r.grantId) answer.push({ key: 'grant', label: '授权', children: <Link to={links.grant(r.grantId)}>查看授权</Link> });
  if (r.escalationGround)
    answer.push({ key: 'ground', label: '申请协调事由', children: ESCALATION_GROUND_LABELS[r.escalationGround] ?? r.escalationGround });
  if (r.escalationReason)
    answer.push({
      key: 'escalation',
      label: r.escalationGround === 'overdue' ? '提请协调理由' : '提请裁决理由',
      children: r.escalationReason,
      span: 2,
    });
  if (r.bureauDecision)
    answer.push({
      key: 'bureau',
      label: '管理局裁决',
      children: `${BUREAU_DECISION_LABELS[r.bureauDecision] ?? r.bureauDecision}：${r.bureauReason ?? ''}`,
      span: 2,
    });

  return (
    <SharingFrame>
      <Page title={`共享申请 ${r.number}`} extra={actions}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <ErrorAlert error={actionError} />
          <Card title="数据共享应用（需求）表" size="small">
            <Descriptions
              bordered
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'number', label: '申请编号', children: r.number },
                { key: 'status', label: '状态', children: <StatusTag status={r.status} vocabulary={SHARING_REQUEST_STATUSES} /> },
                { key: 'resource', label: '信息资源名称', children: <Link to={links.entry(r.resourceId)}>{r.resourceName}</Link> },
                { key: 'code', label: '资源代码', children: r.resourceCode ?? '—' },
                { key: 'producer', label: '信息资源生产单位（提供部门）', children: r.producerDepartmentName },
                { key: 'consumer', label: '信息资源应用单位（使用部门）', children: r.consumerDepartmentName },
                { key: 'mode', label: '信息资源可提供方式', children: labelOf(v, 'provisionModes', r.provisionMode) },
                { key: 'type', label: '共享类型', children: labelOf(v, 'sharingTypes', r.sharingType) },
                { key: 'purpose', label: '申请用途', children: r.purpose, span: 2 },
                { key: 'basis', label: '申请依据', children: r.basis, span: 2 },
                { key: 'scope', label: '使用范围', children: r.scopeOfUse, span: 2 },
                { key: 'period', label: '申请使用期限', children: `${formatDate(r.periodStart)} 至 ${formatDate(r.periodEnd)}` },
                { key: 'submitted', label: '提交时间', children: formatTime(r.submittedAt) },
                { key: 'due', label: '答复期限（北京时间）', children: <DeadlineTag request={r} withTime />, span: 2 },
                ...answer,
              ]}
            />
          </Card>
          {approving ? (
            <ApprovePanel
              request={r}
              entryItems={entry?.items}
              onDone={() => {
                setApproving(false);
                loaded.reload();
              }}
              onCancel={() => setApproving(false)}
            />
          ) : null}
          <RequestItems request={r} entryItems={entry?.items} clearItems={terms?.clearItems} />
          <Card title="办理记录" size="small">
            <RequestTimeline request={r} />
          </Card>
        </Space>
        <ReasonModal
          open={dialog === 'reject'}
          title={`拒绝共享申请 ${r.number}`}
          label="拒绝理由"
          okText="确认拒绝"
          danger
          intro={<p>拒绝须说明理由，使用部门可据此提请大数据管理局裁决。</p>}
          onCancel={() => setDialog(null)}
          onSubmit={async (reason) =>
            after(
              await must(api.POST('/api/v1/sharing-requests/{requestId}/reject', { params: path, body: { reason } })),
              '已拒绝申请 {number}',
            )
          }
        />
        <ReasonModal
          open={dialog === 'escalate'}
          title={`提请大数据管理局${escalateWord}：${r.number}`}
          label={`提请${escalateWord}理由`}
          okText={`提请${escalateWord}`}
          intro={
            ground === 'overdue' ? (
              <p>
                申请协调事由：逾期未答复。提供部门未在答复期限 {formatDate(r.dueDate)} 前答复，已逾期 {r.overdueWorkingDays}{' '}
                个工作日。大数据管理局可责成授权，或责成提供部门限期答复。
              </p>
            ) : (
              <p>提供部门的拒绝理由：{r.rejectReason}</p>
            )
          }
          onCancel={() => setDialog(null)}
          onSubmit={async (reason) =>
            after(
              await must(api.POST('/api/v1/sharing-requests/{requestId}/escalate', { params: path, body: { reason } })),
              `申请 {number} 已提请${escalateWord}`,
            )
          }
        />
        <DecideModal
          open={dialog === 'decide'}
          request={r}
          onCancel={() => setDialog(null)}
          onSubmit={async (decision, reason) =>
            after(
              await must(api.POST('/api/v1/sharing-requests/{requestId}/decide', { params: path, body: { decision, reason } })),
              '已裁决申请 {number}',
            )
          }
        />
      </Page>
    </SharingFrame>
  );
}
