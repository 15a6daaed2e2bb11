import { Knex } from 'knex';
import { dialectOf } from '../../db/knex';
import { keysetPage, Page, PageRequest, sortBy } from '../../db/pagination';
import { Row, toIso, toIsoOrNull } from '../../db/rows';
import { acceptanceDue, addMonths, AcceptanceDelay, MIN_TRIAL_MONTHS, ProjectStage } from '../../domain/project-lifecycle';
import { deadlineIsProvisional, endOfShanghaiDay, shanghaiDate, WorkingDayCalendar } from '../../domain/working-days';
import { Schema } from '../../http/api-types';
import { updateAtVersion } from '../../db/versions';
import { Conn, Tx } from '../../db/database';
import { registrationDueDate } from '../../domain/project-lifecycle';

export type Project = Schema<'Project'>;

/** What a project's derived fields (deadlines, overdue flags, the payment hold) are computed against. */
export interface ProjectView {
  now: Date;
  calendar: WorkingDayCalendar;
  maxTrialMonths: number | null;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** The delay in force, if any, and how many delays the project has reported (refused ones too). */
export function acceptanceDelayOf(row: Row): (AcceptanceDelay & { reportedAt: string; timesReported: number }) | null {
  return row.acceptance_delay_new_date
    ? {
        reason: row.acceptance_delay_reason as string,
        newDate: row.acceptance_delay_new_date as string,
        reportedAt: toIso(row.acceptance_delay_reported_at),
        timesReported: Math.max(1, Number(row.acceptance_delay_count ?? 1)),
      }
    : null;
}

export function toProject(row: Row, view: ProjectView): Project {
  const today = shanghaiDate(view.now);
  const stage = row.stage as ProjectStage;
  const completedAt = toIsoOrNull(row.completed_at);
  const trialStartedAt = toIsoOrNull(row.trial_started_at);
  const acceptedAt = toIsoOrNull(row.accepted_at);
  const trialOn = trialStartedAt ? shanghaiDate(new Date(trialStartedAt)) : null;
  const delay = acceptanceDelayOf(row);
  const due = acceptanceDue(completedAt ? shanghaiDate(new Date(completedAt)) : null, stage === 'accepted', today, delay);
  const registrationDue = registrationDueDate(acceptedAt, view.calendar);
  const filed = row.registered_on !== null && row.registered_on !== undefined;
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
    stage,
    constructionStartedAt: toIsoOrNull(row.construction_started_at),
    completedAt,
    preliminaryAcceptedAt: toIsoOrNull(row.preliminary_accepted_at),
    trialStartedAt,
    acceptedAt,
    rectificationOf: (row.rectification_of as Project['rectificationOf']) ?? null,
    rectificationFindings: str(row.rectification_findings),
    earliestFinalAcceptance: trialOn ? addMonths(trialOn, MIN_TRIAL_MONTHS) : null,
    latestFinalAcceptance: trialOn && view.maxTrialMonths !== null ? addMonths(trialOn, view.maxTrialMonths) : null,
    acceptanceDueDate: due.dueDate,
    acceptanceOverdue: due.overdue,
    acceptanceDelay: delay,
    noRequestDeclaration: str(row.no_request_declaration),
    registrationDueDate: registrationDue,
    registrationDueDateProvisional: deadlineIsProvisional(acceptedAt, registrationDue, view.calendar),
    registrationFiled: filed,
    registrationReceived: row.received_on !== null && row.received_on !== undefined,
    registrationOverdue: Boolean(registrationDue && !filed && view.now.getTime() > endOfShanghaiDay(registrationDue).getTime()),
    paymentWithheld: stage === 'accepted' && !filed,
  };
}

export interface StageEvent {
  projectId: string;
  action: string;
  fromStage: ProjectStage;
  toStage: ProjectStage;
  actorId: string;
  at: string;
  note: string | null;
}

const byRegistration = sortBy('createdAt', 'p.created_at', 'asc', 'p.id', 'timestamp');

export class ProjectStore {
  query(db: Conn): Knex.QueryBuilder {
    return db('projects as p')
      .join('departments as d', 'd.id', 'p.owner_department_id')
      .leftJoin('project_registrations as reg', 'reg.project_id', 'p.id')
      .select('p.*', 'd.name as owner_department_name', 'reg.registered_on', 'reg.received_on');
  }

  /** Projects in the order they were registered (rows with the owner's name), a page at a time. */
  list(
    db: Conn,
    f: { onlyDepartmentId: string | null; ownerDepartmentId?: string; stage?: string[] },
    page: PageRequest,
  ): Promise<Page<Row>> {
    const qb = this.query(db);
    if (f.onlyDepartmentId) qb.where('p.owner_department_id', f.onlyDepartmentId);
    if (f.ownerDepartmentId) qb.where('p.owner_department_id', f.ownerDepartmentId);
    if (f.stage?.length) qb.whereIn('p.stage', f.stage);
    return keysetPage(
      qb,
      dialectOf(db),
      byRegistration,
      page,
      (r: Row) => [toIso(r.created_at), r.id as string],
      (r: Row) => r,
    );
  }

  /** Whether another project (not `exceptId`) has this approval code. */
  async codeTaken(db: Conn, code: string, exceptId: string | null): Promise<boolean> {
    const qb = db('projects').where({ code });
    if (exceptId) qb.whereNot({ id: exceptId });
    return Boolean(await qb.first('id'));
  }

  async findRow(db: Conn, id: string): Promise<Row | null> {
    return (await this.query(db).where('p.id', id).first()) ?? null;
  }

  async insert(
    db: Tx,
    p: { id: string; code: string; name: string; ownerDepartmentId: string; content: string; createdAt: string },
    budgetFen: number,
  ): Promise<void> {
    await db('projects').insert({
      id: p.id,
      code: p.code,
      name: p.name,
      owner_department_id: p.ownerDepartmentId,
      content: p.content,
      approved_budget_fen: budgetFen,
      stage: 'approved',
      created_at: p.createdAt,
      updated_at: p.createdAt,
    });
  }

  /** Writes a change decided on at row version `decidedAt`; 409 if the row has moved since. */
  async update(db: Tx, id: string, decidedAt: number, changes: Row): Promise<void> {
    await updateAtVersion(db, 'projects', id, decidedAt, changes);
  }

  async addStageEvent(db: Tx, e: StageEvent): Promise<void> {
    await db('project_stage_events').insert({
      project_id: e.projectId,
      action: e.action,
      from_stage: e.fromStage,
      to_stage: e.toStage,
      actor_id: e.actorId,
      at: e.at,
      note: e.note,
    });
  }

  async history(db: Conn, projectId: string) {
    const rows: Row[] = await db('project_stage_events as e')
      .leftJoin('users as u', 'u.id', 'e.actor_id')
      .where('e.project_id', projectId)
      .orderBy('e.seq')
      .select('e.*', 'u.name as actor_name');
    return rows.map((r) => ({
      action: r.action as string,
      fromStage: r.from_stage as ProjectStage,
      toStage: r.to_stage as ProjectStage,
      actorId: r.actor_id as string,
      actorName: (r.actor_name as string | null) ?? '',
      at: toIso(r.at),
      note: str(r.note),
    }));
  }

  // ---- for the notifications area ----------------------------------------------------------

  /** Accepted projects without a filed registration, oldest acceptance first. */
  unregisteredRows(db: Conn, departmentId: string | null, limit: number): Promise<Row[]> {
    const qb = this.query(db).where('p.stage', 'accepted').whereNull('reg.registered_on');
    if (departmentId) qb.where('p.owner_department_id', departmentId);
    return qb.orderBy([{ column: 'p.accepted_at' }, { column: 'p.id' }]).limit(limit);
  }

  /** Projects in these stages, oldest first. */
  rowsInStages(db: Conn, stages: ProjectStage[], limit: number): Promise<Row[]> {
    return this.query(db)
      .whereIn('p.stage', stages)
      .orderBy([{ column: 'p.updated_at' }, { column: 'p.id' }])
      .limit(limit);
  }
}
