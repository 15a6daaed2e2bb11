import { randomUUID } from 'node:crypto';
import { heldJson, ReadCache, minuteOf } from '../../src/db/read-cache';
import { changeFeedOf, startChangeFeed } from '../../src/db/change-feed';
import { DIALECT } from '../support/db';
import { recordAudit } from '../../src/modules/audit/audit.store';
import { freshDatabase, TestDb } from '../support/db';

// The read cache (ADR 0018) against a real database: a result is served while the audit chain head
// stands still, and read again once any audited write has moved it.

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.destroy());

/** An audited write, as every service write is: the audit event moves the chain head. */
async function auditedWrite(): Promise<void> {
  await t.db.transaction((trx) =>
    recordAudit(trx, null, new Date(), { action: 'test.write', objectType: 'department', objectId: randomUUID() }),
  );
}

/** An audited write of one kind (its action), as a service would commit it. */
async function write(action: string, objectId: string = randomUUID()): Promise<void> {
  await t.db.transaction((trx) => recordAudit(trx, null, new Date(), { action, objectType: action.split('.')[0], objectId }));
}

/** A loader that counts its calls and answers what the database holds now. */
function countingLoader(value: () => Promise<unknown>) {
  const loader = {
    calls: 0,
    load: async () => {
      loader.calls++;
      return value();
    },
  };
  return loader;
}

describe('ReadCache', () => {
  it('serves a result again without reading while nothing was written, and reads again after an audited write', async () => {
    const cache = new ReadCache(t.db);
    let answer = 'first';
    const loader = countingLoader(async () => answer);
    expect(await cache.read({ kind: 'entry', id: 'k' }, loader.load)).toBe('first');
    answer = 'second';
    // Nothing audited happened: the held result stands (proof that it is held).
    expect(await cache.read({ kind: 'entry', id: 'k' }, loader.load)).toBe('first');
    expect(loader.calls).toBe(1);
    await auditedWrite();
    expect(await cache.read({ kind: 'entry', id: 'k' }, loader.load)).toBe('second');
    expect(loader.calls).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
  });

  it('sees a write committed through another cache (another instance on the same database)', async () => {
    const a = new ReadCache(t.db);
    const b = new ReadCache(t.db);
    let answer = 1;
    expect(await a.read({ kind: 'entry', id: 'k' }, async () => answer)).toBe(1);
    expect(await b.read({ kind: 'entry', id: 'k' }, async () => answer)).toBe(1);
    answer = 2;
    await auditedWrite(); // "on instance b"
    expect(await a.read({ kind: 'entry', id: 'k' }, async () => answer)).toBe(2);
  });

  it('keeps what a write did not change: a sharing request leaves searches and entries held; an entry write ends that entry and every search, not another entry', async () => {
    const cache = new ReadCache(t.db);
    const version = { e1: 1, e2: 1, search: 1 };
    const reads = { e1: 0, e2: 0, search: 0 };
    const read = (key: 'e1' | 'e2' | 'search') =>
      cache.read(key === 'search' ? { kind: 'search', query: { q: '户籍' } } : { kind: 'entry', id: key }, async () => {
        reads[key]++;
        return `${key}@${version[key]}`;
      });
    for (const key of ['e1', 'e2', 'search'] as const) await read(key);
    await write('sharing_request.created');
    await write('grant.created');
    expect([await read('e1'), await read('e2'), await read('search')]).toEqual(['e1@1', 'e2@1', 'search@1']);
    expect(reads).toEqual({ e1: 1, e2: 1, search: 1 });
    version.e1 = version.e2 = version.search = 2;
    await write('resource.updated', 'e1');
    expect([await read('e1'), await read('e2'), await read('search')]).toEqual(['e1@2', 'e2@1', 'search@2']);
    expect(reads).toEqual({ e1: 2, e2: 1, search: 2 });
    await write('department.updated');
    expect(await read('e2')).toBe('e2@2');
  });

  it('keeps results of different keys apart', async () => {
    const cache = new ReadCache(t.db);
    expect(await cache.read({ kind: 'search', scope: 'unrestricted', query: { q: '户籍' } }, async () => ['户籍'])).toEqual(['户籍']);
    expect(await cache.read({ kind: 'search', scope: 'department:x', query: { q: '户籍' } }, async () => ['户籍', '草稿'])).toEqual([
      '户籍',
      '草稿',
    ]);
    expect(await cache.read({ kind: 'search', scope: 'unrestricted', query: { q: '户籍' } }, async () => ['wrong'])).toEqual(['户籍']);
  });

  it('does not hold "nothing found", so a later answer is read', async () => {
    const cache = new ReadCache(t.db);
    const loader = countingLoader(async () => null);
    expect(await cache.read({ kind: 'entry', id: 'missing' }, loader.load)).toBeNull();
    expect(await cache.read({ kind: 'entry', id: 'missing' }, loader.load)).toBeNull();
    expect(loader.calls).toBe(2);
  });

  it('drops a result read while the head moved under it, rather than hold it for the older state', async () => {
    const cache = new ReadCache(t.db);
    const other = countingLoader(async () => 'fresh');
    let answer = 'during';
    const slow = cache.read({ kind: 'entry', id: 'k' }, async () => {
      // Another caller sees a write land while this load is still running.
      await auditedWrite();
      await cache.read({ kind: 'entry', id: 'other' }, other.load);
      return answer;
    });
    expect(await slow).toBe('during');
    answer = 'after';
    expect(await cache.read({ kind: 'entry', id: 'k' }, async () => answer)).toBe('after');
  });

  it('lets the least recently used results go past its size, and holds nothing larger than itself', async () => {
    // Each result of 900 bytes of JSON counts about twice that: the objects and their bytes.
    const cache = new ReadCache(t.db, { maxBytes: 4_000 });
    const big = 'x'.repeat(900);
    await cache.read({ kind: 'entry', id: 'a' }, async () => big);
    await cache.read({ kind: 'entry', id: 'b' }, async () => big);
    await cache.read({ kind: 'entry', id: 'c' }, async () => big); // a goes
    const reloads = countingLoader(async () => big);
    await cache.read({ kind: 'entry', id: 'a' }, reloads.load);
    expect(reloads.calls).toBe(1);
    await cache.read({ kind: 'entry', id: 'c' }, reloads.load);
    expect(reloads.calls).toBe(1);
    expect(cache.stats().bytes).toBeLessThanOrEqual(4_000);
    expect(cache.stats().bytes).toBeGreaterThan(2 * 2 * 900);
    const huge = countingLoader(async () => 'y'.repeat(5_000));
    await cache.read({ kind: 'entry', id: 'huge' }, huge.load);
    await cache.read({ kind: 'entry', id: 'huge' }, huge.load);
    expect(huge.calls).toBe(2);
  });

  it('makes the JSON bytes of the part a response sends once, when it holds a result', async () => {
    const cache = new ReadCache(t.db);
    const entry = { id: 'e', name: '户籍人口基本信息' };
    const held = await cache.read({ kind: 'entry', id: 'e' }, async () => ({ entry, rowVersion: 3 }), { sent: (h) => h.entry });
    expect(heldJson(entry)?.toString('utf8')).toBe(JSON.stringify(entry));
    expect(heldJson(held)).toBeUndefined();
    const page = await cache.read({ kind: 'search', query: { q: '户籍' } }, async () => ({ items: [entry] }));
    expect(heldJson(page)?.toString('utf8')).toBe(JSON.stringify(page));
    const project = await cache.read({ kind: 'project', id: 'p' }, async () => ({ id: 'p' }), { sent: () => null });
    expect(heldJson(project)).toBeUndefined();
    // Not held (read while turned off): no bytes made.
    const off = new ReadCache(t.db, { maxBytes: 1, enabled: false });
    expect(heldJson(await off.read({ kind: 'search', query: {} }, async () => ({ items: [] })))).toBeUndefined();
  });

  it('turned off (READ_CACHE_MB=0), reads every time', async () => {
    const cache = new ReadCache(t.db, { maxBytes: 1, enabled: false });
    const loader = countingLoader(async () => 'v');
    await cache.read({ kind: 'entry', id: 'k' }, loader.load);
    await cache.read({ kind: 'entry', id: 'k' }, loader.load);
    expect(loader.calls).toBe(2);
  });

  it('names the minute a time falls in (the clock part of a key)', () => {
    expect(minuteOf(new Date('2026-03-02T01:00:59.999Z'))).toBe(minuteOf(new Date('2026-03-02T01:00:00.000Z')));
    expect(minuteOf(new Date('2026-03-02T01:01:00.000Z'))).toBe(minuteOf(new Date('2026-03-02T01:00:00.000Z')) + 1);
  });
});

describe('ReadCache under concurrent callers', () => {
  it('reads once for callers asking the same thing at the same time, and they all get the answer', async () => {
    const cache = new ReadCache(t.db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loader = countingLoader(async () => {
      await gate;
      return { board: 'computed once' };
    });
    const callers = Promise.all(Array.from({ length: 20 }, () => cache.read({ kind: 'entry', id: 'board' }, loader.load)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const answers = await callers;
    expect(loader.calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toEqual({ board: 'computed once' });
  });

  it('passes a failed read to every waiting caller, and the next caller reads again', async () => {
    const cache = new ReadCache(t.db);
    let fail = true;
    const loader = countingLoader(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (fail) throw new Error('database went away');
      return 'recovered';
    });
    const results = await Promise.allSettled([
      cache.read({ kind: 'entry', id: 'k' }, loader.load),
      cache.read({ kind: 'entry', id: 'k' }, loader.load),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(loader.calls).toBe(1);
    fail = false;
    expect(await cache.read({ kind: 'entry', id: 'k' }, loader.load)).toBe('recovered');
    expect(loader.calls).toBe(2);
  });
});

// One test on each database, each asserting its own dialect's answer, so neither is skipped.
describe('the change feed (ADR 0021)', () => {
  it(`exists on PostgreSQL only; on SQLite the head is read on the process's own connection (${DIALECT})`, async () => {
    const feed = await startChangeFeed(t.db);
    if (DIALECT === 'sqlite') {
      expect(feed).toBeNull();
      expect(changeFeedOf(t.db)).toBeNull();
    } else {
      expect(feed?.isLive).toBe(true);
      expect(changeFeedOf(t.db)).toBe(feed);
      expect(feed?.knownHead()).toBe(await new ReadCache(t.db).stateOfDatabase());
    }
  });
});
