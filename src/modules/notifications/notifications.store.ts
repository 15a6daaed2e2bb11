import { Conn, Tx } from '../../db/database';
import { dialectOf } from '../../db/knex';
import { keysetPage, Page, PageRequest, sortBy } from '../../db/pagination';
import { parseJson, Row, toIso, toIsoOrNull } from '../../db/rows';

// Departments' webhooks, the outbox of notifications (webhook_deliveries), each attempt, and the
// dispatcher's cursor in the audit trail (ADR 0041).

export interface Webhook {
  departmentId: string;
  url: string;
  secret: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewDelivery {
  id: string;
  departmentId: string;
  eventKey: string;
  eventType: string;
  objectType: string;
  objectId: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface Delivery {
  id: string;
  departmentId: string;
  eventType: string;
  objectType: string;
  objectId: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface Attempt {
  attempt: number;
  attemptedAt: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

function toWebhook(r: Row): Webhook {
  return {
    departmentId: r.department_id as string,
    url: r.url as string,
    secret: r.secret as string,
    updatedBy: r.updated_by as string,
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
  };
}

function toDelivery(r: Row): Delivery {
  const status = r.status as Delivery['status'];
  return {
    id: r.id as string,
    departmentId: r.department_id as string,
    eventType: r.event_type as string,
    objectType: r.object_type as string,
    objectId: r.object_id as string,
    payload: parseJson(r.payload_json, {}),
    status,
    attempts: Number(r.attempts),
    nextAttemptAt: status === 'pending' ? toIso(r.next_attempt_at) : null,
    lastStatusCode: r.last_status_code === null || r.last_status_code === undefined ? null : Number(r.last_status_code),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: toIso(r.created_at),
    deliveredAt: toIsoOrNull(r.delivered_at),
  };
}

const newestFirst = sortBy('createdAt', 'created_at', 'desc', 'id', 'timestamp');

export class NotificationsStore {
  // ---- webhooks ------------------------------------------------------------------------------

  async findWebhook(db: Conn, departmentId: string): Promise<Webhook | null> {
    const row = await db('department_webhooks').where({ department_id: departmentId }).first();
    return row ? toWebhook(row) : null;
  }

  /** Every department's webhook, by department. */
  async webhooksOf(db: Conn, departmentIds: string[]): Promise<Map<string, Webhook>> {
    if (departmentIds.length === 0) return new Map();
    const rows: Row[] = await db('department_webhooks').whereIn('department_id', [...new Set(departmentIds)]);
    return new Map(rows.map((r) => [r.department_id as string, toWebhook(r)]));
  }

  /** The departments that have a webhook. */
  async departmentsWithWebhook(db: Conn): Promise<string[]> {
    return (await db('department_webhooks').select('department_id')).map((r: Row) => r.department_id as string);
  }

  async saveWebhook(tx: Tx, w: Webhook, exists: boolean): Promise<void> {
    const row = { url: w.url, secret: w.secret, updated_by: w.updatedBy, updated_at: w.updatedAt };
    if (exists) await tx('department_webhooks').where({ department_id: w.departmentId }).update(row);
    else await tx('department_webhooks').insert({ ...row, department_id: w.departmentId, created_at: w.createdAt });
  }

  async deleteWebhook(tx: Tx, departmentId: string): Promise<boolean> {
    return (await tx('department_webhooks').where({ department_id: departmentId }).delete()) === 1;
  }

  // ---- the cursor in the audit trail -----------------------------------------------------------

  /** The sequence of the last audit event turned into notifications, locked for the caller's transaction on PostgreSQL. */
  async lockCursor(tx: Tx): Promise<number> {
    const q = tx('notification_cursor').where({ id: 1 });
    const row = dialectOf(tx) === 'postgres' ? await q.forUpdate().first() : await q.first();
    return Number(row.last_seq);
  }

  async moveCursor(tx: Tx, seq: number): Promise<void> {
    await tx('notification_cursor').where({ id: 1 }).update({ last_seq: seq });
  }

  // ---- the outbox ------------------------------------------------------------------------------

  /** Adds notifications; one whose (department, key) is already there is left as it is. The number added. */
  async addDeliveries(tx: Conn, deliveries: NewDelivery[]): Promise<number> {
    let added = 0;
    for (const d of deliveries) {
      const result: unknown = await tx('webhook_deliveries')
        .insert({
          id: d.id,
          department_id: d.departmentId,
          event_key: d.eventKey,
          event_type: d.eventType,
          object_type: d.objectType,
          object_id: d.objectId,
          payload_json: JSON.stringify(d.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_at: d.createdAt,
          created_at: d.createdAt,
        })
        .onConflict(['department_id', 'event_key'])
        .ignore()
        .returning('id');
      if (Array.isArray(result) && result.length > 0) added += 1;
    }
    return added;
  }

  /**
   * Claims up to `limit` deliveries due at `now` for `until`: no other dispatcher takes them
   * while the claim stands. PostgreSQL: the due rows are locked and skipped by other claimers
   * (FOR UPDATE SKIP LOCKED), then marked; SQLite has one writer, so the update alone decides.
   * Either way a row is claimed only where no live claim stands.
   */
  async claimDue(tx: Tx, now: string, until: string, token: string, limit: number): Promise<Row[]> {
    const due = tx('webhook_deliveries')
      .where('status', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .orderBy([{ column: 'next_attempt_at' }, { column: 'id' }])
      .limit(limit)
      .select('id');
    const ids: string[] = (dialectOf(tx) === 'postgres' ? await due.forUpdate().skipLocked() : await due).map((r: Row) => r.id as string);
    if (ids.length === 0) return [];
    await tx('webhook_deliveries')
      .whereIn('id', ids)
      .where((w) => w.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .update({ claimed_until: until, claim_token: token });
    return tx('webhook_deliveries').whereIn('id', ids).where('claim_token', token);
  }

  /** Records an attempt and its outcome, if the claim still stands; false when another dispatcher took the row over. */
  async recordAttempt(
    tx: Tx,
    id: string,
    token: string,
    attempt: { id: string; number: number; at: string; statusCode: number | null; error: string | null; durationMs: number },
    outcome: { status: Delivery['status']; nextAttemptAt: string; deliveredAt: string | null },
  ): Promise<boolean> {
    const updated = await tx('webhook_deliveries').where({ id, claim_token: token }).update({
      status: outcome.status,
      attempts: attempt.number,
      next_attempt_at: outcome.nextAttemptAt,
      claimed_until: null,
      claim_token: null,
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
      delivered_at: outcome.deliveredAt,
    });
    if (updated !== 1) return false;
    await tx('webhook_attempts').insert({
      id: attempt.id,
      delivery_id: id,
      attempt: attempt.number,
      attempted_at: attempt.at,
      status_code: attempt.statusCode,
      error: attempt.error,
      duration_ms: attempt.durationMs,
    });
    return true;
  }

  /** A department's deliveries, newest first, a page at a time. */
  listDeliveries(db: Conn, departmentId: string, status: string | undefined, page: PageRequest): Promise<Page<Delivery>> {
    const qb = db('webhook_deliveries').where({ department_id: departmentId }).select('*');
    if (status) qb.where({ status });
    return keysetPage(qb, dialectOf(db), newestFirst, page, (r: Row) => [toIso(r.created_at), r.id as string], toDelivery);
  }

  /** The attempts of these deliveries, in order, by delivery. */
  async attemptsOf(db: Conn, deliveryIds: string[]): Promise<Map<string, Attempt[]>> {
    const byDelivery = new Map<string, Attempt[]>(deliveryIds.map((id) => [id, []]));
    if (deliveryIds.length === 0) return byDelivery;
    const rows: Row[] = await db('webhook_attempts')
      .whereIn('delivery_id', deliveryIds)
      .orderBy([{ column: 'delivery_id' }, { column: 'attempt' }]);
    for (const r of rows) {
      byDelivery.get(r.delivery_id as string)!.push({
        attempt: Number(r.attempt),
        attemptedAt: toIso(r.attempted_at),
        statusCode: r.status_code === null || r.status_code === undefined ? null : Number(r.status_code),
        error: (r.error as string | null) ?? null,
        durationMs: Number(r.duration_ms),
      });
    }
    return byDelivery;
  }
}
