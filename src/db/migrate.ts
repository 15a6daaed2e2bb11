import { Knex } from 'knex';
import { migrations } from '../../migrations';

class ListedMigrationSource implements Knex.MigrationSource<{ name: string; module: Knex.Migration }> {
  async getMigrations() {
    return migrations;
  }
  getMigrationName(m: { name: string }) {
    return m.name;
  }
  async getMigration(m: { module: Knex.Migration }) {
    return m.module;
  }
}

const config = (): Knex.MigratorConfig => ({ migrationSource: new ListedMigrationSource() });

export async function migrateToLatest(db: Knex): Promise<void> {
  const [, applied] = (await db.migrate.latest(config())) as [number, string[]];
  if (db.client.config.client === 'pg') return; // autovacuum keeps PostgreSQL's statistics
  // SQLite plans by the statistics ANALYZE leaves; an index a migration added has none, and the
  // planner then guesses it selective: a keyword search scanned every published entry through a
  // new facet index instead of starting from the text index (bench/RESULTS.md, 2026-11-22 reading:
  // "Planner statistics").
  if (applied.length > 0) await db.raw('ANALYZE');
  else await db.raw('PRAGMA optimize');
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(config(), true);
}
