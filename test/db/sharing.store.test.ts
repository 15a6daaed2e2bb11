import { randomUUID } from 'node:crypto';
import { PageRequest } from '../../src/db/pagination';
import { requestRestriction } from '../../src/domain/visibility';
import {
  GrantFilters,
  RequestFilters,
  RequestSort,
  SharingStore,
  toGrantRecord,
  toRequestRecord,
} from '../../src/modules/sharing/sharing.store';
import { DIALECT } from '../support/db';
import { actorOf, DAY, everyPage, idsOf, MINUTE } from '../support/stores';
import { ActorKey, createWorld, publishEntry, sharingRequestBody, START, World } from '../support/world';

// SharingStore on each database: the requests and grants are made through the API, then the store
// is asked directly. The describes run in order and each makes its own data after the previous
// ones' tests, so the lists and counts of the first ones see exactly the requests made for them.

let w: World;
const store = new SharingStore();
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

type Consumer = 'edu' | 'civil' | 'police';

async function file(who: Consumer, resourceId: string, submit: boolean, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await w
    .as(who)
    .post('/api/v1/sharing-requests')
    .send({ ...sharingRequestBody(resourceId, overrides), submit })
    .expect(201);
  return res.body.id;
}

async function act(who: ActorKey, id: string, action: string, body: object = {}) {
  return (await w.as(who).post(`/api/v1/sharing-requests/${id}/${action}`).send(body).expect(200)).body;
}

async function requestRow(id: string) {
  return (await store.findRequestRow(w.db, id))!;
}

const sorted = (ids: string[]) => [...ids].sort();

// The requests of the first two describes, by the names used below: A approved, E rejected then
// escalated, R rejected, P1–P4 pending, D a draft, DC a draft cancelled unsubmitted, C cancelled
// after submission. Police and civil each own one conditional entry.
const r: Record<'A' | 'E' | 'P1' | 'R' | 'D' | 'DC' | 'P2' | 'P3' | 'P4' | 'C', string> = {} as never;
let policeEntry: string;
let civilEntry: string;

beforeAll(async () => {
  policeEntry = (await publishEntry(w, { name: '共享库测试-公安目录' })).id;
  civilEntry = (await publishEntry(w, { name: '共享库测试-民政目录' }, 'civil')).id;
  // Day 0 (Mon 2 March): the first requests, a minute apart so every timestamp differs.
  w.clock.set(START);
  const step = () => w.clock.advance(MINUTE);
  r.A = await file('edu', policeEntry, true);
  step();
  r.E = await file('edu', policeEntry, true);
  step();
  r.P1 = await file('edu', policeEntry, true);
  step();
  r.R = await file('civil', policeEntry, true);
  step();
  r.D = await file('edu', policeEntry, false);
  step();
  r.DC = await file('edu', policeEntry, false);
  step();
  await act('edu', r.DC, 'cancel');
  // Day 3: requests due later than P1, and one cancelled after submission.
  w.clock.set(new Date(START.getTime() + 3 * DAY));
  r.P2 = await file('civil', policeEntry, true);
  step();
  r.P3 = await file('edu', civilEntry, true);
  step();
  r.P4 = await file('police', civilEntry, true);
  step();
  r.C = await file('edu', civilEntry, true);
  step();
  await act('edu', r.C, 'cancel');
  // Day 4: the answers.
  w.clock.set(new Date(START.getTime() + 4 * DAY));
  await act('police', r.A, 'approve');
  step();
  await act('police', r.E, 'reject', { reason: '不符合共享条件' });
  step();
  await act('edu', r.E, 'escalate', { reason: '依法应当共享' });
  step();
  await act('police', r.R, 'reject', { reason: '用途不明确' });
});

/** Every request `who` may list under the filters, following the cursor a few rows at a time. */
async function listed(who: ActorKey, f: RequestFilters = {}, now = w.clock.now(), sort: RequestSort = '-createdAt', limit = 3) {
  const seen = requestRestriction(actorOf(w, who));
  return idsOf((await everyPage((page: PageRequest) => store.listRequests(w.db, seen, f, sort, page, now), limit)).items);
}

/** The first instant at which P1 — due first — is overdue, and the others still are not. */
async function p1Overdue(): Promise<Date> {
  const dueAt = (id: string) => requestRow(id).then((row) => new Date(String(toRequestRecord(row).dueAt)));
  const at = new Date((await dueAt(r.P1)).getTime() + 1);
  for (const later of [r.P2, r.P3, r.P4]) expect((await dueAt(later)).getTime()).toBeGreaterThan(at.getTime());
  return at;
}

describe('listRequests', () => {
  it('lists what each caller may see: its own requests always, others once submitted, to their producer and the bureau', async () => {
    expect(sorted(await listed('edu'))).toEqual(sorted([r.A, r.E, r.P1, r.D, r.DC, r.P3, r.C]));
    expect(sorted(await listed('police'))).toEqual(sorted([r.A, r.E, r.P1, r.R, r.P2, r.P4]));
    expect(sorted(await listed('civil'))).toEqual(sorted([r.R, r.P2, r.P3, r.P4, r.C]));
    expect(sorted(await listed('bureau'))).toEqual(sorted([r.A, r.E, r.P1, r.R, r.P2, r.P3, r.P4, r.C]));
    // The auditor sits in the bureau's department without its role: no request is its department's.
    expect(await listed('auditor')).toEqual([]);
  });

  it('filters by side: incoming are the submitted requests for the own entries, outgoing the own requests, drafts included', async () => {
    expect(sorted(await listed('police', { side: 'incoming' }))).toEqual(sorted([r.A, r.E, r.P1, r.R, r.P2]));
    expect(await listed('police', { side: 'outgoing' })).toEqual([r.P4]);
    expect(sorted(await listed('edu', { side: 'outgoing' }))).toEqual(sorted([r.A, r.E, r.P1, r.D, r.DC, r.P3, r.C]));
    expect(await listed('edu', { side: 'incoming' })).toEqual([]);
    expect(sorted(await listed('civil', { side: 'incoming' }))).toEqual(sorted([r.P3, r.P4, r.C]));
  });

  it('filters by status within what the caller may see', async () => {
    expect(sorted(await listed('bureau', { status: ['pending'] }))).toEqual(sorted([r.P1, r.P2, r.P3, r.P4]));
    expect(sorted(await listed('bureau', { status: ['rejected', 'escalated'] }))).toEqual(sorted([r.E, r.R]));
    expect(sorted(await listed('edu', { status: ['draft', 'cancelled'] }))).toEqual(sorted([r.D, r.DC, r.C]));
    // Asking for drafts does not reach another department's.
    expect(await listed('police', { status: ['draft', 'cancelled'] })).toEqual([]);
  });

  it('tells overdue from not overdue at the given instant; a request due exactly now is not overdue yet', async () => {
    const at = await p1Overdue();
    const justDue = new Date(at.getTime() - 1);
    expect(await listed('bureau', { overdue: true }, justDue)).toEqual([]);
    expect(await listed('bureau', { overdue: true }, at)).toEqual([r.P1]);
    expect(sorted(await listed('bureau', { overdue: false }, at))).toEqual(sorted([r.A, r.E, r.R, r.P2, r.P3, r.P4, r.C]));
    // The two halves split the caller's list, drafts (never due) on the not-overdue side.
    expect(sorted(await listed('edu', { overdue: false }, at))).toEqual(sorted([r.A, r.E, r.D, r.DC, r.P3, r.C]));
  });

  it('filters by entry and by department (as either party), never widening what the caller may see', async () => {
    expect(sorted(await listed('bureau', { resourceId: civilEntry }))).toEqual(sorted([r.P3, r.P4, r.C]));
    expect(sorted(await listed('edu', { resourceId: civilEntry }))).toEqual(sorted([r.P3, r.C]));
    expect(sorted(await listed('bureau', { departmentId: w.departmentId.civil }))).toEqual(sorted([r.R, r.P2, r.P3, r.P4, r.C]));
    // Police may see only the civil requests it is a party to: P3 and C are edu's, asked of civil.
    expect(sorted(await listed('police', { departmentId: w.departmentId.civil }))).toEqual(sorted([r.R, r.P2, r.P4]));
  });

  it('orders by urgency: pending first by due date (then most recently changed), the rest most recently changed first', async () => {
    // P2–P4 were filed the same morning, so share a due date later than P1's.
    const due = await Promise.all([r.P1, r.P2, r.P3, r.P4].map(async (id) => String((await requestRow(id)).due_date)));
    expect(new Set(due.slice(1)).size).toBe(1);
    expect(due[0] < due[1]).toBe(true);
    expect(await listed('bureau', {}, w.clock.now(), 'urgency', 50)).toEqual([r.P1, r.P4, r.P3, r.P2, r.R, r.E, r.A, r.C]);
  });

  it('orders by last change and by creation, newest first', async () => {
    expect(await listed('bureau', {}, w.clock.now(), '-updatedAt', 50)).toEqual([r.R, r.E, r.A, r.C, r.P4, r.P3, r.P2, r.P1]);
    expect(await listed('bureau', {}, w.clock.now(), '-createdAt', 50)).toEqual([r.C, r.P4, r.P3, r.P2, r.R, r.P1, r.E, r.A]);
  });

  it.each(['urgency', '-updatedAt', '-createdAt'] as RequestSort[])(
    'pages through the %s order without repeating or skipping a request',
    async (sort) => {
      for (const who of ['bureau', 'edu'] as const) {
        const whole = await listed(who, {}, w.clock.now(), sort, 50);
        expect(whole.length).toBeGreaterThan(5);
        for (const limit of [1, 2, 3])
          expect({ who, limit, ids: await listed(who, {}, w.clock.now(), sort, limit) }).toEqual({ who, limit, ids: whole });
      }
    },
  );
});

describe('stats', () => {
  it('counts the submitted requests per department as producer and as consumer, and the totals, at the given instant', async () => {
    const at = await p1Overdue();
    const counts = (o: Partial<Record<string, number>>) => ({
      incomingPending: 0,
      incomingOverdue: 0,
      incomingApproved: 0,
      incomingRejected: 0,
      outgoingPending: 0,
      outgoingApproved: 0,
      outgoingRejected: 0,
      escalated: 0,
      ...o,
    });
    // Ordered by incoming overdue, then incoming pending; the bureau, party to no request, is absent.
    // Drafts count nowhere; C, cancelled after submission, in no column; E counts as rejected too.
    expect(await store.stats(w.db, at)).toEqual({
      departments: [
        {
          departmentId: w.departmentId.police,
          departmentName: '测试市公安局',
          ...counts({ incomingPending: 2, incomingOverdue: 1, incomingApproved: 1, incomingRejected: 2, escalated: 1, outgoingPending: 1 }),
        },
        {
          departmentId: w.departmentId.civil,
          departmentName: '测试市民政局',
          ...counts({ incomingPending: 2, outgoingPending: 1, outgoingRejected: 1 }),
        },
        {
          departmentId: w.departmentId.edu,
          departmentName: '测试市教育局',
          ...counts({ outgoingPending: 2, outgoingApproved: 1, outgoingRejected: 1 }),
        },
      ],
      totals: { pending: 4, overdue: 1, approved: 1, rejected: 2, escalated: 1 },
    });
    // Before P1 is due nothing is overdue.
    expect((await store.stats(w.db, new Date(at.getTime() - 1))).totals.overdue).toBe(0);
  });
});

describe('listGrants', () => {
  // gA: the grant of request A (police → edu, from the first describe). g1–g5 are granted by rule
  // on unconditional entries: g2's period ends on 10 March, g3 is revoked, g4's entry withdrawn.
  const g: Record<'A' | '1' | '2' | '3' | '4' | '5', string> = {} as never;
  let openEntry: string;

  beforeAll(async () => {
    w.clock.set(new Date(START.getTime() + 5 * DAY));
    const unconditional = { sharingType: 'unconditional', sharingConditions: null };
    openEntry = (await publishEntry(w, { name: '共享库测试-无条件目录', ...unconditional })).id;
    const withdrawn = (await publishEntry(w, { name: '共享库测试-将撤销目录', ...unconditional })).id;
    const civilOpen = (await publishEntry(w, { name: '共享库测试-民政无条件目录', ...unconditional }, 'civil')).id;
    const grantOf = async (requestId: string) => String((await requestRow(requestId)).grant_id);
    g.A = await grantOf(r.A);
    w.clock.advance(MINUTE);
    g['1'] = await grantOf(await file('edu', openEntry, true));
    w.clock.advance(MINUTE);
    g['2'] = await grantOf(await file('edu', openEntry, true, { periodEnd: '2026-03-10' }));
    w.clock.advance(MINUTE);
    g['3'] = await grantOf(await file('civil', openEntry, true));
    await w.as('police').post(`/api/v1/grants/${g['3']}/revoke`).send({ reason: '停止共享' }).expect(200);
    w.clock.advance(MINUTE);
    g['4'] = await grantOf(await file('edu', withdrawn, true));
    await w.as('police').post(`/api/v1/resources/${withdrawn}/withdraw`).send({ reason: '系统下线' }).expect(200);
    w.clock.advance(MINUTE);
    g['5'] = await grantOf(await file('police', civilOpen, true));
  });

  async function grants(departmentId: string | null, f: GrantFilters = {}, today = '2026-04-01', limit = 2) {
    return idsOf((await everyPage((page: PageRequest) => store.listGrants(w.db, departmentId, f, today, page), limit)).items);
  }

  it('lists every grant for the bureau, newest first, a page at a time without repeats or gaps', async () => {
    const newestFirst = [g['5'], g['4'], g['3'], g['2'], g['1'], g.A];
    expect(await grants(null, {}, '2026-04-01', 50)).toEqual(newestFirst);
    expect(await grants(null, {}, '2026-04-01', 1)).toEqual(newestFirst);
    expect(await grants(null, {}, '2026-04-01', 4)).toEqual(newestFirst);
  });

  it('restricts a department to the grants it is a party to, on either side, or on the side asked for', async () => {
    expect(sorted(await grants(w.departmentId.edu))).toEqual(sorted([g.A, g['1'], g['2'], g['4']]));
    expect(sorted(await grants(w.departmentId.civil))).toEqual(sorted([g['3'], g['5']]));
    expect(await grants(w.departmentId.bureau)).toEqual([]);
    expect(sorted(await grants(w.departmentId.police, { side: 'incoming' }))).toEqual(sorted([g.A, g['1'], g['2'], g['3'], g['4']]));
    expect(await grants(w.departmentId.police, { side: 'outgoing' })).toEqual([g['5']]);
    expect(sorted(await grants(w.departmentId.edu, { resourceId: openEntry }))).toEqual(sorted([g['1'], g['2']]));
  });

  it('derives active and expired from today; revoked and suspended are stored and never expire', async () => {
    expect(sorted(await grants(null, { status: ['active'] }))).toEqual(sorted([g.A, g['1'], g['5']]));
    expect(await grants(null, { status: ['expired'] })).toEqual([g['2']]);
    expect(await grants(null, { status: ['revoked'] })).toEqual([g['3']]);
    expect(await grants(null, { status: ['suspended'] })).toEqual([g['4']]);
    expect(sorted(await grants(null, { status: ['expired', 'revoked'] }))).toEqual(sorted([g['2'], g['3']]));
    // The last day of its period a grant is still active; the day after, expired.
    expect(await grants(w.departmentId.edu, { status: ['active'], resourceId: openEntry }, '2026-03-10')).toHaveLength(2);
    expect(await grants(w.departmentId.edu, { status: ['expired'] }, '2026-03-11')).toEqual([g['2']]);
    // After every period has ended, the grants stored active are expired; the others keep their status.
    expect(sorted(await grants(null, { status: ['expired'] }, '2027-01-01'))).toEqual(sorted([g.A, g['1'], g['2'], g['5']]));
    expect(await grants(null, { status: ['revoked', 'suspended'] }, '2027-01-01')).toEqual([g['4'], g['3']]);
  });
});

describe('entriesWithSharingOnFile and requestIdsOnFile', () => {
  let quietEntry: string;
  let untouchedEntry: string;

  beforeAll(async () => {
    // An entry with only a draft, a draft cancelled unsubmitted and a request cancelled once submitted.
    quietEntry = (await publishEntry(w, { name: '共享库测试-仅草稿目录' })).id;
    await file('edu', quietEntry, false);
    await act('edu', await file('edu', quietEntry, false), 'cancel');
    await act('edu', await file('edu', quietEntry, true), 'cancel');
    untouchedEntry = (await publishEntry(w, { name: '共享库测试-无人申请目录' })).id;
  });

  it('names the entries with a request past draft (not cancelled) or a grant on file', async () => {
    const asked = [policeEntry, civilEntry, quietEntry, untouchedEntry];
    expect(await store.entriesWithSharingOnFile(w.db, asked)).toEqual(new Set([policeEntry, civilEntry]));
    expect(await store.entriesWithSharingOnFile(w.db, [])).toEqual(new Set());
    // More ids than one IN list of the store takes (5,000): the entries are found in any chunk.
    const many = [...Array.from({ length: 6000 }, () => randomUUID()), quietEntry, civilEntry];
    expect(await store.entriesWithSharingOnFile(w.db, many)).toEqual(new Set([civilEntry]));
  });

  it('lists the requests on file for the entries, leaving out drafts and cancelled ones', async () => {
    expect(sorted(await store.requestIdsOnFile(w.db, [policeEntry]))).toEqual(sorted([r.A, r.E, r.P1, r.R, r.P2]));
    expect(sorted(await store.requestIdsOnFile(w.db, [civilEntry, quietEntry]))).toEqual(sorted([r.P3, r.P4]));
    expect(await store.requestIdsOnFile(w.db, [quietEntry, untouchedEntry])).toEqual([]);
    expect(await store.requestIdsOnFile(w.db, [])).toEqual([]);
  });
});

describe('guarded writes', () => {
  let openEntry: string;

  beforeAll(async () => {
    w.clock.set(new Date(START.getTime() + 8 * DAY));
    openEntry = (await publishEntry(w, { name: '共享库测试-授权操作目录', sharingType: 'unconditional', sharingConditions: null })).id;
  });

  const grantOf = async (requestId: string) => String((await requestRow(requestId)).grant_id);
  const grantRecord = async (id: string) => toGrantRecord((await store.findGrantRow(w.db, id))!);

  it('updateRequest at a stale version throws 409 concurrent_change and writes nothing; at the current one it writes', async () => {
    const id = await file('edu', policeEntry, true);
    const before = await requestRow(id);
    const version = Number(before.row_version);
    const changed = { ...toRequestRecord(before), purpose: '改写后的用途' };
    await expect(w.db.transaction((trx) => store.updateRequest(trx, changed, version - 1))).rejects.toMatchObject({
      status: 409,
      code: 'concurrent_change',
    });
    expect(await requestRow(id)).toEqual(before);
    await w.db.transaction((trx) => store.updateRequest(trx, changed, version));
    const after = await requestRow(id);
    expect({ purpose: after.purpose, rowVersion: Number(after.row_version) }).toEqual({ purpose: '改写后的用途', rowVersion: version + 1 });
  });

  it('setDeadline moves a pending request only, and raises its version', async () => {
    const pending = await file('edu', policeEntry, true);
    const answered = await file('edu', policeEntry, true);
    await act('police', answered, 'approve');
    const [pendingBefore, answeredBefore] = [await requestRow(pending), await requestRow(answered)];
    const dueAt = '2026-04-30T09:59:59.999Z';
    expect(await w.db.transaction((trx) => store.setDeadline(trx, pending, '2026-04-30', dueAt))).toBe(true);
    const moved = await requestRow(pending);
    expect({ dueDate: moved.due_date, dueAt: toRequestRecord(moved).dueAt, rowVersion: Number(moved.row_version) }).toEqual({
      dueDate: '2026-04-30',
      dueAt,
      rowVersion: Number(pendingBefore.row_version) + 1,
    });
    expect(await w.db.transaction((trx) => store.setDeadline(trx, answered, '2026-04-30', dueAt))).toBe(false);
    expect(await requestRow(answered)).toEqual(answeredBefore);
    expect(await w.db.transaction((trx) => store.setDeadline(trx, randomUUID(), '2026-04-30', dueAt))).toBe(false);
  });

  it('revokeGrant revokes an active grant once; a second revocation, or one of a suspended grant, changes nothing', async () => {
    const grant = await grantOf(await file('edu', openEntry, true));
    const at = w.clock.now().toISOString();
    expect(await w.db.transaction((trx) => store.revokeGrant(trx, grant, w.userId.police, '停止共享', at))).toBe(true);
    const revoked = await grantRecord(grant);
    expect(revoked).toMatchObject({ status: 'revoked', revokedBy: w.userId.police, revokeReason: '停止共享', revokedAt: at });
    const later = new Date(w.clock.now().getTime() + MINUTE).toISOString();
    expect(await w.db.transaction((trx) => store.revokeGrant(trx, grant, w.userId.bureau, '再次撤销', later))).toBe(false);
    expect(await grantRecord(grant)).toEqual(revoked);
  });

  it('suspendGrantsOfResource suspends the active grants of the entry only, returns them, and leaves revoked ones alone', async () => {
    const entry = (await publishEntry(w, { name: '共享库测试-中止目录', sharingType: 'unconditional', sharingConditions: null })).id;
    const first = await grantOf(await file('edu', entry, true));
    const revoked = await grantOf(await file('civil', entry, true));
    const second = await grantOf(await file('edu', entry, true));
    const elsewhere = await grantOf(await file('edu', openEntry, true));
    await w.as('police').post(`/api/v1/grants/${revoked}/revoke`).send({ reason: '停止共享' }).expect(200);
    const revokedBefore = await grantRecord(revoked);

    const at = new Date(w.clock.now().getTime() + MINUTE).toISOString();
    const suspended = await w.db.transaction((trx) => store.suspendGrantsOfResource(trx, entry, at));
    expect(sorted(suspended)).toEqual(sorted([first, second]));
    for (const id of [first, second]) expect(await grantRecord(id)).toMatchObject({ status: 'suspended', suspendedAt: at, updatedAt: at });
    expect(await grantRecord(revoked)).toEqual(revokedBefore);
    expect((await grantRecord(elsewhere)).status).toBe('active');
    // Nothing is left to suspend.
    expect(await w.db.transaction((trx) => store.suspendGrantsOfResource(trx, entry, at))).toEqual([]);
    // A suspended grant is not active either: it cannot be revoked.
    expect(await w.db.transaction((trx) => store.revokeGrant(trx, first, w.userId.bureau, '撤销', at))).toBe(false);
  });

  // PostgreSQL only: SQLite runs one transaction at a time, so no revocation can be in flight.
  if (DIALECT === 'postgres') {
    it('suspendGrantsOfResource waits for a revocation in flight, then neither suspends nor reports that grant (PostgreSQL)', async () => {
      const entry = (await publishEntry(w, { name: '共享库测试-并发中止目录', sharingType: 'unconditional', sharingConditions: null })).id;
      const racing = await grantOf(await file('edu', entry, true));
      const other = await grantOf(await file('civil', entry, true));
      const at = new Date(w.clock.now().getTime() + MINUTE).toISOString();
      const revoker = await w.db.transaction();
      let suspending: Promise<string[]>;
      try {
        expect(await store.revokeGrant(revoker, racing, w.userId.police, '停止共享', at)).toBe(true);
        suspending = w.db.transaction((trx) => store.suspendGrantsOfResource(trx, entry, at));
        const settled = await Promise.race([
          suspending.then(() => 'finished'),
          new Promise((done) => setTimeout(() => done('waiting'), 150)),
        ]);
        expect(settled).toBe('waiting');
        await revoker.commit();
      } catch (err) {
        await revoker.rollback();
        throw err;
      }
      expect(await suspending).toEqual([other]);
      expect((await grantRecord(racing)).status).toBe('revoked');
      expect((await grantRecord(other)).status).toBe('suspended');
    });
  }
});
