import { Knex } from 'knex';
import { Conn, Tx } from '../../db/database';
import { dialectOf } from '../../db/knex';
import { KeptWhileUnchanged } from '../../db/kept-while-unchanged';
import { keysetPage, Page, PageRequest, sortBy } from '../../db/pagination';
import { Role } from '../../domain/actor';
import { Row, parseJson, toBool, toIso, toIsoOrNull } from '../../db/rows';
import { Schema } from '../../http/api-types';
import { DECLINED, tryGet } from '../../db/sqlite-direct';
import { LockMode, updateAtVersion, withLock, withRowVersion } from '../../db/versions';

export type User = Schema<'User'>;
export type Token = Schema<'Token'>;

/** The knex query of findTokenOwner, as SQL for a direct read (the same columns). */
const TOKEN_OWNER_SQL =
  'SELECT u.*, t.expires_at AS token_expires_at, t.revoked_at AS token_revoked_at FROM api_tokens AS t JOIN users AS u ON u.id = t.user_id WHERE t.token_hash = ? LIMIT 1';

export function toUser(row: Row): User {
  return withRowVersion(
    {
      id: row.id as string,
      name: row.name as string,
      loginName: (row.login_name as string | null | undefined) ?? null,
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

const byCreation = sortBy('createdAt', 'created_at', 'asc', 'id', 'timestamp');

export class UserStore {
  private readonly owners = new KeptWhileUnchanged<TokenOwner>(10_000);

  /** A user; with `lock`, the row locked for the rest of the caller's transaction first (PostgreSQL). */
  async findById(db: Conn, id: string, lock?: LockMode): Promise<User | null> {
    const q = db('users').where({ id });
    const row = await (lock ? withLock(db, q, lock) : q).first();
    return row ? toUser(row) : null;
  }

  async insert(db: Tx, u: User): Promise<void> {
    await db('users').insert({
      id: u.id,
      name: u.name,
      login_name: u.loginName,
      department_id: u.departmentId,
      roles_json: JSON.stringify(u.roles),
      active: u.active,
      created_at: u.createdAt,
      updated_at: u.updatedAt,
    });
  }

  /** Writes a user decided on at row version `decidedAt`; returns the new version (409 if the row moved). */
  async update(db: Tx, u: User, decidedAt: number): Promise<number> {
    return updateAtVersion(db, 'users', u.id, decidedAt, {
      name: u.name,
      login_name: u.loginName,
      roles_json: JSON.stringify(u.roles),
      active: u.active,
      updated_at: u.updatedAt,
    });
  }

  /** The user holding this login name (another than `except`), if any. */
  async findByLoginName(db: Conn, loginName: string, except?: string): Promise<User | null> {
    const q = db('users').where({ login_name: loginName });
    if (except) q.whereNot({ id: except });
    const row = await q.first();
    return row ? toUser(row) : null;
  }

  /** Users in the order they were registered, of one department or (`onlyDepartmentId` unset) all. */
  list(db: Conn, query: { departmentId?: string; onlyDepartmentId?: string } & PageRequest): Promise<Page<User>> {
    const qb = db('users').select('*');
    if (query.onlyDepartmentId) qb.where('department_id', query.onlyDepartmentId);
    if (query.departmentId) qb.where('department_id', query.departmentId);
    return keysetPage(qb, dialectOf(db), byCreation, query, (r: Row) => [toIso(r.created_at), r.id as string], toUser);
  }

  /** The operator's way in keeps working: its user reactivated as a bureau user, its token reopened. */
  async restoreAdministrator(tx: Tx, user: User, tokenHash: string, at: string): Promise<void> {
    await tx('users')
      .where({ id: user.id })
      .update({
        active: true,
        roles_json: JSON.stringify([...new Set<Role>([...user.roles, 'bureau'])]),
        updated_at: at,
        row_version: tx.raw('row_version + 1'),
      });
    await tx('api_tokens').where({ token_hash: tokenHash }).update({ revoked_at: null, expires_at: null });
  }

  async insertToken(db: Tx, t: Token, hash: string): Promise<void> {
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

  async findToken(db: Conn, userId: string, tokenId: string): Promise<Token | null> {
    const row = await db('api_tokens').where({ id: tokenId, user_id: userId }).first();
    return row ? toToken(row) : null;
  }

  async listTokens(db: Conn, userId: string): Promise<Token[]> {
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
  async revokeToken(db: Tx, tokenId: string, at: string): Promise<boolean> {
    const changed = await db('api_tokens').where({ id: tokenId }).whereNull('revoked_at').update({ revoked_at: at });
    return Number(changed) === 1;
  }

  /** The tokens among these hashes that still let their holder in: not revoked, not expired at `now`, their user active. */
  async findLiveTokens(db: Conn, hashes: string[], now: Date): Promise<LiveToken[]> {
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

  /**
   * Who holds a token (by its hash): read by every authenticated request, kept only while the
   * database is unchanged (SQLite; src/db/kept-while-unchanged.ts), so a hand edit counts at once.
   */
  findTokenOwner(db: Conn, hash: string): Promise<TokenOwner | null> {
    return this.owners.read(db, hash, () => this.readTokenOwner(db, hash));
  }

  private async readTokenOwner(db: Conn, hash: string): Promise<TokenOwner | null> {
    // Read directly on SQLite's connection where it can (ADR 0019).
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
