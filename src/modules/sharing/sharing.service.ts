import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Conn, Database, transaction, Tx } from '../../db/database';
import { Page, pageRequestOf } from '../../db/pagination';
import { Row } from '../../db/rows';
import { assertIfMatch, LockMode } from '../../db/versions';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import {
  canTake,
  decisionsFor,
  escalationGround,
  narrowingProblems,
  requestProblems,
  resolveItems,
  SharingAction,
  SharingRequestStatus,
  statusAfterDecision,
  statusesAllowing,
} from '../../domain/sharing-rules';
import { normalizeItemName } from '../../domain/text';
import { canSeeEntry, canSeeGrant, canSeeRequest, requestRestriction } from '../../domain/visibility';
import { beijingYear, chineseDate, formatNumber, NUMBER_SERIES } from '../../domain/form-numbers';
import { disputeDecisions, labelOf, sharingRequestStatuses } from '../../domain/vocabularies';
import { replyDeadline, shanghaiDate, WorkingDayCalendar } from '../../domain/working-days';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, QueryOf, Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import type { CalendarService } from '../calendar/calendar.service';
import type { Resource, ResourceService } from '../resources/resources.service';
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

export type RequestListQuery = QueryOf<'listSharingRequests'>;
export type GrantListQuery = QueryOf<'listGrants'>;
type RequestFilters = Omit<RequestListQuery, 'sort' | 'limit' | 'cursor'>;

const statusName = (s: SharingRequestStatus) => labelOf(sharingRequestStatuses, s);

function refuse(problems: Array<{ path?: string; code: string; message: string }>): never {
  throw new RuleViolationError(problems[0].code, problems[0].message, problems);
}

const submittedDetails = (after: SharingRequestRecord) => ({ dueDate: after.dueDate, grantId: after.grantId });

export interface SharingDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** The catalog: the entries requests are filed against. */
  resources: ResourceService;
  /** The working-day calendar reply deadlines are counted on. */
  calendar: CalendarService;
  /** Working days a producer has to answer a conditional request. */
  replyWorkingDays: number;
}

export class SharingService {
  private readonly store = new SharingStore();

  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly resources: ResourceService;
  private readonly calendar: CalendarService;
  private readonly replyWorkingDays: number;

  constructor(deps: SharingDeps) {
    ({ db: this.db, clock: this.clock, audit: this.audit, resources: this.resources, calendar: this.calendar } = deps);
    this.replyWorkingDays = deps.replyWorkingDays;
  }

  // ---- reading ------------------------------------------------------------------------------

  /** The service's clock: the date printed on forms. */
  now(): Date {
    return this.clock.now();
  }

  async list(actor: Actor, query: RequestListQuery): Promise<Page<SharingRequest>> {
    const now = this.clock.now();
    const [rows, calendar] = await Promise.all([
      this.store.listRequests(this.db, requestRestriction(actor), query, query.sort ?? 'urgency', pageRequestOf(query), now),
      this.calendar.calendar(),
    ]);
    return { items: rows.items.map((row) => toSharingRequest(row, calendar, now)), nextCursor: rows.nextCursor };
  }

  /** Every request the caller may see under these filters, in urgency order (for the spreadsheet). */
  async exportList(actor: Actor, query: RequestFilters, max: number): Promise<SharingRequest[]> {
    const now = this.clock.now();
    const [rows, calendar] = await Promise.all([
      this.store.listRequests(this.db, requestRestriction(actor), query, 'urgency', { limit: max }, now),
      this.calendar.calendar(),
    ]);
    return rows.items.map((row) => toSharingRequest(row, calendar, now));
  }

  async get(actor: Actor, id: string): Promise<SharingRequest> {
    const row = await this.visibleRequestRow(this.db, actor, id);
    return toSharingRequest(row, await this.calendar.calendar(), this.clock.now());
  }

  /** The bureau's counts per department: awaiting, overdue, approved, rejected, as producer and as consumer. */
  async stats(actor: Actor): Promise<Schema<'SharingRequestStats'>> {
    requireRole(actor, 'bureau');
    return this.store.stats(this.db, this.clock.now());
  }

  // ---- the consumer's side -------------------------------------------------------------------

  async create(actor: Actor, body: BodyOf<'createSharingRequest'>): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return transaction(this.db, async (trx) => {
      // Filed in one step it may be granted at once: the entry is held until the grant is stored.
      const entry = await this.requestableEntry(trx, actor, body.resourceId, body.submit ? 'share' : undefined);
      this.checkAgainstEntry(actor, entry, body);
      const now = this.clock.now().toISOString();
      // The request's number, counted on in this transaction (ADR 0037): two creations at once wait
      // for each other here, and a refused one gives its number back when it rolls back.
      const year = beijingYear(now);
      const record: SharingRequestRecord = {
        id: randomUUID(),
        number: formatNumber(NUMBER_SERIES.sharingRequest, year, await this.store.nextRequestNumber(trx, year)),
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
        dueCountedFrom: null,
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
        escalationGround: null,
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
      await this.audit.record(trx, actor, {
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

  /**
   * Puts the request before the bureau: a rejected one (被拒绝), or a pending one once past its due
   * date by the service's clock (逾期未答复); a pending one not yet overdue is refused, naming the
   * day the producer may still answer by.
   */
  async escalate(actor: Actor, id: string, reason: string): Promise<SharingRequest> {
    requireRole(actor, 'consumer');
    return this.act(
      actor,
      id,
      'escalate',
      'consumer',
      async (_trx, current) => {
        const now = this.clock.now();
        const ground = escalationGround(current, now);
        if (!ground) {
          throw new RuleViolationError(
            'not_overdue',
            `申请尚未逾期，提供部门的答复期限至 ${chineseDate(current.dueDate ?? '')}（含当日） (the request is not overdue yet; the producer may answer until the end of its due date)`,
          );
        }
        return {
          ...current,
          status: 'escalated',
          escalatedAt: now.toISOString(),
          escalationReason: reason.trim(),
          escalationGround: ground,
        };
      },
      'sharing_request.escalated',
      (after) => ({ reason, ground: after.escalationGround, dueDate: after.dueDate }),
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

  /**
   * The bureau decides an escalated request. On a rejection: uphold it or direct the grant. On an
   * unanswered request: direct the grant, or order the producer to answer (remand) — the request
   * is pending again, due the same number of working days after the decision as after a submission.
   */
  async decide(actor: Actor, id: string, body: BodyOf<'decideSharingDispute'>): Promise<SharingRequest> {
    requireRole(actor, 'bureau');
    return this.act(
      actor,
      id,
      'decide',
      'bureau',
      async (trx, current) => {
        // Escalations from before grounds were recorded were all against a rejection.
        const ground = current.escalationGround ?? 'rejection';
        if (!decisionsFor(ground).includes(body.decision)) {
          throw new RuleViolationError(
            'decision_not_applicable',
            ground === 'overdue'
              ? '该申请因逾期未答复提请协调，提供部门并未拒绝，无拒绝可维持；请选择责成授权或责成答复 (an unanswered request has no rejection to uphold: grant or remand)'
              : '提供部门已答复（拒绝），不能责成答复；请选择维持拒绝或责成授权 (a rejected request has been answered: uphold or grant)',
            [
              {
                path: '/decision',
                code: 'decision_not_applicable',
                message: `可选裁决：${decisionsFor(ground)
                  .map((d) => labelOf(disputeDecisions, d))
                  .join('、')}`,
              },
            ],
          );
        }
        const now = this.clock.now();
        const decided: SharingRequestRecord = {
          ...current,
          status: statusAfterDecision(body.decision),
          bureauDecision: body.decision,
          bureauReason: body.reason.trim(),
          bureauDecidedAt: now.toISOString(),
          bureauDecidedBy: actor.userId,
        };
        if (body.decision === 'uphold') return decided;
        if (body.decision === 'remand') {
          // 责成答复: a new deadline, counted from the decision as a submission's is.
          const due = replyDeadline(now, this.replyWorkingDays, await this.calendar.calendar(trx));
          return { ...decided, dueDate: due.dueDate, dueAt: due.dueAt.toISOString(), dueCountedFrom: now.toISOString() };
        }
        await this.stillPublished(trx, current.resourceId);
        const grant = this.newGrant(current, 'bureau', current.items, current.periodStart, current.periodEnd);
        await this.store.insertGrant(trx, grant);
        return { ...decided, grantId: grant.id };
      },
      'sharing_request.decided',
      (after) => ({
        decision: after.bureauDecision,
        reason: after.bureauReason,
        ground: after.escalationGround ?? 'rejection',
        ...(after.bureauDecision === 'remand' ? { dueDate: after.dueDate } : {}),
      }),
    );
  }

  // ---- grants ----------------------------------------------------------------------------------

  async listGrants(actor: Actor, query: GrantListQuery): Promise<Page<Grant>> {
    const now = this.clock.now();
    const page = await this.store.listGrants(
      this.db,
      hasRole(actor, 'bureau') ? null : actor.departmentId,
      query,
      shanghaiDate(now),
      pageRequestOf(query),
    );
    return { items: page.items.map((r) => toGrant(r, now)), nextCursor: page.nextCursor };
  }

  async getGrant(actor: Actor, id: string): Promise<Grant> {
    return toGrant(await this.visibleGrantRow(this.db, actor, id), this.clock.now());
  }

  async revokeGrant(actor: Actor, id: string, reason: string): Promise<Grant> {
    requireRole(actor, 'producer', 'bureau');
    return transaction(this.db, async (trx) => {
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
      await this.audit.record(trx, actor, {
        action: 'grant.revoked',
        objectType: 'grant',
        objectId: id,
        details: { reason, requestId: record.requestId },
      });
      return toGrant((await this.store.findGrantRow(trx, id))!, now);
    });
  }

  // ---- for the other areas ------------------------------------------------------------------

  /**
   * Follows a withdrawn entry (ResourceService.followWithdrawals), in the withdrawal's
   * transaction: a withdrawn entry can no longer be delivered, so its active grants are suspended,
   * each with its audit event.
   */
  async suspendGrantsOfEntry(tx: Tx, actor: Actor, entryId: string, reason: string): Promise<void> {
    for (const grantId of await this.store.suspendGrantsOfResource(tx, entryId, this.clock.now().toISOString())) {
      await this.audit.record(tx, actor, {
        action: 'grant.suspended',
        objectType: 'grant',
        objectId: grantId,
        details: { resourceId: entryId, reason },
      });
    }
  }

  /**
   * Follows the calendar (CalendarService.follow), in the transaction that changed it: a deadline
   * is counted on the calendar as it stands, so requests awaiting an answer follow a corrected or
   * newly entered year at once. Only a request still awaiting its answer moves (one answered
   * meanwhile keeps its date).
   */
  async followCalendar(tx: Tx, calendar: WorkingDayCalendar): Promise<{ deadlinesMoved: string[] }> {
    const moved: string[] = [];
    for (const request of await this.store.pendingRequests(tx)) {
      // Counted from the submission, or from the bureau's order to answer (remand).
      const from = request.dueCountedFrom ?? request.submittedAt;
      if (!from) continue;
      const due = replyDeadline(new Date(from), this.replyWorkingDays, calendar);
      if (due.dueDate !== request.dueDate && (await this.store.setDeadline(tx, request.id, due.dueDate, due.dueAt.toISOString()))) {
        moved.push(request.id);
      }
    }
    return { deadlinesMoved: moved };
  }

  /** Which of the entries have a request past draft (not cancelled) or a grant on file (the onboarding checklist). */
  entriesWithSharingOnFile(db: Conn, entryIds: string[]): Promise<Set<string>> {
    return this.store.entriesWithSharingOnFile(db, entryIds);
  }

  /** The numbers of the requests on file (past draft, not cancelled) for the entries, oldest first (the achievement registration form). */
  async requestNumbersOnFile(db: Conn, entryIds: string[]): Promise<string[]> {
    return (await this.store.requestsOnFile(db, entryIds)).map((r) => r.number as string);
  }

  /**
   * The requests on file (past draft, not cancelled) for the entries, oldest first: the rows of a
   * project's 附件2. The caller has checked that the actor may see the project; its owner is the
   * producer of these requests, and the bureau sees every submitted one.
   */
  async requestsOnFile(db: Conn, entryIds: string[]): Promise<SharingRequest[]> {
    const [rows, calendar] = await Promise.all([this.store.requestsOnFile(db, entryIds), this.calendar.calendar()]);
    const now = this.clock.now();
    return rows.map((row) => toSharingRequest(row, calendar, now));
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
    change: (trx: Tx, current: SharingRequestRecord, rowVersion: number) => Promise<SharingRequestRecord>,
    auditAction: string,
    details?: (after: SharingRequestRecord) => Record<string, unknown>,
  ): Promise<SharingRequest> {
    return transaction(this.db, async (trx) => {
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
    trx: Tx,
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
    const due = replyDeadline(now, this.replyWorkingDays, await this.calendar.calendar(trx));
    return {
      submitted: {
        ...submitted,
        status: 'pending',
        dueDate: due.dueDate,
        dueAt: due.dueAt.toISOString(),
        dueCountedFrom: now.toISOString(),
      },
      grant: null,
    };
  }

  /** Stores a change of a request with its audit event, and grant.created for a grant the change made. */
  private async saveChange(
    trx: Tx,
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
    trx: Tx,
    actor: Actor,
    current: SharingRequestRecord,
    after: SharingRequestRecord,
    auditAction: string,
    details?: (after: SharingRequestRecord) => Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(trx, actor, {
      action: auditAction,
      objectType: 'sharing_request',
      objectId: after.id,
      details: { from: current.status, to: after.status, ...(details ? details(after) : {}) },
    });
    if (after.grantId && after.grantId !== current.grantId) {
      await this.audit.record(trx, actor, {
        action: 'grant.created',
        objectType: 'grant',
        objectId: after.grantId,
        details: { requestId: after.id },
      });
    }
  }

  private async read(trx: Tx, id: string): Promise<SharingRequest> {
    return toSharingRequest((await this.store.findRequestRow(trx, id))!, await this.calendar.calendar(trx), this.clock.now());
  }

  private async visibleRequestRow(db: Conn, actor: Actor, id: string, lock?: LockMode): Promise<Row> {
    const row = await this.store.findRequestRow(db, id, lock);
    if (!row) throw new NotFoundError('共享申请');
    if (!canSeeRequest(actor, toRequestRecord(row))) throw new NotFoundError('共享申请');
    return row;
  }

  private async visibleGrantRow(db: Conn, actor: Actor, id: string, lock?: LockMode): Promise<Row> {
    const row = await this.store.findGrantRow(db, id, lock);
    if (!row) throw new NotFoundError('授权');
    if (!canSeeGrant(actor, toGrantRecord(row))) throw new NotFoundError('授权');
    return row;
  }

  /**
   * The entry as the consumer sees it; another department's unpublished entry does not exist for
   * it. `lock`: held for the rest of the transaction (a grant is about to be made on it).
   */
  private async requestableEntry(trx: Tx, actor: Actor, resourceId: string, lock?: LockMode): Promise<Resource> {
    const entry = await this.resources.entryForRules(trx, resourceId, lock);
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
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
  private async stillPublished(trx: Tx, resourceId: string): Promise<void> {
    const entry = await this.resources.entryForRules(trx, resourceId, 'share');
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

  // ---- for the notifications area ----------------------------------------------------------

  /** Requests awaiting an answer, every department's, soonest deadline first, at most `limit` (deadline notices). */
  async awaitingAnswer(limit: number): Promise<SharingRequest[]> {
    const now = this.clock.now();
    const [rows, calendar] = await Promise.all([this.store.awaitingAnswerRows(this.db, limit), this.calendar.calendar()]);
    return rows.map((row) => toSharingRequest(row, calendar, now));
  }

  /** These requests as they stand, whoever asks (the notifications' payloads; the caller decides who is told). */
  async requestsByIds(db: Conn, ids: string[]): Promise<SharingRequest[]> {
    if (ids.length === 0) return [];
    const now = this.clock.now();
    const [rows, calendar] = await Promise.all([this.store.requestRowsByIds(db, ids), this.calendar.calendar(db)]);
    return rows.map((row) => toSharingRequest(row, calendar, now));
  }
}
