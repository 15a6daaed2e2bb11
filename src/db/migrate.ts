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
  await db.migrate.latest(config());
}

export async function rollbackAll(db: Knex): Promise<void> {
  await db.migrate.rollback(config(), true);
}
