import { randomBytes } from 'node:crypto';
import { Knex } from 'knex';
import { createDb, Dialect } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';

export const DIALECT: Dialect = (globalThis as { TEST_DB?: string }).TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDb {
  db: Knex;
  dialect: Dialect;
  destroy: () => Promise<void>;
}

/**
 * A fresh, empty database for one test file: a private in-memory SQLite database, or a new
 * PostgreSQL schema (dropped afterwards) in the server PG_TEST_URL names.
 */
export async function freshDatabase(options: { migrate?: boolean } = {}): Promise<TestDb> {
  if (DIALECT === 'sqlite') {
    const db = createDb({ databaseUrl: null, sqliteFile: ':memory:' });
    if (options.migrate !== false) await migrateToLatest(db);
    return { db, dialect: 'sqlite', destroy: () => db.destroy() };
  }
  const url = process.env.PG_TEST_URL;
  if (!url) throw new Error('PG_TEST_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = createDb({ databaseUrl: url, poolMax: 1 });
  await admin.raw(`CREATE SCHEMA ${schema}`);
  await admin.destroy();
  const db = createDb({ databaseUrl: url, pgSchema: schema, poolMax: 4 });
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    db,
    dialect: 'postgres',
    destroy: async () => {
      await db.raw(`DROP SCHEMA ${schema} CASCADE`);
      await db.destroy();
    },
  };
}

export interface CatalogTable {
  name: string;
  /** A SQLite virtual table (the FTS5 search tables); 'table' for every ordinary table. */
  kind: 'table' | 'virtual';
}

// knex's own bookkeeping of which migrations ran: not part of the schema the migrations build.
const KNEX_TABLES = new Set(['knex_migrations', 'knex_migrations_lock']);

/**
 * The tables the migrations made, read from the database's catalog, so that a new table is seen
 * without anyone remembering to list it. Left out: knex's migration bookkeeping and, on SQLite,
 * the engine's own tables (sqlite_schema, sqlite_sequence, the sqlite_stat* that ANALYZE writes)
 * and the shadow tables that FTS5 keeps behind each virtual table (resources_fts_data, _idx,
 * _content, _docsize, _config): those are the virtual table's storage, made and dropped with it,
 * laid out by the SQLite library rather than by a migration.
 */
export async function catalogTables(db: Knex): Promise<CatalogTable[]> {
  let tables: CatalogTable[];
  if (db.client.config.client === 'pg') {
    const result = await db.raw(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    tables = result.rows.map((r: { name: string }) => ({ name: r.name, kind: 'table' }));
  } else {
    // PRAGMA table_list (SQLite 3.37+, bundled with better-sqlite3) marks shadow tables as such,
    // which sqlite_master does not.
    const rows: Array<{ schema: string; name: string; type: string }> = await db.raw('PRAGMA table_list');
    tables = rows
      .filter((r) => r.schema === 'main' && (r.type === 'table' || r.type === 'virtual') && !r.name.startsWith('sqlite_'))
      .map((r) => ({ name: r.name, kind: r.type === 'virtual' ? 'virtual' : 'table' }));
  }
  return tables.filter((t) => !KNEX_TABLES.has(t.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// Counted: every table in the catalog (above) but these.
const NOT_COUNTED = new Set([
  // Its counter moves with every authenticated request when a limit is set (a refused one
  // included): it records traffic, not a change the call made.
  'rate_limit_hits',
]);
// Counted on SQLite, deliberately: the FTS5 tables resources_fts and resources_bigrams (one row per
// entry each) and resources_fts_entries. They are derived from resources, but written by the store
// beside it, so a failed save that left its search rows behind (or removed them) shows here and
// nowhere else. Their shadow tables are not counted (catalogTables leaves them out): what they hold
// is the index's storage, which says nothing the virtual table's own count does not.

/** Row counts of every table: a denied or failed call must leave them all unchanged. */
export async function rowCounts(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { name } of await catalogTables(db)) {
    if (NOT_COUNTED.has(name)) continue;
    const [{ count }] = await db(name).count('* as count');
    counts[name] = Number(count);
  }
  return counts;
}
