import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';
import { rebuildSearchRows } from '../src/modules/resources/search-rows.store';

// Keyword search whose cost does not grow with the number of matches (issue 17, ADR 0017 amended):
// on SQLite every entry gets a search number, the rowid of its rows in each FTS table, handed out
// in the order of its saves, so a search walks an FTS table backwards and stops at a full page.
// The names get FTS tables of their own (trigrams and character pairs) for the first relevance tier.
// Existing entries are numbered in the order of their last save. PostgreSQL is unchanged here.

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.raw("CREATE VIRTUAL TABLE resources_fts_names USING fts5(resource_id UNINDEXED, search_name, tokenize = 'trigram')");
  await knex.raw(
    "CREATE VIRTUAL TABLE resources_fts_name_pairs USING fts5(resource_id UNINDEXED, bigrams, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
  );
  await knex.schema.dropTable('resources_fts_rows');
  await knex.schema.createTable('resources_fts_rows', (t) => {
    t.string('resource_id', 36).primary();
    t.integer('seq').notNullable().unique();
  });
  await rebuildSearchRows(knex);
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.raw('DROP TABLE IF EXISTS resources_fts_names');
  await knex.raw('DROP TABLE IF EXISTS resources_fts_name_pairs');
  await knex.schema.dropTable('resources_fts_rows');
  await knex.schema.createTable('resources_fts_rows', (t) => {
    t.string('resource_id', 36).primary();
    t.integer('fts_rowid').notNullable();
    t.integer('bigrams_rowid').notNullable();
  });
}
