import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { minuteOf, ReadCache } from '../../db/read-cache';
import { Actor, requireRole } from '../../domain/actor';
import { canSeeEntry, canSeeProject } from '../../domain/visibility';
import { coverageChanges, coverageOf, OBSERVED_MODES, ObservedExchange, onboardingChecklist, staleReasons } from '../../domain/onboarding';
import { submissionGaps } from '../../domain/resource-rules';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import { LockMode } from '../../db/versions';
import type { Resource, ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { Connection, OnboardingStore, ProjectFacts, Verification } from './onboarding.store';

export type { ProjectFacts };
import { Conn, Tx, Database, transaction } from '../../db/database';

export type Onboarding = Schema<'Onboarding'>;

export interface OnboardingState extends Onboarding {
  verification: Verification | null;
}

export interface OnboardingDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** The catalog: a project's entries, and who may see an entry. */
  resources: ResourceService;
  /** Whether a request or grant is on file for the project's entries. */
  sharing: SharingService;
  /** What the exchange observed of the entries: deliveries, probes, certificates (the checklist's evidence). */
  exchange: { evidenceOf(db: Conn, entryIds: string[]): Promise<ObservedExchange[]> };
  cache: ReadCache;
}

export class OnboardingService {
  private readonly store = new OnboardingStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly resources: ResourceService;
  private readonly sharing: SharingService;
  private readonly cache: ReadCache;
  private readonly exchange: OnboardingDeps['exchange'];

  constructor(deps: OnboardingDeps) {
    ({
      db: this.db,
      clock: this.clock,
      audit: this.audit,
      resources: this.resources,
      sharing: this.sharing,
      cache: this.cache,
      exchange: this.exchange,
    } = deps);
  }

  /**
   * The checklist computed from the data as it is now, the latest verification, and whether that
   * verification still holds: it goes stale when the checklist fails again, or when anything it
   * covered changed (an entry withdrawn or returned, its modes or items edited).
   */
  async evaluate(db: Conn, project: ProjectFacts): Promise<OnboardingState> {
    return (await this.evaluateMany(db, [project])).get(project.id)!;
  }

  /**
   * `evaluate` for many projects at once — the board evaluates every project in trial run — in a
   * handful of queries for all of them instead of five per project.
   */
  async evaluateMany(db: Conn, projects: ProjectFacts[]): Promise<Map<string, OnboardingState>> {
    const projectIds = projects.map((p) => p.id);
    // One after the other: `db` may be a transaction, whose one connection must not be asked two
    // things at once (node-pg deprecates it).
    const entries = await this.resources.entriesOfProjects(db, projectIds);
    const entryIds = entries.map((e) => e.id);
    const connections = await this.store.connectionsOf(db, entryIds);
    const observed = await this.exchange.evidenceOf(db, entryIds);
    const withSharingOnFile = await this.sharing.entriesWithSharingOnFile(db, entryIds);
    const verifications = await this.store.latestVerifications(db, projectIds);
    const now = this.clock.now();
    const entriesOf = groupBy(entries, (e) => e.projectId as string);
    const projectOfEntry = new Map(entries.map((e) => [e.id, e.projectId as string]));
    const connectionsOf = groupBy(connections, (c) => projectOfEntry.get(c.resourceId)!);
    const states = new Map<string, OnboardingState>();
    for (const project of projects) {
      const projectId = project.id;
      const own = entriesOf.get(projectId) ?? [];
      const checklist = onboardingChecklist({
        entries: own.map((e) => ({
          id: e.id,
          name: e.name,
          status: e.status,
          updateCycle: e.updateCycle,
          provisionModes: e.provisionModes.map((m) => m.mode),
          isVideo: e.video !== null,
          endpointModes: e.provisionModes
            .filter((m) => 'endpoint' in m && typeof m.endpoint === 'string' && m.endpoint !== '')
            .map((m) => m.mode),
          metadataGaps: submissionGaps(e),
        })),
        connections: (connectionsOf.get(projectId) ?? []).map((c) => ({
          resourceId: c.resourceId,
          mode: c.mode,
          confirmed: c.confirmedAt !== null,
          occurredAt: c.occurredAt,
        })),
        observed,
        sharingOnFile: own.some((e) => withSharingOnFile.has(e.id)),
        noRequestDeclaration: project.noRequestDeclaration,
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
    // The project from the read cache as well; who may see it is checked on every request.
    const project = await this.cache.read({ kind: 'project', id: projectId }, () => this.store.findProject(this.db, projectId), {
      sent: () => null,
    });
    if (!project || !canSeeProject(actor, project)) throw new NotFoundError('项目');
    return this.cache.read({ kind: 'onboarding', id: projectId, minute: minuteOf(this.clock.now()) }, () =>
      this.evaluate(this.db, project),
    );
  }

  async verify(actor: Actor, projectId: string): Promise<Verification> {
    requireRole(actor, 'bureau');
    return transaction(this.db, async (trx) => {
      // What is verified must stand until the verification is stored: the project's entries are
      // held for share, then the project locked (the order acceptance takes them in).
      await this.holdEvidence(trx, projectId);
      const project = await this.store.findProject(trx, projectId, 'update');
      if (!project || !canSeeProject(actor, project)) throw new NotFoundError('项目');
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
      await this.store.insertVerification(trx, verification, coverageOf(await this.resources.entriesOfProjects(trx, [projectId])));
      await this.audit.record(trx, actor, {
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
    return transaction(this.db, async (trx) => {
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
      if (OBSERVED_MODES.includes(body.mode)) {
        // What the exchange carries is evidenced by what it observed, not by a declaration (docs/onboarding.md).
        throw new RuleViolationError(
          'mode_observed',
          `${body.mode === 'batch_exchange' ? '数据批量交换' : body.mode === 'certificate' ? '电子证照' : body.mode === 'query_api' ? '信息查询接口' : '信息核验接口'}由平台根据实际交换记录判断是否接入，无需申报：交付数据、通过接口探测或签发证照即可 (the platform observes this mode itself)`,
          [{ path: '/mode', code: 'mode_observed', message: '该方式无需申报 (no declaration for a mode the platform observes)' }],
        );
      }
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
      await this.audit.record(trx, actor, {
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
    return transaction(this.db, async (trx) => {
      const connection = await this.store.findConnection(trx, id);
      if (!connection) throw new NotFoundError('接入记录');
      const now = this.clock.now().toISOString();
      // Confirmed only if no one confirmed it first: a second confirmation writes nothing.
      if (connection.confirmedAt || !(await this.store.confirmConnection(trx, id, actor.userId, now))) {
        throw new ConflictError('already_confirmed', '该接入记录已确认 (already confirmed)');
      }
      await this.audit.record(trx, actor, {
        action: 'connection.confirmed',
        objectType: 'connection',
        objectId: id,
        details: { resourceId: connection.resourceId },
      });
      return { ...connection, confirmedBy: actor.userId, confirmedAt: now };
    });
  }

  /**
   * Whether the actor may read a connection's evidence (附件: whoever sees its entry, as its
   * declaration) or change it (attach, remove: a producer of the entry's department, until the
   * bureau confirms the connection). Throws 404, 403 or 409. The attachments area asks this.
   */
  async connectionAccess(db: Conn, actor: Actor, id: string, intent: 'read' | 'change'): Promise<{ departmentId: string }> {
    if (intent === 'change') requireRole(actor, 'producer');
    const connection = await this.store.findConnection(db, id);
    if (!connection) throw new NotFoundError('接入记录');
    const entry = await this.resources.entryForRules(db, connection.resourceId);
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('接入记录');
    if (intent === 'change') {
      if (entry.departmentId !== actor.departmentId)
        throw new ForbiddenError('not_owner', '只能为本部门的接入记录提交佐证材料 (only the owning department adds evidence)');
      if (connection.confirmedAt)
        throw new ConflictError(
          'materials_closed',
          '接入记录已确认，佐证材料不能再增删 (the connection was confirmed; its evidence is closed)',
        );
    }
    return { departmentId: entry.departmentId };
  }

  /**
   * Holds the project's entries for share until the caller's transaction ends, so that a decision
   * on the project (verification, acceptance) is made on entries no one changes meanwhile.
   */
  async holdEvidence(trx: Tx, projectId: string): Promise<void> {
    await this.resources.holdEntriesOfProject(trx, projectId);
  }

  private async visibleEntry(db: Conn, actor: Actor, resourceId: string, lock?: LockMode): Promise<Resource> {
    const entry = await this.resources.entryForRules(db, resourceId, lock);
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
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
