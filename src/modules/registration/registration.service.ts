import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { beijingYear, dataVolumeText, formatNumber, NUMBER_SERIES } from '../../domain/form-numbers';
import { shanghaiDate } from '../../domain/working-days';
import { labelOf, resourceFormats } from '../../domain/vocabularies';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import type { ProjectService } from '../projects/projects.service';
import type { ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { RegistrationFormData } from './registration.forms';
import { RegistrationStore } from './registration.store';
import { Row } from '../../db/rows';
import { Conn, Database, transaction } from '../../db/database';

export type Registration = Schema<'Registration'>;

// The achievement registration (信息化项目成果登记表, docs/domain.md rules 14–15; Fuzhou art. 21–22 and 附件1): filed by the
// project's department after acceptance, received by the bureau. Until it is filed the
// acceptance payment is withheld.

function toRegistration(row: Row, project: Row): Registration {
  return {
    number: row.number as string,
    projectId: row.project_id as string,
    projectName: project.name as string,
    projectContent: project.content as string,
    outcomes: row.outcomes as string,
    acceptanceMaterials: row.acceptance_materials as string,
    sharingRequestForms: row.sharing_request_forms as string,
    scopeAndDesensitization: row.scope_and_desensitization as string,
    totalDataVolume: row.total_data_volume as string,
    dataFormat: row.data_format as string,
    shared: row.shared === true || row.shared === 1,
    registeringDepartmentName: project.owner_department_name as string,
    handler: row.handler as string,
    registeredOn: row.registered_on as string,
    receipt: row.received_on
      ? {
          receivingDepartmentName: (row.receiving_department_name as string) ?? '',
          receiver: row.receiver as string,
          receivedOn: row.received_on as string,
          notes: (row.receipt_notes as string | null) ?? '',
        }
      : null,
  };
}

export function formDataOf(r: Registration): RegistrationFormData {
  return {
    number: r.number,
    projectName: r.projectName,
    projectContent: r.projectContent,
    materials: {
      outcomes: r.outcomes,
      acceptanceMaterials: r.acceptanceMaterials,
      sharingRequestForms: r.sharingRequestForms,
      scopeAndDesensitization: r.scopeAndDesensitization,
    },
    totalDataVolume: r.totalDataVolume,
    dataFormat: r.dataFormat,
    shared: r.shared,
    registeringDepartment: r.registeringDepartmentName,
    handler: r.handler,
    registeredOn: r.registeredOn,
    receipt: r.receipt
      ? {
          notes: r.receipt.notes,
          receivingDepartment: r.receipt.receivingDepartmentName,
          receiver: r.receipt.receiver,
          receivedOn: r.receipt.receivedOn,
        }
      : null,
  };
}

export interface RegistrationDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** Who may see the project, its stage and owner. */
  projects: ProjectService;
  /** The project's published entries, for the form's data volume and formats. */
  resources: ResourceService;
  /** The sharing requests on file for them. */
  sharing: SharingService;
}

export class RegistrationService {
  private readonly store = new RegistrationStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly projects: ProjectService;
  private readonly resources: ResourceService;
  private readonly sharing: SharingService;

  constructor(deps: RegistrationDeps) {
    ({
      db: this.db,
      clock: this.clock,
      audit: this.audit,
      projects: this.projects,
      resources: this.resources,
      sharing: this.sharing,
    } = deps);
  }

  async get(actor: Actor, projectId: string): Promise<Registration> {
    const project = await this.projects.visibleRow(this.db, actor, projectId);
    const row = await this.store.find(this.db, projectId);
    if (!row) throw new NotFoundError('成果登记表');
    return toRegistration(row, project);
  }

  /**
   * The project's 附件2: every request on file (past draft, not cancelled) for its entries, oldest
   * first, for whoever may read the project (its department and the bureau; others: 404).
   */
  async projectSharingForm(
    actor: Actor,
    projectId: string,
  ): Promise<{ projectName: string; requests: Schema<'SharingRequest'>[]; printedAt: Date }> {
    const project = await this.projects.visibleRow(this.db, actor, projectId);
    const entries = await this.resources.entriesOfProjects(this.db, [projectId]);
    const requests = await this.sharing.requestsOnFile(
      this.db,
      entries.map((e) => e.id),
    );
    return { projectName: project.name as string, requests, printedAt: this.clock.now() };
  }

  /** The service's clock: the date printed on forms. */
  now(): Date {
    return this.clock.now();
  }

  /**
   * Whether the actor may read a registration's project materials (附件1 项目材料: whoever sees
   * the project) or change them (attach, remove: a producer of the project's department, from the
   * project's final acceptance until the bureau has received the registration). Throws 404, 403 or
   * 409. The attachments area asks this; a change holds the project for share in its transaction.
   */
  async materialsAccess(db: Conn, actor: Actor, projectId: string, intent: 'read' | 'change'): Promise<{ departmentId: string }> {
    if (intent === 'change') requireRole(actor, 'producer');
    const project = await this.projects.visibleRow(db, actor, projectId, intent === 'change' ? 'share' : undefined);
    if (intent === 'change') {
      if (project.owner_department_id !== actor.departmentId)
        throw new ForbiddenError('not_owner', "成果登记材料由项目建设单位提交 (the project's department adds the materials)");
      if (project.stage !== 'accepted')
        throw new ConflictError('not_accepted', '项目竣工验收后方可提交成果登记材料 (after final acceptance)');
      const row = await this.store.find(db, projectId);
      if (row?.received_on)
        throw new ConflictError(
          'materials_closed',
          '成果登记表已接收，项目材料不能再增删 (the registration was received; its materials are closed)',
        );
    }
    return { departmentId: project.owner_department_id as string };
  }

  async file(actor: Actor, projectId: string, body: BodyOf<'fileRegistration'>): Promise<Registration> {
    requireRole(actor, 'producer');
    return transaction(this.db, async (trx) => {
      // The project is locked first: of two filings at once the second waits and finds the first.
      const project = await this.projects.visibleRow(trx, actor, projectId, 'update');
      if (project.owner_department_id !== actor.departmentId)
        throw new ForbiddenError('not_owner', "成果登记由项目建设单位填报 (the project's department files it)");
      if (project.stage !== 'accepted')
        throw new ConflictError('not_accepted', '项目竣工验收后方可填报成果登记表 (file after final acceptance)');
      if (await this.store.find(trx, projectId)) throw new ConflictError('already_filed', '成果登记表已填报 (already filed)');
      const entries = (await this.resources.entriesOfProjects(trx, [projectId])).filter((e) => e.status === 'published');
      // The requests by their numbers (RJ-SQ-…), oldest first.
      const requests = await this.sharing.requestNumbersOnFile(
        trx,
        entries.map((e) => e.id),
      );
      const now = this.clock.now();
      const year = beijingYear(now);
      const filed = {
        project_id: projectId,
        number: formatNumber(NUMBER_SERIES.registration, year, await this.store.nextNumber(trx, year)),
        outcomes: body.outcomes.trim(),
        acceptance_materials: body.acceptanceMaterials.trim(),
        sharing_request_forms:
          requests.length > 0
            ? `数据共享应用（需求）表 ${requests.length} 份：${requests.join('、')}`
            : `无共享申请。${(project.no_request_declaration as string | null) ?? ''}`.trim(),
        scope_and_desensitization: body.scopeAndDesensitization.trim(),
        total_data_volume: body.totalDataVolume?.trim() || dataVolumeText(entries.map((e) => e.totalDataVolume.records)),
        data_format:
          body.dataFormat?.trim() ||
          [...new Set(entries.map((e) => (e.format ? labelOf(resourceFormats, e.format) : '')).filter(Boolean))].join('、') ||
          '—',
        shared: entries.some((e) => e.sharingType === 'unconditional' || e.sharingType === 'conditional'),
        handler: body.handler.trim(),
        registered_on: shanghaiDate(now),
        registered_by: actor.userId,
        registered_at: now.toISOString(),
      };
      await this.store.insert(trx, filed);
      await this.audit.record(trx, actor, {
        action: 'registration.filed',
        objectType: 'project',
        objectId: projectId,
        details: { handler: filed.handler },
      });
      return toRegistration((await this.store.find(trx, projectId))!, project);
    });
  }

  async receive(actor: Actor, projectId: string, body: BodyOf<'receiveRegistration'>): Promise<Registration> {
    requireRole(actor, 'bureau');
    return transaction(this.db, async (trx) => {
      const project = await this.projects.visibleRow(trx, actor, projectId, 'update');
      const row = await this.store.find(trx, projectId);
      if (!row) throw new NotFoundError('成果登记表');
      if (row.received_on) throw new ConflictError('already_received', '成果登记表已接收 (already received)');
      const now = this.clock.now();
      await this.store.receive(trx, projectId, {
        receipt_notes: body.notes?.trim() || '材料齐全，已接收',
        receiving_department_id: actor.departmentId,
        receiver: body.receiver.trim(),
        received_on: shanghaiDate(now),
        received_by: actor.userId,
        received_at: now.toISOString(),
      });
      await this.audit.record(trx, actor, {
        action: 'registration.received',
        objectType: 'project',
        objectId: projectId,
        details: { receiver: body.receiver },
      });
      return toRegistration((await this.store.find(trx, projectId))!, project);
    });
  }
}
