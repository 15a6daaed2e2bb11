import { Knex } from 'knex';
import { BadRequestError } from '../errors';
import { Dialect } from './knex';

// Keyset pagination: a page ends at (sort value, id); the next starts strictly after it. The
// cursor is opaque to clients and names its sort so it cannot be replayed under another order.

export interface SortSpec {
  name: string;
  column: string;
  direction: 'asc' | 'desc';
  /** Compare text by code point on both dialects (PostgreSQL's default collation differs). */
  binaryText?: boolean;
}

interface CursorPayload {
  s: string;
  v: string | number;
  id: string | number;
}

export function encodeCursor(sort: SortSpec, value: string | number, id: string | number): string {
  return Buffer.from(JSON.stringify({ s: sort.name, v: value, id } satisfies CursorPayload)).toString('base64url');
}

export function decodeCursor(sort: SortSpec, cursor: string): CursorPayload {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('invalid_cursor', '分页游标无效 (the cursor is not one this service issued)');
  }
  const p = payload as Partial<CursorPayload>;
  const okValue = typeof p.v === 'string' || typeof p.v === 'number';
  const okId = typeof p.id === 'string' || typeof p.id === 'number';
  if (!p || typeof p !== 'object' || p.s !== sort.name || !okValue || !okId) {
    throw new BadRequestError('invalid_cursor', '分页游标无效或与排序方式不符 (the cursor does not match this sort order)');
  }
  return p as CursorPayload;
}

function sortColumnSql(sort: SortSpec, dialect: Dialect): string {
  return sort.binaryText && dialect === 'postgres' ? `${sort.column} COLLATE "C"` : sort.column;
}

/** Orders the query by the sort and the id, and starts after the cursor when one is given. */
export function applyKeyset(
  qb: Knex.QueryBuilder,
  dialect: Dialect,
  sort: SortSpec,
  idColumn: string,
  cursor: string | undefined,
): void {
  const col = sortColumnSql(sort, dialect);
  if (cursor) {
    const { v, id } = decodeCursor(sort, cursor);
    const op = sort.direction === 'asc' ? '>' : '<';
    qb.where((w) => {
      w.whereRaw(`${col} ${op} ?`, [v]).orWhere((w2) => {
        w2.whereRaw(`${col} = ?`, [v]).andWhereRaw(`${idColumn} ${op} ?`, [id]);
      });
    });
  }
  qb.orderByRaw(`${col} ${sort.direction}, ${idColumn} ${sort.direction}`);
}

/** Splits the limit+1 rows a keyset query fetched into a page and the cursor of the next. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  sort: SortSpec,
  keyOf: (row: Row) => [string | number, string | number],
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor = hasMore && last ? encodeCursor(sort, ...keyOf(last)) : null;
  return { items: pageRows.map(toItem), nextCursor };
}
