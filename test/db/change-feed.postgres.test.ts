import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import request from 'supertest';
import { createApp, createServices } from '../../src/app';
import { ChangeFeed, changeFeedOf, startChangeFeed } from '../../src/db/change-feed';
import { createDb } from '../../src/db/knex';
import { ReadCache } from '../../src/db/read-cache';
import { hashToken } from '../../src/domain/tokens';
import { recordAudit } from '../../src/modules/audit/audit.store';
import { DIALECT } from '../support/db';
import { createWorld, World } from '../support/world';

// The PostgreSQL change feed (ADR 0021), on PostgreSQL only (jest.config.js runs *.postgres.test.ts
// in the postgres project alone; test/db/read-cache.test.ts checks that SQLite has none). What it
// must hold: a cached read is never served once this instance has committed a change, and once
// PostgreSQL's notice of another connection's change has arrived; without a live feed every request
// asks the database, as before. Token owners are not kept under the feed (amended 2026-12-05): a
// notice may arrive after the next request, and a hand revocation or deactivation must stop the
// very next one — so every request reads the owner.

let w: World;
let feed: ChangeFeed;
/** Another instance on the same database: its own pool, in the same schema. */
let other: Knex;

beforeAll(async () => {
  if (DIALECT !== 'postgres') throw new Error('this file runs on PostgreSQL only (jest.config.js)');
  w = await createWorld();
  feed = (await startChangeFeed(w.db))!;
  other = createDb({ databaseUrl: process.env.PG_TEST_URL!, pgSchema: await schemaOf(w.db), poolMax: 2 });
});
afterAll(async () => {
  await other.destroy();
  await w.destroy();
});

async function schemaOf(db: Knex): Promise<string> {
  return (await db.raw('SELECT current_schema() AS s')).rows[0].s as string;
}

async function headInDatabase(): Promise<number> {
  return Number((await other('audit_chain_head').where({ id: 1 }).first('last_seq')).last_seq);
}

/** An audited write as every service write is, through `db` (this instance or the other). */
async function auditedWrite(db: Knex): Promise<void> {
  await db.transaction((trx) =>
    recordAudit(trx, null, new Date(), { action: 'test.write', objectType: 'department', objectId: randomUUID() }),
  );
}

/** Waits, polling, until `check` holds; the time it took in ms. Fails after `limitMs`. */
async function within(check: () => boolean | Promise<boolean>, limitMs = 2000): Promise<number> {
  const start = performance.now();
  while (!(await check())) {
    if (performance.now() - start > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return performance.now() - start;
}

/** Counts the statements `db` runs while `run` runs. */
async function statementsDuring(db: Knex, run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (q: { sql: string }) => seen.push(q.sql);
  db.on('query', listener);
  try {
    await run();
  } finally {
    db.off('query', listener);
  }
  return seen;
}

describe('the change feed', () => {
  it('goes live knowing the head, and belongs to its knex instance', async () => {
    expect(feed.isLive).toBe(true);
    expect(changeFeedOf(w.db)).toBe(feed);
    expect(changeFeedOf(other)).toBeNull();
    expect(await startChangeFeed(w.db)).toBe(feed);
    expect(feed.knownHead()).toBe(await headInDatabase());
  });

  it("learns of another instance's audited write from PostgreSQL's notice, without asking", async () => {
    const before = feed.knownHead()!;
    const notices = feed.noticeCount;
    await auditedWrite(other);
    const ms = await within(() => feed.knownHead() === before + 1);
    expect(feed.noticeCount).toBe(notices + 1);
    // Delivered after the commit on one host in well under the two seconds allowed.
    expect(ms).toBeLessThan(2000);
  });

  it("makes this instance's own commit visible at once: the next head is read, not taken from the feed", async () => {
    await feed.caughtUp();
    const before = feed.knownHead()!;
    await auditedWrite(w.db);
    // The notice may not have arrived yet; the head must not be served as it was.
    expect(feed.knownHead() === before).toBe(false);
    const cache = new ReadCache(w.db);
    expect(await cache.stateOfDatabase()).toBe(before + 1);
    await feed.caughtUp();
    expect(feed.knownHead()).toBe(before + 1);
  });

  it('ignores the notices of another schema on the same server', async () => {
    await feed.caughtUp();
    const before = feed.knownHead();
    const stamp = feed.stamp();
    await other.raw("SELECT pg_notify('catalog_changes', 'some_other_schema head 999999')");
    await feed.caughtUp();
    expect(feed.knownHead()).toBe(before);
    expect(feed.stamp()).toBe(stamp);
  });

  it('moves its stamp on a hand edit of api_tokens or users (no audit event), and not on other tables', async () => {
    await feed.caughtUp();
    const stamp = feed.stamp();
    await other.raw(`UPDATE departments SET updated_at = updated_at WHERE id = ?`, [w.departmentId.edu]);
    await feed.caughtUp();
    expect(feed.stamp()).toBe(stamp);
    await other.raw(`UPDATE users SET updated_at = updated_at WHERE id = ?`, [w.userId.edu]);
    await feed.caughtUp();
    expect(feed.stamp()).not.toBe(stamp);
  });
});

describe('cached reads with the change feed', () => {
  it("serve a held result without asking PostgreSQL anything, and read again after another instance's write", async () => {
    const cache = new ReadCache(w.db);
    let answer = 'first';
    const load = jest.fn(async () => answer);
    await cache.read({ kind: 'entry', id: 'k' }, load);
    answer = 'second';
    const statements = await statementsDuring(w.db, () => cache.read({ kind: 'entry', id: 'k' }, load));
    expect(statements).toEqual([]);
    expect(load).toHaveBeenCalledTimes(1);
    await auditedWrite(other);
    await within(async () => (await cache.read({ kind: 'entry', id: 'k' }, load)) === 'second');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('a held search through the API: one statement on PostgreSQL, the token owner (the head is known)', async () => {
    const app = createApp({ db: w.db, clock: w.clock });
    const search = () =>
      request(app).get('/api/v1/resources?q=%E6%88%B7%E7%B1%8D').set('Authorization', `Bearer ${w.token.edu}`).expect(200);
    await search();
    await search();
    const statements = await statementsDuring(w.db, search);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "api_tokens" as "t" inner join "users"/);
  });
});

describe('token owners with the change feed', () => {
  // Until 2026-12-05 they were kept while the feed's stamp stood still; a hand edit's notice could
  // then arrive after the next request (the probe saw 4 of 10 requests pass after a deactivation).
  it('are read from PostgreSQL on every request, even with a live feed and nothing changed (two lookups, two reads)', async () => {
    const users = createServices(w.db, w.clock).users;
    await feed.caughtUp();
    const first = await statementsDuring(w.db, () => users.authenticate(w.token.police, null, null));
    const second = await statementsDuring(w.db, () => users.authenticate(w.token.police, null, null));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
  });

  it('a token revoked by hand on another connection (an administrator in psql) stops working at the very next request', async () => {
    const users = createServices(w.db, w.clock).users;
    const { token, userId } = await newUserWithToken();
    expect(await users.authenticate(token, null, null)).toMatchObject({ userId });
    expect(await users.authenticate(token, null, null)).toMatchObject({ userId });
    await other('api_tokens').where({ user_id: userId }).update({ revoked_at: w.clock.now().toISOString() });
    expect(await users.authenticate(token, null, null)).toBeNull();
  });

  it('a user deactivated by hand on another connection is refused by all of the next 10 requests, round after round', async () => {
    const app = createApp({ db: w.db, clock: w.clock });
    const { token, userId } = await newUserWithToken();
    const me = () => request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    for (let round = 0; round < 5; round++) {
      await feed.caughtUp();
      // Seen and known: the owner would be kept if anything kept it.
      for (let i = 0; i < 3; i++) expect((await me()).status).toBe(200);
      await other.raw('UPDATE users SET active = false WHERE id = ?', [userId]);
      const refused = [];
      for (let i = 0; i < 10; i++) refused.push((await me()).status);
      expect(refused).toEqual(Array(10).fill(401));
      await other.raw('UPDATE users SET active = true WHERE id = ?', [userId]);
      const back = [];
      for (let i = 0; i < 10; i++) back.push((await me()).status);
      expect(back).toEqual(Array(10).fill(200));
    }
  });

  it('a user deactivated through this instance is refused on the very next request', async () => {
    const users = createServices(w.db, w.clock).users;
    const { token, userId } = await newUserWithToken();
    expect(await users.authenticate(token, null, null)).toMatchObject({ userId });
    await w.db.transaction(async (trx) => {
      await trx('users').where({ id: userId }).update({ active: false });
    });
    expect(await users.authenticate(token, null, null)).toBeNull();
  });
});

describe('without a live feed', () => {
  it('every request asks again when the listening connection is lost, and the feed comes back by itself', async () => {
    const cache = new ReadCache(w.db);
    const users = createServices(w.db, w.clock).users;
    await cache.read({ kind: 'entry', id: 'lost' }, async () => 'v');
    await users.authenticate(w.token.civil, null, null);
    // The listening session ends as it would if PostgreSQL restarted or a proxy cut it.
    await other.raw('SELECT pg_terminate_backend(?)', [feed.backendPid]);
    await within(() => !feed.isLive);
    expect(feed.knownHead()).toBeNull();
    expect(feed.stamp()).toBeNull();
    const whileDown = await statementsDuring(w.db, async () => {
      await cache.read({ kind: 'entry', id: 'lost' }, async () => 'v');
      await users.authenticate(w.token.civil, null, null);
    });
    expect(whileDown.length).toBe(2); // the head and the token owner, as without a feed
    // A write meanwhile, through the other instance: caught up by the head read on reconnection.
    await auditedWrite(other);
    // It retries every second; allow for a busy CI machine.
    const ms = await within(() => feed.isLive, 5000);
    expect(ms).toBeLessThan(5000);
    expect(feed.knownHead()).toBe(await headInDatabase());
  });
});

async function newUserWithToken(): Promise<{ token: string; userId: string }> {
  const at = w.clock.now().toISOString();
  const userId = randomUUID();
  const token = `feed-${randomUUID()}`;
  await w.db('users').insert({
    id: userId,
    name: '通知测试',
    department_id: w.departmentId.edu,
    roles_json: '["consumer"]',
    active: true,
    created_at: at,
    updated_at: at,
  });
  await w.db('api_tokens').insert({
    id: randomUUID(),
    user_id: userId,
    name: 't',
    token_hash: hashToken(token),
    created_at: at,
    expires_at: null,
    revoked_at: null,
  });
  return { token, userId };
}
