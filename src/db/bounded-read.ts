import { Knex, KnexTimeoutError } from 'knex';
import { SearchTimeoutError } from '../errors';
import { Dialect } from './knex';

/**
 * Runs a read with a time limit that stops it in the database (PostgreSQL: pg_cancel_backend, by
 * knex's own `timeout(…, { cancel: true })`), answering 503 search_timeout past it. SQLite runs a
 * statement on the calling thread to its end, so there the limit does not apply (ADR 0017).
 */
export async function boundedRead<T>(qb: Knex.QueryBuilder, dialect: Dialect, timeoutMs: number | null): Promise<T> {
  if (timeoutMs === null || dialect !== 'postgres') return (await qb) as T;
  try {
    return (await qb.timeout(timeoutMs, { cancel: true })) as T;
  } catch (err) {
    if (err instanceof KnexTimeoutError) throw new SearchTimeoutError(timeoutMs);
    throw err;
  }
}
