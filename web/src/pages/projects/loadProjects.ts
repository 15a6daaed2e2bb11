import { api, must } from '../../api/client';
import type { Project } from './projectTerms';

/** At most this many pages of 100 are read for the list and its counts. */
const MAX_PAGES = 20;

/**
 * Every project the caller may see (the bureau: all; a department: its own), following the
 * service's cursor page by page, so that the stage tabs can count them.
 */
export async function loadAllProjects(): Promise<{ items: Project[]; truncated: boolean }> {
  const items: Project[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const body = await must(api.GET('/api/v1/projects', { params: { query: { limit: 100, cursor } } }));
    items.push(...body.items);
    if (!body.nextCursor) return { items, truncated: false };
    cursor = body.nextCursor;
  }
  return { items, truncated: true };
}
