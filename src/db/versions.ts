import { Knex } from 'knex';
import { ConcurrentChangeError, PreconditionFailedError, PreconditionRequiredError } from '../errors';
import { hotRow } from './hot-reads';
import { dialectOf } from './knex';

// The answers of this module belong to the one error family (src/errors.ts); re-exported so the
// stores that import them from here keep working.
export { ConcurrentChangeError, PreconditionFailedError, PreconditionRequiredError };

// Optimistic concurrency with a per-row version (ETag "v<version>"), and the guarded transitions
// every state change is built from (ADR 0025):
// - a write transaction first locks the row it decides about (`lockRow`: SELECT … FOR UPDATE on
//   PostgreSQL; SQLite runs one transaction at a time on its one connection), then reads it, so the
//   decision is made on the row as it stands and no one else changes it before the commit;
// - the write itself names the version it was decided on (`updateAtVersion`): a write whose row
//   moved anyway updates nothing and answers 409, never a lost update;
// - objects a rule depends on without changing them (the entry an approval grants, the project an
//   entry names) are locked for share (`lockRow(…, 'share')`), so the change that would break the
//   rule waits for the decision, or the decision sees the change.

export type VersionedTable = 'departments' | 'users' | 'projects' | 'resources' | 'sharing_requests' | 'calendar_years';

export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** The version named by an If-Match header: a number, '*' (any), or 428 when the header is missing. */
export function parseIfMatch(header: string | undefined): number | '*' {
  if (header === undefined || header.trim() === '') throw new PreconditionRequiredError();
  const value = header.trim();
  if (value === '*') return '*';
  const match = /^(?:W\/)?"v(\d{1,12})"$/.exec(value);
  if (!match) throw new PreconditionFailedError();
  return Number(match[1]);
}

/** 412 unless the If-Match header names the version the row (read under its lock) has. */
export function assertIfMatch(header: string | undefined, rowVersion: number): void {
  const expected = parseIfMatch(header);
  if (expected !== '*' && expected !== rowVersion) throw new PreconditionFailedError();
}

const keyColumn = (table: VersionedTable) => (table === 'calendar_years' ? 'year' : 'id');

export async function currentVersion(db: Knex | Knex.Transaction, table: VersionedTable, id: string | number): Promise<number | null> {
  // A hot read: kept rows (./kept-at-version.ts) check their version on every use.
  const row = await hotRow(db, `SELECT row_version FROM ${table} WHERE ${keyColumn(table)} = ?`, [id]);
  return row ? Number(row.row_version) : null;
}

export type LockMode = 'update' | 'share';

/**
 * Adds the row lock to a query that reads rows for a decision (PostgreSQL); SQLite's transactions
 * already run one at a time, and knex warns on a lock clause there.
 */
export function withLock<Q extends Knex.QueryBuilder>(db: Knex | Knex.Transaction, query: Q, mode: LockMode = 'update'): Q {
  if (dialectOf(db as Knex) !== 'postgres') return query;
  return (mode === 'share' ? query.forShare() : query.forUpdate()) as Q;
}

/**
 * Locks a versioned row for the rest of the transaction and returns its version (null: no such
 * row). Called before the row is read for a decision.
 */
export async function lockRow(
  trx: Knex.Transaction,
  table: VersionedTable,
  id: string | number,
  mode: LockMode = 'update',
): Promise<number | null> {
  const row = await withLock(trx, trx(table).where(keyColumn(table), id), mode).first('row_version');
  return row ? Number(row.row_version) : null;
}

/** Checks If-Match against the row inside the caller's transaction, locking it (PostgreSQL). */
export async function checkVersion(
  trx: Knex.Transaction,
  table: VersionedTable,
  id: string | number,
  expected: number | '*',
): Promise<void> {
  const version = await lockRow(trx, table, id);
  if (version !== null && expected !== '*' && version !== expected) throw new PreconditionFailedError();
}

/**
 * Writes a change to a versioned row only if the row is still at the version the decision was
 * made on, and raises the version; 409 when it is not.
 */
export async function updateAtVersion(
  trx: Knex.Transaction,
  table: VersionedTable,
  id: string | number,
  decidedAt: number,
  changes: Record<string, unknown>,
): Promise<number> {
  const updated = await trx(table)
    .where(keyColumn(table), id)
    .where('row_version', decidedAt)
    .update({ ...changes, row_version: decidedAt + 1 });
  if (updated !== 1) throw new ConcurrentChangeError();
  return decidedAt + 1;
}

/** Raises the row's version: every write to a versioned row calls this in its transaction. */
export async function bumpVersion(trx: Knex.Transaction, table: VersionedTable, id: string | number): Promise<void> {
  await trx(table).where(keyColumn(table), id).increment('row_version', 1);
}

// The row version an answer was read or written at travels with the object, not beside it, so that
// the ETag of an answer is always the version of the row it shows (set once, in the contract
// binding): a symbol, invisible to JSON and dropped by a spread, so a changed copy never carries
// the version of the row it was copied from.
const ROW_VERSION = Symbol('rowVersion');

/** Marks an object read from (or written to) a versioned row with that row's version. */
export function withRowVersion<T extends object>(value: T, version: number | string | null | undefined): T {
  if (version === null || version === undefined) return value;
  Object.defineProperty(value, ROW_VERSION, { value: Number(version), enumerable: false, configurable: true });
  return value;
}

/** The row version an object carries, if any. */
export function rowVersionOf(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? (value as { [ROW_VERSION]?: number })[ROW_VERSION] : undefined;
}
