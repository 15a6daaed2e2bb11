import { AppError, DatabaseUnavailableError } from '../../errors';
import type { Dialect } from '../knex';
import { translatePostgresError } from './postgres';
import { translateSqliteError } from './sqlite';

// Database errors are translated per dialect into the domain's error family (one translator per
// engine, as Directus does), so no driver message — which names tables, columns, SQL and the
// values written — ever reaches a client, and a refused write is a 4xx naming the field where the
// driver says which. Unknown errors stay null: the caller answers an opaque 500 and logs them.

export { fieldPointer } from './answers';
export { translatePostgresError } from './postgres';
export type { PgDriverError } from './postgres';
export { translateSqliteError } from './sqlite';
export type { SqliteDriverError } from './sqlite';

export type DbErrorTranslator = (err: unknown) => AppError | null;

// Errors of the connection rather than of a statement, the same whichever the database: the
// database is gone or refusing, and the client may retry later (503).
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_MESSAGES = [
  'Unable to acquire a connection', // knex, after the pool was destroyed
  'Knex: Timeout acquiring a connection', // knex, every connection of the pool busy past its timeout
  'Connection terminated', // node-postgres: the server closed the connection
  'Client has encountered a connection error and is not queryable', // node-postgres
  'The database connection is not open', // better-sqlite3, once closed
];

function connectionLost(e: { code?: unknown; message?: unknown }): boolean {
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return CONNECTION_MESSAGES.some((m) => message.includes(m));
}

/** Which database raised an error, from its shape: better-sqlite3's codes, or a SQLSTATE. */
function dialectOfError(e: { code?: unknown; severity?: unknown }): Dialect | null {
  if (typeof e.code !== 'string') return null;
  if (e.code.startsWith('SQLITE_')) return 'sqlite';
  // node-postgres sets severity; a bare SQLSTATE starts with a digit for every class this translates.
  if (typeof e.severity === 'string' || /^[0-9]{2}[0-9A-Z]{3}$/.test(e.code)) return 'postgres';
  return null;
}

/**
 * The problem a database error answers, or null for one that is not the request's fault nor the
 * database's unavailability (a bug: the caller's 500). The translator is the dialect's when
 * `dialect` is given, else the one the error's shape names.
 */
export function translateDbError(err: unknown, dialect?: Dialect): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; message?: unknown; severity?: unknown };
  if (connectionLost(e)) return new DatabaseUnavailableError();
  switch (dialect ?? dialectOfError(e)) {
    case 'postgres':
      return translatePostgresError(err);
    case 'sqlite':
      return translateSqliteError(err);
    default:
      return null;
  }
}

/** The translator of one database's client (`dialectOf(db)`). */
export function dbErrorTranslator(dialect: Dialect): DbErrorTranslator {
  return (err) => translateDbError(err, dialect);
}
