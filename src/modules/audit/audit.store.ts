import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Actor } from '../../domain/actor';
import { applyKeyset, pageOf, SortSpec } from '../../db/pagination';
import { dialectOf } from '../../db/knex';
import { parseJson, toIso } from '../../db/rows';

export interface AuditInput {
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  id: string;
  occurredAt: string;
  userId: string | null;
  departmentId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  result: 'success';
  requestId: string | null;
  clientAddress: string | null;
  details: Record<string, unknown>;
}

/**
 * Appends an audit event. Always called with the transaction of the change it records, so the
 * change and its event commit together or not at all.
 */
export async function recordAudit(trx: Knex.Transaction, actor: Actor | null, at: Date, event: AuditInput): Promise<void> {
  await trx('audit_events').insert({
    id: randomUUID(),
    occurred_at: at.toISOString(),
    user_id: actor?.userId ?? null,
    department_id: actor?.departmentId ?? null,
    action: event.action,
    object_type: event.objectType,
    object_id: event.objectId,
    result: 'success',
    request_id: actor?.requestId ?? null,
    client_address: actor?.clientAddress ?? null,
    details_json: JSON.stringify(event.details ?? {}),
  });
}

export interface AuditFilter {
  objectType?: string;
  objectId?: string;
  action?: string;
  userId?: string;
  departmentId?: string;
  limit: number;
  cursor?: string;
}

// The sequence is unique, so it alone orders and keys the pages.
const newestFirst: SortSpec = { name: 'seq', keys: [{ sql: 'seq', direction: 'desc' }] };

type AuditRow = Record<string, unknown>;

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id as string,
    occurredAt: toIso(row.occurred_at),
    userId: (row.user_id as string | null) ?? null,
    departmentId: (row.department_id as string | null) ?? null,
    action: row.action as string,
    objectType: row.object_type as string,
    objectId: row.object_id as string,
    result: 'success',
    requestId: (row.request_id as string | null) ?? null,
    clientAddress: (row.client_address as string | null) ?? null,
    details: parseJson(row.details_json, {}),
  };
}

export class AuditStore {
  constructor(private readonly db: Knex) {}

  async list(filter: AuditFilter) {
    const qb = this.db('audit_events').select('*');
    if (filter.objectType) qb.where('object_type', filter.objectType);
    if (filter.objectId) qb.where('object_id', filter.objectId);
    if (filter.action) qb.where('action', filter.action);
    if (filter.userId) qb.where('user_id', filter.userId);
    if (filter.departmentId) qb.where('department_id', filter.departmentId);
    applyKeyset(qb, dialectOf(this.db), newestFirst, filter.cursor);
    const rows: AuditRow[] = await qb.limit(filter.limit + 1);
    return pageOf(rows, filter.limit, newestFirst, (r) => [Number(r.seq)], toEvent);
  }
}
