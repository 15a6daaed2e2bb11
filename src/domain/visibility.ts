import { Actor, hasRole } from './actor';
import { PUBLIC_STATUSES } from './resource-workflow';

// Who may see what — one rule per kind of object (DESIGN: no department reads another's drafts,
// requests or data unless a rule gives that right). Each rule is given twice, from one place: as a
// check of one object in memory (`canSee…`), and as the restriction a store turns into SQL
// (`…Restriction`). test/db/visibility.test.ts proves on both databases that the two agree on
// every role × state × ownership.

// ---- catalog entries (信息资源目录) --------------------------------------------------------------

export interface EntryFacts {
  status: string;
  departmentId: string;
}

/** Everyone sees published and withdrawn entries; drafts, submitted and returned ones only their department and the bureau. */
export function canSeeEntry(actor: Actor, entry: EntryFacts): boolean {
  return (PUBLIC_STATUSES as string[]).includes(entry.status) || entry.departmentId === actor.departmentId || hasRole(actor, 'bureau');
}

/** The same rule for a query: entries of `publicStatuses`, or (unless `everything`) of `ownDepartmentId`. */
export interface EntryRestriction {
  everything: boolean;
  publicStatuses: readonly string[];
  ownDepartmentId: string;
}

export function entryRestriction(actor: Actor): EntryRestriction {
  return { everything: hasRole(actor, 'bureau'), publicStatuses: PUBLIC_STATUSES, ownDepartmentId: actor.departmentId };
}

// ---- sharing requests (数据共享申请) -------------------------------------------------------------

export interface RequestFacts {
  consumerDepartmentId: string;
  producerDepartmentId: string;
  /** Null until submitted: a draft — and a draft cancelled before submission — is the consumer's own. */
  submittedAt: string | null;
}

/** Its consumer department always; its producer department and the bureau once it has been submitted. */
export function canSeeRequest(actor: Actor, r: RequestFacts): boolean {
  const mine = actor.departmentId;
  return r.consumerDepartmentId === mine || (r.submittedAt !== null && (r.producerDepartmentId === mine || hasRole(actor, 'bureau')));
}

/** The same rule for a query: requests of `departmentId` as consumer; as producer, or any (`allSubmitted`), once submitted. */
export interface RequestRestriction {
  departmentId: string;
  allSubmitted: boolean;
}

export function requestRestriction(actor: Actor): RequestRestriction {
  return { departmentId: actor.departmentId, allSubmitted: hasRole(actor, 'bureau') };
}

// ---- grants (授权) ------------------------------------------------------------------------------

export interface GrantFacts {
  consumerDepartmentId: string;
  producerDepartmentId: string;
}

/** The two departments of a grant and the bureau. */
export function canSeeGrant(actor: Actor, g: GrantFacts): boolean {
  return hasRole(actor, 'bureau') || g.consumerDepartmentId === actor.departmentId || g.producerDepartmentId === actor.departmentId;
}

// ---- projects (信息化项目) and users -------------------------------------------------------------

/** The bureau sees every project; a department its own. */
export function canSeeProject(actor: Actor, p: { ownerDepartmentId: string }): boolean {
  return hasRole(actor, 'bureau') || p.ownerDepartmentId === actor.departmentId;
}

/** The bureau sees every user; a department its own staff. */
export function canSeeUser(actor: Actor, u: { departmentId: string }): boolean {
  return hasRole(actor, 'bureau') || u.departmentId === actor.departmentId;
}

/** The departments whose objects a query may return: null for all (the bureau), else the caller's. */
export function ownDepartmentOnly(actor: Actor): string | null {
  return hasRole(actor, 'bureau') ? null : actor.departmentId;
}
