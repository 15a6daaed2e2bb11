import { Conn, Tx } from '../../db/database';
import { Row, toBool, toIso } from '../../db/rows';
import { Schema } from '../../http/api-types';
import { dialectOf } from '../../db/knex';
import { keysetPage, Page, PageRequest, sortBy } from '../../db/pagination';
import { LockMode, updateAtVersion, withLock, withRowVersion } from '../../db/versions';

export type Department = Schema<'Department'>;

const byRegistration = sortBy('createdAt', 'created_at', 'asc', 'id', 'timestamp');

export function toDepartment(row: Row): Department {
  return withRowVersion(
    {
      id: row.id as string,
      name: row.name as string,
      creditCode: row.credit_code as string,
      level: row.level as Department['level'],
      isBureau: toBool(row.is_bureau),
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    },
    row.row_version as number | undefined,
  );
}

export class DepartmentStore {
  /** A department; with `lock`, its row locked for the rest of the caller's transaction first (PostgreSQL). */
  async findById(db: Conn, id: string, lock?: LockMode): Promise<Department | null> {
    const q = db('departments').where({ id });
    const row = await (lock ? withLock(db, q, lock) : q).first();
    return row ? toDepartment(row) : null;
  }

  async findBureau(db: Conn): Promise<Department | null> {
    const row = await db('departments').where({ is_bureau: true }).orderBy('created_at').first();
    return row ? toDepartment(row) : null;
  }

  async insert(db: Tx, d: Department): Promise<void> {
    await db('departments').insert({
      id: d.id,
      name: d.name,
      credit_code: d.creditCode,
      level: d.level,
      is_bureau: d.isBureau,
      created_at: d.createdAt,
      updated_at: d.updatedAt,
    });
  }

  /** Writes a department decided on at row version `decidedAt`; returns the new version (409 if the row moved). */
  async update(db: Tx, d: Department, decidedAt: number): Promise<number> {
    return updateAtVersion(db, 'departments', d.id, decidedAt, {
      name: d.name,
      credit_code: d.creditCode,
      level: d.level,
      updated_at: d.updatedAt,
    });
  }

  /** Departments in the order they were registered, a page at a time. */
  list(db: Conn, page: PageRequest): Promise<Page<Department>> {
    const qb = db('departments').select('*');
    return keysetPage(qb, dialectOf(db), byRegistration, page, (r: Row) => [toIso(r.created_at), r.id as string], toDepartment);
  }

  /** Which unique value of `d` another department already has, if any. */
  async findClash(db: Conn, d: Department): Promise<'creditCode' | 'name' | null> {
    const clash = await db('departments')
      .whereNot({ id: d.id })
      .andWhere((w) => w.where({ name: d.name }).orWhere({ credit_code: d.creditCode }))
      .first();
    if (!clash) return null;
    return clash.credit_code === d.creditCode ? 'creditCode' : 'name';
  }
}
