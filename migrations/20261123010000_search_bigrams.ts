import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';
import { searchBigrams } from '../src/domain/text';

// Two-character keywords (户籍, 社保, 医保 — most Chinese words are two characters) get an index of
// their own: the trigram indexes cannot serve a pattern shorter than three characters, so they were
// a scan of every entry (about 0.4 s at 100,000 entries). Each entry's search text is cut into its
// overlapping character pairs (ADR 0017):
// - SQLite: an FTS5 table of those pairs as words (detail=none: only "which entries hold it").
// - PostgreSQL: a GIN index over search_bigrams(search_text), an immutable SQL function, so the
//   index follows every write (and every bulk load) by itself.

const BATCH = 400; // knex's multi-row insert is one compound SELECT; SQLite allows 500 terms

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') {
    await knex.raw(`
      CREATE FUNCTION search_bigrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(w, i, 2)), '{}')
        FROM regexp_split_to_table(t, ' ') AS w, generate_series(1, char_length(w) - 1) AS i
      $$`);
    await knex.raw('CREATE INDEX resources_search_bigrams ON resources USING gin (search_bigrams(search_text))');
    return;
  }
  await knex.raw(
    "CREATE VIRTUAL TABLE resources_bigrams USING fts5(resource_id UNINDEXED, bigrams, tokenize = 'unicode61 remove_diacritics 0', detail = none)",
  );
  // Existing entries, in batches (a city's catalog can hold 100,000 of them).
  for (let last = ''; ;) {
    const rows: Array<{ id: string; search_text: string }> = await knex('resources')
      .where('id', '>', last)
      .orderBy('id')
      .limit(BATCH)
      .select('id', 'search_text');
    if (rows.length === 0) break;
    await knex('resources_bigrams').insert(rows.map((r) => ({ resource_id: r.id, bigrams: searchBigrams(r.search_text) })));
    last = rows[rows.length - 1].id;
  }
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') {
    await knex.raw('DROP INDEX IF EXISTS resources_search_bigrams');
    await knex.raw('DROP FUNCTION IF EXISTS search_bigrams(text)');
    return;
  }
  await knex.raw('DROP TABLE IF EXISTS resources_bigrams');
}
