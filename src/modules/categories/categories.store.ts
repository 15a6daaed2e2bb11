import { Conn, Tx } from '../../db/database';
import { Row, toIso } from '../../db/rows';
import { ConcurrentChangeError, LockMode, withLock } from '../../db/versions';

/** A row of the category tree as stored. */
export interface CategoryRecord {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  createdAt: string;
  updatedAt: string;
  rowVersion: number;
}

/** What uses a category, and so keeps it where it is (a move changes its code) and in the tree. */
export interface CategoryUses {
  /** Entries filed under it, in any status. */
  entries: number;
  /** Its sub-categories. */
  children: number;
  /** Whether resource codes were ever issued under it (resource_code_sequences). */
  codesIssued: boolean;
}

function toRecord(row: Row): CategoryRecord {
  return {
    code: row.code as string,
    name: row.name as string,
    parentCode: (row.parent_code as string | null) ?? null,
    level: Number(row.level),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    rowVersion: Number(row.row_version),
  };
}

export class CategoryStore {
  /** Every category in order of its code: the tree in pre-order, since a code begins with its parent's. */
  async all(db: Conn): Promise<CategoryRecord[]> {
    const rows: Row[] = await db('categories').orderBy('code');
    return rows.map(toRecord);
  }

  /** One category; with `lock`, its row locked for the rest of the caller's transaction first (PostgreSQL). */
  async find(db: Conn, code: string, lock?: LockMode): Promise<CategoryRecord | null> {
    const q = db('categories').where({ code });
    const row = await (lock ? withLock(db, q, lock) : q).first();
    return row ? toRecord(row) : null;
  }

  /** The names of these codes (those that exist). */
  async names(db: Conn, codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows: Row[] = await db('categories').whereIn('code', codes).select('code', 'name');
    return new Map(rows.map((r) => [r.code as string, r.name as string]));
  }

  /** Whether a sibling under `parentCode` other than `except` has the name already. */
  async siblingNamed(db: Conn, parentCode: string, name: string, except: string | null): Promise<string | null> {
    const q = db('categories').where({ parent_code: parentCode, name });
    if (except) q.whereNot({ code: except });
    const row = await q.first('code');
    return row ? (row.code as string) : null;
  }

  /**
   * What uses the category. Entries are counted in the catalog's own table (by its category_code
   * index), as the resources store reads the projects' table for a project's name: the categories
   * area is below the resources area and cannot ask its service.
   */
  async uses(db: Conn, code: string): Promise<CategoryUses> {
    const entries = await db('resources').where({ category_code: code }).count('* as n').first();
    const children = await db('categories').where({ parent_code: code }).count('* as n').first();
    const sequence = await db('resource_code_sequences').where({ category_code: code }).first('category_code');
    return { entries: Number(entries?.n ?? 0), children: Number(children?.n ?? 0), codesIssued: sequence !== undefined };
  }

  async insert(trx: Tx, c: Omit<CategoryRecord, 'rowVersion'>): Promise<void> {
    await trx('categories').insert({
      code: c.code,
      name: c.name,
      parent_code: c.parentCode,
      level: c.level,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
    });
  }

  /** Writes a change decided on at row version `decidedAt` (409 if the row moved meanwhile). */
  async update(
    trx: Tx,
    code: string,
    decidedAt: number,
    change: { code: string; name: string; parentCode: string | null; level: number; updatedAt: string },
  ): Promise<void> {
    const updated = await trx('categories')
      .where({ code, row_version: decidedAt })
      .update({
        code: change.code,
        name: change.name,
        parent_code: change.parentCode,
        level: change.level,
        updated_at: change.updatedAt,
        row_version: decidedAt + 1,
      });
    if (updated !== 1) throw new ConcurrentChangeError();
  }

  async remove(trx: Tx, code: string, decidedAt: number): Promise<void> {
    const deleted = await trx('categories').where({ code, row_version: decidedAt }).delete();
    if (deleted !== 1) throw new ConcurrentChangeError();
  }
}
