// The request's history from its own record: filed, submitted, due, answered, escalated (on a
// rejection, or unanswered past the due date), decided, cancelled — each in Beijing time. The record
// keeps the latest escalation and decision; earlier ones are in the audit trail.
import { Timeline } from 'antd';
import { formatTime } from '../../format';
import { BUREAU_DECISION_LABELS, DECISION_LABELS, type SharingRequest } from './sharing';

export function RequestTimeline({ request: r }: { request: SharingRequest }) {
  const events: Array<{ at: string; title: string; content?: string; color: string }> = [];
  events.push({ at: r.createdAt, title: '创建申请', content: `${r.consumerDepartmentName}填写数据共享应用（需求）表`, color: 'gray' });
  if (r.submittedAt) events.push({ at: r.submittedAt, title: '提交申请', content: `提交至${r.producerDepartmentName}`, color: 'blue' });
  if (r.answeredAt && r.decision) {
    const label = DECISION_LABELS[r.decision] ?? r.decision;
    const detail =
      r.decision === 'rejected' ? `理由：${r.rejectReason ?? '—'}` : r.approvalComment ? `意见：${r.approvalComment}` : undefined;
    events.push({
      at: r.answeredAt,
      title: `${r.decision === 'granted_by_rule' ? '' : '提供部门'}答复：${label}${r.answeredLate ? '（逾期答复）' : ''}`,
      content: detail,
      color: r.decision === 'rejected' ? 'red' : 'green',
    });
  }
  if (r.escalatedAt)
    events.push({
      at: r.escalatedAt,
      title: r.escalationGround === 'overdue' ? '逾期未答复，提请大数据管理局协调' : '提请大数据管理局裁决',
      content: `理由：${r.escalationReason ?? '—'}`,
      color: 'orange',
    });
  if (r.bureauDecidedAt && r.bureauDecision)
    events.push({
      at: r.bureauDecidedAt,
      title: `管理局裁决：${BUREAU_DECISION_LABELS[r.bureauDecision] ?? r.bureauDecision}`,
      content: `理由：${r.bureauReason ?? '—'}`,
      color: r.bureauDecision === 'grant' ? 'green' : r.bureauDecision === 'remand' ? 'blue' : 'red',
    });
  if (r.status === 'cancelled') events.push({ at: r.updatedAt, title: '使用部门撤回申请', color: 'gray' });
  events.sort((a, b) => a.at.localeCompare(b.at));
  const items = events.map((e, i) => ({
    key: i,
    color: e.color,
    title: formatTime(e.at),
    content: (
      <>
        <strong>{e.title}</strong>
        {e.content ? <div>{e.content}</div> : null}
      </>
    ),
  }));
  if (r.status === 'pending' && r.dueAt)
    items.push({
      key: events.length,
      color: r.overdue ? 'red' : 'gray',
      title: formatTime(r.dueAt),
      content: <strong>{r.overdue ? `答复期限已过（逾期 ${r.overdueWorkingDays} 个工作日）` : '答复期限'}</strong>,
    });
  return <Timeline items={items} />;
}
