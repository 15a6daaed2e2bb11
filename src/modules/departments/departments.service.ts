import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { creditCodeProblem, withCreditCodeCheckChar } from '../../domain/credit-code';
import { ConflictError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf } from '../../http/api-types';
import { Page, PageRequest } from '../../db/pagination';
import type { AuditService } from '../audit/audit.service';
import { assertIfMatch, rowVersionOf, withRowVersion } from '../../db/versions';
import { Department, DepartmentStore } from './departments.store';
import { Conn, Database, transaction, Tx } from '../../db/database';

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

export interface DepartmentDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
}

export class DepartmentService {
  private readonly store = new DepartmentStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;

  constructor(deps: DepartmentDeps) {
    ({ db: this.db, clock: this.clock, audit: this.audit } = deps);
  }

  list(page: PageRequest): Promise<Page<Department>> {
    return this.store.list(this.db, page);
  }

  async get(id: string): Promise<Department> {
    const d = await this.store.findById(this.db, id);
    if (!d) throw new NotFoundError('部门');
    return d;
  }

  /** A department as `db` sees it (the caller's transaction), or null: for other areas' rules. */
  find(db: Conn, id: string): Promise<Department | null> {
    return this.store.findById(db, id);
  }

  /** The bureau (大数据管理局), or null before one is registered. */
  findBureau(db: Conn): Promise<Department | null> {
    return this.store.findBureau(db);
  }

  /**
   * Registers a placeholder bureau, in the caller's transaction, for BOOTSTRAP_ADMIN_TOKEN on an
   * empty database: the operator's administrator needs a department to act for.
   */
  async createBootstrapBureau(tx: Tx): Promise<Department> {
    const at = this.clock.now().toISOString();
    const bureau: Department = {
      id: randomUUID(),
      name: '大数据管理局（初始化）',
      creditCode: withCreditCodeCheckChar('11000000000000000'),
      level: 'municipal',
      isBureau: true,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.insert(tx, bureau);
    await this.audit.record(tx, null, {
      action: 'department.created',
      objectType: 'department',
      objectId: bureau.id,
      details: { bootstrap: true },
    });
    return withRowVersion(bureau, 1);
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
    return transaction(this.db, async (trx) => {
      await this.assertUnique(trx, department);
      if (department.isBureau && (await this.store.findBureau(trx))) {
        throw new ConflictError('bureau_exists', '已登记大数据管理局，一个平台只有一个 (the bureau is already registered)');
      }
      await this.store.insert(trx, department);
      await this.audit.record(trx, actor, {
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
    return transaction(this.db, async (trx) => {
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
      await this.audit.record(trx, actor, {
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
  private async assertUnique(trx: Tx, d: Department): Promise<void> {
    const clash = await this.store.findClash(trx, d);
    if (clash) {
      const which = clash === 'creditCode' ? '统一社会信用代码' : '部门名称';
      throw new ConflictError(
        'department_exists',
        `${which}已被其他部门使用 (another department has this ${clash === 'creditCode' ? 'credit code' : 'name'})`,
      );
    }
  }
}
