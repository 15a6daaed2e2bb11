import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { Contract } from '../../src/http/contract';
import { DatabaseRateLimitStore, LEASE_MAX } from '../../src/http/rate-limit.store';
import { ProcessRateLimitStore } from '../../src/http/rate-limit-process.store';
import { expectProblem } from '../support/assertions';
import { DIALECT, freshDatabase } from '../support/db';
import { ActorKey, createWorld, World } from '../support/world';

// The per-token rate limit counts in the database on PostgreSQL (DatabaseRateLimitStore), so
// instances that share a database share the limit; on SQLite (one process per file) in that
// process, shared by every app on the database (ProcessRateLimitStore). Two apps on one database
// stand for two instances here; the two-process test on PostgreSQL is test/scale-out. Each test
// runs in its own minute of the manual clock, so the windows of different tests never meet.

let w: World;
let a: express.Express;
let b: express.Express;
const clock = new ManualClock(new Date('2026-04-01T00:00:00.000Z'));
const LIMIT = 5;

beforeAll(async () => {
  w = await createWorld();
  // Two instances on the same database, with the same (manual) clock; one contract for both
  // (compiling it is the slow part of making an app).
  const contract = new Contract();
  const make = () => createApp({ db: w.db, clock, contract, rateLimitPerMinute: LIMIT, validateResponses: true });
  a = make();
  b = make();
});
afterAll(async () => {
  await w.destroy();
});

/** Each test starts in a minute of its own. */
function at(iso: string): void {
  clock.set(new Date(iso));
}

/** What the apps' limiter has counted for a user in the current window, wherever it counts. */
async function counted(userId: string): Promise<{ hits: number; windowStart: number } | null> {
  if (DIALECT === 'sqlite') {
    const count = processStore().current(userId);
    return count ? { hits: count.hits, windowStart: count.windowStart } : null;
  }
  const row = await w
    .db('rate_limit_hits')
    .where({ key: `token:${userId}` })
    .first();
  return row ? { hits: Number(row.hits), windowStart: Number(row.window_start) } : null;
}

/** A view of the SQLite process counts of w.db (the apps' stores share them). */
function processStore(): ProcessRateLimitStore {
  const s = new ProcessRateLimitStore(w.db, { now: () => clock.now() });
  s.init({ windowMs: 60_000 } as Parameters<ProcessRateLimitStore['init']>[0]);
  return s;
}

const me = (app: express.Express, actor: ActorKey) => request(app).get('/api/v1/me').set('Authorization', `Bearer ${w.token[actor]}`);

describe('the per-token rate limit across instances', () => {
  it('counts requests on two instances against one limit, and both refuse past it', async () => {
    at('2026-04-01T02:00:00.000Z');
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i++) statuses.push((await me(i % 2 ? b : a, 'edu')).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    // Three went to A and two to B: an in-memory limiter per instance would let both go on.
    expectProblem(await me(a, 'edu'), 429, 'rate_limited');
    expectProblem(await me(b, 'edu'), 429, 'rate_limited');
    expect(await counted(w.userId.edu)).toEqual({ hits: LIMIT + 2, windowStart: Date.parse('2026-04-01T02:00:00.000Z') });
  });

  it('lets exactly the limit through when the requests arrive at once on both instances', async () => {
    at('2026-04-01T02:10:00.000Z');
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => me(i % 2 ? b : a, 'police')));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(LIMIT).fill(200), ...Array(16 - LIMIT).fill(429)]);
  });

  it('answers 429 with Retry-After counting the seconds until the window turns, and RateLimit headers', async () => {
    at('2026-04-01T03:00:00.000Z');
    const first = await me(a, 'civil').expect(200);
    expect(first.headers['ratelimit-policy']).toBe(`${LIMIT};w=60`);
    expect(first.headers.ratelimit).toMatch(new RegExp(`^limit=${LIMIT}, remaining=${LIMIT - 1}, reset=\\d+$`));
    for (let i = 1; i < LIMIT; i++) await me(a, 'civil').expect(200);
    clock.advance(45_500);
    const over = await me(a, 'civil');
    expectProblem(over, 429, 'rate_limited');
    expect(over.headers['retry-after']).toBe('15');
    expect(over.body.detail).toContain(`每分钟最多 ${LIMIT} 次`);
  });

  it('starts counting again when the window turns', async () => {
    at('2026-04-01T04:00:30.000Z');
    for (let i = 0; i < LIMIT; i++) await me(a, 'police2').expect(200);
    expectProblem(await me(b, 'police2'), 429, 'rate_limited');
    clock.advance(29_000); // 04:00:59: still the same window
    expectProblem(await me(a, 'police2'), 429, 'rate_limited');
    clock.advance(1_000); // 04:01:00: a new window
    const again = await me(b, 'police2').expect(200);
    expect(again.headers.ratelimit).toMatch(new RegExp(`remaining=${LIMIT - 1},`));
    for (let i = 1; i < LIMIT; i++) await me(i % 2 ? a : b, 'police2').expect(200);
    expectProblem(await me(a, 'police2'), 429, 'rate_limited');
  });

  it('keeps a count per token: another caller is not held back by a limited one', async () => {
    at('2026-04-01T05:00:00.000Z');
    for (let i = 0; i < LIMIT; i++) await me(a, 'auditor').expect(200);
    expectProblem(await me(b, 'auditor'), 429, 'rate_limited');
    await me(b, 'bureau').expect(200);
    await me(a, 'bureau').expect(200);
  });

  it('counts nothing for a request without a valid token (it is refused before the limit)', async () => {
    at('2026-04-01T06:00:00.000Z');
    const inThisWindow = async () =>
      DIALECT === 'sqlite'
        ? processStore().keysInWindow()
        : Number((await w.db('rate_limit_hits').where('window_start', '>=', Date.parse('2026-04-01T06:00:00.000Z')).count('* as n'))[0].n);
    await request(a).get('/api/v1/me').expect(401);
    await request(a).get('/api/v1/me').set('Authorization', 'Bearer no-such-token-at-all').expect(401);
    expect(await inThisWindow()).toBe(0);
    await me(a, 'edu').expect(200);
    expect(await inThisWindow()).toBe(1);
  });
});

describe('where the counters are kept', () => {
  // One test on each database, each asserting its own dialect's place, so neither is skipped.
  it('SQLite: in the one process, so counting never touches the database; PostgreSQL: an UNLOGGED table (no WAL, not replicated) shared by every instance', async () => {
    at('2026-04-01T07:00:00.000Z');
    await me(a, 'civil').expect(200);
    if (DIALECT === 'sqlite') {
      expect(await w.db('rate_limit_hits').where('key', 'like', 'token:%').count('* as n')).toEqual([{ n: 0 }]);
      expect(await w.db.raw("SELECT name FROM sqlite_temp_master WHERE type = 'table'")).toEqual([]);
    } else {
      const res = await w.db.raw(
        "SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_hits' AND relnamespace = current_schema()::regnamespace",
      );
      expect(res.rows).toEqual([{ relpersistence: 'u' }]);
    }
    expect((await counted(w.userId.civil))?.hits).toBe(1);
  });
});

describe('the database store', () => {
  const WINDOW = 60_000;
  function store(storeClock: ManualClock, prefix = 'unit:'): DatabaseRateLimitStore {
    const s = new DatabaseRateLimitStore(w.db, { now: () => storeClock.now(), prefix });
    s.init({ windowMs: WINDOW } as Parameters<DatabaseRateLimitStore['init']>[0]);
    return s;
  }

  it('increments atomically, reports the window end, and decrements, reads and resets a key', async () => {
    const own = new ManualClock(new Date('2026-05-01T00:00:10.000Z'));
    const s = store(own);
    const hits = await Promise.all(Array.from({ length: 10 }, () => s.increment('k1')));
    expect(hits.map((h) => h.totalHits).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(hits[0].resetTime).toEqual(new Date('2026-05-01T00:01:00.000Z'));
    await s.decrement('k1');
    expect(await s.get('k1')).toEqual({ totalHits: 9, resetTime: new Date('2026-05-01T00:01:00.000Z') });
    await s.resetKey('k1');
    expect(await s.get('k1')).toBeUndefined();
    expect((await s.increment('k1')).totalHits).toBe(1);
    // A window that has turned is neither read nor decremented.
    own.advance(WINDOW);
    expect(await s.get('k1')).toBeUndefined();
    await s.decrement('k1');
    expect(Number((await w.db('rate_limit_hits').where({ key: 'unit:k1' }).first()).hits)).toBe(1);
  });

  it('takes hits in leases when the limit is large: one statement for many requests, counted in order', async () => {
    const own = new ManualClock(new Date('2026-05-04T00:00:00.000Z'));
    const s = new DatabaseRateLimitStore(w.db, { now: () => own.now(), prefix: 'lease:' });
    s.init({ windowMs: WINDOW, limit: 1000 } as Parameters<DatabaseRateLimitStore['init']>[0]);
    const totals: number[] = [];
    for (let i = 0; i < 200; i++) totals.push((await s.increment('k')).totalHits);
    expect(totals).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Leases of LEASE_MAX (64) while far from the limit: 200 hits in 4 statements, not 200.
    expect(s.statementCount).toBe(Math.ceil(200 / LEASE_MAX));
    expect(Number((await w.db('rate_limit_hits').where({ key: 'lease:k' }).first()).hits)).toBe(4 * LEASE_MAX);
  });

  it('never lets more than the limit through over two instances with leases, and lets the whole limit through', async () => {
    const own = new ManualClock(new Date('2026-05-05T00:00:00.000Z'));
    const stores = [0, 1].map(() => {
      const s = new DatabaseRateLimitStore(w.db, { now: () => own.now(), prefix: 'lease2:' });
      s.init({ windowMs: WINDOW, limit: 100 } as Parameters<DatabaseRateLimitStore['init']>[0]);
      return s;
    });
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => stores[i % 2].increment('k')));
    const allowed = answers.filter((a) => a.totalHits <= 100).map((a) => a.totalHits);
    // Each place under the limit handed out once, and every one of them handed out.
    expect(allowed.sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(stores[0].statementCount + stores[1].statementCount).toBeLessThan(300);
  });

  it('takes one hit per statement under a small limit, exactly as without leases', async () => {
    const own = new ManualClock(new Date('2026-05-06T00:00:00.000Z'));
    const s = new DatabaseRateLimitStore(w.db, { now: () => own.now(), prefix: 'lease3:' });
    s.init({ windowMs: WINDOW, limit: 10 } as Parameters<DatabaseRateLimitStore['init']>[0]);
    for (let i = 0; i < 12; i++) await s.increment('k');
    expect(s.statementCount).toBe(12);
    expect(Number((await w.db('rate_limit_hits').where({ key: 'lease3:k' }).first()).hits)).toBe(12);
  });

  it('drops a lease when its window ends', async () => {
    const own = new ManualClock(new Date('2026-05-07T00:00:10.000Z'));
    const s = new DatabaseRateLimitStore(w.db, { now: () => own.now(), prefix: 'lease4:' });
    s.init({ windowMs: WINDOW, limit: 1000 } as Parameters<DatabaseRateLimitStore['init']>[0]);
    expect((await s.increment('k')).totalHits).toBe(1);
    expect((await s.increment('k')).totalHits).toBe(2);
    own.advance(WINDOW);
    const turned = await s.increment('k');
    expect(turned).toEqual({ totalHits: 1, resetTime: new Date('2026-05-07T00:02:00.000Z') });
    expect(s.statementCount).toBe(2);
  });

  it('never moves a window back: an instance whose clock lags counts into the newer window', async () => {
    const ahead = new ManualClock(new Date('2026-05-02T00:01:00.200Z'));
    const behind = new ManualClock(new Date('2026-05-02T00:00:59.900Z'));
    const a = store(ahead);
    const b = store(behind);
    expect((await b.increment('k2')).totalHits).toBe(1);
    expect((await b.increment('k2')).totalHits).toBe(2);
    const turned = await a.increment('k2');
    expect(turned).toEqual({ totalHits: 1, resetTime: new Date('2026-05-02T00:02:00.000Z') });
    const lagging = await b.increment('k2');
    expect(lagging).toEqual({ totalHits: 2, resetTime: new Date('2026-05-02T00:02:00.000Z') });
  });

  it('prunes the rows of windows that have ended, at most once a window per instance', async () => {
    const own = new ManualClock(new Date('2026-05-03T00:00:00.000Z'));
    const s = store(own, 'prune:');
    await s.increment('old');
    await s.shutdown();
    own.advance(2 * WINDOW);
    await s.increment('new'); // more than a window since the last pruning: prunes, after answering
    await s.shutdown();
    const keys = (await w.db('rate_limit_hits').where('key', 'like', 'prune:%').select('key')).map((r: { key: string }) => r.key);
    expect(keys).toEqual(['prune:new']);
    // Within the same window no second pruning runs.
    own.advance(WINDOW / 2);
    await s.increment('new');
    expect((s as unknown as { pruning: Promise<void> | null }).pruning).toBeNull();
    await s.resetAll();
    expect(Number((await w.db('rate_limit_hits').where('key', 'like', 'prune:%').count('* as n'))[0].n)).toBe(0);
  });
});

describe('the process store (SQLite)', () => {
  const WINDOW = 60_000;
  function store(db: Knex, storeClock: ManualClock, prefix = 'p:'): ProcessRateLimitStore {
    const s = new ProcessRateLimitStore(db, { now: () => storeClock.now(), prefix });
    s.init({ windowMs: WINDOW } as Parameters<ProcessRateLimitStore['init']>[0]);
    return s;
  }

  it('counts per key in windows that start on the minute, and decrements, reads and resets a key', () => {
    const own = new ManualClock(new Date('2026-06-01T00:00:10.000Z'));
    const s = store(w.db, own);
    expect([1, 2, 3].map(() => s.increment('k').totalHits)).toEqual([1, 2, 3]);
    expect(s.increment('other').totalHits).toBe(1);
    s.decrement('k');
    expect(s.get('k')).toEqual({ totalHits: 2, resetTime: new Date('2026-06-01T00:01:00.000Z') });
    s.resetKey('k');
    expect(s.get('k')).toBeUndefined();
    own.advance(WINDOW);
    expect(s.get('other')).toBeUndefined();
    expect(s.increment('other')).toEqual({ totalHits: 1, resetTime: new Date('2026-06-01T00:02:00.000Z') });
    s.resetAll();
    expect(s.keysInWindow()).toBe(0);
  });

  it('shares the counts of one database between stores (apps), and keeps another database apart', async () => {
    const own = new ManualClock(new Date('2026-06-02T00:00:00.000Z'));
    const first = store(w.db, own, 'shared:');
    const second = store(w.db, own, 'shared:');
    first.increment('k');
    expect(second.increment('k').totalHits).toBe(2);
    const other = await freshDatabase({ migrate: false });
    try {
      expect(store(other.db, own, 'shared:').increment('k').totalHits).toBe(1);
    } finally {
      await other.destroy();
    }
  });

  it('forgets keys of ended windows once a window has passed', () => {
    const own = new ManualClock(new Date('2026-06-03T00:00:00.000Z'));
    const s = store(w.db, own, 'forget:');
    s.increment('old');
    own.advance(2 * WINDOW);
    s.increment('new');
    const keys = [...(s as unknown as { counts: Map<string, unknown> }).counts.keys()].filter((k) => k.startsWith('forget:'));
    expect(keys).toEqual(['forget:new']);
  });
});
