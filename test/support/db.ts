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

// Not listed: rate_limit_hits, whose counter moves with every authenticated request when a limit
// is set (a refused one included): it records traffic, not a change the call made.
const TABLES = [
  'departments',
  'users',
  'api_tokens',
  'projects',
  'resources',
  'resource_items',
  'resource_provision_modes',
  'resource_versions',
  'resource_code_sequences',
  'audit_events',
  'sharing_requests',
  'grants',
  'calendar_years',
  'calendar_days',
  'project_stage_events',
  'onboarding_connections',
  'onboarding_verifications',
  'project_registrations',
];

/** Row counts of every table: a denied or failed call must leave them all unchanged. */
export async function rowCounts(db: Knex): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of TABLES) {
    const [{ count }] = await db(t).count('* as count');
    counts[t] = Number(count);
  }
  return counts;
}
