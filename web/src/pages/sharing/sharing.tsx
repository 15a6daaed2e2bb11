// What the sharing pages share: the request's types, its status and deadline as tags, and the
// Chinese labels of the answers the vocabularies do not list.
import type { ReactNode } from 'react';
import type { components } from '@contract';
import { labelOf, type Vocabularies } from '../../components/vocabularies';
import { StatusTag } from '../../components/StatusTag';
import { formatDate, formatTime } from '../../format';
import './sharing.css';

export type SharingRequest = components['schemas']['SharingRequest'];
export type SharingRequestStatus = components['schemas']['SharingRequestStatus'];
export type Resource = components['schemas']['Resource'];
export type ResourceItem = components['schemas']['ResourceItem'];
export type GrantTerms = components['schemas']['GrantTerms'];

/** The sharing pages' frame: their stylesheet's scope. */
export function SharingFrame({ children }: { children: ReactNode }) {
  return <div className="sharing-page">{children}</div>;
}

/** 答复 (decision) and 裁决 (bureau decision) in Chinese, as the contract names them. */
export const DECISION_LABELS: Record<string, string> = { granted_by_rule: '按规则授权', approved: '同意', rejected: '拒绝' };
export const BUREAU_DECISION_LABELS: Record<string, string> = { uphold: '维持拒绝', grant: '责成授权', remand: '责成答复' };

/** 申请协调事由: why a request was put before the bureau. */
export const ESCALATION_GROUND_LABELS: Record<string, string> = { rejection: '被拒绝', overdue: '逾期未答复' };

/**
 * The ground on which the consumer may put this request before the bureau now: a rejection, or no
 * answer past the due date (the service's `overdue`); null when it may not.
 */
export function escalationGroundNow(r: SharingRequest): 'rejection' | 'overdue' | null {
  if (r.status === 'rejected') return 'rejection';
  if (r.status === 'pending' && r.overdue) return 'overdue';
  return null;
}

/** The reply deadline: 已逾期 N 个工作日 in red, or the due date; nothing once answered. */
export function DeadlineTag({ request, withTime = false }: { request: SharingRequest; withTime?: boolean }) {
  if (!request.dueDate) return <span>—</span>;
  const when = withTime && request.dueAt ? formatTime(request.dueAt) : formatDate(request.dueDate);
  const provisional = request.dueDateProvisional ? '（暂定）' : '';
  if (request.overdue)
    return (
      <StatusTag tone="red">
        已逾期 {request.overdueWorkingDays} 个工作日 · 期限 {when}
        {provisional}
      </StatusTag>
    );
  if (request.status === 'pending')
    return (
      <StatusTag tone="blue">
        答复期限 {when}
        {provisional}
      </StatusTag>
    );
  return (
    <span>
      {when}
      {provisional}
      {request.answeredLate ? <StatusTag tone="orange">逾期答复</StatusTag> : null}
    </span>
  );
}

/** The query role of an item (输入项 / 输出项), or — when the entry's items have none. */
export function queryRoleLabel(v: Vocabularies | undefined, role: string | null | undefined): string {
  return role ? labelOf(v, 'queryRoles', role) : '—';
}

/** How a granted item leaves the exchange, as releasedColumns decides: clear, masked or withheld. */
export function releaseOf(item: ResourceItem | undefined, clearItems: string[]): 'clear' | 'masked' | 'withheld' {
  if (!item?.sensitive || clearItems.includes(item.name)) return 'clear';
  return item.masking ? 'masked' : 'withheld';
}

export const RELEASE_LABELS = { clear: '明文', masked: '脱敏', withheld: '不提供（无脱敏规则）' } as const;
