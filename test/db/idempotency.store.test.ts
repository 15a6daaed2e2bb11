import { toIsoOrNull } from '../../src/db/rows';
import { IdempotencyStore } from '../../src/http/idempotency.store';
import { freshDatabase, TestDb } from '../support/db';
import { DAY, MINUTE } from '../support/stores';

// IdempotencyStore (ADR 0013) on each database: a claim per (user, key), marked committed with the
// write it guards, settled with the answer, purged when old or abandoned. The table stands alone
// (no foreign keys), so a bare migrated database is enough.

let t: TestDb;
let store: IdempotencyStore;
beforeAll(async () => {
  t = await freshDatabase();
  store = new IdempotencyStore(t.db);
});
afterAll(() => t.destroy());

const USER = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const AT = new Date('2026-03-02T01:00:00.000Z');

const mark = (key: string, objectId: string, at: Date, user = USER) =>
  t.db.transaction((trx) => store.markCommitted(trx, user, key, 'sharing_request', objectId, at.toISOString()));

describe('claim', () => {
  it('claims a key once per user; a second claim of the same key is refused and changes nothing', async () => {
    expect(await store.claim(USER, 'claim-1', 'print-a', AT, false)).toBe(true);
    expect(await store.claim(USER, 'claim-1', 'print-b', new Date(AT.getTime() + MINUTE), false)).toBe(false);
    expect(await store.find(USER, 'claim-1')).toMatchObject({ fingerprint: 'print-a', createdAt: AT, statusCode: null, committedAt: null });
    // Keys are per user.
    expect(await store.claim(OTHER, 'claim-1', 'print-c', AT, false)).toBe(true);
    expect(await store.find(USER, 'no-such-key')).toBeNull();
  });

  it('replaces a stale record of the key when told to', async () => {
    const later = new Date(AT.getTime() + DAY);
    expect(await store.claim(USER, 'claim-1', 'print-d', later, true)).toBe(true);
    expect(await store.find(USER, 'claim-1')).toMatchObject({ fingerprint: 'print-d', createdAt: later });
    expect(await store.find(OTHER, 'claim-1')).toMatchObject({ fingerprint: 'print-c' });
  });
});

describe('markCommitted', () => {
  it('names the object of the first event of the write; a later event of the same write changes nothing', async () => {
    await store.claim(USER, 'commit-1', 'print', AT, false);
    const first = new Date(AT.getTime() + MINUTE);
    await mark('commit-1', 'request-1', first);
    await t.db.transaction((trx) =>
      store.markCommitted(trx, USER, 'commit-1', 'grant', 'grant-1', new Date(AT.getTime() + 2 * MINUTE).toISOString()),
    );
    const claim = (await store.find(USER, 'commit-1'))!;
    expect({ ...claim, committedAt: toIsoOrNull(claim.committedAt) }).toMatchObject({
      committedAt: first.toISOString(),
      objectType: 'sharing_request',
      objectId: 'request-1',
    });
  });

  it('commits with the write: a write rolled back leaves the claim unmarked', async () => {
    await store.claim(USER, 'commit-2', 'print', AT, false);
    await expect(
      t.db.transaction(async (trx) => {
        await store.markCommitted(trx, USER, 'commit-2', 'sharing_request', 'request-2', AT.toISOString());
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(await store.find(USER, 'commit-2')).toMatchObject({ committedAt: null, objectType: null, objectId: null });
  });
});

describe('settle', () => {
  it("keeps a success's status and body, and no body when given none", async () => {
    await store.claim(USER, 'settle-1', 'print', AT, false);
    await store.settle(USER, 'settle-1', 201, '{"id":"made"}');
    expect(await store.find(USER, 'settle-1')).toMatchObject({ statusCode: 201, responseJson: '{"id":"made"}' });
    await store.claim(USER, 'settle-2', 'print', AT, false);
    await store.settle(USER, 'settle-2', 201, null);
    expect(await store.find(USER, 'settle-2')).toMatchObject({ statusCode: 201, responseJson: null });
  });

  it('releases the claim of a failed attempt that never committed, so a retry can claim the key again', async () => {
    await store.claim(USER, 'settle-3', 'print', AT, false);
    await store.settle(USER, 'settle-3', 422, '{"code":"invalid"}');
    expect(await store.find(USER, 'settle-3')).toBeNull();
    expect(await store.claim(USER, 'settle-3', 'print', AT, false)).toBe(true);
  });

  it('keeps the claim of a failed answer whose write committed (it happened), without recording the failure', async () => {
    await store.claim(USER, 'settle-4', 'print', AT, false);
    await mark('settle-4', 'request-4', AT);
    await store.settle(USER, 'settle-4', 500, '{"code":"internal"}');
    expect(await store.find(USER, 'settle-4')).toMatchObject({ statusCode: null, responseJson: null, objectId: 'request-4' });
  });
});

describe('purge', () => {
  it('deletes the records older than kept and the claims abandoned uncommitted, and says how many', async () => {
    await t.db('idempotency_keys').delete();
    const now = new Date('2026-06-01T00:00:00.000Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const claimAt = (key: string, at: Date) => store.claim(USER, key, 'print', at, false);
    // Older than a day: gone whatever their state.
    await claimAt('old-settled', ago(2 * DAY));
    await store.settle(USER, 'old-settled', 200, '{}');
    await claimAt('old-committed', ago(2 * DAY));
    await mark('old-committed', 'request-old', ago(2 * DAY));
    // An hour old: kept when answered or committed; abandoned (and gone) when neither.
    await claimAt('settled', ago(60 * MINUTE));
    await store.settle(USER, 'settled', 200, '{}');
    await claimAt('committed', ago(60 * MINUTE));
    await mark('committed', 'request-new', ago(60 * MINUTE));
    await claimAt('abandoned', ago(60 * MINUTE));
    // A minute old and unanswered: still in flight.
    await claimAt('in-flight', ago(MINUTE));

    expect(await store.purge(now, DAY, 10 * MINUTE)).toBe(3);
    const left: Array<{ idempotency_key: string }> = await t.db('idempotency_keys').select('idempotency_key');
    expect(left.map((r) => r.idempotency_key).sort()).toEqual(['committed', 'in-flight', 'settled']);
    expect(await store.purge(now, DAY, 10 * MINUTE)).toBe(0);
  });
});
