import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { yuanToFen } from '../../domain/money';
import {
  acceptanceTimeProblems,
  actedBy,
  actionAllowed,
  addMonths,
  ProjectAction,
  ProjectStage,
  stageAfter,
  stagesAllowing,
} from '../../domain/project-lifecycle';
import { shanghaiDate } from '../../domain/working-days';
import { labelOf, projectStages } from '../../domain/vocabularies';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, QueryOf } from '../../http/api-types';
import { Page, pageRequestOf } from '../../db/pagination';
import { Row, toIso } from '../../db/rows';
import type { AuditService } from '../audit/audit.service';
import { assertIfMatch, lockRow, LockMode, withRowVersion } from '../../db/versions';
import { canSeeProject, ownDepartmentOnly } from '../../domain/visibility';
import type { CalendarService } from '../calendar/calendar.service';
import type { DepartmentService } from '../departments/departments.service';
import type { OnboardingService, OnboardingState, ProjectFacts } from '../onboarding/onboarding.service';
import { acceptanceDelayOf, Project, ProjectStore, ProjectView, toProject } from './projects.store';
import { Conn, Database, transaction, Tx } from '../../db/database';

/** Why a project may not pass final acceptance (竣工验收) now. */
export type AcceptanceProblem = { code: string; message: string; path?: string };
/** A reported acceptance delay sets a new date at most this many months ahead, unless the city says otherwise. */
export const DEFAULT_DELAY_MAX_MONTHS = 6;

function budgetFen(yuan: number): number {
  const fen = yuanToFen(yuan);
  if (fen === null) {
    throw new RuleViolationError('invalid_amount', '批复金额最多保留两位小数 (at most two decimals)', [
      { path: '/approvedBudgetYuan', message: '最多两位小数' },
    ]);
  }
  return fen;
}

/** What the onboarding checklist reads of a project. */
function factsOf(row: Row): ProjectFacts {
  return {
    id: row.id as string,
    ownerDepartmentId: row.owner_department_id as string,
    noRequestDeclaration: (row.no_request_declaration as string | null) ?? null,
  };
}

/** The timestamp column each step sets. */
const stampOf: Partial<Record<ProjectAction, string>> = {
  start_construction: 'construction_started_at',
  complete: 'completed_at',
  pass_preliminary: 'preliminary_accepted_at',
  start_trial_run: 'trial_started_at',
  accept: 'accepted_at',
};

export interface ProjectDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  departments: DepartmentService;
  calendar: CalendarService;
  /** The acceptance gate asks the onboarding area whether the project's data is onboarded. */
  onboarding: OnboardingService;
  /** Where the city limits the trial run before final acceptance (Wendeng: 6 months); null: no limit. */
  maxTrialMonths?: number | null;
  /** How far ahead a reported acceptance delay may set the new date (months; Xiuwu art. 20–21). */
  delayMaxMonths?: number;
}

export class ProjectService {
  private readonly store = new ProjectStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly departments: DepartmentService;
  private readonly calendar: CalendarService;
  private readonly onboarding: OnboardingService;
  private readonly maxTrialMonths: number | null;
  private readonly delayMaxMonths: number;

  constructor(deps: ProjectDeps) {
    ({
      db: this.db,
      clock: this.clock,
      audit: this.audit,
      departments: this.departments,
      calendar: this.calendar,
      onboarding: this.onboarding,
    } = deps);
    this.maxTrialMonths = deps.maxTrialMonths ?? null;
    this.delayMaxMonths = deps.delayMaxMonths ?? DEFAULT_DELAY_MAX_MONTHS;
  }

  async view(db: Conn): Promise<ProjectView> {
    return { now: this.clock.now(), calendar: await this.calendar.calendar(db), maxTrialMonths: this.maxTrialMonths };
  }

  /** Projects in the order they were registered: the bureau's all, a department's its own. */
  async list(actor: Actor, query: QueryOf<'listProjects'>): Promise<Page<Project>> {
    const [page, view] = await Promise.all([
      this.store.list(this.db, { ...query, onlyDepartmentId: ownDepartmentOnly(actor) }, pageRequestOf(query)),
      this.view(this.db),
    ]);
    return { items: page.items.map((r) => toProject(r, view)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<Project> {
    const row = await this.visibleRow(this.db, actor, id);
    return withRowVersion(toProject(row, await this.view(this.db)), row.row_version as number);
  }

  async history(actor: Actor, id: string) {
    await this.visibleRow(this.db, actor, id);
    return { items: await this.store.history(this.db, id) };
  }

  async create(actor: Actor, body: BodyOf<'createProject'>): Promise<Project> {
    requireRole(actor, 'producer', 'bureau');
    let ownerDepartmentId: string;
    if (hasRole(actor, 'bureau')) {
      if (!body.ownerDepartmentId) {
        throw new RuleViolationError('owner_department_required', '请指定项目建设单位 (ownerDepartmentId)', [
          { path: '/ownerDepartmentId', message: '必填' },
        ]);
      }
      ownerDepartmentId = body.ownerDepartmentId;
    } else {
      if (body.ownerDepartmentId && body.ownerDepartmentId !== actor.departmentId) {
        throw new ForbiddenError('not_own_department', '只能为本部门登记项目 (a producer registers projects of its own department)');
      }
      ownerDepartmentId = actor.departmentId;
    }
    const fen = budgetFen(body.approvedBudgetYuan);
    return transaction(this.db, async (trx) => {
      const owner = await this.departments.find(trx, ownerDepartmentId);
      if (!owner)
        throw new RuleViolationError('unknown_department', '建设单位不存在 (no such department)', [
          { path: '/ownerDepartmentId', message: '部门不存在' },
        ]);
      await this.assertCodeFree(trx, body.code, null);
      const id = randomUUID();
      await this.store.insert(
        trx,
        {
          id,
          code: body.code,
          name: body.name.trim(),
          ownerDepartmentId,
          content: body.content.trim(),
          createdAt: this.clock.now().toISOString(),
        },
        fen,
      );
      await this.audit.record(trx, actor, {
        action: 'project.created',
        objectType: 'project',
        objectId: id,
        details: { code: body.code, ownerDepartmentId },
      });
      return this.read(trx, id);
    });
  }

  async update(actor: Actor, id: string, body: BodyOf<'updateProject'>, ifMatch: string | undefined): Promise<Project> {
    requireRole(actor, 'producer', 'bureau');
    const fen = body.approvedBudgetYuan === undefined ? null : budgetFen(body.approvedBudgetYuan);
    return transaction(this.db, async (trx) => {
      const current = await this.visibleRow(trx, actor, id, 'update');
      assertIfMatch(ifMatch, Number(current.row_version));
      if (body.code && body.code !== current.code) await this.assertCodeFree(trx, body.code, id);
      const changes: Row = { updated_at: this.clock.now().toISOString() };
      if (body.code) changes.code = body.code;
      if (body.name) changes.name = body.name.trim();
      if (body.content) changes.content = body.content.trim();
      if (fen !== null) changes.approved_budget_fen = fen;
      await this.store.update(trx, id, Number(current.row_version), changes);
      const view = await this.view(trx);
      const after = await this.read(trx, id);
      await this.audit.record(trx, actor, {
        action: 'project.updated',
        objectType: 'project',
        objectId: id,
        details: { before: toProject(current, view), after },
      });
      return after;
    });
  }

  /**
   * One lifecycle step as an explicit, audited action. Owner steps are the department's producers'
   * (or the bureau's); acceptance decisions are the bureau's alone.
   */
  async step(actor: Actor, id: string, action: ProjectAction, note: string | null = null): Promise<Project> {
    if (actedBy(action) === 'bureau') requireRole(actor, 'bureau');
    else requireRole(actor, 'producer', 'bureau');
    return transaction(this.db, async (trx) => {
      // The gate reads the project's entries: they are held for share first, then the project is
      // locked (entries before their project, the order in which writers of entries lock them too),
      // so an entry withdrawn or edited meanwhile waits for the decision or is seen by it.
      if (action === 'accept') await this.onboarding.holdEvidence(trx, id);
      const row = await this.visibleRow(trx, actor, id, 'update');
      if (actedBy(action) === 'owner') this.assertOwnerOrBureau(actor, row);
      const stage = row.stage as ProjectStage;
      if (!actionAllowed(stage, action)) {
        const from = stagesAllowing(action)
          .map((s) => labelOf(projectStages, s))
          .join('、');
        throw new ConflictError(
          'invalid_stage',
          `项目当前阶段为“${labelOf(projectStages, stage)}”，只有“${from}”阶段可以执行此操作 (cannot ${action} a project in ${stage})`,
        );
      }
      const now = this.clock.now();
      if (action === 'accept') await this.assertAcceptable(trx, row, now);
      const rectificationOf =
        action === 'fail_acceptance'
          ? stage === 'completed'
            ? 'preliminary'
            : 'final'
          : (row.rectification_of as 'preliminary' | 'final' | null);
      const to = stageAfter(stage, action, rectificationOf);
      const changes: Row = { stage: to, updated_at: now.toISOString() };
      const stamp = stampOf[action];
      if (stamp) changes[stamp] = now.toISOString();
      if (action === 'fail_acceptance') Object.assign(changes, { rectification_of: rectificationOf, rectification_findings: note });
      await this.store.update(trx, id, Number(row.row_version), changes);
      await this.store.addStageEvent(trx, {
        projectId: id,
        action,
        fromStage: stage,
        toStage: to,
        actorId: actor.userId,
        at: now.toISOString(),
        note,
      });
      await this.audit.record(trx, actor, {
        action: `project.${action}`,
        objectType: 'project',
        objectId: id,
        details: { from: stage, to, ...(note ? { note } : {}) },
      });
      return this.read(trx, id);
    });
  }

  /**
   * The owner reports why final acceptance is late and the new date (Xiuwu art. 20–21). The new
   * date lies at most `delayMaxMonths` ahead; every report is counted and kept in the history, so
   * the bureau sees a project that keeps putting acceptance off, and may refuse the delay.
   */
  async reportDelay(actor: Actor, id: string, body: BodyOf<'reportAcceptanceDelay'>): Promise<Project> {
    requireRole(actor, 'producer', 'bureau');
    return transaction(this.db, async (trx) => {
      const row = await this.visibleRow(trx, actor, id, 'update');
      this.assertOwnerOrBureau(actor, row);
      if (!row.completed_at || row.stage === 'accepted') {
        throw new ConflictError(
          'invalid_stage',
          '只有已完工、尚未竣工验收的项目可以报告验收延期 (only a completed, not yet accepted project reports a delay)',
        );
      }
      const now = this.clock.now();
      const today = shanghaiDate(now);
      if (body.newDate <= today) {
        throw new RuleViolationError('new_date_not_future', '新的验收日期须晚于今天 (the new date must be in the future)', [
          { path: '/newDate', message: '须晚于今天' },
        ]);
      }
      const latest = addMonths(today, this.delayMaxMonths);
      if (body.newDate > latest) {
        throw new RuleViolationError(
          'new_date_too_far',
          `新的验收日期最晚为 ${latest}（自今日起 ${this.delayMaxMonths} 个月内）(the new date may be at most ${this.delayMaxMonths} months ahead)`,
          [{ path: '/newDate', message: `最晚 ${latest}` }],
        );
      }
      const times = Number(row.acceptance_delay_count ?? 0) + 1;
      await this.store.update(trx, id, Number(row.row_version), {
        acceptance_delay_reason: body.reason.trim(),
        acceptance_delay_new_date: body.newDate,
        acceptance_delay_reported_at: now.toISOString(),
        acceptance_delay_count: times,
        updated_at: now.toISOString(),
      });
      const stage = row.stage as ProjectStage;
      await this.store.addStageEvent(trx, {
        projectId: id,
        action: 'report_acceptance_delay',
        fromStage: stage,
        toStage: stage,
        actorId: actor.userId,
        at: now.toISOString(),
        note: `第 ${times} 次延期，新的验收日期 ${body.newDate}：${body.reason.trim()}`,
      });
      await this.audit.record(trx, actor, {
        action: 'project.acceptance_delay_reported',
        objectType: 'project',
        objectId: id,
        details: { reason: body.reason, newDate: body.newDate, timesReported: times },
      });
      return this.read(trx, id);
    });
  }

  /** The bureau refuses the reported delay: the project is judged against its original dates again. */
  async refuseDelay(actor: Actor, id: string, reason: string): Promise<Project> {
    requireRole(actor, 'bureau');
    return transaction(this.db, async (trx) => {
      const row = await this.visibleRow(trx, actor, id, 'update');
      if (!row.acceptance_delay_new_date || row.stage === 'accepted') {
        throw new ConflictError('no_acceptance_delay', '该项目当前没有可驳回的验收延期 (the project has no acceptance delay to refuse)');
      }
      const now = this.clock.now();
      await this.store.update(trx, id, Number(row.row_version), {
        acceptance_delay_reason: null,
        acceptance_delay_new_date: null,
        acceptance_delay_reported_at: null,
        updated_at: now.toISOString(),
      });
      const stage = row.stage as ProjectStage;
      await this.store.addStageEvent(trx, {
        projectId: id,
        action: 'refuse_acceptance_delay',
        fromStage: stage,
        toStage: stage,
        actorId: actor.userId,
        at: now.toISOString(),
        note: `不同意延期至 ${row.acceptance_delay_new_date as string}：${reason.trim()}`,
      });
      await this.audit.record(trx, actor, {
        action: 'project.acceptance_delay_refused',
        objectType: 'project',
        objectId: id,
        details: { reason, newDate: row.acceptance_delay_new_date },
      });
      return this.read(trx, id);
    });
  }

  async declareNoRequests(actor: Actor, id: string, statement: string): Promise<Project> {
    requireRole(actor, 'producer');
    return transaction(this.db, async (trx) => {
      const row = await this.visibleRow(trx, actor, id, 'update');
      if (row.owner_department_id !== actor.departmentId)
        throw new ForbiddenError('not_owner', "只有项目建设单位可以作此声明 (only the project's department declares this)");
      if (row.stage === 'accepted') throw new ConflictError('invalid_stage', '项目已竣工验收 (the project is already accepted)');
      const now = this.clock.now().toISOString();
      await this.store.update(trx, id, Number(row.row_version), {
        no_request_declaration: statement.trim(),
        no_request_declared_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, actor, {
        action: 'project.no_requests_declared',
        objectType: 'project',
        objectId: id,
        details: { statement },
      });
      return this.read(trx, id);
    });
  }

  /**
   * The acceptance gate (docs/domain.md rules 10–12; Wendeng art. 36–37, Sanming art. 17–18): onboarding
   * verified and still current, and the trial run's time rules met. Refused with every unmet item listed.
   */
  async acceptanceProblems(db: Conn, row: Row, now: Date): Promise<AcceptanceProblem[]> {
    return this.acceptanceProblemsGiven(row, await this.onboarding.evaluate(db, factsOf(row)), now);
  }

  /** acceptanceProblems of many projects (the board), their onboarding evaluated together. */
  async acceptanceProblemsOfMany(db: Conn, rows: Row[], now: Date): Promise<Map<string, AcceptanceProblem[]>> {
    const states = await this.onboarding.evaluateMany(db, rows.map(factsOf));
    return new Map(rows.map((row) => [row.id as string, this.acceptanceProblemsGiven(row, states.get(row.id as string)!, now)]));
  }

  private acceptanceProblemsGiven(row: Row, state: OnboardingState, now: Date): AcceptanceProblem[] {
    const problems: AcceptanceProblem[] = [];
    if (!state.verification) {
      problems.push({ code: 'onboarding_not_verified', message: '平台接入尚未经大数据管理局核验 (onboarding is not verified)' });
    } else if (!state.verificationCurrent) {
      problems.push({
        code: 'onboarding_verification_stale',
        message: '平台接入核验已失效：项目数据此后发生变化 (the verification is stale)',
      });
    }
    for (const item of state.checklist.filter((i) => !i.met)) {
      for (const m of item.missing) {
        problems.push({
          code: `checklist_${item.key}`,
          message: `${item.label}：${m.resourceName ? `${m.resourceName} — ` : ''}${m.message}`,
        });
      }
    }
    if (row.trial_started_at) {
      for (const p of acceptanceTimeProblems(
        shanghaiDate(new Date(toIso(row.trial_started_at))),
        shanghaiDate(now),
        this.maxTrialMonths,
        acceptanceDelayOf(row),
      )) {
        problems.push({ code: p.code ?? 'time_rule', message: p.message });
      }
    }
    return problems;
  }

  private async assertAcceptable(trx: Tx, row: Row, now: Date): Promise<void> {
    const problems = await this.acceptanceProblems(trx, row, now);
    if (problems.length > 0) {
      throw new RuleViolationError(
        'acceptance_refused',
        `不予竣工验收：${problems.length} 项条件未满足 (final acceptance refused)`,
        problems,
      );
    }
  }

  /**
   * Whether the actor may read the project's acceptance materials (附件: whoever sees the project)
   * or change them (attach, remove: the project's department or the bureau, until final
   * acceptance closes them). Throws 404 (not visible), 403 (role, department) or 409 (accepted);
   * for a change inside a transaction, the project is held for share until it ends, so an
   * acceptance waits for the change or is seen by it. The attachments area asks this.
   */
  async materialsAccess(db: Conn, actor: Actor, id: string, intent: 'read' | 'change'): Promise<{ departmentId: string }> {
    if (intent === 'change') requireRole(actor, 'producer', 'bureau');
    const row = await this.visibleRow(db, actor, id, intent === 'change' ? 'share' : undefined);
    if (intent === 'change') {
      this.assertOwnerOrBureau(actor, row);
      if (row.stage === 'accepted')
        throw new ConflictError(
          'materials_closed',
          '项目已竣工验收，验收材料不能再增删 (the project was accepted; its materials are closed)',
        );
    }
    return { departmentId: row.owner_department_id as string };
  }

  /** The project's row if the actor may see it; with `lock`, locked first for the caller's transaction. */
  async visibleRow(db: Conn, actor: Actor, id: string, lock?: LockMode): Promise<Row> {
    if (lock) await lockRow(db as Tx, 'projects', id, lock);
    return this.visibleOrNotFound(actor, await this.store.findRow(db, id));
  }

  private async read(trx: Tx, id: string): Promise<Project> {
    const row = (await this.store.findRow(trx, id))!;
    return withRowVersion(toProject(row, await this.view(trx)), row.row_version as number);
  }

  /** The row, if the actor may see the project: another department's project is "not found", not revealed. */
  private visibleOrNotFound(actor: Actor, row: Row | null | undefined): Row {
    if (!row || !canSeeProject(actor, { ownerDepartmentId: row.owner_department_id as string })) throw new NotFoundError('项目');
    return row;
  }

  private assertOwnerOrBureau(actor: Actor, row: Row): void {
    if (!hasRole(actor, 'bureau') && row.owner_department_id !== actor.departmentId) {
      throw new ForbiddenError('not_owner', "只有项目建设单位或大数据管理局可以执行此操作 (only the project's department or the bureau)");
    }
  }

  private async assertCodeFree(trx: Tx, code: string, exceptId: string | null): Promise<void> {
    if (await this.store.codeTaken(trx, code, exceptId))
      throw new ConflictError('project_code_exists', `项目编码 ${code} 已被使用 (the project code is taken)`);
  }

  // ---- for the notifications area ----------------------------------------------------------

  /** Accepted projects whose achievement registration is not filed, one department's or every one's, oldest acceptance first, at most `limit`. */
  async unregistered(departmentId: string | null, limit: number): Promise<Project[]> {
    const [rows, view] = await Promise.all([this.store.unregisteredRows(this.db, departmentId, limit), this.view(this.db)]);
    return rows.map((row) => toProject(row, view));
  }

  /**
   * Projects awaiting a step of the bureau's, oldest first, at most `limit`: completed ones (the
   * preliminary acceptance) and those in trial run, with what the acceptance gate still finds.
   */
  async awaitingBureau(limit: number): Promise<Array<{ project: Project; problems: AcceptanceProblem[] }>> {
    const now = this.clock.now();
    const [rows, view] = await Promise.all([this.store.rowsInStages(this.db, ['completed', 'trial_run'], limit), this.view(this.db)]);
    const problems = await this.acceptanceProblemsOfMany(
      this.db,
      rows.filter((r) => r.stage === 'trial_run'),
      now,
    );
    return rows.map((row) => ({ project: toProject(row, view), problems: problems.get(row.id as string) ?? [] }));
  }
}
