import { AppError, DatabaseUnavailableError, TransactionConflictError } from '../../errors';
import {
  alreadyExists,
  constraintViolated,
  invalidDatetime,
  invalidValue,
  referenceNotFound,
  stillReferenced,
  valueRequired,
  valueTooLong,
} from './answers';
import { parseStatement, Statement } from './statement';

// PostgreSQL's errors, by SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html).
// The columns come from the error's own fields (`column`, `constraint`, `table`, `where`) and
// knex's statement in front of the message, never from the message's words, which follow the
// server's lc_messages; `detail` is read only where its English form names the key, and only to
// find a column.

/** The fields node-postgres copies from the server's ErrorResponse. */
export interface PgDriverError {
  code?: string;
  message?: string;
  severity?: string;
  detail?: string;
  table?: string;
  column?: string;
  constraint?: string;
  /** The context: `unnamed portal parameter $3 = '...'` for a parameter that failed to convert. */
  where?: string;
}

// Class 08: connection exception; class 53: insufficient resources (disk full, out of memory, too
// many connections); 57P01–57P03: the server is shutting down or starting; 57014: the statement was
// cancelled (a timeout, an operator). None is the request's fault, and it may succeed later.
const UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '57014']);

export function translatePostgresError(e: PgDriverError): AppError | null {
  const code = e.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code.startsWith('08') || code.startsWith('53') || UNAVAILABLE.has(code)) return new DatabaseUnavailableError();
  switch (code) {
    // serialization_failure, deadlock_detected, lock_not_available: the server rolled the
    // transaction back to let a concurrent one finish; a retry as it is runs after it (503, see
    // TransactionConflictError for why not 409).
    case '40001':
    case '40P01':
    case '55P03':
      return new TransactionConflictError();
    case '23502':
      return valueRequired(e.column ? [e.column] : []);
    case '23505':
    case '23P01': // exclusion_violation: a conflicting row exists, as for a unique key
      return alreadyExists(keyColumns(e) ?? constraintColumn(e, statementOf(e), ['unique', 'key', 'pkey', 'excl']));
    case '23503': {
      const statement = statementOf(e);
      // The error names the referencing table: when that is not the table the statement writes,
      // the statement deleted or re-keyed a row others refer to.
      if (
        / is still referenced from /.test(e.detail ?? '') ||
        (statement.table !== undefined && e.table !== undefined && e.table !== statement.table)
      )
        return stillReferenced();
      return referenceNotFound(keyColumns(e) ?? constraintColumn(e, statement, ['foreign', 'fkey']));
    }
    case '23514':
      return constraintViolated(constraintColumn(e, statementOf(e), ['check']));
    case '23000': // integrity_constraint_violation
    case '23001': // restrict_violation
      return constraintViolated();
    case '22001': // string_data_right_truncation: the server says the type (varchar(5)), not the column
      return valueTooLong(parameterColumn(e));
    case '22P02': // invalid_text_representation
    case '22003': // numeric_value_out_of_range
    case '22021': // character_not_in_repertoire (U+0000 in text)
    case '22P05': // untranslatable_character (U+0000 in jsonb)
      return invalidValue(parameterColumn(e));
    case '22008': // datetime_field_overflow
    case '22007': // invalid_datetime_format
      return invalidDatetime(parameterColumn(e));
    default:
      return null;
  }
}

function statementOf(e: PgDriverError): Statement {
  const message = e.message ?? '';
  // The statement has only placeholders; the first ' - ' ends it (the driver's part may quote a
  // value, which could hold one).
  const end = message.indexOf(' - ');
  return parseStatement(end < 0 ? '' : message.slice(0, end), '"');
}

/** `Key (a, b)=(…) already exists.`: the key's columns, when they are columns (not an expression). */
function keyColumns(e: PgDriverError): string[] | undefined {
  const m = /^Key \(([^()]*)\)=/.exec(e.detail ?? '');
  if (!m) return undefined;
  const columns = m[1].split(', ');
  return columns.every((c) => /^[a-z_][a-z0-9_]*$/.test(c)) ? columns : undefined;
}

/**
 * The column a constraint is named after, by knex's naming (`<table>_<column>_unique`,
 * `_foreign`) or PostgreSQL's (`_key`, `_fkey`, `_check`) — taken only when the statement writes
 * that column, so a constraint over several columns, or with a name of its own, names none.
 */
function constraintColumn(e: PgDriverError, statement: Statement, suffixes: string[]): string[] {
  const { constraint, table } = e;
  if (!constraint || !table || !constraint.startsWith(`${table}_`)) return [];
  for (const suffix of suffixes) {
    if (!constraint.endsWith(`_${suffix}`)) continue;
    const column = constraint.slice(table.length + 1, -(suffix.length + 1));
    if (statement.columns.includes(column)) return [column];
  }
  return [];
}

/** The column the failing `$n` parameter (named in the error's context) was written to. */
function parameterColumn(e: PgDriverError): string[] {
  const n = /\$(\d+)/.exec(e.where ?? '');
  if (!n) return [];
  const column = statementOf(e).parameterColumns.get(Number(n[1]));
  return column ? [column] : [];
}
