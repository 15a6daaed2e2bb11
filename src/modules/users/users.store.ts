import { Knex } from 'knex';
import { Role } from '../../domain/actor';
import { parseJson, toBool, toIso, toIsoOrNull } from '../../db/rows';
import { Schema } from '../../http/api-types';
import { DECLINED, tryGet } from '../../db/sqlite-direct';

export type User = Schema<'User'>;
export type Token = Schema<'Token'>;
type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

/** The knex query of findTokenOwner, as SQL for a direct read (the same columns). */
const TOKEN_OWNER_SQL =
  'SELECT u.*, t.expires_at AS token_expires_at, t.revoked_at AS token_revoked_at FROM api_tokens AS t JOIN users AS u ON u.id = t.user_id WHERE t.token_hash = ? LIMIT 1';

export function toUser(row: Row): User {
  return {
    id: row.id as string,
    name: row.name as string,
    departmentId: row.department_id as string,
    roles: parseJson<Role[]>(row.roles_json, []),
    active: toBool(row.active),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
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

export interface TokenOwner {
  user: User;
  expiresAt: string | null;
  revokedAt: string | null;
}

export class UserStore {
  async findById(db: Db, id: string): Promise<User | null> {
    const row = await db('users').where({ id }).first();
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

  async update(db: Knex.Transaction, u: User): Promise<void> {
    await db('users').where({ id: u.id }).update({
      name: u.name,
      roles_json: JSON.stringify(u.roles),
      active: u.active,
      updated_at: u.updatedAt,
      row_version: db.raw('row_version + 1'),
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
    const rows = await db('api_tokens').where({ user_id: userId }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
    return rows.map(toToken);
  }

  async revokeToken(db: Knex.Transaction, tokenId: string, at: string): Promise<void> {
    await db('api_tokens').where({ id: tokenId }).update({ revoked_at: at });
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
