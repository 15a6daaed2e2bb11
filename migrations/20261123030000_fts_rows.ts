import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';
import { mapSearchRows } from '../src/modules/resources/search-rows.store';

// Where each entry's rows are in SQLite's FTS tables, so a save finds them by rowid instead of
// scanning (src/modules/resources/search-rows.ts). PostgreSQL indexes columns of the entry's own
// row and needs nothing. The name starts with resources_fts so the schema snapshot, which is the
// same for both databases, leaves it out like the FTS tables themselves.

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.schema.createTable('resources_fts_rows', (t) => {
    t.string('resource_id', 36).primary();
    t.integer('fts_rowid').notNullable();
    t.integer('bigrams_rowid').notNullable();
  });
  await mapSearchRows(knex);
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.schema.dropTableIfExists('resources_fts_rows');
}
