import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// PostgreSQL: the first relevance tier (entries whose name holds every keyword) gets indexes of its
// own, as the search text has: pg_trgm over the normalised name (three characters or more) and the
// name's character pairs (two). Without them a keyword that no name holds made the first tier read
// every entry the text index matched, to find none (数据更新 at 1,000,000 entries: 2.5 s a page,
// bench/RESULTS.md 2026-12-05 session 9). SQLite's names have FTS tables (migration 20261205070000).

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) !== 'postgres') return;
  await knex.raw('CREATE INDEX resources_search_name_trgm ON resources USING gin (search_name gin_trgm_ops)');
  await knex.raw('CREATE INDEX resources_search_name_bigrams ON resources USING gin (search_bigrams(search_name))');
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) !== 'postgres') return;
  await knex.raw('DROP INDEX IF EXISTS resources_search_name_trgm');
  await knex.raw('DROP INDEX IF EXISTS resources_search_name_bigrams');
}
