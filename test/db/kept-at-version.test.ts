import { randomUUID } from 'node:crypto';
import { ResourceStore } from '../../src/modules/resources/resources.store';
import { completeEntry, createWorld, publishEntry, World } from '../support/world';

// The entries the sharing rules check requests against, kept beside their row version
// (ResourceStore.findForRules over src/db/kept-at-version.ts): an entry is read in full again
// exactly when it has changed, inside the caller's transaction.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

/** A store that counts full reads, on the real database. */
class CountingStore extends ResourceStore {
  fullReads = 0;
  override async findWithVersion(...args: Parameters<ResourceStore['findWithVersion']>) {
    this.fullReads++;
    return super.findWithVersion(...args);
  }
}

describe('entries kept at their row version', () => {
  it('keeps an entry while its version stands and reads it again once it changed', async () => {
    const entry = await publishEntry(w, { name: '机动车登记信息', categoryCode: '301' });
    const store = new CountingStore();

    const first = await w.db.transaction((trx) => store.findForRules(trx, entry.id));
    expect(first?.items.map((i) => i.name)).toEqual((completeEntry().items as Array<{ name: string }>).map((i) => i.name));
    const again = await w.db.transaction((trx) => store.findForRules(trx, entry.id));
    expect(again).toBe(first);
    expect(store.fullReads).toBe(1);

    // Changed through the API (a new item): the version moves, the next find reads it in full.
    await w
      .as('police')
      .patch(`/api/v1/resources/${entry.id}`)
      .set('If-Match', '*')
      .send({
        changeReason: '增加数据项',
        items: [...(completeEntry().items as object[]), { name: '号牌号码', dataType: 'C' }],
      })
      .expect(200);
    const edited = await w.db.transaction((trx) => store.findForRules(trx, entry.id));
    expect(edited?.items.map((i) => i.name)).toContain('号牌号码');
    expect(store.fullReads).toBe(2);

    await w.as('police').post(`/api/v1/resources/${entry.id}/withdraw`).send({ reason: '系统下线' }).expect(200);
    expect((await store.findForRules(w.db, entry.id))?.status).toBe('withdrawn');
    expect(store.fullReads).toBe(3);
  });

  it('answers null for an entry that does not exist, and keeps nothing for it', async () => {
    const store = new CountingStore();
    const id = randomUUID();
    expect(await store.findForRules(w.db, id)).toBeNull();
    expect(await store.findForRules(w.db, id)).toBeNull();
    expect(store.fullReads).toBe(2);
  });
});
