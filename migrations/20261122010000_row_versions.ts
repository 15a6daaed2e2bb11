import { Knex } from 'knex';

// Optimistic concurrency: every editable object carries a version, raised by every write to it.
// Its ETag is that version; an update must name the version it read (If-Match).

const TABLES = ['departments', 'users', 'projects', 'resources', 'sharing_requests', 'calendar_years'];

export async function up(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    for (const table of TABLES) {
      await trx.schema.alterTable(table, (t) => {
        t.integer('row_version').notNullable().defaultTo(1);
      });
    }
  });
}

// SQLite drops a column by rebuilding the table, which a referenced table with rows (calendar_years,
// referenced by calendar_days) only survives with foreign-key checks off — and that pragma only
// takes effect outside a transaction.
export const config = { transaction: false };

export async function down(knex: Knex): Promise<void> {
  const sqlite = knex.client.config.client !== 'pg';
  if (sqlite) await knex.raw('PRAGMA foreign_keys = OFF');
  try {
    for (const table of TABLES) {
      await knex.schema.alterTable(table, (t) => {
        t.dropColumn('row_version');
      });
    }
  } finally {
    if (sqlite) await knex.raw('PRAGMA foreign_keys = ON');
  }
}
