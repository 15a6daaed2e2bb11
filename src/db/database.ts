import { Knex } from 'knex';

// The types an area's service uses to speak of the database without touching it: it holds the
// pool (`Database`), opens a transaction (`transaction`), and hands the pool or the transaction
// (`Conn`) to its store, which is the only code that builds queries (eslint: no knex import
// outside stores and src/db/).

/** The pool: what an area's factory receives, and what a service reads through outside a write. */
export type Database = Knex;
/** One transaction: passed to stores, and to another area's service for a write that belongs there. */
export type Tx = Knex.Transaction;
/** What a store reads or writes through: the pool, or the caller's transaction. */
export type Conn = Knex | Knex.Transaction;

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export function transaction<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
