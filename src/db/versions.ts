import { Knex } from 'knex';
import { AppError } from '../errors';
import { dialectOf } from './knex';

// Optimistic concurrency with a per-row version (ETag "v<version>"). Every write to a versioned row
// raises it (`bumpVersion`); an update first checks the caller's If-Match against the row, locked
// for the rest of the transaction on PostgreSQL, so two updates from the same version cannot both win.

export type VersionedTable = 'departments' | 'users' | 'projects' | 'resources' | 'sharing_requests' | 'calendar_years';

export function etagOf(version: number): string {
  return `"v${version}"`;
}

export class PreconditionRequiredError extends AppError {
  constructor() {
    super(428, 'precondition_required', 'Precondition required', '修改须带 If-Match 请求头（取自读取时的 ETag），以免覆盖他人的修改 (If-Match is required)');
  }
}

export class PreconditionFailedError extends AppError {
  constructor() {
    super(412, 'precondition_failed', 'Precondition failed', '对象已被他人修改，请重新读取后再提交 (the object changed since you read it)');
  }
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

const keyColumn = (table: VersionedTable) => (table === 'calendar_years' ? 'year' : 'id');

export async function currentVersion(db: Knex | Knex.Transaction, table: VersionedTable, id: string | number): Promise<number | null> {
  const row = await db(table).where(keyColumn(table), id).first('row_version');
  return row ? Number(row.row_version) : null;
}

/** Checks If-Match against the row inside the caller's transaction (row-locked on PostgreSQL). */
export async function checkVersion(trx: Knex.Transaction, table: VersionedTable, id: string | number, expected: number | '*'): Promise<void> {
  const q = trx(table).where(keyColumn(table), id);
  const row = dialectOf(trx) === 'postgres' ? await q.forUpdate().first('row_version') : await q.first('row_version');
  if (row && expected !== '*' && Number(row.row_version) !== expected) throw new PreconditionFailedError();
}

/** Raises the row's version: every write to a versioned row calls this in its transaction. */
export async function bumpVersion(trx: Knex.Transaction, table: VersionedTable, id: string | number): Promise<void> {
  await trx(table).where(keyColumn(table), id).increment('row_version', 1);
}
