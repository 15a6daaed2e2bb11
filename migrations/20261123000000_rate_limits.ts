import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// Per-token rate-limit counters live in the database, so every instance behind a load balancer
// counts against the same limit (ADR 0016). One row per key: the start of its fixed window (epoch
// milliseconds) and the hits in it, raised by one INSERT … ON CONFLICT DO UPDATE per request.
// On PostgreSQL the table is UNLOGGED: counters need no WAL, no replica and no crash recovery (a
// crash empties the table, which only forgets the current minute's counts).

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limit_hits', (t) => {
    t.string('key', 200).primary();
    t.bigInteger('window_start').notNullable();
    t.integer('hits').notNullable();
    t.index(['window_start']);
  });
  if (dialectOf(knex) === 'postgres') await knex.raw('ALTER TABLE rate_limit_hits SET UNLOGGED');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rate_limit_hits');
}
