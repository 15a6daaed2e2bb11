import { Knex } from 'knex';
import { Conn, Database } from '../db/database';
import { translateDbError } from '../db/errors';
import { groupCommitOf } from '../db/group-commit';
import { Row, toIso, toIsoOrNull } from '../db/rows';

// The idempotency_keys table (ADR 0013): one claim per (user, key), its request's fingerprint, and
// once settled the answer (never one holding a secret) or, committed with the write, the object made.

export interface IdempotencyClaim {
  fingerprint: string;
  createdAt: Date;
  statusCode: number | null;
  responseJson: string | null;
  committedAt: string | null;
  objectType: string | null;
  objectId: string | null;
}

const toClaim = (row: Row): IdempotencyClaim => ({
  fingerprint: row.fingerprint as string,
  createdAt: new Date(toIso(row.created_at)),
  statusCode: row.status_code === null || row.status_code === undefined ? null : Number(row.status_code),
  responseJson: (row.response_json as string | null) ?? null,
  committedAt: toIsoOrNull(row.committed_at),
  objectType: (row.object_type as string | null) ?? null,
  objectId: (row.object_id as string | null) ?? null,
});

export class IdempotencyStore {
  constructor(private readonly db: Database) {}

  async find(userId: string, key: string): Promise<IdempotencyClaim | null> {
    const row = await this.db('idempotency_keys').where({ user_id: userId, idempotency_key: key }).first();
    return row ? toClaim(row) : null;
  }

  /** Claims the key (after deleting a stale record of it); false when another request holds it. */
  async claim(userId: string, key: string, fingerprint: string, at: Date, replacing: boolean): Promise<boolean> {
    try {
      if (replacing) await this.db('idempotency_keys').where({ user_id: userId, idempotency_key: key }).delete();
      await this.db('idempotency_keys').insert({
        user_id: userId,
        idempotency_key: key,
        fingerprint,
        status_code: null,
        response_json: null,
        created_at: at.toISOString(),
      });
      return true;
    } catch (err) {
      // Another instance claimed the same key at the same moment: the primary key refused this one.
      if (translateDbError(err)?.code === 'already_exists') return false;
      throw err;
    }
  }

  /**
   * Marks the claim done inside the write's own transaction, naming the object made (the first
   * audit event of the write names it); a later event of the same write changes nothing.
   */
  async markCommitted(tx: Knex.Transaction, userId: string, key: string, objectType: string, objectId: string, at: string): Promise<void> {
    await tx('idempotency_keys')
      .where({ user_id: userId, idempotency_key: key })
      .whereNull('committed_at')
      .update({ committed_at: at, object_type: objectType, object_id: objectId });
  }

  /**
   * Settles the claim after the answer: keeps a success's status and body (null for a body that
   * holds a secret), or releases a failed attempt's claim that never committed. Resolves once the
   * record is on disk (a SQLite file syncs by group commit, ADR 0020), so a retry always finds it.
   */
  async settle(userId: string, key: string, statusCode: number, responseJson: string | null): Promise<void> {
    const where = { user_id: userId, idempotency_key: key };
    if (statusCode >= 200 && statusCode < 300) {
      await this.db('idempotency_keys').where(where).update({ status_code: statusCode, response_json: responseJson });
    } else {
      await this.db('idempotency_keys').where(where).whereNull('committed_at').delete();
    }
    await groupCommitOf(this.db)?.durable();
  }

  /** Deletes records older than `keepMs` and claims abandoned uncommitted for over `staleMs`; how many. */
  async purge(at: Date, keepMs: number, staleMs: number, db: Conn = this.db): Promise<number> {
    const expired = await db('idempotency_keys')
      .where('created_at', '<', new Date(at.getTime() - keepMs).toISOString())
      .delete();
    const abandoned = await db('idempotency_keys')
      .where('created_at', '<', new Date(at.getTime() - staleMs).toISOString())
      .whereNull('committed_at')
      .whereNull('status_code')
      .delete();
    return Number(expired) + Number(abandoned);
  }
}
