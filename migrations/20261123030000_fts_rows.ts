import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// Where each entry's rows are in SQLite's FTS tables, so a save finds them by rowid instead of
// scanning (src/modules/resources/search-rows.store.ts). PostgreSQL indexes columns of the entry's own
// row and needs nothing. The name starts with resources_fts so the schema snapshot, which is the
// same for both databases, leaves it out like the FTS tables themselves. Its rows are written by
// migration 20261205070000, which replaced this table's columns with one search number per entry
// (an earlier version of this migration filled it here, through code that has since changed).

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.schema.createTable('resources_fts_rows', (t) => {
    t.string('resource_id', 36).primary();
    t.integer('fts_rowid').notNullable();
    t.integer('bigrams_rowid').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.schema.dropTableIfExists('resources_fts_rows');
}
