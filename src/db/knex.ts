import fs from 'node:fs';
import path from 'node:path';
import knex, { Knex } from 'knex';

export type Dialect = 'sqlite' | 'postgres';

export interface DbOptions {
  /** postgres://… or null for SQLite. */
  databaseUrl: string | null;
  /** SQLite file; ':memory:' for a private in-memory database. */
  sqliteFile?: string;
  /** PostgreSQL schema to work in (tests make one per file). */
  pgSchema?: string;
  poolMax?: number;
}

// Every SQLite connection gets the same settings: foreign keys are off by default in SQLite,
// WAL lets readers and the writer overlap, synchronous=FULL makes an acknowledged commit durable.
function sqliteAfterCreate(file: string) {
  return (conn: { pragma: (sql: string) => unknown }, done: (err: Error | null, conn: unknown) => void) => {
    try {
      if (file !== ':memory:') conn.pragma('journal_mode = WAL');
      for (const pragma of ['foreign_keys = ON', 'busy_timeout = 5000', 'synchronous = FULL']) conn.pragma(pragma);
      done(null, conn);
    } catch (err) {
      done(err as Error, conn);
    }
  };
}

export function createDb(options: DbOptions): Knex {
  if (options.databaseUrl) {
    return knex({
      client: 'pg',
      connection: options.databaseUrl,
      searchPath: options.pgSchema ? [options.pgSchema, 'public'] : undefined,
      pool: { min: 0, max: options.poolMax ?? 10 },
    });
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  return knex({
    // better-sqlite3 runs each statement on the calling thread: for the short queries of this
    // service that is several times faster than sqlite3's hop to a worker thread (ADR 0014).
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and a single connection keeps an in-memory
    // database whole. Code inside a transaction must therefore use the transaction, never the pool.
    pool: { min: 1, max: 1, afterCreate: sqliteAfterCreate(file) },
  });
}

export function dialectOf(db: Knex): Dialect {
  const client = db.client.config.client;
  return client === 'pg' ? 'postgres' : 'sqlite';
}
