import { Page, PageRequest } from '../../src/db/pagination';
import { Actor } from '../../src/domain/actor';
import { ACTORS, ActorKey, World } from './world';

// Helpers for the store-level tests (test/db/*.store.test.ts), which call a store directly on the
// world's database after making the data through the API.

/** The actor the API would build for one of the world's users (what a service hands its store). */
export function actorOf(w: World, key: ActorKey): Actor {
  return {
    userId: w.userId[key],
    userName: key,
    departmentId: w.departmentId[ACTORS[key].department as keyof World['departmentId']],
    roles: ACTORS[key].roles,
    requestId: null,
    clientAddress: null,
  };
}

/**
 * Every item of a keyset-paged store list, following nextCursor from the first page to the last,
 * with the number of pages it took. Each page must hold at most `limit` items, and a cursor must
 * only be handed out when another item follows (no trailing empty page).
 */
export async function everyPage<T>(list: (page: PageRequest) => Promise<Page<T>>, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 1000; pages++) {
    const page = await list({ limit, cursor });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (pages > 1) expect(page.items.length).toBeGreaterThan(0);
    items.push(...page.items);
    if (!page.nextCursor) return { items, pages };
    cursor = page.nextCursor;
  }
  throw new Error('more than 1000 pages');
}

/** The ids of rows or objects, in their order. */
export const idsOf = (rows: ReadonlyArray<{ id?: unknown }>): string[] => rows.map((r) => String(r.id));

/** An instant given in Beijing time (the service's calendar), e.g. shanghai('2026-03-02T09:00:00'). */
export const shanghai = (local: string): Date => new Date(`${local}+08:00`);

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
