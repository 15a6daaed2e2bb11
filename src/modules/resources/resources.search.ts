import { Knex } from 'knex';
import { Dialect, dialectOf } from '../../db/knex';
import { applyKeyset, pageOf, SortSpec } from '../../db/pagination';
import { Actor, hasRole } from '../../domain/actor';
import { PUBLIC_STATUSES } from '../../domain/resource-workflow';
import { searchTerms } from '../../domain/text';
import {
  categories,
  labelOf,
  provisionModes,
  resourceFormats,
  resourceStatuses,
  sharingTypes,
  updateCycles,
} from '../../domain/vocabularies';
import { QueryOf } from '../../http/api-types';
import { resourceQuery, toSummary } from './resources.store';

export type SearchQuery = QueryOf<'searchResources'>;
export type FacetQuery = QueryOf<'getResourceFacets'>;

const sorts: Record<string, SortSpec> = {
  '-updatedAt': { name: '-updatedAt', column: 'r.updated_at', direction: 'desc' },
  updatedAt: { name: 'updatedAt', column: 'r.updated_at', direction: 'asc' },
  '-createdAt': { name: '-createdAt', column: 'r.created_at', direction: 'desc' },
  createdAt: { name: 'createdAt', column: 'r.created_at', direction: 'asc' },
  name: { name: 'name', column: 'r.name', direction: 'asc', binaryText: true },
  '-name': { name: '-name', column: 'r.name', direction: 'desc', binaryText: true },
};

// SQLite's FTS5 trigram tokenizer matches substrings of three or more characters through its
// index; shorter keywords (two-character Chinese words such as 户籍) use LIKE on the same
// normalised text. PostgreSQL uses LIKE throughout, served by a pg_trgm GIN index.
const FTS_MIN_LENGTH = 3;

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function applyKeywords(qb: Knex.QueryBuilder, dialect: Dialect, q: string | undefined): void {
  if (!q) return;
  for (const term of searchTerms(q)) {
    if (dialect === 'sqlite' && [...term].length >= FTS_MIN_LENGTH) {
      qb.whereIn('r.id', (sub) => {
        sub.select('resource_id').from('resources_fts').whereRaw('resources_fts MATCH ?', [`"${term.replace(/"/g, '""')}"`]);
      });
    } else {
      qb.whereRaw("r.search_text LIKE ? ESCAPE '\\'", [`%${escapeLike(term)}%`]);
    }
  }
}

/** Applies visibility, keywords and filters shared by the list and its facets. */
function applyFilters(qb: Knex.QueryBuilder, dialect: Dialect, actor: Actor, f: FacetQuery): void {
  // Everyone sees published and withdrawn entries; drafts, submitted and returned entries only
  // their department and the bureau.
  if (!hasRole(actor, 'bureau')) {
    qb.where((w) => w.whereIn('r.status', PUBLIC_STATUSES).orWhere('r.department_id', actor.departmentId));
  }
  qb.whereIn('r.status', f.status && f.status.length > 0 ? f.status : ['published']);
  applyKeywords(qb, dialect, f.q);
  if (f.departmentId?.length) qb.whereIn('r.department_id', f.departmentId);
  if (f.classification?.length) qb.whereIn('r.classification', f.classification);
  if (f.categoryCode?.length) qb.whereIn('r.category_code', f.categoryCode);
  if (f.sharingType?.length) qb.whereIn('r.sharing_type', f.sharingType);
  if (f.format?.length) qb.whereIn('r.format', f.format);
  if (f.updateCycle?.length) qb.whereIn('r.update_cycle', f.updateCycle);
  if (f.projectId) qb.where('r.project_id', f.projectId);
  if (f.provisionMode?.length) {
    const modes = f.provisionMode;
    qb.whereIn('r.id', (sub) => sub.select('resource_id').from('resource_provision_modes').whereIn('mode', modes));
  }
}

export class ResourceSearch {
  constructor(private readonly db: Knex) {}

  async search(actor: Actor, query: SearchQuery) {
    const dialect = dialectOf(this.db);
    const sort = sorts[query.sort ?? '-updatedAt'];
    const limit = query.limit ?? 20;
    const qb = resourceQuery(this.db);
    applyFilters(qb, dialect, actor, query);
    applyKeyset(qb, dialect, sort, 'r.id', query.cursor);
    const rows: Array<Record<string, unknown>> = await qb.limit(limit + 1);
    const key = sort.column === 'r.name' ? 'name' : sort.column === 'r.created_at' ? 'createdAt' : 'updatedAt';
    return pageOf(rows, limit, sort, (row) => {
      const s = toSummary(row);
      return [s[key] as string, s.id];
    }, toSummary);
  }

  /** Counts per value of each filter over the entries that match the query (as CKAN does). */
  async facets(actor: Actor, query: FacetQuery) {
    const dialect = dialectOf(this.db);
    const filtered = () => {
      const qb = this.db('resources as r');
      applyFilters(qb, dialect, actor, query);
      return qb;
    };
    const countBy = async (column: string) => {
      const rows: Array<Record<string, unknown>> = await filtered().whereNotNull(column).groupBy(column).select(`${column} as value`).count('* as count');
      return rows.map((r) => ({ value: String(r.value), count: Number(r.count) })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    const [totalRow, departments, categoryCounts, sharing, formats, cycles, statuses, modes] = await Promise.all([
      filtered().count('* as count').first(),
      filtered().join('departments as d', 'd.id', 'r.department_id').groupBy('r.department_id', 'd.name').select('r.department_id as value', 'd.name as label').count('* as count'),
      countBy('r.category_code'),
      countBy('r.sharing_type'),
      countBy('r.format'),
      countBy('r.update_cycle'),
      countBy('r.status'),
      filtered().join('resource_provision_modes as m', 'm.resource_id', 'r.id').groupBy('m.mode').select('m.mode as value').count('* as count'),
    ]);
    const labelled = (rows: Array<{ value: string; count: number }>, label: (v: string) => string) => rows.map((r) => ({ value: r.value, label: label(r.value), count: r.count }));
    const byCount = (rows: Array<Record<string, unknown>>) =>
      rows.map((r) => ({ value: String(r.value), label: String(r.label ?? r.value), count: Number(r.count) })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      total: Number((totalRow as Record<string, unknown> | undefined)?.count ?? 0),
      facets: {
        departmentId: byCount(departments),
        categoryCode: labelled(categoryCounts, (v) => categories.find((c) => c.code === v)?.label ?? v),
        sharingType: labelled(sharing, (v) => labelOf(sharingTypes, v)),
        provisionMode: byCount(modes.map((m: Record<string, unknown>) => ({ ...m, label: labelOf(provisionModes, String(m.value)) }))),
        format: labelled(formats, (v) => labelOf(resourceFormats, v)),
        updateCycle: labelled(cycles, (v) => labelOf(updateCycles, v)),
        status: labelled(statuses, (v) => labelOf(resourceStatuses, v)),
      },
    };
  }
}
