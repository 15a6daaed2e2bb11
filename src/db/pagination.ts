import { Knex } from 'knex';
import { BadRequestError } from '../errors';
import { Dialect } from './knex';

// Keyset pagination: a page ends at the values of its last row's sort keys; the next page starts
// strictly after them. The last key must be unique (an id) so no row is skipped or repeated. The
// cursor is opaque to clients and names its sort, so it cannot be replayed under another order.

export type CursorValue = string | number;

export interface SortKey {
  /** A column or SQL expression (with its bindings). */
  sql: string;
  bindings?: readonly CursorValue[];
  direction: 'asc' | 'desc';
  /** Compare text by code point on both dialects (PostgreSQL's default collation may differ). */
  binaryText?: boolean;
}

export interface SortSpec {
  name: string;
  keys: SortKey[];
}

/** Sort by one column, then by the unique id column in the same direction. */
export function sortBy(name: string, column: string, direction: 'asc' | 'desc', idColumn: string, binaryText = false): SortSpec {
  return { name, keys: [{ sql: column, direction, binaryText }, { sql: idColumn, direction }] };
}

export function encodeCursor(sort: SortSpec, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify({ s: sort.name, v: values })).toString('base64url');
}

export function decodeCursor(sort: SortSpec, cursor: string): CursorValue[] {
  let payload: { s?: unknown; v?: unknown };
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('invalid_cursor', '分页游标无效 (the cursor is not one this service issued)');
  }
  const values = payload?.v;
  const valid =
    payload?.s === sort.name &&
    Array.isArray(values) &&
    values.length === sort.keys.length &&
    values.every((v) => typeof v === 'string' || typeof v === 'number');
  if (!valid) {
    throw new BadRequestError('invalid_cursor', '分页游标无效或与排序方式不符 (the cursor does not match this sort order)');
  }
  return values as CursorValue[];
}

function keySql(key: SortKey, dialect: Dialect): string {
  return key.binaryText && dialect === 'postgres' ? `${key.sql} COLLATE "C"` : key.sql;
}

/** Orders the query by the sort's keys and starts after the cursor when one is given. */
export function applyKeyset(qb: Knex.QueryBuilder, dialect: Dialect, sort: SortSpec, cursor: string | undefined): void {
  if (cursor) {
    const values = decodeCursor(sort, cursor);
    // (k0 > v0) OR (k0 = v0 AND k1 > v1) OR … with each key's own direction.
    qb.where((outer) => {
      sort.keys.forEach((key, i) => {
        outer.orWhere((w) => {
          for (let j = 0; j < i; j++) {
            const prior = sort.keys[j];
            w.whereRaw(`${keySql(prior, dialect)} = ?`, [...(prior.bindings ?? []), values[j]]);
          }
          w.whereRaw(`${keySql(key, dialect)} ${key.direction === 'asc' ? '>' : '<'} ?`, [...(key.bindings ?? []), values[i]]);
        });
      });
    });
  }
  for (const key of sort.keys) {
    qb.orderByRaw(`${keySql(key, dialect)} ${key.direction}`, [...(key.bindings ?? [])]);
  }
}

/** Splits the limit+1 rows a keyset query fetched into a page and the cursor of the next. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  sort: SortSpec,
  keyOf: (row: Row) => CursorValue[],
  toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const nextCursor = hasMore && last ? encodeCursor(sort, keyOf(last)) : null;
  return { items: pageRows.map(toItem), nextCursor };
}
