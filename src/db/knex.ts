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
  return (conn: { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
    const pragmas = ['PRAGMA foreign_keys = ON', 'PRAGMA busy_timeout = 5000', 'PRAGMA synchronous = FULL'];
    if (file !== ':memory:') pragmas.unshift('PRAGMA journal_mode = WAL');
    const next = (i: number): void => {
      if (i === pragmas.length) return done(null, conn);
      conn.run(pragmas[i], (err) => (err ? done(err, conn) : next(i + 1)));
    };
    next(0);
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
    client: 'sqlite3',
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
