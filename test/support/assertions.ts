import request from 'supertest';
import { Requester } from './world';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

/** An RFC 9457 problem with this status and code, that leaks no SQL, driver text or stack. */
export function expectProblem(res: request.Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: `/problems/${code}` });
  expect(typeof res.body.detail).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/select |insert |SQLITE|at Object\.|node_modules/i);
}

/** Follows nextCursor from the first page to the last and returns every item, in order. */
export async function collectPages<T = { id: string }>(as: Requester, path: string, pageSize = 2): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res: request.Response = await as.get(url).expect(200);
    expect(res.body.items.length).toBeLessThanOrEqual(pageSize);
    // A cursor is only handed out when another row follows: no trailing empty page.
    if (pages > 0) expect(res.body.items.length).toBeGreaterThan(0);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${path}: more than 1000 pages`);
}
