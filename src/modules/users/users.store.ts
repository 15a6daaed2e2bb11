import { Knex } from 'knex';
import { Role } from '../../domain/actor';
import { parseJson, toBool, toIso, toIsoOrNull } from '../../db/rows';
import { Schema } from '../../http/api-types';
import { DECLINED, tryGet } from '../../db/sqlite-direct';
import { LockMode, updateAtVersion, withLock, withRowVersion } from '../../db/versions';

export type User = Schema<'User'>;
export type Token = Schema<'Token'>;
type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

/** The knex query of findTokenOwner, as SQL for a direct read (the same columns). */
const TOKEN_OWNER_SQL =
  'SELECT u.*, t.expires_at AS token_expires_at, t.revoked_at AS token_revoked_at FROM api_tokens AS t JOIN users AS u ON u.id = t.user_id WHERE t.token_hash = ? LIMIT 1';

export function toUser(row: Row): User {
  return withRowVersion(
    {
      id: row.id as string,
      name: row.name as string,
      departmentId: row.department_id as string,
      roles: parseJson<Role[]>(row.roles_json, []),
      active: toBool(row.active),
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    },
    row.row_version as number | undefined,
  );
}

export function toToken(row: Row): Token {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    name: row.name as string,
    createdAt: toIso(row.created_at),
    expiresAt: toIsoOrNull(row.expires_at),
    revokedAt: toIsoOrNull(row.revoked_at),
  };
}

export interface LiveToken {
  id: string;
  userId: string;
  userName: string;
  expiresAt: string | null;
}

export interface TokenOwner {
  user: User;
  expiresAt: string | null;
  revokedAt: string | null;
}

export class UserStore {
  /** A user; with `lock`, the row locked for the rest of the caller's transaction first (PostgreSQL). */
  async findById(db: Db, id: string, lock?: LockMode): Promise<User | null> {
    const q = db('users').where({ id });
    const row = await (lock ? withLock(db, q, lock) : q).first();
    return row ? toUser(row) : null;
  }

  async insert(db: Knex.Transaction, u: User): Promise<void> {
    await db('users').insert({
      id: u.id,
      name: u.name,
      department_id: u.departmentId,
      roles_json: JSON.stringify(u.roles),
      active: u.active,
      created_at: u.createdAt,
      updated_at: u.updatedAt,
    });
  }

  /** Writes a user decided on at row version `decidedAt`; returns the new version (409 if the row moved). */
  async update(db: Knex.Transaction, u: User, decidedAt: number): Promise<number> {
    return updateAtVersion(db, 'users', u.id, decidedAt, {
      name: u.name,
      roles_json: JSON.stringify(u.roles),
      active: u.active,
      updated_at: u.updatedAt,
    });
  }

  listQuery(db: Knex): Knex.QueryBuilder {
    return db('users').select('*');
  }

  async insertToken(db: Knex.Transaction, t: Token, hash: string): Promise<void> {
    await db('api_tokens').insert({
      id: t.id,
      user_id: t.userId,
      name: t.name,
      token_hash: hash,
      created_at: t.createdAt,
      expires_at: t.expiresAt,
      revoked_at: t.revokedAt,
    });
  }

  async findToken(db: Db, userId: string, tokenId: string): Promise<Token | null> {
    const row = await db('api_tokens').where({ id: tokenId, user_id: userId }).first();
    return row ? toToken(row) : null;
  }

  async listTokens(db: Db, userId: string): Promise<Token[]> {
    const rows = await db('api_tokens')
      .where({ user_id: userId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toToken);
  }

  /**
   * Revokes a token that is not revoked yet; false when it already was. The guard is in the
   * statement, so of two revocations racing (on PostgreSQL the second waits for the first's row
   * lock, then finds the row revoked) exactly one changes the row.
   */
  async revokeToken(db: Knex.Transaction, tokenId: string, at: string): Promise<boolean> {
    const changed = await db('api_tokens').where({ id: tokenId }).whereNull('revoked_at').update({ revoked_at: at });
    return Number(changed) === 1;
  }

  /** The tokens among these hashes that still let their holder in: not revoked, not expired at `now`, their user active. */
  async findLiveTokens(db: Db, hashes: string[], now: Date): Promise<LiveToken[]> {
    if (hashes.length === 0) return [];
    const rows: Row[] = await db('api_tokens as t')
      .join('users as u', 'u.id', 't.user_id')
      .whereIn('t.token_hash', hashes)
      .whereNull('t.revoked_at')
      .where('u.active', true)
      .orderBy('t.id')
      .select('t.id', 't.user_id', 'u.name as user_name', 't.expires_at');
    return rows
      .map((r) => ({
        id: r.id as string,
        userId: r.user_id as string,
        userName: r.user_name as string,
        expiresAt: toIsoOrNull(r.expires_at),
      }))
      .filter((t) => t.expiresAt === null || new Date(t.expiresAt).getTime() > now.getTime());
  }

  async findTokenOwner(db: Db, hash: string): Promise<TokenOwner | null> {
    // Read by every authenticated request: directly on SQLite's connection where it can (ADR 0019).
    const direct = tryGet<Row>(db as Knex, TOKEN_OWNER_SQL, hash);
    const row =
      direct !== DECLINED
        ? direct
        : await db('api_tokens as t')
            .join('users as u', 'u.id', 't.user_id')
            .where('t.token_hash', hash)
            .select('u.*', 't.expires_at as token_expires_at', 't.revoked_at as token_revoked_at')
            .first();
    if (!row) return null;
    return { user: toUser(row), expiresAt: toIsoOrNull(row.token_expires_at), revokedAt: toIsoOrNull(row.token_revoked_at) };
  }
}
