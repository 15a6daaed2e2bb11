// The catalog search's two answers, a page of results and the facets' counts, for an address's
// query. The first of a visit may already be on its way (web/src/prefetch.ts).
import { api, must } from '../../api/client';
import { prefetch, takePrefetched } from '../../prefetch';
import { filtersOf, searchQueryOf } from './catalogQuery';

const resultsKey = (params: URLSearchParams) => `catalog-results?${params.toString()}`;
const facetsKey = (params: URLSearchParams) => `catalog-facets:${JSON.stringify(filtersOf(params))}`;

const askResults = (params: URLSearchParams) => must(api.GET('/api/v1/resources', { params: { query: searchQueryOf(params) } }));
const askFacets = (params: URLSearchParams) => must(api.GET('/api/v1/resources/facets', { params: { query: filtersOf(params) } }));

export const loadResults = (params: URLSearchParams) =>
  takePrefetched<Awaited<ReturnType<typeof askResults>>>(resultsKey(params)) ?? askResults(params);
export const loadFacets = (params: URLSearchParams) =>
  takePrefetched<Awaited<ReturnType<typeof askFacets>>>(facetsKey(params)) ?? askFacets(params);

export function prefetchCatalog(params: URLSearchParams): void {
  prefetch(resultsKey(params), () => askResults(params));
  prefetch(facetsKey(params), () => askFacets(params));
}
