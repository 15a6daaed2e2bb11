import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Clock } from '../../clock';
import { minuteOf, ReadCache } from '../../db/read-cache';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { ConnectionMode, coverageChanges, coverageOf, onboardingChecklist, staleReasons } from '../../domain/onboarding';
import { submissionGaps } from '../../domain/resource-rules';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import { recordAudit } from '../audit/audit.store';
import { LockMode } from '../../db/versions';
import type { ProjectService } from '../projects/projects.service';
import { Resource, ResourceStore } from '../resources/resources.store';
import { Connection, OnboardingStore, Verification } from './onboarding.store';

type Row = Record<string, unknown>;
export type Onboarding = Schema<'Onboarding'>;

export interface OnboardingState extends Onboarding {
  verification: Verification | null;
}

const TIMED_MODES: ConnectionMode[] = ['batch_exchange', 'query_api', 'verification_api'];

export class OnboardingService {
  private readonly store = new OnboardingStore();
  private readonly resources = new ResourceStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly projects: ProjectService,
    private readonly cache: ReadCache,
  ) {}

  /**
   * The checklist computed from the data as it is now, the latest verification, and whether that
   * verification still holds: it goes stale when the checklist fails again, or when anything it
   * covered changed (an entry withdrawn or returned, its modes or items edited).
   */
  async evaluate(db: Knex | Knex.Transaction, project: Row): Promise<OnboardingState> {
    return (await this.evaluateMany(db, [project])).get(project.id as string)!;
  }

  /**
   * `evaluate` for many projects at once — the board evaluates every project in trial run — in a
   * handful of queries for all of them instead of five per project.
   */
  async evaluateMany(db: Knex | Knex.Transaction, projects: Row[]): Promise<Map<string, OnboardingState>> {
    const projectIds = projects.map((p) => p.id as string);
    // One after the other: `db` may be a transaction, whose one connection must not be asked two
    // things at once (node-pg deprecates it).
    const entries = await this.resources.findByProjects(db, projectIds);
    const entryIds = entries.map((e) => e.id);
    const connections = await this.store.connectionsOf(db, entryIds);
    const withSharingOnFile = await this.store.entriesWithSharingOnFile(db, entryIds);
    const verifications = await this.store.latestVerifications(db, projectIds);
    const now = this.clock.now();
    const entriesOf = groupBy(entries, (e) => e.projectId as string);
    const projectOfEntry = new Map(entries.map((e) => [e.id, e.projectId as string]));
    const connectionsOf = groupBy(connections, (c) => projectOfEntry.get(c.resourceId)!);
    const states = new Map<string, OnboardingState>();
    for (const project of projects) {
      const projectId = project.id as string;
      const own = entriesOf.get(projectId) ?? [];
      const checklist = onboardingChecklist({
        entries: own.map((e) => ({
          id: e.id,
          name: e.name,
          status: e.status,
          updateCycle: e.updateCycle,
          provisionModes: e.provisionModes.map((m) => m.mode),
          isVideo: e.video !== null,
          metadataGaps: submissionGaps(e),
        })),
        connections: (connectionsOf.get(projectId) ?? []).map((c) => ({
          resourceId: c.resourceId,
          mode: c.mode,
          confirmed: c.confirmedAt !== null,
          occurredAt: c.occurredAt,
        })),
        sharingOnFile: own.some((e) => withSharingOnFile.has(e.id)),
        noRequestDeclaration: (project.no_request_declaration as string | null) ?? null,
        now,
      });
      const latest = verifications.get(projectId) ?? null;
      const changed = latest?.covered ? coverageChanges(latest.covered, coverageOf(own)) : [];
      const stale = latest ? [...(checklist.ready ? [] : staleReasons(checklist)), ...changed] : [];
      states.set(projectId, {
        projectId,
        ready: checklist.ready,
        checklist: checklist.items,
        verification: latest?.verification ?? null,
        verificationCurrent: latest !== null && stale.length === 0,
        staleReasons: stale,
      });
    }
    return states;
  }

  /** The checklist as of the last write, at most a minute old as to the clock (connection freshness). */
  async get(actor: Actor, projectId: string): Promise<Onboarding> {
    // The project's row from the read cache as well; who may see it is checked on every request.
    const row = await this.cache.read(`project ${projectId}`, () => this.projects.findRow(this.db, projectId));
    const project = this.projects.visibleOrNotFound(actor, row);
    return this.cache.read(`onboarding ${projectId} ${minuteOf(this.clock.now())}`, () => this.evaluate(this.db, project));
  }

  async verify(actor: Actor, projectId: string): Promise<Verification> {
    requireRole(actor, 'bureau');
    return this.db.transaction(async (trx) => {
      // What is verified must stand until the verification is stored: the project's entries are
      // held for share, then the project locked (the order acceptance takes them in).
      await this.holdEvidence(trx, projectId);
      const project = await this.projects.visibleRow(trx, actor, projectId, 'update');
      const state = await this.evaluate(trx, project);
      if (!state.ready) {
        const missing = state.checklist
          .filter((i) => !i.met)
          .flatMap((i) =>
            i.missing.map((m) => ({
              code: `checklist_${i.key}`,
              message: `${i.label}：${m.resourceName ? `${m.resourceName} — ` : ''}${m.message}`,
            })),
          );
        throw new RuleViolationError(
          'onboarding_incomplete',
          `平台接入清单有 ${missing.length} 项未满足，不能核验 (the checklist does not hold)`,
          missing,
        );
      }
      const now = this.clock.now();
      const verification: Verification = {
        id: randomUUID(),
        projectId,
        verifiedAt: now.toISOString(),
        verifiedBy: actor.userId,
        verifiedByName: actor.userName,
        checklist: state.checklist,
      };
      await this.store.insertVerification(trx, verification, coverageOf(await this.resources.findByProject(trx, projectId)));
      await recordAudit(trx, actor, now, {
        action: 'onboarding.verified',
        objectType: 'project',
        objectId: projectId,
        details: { verificationId: verification.id },
      });
      return verification;
    });
  }

  async listConnections(actor: Actor, resourceId: string) {
    const entry = await this.visibleEntry(this.db, actor, resourceId);
    return { items: await this.store.connectionsOf(this.db, [entry.id]) };
  }

  async declareConnection(actor: Actor, resourceId: string, body: BodyOf<'declareConnection'>): Promise<Connection> {
    requireRole(actor, 'producer');
    return this.db.transaction(async (trx) => {
      // Held for share: a withdrawal waits for the declaration, or the declaration sees it.
      const entry = await this.visibleEntry(trx, actor, resourceId, 'share');
      if (entry.departmentId !== actor.departmentId)
        throw new ForbiddenError('not_owner', '只能为本部门的目录申报接入 (only the owning department declares connections)');
      const problems: Array<{ path: string; code: string; message: string }> = [];
      if (entry.status !== 'published')
        problems.push({
          path: '/resourceId',
          code: 'resource_not_published',
          message: '只有已发布的目录可以申报接入 (only a published entry connects)',
        });
      const offered = entry.provisionModes.map((m) => m.mode as string);
      if (body.mode === 'video_centre' ? entry.video === null : !offered.includes(body.mode)) {
        problems.push({
          path: '/mode',
          code: 'mode_not_offered',
          message:
            body.mode === 'video_centre'
              ? '该目录不是视频监控资源 (not a video resource)'
              : `该目录不提供此方式 (the entry does not offer ${body.mode})`,
        });
      }
      if (TIMED_MODES.includes(body.mode) && !body.occurredAt) {
        problems.push({
          path: '/occurredAt',
          code: 'occurred_at_required',
          message: '批量交付须填写交付时间，接口须填写健康探测时间 (when the delivery or the probe happened)',
        });
      }
      if (body.occurredAt && new Date(body.occurredAt).getTime() > this.clock.now().getTime()) {
        problems.push({ path: '/occurredAt', code: 'occurred_at_future', message: '时间不能晚于现在 (cannot be in the future)' });
      }
      if (problems.length > 0) throw new RuleViolationError(problems[0].code, problems[0].message, problems);
      const now = this.clock.now().toISOString();
      const connection: Connection = {
        id: randomUUID(),
        resourceId,
        mode: body.mode,
        reference: body.reference.trim(),
        evidence: body.evidence.trim(),
        occurredAt: body.occurredAt ? new Date(body.occurredAt).toISOString() : null,
        declaredBy: actor.userId,
        declaredAt: now,
        confirmedBy: null,
        confirmedAt: null,
      };
      await this.store.insertConnection(trx, connection);
      await recordAudit(trx, actor, this.clock.now(), {
        action: 'connection.declared',
        objectType: 'connection',
        objectId: connection.id,
        details: { resourceId, mode: body.mode },
      });
      return connection;
    });
  }

  async confirmConnection(actor: Actor, id: string): Promise<Connection> {
    requireRole(actor, 'bureau');
    return this.db.transaction(async (trx) => {
      const connection = await this.store.findConnection(trx, id);
      if (!connection) throw new NotFoundError('接入记录');
      const now = this.clock.now().toISOString();
      // Confirmed only if no one confirmed it first: a second confirmation writes nothing.
      if (connection.confirmedAt || !(await this.store.confirmConnection(trx, id, actor.userId, now))) {
        throw new ConflictError('already_confirmed', '该接入记录已确认 (already confirmed)');
      }
      await recordAudit(trx, actor, this.clock.now(), {
        action: 'connection.confirmed',
        objectType: 'connection',
        objectId: id,
        details: { resourceId: connection.resourceId },
      });
      return { ...connection, confirmedBy: actor.userId, confirmedAt: now };
    });
  }

  /**
   * Holds the project's entries for share until the caller's transaction ends, so that a decision
   * on the project (verification, acceptance) is made on entries no one changes meanwhile.
   */
  async holdEvidence(trx: Knex.Transaction, projectId: string): Promise<void> {
    await this.resources.lockEntriesOfProject(trx, projectId);
  }

  private async visibleEntry(db: Knex | Knex.Transaction, actor: Actor, resourceId: string, lock?: LockMode): Promise<Resource> {
    const entry = (await this.resources.findWithVersion(db, resourceId, lock))?.entry ?? null;
    if (
      !entry ||
      !(['published', 'withdrawn'].includes(entry.status) || entry.departmentId === actor.departmentId || hasRole(actor, 'bureau'))
    ) {
      throw new NotFoundError('信息资源');
    }
    return entry;
  }
}

function groupBy<T>(values: T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const key = keyOf(value);
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
