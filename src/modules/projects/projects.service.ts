import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Clock } from '../../clock';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { yuanToFen } from '../../domain/money';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf } from '../../http/api-types';
import { applyKeyset, pageOf, sortBy } from '../../db/pagination';
import { dialectOf } from '../../db/knex';
import { recordAudit } from '../audit/audit.store';
import { DepartmentStore } from '../departments/departments.store';
import { Project, ProjectStore, toProject } from './projects.store';

const byRegistration = sortBy('createdAt', 'p.created_at', 'asc', 'p.id');

function budgetFen(yuan: number): number {
  const fen = yuanToFen(yuan);
  if (fen === null) {
    throw new RuleViolationError('invalid_amount', '批复金额最多保留两位小数 (at most two decimals)', [{ path: '/approvedBudgetYuan', message: '最多两位小数' }]);
  }
  return fen;
}

export class ProjectService {
  private readonly store = new ProjectStore();
  private readonly departments = new DepartmentStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: { ownerDepartmentId?: string; limit: number; cursor?: string }) {
    const qb = this.store.query(this.db);
    // The bureau sees every project; a department its own (DESIGN: no department reads another's).
    if (!hasRole(actor, 'bureau')) qb.where('p.owner_department_id', actor.departmentId);
    if (query.ownerDepartmentId) qb.where('p.owner_department_id', query.ownerDepartmentId);
    applyKeyset(qb, dialectOf(this.db), byRegistration, query.cursor);
    const rows = await qb.limit(query.limit + 1);
    return pageOf(rows, query.limit, byRegistration, (r: Record<string, unknown>) => [toProject(r).createdAt, r.id as string], toProject);
  }

  async get(actor: Actor, id: string): Promise<Project> {
    const project = await this.store.findById(this.db, id);
    if (!project || !this.canSee(actor, project)) throw new NotFoundError('项目');
    return project;
  }

  async create(actor: Actor, body: BodyOf<'createProject'>): Promise<Project> {
    requireRole(actor, 'producer', 'bureau');
    let ownerDepartmentId: string;
    if (hasRole(actor, 'bureau')) {
      if (!body.ownerDepartmentId) {
        throw new RuleViolationError('owner_department_required', '请指定项目建设单位 (ownerDepartmentId)', [{ path: '/ownerDepartmentId', message: '必填' }]);
      }
      ownerDepartmentId = body.ownerDepartmentId;
    } else {
      if (body.ownerDepartmentId && body.ownerDepartmentId !== actor.departmentId) {
        throw new ForbiddenError('not_own_department', '只能为本部门登记项目 (a producer registers projects of its own department)');
      }
      ownerDepartmentId = actor.departmentId;
    }
    const fen = budgetFen(body.approvedBudgetYuan);
    return this.db.transaction(async (trx) => {
      const owner = await this.departments.findById(trx, ownerDepartmentId);
      if (!owner) throw new RuleViolationError('unknown_department', '建设单位不存在 (no such department)', [{ path: '/ownerDepartmentId', message: '部门不存在' }]);
      await this.assertCodeFree(trx, body.code, null);
      const now = this.clock.now().toISOString();
      const project: Project = {
        id: randomUUID(),
        code: body.code,
        name: body.name.trim(),
        ownerDepartmentId,
        ownerDepartmentName: owner.name,
        content: body.content.trim(),
        approvedBudgetYuan: fen / 100,
        createdAt: now,
        updatedAt: now,
      };
      await this.store.insert(trx, project, fen);
      await recordAudit(trx, actor, this.clock.now(), { action: 'project.created', objectType: 'project', objectId: project.id, details: { code: project.code, ownerDepartmentId } });
      return project;
    });
  }

  async update(actor: Actor, id: string, body: BodyOf<'updateProject'>): Promise<Project> {
    requireRole(actor, 'producer', 'bureau');
    const fen = body.approvedBudgetYuan === undefined ? null : budgetFen(body.approvedBudgetYuan);
    return this.db.transaction(async (trx) => {
      const current = await this.store.findById(trx, id);
      if (!current || !this.canSee(actor, current)) throw new NotFoundError('项目');
      if (body.code && body.code !== current.code) await this.assertCodeFree(trx, body.code, id);
      const next: Project = {
        ...current,
        code: body.code ?? current.code,
        name: body.name?.trim() ?? current.name,
        content: body.content?.trim() ?? current.content,
        approvedBudgetYuan: fen === null ? current.approvedBudgetYuan : fen / 100,
        updatedAt: this.clock.now().toISOString(),
      };
      await this.store.update(trx, next, Math.round(next.approvedBudgetYuan * 100));
      await recordAudit(trx, actor, this.clock.now(), { action: 'project.updated', objectType: 'project', objectId: id, details: { before: current, after: next } });
      return next;
    });
  }

  /** The project an entry names must exist and belong to the entry's department. */
  async assertProducesFor(trx: Knex.Transaction, projectId: string, departmentId: string): Promise<string> {
    const project = await this.store.findById(trx, projectId);
    if (!project || project.ownerDepartmentId !== departmentId) {
      throw new RuleViolationError('project_not_of_department', '生产该资源的项目须为本部门已登记的项目 (the producing project must be one of the department\'s projects)', [{ path: '/projectId', message: '项目不存在或不属于本部门' }]);
    }
    return project.name;
  }

  private canSee(actor: Actor, project: Project): boolean {
    return hasRole(actor, 'bureau') || project.ownerDepartmentId === actor.departmentId;
  }

  private async assertCodeFree(trx: Knex.Transaction, code: string, exceptId: string | null): Promise<void> {
    const qb = trx('projects').where({ code });
    if (exceptId) qb.whereNot({ id: exceptId });
    if (await qb.first()) throw new ConflictError('project_code_exists', `项目编码 ${code} 已被使用 (the project code is taken)`);
  }
}
