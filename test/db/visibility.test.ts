import { Actor } from '../../src/domain/actor';
import { canSeeEntry, canSeeRequest } from '../../src/domain/visibility';
import { ACTORS, ActorKey, completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Each visibility rule lives once in src/domain/visibility.ts and is applied twice: in memory for
// one object (a read by id) and as SQL by a store (a list or search). Here both are asked about
// every object of every state, for every kind of caller, and must agree with the rule — on each
// database, since the SQL runs there.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

const CALLERS: ActorKey[] = ['bureau', 'auditor', 'police', 'civil', 'edu'];
const actorOf = (key: ActorKey): Actor => ({
  userId: w.userId[key],
  userName: key,
  departmentId: w.departmentId[ACTORS[key].department as keyof World['departmentId']],
  roles: ACTORS[key].roles,
  requestId: null,
  clientAddress: null,
});

describe('who may see an entry', () => {
  const ENTRY_STATUSES = ['draft', 'submitted', 'returned', 'published', 'withdrawn'] as const;
  const made: Array<{ id: string; status: string; departmentId: string }> = [];

  beforeAll(async () => {
    for (const producer of ['police', 'civil'] as const) {
      for (const status of ENTRY_STATUSES) {
        const name = `可见性目录-${producer}-${status}`;
        let id: string;
        if (status === 'published' || status === 'withdrawn') {
          id = (await publishEntry(w, { name }, producer)).id;
          if (status === 'withdrawn')
            await w.as(producer).post(`/api/v1/resources/${id}/withdraw`).send({ reason: '停止维护' }).expect(200);
        } else {
          id = (await w.as(producer).post('/api/v1/resources').send(completeEntry({ name })).expect(201)).body.id;
          if (status !== 'draft') await w.as(producer).post(`/api/v1/resources/${id}/submit`).expect(200);
          if (status === 'returned') await w.as('bureau').post(`/api/v1/resources/${id}/return`).send({ reason: '请补充' }).expect(200);
        }
        made.push({ id, status, departmentId: w.departmentId[producer] });
      }
    }
  });

  it.each(CALLERS)('%s: the search (SQL) and the read by id (in memory) both follow canSeeEntry, state by state', async (caller) => {
    const actor = actorOf(caller);
    for (const status of ENTRY_STATUSES) {
      const found = await w.as(caller).get(`/api/v1/resources?status=${status}&q=可见性目录&limit=100`).expect(200);
      const listed = new Set(found.body.items.map((i: { id: string }) => i.id));
      for (const entry of made.filter((e) => e.status === status)) {
        const rule = canSeeEntry(actor, entry);
        const read = (await w.as(caller).get(`/api/v1/resources/${entry.id}`)).status;
        expect({ caller, status, department: entry.departmentId, listed: listed.has(entry.id), read }).toEqual({
          caller,
          status,
          department: entry.departmentId,
          listed: rule,
          read: rule ? 200 : 404,
        });
      }
    }
  });
});

describe('who may see a sharing request', () => {
  const made: Array<{ id: string; state: string }> = [];

  beforeAll(async () => {
    const entry = await publishEntry(w, { name: '可见性申请目录' });
    const file = async (who: 'edu' | 'civil', submit: boolean) =>
      (
        await w
          .as(who)
          .post('/api/v1/sharing-requests')
          .send({ ...sharingRequestBody(entry.id), submit })
          .expect(201)
      ).body.id as string;
    for (const consumer of ['edu', 'civil'] as const) {
      made.push({ id: await file(consumer, false), state: 'draft' });
      const cancelledDraft = await file(consumer, false);
      await w.as(consumer).post(`/api/v1/sharing-requests/${cancelledDraft}/cancel`).expect(200);
      made.push({ id: cancelledDraft, state: 'cancelled before submission' });
      made.push({ id: await file(consumer, true), state: 'pending' });
      const cancelledPending = await file(consumer, true);
      await w.as(consumer).post(`/api/v1/sharing-requests/${cancelledPending}/cancel`).expect(200);
      made.push({ id: cancelledPending, state: 'cancelled when pending' });
      const approved = await file(consumer, true);
      await w.as('police').post(`/api/v1/sharing-requests/${approved}/approve`).send({}).expect(200);
      made.push({ id: approved, state: 'approved' });
      const escalated = await file(consumer, true);
      await w.as('police').post(`/api/v1/sharing-requests/${escalated}/reject`).send({ reason: '不符合条件' }).expect(200);
      await w.as(consumer).post(`/api/v1/sharing-requests/${escalated}/escalate`).send({ reason: '依法应当共享' }).expect(200);
      made.push({ id: escalated, state: 'escalated' });
    }
  });

  it.each(CALLERS)('%s: the list (SQL) and the read by id (in memory) both follow canSeeRequest, state by state', async (caller) => {
    const actor = actorOf(caller);
    const listed = new Set<string>();
    for (let cursor: string | null = null, pages = 0; pages === 0 || cursor; pages++) {
      const url: string = `/api/v1/sharing-requests?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await w.as(caller).get(url).expect(200);
      for (const r of page.body.items) listed.add(r.id);
      cursor = page.body.nextCursor;
    }
    for (const request of made) {
      const row = await w.db('sharing_requests').where({ id: request.id }).first();
      const facts = {
        consumerDepartmentId: row.consumer_department_id,
        producerDepartmentId: row.producer_department_id,
        submittedAt: row.submitted_at ? String(row.submitted_at) : null,
      };
      const rule = canSeeRequest(actor, facts);
      const read = (await w.as(caller).get(`/api/v1/sharing-requests/${request.id}`)).status;
      expect({ caller, state: request.state, consumer: facts.consumerDepartmentId, listed: listed.has(request.id), read }).toEqual({
        caller,
        state: request.state,
        consumer: facts.consumerDepartmentId,
        listed: rule,
        read: rule ? 200 : 404,
      });
    }
  });

  it("the rule itself: drafts and drafts cancelled unsubmitted are the consumer's own; the rest is seen by the producer and the bureau", async () => {
    const visibleStates = async (caller: ActorKey) => {
      const actor = actorOf(caller);
      const states: string[] = [];
      for (const request of made) {
        const row = await w.db('sharing_requests').where({ id: request.id }).first();
        const mine = row.consumer_department_id === actor.departmentId ? 'own ' : '';
        const facts = {
          consumerDepartmentId: row.consumer_department_id,
          producerDepartmentId: row.producer_department_id,
          submittedAt: row.submitted_at,
        };
        if (canSeeRequest(actor, facts)) states.push(`${mine}${request.state}`);
      }
      return [...new Set(states)].sort();
    };
    const submitted = ['approved', 'cancelled when pending', 'escalated', 'pending'];
    expect(await visibleStates('police')).toEqual(submitted);
    expect(await visibleStates('bureau')).toEqual(submitted);
    expect(await visibleStates('auditor')).toEqual([]);
    expect(await visibleStates('edu')).toEqual([
      'own approved',
      'own cancelled before submission',
      'own cancelled when pending',
      'own draft',
      'own escalated',
      'own pending',
    ]);
  });
});
