import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Actor } from '../../domain/actor';
import { applyKeysetAfter, decodeCursor, keysetPage, Page, pageOf, SortSpec } from '../../db/pagination';
import { Conn, Tx } from '../../db/database';
import { dialectOf } from '../../db/knex';
import { parseJson, Row, toIso } from '../../db/rows';
import { chainHash } from '../../domain/audit-chain';
import { canonicalInstant } from '../../domain/instants';

export interface AuditInput {
  action: string;
  objectType: string;
  objectId: string;
  details?: Record<string, unknown>;
  /** The departments the object belongs to (owner first): they may read the event. */
  departments?: Array<string | null | undefined>;
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
 * The departments an object belongs to, so they can read the events about it: found here once
 * for every kind of object, rather than remembered by every caller.
 */
async function departmentsConcerned(trx: Knex.Transaction, objectType: string, objectId: string): Promise<Array<string | null>> {
  const one = async (q: Knex.QueryBuilder, ...columns: string[]) => {
    const row = await q.first(columns);
    return row ? columns.map((c) => (row[c.split(' as ').pop()!.split('.').pop()!] as string | null) ?? null) : [];
  };
  switch (objectType) {
    case 'resource':
      return one(trx('resources').where({ id: objectId }), 'department_id');
    case 'project':
      return one(trx('projects').where({ id: objectId }), 'owner_department_id');
    case 'sharing_request':
      return one(trx('sharing_requests').where({ id: objectId }), 'producer_department_id', 'consumer_department_id');
    case 'grant':
      return one(trx('grants').where({ id: objectId }), 'producer_department_id', 'consumer_department_id');
    case 'connection':
      return one(
        trx('onboarding_connections as c').join('resources as r', 'r.id', 'c.resource_id').where('c.id', objectId),
        'r.department_id',
      );
    case 'user':
      return one(trx('users').where({ id: objectId }), 'department_id');
    case 'token':
      return one(trx('api_tokens as t').join('users as u', 'u.id', 't.user_id').where('t.id', objectId), 'u.department_id');
    case 'department':
      return [objectId];
    default:
      return [];
  }
}

/**
 * Appends an audit event, chained to the one before (AuditService.record is how areas call it;
 * seeds and tests call it directly). Always called with the transaction of the change it
 * records, so the change and its event commit together or not at all. The chain's head
 * row is locked for the rest of the transaction (PostgreSQL; SQLite has one writer anyway), so
 * concurrent writers append one after another and the chain never forks.
 */
export async function recordAudit(trx: Knex.Transaction, actor: Actor | null, at: Date, event: AuditInput): Promise<void> {
  const headQuery = trx('audit_chain_head').where({ id: 1 });
  const head = dialectOf(trx) === 'postgres' ? await headQuery.forUpdate().first() : await headQuery.first();
  const [objectDepartment, relatedDepartment] = event.departments ?? (await departmentsConcerned(trx, event.objectType, event.objectId));
  const row: Record<string, unknown> = {
    seq: Number(head.last_seq) + 1,
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
    object_department_id: objectDepartment ?? null,
    related_department_id: relatedDepartment && relatedDepartment !== objectDepartment ? relatedDepartment : null,
    prev_hash: head.last_hash,
  };
  row.hash = chainHash(head.last_hash as string, row);
  await trx('audit_events').insert(row);
  await trx('audit_chain_head').where({ id: 1 }).update({ last_seq: row.seq, last_hash: row.hash });
}

export interface AuditFilter {
  objectType?: string;
  objectId?: string;
  action?: string;
  userId?: string;
  departmentId?: string;
  /** Events at or after this instant (UTC ISO text). */
  occurredFrom?: string;
  /** Events before this instant (UTC ISO text): the range is half open. */
  occurredTo?: string;
  limit: number;
  cursor?: string;
}

// The sequence is unique, so it alone orders and keys the pages.
const newestFirst: SortSpec = { name: 'seq', keys: [{ sql: 'seq', type: 'integer', direction: 'desc' }] };

// A page of a time range is read newest first by occurrence time, then by sequence: the order of
// the index on (occurred_at, seq), so a page reads its rows from the index and stops. In sequence
// order both planners walk the primary key back from the newest event and filter by time — they
// take time and sequence as unrelated — which for a week long past reads every event since
// (measured: 148,000 rows for 50 at 200,000 events; docs/audit.md). The two orders agree but for
// events whose clocks crossed: two writers on PostgreSQL that took their times in one order and
// the chain's lock in the other, milliseconds apart.
const newestFirstByTime: SortSpec = {
  name: 'occurred',
  keys: [
    { sql: 'occurred_at', type: 'timestamp', direction: 'desc' },
    { sql: 'seq', type: 'integer', direction: 'desc' },
  ],
};

function toEvent(row: Row): AuditEvent {
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
  /** Events in the trail, newest first, filtered; `departmentScope`: only what that department may read. */
  async list(db: Conn, filter: AuditFilter, departmentScope: string | null): Promise<Page<AuditEvent>> {
    const qb = db('audit_events').select('*');
    if (departmentScope) {
      // A department reads the events it caused and those about objects it may see. A sharing
      // request belongs to its producer (object department) only once submitted — a draft, and
      // a draft cancelled unsubmitted, are the consumer's own (src/domain/visibility.ts) — so
      // the producer reads a request's events from its submission on, its earlier ones included.
      qb.where((w) =>
        w
          .where('department_id', departmentScope)
          .orWhere('related_department_id', departmentScope)
          .orWhere((o) =>
            o
              .where('object_department_id', departmentScope)
              .andWhere((v) =>
                v
                  .whereNot('object_type', 'sharing_request')
                  .orWhereExists((e) =>
                    e
                      .select(db.raw('1'))
                      .from('sharing_requests as r')
                      .whereRaw('r.id = audit_events.object_id')
                      .whereNotNull('r.submitted_at'),
                  ),
              ),
          ),
      );
    }
    if (filter.objectType) qb.where('object_type', filter.objectType);
    if (filter.objectId) qb.where('object_id', filter.objectId);
    if (filter.action) qb.where('action', filter.action);
    if (filter.userId) qb.where('user_id', filter.userId);
    if (filter.departmentId) qb.where('department_id', filter.departmentId);
    if (filter.occurredFrom === undefined && filter.occurredTo === undefined)
      return keysetPage(qb, dialectOf(db), newestFirst, filter, (r: Row) => [Number(r.seq)], toEvent);
    // A time range: read in the order of the index on (occurred_at, seq) (migration
    // 20261207010000). The cursor's time also bounds the range from above, which the index seeks
    // to, so a later page does not walk past the earlier pages' rows again.
    if (filter.occurredFrom) qb.where('occurred_at', '>=', filter.occurredFrom);
    if (filter.occurredTo) qb.where('occurred_at', '<', filter.occurredTo);
    const after = filter.cursor ? decodeCursor(newestFirstByTime, filter.cursor) : undefined;
    if (after) {
      after[0] = canonicalInstant(after[0] as string);
      qb.where('occurred_at', '<=', after[0]);
    }
    applyKeysetAfter(qb, dialectOf(db), newestFirstByTime, after);
    const rows: Row[] = await qb.limit(filter.limit + 1);
    return pageOf(rows, filter.limit, newestFirstByTime, (r) => [toIso(r.occurred_at), Number(r.seq)], toEvent);
  }

  /** Up to `limit` raw event rows after `seq`, in order (the chain's verification walks them). */
  async eventRowsAfter(db: Conn, seq: number, limit: number): Promise<Row[]> {
    return db('audit_events').where('seq', '>', seq).orderBy('seq').limit(limit);
  }

  async head(db: Conn): Promise<{ lastSeq: number; lastHash: string } | null> {
    const head = await db('audit_chain_head').where({ id: 1 }).first();
    return head ? { lastSeq: Number(head.last_seq), lastHash: head.last_hash as string } : null;
  }

  /** Every checkpoint, oldest first; or the `limit` newest, newest first. */
  async checkpoints(db: Conn, newest?: number): Promise<Checkpoint[]> {
    const rows: Row[] = newest
      ? await db('audit_checkpoints').orderBy('id', 'desc').limit(newest)
      : await db('audit_checkpoints').orderBy('id');
    return rows.map(toCheckpoint);
  }

  async insertCheckpoint(tx: Tx, c: Omit<Checkpoint, 'id'>): Promise<Checkpoint> {
    const [inserted] = await tx('audit_checkpoints')
      .insert({ event_seq: c.eventSeq, head_hash: c.headHash, signed_at: c.signedAt, key_id: c.keyId, signature: c.signature })
      .returning('id');
    const id = typeof inserted === 'object' ? Number((inserted as { id: number }).id) : Number(inserted);
    return { id, ...c };
  }
}

export interface Checkpoint {
  id: number;
  eventSeq: number;
  headHash: string;
  signedAt: string;
  keyId: string;
  signature: string;
}

function toCheckpoint(r: Row): Checkpoint {
  return {
    id: Number(r.id),
    eventSeq: Number(r.event_seq),
    headHash: r.head_hash as string,
    signedAt: toIso(r.signed_at),
    keyId: r.key_id as string,
    signature: r.signature as string,
  };
}

/** An event as the notifications read it: its place in the trail and the departments it concerns. */
export interface TrailEvent extends AuditEvent {
  seq: number;
  objectDepartmentId: string | null;
  relatedDepartmentId: string | null;
}

export function toTrailEvent(row: Row): TrailEvent {
  return {
    ...toEvent(row),
    seq: Number(row.seq),
    objectDepartmentId: (row.object_department_id as string | null) ?? null,
    relatedDepartmentId: (row.related_department_id as string | null) ?? null,
  };
}
