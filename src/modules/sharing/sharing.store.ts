import { Knex } from 'knex';
import { Conn, Tx } from '../../db/database';
import { nextCounterValue } from '../../db/form-counters';
import { hotRow } from '../../db/hot-reads';
import { inChunks } from '../../db/in-chunks';
import { dialectOf } from '../../db/knex';
import { CursorValue, keysetPage, Page, PageRequest, SortSpec, sortBy } from '../../db/pagination';
import { RequestRestriction } from '../../domain/visibility';
import { Row, parseJson, toIso, toIsoOrNull } from '../../db/rows';
import { ConcurrentChangeError, LockMode, withLock, withRowVersion } from '../../db/versions';
import { DisputeDecision, EscalationGround, grantStatus, RequestedItem, SharingRequestStatus } from '../../domain/sharing-rules';
import { deadlineIsProvisional, overdueWorkingDays, shanghaiDate, WorkingDayCalendar } from '../../domain/working-days';
import { Schema } from '../../http/api-types';

export type SharingRequest = Schema<'SharingRequest'>;
export type Grant = Schema<'Grant'>;

/** The stored part of a request; names, deadline state and lateness are derived when read. */
export interface SharingRequestRecord {
  id: string;
  /** RJ-SQ-2026-000123: the number printed on forms (src/domain/form-numbers.ts). */
  number: string;
  status: SharingRequestStatus;
  resourceId: string;
  producerDepartmentId: string;
  consumerDepartmentId: string;
  requestedBy: string;
  provisionMode: string;
  items: RequestedItem[];
  purpose: string;
  basis: string;
  scopeOfUse: string;
  periodStart: string;
  periodEnd: string;
  submittedAt: string | null;
  dueDate: string | null;
  dueAt: string | null;
  /** The instant the reply deadline is counted from: the submission, or the bureau's latest order to answer (remand). */
  dueCountedFrom: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
  decision: 'granted_by_rule' | 'approved' | 'rejected' | null;
  rejectReason: string | null;
  approvalComment: string | null;
  approvedItems: RequestedItem[] | null;
  approvedPeriodStart: string | null;
  approvedPeriodEnd: string | null;
  escalatedAt: string | null;
  escalationReason: string | null;
  /** Why it was last escalated: a rejection, or no answer by the due date. */
  escalationGround: EscalationGround | null;
  bureauDecision: DisputeDecision | null;
  bureauReason: string | null;
  bureauDecidedAt: string | null;
  bureauDecidedBy: string | null;
  grantId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GrantRecord {
  id: string;
  requestId: string;
  status: 'active' | 'revoked' | 'suspended';
  resourceId: string;
  producerDepartmentId: string;
  consumerDepartmentId: string;
  provisionMode: string;
  items: RequestedItem[];
  purpose: string;
  scopeOfUse: string;
  validFrom: string;
  validUntil: string;
  grantedBy: 'rule' | 'producer' | 'bureau';
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  suspendedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function toRequestRecord(row: Row): SharingRequestRecord {
  return {
    id: row.id as string,
    number: row.number as string,
    status: row.status as SharingRequestStatus,
    resourceId: row.resource_id as string,
    producerDepartmentId: row.producer_department_id as string,
    consumerDepartmentId: row.consumer_department_id as string,
    requestedBy: row.requested_by as string,
    provisionMode: row.provision_mode as string,
    items: parseJson<RequestedItem[]>(row.items_json, []),
    purpose: row.purpose as string,
    basis: row.basis as string,
    scopeOfUse: row.scope_of_use as string,
    periodStart: row.period_start as string,
    periodEnd: row.period_end as string,
    submittedAt: toIsoOrNull(row.submitted_at),
    dueDate: str(row.due_date),
    dueAt: toIsoOrNull(row.due_at),
    dueCountedFrom: toIsoOrNull(row.due_counted_from),
    answeredAt: toIsoOrNull(row.answered_at),
    answeredBy: str(row.answered_by),
    decision: (row.decision as SharingRequestRecord['decision']) ?? null,
    rejectReason: str(row.reject_reason),
    approvalComment: str(row.approval_comment),
    approvedItems: parseJson<RequestedItem[] | null>(row.approved_items_json, null),
    approvedPeriodStart: str(row.approved_period_start),
    approvedPeriodEnd: str(row.approved_period_end),
    escalatedAt: toIsoOrNull(row.escalated_at),
    escalationReason: str(row.escalation_reason),
    escalationGround: (row.escalation_ground as EscalationGround | null) ?? null,
    bureauDecision: (row.bureau_decision as SharingRequestRecord['bureauDecision']) ?? null,
    bureauReason: str(row.bureau_reason),
    bureauDecidedAt: toIsoOrNull(row.bureau_decided_at),
    bureauDecidedBy: str(row.bureau_decided_by),
    grantId: str(row.grant_id),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

function requestRow(r: SharingRequestRecord): Row {
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    resource_id: r.resourceId,
    producer_department_id: r.producerDepartmentId,
    consumer_department_id: r.consumerDepartmentId,
    requested_by: r.requestedBy,
    provision_mode: r.provisionMode,
    items_json: JSON.stringify(r.items),
    purpose: r.purpose,
    basis: r.basis,
    scope_of_use: r.scopeOfUse,
    period_start: r.periodStart,
    period_end: r.periodEnd,
    submitted_at: r.submittedAt,
    due_date: r.dueDate,
    due_at: r.dueAt,
    due_counted_from: r.dueCountedFrom,
    answered_at: r.answeredAt,
    answered_by: r.answeredBy,
    decision: r.decision,
    reject_reason: r.rejectReason,
    approval_comment: r.approvalComment,
    approved_items_json: r.approvedItems ? JSON.stringify(r.approvedItems) : null,
    approved_period_start: r.approvedPeriodStart,
    approved_period_end: r.approvedPeriodEnd,
    escalated_at: r.escalatedAt,
    escalation_reason: r.escalationReason,
    escalation_ground: r.escalationGround,
    bureau_decision: r.bureauDecision,
    bureau_reason: r.bureauReason,
    bureau_decided_at: r.bureauDecidedAt,
    bureau_decided_by: r.bureauDecidedBy,
    grant_id: r.grantId,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

/** The API's view of a request: names joined in, and whether and how long it is overdue now. */
export function toSharingRequest(row: Row, calendar: WorkingDayCalendar, now: Date): SharingRequest {
  const r = toRequestRecord(row);
  const overdue = r.status === 'pending' && r.dueAt !== null && now.getTime() > new Date(r.dueAt).getTime();
  const { bureauDecidedBy: _by, dueCountedFrom: _from, ...shown } = r;
  return withRowVersion(
    {
      ...shown,
      provisionMode: r.provisionMode as SharingRequest['provisionMode'],
      resourceCode: str(row.resource_code),
      resourceName: row.resource_name as string,
      sharingType: row.resource_sharing_type as SharingRequest['sharingType'],
      producerDepartmentName: row.producer_department_name as string,
      consumerDepartmentName: row.consumer_department_name as string,
      overdue,
      overdueWorkingDays: overdue && r.dueDate ? overdueWorkingDays(r.dueDate, now, calendar) : 0,
      dueDateProvisional: deadlineIsProvisional(r.dueCountedFrom ?? r.submittedAt, r.dueDate, calendar),
      answeredLate: r.answeredAt && r.dueAt ? new Date(r.answeredAt).getTime() > new Date(r.dueAt).getTime() : null,
    },
    row.row_version as number,
  );
}

export function toGrantRecord(row: Row): GrantRecord {
  return {
    id: row.id as string,
    requestId: row.request_id as string,
    status: row.status as GrantRecord['status'],
    resourceId: row.resource_id as string,
    producerDepartmentId: row.producer_department_id as string,
    consumerDepartmentId: row.consumer_department_id as string,
    provisionMode: row.provision_mode as string,
    items: parseJson<RequestedItem[]>(row.items_json, []),
    purpose: row.purpose as string,
    scopeOfUse: row.scope_of_use as string,
    validFrom: row.valid_from as string,
    validUntil: row.valid_until as string,
    grantedBy: row.granted_by as GrantRecord['grantedBy'],
    revokedAt: toIsoOrNull(row.revoked_at),
    revokedBy: str(row.revoked_by),
    revokeReason: str(row.revoke_reason),
    suspendedAt: toIsoOrNull(row.suspended_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export function toGrant(row: Row, now: Date): Grant {
  const g = toGrantRecord(row);
  const { updatedAt: _u, ...shown } = g;
  return {
    ...shown,
    status: grantStatus(g.status, g.validUntil, shanghaiDate(now)),
    provisionMode: g.provisionMode as Grant['provisionMode'],
    resourceCode: str(row.resource_code),
    resourceName: row.resource_name as string,
    producerDepartmentName: row.producer_department_name as string,
    consumerDepartmentName: row.consumer_department_name as string,
  };
}

// Urgency: requests awaiting an answer first, the earliest due (the most overdue) first; then the
// rest, most recently changed first.
const urgency: SortSpec = {
  name: 'urgency',
  keys: [
    { sql: "CASE WHEN s.status = 'pending' THEN 0 ELSE 1 END", type: 'integer', direction: 'asc' },
    { sql: "CASE WHEN s.status = 'pending' THEN s.due_date ELSE '' END", type: 'text', direction: 'asc' },
    { sql: 's.updated_at', type: 'timestamp', direction: 'desc' },
    { sql: 's.id', type: 'text', direction: 'desc' },
  ],
};
const requestSorts: Record<RequestSort, { spec: SortSpec; keyOf: (row: Row) => CursorValue[] }> = {
  urgency: {
    spec: urgency,
    keyOf: (r) => [r.status === 'pending' ? 0 : 1, r.status === 'pending' ? String(r.due_date) : '', toIso(r.updated_at), r.id as string],
  },
  '-updatedAt': {
    spec: sortBy('-updatedAt', 's.updated_at', 'desc', 's.id', 'timestamp'),
    keyOf: (r) => [toIso(r.updated_at), r.id as string],
  },
  '-createdAt': {
    spec: sortBy('-createdAt', 's.created_at', 'desc', 's.id', 'timestamp'),
    keyOf: (r) => [toIso(r.created_at), r.id as string],
  },
};
/** The names a grant is shown with, joined in by every read of grants. */
const GRANT_NAMES = [
  '(SELECT code FROM resources WHERE id = g.resource_id) AS resource_code',
  '(SELECT name FROM resources WHERE id = g.resource_id) AS resource_name',
  '(SELECT name FROM departments WHERE id = g.producer_department_id) AS producer_department_name',
  '(SELECT name FROM departments WHERE id = g.consumer_department_id) AS consumer_department_name',
];
const GRANT_BY_ID_SQL = `SELECT g.*, ${GRANT_NAMES.join(', ')} FROM grants AS g WHERE g.id = ?`;

const grantsNewestFirst = sortBy('-createdAt', 'g.created_at', 'desc', 'g.id', 'timestamp');

export type RequestSort = 'urgency' | '-updatedAt' | '-createdAt';

/** The filters of the request list (the contract's listSharingRequests query, without paging). */
export interface RequestFilters {
  side?: 'incoming' | 'outgoing';
  status?: string[];
  overdue?: boolean;
  resourceId?: string;
  departmentId?: string;
  /** Exactly this number (RJ-SQ-2026-000123). */
  number?: string;
}

export interface GrantFilters {
  side?: 'incoming' | 'outgoing';
  status?: string[];
  resourceId?: string;
}

/** Oldest first, as the numbers were handed out. */
const byCreation = (a: Row, b: Row) =>
  toIso(a.created_at).localeCompare(toIso(b.created_at)) || String(a.number).localeCompare(String(b.number));

type StatsRow = Row & { department_id: string; department_name: string };

export class SharingStore {
  // The names shown with a request or grant come from scalar subqueries, not joins: SQLite reads
  // them faster than a wide joined row (bench/RESULTS.md, 2026-11-22 session 4 item 4, and
  // 2026-12-04 session 6, later), and every row has its resource and departments (foreign keys),
  // so nothing is lost that an inner join would have dropped.
  requestQuery(db: Conn): Knex.QueryBuilder {
    return db('sharing_requests as s').select(
      's.*',
      db.raw('(SELECT code FROM resources WHERE id = s.resource_id) AS resource_code'),
      db.raw('(SELECT name FROM resources WHERE id = s.resource_id) AS resource_name'),
      db.raw('(SELECT sharing_type FROM resources WHERE id = s.resource_id) AS resource_sharing_type'),
      db.raw('(SELECT name FROM departments WHERE id = s.producer_department_id) AS producer_department_name'),
      db.raw('(SELECT name FROM departments WHERE id = s.consumer_department_id) AS consumer_department_name'),
    );
  }

  grantQuery(db: Conn): Knex.QueryBuilder {
    return db('grants as g').select('g.*', ...GRANT_NAMES.map((name) => db.raw(name)));
  }

  /** A request's row; with `lock`, locked for the rest of the caller's transaction first (PostgreSQL). */
  /**
   * Requests `seen` may see (src/domain/visibility.ts, canSeeRequest, as SQL) under the filters, a
   * page in the given order; rows with names joined in, for toSharingRequest.
   */
  listRequests(db: Conn, seen: RequestRestriction, f: RequestFilters, sort: RequestSort, page: PageRequest, now: Date): Promise<Page<Row>> {
    const qb = this.requestQuery(db);
    const mine = seen.departmentId;
    if (f.side === 'incoming') qb.where('s.producer_department_id', mine).whereNotNull('s.submitted_at');
    else if (f.side === 'outgoing') qb.where('s.consumer_department_id', mine);
    else if (seen.allSubmitted) qb.where((w) => w.whereNotNull('s.submitted_at').orWhere('s.consumer_department_id', mine));
    else
      qb.where((w) =>
        w.where('s.consumer_department_id', mine).orWhere((p) => p.where('s.producer_department_id', mine).whereNotNull('s.submitted_at')),
      );
    if (f.status?.length) qb.whereIn('s.status', f.status);
    if (f.overdue !== undefined) {
      const at = now.toISOString();
      if (f.overdue) qb.where('s.status', 'pending').where('s.due_at', '<', at);
      else qb.where((w) => w.whereNot('s.status', 'pending').orWhere('s.due_at', '>=', at));
    }
    if (f.resourceId) qb.where('s.resource_id', f.resourceId);
    if (f.number) qb.where('s.number', f.number.trim());
    if (f.departmentId) {
      const d = f.departmentId;
      qb.where((w) => w.where('s.producer_department_id', d).orWhere('s.consumer_department_id', d));
    }
    const order = requestSorts[sort];
    return keysetPage(qb, dialectOf(db), order.spec, page, order.keyOf, (r: Row) => r);
  }

  /** Counts of submitted requests per department, as producer (incoming) and consumer (outgoing), and the city's totals. */
  async stats(db: Conn, now: Date): Promise<Schema<'SharingRequestStats'>> {
    const at = now.toISOString();
    const count = (cond: string) => db.raw(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`);
    const side = async (column: string) =>
      (await db('sharing_requests as s')
        .join('departments as d', 'd.id', column)
        .whereNotNull('s.submitted_at')
        .groupBy(column, 'd.name')
        .select(`${column} as department_id`, 'd.name as department_name')
        .select({
          pending: count("s.status = 'pending'"),
          overdue: db.raw("SUM(CASE WHEN s.status = 'pending' AND s.due_at < ? THEN 1 ELSE 0 END)", [at]),
          approved: count("s.status = 'approved'"),
          // An escalation on a rejection is still a rejection; one on an unanswered request is not.
          rejected: count("s.status IN ('rejected', 'rejection_upheld') OR (s.status = 'escalated' AND s.escalation_ground = 'rejection')"),
          escalated: count("s.status = 'escalated'"),
        })) as StatsRow[];
    const [incoming, outgoing] = await Promise.all([side('s.producer_department_id'), side('s.consumer_department_id')]);
    type DepartmentStats = Schema<'SharingRequestStats'>['departments'][number];
    const byDepartment = new Map<string, DepartmentStats>();
    const entry = (r: StatsRow): DepartmentStats => {
      let e = byDepartment.get(r.department_id);
      if (!e) {
        e = {
          departmentId: r.department_id,
          departmentName: r.department_name,
          incomingPending: 0,
          incomingOverdue: 0,
          incomingApproved: 0,
          incomingRejected: 0,
          outgoingPending: 0,
          outgoingApproved: 0,
          outgoingRejected: 0,
          escalated: 0,
        };
        byDepartment.set(r.department_id, e);
      }
      return e;
    };
    for (const r of incoming) {
      const e = entry(r);
      e.incomingPending = Number(r.pending);
      e.incomingOverdue = Number(r.overdue);
      e.incomingApproved = Number(r.approved);
      e.incomingRejected = Number(r.rejected);
      e.escalated = Number(r.escalated);
    }
    for (const r of outgoing) {
      const e = entry(r);
      e.outgoingPending = Number(r.pending);
      e.outgoingApproved = Number(r.approved);
      e.outgoingRejected = Number(r.rejected);
    }
    const departments = [...byDepartment.values()].sort(
      (a, b) =>
        b.incomingOverdue - a.incomingOverdue || b.incomingPending - a.incomingPending || a.departmentName.localeCompare(b.departmentName),
    );
    const sum = (f: (r: StatsRow) => number) => incoming.reduce((total, r) => total + f(r), 0);
    return {
      departments,
      totals: {
        pending: sum((r) => Number(r.pending)),
        overdue: sum((r) => Number(r.overdue)),
        approved: sum((r) => Number(r.approved)),
        rejected: sum((r) => Number(r.rejected)),
        escalated: sum((r) => Number(r.escalated)),
      },
    };
  }

  /**
   * Grants of `departmentId` as either party (null: all, the bureau), newest first; `today` (Beijing)
   * tells active from expired, which is derived, not stored.
   */
  listGrants(db: Conn, departmentId: string | null, f: GrantFilters, today: string, page: PageRequest): Promise<Page<Row>> {
    const qb = this.grantQuery(db);
    const mine = departmentId;
    if (f.side === 'incoming') qb.where('g.producer_department_id', mine ?? '');
    else if (f.side === 'outgoing') qb.where('g.consumer_department_id', mine ?? '');
    else if (mine) qb.where((w) => w.where('g.consumer_department_id', mine).orWhere('g.producer_department_id', mine));
    if (f.resourceId) qb.where('g.resource_id', f.resourceId);
    if (f.status?.length) {
      const statuses = f.status;
      qb.where((w) => {
        if (statuses.includes('active')) w.orWhere((a) => a.where('g.status', 'active').where('g.valid_until', '>=', today));
        if (statuses.includes('expired')) w.orWhere((a) => a.where('g.status', 'active').where('g.valid_until', '<', today));
        const stored = statuses.filter((s) => s === 'revoked' || s === 'suspended');
        if (stored.length) w.orWhereIn('g.status', stored);
      });
    }
    return keysetPage(
      qb,
      dialectOf(db),
      grantsNewestFirst,
      page,
      (r: Row) => [toIso(r.created_at), r.id as string],
      (r: Row) => r,
    );
  }

  /** Which of the entries have a request past draft (not cancelled) or a grant on file. */
  async entriesWithSharingOnFile(db: Conn, resourceIds: string[]): Promise<Set<string>> {
    if (resourceIds.length === 0) return new Set();
    const requested: Row[] = await inChunks(resourceIds, (ids) =>
      db('sharing_requests').whereIn('resource_id', ids).whereNotIn('status', ['draft', 'cancelled']).distinct('resource_id'),
    );
    const granted: Row[] = await inChunks(resourceIds, (ids) => db('grants').whereIn('resource_id', ids).distinct('resource_id'));
    return new Set([...requested, ...granted].map((r) => r.resource_id as string));
  }

  /** The ids of the requests on file (past draft, not cancelled) for the entries. */
  async requestIdsOnFile(db: Conn, resourceIds: string[]): Promise<string[]> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await db('sharing_requests')
      .whereIn('resource_id', resourceIds)
      .whereNotIn('status', ['draft', 'cancelled'])
      .select('id');
    return rows.map((r) => r.id as string);
  }

  /**
   * The requests on file (past draft, not cancelled) for the entries, with names joined in, in the
   * order of their numbers (the project-level 附件2).
   */
  async requestsOnFile(db: Conn, resourceIds: string[]): Promise<Row[]> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await inChunks(resourceIds, (ids) =>
      this.requestQuery(db).whereIn('s.resource_id', ids).whereNotIn('s.status', ['draft', 'cancelled']),
    );
    return rows.sort(byCreation);
  }

  /** The next counter of sharing-request numbers in the year (Beijing), taken in the creating transaction. */
  nextRequestNumber(trx: Tx, year: number): Promise<number> {
    return nextCounterValue(trx, 'SQ', year);
  }

  async findRequestRow(db: Conn, id: string, lock?: LockMode): Promise<Row | null> {
    const q = this.requestQuery(db).where('s.id', id);
    return (await (lock ? withLock(db, q, lock) : q).first()) ?? null;
  }

  /** A new request's row; `rowVersion` 2 for one filed in one step, as if created and then submitted. */
  async insertRequest(trx: Tx, r: SharingRequestRecord, rowVersion = 1): Promise<void> {
    await trx('sharing_requests').insert({ ...requestRow(r), row_version: rowVersion });
  }

  /** Writes a request decided on at version `decidedAt`; 409 if the row has moved since. */
  async updateRequest(trx: Tx, r: SharingRequestRecord, decidedAt: number): Promise<void> {
    const { id: _id, created_at: _c, ...changes } = requestRow(r);
    const updated = await trx('sharing_requests')
      .where({ id: r.id, row_version: decidedAt })
      .update({ ...changes, row_version: decidedAt + 1 });
    if (updated !== 1) throw new ConcurrentChangeError();
  }

  /** A grant's row; with `lock`, locked for the rest of the caller's transaction first (PostgreSQL). */
  async findGrantRow(db: Conn, id: string, lock?: LockMode): Promise<Row | null> {
    // Unlocked, a hot read: every exchange call reads its grant (src/db/hot-reads.ts).
    if (!lock) return (await hotRow(db, GRANT_BY_ID_SQL, [id])) ?? null;
    return (await withLock(db, this.grantQuery(db).where('g.id', id), lock).first()) ?? null;
  }

  async insertGrant(trx: Tx, g: GrantRecord): Promise<void> {
    await trx('grants').insert({
      id: g.id,
      request_id: g.requestId,
      status: g.status,
      resource_id: g.resourceId,
      producer_department_id: g.producerDepartmentId,
      consumer_department_id: g.consumerDepartmentId,
      provision_mode: g.provisionMode,
      items_json: JSON.stringify(g.items),
      purpose: g.purpose,
      scope_of_use: g.scopeOfUse,
      valid_from: g.validFrom,
      valid_until: g.validUntil,
      granted_by: g.grantedBy,
      revoked_at: g.revokedAt,
      revoked_by: g.revokedBy,
      revoke_reason: g.revokeReason,
      suspended_at: g.suspendedAt,
      created_at: g.createdAt,
      updated_at: g.updatedAt,
    });
  }

  /** Revokes a grant that is still active; false when it no longer is (someone else acted first). */
  async revokeGrant(trx: Tx, id: string, by: string, reason: string, at: string): Promise<boolean> {
    const updated = await trx('grants')
      .where({ id, status: 'active' })
      .update({ status: 'revoked', revoked_at: at, revoked_by: by, revoke_reason: reason, updated_at: at });
    return updated === 1;
  }

  /**
   * Withdrawing an entry suspends its active grants; returns the ids suspended. The grants are
   * locked before they are counted, so one revoked meanwhile is neither suspended nor reported.
   */
  async suspendGrantsOfResource(trx: Tx, resourceId: string, at: string): Promise<string[]> {
    const rows: Row[] = await withLock(trx, trx('grants').where({ resource_id: resourceId, status: 'active' }).select('id'));
    const ids = rows.map((r) => r.id as string);
    if (ids.length > 0)
      await trx('grants').whereIn('id', ids).where({ status: 'active' }).update({ status: 'suspended', suspended_at: at, updated_at: at });
    return ids;
  }

  async pendingRequests(trx: Tx): Promise<SharingRequestRecord[]> {
    const rows: Row[] = await trx('sharing_requests').where({ status: 'pending' });
    return rows.map(toRequestRecord);
  }

  /** Moves the deadline of a request still awaiting its answer; false when it no longer awaits one. */
  async setDeadline(trx: Tx, id: string, dueDate: string, dueAt: string): Promise<boolean> {
    const updated = await trx('sharing_requests')
      .where({ id, status: 'pending' })
      .update({ due_date: dueDate, due_at: dueAt, row_version: trx.raw('row_version + 1') });
    return updated === 1;
  }

  // ---- for the notifications area ----------------------------------------------------------

  /** Requests awaiting an answer, soonest deadline first (the (status, due_at) index serves it), with names joined in. */
  awaitingAnswerRows(db: Conn, limit: number): Promise<Row[]> {
    return this.requestQuery(db)
      .where('s.status', 'pending')
      .orderBy([{ column: 's.due_at' }, { column: 's.id' }])
      .limit(limit);
  }

  /** These requests' rows with names joined in. */
  async requestRowsByIds(db: Conn, ids: string[]): Promise<Row[]> {
    return inChunks(ids, (chunk) => this.requestQuery(db).whereIn('s.id', chunk));
  }
}
