import { Knex } from 'knex';
import { toIso } from '../../db/rows';
import { Schema } from '../../http/api-types';

export type Project = Schema<'Project'>;
type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

export function toProject(row: Row): Project {
  return {
    id: row.id as string,
    code: row.code as string,
    name: row.name as string,
    ownerDepartmentId: row.owner_department_id as string,
    ownerDepartmentName: row.owner_department_name as string,
    content: row.content as string,
    approvedBudgetYuan: Number(row.approved_budget_fen) / 100,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export class ProjectStore {
  query(db: Db): Knex.QueryBuilder {
    return db('projects as p').join('departments as d', 'd.id', 'p.owner_department_id').select('p.*', 'd.name as owner_department_name');
  }

  async findById(db: Db, id: string): Promise<Project | null> {
    const row = await this.query(db).where('p.id', id).first();
    return row ? toProject(row) : null;
  }

  async insert(db: Knex.Transaction, p: Project, budgetFen: number): Promise<void> {
    await db('projects').insert({
      id: p.id,
      code: p.code,
      name: p.name,
      owner_department_id: p.ownerDepartmentId,
      content: p.content,
      approved_budget_fen: budgetFen,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    });
  }

  async update(db: Knex.Transaction, p: Project, budgetFen: number): Promise<void> {
    await db('projects').where({ id: p.id }).update({
      code: p.code,
      name: p.name,
      content: p.content,
      approved_budget_fen: budgetFen,
      updated_at: p.updatedAt,
    });
  }
}
