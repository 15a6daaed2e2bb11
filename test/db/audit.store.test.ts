import { PageRequest } from '../../src/db/pagination';
import { AuditEvent, AuditFilter, AuditStore } from '../../src/modules/audit/audit.store';
import { everyPage, MINUTE } from '../support/stores';
import { completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// AuditStore on each database: the events are recorded by the API's own writes, then the trail is
// read through the store, scoped to a department the way the audit service scopes a non-bureau
// caller.

let w: World;
const store = new AuditStore();
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

describe('list', () => {
  // E: police's entry; S: edu's request, submitted later; K: edu's draft that stays one (until the
  // last test); X: edu's draft cancelled unsubmitted; C: civil's own draft entry.
  const ids: Record<'E' | 'S' | 'K' | 'X' | 'C', string> = {} as never;
  const label = new Map<string, string>();

  beforeAll(async () => {
    const step = () => w.clock.advance(MINUTE);
    ids.E = (await publishEntry(w, { name: '审计测试-公安目录' })).id;
    step();
    const draft = async () =>
      (await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(ids.E)).expect(201)).body.id as string;
    ids.S = await draft();
    step();
    ids.K = await draft();
    step();
    ids.X = await draft();
    step();
    await w.as('edu').post(`/api/v1/sharing-requests/${ids.X}/cancel`).expect(200);
    step();
    await w.as('edu').post(`/api/v1/sharing-requests/${ids.S}/submit`).expect(200);
    step();
    ids.C = (
      await w
        .as('civil')
        .post('/api/v1/resources')
        .send(completeEntry({ name: '审计测试-民政草稿' }))
        .expect(201)
    ).body.id;
    for (const [name, id] of Object.entries(ids)) label.set(id, name);
  });

  /** The trail as `scope` may read it (null: all of it), as "action object" from newest to oldest. */
  async function trail(scope: string | null, filter: Omit<AuditFilter, 'limit' | 'cursor'> = {}, limit = 3): Promise<string[]> {
    const { items } = await everyPage((page: PageRequest) => store.list(w.db, { ...filter, ...page }, scope), limit);
    return items.map((e: AuditEvent) => `${e.action} ${label.get(e.objectId) ?? e.objectId}`);
  }

  it('reads the whole trail unscoped, newest first, the same a page at a time as all at once', async () => {
    const whole = await trail(null, {}, 100);
    expect(whole).toEqual([
      'resource.created C',
      'sharing_request.submitted S',
      'sharing_request.cancelled X',
      'sharing_request.created X',
      'sharing_request.created K',
      'sharing_request.created S',
      'resource.published E',
      'resource.submitted E',
      'resource.created E',
    ]);
    for (const limit of [1, 2, 4]) expect({ limit, events: await trail(null, {}, limit) }).toEqual({ limit, events: whole });
    // Newest first by the chain's sequence, which never repeats: times may tie, sequences may not.
    const { items } = await store.list(w.db, { limit: 100 }, null);
    const seq = await Promise.all(items.map(async (e) => Number((await w.db('audit_events').where({ id: e.id }).first()).seq)));
    expect(seq).toEqual([...seq].sort((a, b) => b - a));
    expect(new Set(seq).size).toBe(seq.length);
  });

  it("gives the producer its entry's events and a request's events once it is submitted, never a draft's", async () => {
    expect(await trail(w.departmentId.police)).toEqual([
      'sharing_request.submitted S',
      'sharing_request.created S',
      'resource.published E',
      'resource.submitted E',
      'resource.created E',
    ]);
  });

  it('gives the consumer every event of its own requests, drafts included, and nothing of entries it merely requested', async () => {
    expect(await trail(w.departmentId.edu)).toEqual([
      'sharing_request.submitted S',
      'sharing_request.cancelled X',
      'sharing_request.created X',
      'sharing_request.created K',
      'sharing_request.created S',
    ]);
  });

  it("gives a department with no part in them none of the others' events; the bureau's department what it caused", async () => {
    expect(await trail(w.departmentId.civil)).toEqual(['resource.created C']);
    expect(await trail(w.departmentId.bureau)).toEqual(['resource.published E']);
  });

  it('applies the filters within the scope', async () => {
    expect(await trail(w.departmentId.police, { action: 'resource.created' })).toEqual(['resource.created E']);
    expect(await trail(null, { objectType: 'sharing_request', objectId: ids.S })).toEqual([
      'sharing_request.submitted S',
      'sharing_request.created S',
    ]);
    expect(await trail(w.departmentId.police, { objectId: ids.K })).toEqual([]);
    expect(await trail(w.departmentId.police, { userId: w.userId.edu })).toEqual([
      'sharing_request.submitted S',
      'sharing_request.created S',
    ]);
    expect(await trail(null, { departmentId: w.departmentId.civil })).toEqual(['resource.created C']);
  });

  it("opens a request's earlier events to its producer once it is submitted", async () => {
    w.clock.advance(MINUTE);
    await w.as('edu').post(`/api/v1/sharing-requests/${ids.K}/submit`).expect(200);
    expect(await trail(w.departmentId.police, { objectId: ids.K })).toEqual(['sharing_request.submitted K', 'sharing_request.created K']);
    // The draft cancelled unsubmitted stays the consumer's own.
    expect(await trail(w.departmentId.police, { objectId: ids.X })).toEqual([]);
  });
});

describe('checkpoints', () => {
  const checkpoint = (n: number) => ({
    eventSeq: n * 10,
    headHash: String(n).repeat(64),
    signedAt: new Date(Date.UTC(2026, 2, 2, n)).toISOString(),
    keyId: `key-${n}`,
    signature: `signature-${n}`,
  });

  it('stores checkpoints with a new id each, and reads them oldest first, or the newest few newest first', async () => {
    expect(await store.checkpoints(w.db)).toEqual([]);
    const made = [];
    for (const n of [1, 2, 3]) made.push(await w.db.transaction((trx) => store.insertCheckpoint(trx, checkpoint(n))));
    expect(made.map(({ id: _id, ...c }) => c)).toEqual([checkpoint(1), checkpoint(2), checkpoint(3)]);
    expect(made[0].id).toBeLessThan(made[1].id);
    expect(made[1].id).toBeLessThan(made[2].id);
    expect(await store.checkpoints(w.db)).toEqual(made);
    expect(await store.checkpoints(w.db, 2)).toEqual([made[2], made[1]]);
    expect(await store.checkpoints(w.db, 10)).toEqual([made[2], made[1], made[0]]);
  });
});
