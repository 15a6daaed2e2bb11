import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { creditCodeProblem } from '../../domain/credit-code';
import { ConflictError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf } from '../../http/api-types';
import { applyKeyset, pageOf, sortBy } from '../../db/pagination';
import { dialectOf } from '../../db/knex';
import { recordAudit } from '../audit/audit.store';
import { assertIfMatch, rowVersionOf, withRowVersion } from '../../db/versions';
import { Department, DepartmentStore, toDepartment } from './departments.store';

const byRegistration = sortBy('createdAt', 'created_at', 'asc', 'id', 'timestamp');

const creditCodeMessages = {
  length: '统一社会信用代码应为18位',
  alphabet: '统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）',
  check_character: '统一社会信用代码校验码错误',
};

function checkCreditCode(code: string): void {
  const problem = creditCodeProblem(code);
  if (problem) {
    throw new RuleViolationError('invalid_credit_code', `${creditCodeMessages[problem]} (invalid unified social credit code)`, [
      { path: '/creditCode', code: problem, message: creditCodeMessages[problem] },
    ]);
  }
}

export class DepartmentService {
  private readonly store = new DepartmentStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  async list(query: { limit: number; cursor?: string }) {
    const qb = this.store.listQuery(this.db);
    applyKeyset(qb, dialectOf(this.db), byRegistration, query.cursor);
    const rows = await qb.limit(query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      byRegistration,
      (r: Record<string, unknown>) => [toDepartment(r).createdAt, r.id as string],
      toDepartment,
    );
  }

  async get(id: string): Promise<Department> {
    const d = await this.store.findById(this.db, id);
    if (!d) throw new NotFoundError('部门');
    return d;
  }

  async create(actor: Actor, body: BodyOf<'createDepartment'>): Promise<Department> {
    requireRole(actor, 'bureau');
    checkCreditCode(body.creditCode);
    const now = this.clock.now().toISOString();
    const department: Department = {
      id: randomUUID(),
      name: body.name.trim(),
      creditCode: body.creditCode,
      level: body.level,
      isBureau: body.isBureau ?? false,
      createdAt: now,
      updatedAt: now,
    };
    return this.db.transaction(async (trx) => {
      await this.assertUnique(trx, department);
      if (department.isBureau && (await this.store.findBureau(trx))) {
        throw new ConflictError('bureau_exists', '已登记大数据管理局，一个平台只有一个 (the bureau is already registered)');
      }
      await this.store.insert(trx, department);
      await recordAudit(trx, actor, this.clock.now(), {
        action: 'department.created',
        objectType: 'department',
        objectId: department.id,
        details: { name: department.name, creditCode: department.creditCode },
      });
      return withRowVersion(department, 1);
    });
  }

  async update(actor: Actor, id: string, body: BodyOf<'updateDepartment'>, ifMatch: string | undefined): Promise<Department> {
    requireRole(actor, 'bureau');
    if (body.creditCode) checkCreditCode(body.creditCode);
    return this.db.transaction(async (trx) => {
      const current = await this.store.findById(trx, id, 'update');
      if (!current) throw new NotFoundError('部门');
      const rowVersion = rowVersionOf(current)!;
      assertIfMatch(ifMatch, rowVersion);
      const next: Department = {
        ...current,
        name: body.name?.trim() ?? current.name,
        creditCode: body.creditCode ?? current.creditCode,
        level: body.level ?? current.level,
        updatedAt: this.clock.now().toISOString(),
      };
      await this.assertUnique(trx, next);
      const written = await this.store.update(trx, next, rowVersion);
      await recordAudit(trx, actor, this.clock.now(), {
        action: 'department.updated',
        objectType: 'department',
        objectId: id,
        details: { before: current, after: next },
      });
      return withRowVersion(next, written);
    });
  }

  // Checked before the insert so the clerk learns which value clashes; the unique indexes remain
  // the guarantee under concurrency (their violation is translated to the same 409).
  private async assertUnique(trx: Knex.Transaction, d: Department): Promise<void> {
    const clash = await trx('departments')
      .whereNot({ id: d.id })
      .andWhere((w) => w.where({ name: d.name }).orWhere({ credit_code: d.creditCode }))
      .first();
    if (clash) {
      const which = clash.credit_code === d.creditCode ? '统一社会信用代码' : '部门名称';
      throw new ConflictError(
        'department_exists',
        `${which}已被其他部门使用 (another department has this ${clash.credit_code === d.creditCode ? 'credit code' : 'name'})`,
      );
    }
  }
}
