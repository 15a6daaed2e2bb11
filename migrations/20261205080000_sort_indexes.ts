import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// The catalog's other orders (name by code point, creation time) get the index the newest-first
// order has, so a page of them is read in order and the rest never touched: without one, each
// page sorted every published entry (about 0.2 s at 100,000 on SQLite; bench/RESULTS.md
// 2026-12-05, issue 17). PostgreSQL compares names byte by byte for this order (COLLATE "C",
// src/db/pagination.ts), so its index does too.

export async function up(knex: Knex): Promise<void> {
  const name = dialectOf(knex) === 'postgres' ? 'name COLLATE "C"' : 'name';
  await knex.raw(`CREATE INDEX resources_status_name ON resources (status, ${name}, id)`);
  await knex.raw('CREATE INDEX resources_status_created_at ON resources (status, created_at, id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX resources_status_name');
  await knex.raw('DROP INDEX resources_status_created_at');
}
