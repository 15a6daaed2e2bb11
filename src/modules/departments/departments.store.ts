import { Knex } from 'knex';
import { toBool, toIso } from '../../db/rows';
import { Schema } from '../../http/api-types';
import { LockMode, updateAtVersion, withLock, withRowVersion } from '../../db/versions';

export type Department = Schema<'Department'>;
type Row = Record<string, unknown>;

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
  async findById(db: Knex | Knex.Transaction, id: string, lock?: LockMode): Promise<Department | null> {
    const q = db('departments').where({ id });
    const row = await (lock ? withLock(db, q, lock) : q).first();
    return row ? toDepartment(row) : null;
  }

  async findBureau(db: Knex | Knex.Transaction): Promise<Department | null> {
    const row = await db('departments').where({ is_bureau: true }).orderBy('created_at').first();
    return row ? toDepartment(row) : null;
  }

  async insert(db: Knex.Transaction, d: Department): Promise<void> {
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
  async update(db: Knex.Transaction, d: Department, decidedAt: number): Promise<number> {
    return updateAtVersion(db, 'departments', d.id, decidedAt, {
      name: d.name,
      credit_code: d.creditCode,
      level: d.level,
      updated_at: d.updatedAt,
    });
  }

  listQuery(db: Knex): Knex.QueryBuilder {
    return db('departments').select('*');
  }
}
