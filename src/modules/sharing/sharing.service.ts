import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Clock } from '../../clock';
import { dialectOf } from '../../db/knex';
import { applyKeyset, CursorValue, pageOf, SortSpec, sortBy } from '../../db/pagination';
import { toIso } from '../../db/rows';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import {
  canTake,
  narrowingProblems,
  requestProblems,
  resolveItems,
  SharingAction,
  SharingRequestStatus,
  statusesAllowing,
} from '../../domain/sharing-rules';
import { normalizeItemName } from '../../domain/text';
import { labelOf, sharingRequestStatuses } from '../../domain/vocabularies';
import { replyDeadline, shanghaiDate } from '../../domain/working-days';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, QueryOf } from '../../http/api-types';
import { recordAudit } from '../audit/audit.store';
import { assertIfMatch, LockMode } from '../../db/versions';
import { CalendarStore } from '../calendar/calendar.store';
import { Resource, ResourceStore } from '../resources/resources.store';
import { EntriesAtVersion } from '../resources/entries-at-version';
import {
  Grant,
  GrantRecord,
  SharingRequest,
  SharingRequestRecord,
  SharingStore,
  toGrant,
  toGrantRecord,
  toRequestRecord,
  toSharingRequest,
} from './sharing.store';

type Row = Record<string, unknown>;
export type RequestListQuery = QueryOf<'listSharingRequests'>;
export type GrantListQuery = QueryOf<'listGrants'>;

const statusName = (s: SharingRequestStatus) => labelOf(sharingRequestStatuses, s);

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
const requestSorts: Record<string, { spec: SortSpec; keyOf: (row: Row) => CursorValue[] }> = {
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
const grantsNewestFirst = sortBy('-createdAt', 'g.created_at', 'desc', 'g.id', 'timestamp');

function refuse(problems: Array<{ path?: string; code: string; message: string }>): never {
  throw new RuleViolationError(problems[0].code, problems[0].message, problems);
}

const submittedDetails = (after: SharingRequestRecord) => ({ dueDate: after.dueDate, grantId: after.grantId });

export class SharingService {
  private readonly store = new SharingStore();
  /** Entries for the rules to check requests against, kept while their version stands. */
  private readonly entries = new EntriesAtVersion(new ResourceStore());
  private readonly calendars = new CalendarStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly replyWorkingDays: number,
  ) {}

  // ---- reading ------------------------------------------------------------------------------

  /**
   * Who sees a request: its consumer department always; its producer and the bureau once it has
   * been submitted (a draft cancelled before submission stays the consumer's own).
   */
  private scopeRequests(qb: Knex.QueryBuilder, actor: Actor, side?: 'incoming' | 'outgoing'): void {
    const mine = actor.departmentId;
    if (side === 'incoming') qb.where('s.producer_department_id', mine).whereNotNull('s.submitted_at');
    else if (side === 'outgoing') qb.where('s.consumer_department_id', mine);
    else if (hasRole(actor, 'bureau')) qb.where((w) => w.whereNotNull('s.submitted_at').orWhere('s.consumer_department_id', mine));
    else
      qb.where((w) =>
        w.where('s.consumer_department_id', mine).orWhere((p) => p.where('s.producer_department_id', mine).whereNotNull('s.submitted_at')),
      );
  }

  private filteredRequests(actor: Actor, query: Omit<RequestListQuery, 'sort' | 'limit' | 'cursor'>): Knex.QueryBuilder {
    const qb = this.store.requestQuery(this.db);
    this.scopeRequests(qb, actor, query.side);
    if (query.status?.length) qb.whereIn('s.status', query.status);
    if (query.overdue !== undefined) {
      const now = this.clock.now().toISOString();
      if (query.overdue) qb.where('s.status', 'pending').where('s.due_at', '<', now);
      else qb.where((w) => w.whereNot('s.status', 'pending').orWhere('s.due_at', '>=', now));
    }
    if (query.resourceId) qb.where('s.resource_id', query.resourceId);
    if (query.departmentId) {
      const d = query.departmentId;
      qb.where((w) => w.where('s.producer_department_id', d).orWhere('s.consumer_department_id', d));
    }
    return qb;
  }

  async list(actor: Actor, query: RequestListQuery) {
    const sort = requestSorts[query.sort ?? 'urgency'];
    const limit = query.limit ?? 20;
    const qb = this.filteredRequests(actor, query);
    applyKeyset(qb, dialectOf(this.db), sort.spec, query.cursor);
    const [rows, calendar] = await Promise.all([qb.limit(limit + 1) as Promise<Row[]>, this.calendars.calendar(this.db)]);
    const now = this.clock.now();
    return pageOf(rows, limit, sort.spec, sort.keyOf, (row) => toSharingRequest(row, calendar, now));
  }

  /** Every request the caller may see under these filters, in urgency order (for the spreadsheet). */
  async exportList(actor: Actor, query: Omit<RequestListQuery, 'sort' | 'limit' | 'cursor'>, max: number): Promise<SharingRequest[]> {
    const qb = this.filteredRequests(actor, query);
    applyKeyset(qb, dialectOf(this.db), urgency, undefined);
    const [rows, calendar] = await Promise.all([qb.limit(max) as Promise<Row[]>, this.calendars.calendar(this.db)]);
    const now = this.clock.now();
    return rows.map((row) => toSharingRequest(row, calendar, now));
  }

  async get(actor: Actor, id: string): Promise<SharingRequest> {
    const row = await this.visibleRequestRow(this.db, actor, id);
    return toSharingRequest(row, await this.calendars.calendar(this.db), this.clock.now());
  }

  async stats(actor: Actor) {
    requireRole(actor, 'bureau');
    const now = this.clock.now().toISOString();
    const count = (cond: string) => this.db.raw(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`);
    const side = async (column: string) =>
      (await this.db('sharing_requests as s')
        .join('departments as d', 'd.id', column)
        .whereNotNull('s.submitted_at')
        .groupBy(column, 'd.name')
        .select(`${column} as department_id`, 'd.name as department_name')
        .select({
          pending: count("s.status = 'pending'"),
          overdue: this.db.raw("SUM(CASE WHEN s.status = 'pending' AND s.due_at < ? THEN 1 ELSE 0 END)", [now]),
          approved: count("s.status = 'approved'"),
          rejected: count("s.status IN ('rejected', 'escalated', 'rejection_upheld')"),
          escalated: count("s.status = 'escalated'"),
        })) as Row[];
    const [incoming, outgoing] = await Promise.all([side('s.producer_department_id'), side('s.consumer_department_id')]);
    const byDepartment = new Map<
      string,
      {
        departmentId: string;
        departmentName: string;
        incomingPending: number;
        incomingOverdue: number;
        incomingApproved: number;
        incomingRejected: number;
        outgoingPending: number;
        outgoingApproved: number;
        outgoingRejected: number;
        escalated: number;
      }
    >();
    const entry = (r: Row) => {
      const id = r.department_id as string;
      if (!byDepartment.has(id))
        byDepartment.set(id, {
          departmentId: id,
          departmentName: r.department_name as string,
          incomingPending: 0,
          incomingOverdue: 0,
          incomingApproved: 0,
          incomingRejected: 0,
          outgoingPending: 0,
          outgoingApproved: 0,
          outgoingRejected: 0,
          escalated: 0,
        });
      return byDepartment.get(id)!;
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
    const sum = (f: (r: Row) => number) => incoming.reduce((s, r) => s + f(r), 0);
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

  // ---- the consumer's side -------------------------------------------------------------------

  async create(actor: Actor, body: BodyOf<'createSharingRequest'>): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return this.db.transaction(async (trx) => {
      // Filed in one step it may be granted at once: the entry is held until the grant is stored.
      const entry = await this.requestableEntry(trx, actor, body.resourceId, body.submit ? 'share' : undefined);
      this.checkAgainstEntry(actor, entry, body);
      const now = this.clock.now().toISOString();
      const record: SharingRequestRecord = {
        id: randomUUID(),
        status: 'draft',
        resourceId: entry.id,
        producerDepartmentId: entry.departmentId,
        consumerDepartmentId: actor.departmentId,
        requestedBy: actor.userId,
        provisionMode: body.provisionMode,
        items: resolveItems(entry, body.items),
        purpose: body.purpose.trim(),
        basis: body.basis.trim(),
        scopeOfUse: body.scopeOfUse.trim(),
        periodStart: body.periodStart,
        periodEnd: body.periodEnd,
        submittedAt: null,
        dueDate: null,
        dueAt: null,
        answeredAt: null,
        answeredBy: null,
        decision: null,
        rejectReason: null,
        approvalComment: null,
        approvedItems: null,
        approvedPeriodStart: null,
        approvedPeriodEnd: null,
        escalatedAt: null,
        escalationReason: null,
        bureauDecision: null,
        bureauReason: null,
        bureauDecidedAt: null,
        bureauDecidedBy: null,
        grantId: null,
        createdAt: now,
        updatedAt: now,
      };
      // Filed in one step: the draft is submitted in the transaction that created it, so a refusal
      // leaves no draft behind; the row is written once, as submitted, and the trail and the row's
      // version read as if it had been two calls (created, then submitted).
      const decided = body.submit ? await this.submission(trx, actor, record, entry) : null;
      const stored = decided ? { ...decided.submitted, updatedAt: this.clock.now().toISOString() } : record;
      await this.store.insertRequest(trx, stored, decided ? 2 : 1);
      if (decided?.grant) await this.store.insertGrant(trx, decided.grant);
      await recordAudit(trx, actor, this.clock.now(), {
        action: 'sharing_request.created',
        objectType: 'sharing_request',
        objectId: record.id,
        details: { resourceId: entry.id, provisionMode: record.provisionMode },
      });
      if (decided) await this.auditChange(trx, actor, record, stored, 'sharing_request.submitted', submittedDetails);
      return this.read(trx, record.id);
    });
  }

  async update(actor: Actor, id: string, body: BodyOf<'updateSharingRequest'>, ifMatch: string | undefined): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return this.act(
      actor,
      id,
      'edit',
      'consumer',
      async (trx, current, rowVersion) => {
        assertIfMatch(ifMatch, rowVersion);
        const entry = await this.requestableEntry(trx, actor, current.resourceId);
        const merged = {
          provisionMode: body.provisionMode ?? current.provisionMode,
          items: body.items ?? current.items.map((i) => i.name),
          periodStart: body.periodStart ?? current.periodStart,
          periodEnd: body.periodEnd ?? current.periodEnd,
        };
        this.checkAgainstEntry(actor, entry, merged);
        return {
          ...current,
          ...merged,
          items: resolveItems(entry, merged.items),
          purpose: body.purpose?.trim() ?? current.purpose,
          basis: body.basis?.trim() ?? current.basis,
          scopeOfUse: body.scopeOfUse?.trim() ?? current.scopeOfUse,
        };
      },
      'sharing_request.updated',
    );
  }

  async submit(actor: Actor, id: string): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return this.act(
      actor,
      id,
      'submit',
      'consumer',
      async (trx, current) => {
        // The entry may have changed since the draft: file against it as it is now, and hold it
        // until a grant by rule is stored.
        const entry = await this.requestableEntry(trx, actor, current.resourceId, 'share');
        const { submitted, grant } = await this.submission(trx, actor, current, entry);
        if (grant) await this.store.insertGrant(trx, grant);
        return submitted;
      },
      'sharing_request.submitted',
      submittedDetails,
    );
  }

  async cancel(actor: Actor, id: string): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return this.act(
      actor,
      id,
      'cancel',
      'consumer',
      async (_trx, current) => ({ ...current, status: 'cancelled' }),
      'sharing_request.cancelled',
    );
  }

  async escalate(actor: Actor, id: string, reason: string): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return this.act(
      actor,
      id,
      'escalate',
      'consumer',
      async (_trx, current) => ({
        ...current,
        status: 'escalated',
        escalatedAt: this.clock.now().toISOString(),
        escalationReason: reason.trim(),
      }),
      'sharing_request.escalated',
      () => ({ reason }),
    );
  }

  // ---- the producer's side -------------------------------------------------------------------

  async approve(actor: Actor, id: string, body: BodyOf<'approveSharingRequest'>): Promise<SharingRequest> {
    requireRole(actor, 'producer');
    return this.act(
      actor,
      id,
      'approve',
      'producer',
      async (trx, current) => {
        await this.stillPublished(trx, current.resourceId);
        const problems = narrowingProblems(current, body);
        if (problems.length > 0) refuse(problems);
        const approved = body.items ? new Set(body.items.map(normalizeItemName)) : null;
        const items = approved ? current.items.filter((i) => approved.has(normalizeItemName(i.name))) : current.items;
        const start = body.periodStart ?? current.periodStart;
        const end = body.periodEnd ?? current.periodEnd;
        const grant = this.newGrant(current, 'producer', items, start, end);
        await this.store.insertGrant(trx, grant);
        const now = this.clock.now().toISOString();
        return {
          ...current,
          status: 'approved',
          decision: 'approved',
          answeredAt: now,
          answeredBy: actor.userId,
          approvalComment: body.comment?.trim() || null,
          approvedItems: items,
          approvedPeriodStart: start,
          approvedPeriodEnd: end,
          grantId: grant.id,
        };
      },
      'sharing_request.approved',
      (after) => ({ grantId: after.grantId, narrowed: Boolean(after.approvedItems && after.approvedItems.length < after.items.length) }),
    );
  }

  async reject(actor: Actor, id: string, reason: string): Promise<SharingRequest> {
    requireRole(actor, 'producer');
    return this.act(
      actor,
      id,
      'reject',
      'producer',
      async (_trx, current) => ({
        ...current,
        status: 'rejected',
        decision: 'rejected',
        answeredAt: this.clock.now().toISOString(),
        answeredBy: actor.userId,
        rejectReason: reason.trim(),
      }),
      'sharing_request.rejected',
      () => ({ reason }),
    );
  }

  // ---- the bureau ------------------------------------------------------------------------------

  async decide(actor: Actor, id: string, body: BodyOf<'decideSharingDispute'>): Promise<SharingRequest> {
    requireRole(actor, 'bureau');
    return this.act(
      actor,
      id,
      'decide',
      'bureau',
      async (trx, current) => {
        const now = this.clock.now().toISOString();
        const decided = {
          ...current,
          bureauDecision: body.decision,
          bureauReason: body.reason.trim(),
          bureauDecidedAt: now,
          bureauDecidedBy: actor.userId,
        };
        if (body.decision === 'uphold') return { ...decided, status: 'rejection_upheld' };
        await this.stillPublished(trx, current.resourceId);
        const grant = this.newGrant(current, 'bureau', current.items, current.periodStart, current.periodEnd);
        await this.store.insertGrant(trx, grant);
        return { ...decided, status: 'approved', grantId: grant.id };
      },
      'sharing_request.decided',
      (after) => ({ decision: after.bureauDecision, reason: after.bureauReason }),
    );
  }

  // ---- grants ----------------------------------------------------------------------------------

  private scopeGrants(qb: Knex.QueryBuilder, actor: Actor, side?: 'incoming' | 'outgoing'): void {
    const mine = actor.departmentId;
    if (side === 'incoming') qb.where('g.producer_department_id', mine);
    else if (side === 'outgoing') qb.where('g.consumer_department_id', mine);
    else if (!hasRole(actor, 'bureau'))
      qb.where((w) => w.where('g.consumer_department_id', mine).orWhere('g.producer_department_id', mine));
  }

  async listGrants(actor: Actor, query: GrantListQuery) {
    const limit = query.limit ?? 20;
    const qb = this.store.grantQuery(this.db);
    this.scopeGrants(qb, actor, query.side);
    if (query.resourceId) qb.where('g.resource_id', query.resourceId);
    if (query.status?.length) {
      const today = shanghaiDate(this.clock.now());
      const statuses = query.status;
      qb.where((w) => {
        if (statuses.includes('active')) w.orWhere((a) => a.where('g.status', 'active').where('g.valid_until', '>=', today));
        if (statuses.includes('expired')) w.orWhere((a) => a.where('g.status', 'active').where('g.valid_until', '<', today));
        const stored = statuses.filter((s) => s === 'revoked' || s === 'suspended');
        if (stored.length) w.orWhereIn('g.status', stored);
      });
    }
    applyKeyset(qb, dialectOf(this.db), grantsNewestFirst, query.cursor);
    const rows: Row[] = await qb.limit(limit + 1);
    const now = this.clock.now();
    return pageOf(
      rows,
      limit,
      grantsNewestFirst,
      (r) => [toIso(r.created_at), r.id as string],
      (r) => toGrant(r, now),
    );
  }

  async getGrant(actor: Actor, id: string): Promise<Grant> {
    return toGrant(await this.visibleGrantRow(this.db, actor, id), this.clock.now());
  }

  async revokeGrant(actor: Actor, id: string, reason: string): Promise<Grant> {
    requireRole(actor, 'producer', 'bureau');
    return this.db.transaction(async (trx) => {
      const row = await this.visibleGrantRow(trx, actor, id, 'update');
      const record = toGrantRecord(row);
      if (!hasRole(actor, 'bureau') && record.producerDepartmentId !== actor.departmentId) {
        throw new ForbiddenError(
          'not_producer',
          '只有提供部门或大数据管理局可以撤销授权 (only the producing department or the bureau revokes a grant)',
        );
      }
      const now = this.clock.now();
      const current = toGrant(row, now);
      if (current.status !== 'active') {
        throw new ConflictError('grant_not_active', `授权当前状态为 ${current.status}，不能撤销 (only an active grant can be revoked)`);
      }
      if (!(await this.store.revokeGrant(trx, id, actor.userId, reason.trim(), now.toISOString()))) {
        throw new ConflictError('grant_not_active', '授权刚被他人撤销或中止 (the grant is no longer active)');
      }
      await recordAudit(trx, actor, now, {
        action: 'grant.revoked',
        objectType: 'grant',
        objectId: id,
        details: { reason, requestId: record.requestId },
      });
      return toGrant((await this.store.findGrantRow(trx, id))!, now);
    });
  }

  // ---- shared steps ----------------------------------------------------------------------------

  /**
   * Runs one action on a request in a transaction: visibility (404), the acting side's ownership
   * (403), the state (409), the change, its audit event.
   */
  private async act(
    actor: Actor,
    id: string,
    action: SharingAction,
    side: 'consumer' | 'producer' | 'bureau',
    change: (trx: Knex.Transaction, current: SharingRequestRecord, rowVersion: number) => Promise<SharingRequestRecord>,
    auditAction: string,
    details?: (after: SharingRequestRecord) => Record<string, unknown>,
  ): Promise<SharingRequest> {
    return this.db.transaction(async (trx) => {
      // Locked before it is read: the decision is made on the request as it stands, and a second
      // action on it waits for this one and then finds it changed (409).
      const row = await this.visibleRequestRow(trx, actor, id, 'update');
      const current = toRequestRecord(row);
      const rowVersion = Number(row.row_version);
      if (side === 'consumer' && current.consumerDepartmentId !== actor.departmentId) {
        throw new ForbiddenError('not_requester', '只有申请部门可以执行此操作 (only the requesting department may do this)');
      }
      if (side === 'producer' && current.producerDepartmentId !== actor.departmentId) {
        throw new ForbiddenError('not_producer', '只有提供部门可以答复申请 (only the producing department answers)');
      }
      if (!canTake(current.status, action)) {
        const from = statusesAllowing(action).map(statusName).join('、');
        throw new ConflictError(
          'invalid_state',
          `申请当前为“${statusName(current.status)}”，只有“${from}”的申请可以执行此操作 (cannot ${action} a ${current.status} request)`,
        );
      }
      await this.saveChange(trx, actor, current, rowVersion, await change(trx, current, rowVersion), auditAction, details);
      return this.read(trx, id);
    });
  }

  /**
   * The submission of a draft, for both ways of filing: checked against the entry again, granted
   * at once by rule when the entry is unconditional, otherwise due for the producer's answer.
   * The caller supplies the entry as this transaction reads it (filing in one step has just read
   * it; a draft's submission reads it afresh, as it may have changed). Decided, not stored: the
   * caller saves the request, and the grant once the request's row exists (grants refer to it).
   */
  private async submission(
    trx: Knex.Transaction,
    actor: Actor,
    draft: SharingRequestRecord,
    entry: Resource,
  ): Promise<{ submitted: SharingRequestRecord; grant: GrantRecord | null }> {
    this.checkAgainstEntry(actor, entry, { ...draft, items: draft.items.map((i) => i.name) });
    const now = this.clock.now();
    const submitted = { ...draft, submittedAt: now.toISOString() };
    if (entry.sharingType === 'unconditional') {
      // Unconditional sharing: granted on submission, by rule; no one has to answer.
      const grant = this.newGrant(submitted, 'rule', draft.items, draft.periodStart, draft.periodEnd);
      return {
        submitted: { ...submitted, status: 'approved', decision: 'granted_by_rule', answeredAt: now.toISOString(), grantId: grant.id },
        grant,
      };
    }
    const due = replyDeadline(now, this.replyWorkingDays, await this.calendars.calendar(trx));
    return { submitted: { ...submitted, status: 'pending', dueDate: due.dueDate, dueAt: due.dueAt.toISOString() }, grant: null };
  }

  /** Stores a change of a request with its audit event, and grant.created for a grant the change made. */
  private async saveChange(
    trx: Knex.Transaction,
    actor: Actor,
    current: SharingRequestRecord,
    rowVersion: number,
    changed: SharingRequestRecord,
    auditAction: string,
    details?: (after: SharingRequestRecord) => Record<string, unknown>,
  ): Promise<void> {
    const after = { ...changed, updatedAt: this.clock.now().toISOString() };
    await this.store.updateRequest(trx, after, rowVersion);
    await this.auditChange(trx, actor, current, after, auditAction, details);
  }

  /** The audit event of a change of a request (and grant.created for a grant the change made). */
  private async auditChange(
    trx: Knex.Transaction,
    actor: Actor,
    current: SharingRequestRecord,
    after: SharingRequestRecord,
    auditAction: string,
    details?: (after: SharingRequestRecord) => Record<string, unknown>,
  ): Promise<void> {
    await recordAudit(trx, actor, this.clock.now(), {
      action: auditAction,
      objectType: 'sharing_request',
      objectId: after.id,
      details: { from: current.status, to: after.status, ...(details ? details(after) : {}) },
    });
    if (after.grantId && after.grantId !== current.grantId) {
      await recordAudit(trx, actor, this.clock.now(), {
        action: 'grant.created',
        objectType: 'grant',
        objectId: after.grantId,
        details: { requestId: after.id },
      });
    }
  }

  private async read(trx: Knex.Transaction, id: string): Promise<SharingRequest> {
    return toSharingRequest((await this.store.findRequestRow(trx, id))!, await this.calendars.calendar(trx), this.clock.now());
  }

  private async visibleRequestRow(db: Knex | Knex.Transaction, actor: Actor, id: string, lock?: LockMode): Promise<Row> {
    const row = await this.store.findRequestRow(db, id, lock);
    if (!row) throw new NotFoundError('共享申请');
    const r = toRequestRecord(row);
    const mine = actor.departmentId;
    const visible =
      r.consumerDepartmentId === mine || (r.submittedAt !== null && (r.producerDepartmentId === mine || hasRole(actor, 'bureau')));
    if (!visible) throw new NotFoundError('共享申请');
    return row;
  }

  private async visibleGrantRow(db: Knex | Knex.Transaction, actor: Actor, id: string, lock?: LockMode): Promise<Row> {
    const row = await this.store.findGrantRow(db, id, lock);
    if (!row) throw new NotFoundError('授权');
    const g = toGrantRecord(row);
    if (!hasRole(actor, 'bureau') && g.consumerDepartmentId !== actor.departmentId && g.producerDepartmentId !== actor.departmentId)
      throw new NotFoundError('授权');
    return row;
  }

  /**
   * The entry as the consumer sees it; another department's unpublished entry does not exist for
   * it. `lock`: held for the rest of the transaction (a grant is about to be made on it).
   */
  private async requestableEntry(trx: Knex.Transaction, actor: Actor, resourceId: string, lock?: LockMode): Promise<Resource> {
    const entry = await this.entries.find(trx, resourceId, lock);
    const visible =
      entry && (['published', 'withdrawn'].includes(entry.status) || entry.departmentId === actor.departmentId || hasRole(actor, 'bureau'));
    if (!entry || !visible) throw new NotFoundError('信息资源');
    return entry;
  }

  private checkAgainstEntry(
    actor: Actor,
    entry: Resource,
    input: { provisionMode: string; items: string[]; periodStart: string; periodEnd: string },
  ): void {
    const problems = requestProblems(entry, { ...input, consumerDepartmentId: actor.departmentId });
    if (input.periodEnd < shanghaiDate(this.clock.now())) {
      problems.push({ path: '/periodEnd', code: 'period_in_past', message: '使用期限已过 (the period has already ended)' });
    }
    if (problems.length > 0) refuse(problems);
  }

  /** The entry is still published, and stays so until this transaction's grant is stored. */
  private async stillPublished(trx: Knex.Transaction, resourceId: string): Promise<void> {
    const entry = await this.entries.find(trx, resourceId, 'share');
    if (entry?.status !== 'published') {
      throw new RuleViolationError('resource_withdrawn', '该信息资源已撤销，不能再授权 (the entry is no longer published)');
    }
  }

  private newGrant(
    request: SharingRequestRecord,
    grantedBy: GrantRecord['grantedBy'],
    items: SharingRequestRecord['items'],
    validFrom: string,
    validUntil: string,
  ): GrantRecord {
    const now = this.clock.now().toISOString();
    return {
      id: randomUUID(),
      requestId: request.id,
      status: 'active',
      resourceId: request.resourceId,
      producerDepartmentId: request.producerDepartmentId,
      consumerDepartmentId: request.consumerDepartmentId,
      provisionMode: request.provisionMode,
      items,
      purpose: request.purpose,
      scopeOfUse: request.scopeOfUse,
      validFrom,
      validUntil,
      grantedBy,
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
      suspendedAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }
}
