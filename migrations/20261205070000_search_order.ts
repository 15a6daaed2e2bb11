import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';
import { rebuildSearchRows } from '../src/modules/resources/search-rows.store';

// Keyword search whose cost does not grow with the number of matches (issue 17, ADR 0017 amended):
// on SQLite every entry gets a search number, the rowid of its rows in each FTS table, handed out
// in the order of its saves, so a search walks an FTS table backwards and stops at a full page.
// The names get FTS tables of their own (trigrams and character pairs) for the first relevance tier,
// and resources_fts_entries holds each entry under its number with the columns search filters and
// counts by (facet counts for a keyword read one small row per match).
// Existing entries are numbered in the order of their last save. PostgreSQL is unchanged here.

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.raw("CREATE VIRTUAL TABLE resources_fts_names USING fts5(resource_id UNINDEXED, search_name, tokenize = 'trigram')");
  await knex.raw(
    "CREATE VIRTUAL TABLE resources_fts_name_pairs USING fts5(resource_id UNINDEXED, bigrams, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
  );
  // One-character keywords (婚, 税), which neither trigrams nor pairs serve: each letter or digit a word.
  for (const table of ['resources_fts_text_chars', 'resources_fts_name_chars']) {
    await knex.raw(
      `CREATE VIRTUAL TABLE ${table} USING fts5(resource_id UNINDEXED, chars, tokenize = 'unicode61 remove_diacritics 0', detail = none)`,
    );
  }
  await knex.schema.dropTable('resources_fts_rows');
  // Each entry under its search number (the rowid), with the columns search filters and counts by.
  await knex.raw(`CREATE TABLE resources_fts_entries (
    seq integer PRIMARY KEY,
    id varchar(36) NOT NULL UNIQUE,
    status varchar(20) NOT NULL,
    department_id varchar(36) NOT NULL,
    classification varchar(20),
    category_code varchar(20),
    sharing_type varchar(20),
    format varchar(20),
    update_cycle varchar(20),
    project_id varchar(36)
  )`);
  await rebuildSearchRows(knex);
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') return;
  await knex.raw('DROP TABLE IF EXISTS resources_fts_names');
  await knex.raw('DROP TABLE IF EXISTS resources_fts_name_pairs');
  await knex.raw('DROP TABLE IF EXISTS resources_fts_text_chars');
  await knex.raw('DROP TABLE IF EXISTS resources_fts_name_chars');
  await knex.raw('DROP TABLE IF EXISTS resources_fts_entries');
  await knex.schema.createTable('resources_fts_rows', (t) => {
    t.string('resource_id', 36).primary();
    t.integer('fts_rowid').notNullable();
    t.integer('bigrams_rowid').notNullable();
  });
}
