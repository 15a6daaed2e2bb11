import fs from 'node:fs';
import path from 'node:path';
import knex, { Knex } from 'knex';
import { registerSqliteConnection, SqliteConnection } from './sqlite-direct';
import { acknowledgeCommitsWhenDurable, fdatasyncOf, GroupCommit } from './group-commit';
import { registerPgTarget } from './change-feed';

export type Dialect = 'sqlite' | 'postgres';

export interface DbOptions {
  /** postgres://… or null for SQLite. */
  databaseUrl: string | null;
  /** SQLite file; ':memory:' for a private in-memory database. */
  sqliteFile?: string;
  /** PostgreSQL schema to work in (tests make one per file). */
  pgSchema?: string;
  poolMax?: number;
  /** Where knex's own warnings and errors go (the service's logger); knex prints them otherwise. */
  log?: Knex.Config['log'];
  /** PostgreSQL's work_mem for each of the service's connections, in MB (PG_WORK_MEM_MB; default 32). */
  pgWorkMemMb?: number;
}

/**
 * PostgreSQL's default work_mem (4 MB) turns the bitmap of a common keyword's matches lossy, and
 * every row of a lossy page is then checked again by computing its character pairs: counting the
 * 155,000 entries holding 项目 at 1,000,000 entries took 28 s, with 32 MB 2.1 s (bench/RESULTS.md,
 * 2026-12-05 session 10). Set for the service's own connections only.
 */
export const DEFAULT_PG_WORK_MEM_MB = 32;

// Every SQLite connection gets the same settings: foreign keys are off by default in SQLite,
// WAL lets readers and the writer overlap, and an acknowledged commit is durable — synced by the
// group commit (ADR 0020) for a file, synchronous=FULL for a private in-memory database.
// Also: a 64 MiB page cache (the default 2 MiB made every lookup in a city-sized file a read), and
// prepared statements kept for reuse — knex prepares every query anew (bench/RESULTS.md, 2026-11-22
// reading: "Entry by id").
const STATEMENT_CACHE = 500;
interface ConnectionSlot {
  current: SqliteConnection | null;
  /** Whether the connection is in WAL mode, so that the group commit has a WAL to sync. */
  wal: boolean;
}
function sqliteAfterCreate(file: string, slot: ConnectionSlot) {
  return (conn: SqliteConnection, done: (err: Error | null, conn: unknown) => void) => {
    try {
      const wal = file !== ':memory:' && conn.pragma('journal_mode = WAL', { simple: true }) === 'wal';
      // In WAL mode a commit is acknowledged after its own fsync of the WAL, shared by the commits
      // of a moment (group commit, src/db/group-commit.ts): SQLite need not wait for the disk
      // itself. A file that cannot be put in WAL mode (a network filesystem) keeps FULL.
      const synchronous = wal ? 'NORMAL' : 'FULL';
      slot.wal = wal;
      // A 32 MiB page cache: the file's other pages come from the operating system's cache, outside
      // the process's memory budget (bench/RESULTS.md, 2026-12-05 session 10: 64 MiB bought no speed).
      for (const pragma of ['foreign_keys = ON', 'busy_timeout = 5000', `synchronous = ${synchronous}`, 'cache_size = -32768'])
        conn.pragma(pragma);
      // knex only ever runs a statement to completion (all/run/get), never holds one open with
      // iterate(), so one prepared statement can serve every query with the same SQL.
      const prepare = conn.prepare.bind(conn);
      const statements = new Map<string, ReturnType<SqliteConnection['prepare']>>();
      conn.prepare = (sql: string) => {
        let statement = statements.get(sql);
        if (statement === undefined) {
          statement = prepare(sql);
          if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value as string);
          statements.set(sql, statement);
        }
        return statement;
      };
      slot.current = conn;
      done(null, conn);
    } catch (err) {
      done(err as Error, conn);
    }
  };
}

export function createDb(options: DbOptions): Knex {
  if (options.databaseUrl) {
    const db = knex({
      client: 'pg',
      connection: options.databaseUrl,
      log: options.log,
      searchPath: options.pgSchema ? [options.pgSchema, 'public'] : undefined,
      pool: {
        min: 0,
        max: options.poolMax ?? 10,
        afterCreate: (
          conn: { query: (sql: string, done: (err: Error | null) => void) => void },
          done: (err: Error | null, c: unknown) => void,
        ) => conn.query(`SET work_mem = '${Math.trunc(options.pgWorkMemMb ?? DEFAULT_PG_WORK_MEM_MB)}MB'`, (err) => done(err, conn)),
      },
    });
    // For the change feed (src/db/change-feed.ts), which listens on a connection of its own.
    registerPgTarget(db, { url: options.databaseUrl, schema: options.pgSchema ?? null });
    return db;
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const slot: ConnectionSlot = { current: null, wal: false };
  const db = knex({
    // better-sqlite3 runs each statement on the calling thread: for the short queries of this
    // service that is several times faster than sqlite3's hop to a worker thread (ADR 0014).
    client: 'better-sqlite3',
    connection: { filename: file },
    log: options.log,
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and a single connection keeps an in-memory
    // database whole. Code inside a transaction must therefore use the transaction, never the pool.
    pool: { min: 1, max: 1, afterCreate: sqliteAfterCreate(file, slot) },
  });
  registerSqliteConnection(db, slot);
  if (file !== ':memory:') {
    const syncWal = fdatasyncOf(`${file}-wal`);
    acknowledgeCommitsWhenDurable(db, new GroupCommit(() => (slot.wal ? syncWal() : Promise.resolve())));
  }
  return db;
}

export function dialectOf(db: Knex): Dialect {
  const client = db.client.config.client;
  return client === 'pg' ? 'postgres' : 'sqlite';
}
