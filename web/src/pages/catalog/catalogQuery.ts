// The catalog search as the address bar keeps it (/catalog?q=户籍&sharingType=conditional&sort=name…),
// so a search can be bookmarked and the browser's Back returns to the previous one. The same
// parameters go to the search, its facets and the export links.
import type { paths } from '@contract';

export type SearchQuery = NonNullable<paths['/api/v1/resources']['get']['parameters']['query']>;
export type FacetsQuery = NonNullable<paths['/api/v1/resources/facets']['get']['parameters']['query']>;
export type SortOrder = NonNullable<SearchQuery['sort']>;

/** The filters a facet sets, by the facet's (and the query parameter's) name. */
export const FACETS = [
  { key: 'departmentId', title: '提供部门' },
  { key: 'categoryCode', title: '资源分类' },
  { key: 'sharingType', title: '共享类型' },
  { key: 'provisionMode', title: '提供方式' },
  { key: 'format', title: '资源格式' },
  { key: 'updateCycle', title: '更新周期' },
  { key: 'status', title: '目录状态' },
] as const;

export type FacetKey = (typeof FACETS)[number]['key'];

export const SORTS: Array<{ value: SortOrder; label: string }> = [
  { value: 'relevance', label: '相关度' },
  { value: '-updatedAt', label: '最近更新在前' },
  { value: 'updatedAt', label: '最早更新在前' },
  { value: 'name', label: '名称（升序）' },
  { value: '-name', label: '名称（降序）' },
  { value: '-createdAt', label: '最近创建在前' },
  { value: 'createdAt', label: '最早创建在前' },
];

export const PAGE_SIZE = 20;

/** The search's filters (without sort and cursor) as the API takes them. */
export function filtersOf(params: URLSearchParams): FacetsQuery {
  const query: Record<string, string | string[]> = {};
  const q = params.get('q')?.trim();
  if (q) query.q = q.slice(0, 100);
  for (const { key } of FACETS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length > 0) query[key] = values;
  }
  return query as FacetsQuery;
}

/** The chosen sort, if it is one the API offers. */
export function sortOf(params: URLSearchParams): SortOrder | undefined {
  const sort = params.get('sort');
  return SORTS.find((s) => s.value === sort)?.value;
}

/** One page of the search: its filters, sort, page size and cursor. */
export function searchQueryOf(params: URLSearchParams): SearchQuery {
  const cursor = params.get('cursor');
  const sort = sortOf(params);
  return { ...filtersOf(params), ...(sort ? { sort } : {}), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
}

/** The address of an export of the whole search (every page), in the given format. */
export function exportHref(params: URLSearchParams, format: 'xlsx' | 'csv'): string {
  const out = new URLSearchParams();
  for (const [key, value] of params) if (key !== 'cursor') out.append(key, value);
  const text = out.toString();
  return `/api/v1/resources/export.${format}${text ? `?${text}` : ''}`;
}

/** The same search with one parameter's values replaced (and back to the first page). */
export function withValues(params: URLSearchParams, key: string, values: string[]): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(key);
  next.delete('cursor');
  for (const v of values) if (v) next.append(key, v);
  return next;
}
