import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Actor, requireRole } from '../../domain/actor';
import { duplicateOverlaps, MAX_CANDIDATES, minSharedItems } from '../../domain/duplicates';
import { changedFields, consistencyErrors, storedItems, submissionGaps } from '../../domain/resource-rules';
import { allowedFrom, editModeOf, nextStatus, ResourceAction, ResourceStatus } from '../../domain/resource-workflow';
import { canSeeEntry } from '../../domain/visibility';
import { normalizeItemName } from '../../domain/text';
import { classificationOf } from '../../domain/vocabularies';
import { isEntryCategoryCode } from '../../domain/category-codes';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import { assertIfMatch, LockMode } from '../../db/versions';
import { ReadCache } from '../../db/read-cache';
import type { DepartmentService } from '../departments/departments.service';
import type { CategoryService } from '../categories/categories.service';
import { FacetQuery, FacetResult, ResourceSearchStore, SearchQuery, SearchResult, visibilityScope } from './resources-search.store';
import { Resource, ResourceStore, ResourceVersion } from './resources.store';

export type { Resource };
import { Conn, Database, transaction, Tx } from '../../db/database';

type ResourceCreate = BodyOf<'createResource'>;
type ResourceUpdate = BodyOf<'updateResource'>;

/** The fields a producer edits; a published entry's version records which of them changed. */
const EDITABLE_FIELDS = [
  'name',
  'categoryCode',
  'summary',
  'projectId',
  'format',
  'formatDetail',
  'items',
  'sharingType',
  'sharingConditions',
  'sharingBasis',
  'openType',
  'openConditions',
  'updateCycle',
  'relatedResourceCodes',
  'totalDataVolume',
  'scopeOfUse',
  'provisionModes',
  'video',
] as const;

const statusNames: Record<ResourceStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  published: '已发布',
  returned: '已退回',
  withdrawn: '已撤销',
};

const auditActionOf: Record<ResourceAction, string> = {
  submit: 'resource.submitted',
  publish: 'resource.published',
  return: 'resource.returned',
  withdraw: 'resource.withdrawn',
};

function applyFields(base: Resource, body: Partial<ResourceCreate>): Resource {
  const next: Resource = { ...base };
  for (const field of EDITABLE_FIELDS) {
    if (field in body) (next as Record<string, unknown>)[field] = (body as Record<string, unknown>)[field] ?? null;
  }
  next.name = next.name.trim();
  // Items in their stored form; an item's masking rule fills its empty desensitization text here,
  // before the rules run, so submission and the paper forms read the rule in words (resource-rules).
  next.items = storedItems(next.items ?? [], base.items);
  next.provisionModes = next.provisionModes ?? [];
  next.relatedResourceCodes = next.relatedResourceCodes ?? [];
  next.totalDataVolume = { records: next.totalDataVolume?.records ?? null, bytes: next.totalDataVolume?.bytes ?? null };
  next.classification = isEntryCategoryCode(next.categoryCode) ? classificationOf(next.categoryCode) : base.classification;
  return next;
}

export interface ResourceDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  departments: DepartmentService;
  /** The category tree an entry's category is checked against (src/modules/categories). */
  categories: CategoryService;
  /** Results of costly reads, kept while the database is unchanged (ADR 0018). */
  cache: ReadCache;
  /** How long one search statement may run on PostgreSQL before it is stopped; null: no limit. */
  searchTimeoutMs: number | null;
}

/**
 * Told, inside the transaction that withdrew an entry, that it is withdrawn: what depends on the
 * entry follows it (the sharing area suspends its grants). Subscribed by the composition root.
 */
export type WithdrawalFollower = (tx: Tx, actor: Actor, entryId: string, reason: string) => Promise<void>;

export class ResourceService {
  private readonly store = new ResourceStore();
  private readonly searcher: ResourceSearchStore;
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly departments: DepartmentService;
  private readonly categories: CategoryService;
  private readonly cache: ReadCache;
  private readonly withdrawalFollowers: WithdrawalFollower[] = [];

  constructor(deps: ResourceDeps) {
    ({
      db: this.db,
      clock: this.clock,
      audit: this.audit,
      departments: this.departments,
      categories: this.categories,
      cache: this.cache,
    } = deps);
    this.searcher = new ResourceSearchStore(deps.searchTimeoutMs);
  }

  /** Areas that depend on entries being published subscribe here (the sharing area's grants). */
  followWithdrawals(follower: WithdrawalFollower): void {
    this.withdrawalFollowers.push(follower);
  }

  search(actor: Actor, query: SearchQuery): Promise<SearchResult> {
    return this.cache.read({ kind: 'search', scope: visibilityScope(actor, query), query }, () =>
      this.searcher.search(this.db, actor, query),
    );
  }

  facets(actor: Actor, query: FacetQuery): Promise<FacetResult> {
    return this.cache.read({ kind: 'facets', scope: visibilityScope(actor, query), query }, () =>
      this.searcher.facets(this.db, actor, query),
    );
  }

  /** The entry, carrying its row version (the ETag), as one cached read. */
  async get(actor: Actor, id: string): Promise<Resource> {
    const held = await this.cache.read({ kind: 'entry', id }, () => this.store.findWithVersion(this.db, id), {
      sent: (h) => h?.entry ?? null,
    });
    if (!held) throw new NotFoundError('信息资源');
    return this.visible(actor, held.entry);
  }

  // ---- for the other areas ------------------------------------------------------------------

  /**
   * The entry as a rule of another area checks it (a sharing request against its entry), as `db`
   * sees it, or null; kept between reads while its row version stands. `lock`: held for the rest
   * of the transaction (a grant is about to be made on it). Read-only.
   */
  entryForRules(db: Conn, id: string, lock?: LockMode): Promise<Resource | null> {
    return this.store.findForRules(db, id, lock);
  }

  /** Published entries offering any of these provision modes (the exchange's scheduled probes). */
  publishedOffering(db: Conn, modes: string[]): Promise<string[]> {
    return this.store.publishedOffering(db, modes);
  }

  /** Every entry the projects produce, with their items (the onboarding checklist, the registration form). */
  entriesOfProjects(db: Conn, projectIds: string[]): Promise<Resource[]> {
    return this.store.findByProjects(db, projectIds);
  }

  /** Holds a project's entries for share until the transaction ends (a decision on the project reads them). */
  holdEntriesOfProject(tx: Tx, projectId: string): Promise<void> {
    return this.store.lockEntriesOfProject(tx, projectId);
  }

  /** Whether the actor may see the entry, as a 404 for the caller when not. */
  visibleTo(actor: Actor, entry: Resource | null): Resource {
    return this.visible(actor, entry);
  }

  async versions(actor: Actor, id: string): Promise<{ items: ResourceVersion[] }> {
    await this.get(actor, id);
    return { items: await this.store.listVersions(this.db, id) };
  }

  async create(actor: Actor, body: ResourceCreate): Promise<Resource> {
    requireRole(actor, 'producer');
    return transaction(this.db, (trx) => this.createIn(trx, actor, body));
  }

  /**
   * Creates a draft of the caller's department in the caller's transaction, audited there: one
   * create, or many in one transaction (the catalog import, resources.import.ts).
   */
  async createIn(trx: Tx, actor: Actor, body: ResourceCreate): Promise<Resource> {
    requireRole(actor, 'producer');
    const department = await this.departments.find(trx, actor.departmentId);
    if (!department) throw new NotFoundError('部门');
    const now = this.clock.now().toISOString();
    const empty: Resource = {
      id: randomUUID(),
      code: null,
      status: 'draft',
      version: 0,
      name: body.name,
      classification: 'department',
      categoryCode: body.categoryCode,
      categoryPath: [],
      departmentId: department.id,
      departmentName: department.name,
      projectId: null,
      projectName: null,
      summary: null,
      format: null,
      formatDetail: null,
      items: [],
      sharingType: null,
      sharingConditions: null,
      sharingBasis: null,
      openType: null,
      openConditions: null,
      updateCycle: null,
      relatedResourceCodes: [],
      totalDataVolume: { records: null, bytes: null },
      scopeOfUse: null,
      provisionModes: [],
      video: null,
      duplicateCandidates: [],
      returnReason: null,
      withdrawReason: null,
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      publishedAt: null,
      withdrawnAt: null,
    };
    const entry = await this.checked(trx, applyFields(empty, body));
    await this.store.save(trx, entry, actor.userId, null);
    await this.audit.record(trx, actor, {
      action: 'resource.created',
      objectType: 'resource',
      objectId: entry.id,
      details: { name: entry.name },
    });
    return (await this.store.findById(trx, entry.id))!;
  }

  // ---- for the catalog's Excel import and export (resources.import.ts, resources.export.ts) ------

  /**
   * The categories an entry may be filed under (项, 目 and 细目 of the bureau's tree; no entry is
   * filed under a 类), as the import template's drop-down and the import offer them.
   */
  async categoryChoices(): Promise<Array<{ code: string; label: string }>> {
    const { items } = await this.categories.list();
    return items.filter((c) => c.level >= 2).map((c) => ({ code: c.code, label: c.name }));
  }

  /** One page of a search as the caller may see it, read directly (an export pages through every match). */
  searchPage(actor: Actor, query: SearchQuery): Promise<SearchResult> {
    return this.searcher.search(this.db, actor, query);
  }

  async update(actor: Actor, id: string, body: ResourceUpdate, ifMatch: string | undefined): Promise<Resource> {
    requireRole(actor, 'producer');
    return transaction(this.db, async (trx) => {
      // Locked before it is read, so the change applies to the entry as it stands.
      const found = await this.store.findWithVersion(trx, id, 'update');
      const current = this.owned(actor, this.visible(actor, found?.entry ?? null));
      assertIfMatch(ifMatch, found!.rowVersion);
      const mode = editModeOf(current.status);
      if (mode === 'locked') {
        throw new ConflictError(
          'not_editable',
          `${statusNames[current.status]}状态的目录不能修改 (a ${current.status} entry cannot be edited)`,
        );
      }
      const { changeReason, ...fields } = body;
      const next = await this.checked(trx, { ...applyFields(current, fields), updatedAt: this.clock.now().toISOString() });
      const changed = changedFields(current as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>, [
        ...EDITABLE_FIELDS,
      ]);
      if (mode === 'versioned') {
        // A published entry's attributes never change silently (docs/domain.md rule 6; Sanming art. 21).
        if (!changeReason) {
          throw new RuleViolationError(
            'change_reason_required',
            '修改已发布的目录须说明变更原因 (changeReason is required for a published entry)',
            [{ path: '/changeReason', message: '必填' }],
          );
        }
        if (changed.includes('categoryCode')) {
          throw new RuleViolationError(
            'category_fixed',
            '已发布目录的分类决定其资源代码，不能修改；请撤销后重新登记 (the category of a published entry is fixed)',
            [{ path: '/categoryCode', message: '不能修改' }],
          );
        }
        if (changed.length === 0) return current;
        next.version = current.version + 1;
      }
      await this.store.save(trx, next, actor.userId, found!.rowVersion);
      const saved = (await this.store.findById(trx, id))!;
      if (mode === 'versioned') await this.addVersion(trx, actor, saved, 'updated', changed, changeReason ?? null);
      await this.audit.record(trx, actor, {
        action: 'resource.updated',
        objectType: 'resource',
        objectId: id,
        details: { changedFields: changed, changeReason: changeReason ?? null },
      });
      return saved;
    });
  }

  async submit(actor: Actor, id: string): Promise<Resource> {
    requireRole(actor, 'producer');
    return this.transition(actor, id, 'submit', async (trx, current) => {
      const gaps = [...consistencyErrors(current), ...submissionGaps(current), ...(await this.relatedCodeErrors(trx, current))];
      if (gaps.length > 0) {
        throw new RuleViolationError('incomplete_metadata', `目录信息不完整，共 ${gaps.length} 处需补充 (the entry is incomplete)`, gaps);
      }
      const now = this.clock.now().toISOString();
      return {
        ...current,
        status: 'submitted',
        submittedAt: now,
        updatedAt: now,
        returnReason: null,
        duplicateCandidates: await this.duplicateCandidates(trx, current),
      };
    });
  }

  async publish(actor: Actor, id: string): Promise<Resource> {
    requireRole(actor, 'bureau');
    return this.transition(actor, id, 'publish', async (trx, current) => {
      const now = this.clock.now().toISOString();
      return {
        ...current,
        status: 'published',
        code: current.code ?? (await this.store.nextCode(trx, current.categoryCode)),
        publishedAt: current.publishedAt ?? now,
        version: current.version + 1,
        updatedAt: now,
      };
    });
  }

  async returnToProducer(actor: Actor, id: string, reason: string): Promise<Resource> {
    requireRole(actor, 'bureau');
    return this.transition(
      actor,
      id,
      'return',
      async (_trx, current) => ({
        ...current,
        status: 'returned',
        returnReason: reason.trim(),
        updatedAt: this.clock.now().toISOString(),
      }),
      reason,
    );
  }

  async withdraw(actor: Actor, id: string, reason: string): Promise<Resource> {
    requireRole(actor, 'producer');
    return this.transition(
      actor,
      id,
      'withdraw',
      async (_trx, current) => {
        const now = this.clock.now().toISOString();
        return {
          ...current,
          status: 'withdrawn',
          withdrawReason: reason.trim(),
          withdrawnAt: now,
          updatedAt: now,
          version: current.version + 1,
        };
      },
      reason,
    );
  }

  /**
   * Deletes a draft made by mistake (误建草稿): the owning department's producers, a draft or
   * returned entry that was never published — no code, no publication, no version — with its items
   * and search rows, in one transaction with its audit event, which keeps its name. A published
   * entry is withdrawn, never deleted (409). The bureau reviews entries but owns no draft (403).
   */
  async remove(actor: Actor, id: string, ifMatch: string | undefined): Promise<void> {
    requireRole(actor, 'producer');
    await transaction(this.db, async (trx) => {
      const found = await this.store.findWithVersion(trx, id, 'update');
      const current = this.owned(actor, this.visible(actor, found?.entry ?? null));
      assertIfMatch(ifMatch, found!.rowVersion);
      const everPublished = current.code !== null || current.publishedAt !== null || (await this.store.hasVersions(trx, id));
      if (everPublished || editModeOf(current.status) !== 'free') {
        throw new ConflictError(
          'not_deletable',
          everPublished
            ? '目录已发布过，不能删除，只能撤销 (an entry that was ever published is withdrawn, never deleted)'
            : `${statusNames[current.status]}状态的目录不能删除，只有从未发布的草稿或已退回的目录可以删除 (only a draft or returned entry that was never published can be deleted)`,
        );
      }
      await this.store.remove(trx, id, found!.rowVersion);
      await this.audit.record(trx, actor, {
        action: 'resource.deleted',
        objectType: 'resource',
        objectId: id,
        // The row is gone: the owning department, which may read the event, is named here.
        departments: [current.departmentId],
        details: { name: current.name, categoryCode: current.categoryCode, status: current.status, code: current.code },
      });
    });
  }

  private async transition(
    actor: Actor,
    id: string,
    action: ResourceAction,
    change: (trx: Tx, current: Resource) => Promise<Resource>,
    reason?: string,
  ): Promise<Resource> {
    return transaction(this.db, async (trx) => {
      // Locked before it is read: of two decisions on one entry (publish and return, say) the
      // second waits for the first and then finds the entry changed (409).
      const found = await this.store.findWithVersion(trx, id, 'update');
      let current = this.visible(actor, found?.entry ?? null);
      // The bureau reviews any department's entry; everything else is the owning department's.
      if (action === 'submit' || action === 'withdraw') current = this.owned(actor, current);
      const to = nextStatus(current.status, action);
      if (!to) {
        const from = allowedFrom(action)
          .map((s) => statusNames[s])
          .join('、');
        throw new ConflictError(
          'invalid_state',
          `当前状态为${statusNames[current.status]}，只有${from}的目录可以执行此操作 (cannot ${action} a ${current.status} entry)`,
        );
      }
      const next = await change(trx, current);
      await this.store.save(trx, next, actor.userId, found!.rowVersion);
      const saved = (await this.store.findById(trx, id))!;
      // Version 1 is the entry as first published: every field is new.
      if (action === 'publish') await this.addVersion(trx, actor, saved, 'published', [...EDITABLE_FIELDS], null);
      if (action === 'withdraw') {
        await this.addVersion(trx, actor, saved, 'withdrawn', ['status'], reason ?? null);
        // A withdrawn entry can no longer be delivered: what depends on it follows (its grants are suspended).
        for (const follow of this.withdrawalFollowers) await follow(trx, actor, id, reason ?? '');
      }
      await this.audit.record(trx, actor, {
        action: auditActionOf[action],
        objectType: 'resource',
        objectId: id,
        details: {
          from: current.status,
          to,
          ...(reason ? { reason } : {}),
          ...(saved.code && action === 'publish' ? { code: saved.code } : {}),
        },
      });
      return saved;
    });
  }

  private async addVersion(
    trx: Tx,
    actor: Actor,
    snapshot: Resource,
    action: ResourceVersion['action'],
    changed: string[],
    reason: string | null,
  ) {
    await this.store.insertVersion(
      trx,
      {
        version: snapshot.version,
        action,
        changedFields: changed,
        reason,
        createdAt: this.clock.now().toISOString(),
        createdBy: actor.userId,
        createdByName: actor.userName,
        snapshot,
      },
      snapshot.id,
    );
  }

  /**
   * Runs the write-time rules — the category against the bureau's tree, its row held for share
   * until the entry is stored (a deletion or move of the category waits) — and resolves the
   * producing project; throws with every problem at once.
   */
  private async checked(trx: Tx, entry: Resource): Promise<Resource> {
    const category = isEntryCategoryCode(entry.categoryCode) ? await this.categories.forEntry(trx, entry.categoryCode) : null;
    const errors = consistencyErrors(entry, category !== null);
    if (errors.length > 0)
      throw new RuleViolationError('invalid_entry', `目录信息有 ${errors.length} 处错误 (the entry breaks a catalog rule)`, errors);
    return { ...entry, projectName: entry.projectId ? await this.producingProjectName(trx, entry.projectId, entry.departmentId) : null };
  }

  /**
   * The project an entry names must exist and belong to the entry's department. Its row is held
   * for share until the entry is stored, so an acceptance decided meanwhile sees the entry.
   */
  private async producingProjectName(trx: Tx, projectId: string, departmentId: string): Promise<string> {
    const project = await this.store.producingProject(trx, projectId);
    if (!project || project.ownerDepartmentId !== departmentId) {
      throw new RuleViolationError(
        'project_not_of_department',
        "生产该资源的项目须为本部门已登记的项目 (the producing project must be one of the department's projects)",
        [{ path: '/projectId', message: '项目不存在或不属于本部门' }],
      );
    }
    return project.name;
  }

  private async relatedCodeErrors(trx: Tx, entry: Resource) {
    const found = new Set(await this.store.existingPublishedCodes(trx, entry.relatedResourceCodes));
    return entry.relatedResourceCodes
      .filter((code) => !found.has(code))
      .map((code) => ({
        path: '/relatedResourceCodes',
        code: 'unknown_resource_code',
        message: `关联资源代码 ${code} 不存在 (no published entry has this code)`,
      }));
  }

  private async duplicateCandidates(trx: Tx, entry: Resource): Promise<Resource['duplicateCandidates']> {
    const names = [...new Set(entry.items.map((i) => normalizeItemName(i.name)))];
    const matches = await this.store.publishedItemMatches(trx, entry.departmentId, names, minSharedItems(names.length), MAX_CANDIDATES);
    const overlaps = duplicateOverlaps(names, matches);
    const rows = await this.store.findManyById(
      trx,
      overlaps.map((o) => o.resourceId),
    );
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return overlaps.map((o) => {
      const row = byId.get(o.resourceId)!;
      return {
        resourceId: o.resourceId,
        resourceCode: (row.code as string | null) ?? null,
        resourceName: row.name as string,
        departmentId: row.department_id as string,
        departmentName: row.department_name as string,
        overlappingItems: o.overlappingItems,
        overlapRatio: o.overlapRatio,
      };
    });
  }

  /** Drafts, submitted and returned entries exist only for their department and the bureau. */
  private visible(actor: Actor, entry: Resource | null): Resource {
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
    return entry;
  }

  private owned(actor: Actor, entry: Resource): Resource {
    if (entry.departmentId !== actor.departmentId) {
      throw new ForbiddenError('not_owner', '只能维护本部门的目录 (only the owning department edits its entries)');
    }
    return entry;
  }
}
