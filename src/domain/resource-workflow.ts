// The catalog entry's review workflow (目录审核发布):
//   draft ─submit→ submitted ─publish→ published ─withdraw→ withdrawn
//                      └─return→ returned ─submit→ submitted
// Drafts and returned entries are edited freely; a published entry is edited with a reason and
// every such change is a new version (docs/domain.md rule 6; Sanming art. 21: no silent change of attributes).

export type ResourceStatus = 'draft' | 'submitted' | 'published' | 'returned' | 'withdrawn';
export type ResourceAction = 'submit' | 'publish' | 'return' | 'withdraw';

const transitions: Record<ResourceAction, { from: ResourceStatus[]; to: ResourceStatus }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  publish: { from: ['submitted'], to: 'published' },
  return: { from: ['submitted'], to: 'returned' },
  withdraw: { from: ['published'], to: 'withdrawn' },
};

/** The status after the action, or null when the action is not allowed from this status. */
export function nextStatus(current: ResourceStatus, action: ResourceAction): ResourceStatus | null {
  const t = transitions[action];
  return t.from.includes(current) ? t.to : null;
}

export function allowedFrom(action: ResourceAction): ResourceStatus[] {
  return [...transitions[action].from];
}

export type EditMode = 'free' | 'versioned' | 'locked';

export function editModeOf(status: ResourceStatus): EditMode {
  if (status === 'draft' || status === 'returned') return 'free';
  if (status === 'published') return 'versioned';
  return 'locked';
}

/** Statuses anyone may read; the others only the owning department and the bureau. */
export const PUBLIC_STATUSES: ResourceStatus[] = ['published', 'withdrawn'];
