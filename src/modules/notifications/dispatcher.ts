import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { shanghaiDate } from '../../domain/working-days';
import {
  DEADLINE_NOTICE_WORKING_DAYS,
  MAX_ATTEMPTS,
  NotificationEvent,
  notificationEvents,
  retryDelayMs,
  webhookSignature,
} from '../../domain/webhooks';
import { Forwarder } from '../../http/forwarding';
import { AppError } from '../../errors';
import type { AuditService } from '../audit/audit.service';
import type { TrailEvent } from '../audit/audit.service';
import type { CalendarService } from '../calendar/calendar.service';
import type { DepartmentService } from '../departments/departments.service';
import type { ProjectService } from '../projects/projects.service';
import type { SharingService } from '../sharing/sharing.service';
import { NewDelivery, NotificationsStore } from './notifications.store';

// The dispatcher (ADR 0041): turns what happened into notifications for departments' webhooks and
// delivers them. Three steps, each safe to run in any number of processes at once:
//  1. the audit trail, read from the cursor on: every event that concerns a department with a
//     webhook becomes a row of the outbox, and the cursor moves, in one transaction (the cursor's
//     row locked on PostgreSQL, so two dispatchers take turns);
//  2. deadlines: requests to answer and registrations to file two working days before their
//     deadline and once overdue, and delivery streams overdue — one notification per object and
//     deadline, the outbox's unique key making it once however often the scan runs;
//  3. sending: due rows are claimed (FOR UPDATE SKIP LOCKED on PostgreSQL) for a lease, POSTed
//     signed outside any transaction, and the outcome recorded under the claim; a failure is tried
//     again later with growing delays. A dispatcher that dies mid-call leaves a claim that lapses,
//     and the delivery is tried again: receivers see X-Webhook-Id twice at worst, never lose one.

/** Audit events read per transaction. */
const EVENTS_PER_BATCH = 500;
/** Deliveries claimed per batch; sent at the same time. */
const CLAIMS_PER_BATCH = 10;
/** How long a claim keeps other dispatchers off a delivery (longer than any call). */
const CLAIM_LEASE_MS = 5 * 60_000;
/** Objects read per kind by a deadline scan. */
const SCAN_LIMIT = 1000;
/** A timer's tick scans deadlines at most this often. */
const SCAN_EVERY_MS = 10 * 60_000;

/** What the notifications read of the exchange: delivery streams overdue, one department's or all. */
export interface OverdueDeliveries {
  overdueOf(departmentId: string | null): Promise<
    Array<{
      resourceId: string;
      resourceName: string;
      departmentId: string;
      departmentName: string;
      updateCycle: string | null;
      lastDeliveredAt: string;
      dueBy: string;
    }>
  >;
}

export interface DispatcherDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  departments: DepartmentService;
  sharing: SharingService;
  projects: ProjectService;
  calendar: CalendarService;
  exchange: OverdueDeliveries;
  forwarder: Forwarder;
}

export interface DispatchRun {
  /** Notifications added from the audit trail. */
  notified: number;
  /** Notifications added by the deadline scan. */
  deadlines: number;
  /** Deliveries answered 2xx. */
  delivered: number;
  /** Attempts that failed (to be tried again, or given up). */
  failed: number;
}

interface Notice {
  type: NotificationEvent;
  key: string;
  departmentIds: Array<string | null | undefined>;
  objectType: string;
  objectId: string;
  link: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export class Dispatcher {
  private readonly store = new NotificationsStore();
  private running: Promise<DispatchRun> | null = null;
  private stopped = false;
  private lastScanAt = -Infinity;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Every step once: the trail, the deadlines, the sends due. Tests call it; the timer calls tick. */
  async runOnce(): Promise<DispatchRun> {
    const notified = await this.readTrail();
    const deadlines = await this.scanDeadlines();
    return { notified, deadlines, ...(await this.sendDue()) };
  }

  /** One turn of the timer: skipped while the previous turn runs or after stop; deadlines scanned every ten minutes. */
  tick(): Promise<DispatchRun> | null {
    if (this.stopped || this.running) return null;
    const run = (async () => {
      const notified = await this.readTrail();
      const now = Date.now();
      let deadlines = 0;
      if (now - this.lastScanAt >= SCAN_EVERY_MS) {
        deadlines = await this.scanDeadlines();
        this.lastScanAt = now;
      }
      return { notified, deadlines, ...(await this.sendDue()) };
    })();
    this.running = run.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** No new turn starts; resolves when the one running (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  // ---- 1. the audit trail --------------------------------------------------------------------

  /** Turns the trail's new events into notifications; the number added. */
  async readTrail(): Promise<number> {
    let added = 0;
    for (;;) {
      const batch = await transaction(this.deps.db, async (tx) => {
        const cursor = await this.store.lockCursor(tx);
        const withWebhook = new Set(await this.store.departmentsWithWebhook(tx));
        if (withWebhook.size === 0) {
          // Nobody listens: what happens now is not announced later.
          const last = await this.deps.audit.lastSeq(tx);
          if (last > cursor) await this.store.moveCursor(tx, last);
          return { read: 0, added: 0 };
        }
        const events = await this.deps.audit.eventsAfter(tx, cursor, EVENTS_PER_BATCH);
        if (events.length === 0) return { read: 0, added: 0 };
        const notices = await this.noticesOf(tx, events);
        const count = await this.store.addDeliveries(tx, this.deliveriesOf(notices, withWebhook));
        await this.store.moveCursor(tx, events[events.length - 1].seq);
        return { read: events.length, added: count };
      });
      added += batch.added;
      if (batch.read < EVENTS_PER_BATCH) return added;
    }
  }

  private async noticesOf(tx: Parameters<SharingService['requestsByIds']>[0], events: TrailEvent[]): Promise<Notice[]> {
    const requestEvents = events.filter((e) => e.objectType === 'sharing_request' && e.action in ACTIONS);
    if (requestEvents.length === 0) return [];
    const requests = new Map(
      (await this.deps.sharing.requestsByIds(tx, [...new Set(requestEvents.map((e) => e.objectId))])).map((r) => [r.id, r]),
    );
    const bureau = requestEvents.some((e) => e.action === 'sharing_request.escalated') ? await this.deps.departments.findBureau(tx) : null;
    const notices: Notice[] = [];
    for (const e of requestEvents) {
      const request = requests.get(e.objectId);
      if (!request) continue;
      const to = (e.details as { to?: string }).to;
      const producer = request.producerDepartmentId;
      const consumer = request.consumerDepartmentId;
      let type: NotificationEvent | null = null;
      let departmentIds: string[] = [];
      if (e.action === 'sharing_request.submitted' && to === 'pending') [type, departmentIds] = ['sharing_request.submitted', [producer]];
      else if (e.action === 'sharing_request.submitted' && to === 'approved')
        [type, departmentIds] = ['sharing_request.approved', [consumer]];
      else if (e.action === 'sharing_request.approved') [type, departmentIds] = ['sharing_request.approved', [consumer]];
      else if (e.action === 'sharing_request.rejected') [type, departmentIds] = ['sharing_request.rejected', [consumer]];
      else if (e.action === 'sharing_request.escalated' && bureau) [type, departmentIds] = ['sharing_request.escalated', [bureau.id]];
      else if (e.action === 'sharing_request.decided') [type, departmentIds] = ['sharing_request.decided', [consumer, producer]];
      if (!type) continue;
      notices.push({
        type,
        key: `${type}:audit-${e.seq}`,
        departmentIds,
        objectType: 'sharing_request',
        objectId: request.id,
        link: `/api/v1/sharing-requests/${request.id}`,
        occurredAt: e.occurredAt,
        data: {
          resourceId: request.resourceId,
          resourceName: request.resourceName,
          producerDepartmentName: request.producerDepartmentName,
          consumerDepartmentName: request.consumerDepartmentName,
          provisionMode: request.provisionMode,
          status: request.status,
          dueDate: request.dueDate,
          ...eventFacts(e),
        },
      });
    }
    return notices;
  }

  // ---- 2. deadlines ----------------------------------------------------------------------------

  /** Notifications of deadlines two working days away and of overdue items, once each; the number added. */
  async scanDeadlines(): Promise<number> {
    const withWebhook = new Set(await this.store.departmentsWithWebhook(this.deps.db));
    if (withWebhook.size === 0) return 0;
    const now = this.deps.clock.now();
    const at = now.toISOString();
    const calendar = await this.deps.calendar.calendar();
    const horizon = calendar.addWorkingDays(shanghaiDate(now), DEADLINE_NOTICE_WORKING_DAYS);
    const [requests, projects, deliveries] = await Promise.all([
      this.deps.sharing.awaitingAnswer(SCAN_LIMIT),
      this.deps.projects.unregistered(null, SCAN_LIMIT),
      this.deps.exchange.overdueOf(null),
    ]);
    const notices: Notice[] = [];
    for (const r of requests) {
      if (!r.dueDate || !withWebhook.has(r.producerDepartmentId)) continue;
      const type: NotificationEvent | null = r.overdue
        ? 'sharing_request.overdue'
        : r.dueDate <= horizon
          ? 'sharing_request.deadline_approaching'
          : null;
      if (!type) continue;
      notices.push({
        type,
        key: `${type}:${r.id}:${r.dueDate}`,
        departmentIds: [r.producerDepartmentId],
        objectType: 'sharing_request',
        objectId: r.id,
        link: `/api/v1/sharing-requests/${r.id}`,
        occurredAt: at,
        data: {
          resourceId: r.resourceId,
          resourceName: r.resourceName,
          consumerDepartmentName: r.consumerDepartmentName,
          dueDate: r.dueDate,
          dueAt: r.dueAt,
          overdueWorkingDays: r.overdueWorkingDays,
        },
      });
    }
    for (const p of projects) {
      if (!p.registrationDueDate || !withWebhook.has(p.ownerDepartmentId)) continue;
      const type: NotificationEvent | null = p.registrationOverdue
        ? 'registration.overdue'
        : p.registrationDueDate <= horizon
          ? 'registration.deadline_approaching'
          : null;
      if (!type) continue;
      notices.push({
        type,
        key: `${type}:${p.id}:${p.registrationDueDate}`,
        departmentIds: [p.ownerDepartmentId],
        objectType: 'project',
        objectId: p.id,
        link: `/api/v1/projects/${p.id}`,
        occurredAt: at,
        data: { projectName: p.name, projectCode: p.code, acceptedAt: p.acceptedAt, dueDate: p.registrationDueDate },
      });
    }
    for (const d of deliveries) {
      if (!withWebhook.has(d.departmentId)) continue;
      notices.push({
        type: 'delivery.overdue',
        key: `delivery.overdue:${d.resourceId}:${d.dueBy}`,
        departmentIds: [d.departmentId],
        objectType: 'resource',
        objectId: d.resourceId,
        link: `/api/v1/resources/${d.resourceId}/deliveries`,
        occurredAt: at,
        data: { resourceName: d.resourceName, updateCycle: d.updateCycle, lastDeliveredAt: d.lastDeliveredAt, dueBy: d.dueBy },
      });
    }
    if (notices.length === 0) return 0;
    return transaction(this.deps.db, (tx) => this.store.addDeliveries(tx, this.deliveriesOf(notices, withWebhook)));
  }

  private deliveriesOf(notices: Notice[], withWebhook: Set<string>): NewDelivery[] {
    const at = this.deps.clock.now().toISOString();
    return notices.flatMap((n) =>
      [...new Set(n.departmentIds)]
        .filter((d): d is string => typeof d === 'string' && withWebhook.has(d))
        .map((departmentId) => {
          const id = randomUUID();
          return {
            id,
            departmentId,
            eventKey: n.key,
            eventType: n.type,
            objectType: n.objectType,
            objectId: n.objectId,
            createdAt: at,
            payload: {
              id,
              type: n.type,
              title: notificationEvents[n.type],
              occurredAt: n.occurredAt,
              departmentId,
              object: { type: n.objectType, id: n.objectId, link: n.link },
              data: n.data,
            },
          };
        }),
    );
  }

  // ---- 3. sending ------------------------------------------------------------------------------

  /** Sends what is due, batch by batch, until nothing is. */
  async sendDue(): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    for (;;) {
      const token = randomUUID();
      const now = this.deps.clock.now();
      const claimed = await transaction(this.deps.db, (tx) =>
        this.store.claimDue(tx, now.toISOString(), new Date(now.getTime() + CLAIM_LEASE_MS).toISOString(), token, CLAIMS_PER_BATCH),
      );
      if (claimed.length === 0) return { delivered, failed };
      const webhooks = await this.store.webhooksOf(
        this.deps.db,
        claimed.map((r) => r.department_id as string),
      );
      const outcomes = await Promise.all(
        claimed.map((row) =>
          this.attempt(
            row.id as string,
            token,
            Number(row.attempts) + 1,
            row.payload_json as string,
            row.event_type as string,
            webhooks.get(row.department_id as string) ?? null,
          ),
        ),
      );
      delivered += outcomes.filter(Boolean).length;
      failed += outcomes.filter((ok) => !ok).length;
    }
  }

  private async attempt(
    id: string,
    token: string,
    number: number,
    body: string,
    eventType: string,
    webhook: { url: string; secret: string } | null,
  ): Promise<boolean> {
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    const at = this.deps.clock.now();
    if (!webhook) {
      error = '部门已删除 webhook (the department removed its webhook)';
    } else {
      const timestamp = String(Math.floor(at.getTime() / 1000));
      try {
        statusCode = await this.deps.forwarder.postForStatus(webhook.url, Buffer.from(body), {
          'User-Agent': 'catalog-exchange-webhooks/1',
          'X-Webhook-Id': id,
          'X-Webhook-Event': eventType,
          'X-Webhook-Timestamp': timestamp,
          'X-Webhook-Signature': webhookSignature(webhook.secret, timestamp, body),
        });
        if (statusCode < 200 || statusCode > 299) error = `接收方答复状态码 ${statusCode} (the receiver answered ${statusCode})`;
      } catch (err) {
        error = (err instanceof AppError ? err.message : String((err as Error).message ?? err)).slice(0, 500);
      }
    }
    const ok = error === null;
    const after = this.deps.clock.now();
    const delay = ok || !webhook ? null : retryDelayMs(number, Math.random());
    const status = ok ? 'delivered' : delay === null || number >= MAX_ATTEMPTS ? 'failed' : 'pending';
    await transaction(this.deps.db, (tx) =>
      this.store.recordAttempt(
        tx,
        id,
        token,
        { id: randomUUID(), number, at: at.toISOString(), statusCode, error, durationMs: Math.round(performance.now() - started) },
        {
          status,
          nextAttemptAt: new Date(after.getTime() + (status === 'pending' ? delay! : 0)).toISOString(),
          deliveredAt: ok ? after.toISOString() : null,
        },
      ),
    );
    return ok;
  }
}

/** The audit actions on a request that may notify someone. */
const ACTIONS: Record<string, true> = {
  'sharing_request.submitted': true,
  'sharing_request.approved': true,
  'sharing_request.rejected': true,
  'sharing_request.escalated': true,
  'sharing_request.decided': true,
};

/** What the event itself says, beyond the request as it stands (the reason given, the ground of an escalation, the bureau's decision). */
function eventFacts(e: TrailEvent): Record<string, unknown> {
  const d = e.details as Record<string, unknown>;
  const facts: Record<string, unknown> = { action: e.action };
  for (const key of ['reason', 'decision', 'ground', 'grantId']) if (d[key] !== undefined) facts[key] = d[key];
  return facts;
}
