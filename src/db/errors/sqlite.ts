import { AppError, DatabaseUnavailableError } from '../../errors';
import {
  alreadyExists,
  constraintViolated,
  invalidValue,
  referenceNotFound,
  stillReferenced,
  valueRequired,
  valueTooLong,
} from './answers';
import { parseStatement, Statement } from './statement';

// SQLite's errors, as better-sqlite3 raises them: `code` is the extended result code
// (SQLITE_CONSTRAINT_NOTNULL …, https://www.sqlite.org/rescode.html), and the message names the
// columns — `NOT NULL constraint failed: resources.name`, `UNIQUE constraint failed: t.a, t.b`,
// `CHECK constraint failed: <column, constraint name or expression>` — in English whatever the
// locale. A foreign-key failure names nothing: SQLite checks the keys without keeping which one
// failed.

/** What better-sqlite3's SqliteError carries. */
export interface SqliteDriverError {
  code?: string;
  message?: string;
}

export function translateSqliteError(e: SqliteDriverError): AppError | null {
  const code = e.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  // Another connection holds the lock past busy_timeout, or the file cannot be opened: the
  // request was not at fault and may succeed later.
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code.startsWith('SQLITE_CANTOPEN'))
    return new DatabaseUnavailableError();
  if (code === 'SQLITE_TOOBIG') return valueTooLong();
  if (code === 'SQLITE_MISMATCH') return invalidValue();
  if (!code.startsWith('SQLITE_CONSTRAINT')) return null;

  const failure = constraintFailure(e.message ?? '');
  switch (kindOf(code, failure.kind)) {
    case 'not_null':
      return valueRequired(qualifiedColumns(failure.subject));
    case 'unique':
      return alreadyExists(qualifiedColumns(failure.subject));
    case 'foreign_key':
      // Deleting a row others refer to is refused for the row's state; any other write named a
      // row that does not exist (an update cannot be told apart: SQLite does not say which key).
      return failure.statement.verb === 'delete' ? stillReferenced() : referenceNotFound();
    case 'check':
      // A column's own CHECK is reported by the column's name, a named constraint by its name, a
      // table's unnamed one by its expression: a name is a column when the statement writes it.
      return constraintViolated(failure.statement.columns.includes(failure.subject) ? [failure.subject] : []);
    case 'datatype': {
      // STRICT tables: `cannot store TEXT value in INTEGER column t.c`.
      const column = /column (?:[^ .]+\.)?([^ .]+)$/.exec(e.message ?? '');
      return invalidValue(column ? [column[1]] : []);
    }
    default:
      return constraintViolated();
  }
}

type Kind = 'not_null' | 'unique' | 'foreign_key' | 'check' | 'datatype' | 'other';

function kindOf(code: string, words: string): Kind {
  switch (code) {
    case 'SQLITE_CONSTRAINT_NOTNULL':
      return 'not_null';
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'unique';
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'foreign_key';
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'check';
    case 'SQLITE_CONSTRAINT_DATATYPE':
      return 'datatype';
  }
  // A driver that gives only the primary code (SQLITE_CONSTRAINT): the message's words say which.
  if (words === 'NOT NULL') return 'not_null';
  if (words === 'UNIQUE' || words === 'PRIMARY KEY') return 'unique';
  if (words === 'FOREIGN KEY') return 'foreign_key';
  if (words === 'CHECK') return 'check';
  return 'other';
}

interface ConstraintFailure {
  /** `NOT NULL`, `UNIQUE`, `CHECK`, `FOREIGN KEY`, or '' for another message. */
  kind: string;
  /** What follows `constraint failed: `. */
  subject: string;
  statement: Statement;
}

/**
 * Splits `<statement> - <KIND> constraint failed: <subject>`. The statement has the values written
 * in, which may hold anything, so the driver's part is found from the end.
 */
function constraintFailure(message: string): ConstraintFailure {
  const marker = ' constraint failed';
  const at = message.lastIndexOf(marker);
  if (at < 0) return { kind: '', subject: '', statement: parseStatement('', '`') };
  const head = message.slice(0, at);
  const dash = head.lastIndexOf(' - ');
  return {
    kind: dash < 0 ? head : head.slice(dash + 3),
    subject: message.slice(at + marker.length).replace(/^: /, ''),
    statement: parseStatement(dash < 0 ? '' : head.slice(0, dash), '`'),
  };
}

/** `t.a, t.b` → [a, b]; anything else (`index 'name'`) → none. */
function qualifiedColumns(subject: string): string[] {
  const parts = subject.split(', ');
  const columns = parts.map((p) => /^[A-Za-z_][A-Za-z0-9_]*\.([a-z_][a-z0-9_]*)$/.exec(p)?.[1]);
  return columns.every((c): c is string => c !== undefined) ? columns : [];
}
