import request from 'supertest';
import { expectProblem, collectPages } from '../support/assertions';
import { ActorKey, completeEntry, createWorld, World } from '../support/world';

// listAuditEvents by time: occurredFrom is inclusive, occurredTo exclusive (a week is
// [Monday 00:00, next Monday 00:00) Beijing time), with the other filters and cursor paging,
// newest first; a reversed range is 422; a department still reads only its own events.

// Beijing's 3 March 2026 is [2026-03-02T16:00Z, 2026-03-03T16:00Z).
const DAY_FROM = '2026-03-03T00:00:00+08:00';
const DAY_TO = '2026-03-04T00:00:00+08:00';

describe('the audit trail by time', () => {
  let w: World;
  const id: Record<string, string> = {};

  async function entryAt(actor: ActorKey, at: string, key: string): Promise<void> {
    w.clock.set(new Date(at));
    id[key] = (
      await w
        .as(actor)
        .post('/api/v1/resources')
        .send(completeEntry({ name: `审计时段目录${key}` }))
        .expect(201)
    ).body.id;
  }

  beforeAll(async () => {
    w = await createWorld();
    await entryAt('police', '2026-03-02T15:59:59.999Z', 'A'); // the last moment of 2 March: before
    await entryAt('police', '2026-03-02T16:00:00.000Z', 'B'); // 3 March 00:00: the first moment inside
    // B is edited inside the day, so the day holds two events about B.
    w.clock.set(new Date('2026-03-03T02:00:00.000Z'));
    const b = await w.as('police').get(`/api/v1/resources/${id.B}`).expect(200);
    await w
      .as('police')
      .patch(`/api/v1/resources/${id.B}`)
      .set('If-Match', b.headers.etag ?? '*')
      .send({ summary: '当日修改' })
      .expect(200);
    await entryAt('civil', '2026-03-03T04:00:00.000Z', 'C'); // inside, another department's
    await entryAt('police', '2026-03-03T15:59:59.999Z', 'D'); // the last moment inside
    await entryAt('police', '2026-03-03T16:00:00.000Z', 'E'); // 4 March 00:00: the end, excluded
  });
  afterAll(async () => {
    await w.destroy();
  });

  const created = async (actor: ActorKey, query: Record<string, string>): Promise<string[]> => {
    const res = await w
      .as(actor)
      .get('/api/v1/audit-events')
      .query({ action: 'resource.created', limit: '100', ...query })
      .expect(200);
    return res.body.items.map((e: { objectId: string }) => e.objectId);
  };

  it('includes the first moment and excludes the end, newest first', async () => {
    expect(await created('auditor', { occurredFrom: DAY_FROM, occurredTo: DAY_TO })).toEqual([id.D, id.C, id.B]);
    // The same instants written in UTC, and to the millisecond, give the same events.
    expect(await created('bureau', { occurredFrom: '2026-03-02T16:00:00Z', occurredTo: '2026-03-03T15:59:59.999Z' })).toEqual([id.C, id.B]);
    expect(await created('auditor', { occurredFrom: '2026-03-02T16:00:00.001Z', occurredTo: DAY_TO })).toEqual([id.D, id.C]);
  });

  it('takes either end alone', async () => {
    expect(await created('auditor', { occurredFrom: DAY_FROM })).toEqual([id.E, id.D, id.C, id.B]);
    expect(await created('auditor', { occurredTo: DAY_FROM })).toEqual([id.A]);
    expect(await created('auditor', { occurredTo: '2026-03-02T15:59:59.999Z' })).toEqual([]);
  });

  it('combines with the other filters and pages by cursor, newest first', async () => {
    const range = `occurredFrom=${encodeURIComponent(DAY_FROM)}&occurredTo=${encodeURIComponent(DAY_TO)}`;
    const paged = await collectPages<{ objectId: string; action: string; occurredAt: string }>(
      w.as('auditor'),
      `/api/v1/audit-events?${range}`,
      1,
    );
    expect(paged.map((e) => `${e.action} ${e.objectId}`)).toEqual([
      `resource.created ${id.D}`,
      `resource.created ${id.C}`,
      `resource.updated ${id.B}`,
      `resource.created ${id.B}`,
    ]);
    const aboutB = await collectPages<{ action: string }>(w.as('auditor'), `/api/v1/audit-events?${range}&objectId=${id.B}`, 1);
    expect(aboutB.map((e) => e.action)).toEqual(['resource.updated', 'resource.created']);
    const byCivil = await collectPages<{ objectId: string }>(
      w.as('auditor'),
      `/api/v1/audit-events?${range}&departmentId=${w.departmentId.civil}`,
      1,
    );
    expect(byCivil.map((e) => e.objectId)).toEqual([id.C]);
    expect(await created('auditor', { occurredFrom: DAY_FROM, occurredTo: DAY_TO, objectId: id.E })).toEqual([]);
    // A cursor from the first page, with the range kept, goes on inside the range.
    const first = await w.as('auditor').get(`/api/v1/audit-events?${range}&limit=2`).expect(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await w
      .as('auditor')
      .get(`/api/v1/audit-events?${range}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
      .expect(200);
    expect(second.body.items.map((e: { action: string; objectId: string }) => `${e.action} ${e.objectId}`)).toEqual([
      `resource.updated ${id.B}`,
      `resource.created ${id.B}`,
    ]);
    expect(second.body.nextCursor).toBeNull();
    // A ranged page is ordered by time (the index's order), so a cursor of the unranged list,
    // ordered by sequence, is not one of its cursors.
    const unranged = await w.as('auditor').get('/api/v1/audit-events?limit=1').expect(200);
    expectProblem(
      await w.as('auditor').get(`/api/v1/audit-events?${range}&cursor=${encodeURIComponent(unranged.body.nextCursor)}`),
      400,
      'invalid_cursor',
    );
  });

  it('refuses a reversed range with 422 naming occurredTo, and answers an empty one with no events', async () => {
    for (const actor of ['auditor', 'bureau', 'police', 'edu'] as const) {
      const res = await w.as(actor).get('/api/v1/audit-events').query({ occurredFrom: DAY_TO, occurredTo: DAY_FROM });
      expectProblem(res, 422, 'time_range_reversed');
      expect(res.body.detail).toMatch(/早于开始时刻/);
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'occurredTo', code: 'time_range_reversed' })]);
    }
    // One millisecond reversed, written with two offsets, is still reversed.
    expectProblem(
      await w.as('auditor').get('/api/v1/audit-events').query({ occurredFrom: DAY_FROM, occurredTo: '2026-03-02T15:59:59.999Z' }),
      422,
      'time_range_reversed',
    );
    expect(await created('auditor', { occurredFrom: DAY_FROM, occurredTo: '2026-03-02T16:00:00Z' })).toEqual([]);
  });

  it('refuses what is not an instant', async () => {
    for (const bad of ['2026-03-03', '2026-03-03T00:00:00', '2016-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '上周'])
      expectProblem(await w.as('auditor').get('/api/v1/audit-events').query({ occurredFrom: bad }), 400, 'invalid_query');
  });

  it('keeps who reads what as before: a department its own events in the range, no one unsigned', async () => {
    const range = { occurredFrom: DAY_FROM, occurredTo: DAY_TO };
    expect(await created('police', range)).toEqual([id.D, id.B]);
    expect(await created('police2', range)).toEqual([id.D, id.B]);
    expect(await created('civil', range)).toEqual([id.C]);
    expect(await created('edu', range)).toEqual([]);
    // Asking for another department's events narrows, it does not widen.
    expect(await created('police', { ...range, departmentId: w.departmentId.civil })).toEqual([]);
    const anonymous = await request(w.app).get('/api/v1/audit-events').query(range);
    expectProblem(anonymous, 401, 'unauthenticated');
  });

  // Last, as it adds an event: one recorded after the others with an earlier time (a clock that
  // crossed another writer's) is placed by its time in a range, by its place in the chain without.
  it('orders a range by occurrence time, the unranged trail by sequence', async () => {
    await entryAt('police', '2026-03-03T01:00:00.000Z', 'F');
    expect(await created('auditor', { occurredFrom: DAY_FROM, occurredTo: DAY_TO })).toEqual([id.D, id.C, id.F, id.B]);
    expect((await created('auditor', {})).slice(0, 3)).toEqual([id.F, id.E, id.D]);
  });
});
