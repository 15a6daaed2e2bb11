import { Knex } from 'knex';

// Direct reads on SQLite's one connection (ADR 0019). Every authenticated request reads its token's
// owner and the audit chain head before anything else. Through knex, query building, pool
// acquisition and promise hops cost many times the statement itself (ADR 0019 has the figures).
// better-sqlite3 runs statements synchronously on the calling thread, so these few hot reads run
// the prepared statement on the connection directly.
//
// Safe only because of how the SQLite setup works (src/db/knex.ts): one connection, used by one
// thread. A direct read sees exactly what a knex read on that connection would see — except
// inside a transaction that another request has open and is awaiting, whose uncommitted writes
// share the connection. Then `tryGet` declines, and the caller reads through knex, which waits for
// the connection like any other query.

/** The part of a better-sqlite3 connection used here. */
export interface SqliteConnection {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): { get(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] };
  pragma(sql: string, options?: { simple: boolean }): unknown;
}

/** The live connection of each SQLite knex instance, set by its pool when it connects. */
const connections = new WeakMap<Knex, { current: SqliteConnection | null }>();

/** Called by createDb: `slot.current` follows the pool's connection (a replaced one is swapped in). */
export function registerSqliteConnection(db: Knex, slot: { current: SqliteConnection | null }): void {
  connections.set(db, slot);
}

/**
 * The SQLite connection of `db` if a statement may run on it directly now: connected, open, and
 * no transaction open on it (another request's uncommitted writes would be seen). null otherwise,
 * and always for PostgreSQL and for a transaction object.
 */
function idleConnection(db: Knex): SqliteConnection | null {
  const conn = connections.get(db)?.current;
  return conn && conn.open && !conn.inTransaction ? conn : null;
}

/** Declined: no idle connection to read on now; read through knex instead. */
export const DECLINED: unique symbol = Symbol('declined');

/**
 * Runs one read on the SQLite connection synchronously: the first row, or undefined when there is
 * none; DECLINED on PostgreSQL, before the pool has connected, or while a transaction is open.
 * The statement is prepared once (the connection keeps prepared statements, src/db/knex.ts).
 */
export function tryGet<T>(db: Knex, sql: string, ...params: unknown[]): T | undefined | typeof DECLINED {
  const conn = idleConnection(db);
  if (!conn) return DECLINED;
  return conn.prepare(sql).get(...params) as T | undefined;
}

/** Like tryGet, for every row the statement returns. */
export function tryAll<T>(db: Knex, sql: string, ...params: unknown[]): T[] | typeof DECLINED {
  const conn = idleConnection(db);
  if (!conn) return DECLINED;
  return conn.prepare(sql).all(...params) as T[];
}

/** A number per connection object, so a replaced connection never repeats an old one's stamp. */
const connectionSerials = new WeakMap<SqliteConnection, number>();
let nextSerial = 1;

/**
 * Names the state of the SQLite database as this process sees it, for results that must not
 * outlive any change at all: `data_version` moves when another connection — another process,
 * such as an administrator's sqlite3 shell — commits a change, and `total_changes()` counts the
 * rows this connection has changed. null on PostgreSQL, or when no direct read is possible now.
 */
export function sqliteChangeStamp(db: Knex): string | null {
  const conn = idleConnection(db);
  if (!conn) return null;
  let serial = connectionSerials.get(conn);
  if (serial === undefined) connectionSerials.set(conn, (serial = nextSerial++));
  const row = conn.prepare(CHANGE_STAMP_SQL).get() as { v: number; c: number };
  return `${serial}:${row.v}:${row.c}`;
}

const CHANGE_STAMP_SQL = 'SELECT (SELECT data_version FROM pragma_data_version) AS v, total_changes() AS c';

// ---- bulk writes inside a transaction -----------------------------------------------------------
//
// A delivery of the batch exchange writes up to millions of rows in one transaction
// (src/modules/exchange/exchange.store.ts). Through knex each row costs a query build, a promise
// and a statement prepared anew; on the connection itself it is one run() of a statement prepared
// once. The statements run inside the caller's knex transaction — on its connection, between its
// BEGIN and COMMIT — so they commit or roll back with it (docs/adr/0031-ingest-copy-and-prepared-batches.md).

/** A prepared statement as a bulk write uses it. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
}

/**
 * The SQLite connection a knex transaction runs on, for prepared statements run directly inside
 * it. Throws on PostgreSQL, and outside a transaction (statements there would commit on their own).
 */
export async function sqliteTransactionConnection(tx: Knex.Transaction): Promise<{ prepare(sql: string): SqliteStatement }> {
  if (tx.client.config.client === 'pg') throw new Error('sqliteTransactionConnection: not a SQLite transaction');
  const conn = (await tx.client.acquireConnection()) as SqliteConnection & { prepare(sql: string): SqliteStatement };
  if (!conn.inTransaction) throw new Error('sqliteTransactionConnection: the connection is not in a transaction');
  return conn;
}
