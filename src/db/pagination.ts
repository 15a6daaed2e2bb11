import { Knex } from 'knex';
import { isAcceptedInstant } from '../domain/instants';
import { hasLoneSurrogate } from '../domain/text';
import { BadRequestError } from '../errors';
import { Dialect } from './knex';

// Keyset pagination: a page ends at the values of its last row's sort keys; the next page starts
// strictly after them. The last key must be unique (an id) so no row is skipped or repeated. The
// cursor is opaque to clients and names its sort, so it cannot be replayed under another order.

export type CursorValue = string | number;

/**
 * What a key's values are. A cursor comes back from the client, so each value is checked against
 * its key's type before it reaches SQL: PostgreSQL refuses to compare a timestamp with "x" by
 * failing the whole query, which must be the client's 400, not a database error.
 */
export type SortKeyType = 'text' | 'integer' | 'timestamp';

export interface SortKey {
  /** A column or SQL expression (with its bindings). */
  sql: string;
  type: SortKeyType;
  bindings?: readonly CursorValue[];
  direction: 'asc' | 'desc';
  /** Compare text by code point on both dialects (PostgreSQL's default collation may differ). */
  binaryText?: boolean;
}

export interface SortSpec {
  name: string;
  keys: SortKey[];
}

/** Sort by one column (a timestamp, or text compared by code point), then by the unique id column in the same direction. */
export function sortBy(name: string, column: string, direction: 'asc' | 'desc', idColumn: string, type: 'timestamp' | 'text'): SortSpec {
  return {
    name,
    keys: [
      { sql: column, type, direction, binaryText: type === 'text' },
      { sql: idColumn, type: 'text', direction },
    ],
  };
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_TEXT_VALUE = 2000;
const MAX_INTEGER_VALUE = 2_147_483_647;

function valueFits(type: SortKeyType, v: unknown): boolean {
  switch (type) {
    case 'text':
      // PostgreSQL text cannot hold U+0000 (the query would fail), nor UTF-8 a lone surrogate.
      return typeof v === 'string' && v.length <= MAX_TEXT_VALUE && !v.includes('\u0000') && !hasLoneSurrogate(v);
    case 'integer':
      return Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_INTEGER_VALUE;
    case 'timestamp':
      // A real calendar instant of 1970–9999: Date.parse alone takes 2021-02-31 (as 3 March) and
      // year 0000, both of which PostgreSQL refuses by failing the whole query.
      return typeof v === 'string' && ISO_TIMESTAMP.test(v) && isAcceptedInstant(v);
  }
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
    values.every((v, i) => valueFits(sort.keys[i].type, v));
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
  applyKeysetAfter(qb, dialect, sort, cursor ? decodeCursor(sort, cursor) : undefined);
}

/** Orders the query by the sort's keys and starts after the given key values (already checked). */
export function applyKeysetAfter(qb: Knex.QueryBuilder, dialect: Dialect, sort: SortSpec, values: CursorValue[] | undefined): void {
  if (values) {
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

/** What a list asks for: a page size and where to start. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** One page of a keyset query: ordered by the sort, after the cursor, limit + 1 rows fetched. */
export async function keysetPage<R, Item>(
  qb: Knex.QueryBuilder,
  dialect: Dialect,
  sort: SortSpec,
  page: PageRequest,
  keyOf: (row: R) => CursorValue[],
  toItem: (row: R) => Item,
): Promise<Page<Item>> {
  applyKeyset(qb, dialect, sort, page.cursor);
  const rows = (await qb.limit(page.limit + 1)) as R[];
  return pageOf(rows, page.limit, sort, keyOf, toItem);
}

/** The contract's page size when a list is asked for without one (openapi.yaml, parameter Limit). */
export const DEFAULT_PAGE_SIZE = 20;

/** A list query's page: its limit (the contract's default when absent) and cursor. */
export function pageRequestOf(query: { limit?: number; cursor?: string }): PageRequest {
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor };
}
