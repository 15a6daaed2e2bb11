import { Knex } from 'knex';
import { expectProblem } from '../support/assertions';
import { DIALECT } from '../support/db';
import { createWorld, publishEntry, World } from '../support/world';

// SEARCH_TIMEOUT_MS: on PostgreSQL a search or facet statement that runs past the limit is stopped
// in the database and answered with 503 search_timeout, in Chinese with an English gloss, so the
// requests of clients that gave up do not keep the database busy. SQLite runs each statement to its
// end on the service's thread: there the limit changes nothing.

let w: World;

beforeAll(async () => {
  w = await createWorld({ searchTimeoutMs: 300 });
  await publishEntry(w, { name: '检索时限测试目录' });
});
afterAll(async () => {
  await w.destroy();
});

it('answers searches and facet counts that finish in time as usual', async () => {
  const found = await w.as('edu').get('/api/v1/resources').query({ q: '检索时限' }).expect(200);
  expect(found.body.items.map((i: { name: string }) => i.name)).toEqual(['检索时限测试目录']);
  const facets = await w.as('edu').get('/api/v1/resources/facets').query({ q: '检索时限' }).expect(200);
  expect(facets.body.total).toBe(1);
});

if (DIALECT === 'postgres') {
  it('stops a search and a facet count held up past the limit, answers 503 search_timeout, and leaves nothing running', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another transaction holds the entries' table: every statement reading it waits.
    const holder = w.db.transaction(async (trx: Knex.Transaction) => {
      await trx.raw('LOCK TABLE resources IN ACCESS EXCLUSIVE MODE');
      locked();
      await released;
    });
    try {
      await isLocked;
      const started = Date.now();
      // Not asked before: the read cache holds no answer for it.
      const search = await w.as('edu').get('/api/v1/resources').query({ q: '时限测试' });
      expectProblem(search, 503, 'search_timeout');
      expect(search.body.detail).toMatch(/检索用时超过 0\.3 秒.*\(the search ran longer than 0\.3 s/);
      const facets = await w.as('edu').get('/api/v1/resources/facets').query({ q: '目录' });
      expectProblem(facets, 503, 'search_timeout');
      expect(Date.now() - started).toBeLessThan(5000);
      // Every statement of both is stopped (the facets' others at their own limit, just after the
      // first), while the table is still held: none waits on the lock any more.
      const waitingOnLock = async () =>
        (await w.db.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))
          .rows[0].n as number;
      let waiting = await waitingOnLock();
      for (const deadline = Date.now() + 3000; waiting > 0 && Date.now() < deadline; waiting = await waitingOnLock())
        await new Promise((r) => setTimeout(r, 50));
      expect(waiting).toBe(0);
    } finally {
      release();
      await holder;
    }
    // Once the table is free, the same search answers.
    const after = await w.as('edu').get('/api/v1/resources').query({ q: '时限测试' }).expect(200);
    expect(after.body.items).toHaveLength(1);
  });
}
