import { FieldError } from '../errors';
import { normalizeItemName } from './text';

// Rules of a sharing request (数据共享应用（需求）表, docs/domain.md rules 7–9 and 17; Guangyuan
// art. 19, Fuzhou 附件2). Pure: the service hands in the entry as it is now and the request as
// filed, and gets back every reason to refuse.

export type SharingRequestStatus = 'draft' | 'pending' | 'approved' | 'rejected' | 'escalated' | 'rejection_upheld' | 'cancelled';
export type SharingAction = 'edit' | 'submit' | 'cancel' | 'approve' | 'reject' | 'escalate' | 'decide';

//   draft ─submit→ pending ─approve→ approved
//     │   (unconditional: submit → approved, granted by rule)
//     │               ├─reject→ rejected ─escalate→ escalated ─decide(grant)→ approved
//     │               │          (ground: rejection)     └─decide(uphold)→ rejection_upheld
//     │               └─escalate, once overdue→ escalated ─decide(grant)→ approved
//     │                  (ground: overdue)             └─decide(remand)→ pending, with a new due date
//     └─cancel (draft or pending)→ cancelled
// A pending request may be escalated only past its due date (escalationGround); the decisions open
// to the bureau follow the ground (decisionsFor). While escalated nobody else acts on the request.
const allowedFrom: Record<SharingAction, SharingRequestStatus[]> = {
  edit: ['draft'],
  submit: ['draft'],
  cancel: ['draft', 'pending'],
  approve: ['pending'],
  reject: ['pending'],
  escalate: ['rejected', 'pending'],
  decide: ['escalated'],
};

export function canTake(status: SharingRequestStatus, action: SharingAction): boolean {
  return allowedFrom[action].includes(status);
}

export function statusesAllowing(action: SharingAction): SharingRequestStatus[] {
  return [...allowedFrom[action]];
}

/** Why a request was put before the bureau: 被拒绝 (a refusal) or 逾期未答复 (no answer by the due date). */
export type EscalationGround = 'rejection' | 'overdue';
/** The bureau's decisions: 维持拒绝, 责成授权, 责成答复. */
export type DisputeDecision = 'uphold' | 'grant' | 'remand';

/**
 * On what ground a request may be escalated now: a rejected one for its rejection, a pending one
 * once `now` is past its due instant (the service's clock); null when it may not be — a pending
 * request not yet overdue (the service answers not_overdue), or any other state (invalid_state).
 */
export function escalationGround(request: { status: SharingRequestStatus; dueAt: string | null }, now: Date): EscalationGround | null {
  if (request.status === 'rejected') return 'rejection';
  if (request.status === 'pending' && request.dueAt !== null && now.getTime() > new Date(request.dueAt).getTime()) return 'overdue';
  return null;
}

/** The decisions that answer an escalation on this ground: a rejection is upheld or overruled; an unanswered request is granted or sent back for an answer. */
export function decisionsFor(ground: EscalationGround): DisputeDecision[] {
  return ground === 'rejection' ? ['uphold', 'grant'] : ['grant', 'remand'];
}

/** Where a decision leaves the request. */
export function statusAfterDecision(decision: DisputeDecision): SharingRequestStatus {
  return decision === 'uphold' ? 'rejection_upheld' : decision === 'grant' ? 'approved' : 'pending';
}

export interface EntryForRequest {
  status: string;
  departmentId: string;
  sharingType: string | null;
  sharingBasis: string | null;
  provisionModes: Array<{ mode: string }>;
  items: Array<{ name: string; queryRole?: 'input' | 'output' | null }>;
}

export interface RequestInput {
  consumerDepartmentId: string;
  provisionMode: string;
  items: string[];
  periodStart: string;
  periodEnd: string;
}

export interface RequestedItem {
  name: string;
  queryRole: 'input' | 'output' | null;
}

/** Every reason the request cannot be filed against this entry; the first is the headline. */
export function requestProblems(entry: EntryForRequest, input: RequestInput): Array<FieldError & { code: string }> {
  const problems: Array<FieldError & { code: string }> = [];
  if (entry.status === 'withdrawn') {
    problems.push({ path: '/resourceId', code: 'resource_withdrawn', message: '该信息资源已撤销，不能申请 (the entry is withdrawn)' });
    return problems;
  }
  if (entry.status !== 'published') {
    problems.push({
      path: '/resourceId',
      code: 'resource_not_published',
      message: '只能申请已发布的信息资源 (only published entries can be requested)',
    });
    return problems;
  }
  if (entry.sharingType === 'not_shared') {
    problems.push({
      path: '/resourceId',
      code: 'not_shared',
      message: `该信息资源不予共享，依据：${entry.sharingBasis ?? '（未填写）'} (the entry is not shared)`,
    });
    return problems;
  }
  if (entry.departmentId === input.consumerDepartmentId) {
    problems.push({
      path: '/resourceId',
      code: 'own_resource',
      message: "本部门的信息资源无需申请共享 (the entry is your own department's)",
    });
  }
  if (!entry.provisionModes.some((m) => m.mode === input.provisionMode)) {
    problems.push({
      path: '/provisionMode',
      code: 'mode_not_offered',
      message: `该信息资源不提供此方式：${input.provisionMode}，可选：${entry.provisionModes.map((m) => m.mode).join('、')} (the entry does not offer this provision mode)`,
    });
  }
  const known = new Map(entry.items.map((i) => [normalizeItemName(i.name), i]));
  input.items.forEach((name, i) => {
    if (!known.has(normalizeItemName(name))) {
      problems.push({
        path: `/items/${i}`,
        code: 'unknown_item',
        message: `该信息资源没有信息项“${name}” (the entry has no such data item)`,
      });
    }
  });
  if (input.provisionMode === 'query_api' && problems.every((p) => p.code !== 'unknown_item')) {
    const roles = input.items.map((n) => known.get(normalizeItemName(n))?.queryRole);
    if (!roles.includes('input'))
      problems.push({
        path: '/items',
        code: 'query_input_required',
        message: '信息查询接口须申请至少一个输入项 (a query needs an input item)',
      });
    if (!roles.includes('output'))
      problems.push({
        path: '/items',
        code: 'query_output_required',
        message: '信息查询接口须申请至少一个输出项 (a query needs an output item)',
      });
  }
  if (input.periodEnd < input.periodStart) {
    problems.push({
      path: '/periodEnd',
      code: 'period_reversed',
      message: '使用期限的结束日期早于开始日期 (the period ends before it starts)',
    });
  }
  return problems;
}

/** The requested items as the entry names them, with their query roles (信息项明细表). */
export function resolveItems(entry: EntryForRequest, names: string[]): RequestedItem[] {
  const known = new Map(entry.items.map((i) => [normalizeItemName(i.name), i]));
  return names.map((n) => {
    const item = known.get(normalizeItemName(n));
    return { name: item?.name ?? n, queryRole: item?.queryRole ?? null };
  });
}

/** An approval may narrow what was requested, never widen it. */
export function narrowingProblems(
  requested: { items: RequestedItem[]; periodStart: string; periodEnd: string },
  approval: { items?: string[]; periodStart?: string; periodEnd?: string },
): Array<FieldError & { code: string }> {
  const problems: Array<FieldError & { code: string }> = [];
  const names = new Set(requested.items.map((i) => normalizeItemName(i.name)));
  (approval.items ?? []).forEach((n, i) => {
    if (!names.has(normalizeItemName(n)))
      problems.push({
        path: `/items/${i}`,
        code: 'widens_items',
        message: `“${n}”不在申请的信息项中，批准只能缩小范围 (an approval cannot add items)`,
      });
  });
  const start = approval.periodStart ?? requested.periodStart;
  const end = approval.periodEnd ?? requested.periodEnd;
  if (start < requested.periodStart)
    problems.push({
      path: '/periodStart',
      code: 'widens_period',
      message: '批准的开始日期早于申请 (an approval cannot extend the period)',
    });
  if (end > requested.periodEnd)
    problems.push({ path: '/periodEnd', code: 'widens_period', message: '批准的结束日期晚于申请 (an approval cannot extend the period)' });
  if (end < start)
    problems.push({ path: '/periodEnd', code: 'period_reversed', message: '结束日期早于开始日期 (the period ends before it starts)' });
  return problems;
}

export type GrantStatus = 'active' | 'expired' | 'revoked' | 'suspended';

/** A grant's state today: revocation and suspension are recorded; expiry follows from the date. */
export function grantStatus(stored: 'active' | 'revoked' | 'suspended', validUntil: string, today: string): GrantStatus {
  if (stored !== 'active') return stored;
  return today > validUntil ? 'expired' : 'active';
}
