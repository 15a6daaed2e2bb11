import { Knex } from 'knex';
import { inChunks } from '../../db/in-chunks';
import { dialectOf } from '../../db/knex';
import { Row, parseJson, toBool, toIso, toIsoOrNull, toNumberOrNull } from '../../db/rows';
import { classificationOf } from '../../domain/vocabularies';
import { pathCodesOf } from '../../domain/category-codes';
import { normalizeItemName, normalizeSearchText } from '../../domain/text';
import { removeSearchRows, writeSearchRows } from './search-rows.store';
import { formatResourceCode } from '../../domain/resource-code';
import { Schema } from '../../http/api-types';
import { ConcurrentChangeError, LockMode, withLock, withRowVersion } from '../../db/versions';
import { KeptAtVersion } from '../../db/kept-at-version';
import { Conn, Tx } from '../../db/database';
import { MaskingRule } from '../../domain/masking';

export type Resource = Schema<'Resource'>;
export type ResourceSummary = Schema<'ResourceSummary'>;
export type ResourceVersion = Schema<'ResourceVersion'>;
export type DataItem = Schema<'ResourceItem'>;

/** What keyword search reads: name, summary and item names, normalised. */
export function searchTextOf(r: Pick<Resource, 'name' | 'summary' | 'items'>): string {
  return normalizeSearchText([r.name, r.summary ?? '', ...r.items.map((i) => i.name)].join(' '));
}

/**
 * Entries with their department's and project's names. The names come from scalar subqueries,
 * which SQLite reads faster than a wide joined row (bench/RESULTS.md, 2026-11-22 session 4, item 4);
 * every entry has its department (a foreign key), and an entry without a project gets null, as
 * the left join gave.
 */
export function resourceQuery(db: Conn, from?: Knex.Raw): Knex.QueryBuilder {
  // `from`: the entries' table `r` joined after another (a search walking an FTS table).
  const qb: Knex.QueryBuilder = from ? db.queryBuilder().from(from) : db('resources as r');
  return qb.select(
    'r.*',
    db.raw('(SELECT name FROM departments WHERE id = r.department_id) AS department_name'),
    db.raw('(SELECT name FROM projects WHERE id = r.project_id) AS project_name'),
  );
}

/**
 * An entry's full query: its row with the names of its category and of the categories above it,
 * from the 类 down (the bureau's tree, ADR 0039), read with the row as the department's name is, so
 * a renamed category shows at once on every instance. A category's ancestors are its code's leading
 * digits (1, 3, 6, 9: src/domain/category-codes.ts); each name is one primary-key lookup.
 */
function entryQuery(db: Conn): Knex.QueryBuilder {
  return resourceQuery(db).select(
    db.raw('(SELECT name FROM categories WHERE code = substr(r.category_code, 1, 1)) AS category_name_1'),
    db.raw('(SELECT name FROM categories WHERE code = substr(r.category_code, 1, 3)) AS category_name_2'),
    db.raw('(SELECT name FROM categories WHERE code = substr(r.category_code, 1, 6) AND length(r.category_code) >= 6) AS category_name_3'),
    db.raw('(SELECT name FROM categories WHERE code = r.category_code AND length(r.category_code) = 9) AS category_name_4'),
  );
}

/** The category's path of names as entryQuery read them (the code where a name is missing). */
function categoryPathOf(row: Row, categoryCode: string): string[] {
  return pathCodesOf(categoryCode).map((code, i) => (row[`category_name_${i + 1}`] as string | null) ?? code);
}

export function toItem(row: Row): DataItem {
  return {
    name: row.name as string,
    dataType: row.data_type as DataItem['dataType'],
    length: toNumberOrNull(row.length),
    description: (row.description as string | null) ?? null,
    sensitive: toBool(row.sensitive),
    desensitizationRule: (row.desensitization_rule as string | null) ?? null,
    queryRole: (row.query_role as DataItem['queryRole']) ?? null,
    masking: parseJson<MaskingRule | null>(row.masking_json, null),
    key: toBool(row.key_item),
    required: toBool(row.required_item),
  };
}

/** A version's snapshot taken before items had masking rules (2026-12) reads as having none. */
function withItemMasking(snapshot: Resource): Resource {
  if (!Array.isArray(snapshot.items)) return snapshot;
  return {
    ...snapshot,
    items: snapshot.items.map((i) => ({ ...i, masking: i.masking ?? null, key: i.key ?? false, required: i.required ?? false })),
  };
}

export function toResource(row: Row, items: DataItem[]): Resource {
  const categoryCode = row.category_code as string;
  return {
    id: row.id as string,
    code: (row.code as string | null) ?? null,
    status: row.status as Resource['status'],
    version: Number(row.version),
    name: row.name as string,
    classification: classificationOf(categoryCode),
    categoryCode,
    categoryPath: categoryPathOf(row, categoryCode),
    departmentId: row.department_id as string,
    departmentName: row.department_name as string,
    projectId: (row.project_id as string | null) ?? null,
    projectName: (row.project_name as string | null) ?? null,
    summary: (row.summary as string | null) ?? null,
    format: (row.format as Resource['format']) ?? null,
    formatDetail: (row.format_detail as string | null) ?? null,
    items,
    sharingType: (row.sharing_type as Resource['sharingType']) ?? null,
    sharingConditions: (row.sharing_conditions as string | null) ?? null,
    sharingBasis: (row.sharing_basis as string | null) ?? null,
    openType: (row.open_type as Resource['openType']) ?? null,
    openConditions: (row.open_conditions as string | null) ?? null,
    updateCycle: (row.update_cycle as Resource['updateCycle']) ?? null,
    relatedResourceCodes: parseJson<string[]>(row.related_codes_json, []),
    totalDataVolume: { records: toNumberOrNull(row.total_records), bytes: toNumberOrNull(row.total_bytes) },
    scopeOfUse: (row.scope_of_use as string | null) ?? null,
    provisionModes: parseJson<Resource['provisionModes']>(row.provision_modes_json, []),
    video: parseJson<Resource['video']>(row.video_json, null),
    duplicateCandidates: parseJson<Resource['duplicateCandidates']>(row.duplicate_candidates_json, []),
    returnReason: (row.return_reason as string | null) ?? null,
    withdrawReason: (row.withdraw_reason as string | null) ?? null,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    submittedAt: toIsoOrNull(row.submitted_at),
    publishedAt: toIsoOrNull(row.published_at),
    withdrawnAt: toIsoOrNull(row.withdrawn_at),
  };
}

export function toSummary(row: Row): ResourceSummary {
  const categoryCode = row.category_code as string;
  return {
    id: row.id as string,
    code: (row.code as string | null) ?? null,
    status: row.status as ResourceSummary['status'],
    name: row.name as string,
    classification: classificationOf(categoryCode),
    categoryCode,
    departmentId: row.department_id as string,
    departmentName: row.department_name as string,
    projectId: (row.project_id as string | null) ?? null,
    summary: (row.summary as string | null) ?? null,
    format: (row.format as ResourceSummary['format']) ?? null,
    sharingType: (row.sharing_type as ResourceSummary['sharingType']) ?? null,
    openType: (row.open_type as ResourceSummary['openType']) ?? null,
    updateCycle: (row.update_cycle as ResourceSummary['updateCycle']) ?? null,
    provisionModes: parseJson<Array<{ mode: ResourceSummary['provisionModes'][number] }>>(row.provision_modes_json, []).map((m) => m.mode),
    itemCount: Number(row.item_count),
    publishedAt: toIsoOrNull(row.published_at),
    updatedAt: toIso(row.updated_at),
    createdAt: toIso(row.created_at),
  };
}

function toRow(r: Resource, createdBy: string): Row {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    version: r.version,
    name: r.name,
    category_code: r.categoryCode,
    classification: r.classification,
    department_id: r.departmentId,
    project_id: r.projectId,
    summary: r.summary,
    format: r.format,
    format_detail: r.formatDetail,
    sharing_type: r.sharingType,
    sharing_conditions: r.sharingConditions,
    sharing_basis: r.sharingBasis,
    open_type: r.openType,
    open_conditions: r.openConditions,
    update_cycle: r.updateCycle,
    related_codes_json: JSON.stringify(r.relatedResourceCodes),
    total_records: r.totalDataVolume.records ?? null,
    total_bytes: r.totalDataVolume.bytes ?? null,
    scope_of_use: r.scopeOfUse,
    provision_modes_json: JSON.stringify(r.provisionModes),
    video_json: r.video ? JSON.stringify(r.video) : null,
    duplicate_candidates_json: JSON.stringify(r.duplicateCandidates),
    item_count: r.items.length,
    return_reason: r.returnReason,
    withdraw_reason: r.withdrawReason,
    search_name: normalizeSearchText(r.name),
    search_text: searchTextOf(r),
    created_by: createdBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    submitted_at: r.submittedAt,
    published_at: r.publishedAt,
    withdrawn_at: r.withdrawnAt,
  };
}

export class ResourceStore {
  private readonly forRules = new KeptAtVersion<Resource>('resources', 5000);

  async findById(db: Conn, id: string): Promise<Resource | null> {
    return (await this.findWithVersion(db, id))?.entry ?? null;
  }

  /**
   * The entry and its row version (the ETag) from the same row; with `lock`, the row is locked for
   * the rest of the caller's transaction first (PostgreSQL).
   */
  async findWithVersion(db: Conn, id: string, lock?: LockMode): Promise<{ entry: Resource; rowVersion: number } | null> {
    const q = entryQuery(db).where('r.id', id);
    const row = await (lock ? withLock(db, q, lock) : q).first();
    if (!row) return null;
    const items = await db('resource_items').where({ resource_id: id }).orderBy('position');
    const rowVersion = Number(row.row_version);
    return { entry: withRowVersion(toResource(row, items.map(toItem)), rowVersion), rowVersion };
  }

  /**
   * The entry as another area's rules read it, kept while its row version stands
   * (src/db/kept-at-version.ts); `lock`: its row locked first for the rest of the transaction.
   */
  findForRules(db: Conn, id: string, lock?: LockMode): Promise<Resource | null> {
    return this.forRules.read(
      db,
      id,
      async () => {
        const found = await this.findWithVersion(db, id);
        return found ? { value: found.entry, rowVersion: found.rowVersion } : null;
      },
      lock,
    );
  }

  /**
   * The owner and name of the project an entry names, its row held for share until the caller's
   * transaction ends (a read of the projects area's table, as the entry's own query joins its name).
   */
  async producingProject(tx: Tx, projectId: string): Promise<{ ownerDepartmentId: string; name: string } | null> {
    const row = await withLock(tx, tx('projects').where({ id: projectId }).select('owner_department_id', 'name'), 'share').first();
    return row ? { ownerDepartmentId: row.owner_department_id as string, name: row.name as string } : null;
  }

  /** Locks the entries a project produces for share (nothing about them changes until the commit). */
  async lockEntriesOfProject(trx: Tx, projectId: string): Promise<void> {
    await withLock(trx, trx('resources').where({ project_id: projectId }).select('id'), 'share');
  }

  /** Every entry a project produces, with its items, in two queries. */
  /** Published entries offering any of these provision modes (the exchange's scheduled probes). */
  async publishedOffering(db: Conn, modes: string[]): Promise<string[]> {
    const rows: Row[] = await db('resource_provision_modes as m')
      .join('resources as r', 'r.id', 'm.resource_id')
      .where('r.status', 'published')
      .whereIn('m.mode', modes)
      .distinct('r.id');
    return rows.map((r) => r.id as string);
  }

  async findByProject(db: Conn, projectId: string): Promise<Resource[]> {
    return this.findByProjects(db, [projectId]);
  }

  /** Every entry the projects produce, with their items, in creation order: two queries per slice of 5,000. */
  async findByProjects(db: Conn, projectIds: string[]): Promise<Resource[]> {
    if (projectIds.length === 0) return [];
    const rows: Row[] = await inChunks(projectIds, (ids) =>
      entryQuery(db)
        .whereIn('r.project_id', ids)
        .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }]),
    );
    if (rows.length === 0) return [];
    const items: Row[] = await inChunks(
      rows.map((r) => r.id as string),
      (ids) => db('resource_items').whereIn('resource_id', ids).orderBy(['resource_id', 'position']),
    );
    const byResource = new Map<string, DataItem[]>();
    for (const item of items) {
      const list = byResource.get(item.resource_id as string) ?? [];
      list.push(toItem(item));
      byResource.set(item.resource_id as string, list);
    }
    return rows.map((row) => toResource(row, byResource.get(row.id as string) ?? []));
  }

  /**
   * Writes the whole entry (row, items, provision modes, search index) in the caller's
   * transaction: a new one (`decidedAt` null), or a change decided on at row version `decidedAt`
   * (409 if the row has moved since).
   */
  async save(trx: Tx, r: Resource, createdBy: string, decidedAt: number | null): Promise<void> {
    const row = toRow(r, createdBy);
    const isNew = decidedAt === null;
    if (isNew) {
      await trx('resources').insert(row);
    } else {
      const { id: _id, created_by: _by, created_at: _at, ...changes } = row;
      const updated = await trx('resources')
        .where({ id: r.id, row_version: decidedAt })
        .update({ ...changes, row_version: decidedAt + 1 });
      if (updated !== 1) throw new ConcurrentChangeError();
      await trx('resource_items').where({ resource_id: r.id }).delete();
      await trx('resource_provision_modes').where({ resource_id: r.id }).delete();
    }
    if (r.items.length > 0) {
      await trx
        .batchInsert(
          'resource_items',
          r.items.map((item, position) => ({
            resource_id: r.id,
            position,
            name: item.name,
            normalized_name: normalizeItemName(item.name),
            data_type: item.dataType,
            length: item.length ?? null,
            description: item.description ?? null,
            sensitive: item.sensitive ?? false,
            desensitization_rule: item.desensitizationRule ?? null,
            query_role: item.queryRole ?? null,
            masking_json: item.masking ? JSON.stringify(item.masking) : null,
            key_item: item.key ?? false,
            required_item: item.required ?? false,
          })),
          100,
        )
        .transacting(trx);
    }
    if (r.provisionModes.length > 0) {
      await trx('resource_provision_modes').insert(r.provisionModes.map((m) => ({ resource_id: r.id, mode: m.mode })));
    }
    if (dialectOf(trx) === 'sqlite') await writeSearchRows(trx, row, isNew);
  }

  /** Whether the entry has any version (made at its first publication, and by every change after). */
  async hasVersions(db: Conn, id: string): Promise<boolean> {
    return (await db('resource_versions').where({ resource_id: id }).first('version')) !== undefined;
  }

  /**
   * Deletes an entry that was never published, decided on at row version `decidedAt` (409 if the
   * row moved): its search rows (SQLite's FTS tables; PostgreSQL's indexes are the row's own), its
   * provision modes and items, and its row. Nothing else refers to a never-published entry: sharing
   * requests, connections, deliveries and certificates all need a published one.
   */
  async remove(trx: Tx, id: string, decidedAt: number): Promise<void> {
    if (dialectOf(trx) === 'sqlite') await removeSearchRows(trx, id);
    await trx('resource_provision_modes').where({ resource_id: id }).delete();
    await trx('resource_items').where({ resource_id: id }).delete();
    const deleted = await trx('resources').where({ id, row_version: decidedAt }).delete();
    if (deleted !== 1) throw new ConcurrentChangeError();
  }

  /** The next resource code of a category; the row lock (PostgreSQL) or the single writer (SQLite) serialises it. */
  async nextCode(trx: Tx, categoryCode: string): Promise<string> {
    const updated = await trx('resource_code_sequences').where({ category_code: categoryCode }).increment('last_value', 1);
    if (!updated) await trx('resource_code_sequences').insert({ category_code: categoryCode, last_value: 1 });
    const row = await trx('resource_code_sequences').where({ category_code: categoryCode }).first();
    return formatResourceCode(categoryCode, Number(row.last_value));
  }

  async insertVersion(trx: Tx, v: ResourceVersion, resourceId: string): Promise<void> {
    await trx('resource_versions').insert({
      resource_id: resourceId,
      version: v.version,
      action: v.action,
      changed_fields_json: JSON.stringify(v.changedFields),
      reason: v.reason,
      snapshot_json: JSON.stringify(v.snapshot),
      created_by: v.createdBy,
      created_at: v.createdAt,
    });
  }

  async listVersions(db: Conn, resourceId: string): Promise<ResourceVersion[]> {
    const rows: Row[] = await db('resource_versions as v')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .where('v.resource_id', resourceId)
      .orderBy('v.version', 'desc')
      .select('v.*', 'u.name as created_by_name');
    return rows.map((row) => ({
      version: Number(row.version),
      action: row.action as ResourceVersion['action'],
      changedFields: parseJson<string[]>(row.changed_fields_json, []),
      reason: (row.reason as string | null) ?? null,
      createdAt: toIso(row.created_at),
      createdBy: row.created_by as string,
      createdByName: (row.created_by_name as string | null) ?? '',
      snapshot: withItemMasking(parseJson<Resource>(row.snapshot_json, {} as Resource)),
    }));
  }

  /**
   * Other departments' published entries sharing at least `minShared` of the item names, the
   * `limit` sharing most (then by id), with the matching items. The database counts: at a million
   * entries common items (姓名, 公民身份号码) match hundreds of thousands of rows, which are not
   * worth carrying to the service to count there.
   */
  async publishedItemMatches(db: Conn, departmentId: string, normalizedNames: string[], minShared: number, limit: number) {
    if (normalizedNames.length === 0) return [];
    const shared = 'COUNT(DISTINCT i.normalized_name)';
    const top: Row[] = await db('resource_items as i')
      .join('resources as r', 'r.id', 'i.resource_id')
      .where('r.status', 'published')
      .whereNot('r.department_id', departmentId)
      .whereIn('i.normalized_name', normalizedNames)
      .groupBy('i.resource_id')
      .havingRaw(`${shared} >= ?`, [minShared])
      .orderByRaw(`${shared} DESC`)
      .orderByRaw(dialectOf(db) === 'postgres' ? 'i.resource_id COLLATE "C" ASC' : 'i.resource_id ASC')
      .limit(limit)
      .select('i.resource_id');
    if (top.length === 0) return [];
    const rows: Row[] = await db('resource_items')
      .whereIn(
        'resource_id',
        top.map((r) => r.resource_id as string),
      )
      .whereIn('normalized_name', normalizedNames)
      .select('resource_id', 'name', 'normalized_name');
    return rows.map((r) => ({
      resourceId: r.resource_id as string,
      itemName: r.name as string,
      normalizedName: r.normalized_name as string,
    }));
  }

  async findManyById(db: Conn, ids: string[]): Promise<Row[]> {
    if (ids.length === 0) return [];
    return resourceQuery(db).whereIn('r.id', ids);
  }

  async existingPublishedCodes(db: Conn, codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: Row[] = await db('resources').whereIn('code', codes).whereIn('status', ['published', 'withdrawn']).select('code');
    return rows.map((r) => r.code as string);
  }
}
