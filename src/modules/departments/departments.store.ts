import { Knex } from 'knex';
import { toBool, toIso } from '../../db/rows';
import { Schema } from '../../http/api-types';

export type Department = Schema<'Department'>;
type Row = Record<string, unknown>;

export function toDepartment(row: Row): Department {
  return {
    id: row.id as string,
    name: row.name as string,
    creditCode: row.credit_code as string,
    level: row.level as Department['level'],
    isBureau: toBool(row.is_bureau),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export class DepartmentStore {
  async findById(db: Knex | Knex.Transaction, id: string): Promise<Department | null> {
    const row = await db('departments').where({ id }).first();
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

  async update(db: Knex.Transaction, d: Department): Promise<void> {
    await db('departments').where({ id: d.id }).update({
      name: d.name,
      credit_code: d.creditCode,
      level: d.level,
      updated_at: d.updatedAt,
      row_version: db.raw('row_version + 1'),
    });
  }

  listQuery(db: Knex): Knex.QueryBuilder {
    return db('departments').select('*');
  }
}
