import request from 'supertest';
import { copyEntry } from '../support/many-entries';
import { createWorld, publishEntry, START, World } from '../support/world';

// The order of keyword search when thousands of entries match (issue 17): entries whose name holds
// every keyword first, then those whose other text does; within each, the most recently saved
// first (last-save time, then id, both descending). The expected order is computed here from the
// entries' rows, and every page of the walk is checked against it, so neither database's way of
// finding a page (SQLite walks its FTS tables in the order of saves; PostgreSQL sorts each run)
// can reorder, repeat or lose an entry.

let w: World;

beforeAll(async () => {
  w = await createWorld();
  const source = await publishEntry(w, { name: '户籍人口基本信息' });
  // 2,400 copies saved before the world's start, at shuffled times, many at the same moment:
  // a third named by the keywords, a third holding them only in their text, a third neither.
  const copies = Array.from({ length: 2400 }, (_, i) => {
    const k = (i * 7919) % 2400;
    const updatedAt = new Date(START.getTime() - 86_400_000 + (k % 700) * 60_000).toISOString();
    const columns = { sharing_type: k % 5 === 0 ? 'unconditional' : 'conditional', update_cycle: ['daily', 'monthly', 'realtime'][k % 3] };
    if (i % 3 === 0) return { name: `户籍人口登记副本${k}`, updatedAt, columns };
    if (i % 3 === 1) return { name: `婚姻登记副本${k}`, extraText: '申请人户籍人口信息', updatedAt, columns };
    return { name: `婚姻登记副本${k}`, extraText: '无关', updatedAt, columns };
  });
  await copyEntry(w.db, source.id, copies);
  // Saved last, through the API: the newest of all.
  w.clock.advance(60_000);
  await publishEntry(w, { name: '户籍人口迁移信息' });
});
afterAll(() => w.destroy());

/** Every published entry holding all `terms`, in the order search promises. */
async function expectedOrder(terms: string[]): Promise<string[]> {
  const rows: Array<{ id: string; search_name: string; search_text: string; updated_at: unknown }> = await w
    .db('resources')
    .where({ status: 'published' })
    .select('id', 'search_name', 'search_text', 'updated_at');
  const at = (r: { updated_at: unknown }) => new Date(r.updated_at as string).getTime();
  const tier = (r: { search_name: string }) => (terms.every((t) => r.search_name.includes(t)) ? 0 : 1);
  return rows
    .filter((r) => terms.every((t) => r.search_text.includes(t)))
    .sort((a, b) => tier(a) - tier(b) || at(b) - at(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((r) => r.id);
}

async function pages(q: string, limit: number): Promise<{ first: string[]; all: string[] }> {
  const all: string[] = [];
  let first: string[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await w
      .as('edu')
      .get('/api/v1/resources')
      .query({ q, limit, ...(cursor ? { cursor } : {}) })
      .expect(200);
    const ids: string[] = res.body.items.map((i: { id: string }) => i.id);
    if (all.length === 0) first = ids;
    all.push(...ids);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { first, all };
}

describe('keyword search over thousands of matches', () => {
  it.each([
    ['a two-character keyword (character pairs)', '户籍'],
    ['a longer keyword (trigrams)', '户籍人口'],
    ['two keywords', '户籍 人口'],
    ['a one-character keyword', '籍'],
    ['a one-character keyword beside a pair', '籍 人口'],
  ])('pages %s newest first within each tier, every match once', async (_what, q) => {
    const expected = await expectedOrder(q.split(' '));
    expect(expected.length).toBeGreaterThan(1600);
    const { first, all } = await pages(q, 100);
    expect(first).toEqual(expected.slice(0, 100));
    expect(all).toEqual(expected);
  });

  it('puts the entry saved last at the top of its tier', async () => {
    const res = await w.as('edu').get('/api/v1/resources').query({ q: '户籍' }).expect(200);
    expect(res.body.items[0].name).toBe('户籍人口迁移信息');
    expect(res.body.items).toHaveLength(20);
  });

  it('orders by name or creation with keywords as the entries themselves say, restricted to the matches', async () => {
    const matching = new Set(await expectedOrder(['户籍']));
    const rows: Array<{ id: string; name: string; created_at: unknown }> = await w
      .db('resources')
      .where({ status: 'published' })
      .select('id', 'name', 'created_at');
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const orders: Record<string, (a: (typeof rows)[number], b: (typeof rows)[number]) => number> = {
      name: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b)),
      '-createdAt': (a, b) => new Date(b.created_at as string).getTime() - new Date(a.created_at as string).getTime() || byId(b, a),
    };
    for (const [sort, order] of Object.entries(orders)) {
      const expected = rows
        .filter((r) => matching.has(r.id))
        .sort(order)
        .map((r) => r.id);
      const res = await w.as('edu').get('/api/v1/resources').query({ q: '户籍', sort, limit: 50 }).expect(200);
      expect({ sort, ids: res.body.items.map((i: { id: string }) => i.id) }).toEqual({ sort, ids: expected.slice(0, 50) });
    }
  });

  it.each(['户籍', '户籍人口', '户籍 人口', '户籍人口 登记'])(
    'counts facets for %s over every match, with and without a filter',
    async (q) => {
      const matching = new Set(await expectedOrder(q.split(' ')));
      const rows: Array<{ id: string; sharing_type: string; update_cycle: string }> = await w
        .db('resources')
        .where({ status: 'published' })
        .select('id', 'sharing_type', 'update_cycle');
      const counts = (list: typeof rows, column: 'sharing_type' | 'update_cycle') => {
        const c: Record<string, number> = {};
        for (const r of list) c[r[column]] = (c[r[column]] ?? 0) + 1;
        return c;
      };
      const asCounts = (facet: Array<{ value: string; count: number }>) => Object.fromEntries(facet.map((f) => [f.value, f.count]));
      const matched = rows.filter((r) => matching.has(r.id));
      const all = await w.as('edu').get('/api/v1/resources/facets').query({ q }).expect(200);
      expect(all.body.total).toBe(matched.length);
      // Every other facet, counted from the rows of the matching entries.
      const ids = [...matching];
      const countsOf = async (column: string) => {
        const c: Record<string, number> = {};
        for (let i = 0; i < ids.length; i += 500) {
          for (const r of await w
            .db('resources')
            .whereIn('id', ids.slice(i, i + 500))
            .select(`${column} as v`))
            c[r.v] = (c[r.v] ?? 0) + 1;
        }
        return c;
      };
      for (const [facet, column] of [
        ['departmentId', 'department_id'],
        ['categoryCode', 'category_code'],
        ['format', 'format'],
        ['status', 'status'],
      ]) {
        expect({ facet, counts: asCounts(all.body.facets[facet]) }).toEqual({ facet, counts: await countsOf(column) });
      }
      const modes: Record<string, number> = {};
      for (let i = 0; i < ids.length; i += 500) {
        for (const r of await w
          .db('resource_provision_modes')
          .whereIn('resource_id', ids.slice(i, i + 500))
          .select('mode'))
          modes[r.mode] = (modes[r.mode] ?? 0) + 1;
      }
      expect(asCounts(all.body.facets.provisionMode)).toEqual(modes);
      expect(all.body.facets.departmentId[0].label).toBe('测试市公安局');
      expect(asCounts(all.body.facets.sharingType)).toEqual(counts(matched, 'sharing_type'));
      expect(asCounts(all.body.facets.updateCycle)).toEqual(counts(matched, 'update_cycle'));
      const daily = matched.filter((r) => r.update_cycle === 'daily');
      const filtered = await w.as('edu').get('/api/v1/resources/facets').query({ q, updateCycle: 'daily' }).expect(200);
      expect(filtered.body.total).toBe(daily.length);
      expect(asCounts(filtered.body.facets.sharingType)).toEqual(counts(daily, 'sharing_type'));
    },
  );
});
