import { Knex } from 'knex';
import { Conn } from './database';
import { dialectOf } from './knex';
import { Row } from './rows';
import { DECLINED, tryAll, tryGet } from './sqlite-direct';

// Reads that every call of a path under load makes (the exchange's gate and lookups, a grant by
// id): written once as SQL whose `?` placeholders and syntax both dialects accept, run on SQLite's
// idle connection directly (prepared once, synchronous: ./sqlite-direct.ts, ADR 0019), else —
// PostgreSQL, inside a transaction, or while another request's transaction holds the connection —
// through knex.raw, which waits for a connection like any query. Parameters are strings, numbers
// or null: a boolean has no direct binding on SQLite, so the SQL says `NOT deleted` instead.

type Param = string | number | null;

/** The first row the statement returns, or undefined. */
export async function hotRow<T extends Row = Row>(db: Conn, sql: string, params: Param[]): Promise<T | undefined> {
  const direct = tryGet<T>(db as Knex, sql, ...params);
  if (direct !== DECLINED) return direct;
  return (await rawRows<T>(db, sql, params))[0];
}

/** Every row the statement returns. */
export async function hotRows<T extends Row = Row>(db: Conn, sql: string, params: Param[]): Promise<T[]> {
  const direct = tryAll<T>(db as Knex, sql, ...params);
  if (direct !== DECLINED) return direct;
  return rawRows<T>(db, sql, params);
}

async function rawRows<T>(db: Conn, sql: string, params: Param[]): Promise<T[]> {
  const result = await db.raw(sql, params);
  return (dialectOf(db as Knex) === 'postgres' ? result.rows : result) as T[];
}
