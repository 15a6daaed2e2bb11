import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// What a delivery of a million rows needed of exchange_rows (docs/adr/0031-ingest-copy-and-prepared-batches.md):
//
// - No foreign key from each row to its entry. The check ran once per inserted row — on PostgreSQL
//   a trigger and a locking lookup of the same entry a million times, 11 of a delivery's 20 seconds
//   of INSERT. A row is only ever written by a delivery, inside the transaction that holds the
//   entry's row locked, and the delivery's own record (exchange_deliveries) keeps its foreign key;
//   entries are never deleted (a withdrawal is a status).
// - On PostgreSQL, the keys compared byte by byte (COLLATE "C"), as SQLite compares them. The keys
//   are JSON texts matched exactly, never sorted for a reader, so a language's collation buys
//   nothing, and under the database's collation every comparison in the two key indexes went
//   through strcoll. A download's keyset paging orders by row_key either way.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exchange_rows', (t) => {
    t.dropForeign(['resource_id']);
  });
  if (dialectOf(knex) !== 'postgres') return;
  await knex.raw('ALTER TABLE exchange_rows ALTER COLUMN row_key TYPE text COLLATE "C", ALTER COLUMN lookup_key TYPE text COLLATE "C"');
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') {
    await knex.raw(
      'ALTER TABLE exchange_rows ALTER COLUMN row_key TYPE text COLLATE "default", ALTER COLUMN lookup_key TYPE text COLLATE "default"',
    );
  }
  await knex.schema.alterTable('exchange_rows', (t) => {
    t.foreign('resource_id').references('id').inTable('resources');
  });
}
