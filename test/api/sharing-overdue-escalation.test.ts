import { expectProblem } from '../support/assertions';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// A request left unanswered past its due date (逾期未答复) put before the bureau (提请协调), on
// each database, with the world's clock: only the requesting department, only once overdue; the
// bureau grants or orders an answer (责成答复, remand) with a new due date counted from its
// decision; a decision that does not fit the ground is refused. docs/sharing.md "Escalation".

let w: World;
let entry: string;

beforeAll(async () => {
  w = await createWorld();
  entry = (await publishEntry(w, { name: '户籍人口基本信息' })).id;
});
afterAll(async () => {
  await w.destroy();
});

const shanghai = (local: string) => new Date(`${local}+08:00`);

async function submitted(overrides: Record<string, unknown> = {}): Promise<{ id: string; dueDate: string; number: string }> {
  return (
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(entry, overrides), submit: true })
      .expect(201)
  ).body;
}

async function events(id: string): Promise<Array<{ action: string; details: Record<string, unknown> }>> {
  const rows = await w.db('audit_events').where({ object_id: id }).orderBy('seq');
  return rows.map((r: { action: string; details_json: string }) => ({ action: r.action, details: JSON.parse(r.details_json) }));
}

async function policeCounts() {
  const stats = (await w.as('bureau').get('/api/v1/sharing-requests/stats').expect(200)).body;
  return stats.departments.find((d: { departmentId: string }) => d.departmentId === w.departmentId.police);
}

describe('escalating an unanswered request', () => {
  it('is refused 422 not_overdue until the due date has passed, naming the last day to answer, and writes nothing', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const r = await submitted();
    expect(r.dueDate).toBe('2026-03-16');
    for (const now of ['2026-03-02T09:00:01', '2026-03-16T23:59:59']) {
      w.clock.set(shanghai(now));
      const before = await w.counts();
      const res = await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: '迟迟未答复' });
      expectProblem(res, 422, 'not_overdue');
      expect(res.body.detail).toBe(
        '申请尚未逾期，提供部门的答复期限至 2026年3月16日（含当日） (the request is not overdue yet; the producer may answer until the end of its due date)',
      );
      expect(await w.counts()).toEqual(before);
    }
    // A draft or an approved request has nothing to escalate: 409, as before.
    const draft = (await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(entry)).expect(201)).body;
    expectProblem(await w.as('edu').post(`/api/v1/sharing-requests/${draft.id}/escalate`).send({ reason: 'x' }), 409, 'invalid_state');
    await w.as('police').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}).expect(200);
    w.clock.set(shanghai('2026-03-20T09:00:00'));
    expectProblem(await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: 'x' }), 409, 'invalid_state');
  });

  it('once overdue: only the requesting department escalates; the producer then cannot answer, and the bureau cannot uphold', async () => {
    w.clock.set(shanghai('2026-03-02T10:00:00'));
    const r = await submitted();
    w.clock.set(shanghai('2026-03-17T00:00:01')); // the first second past Mon 2026-03-16
    expect((await w.as('edu').get(`/api/v1/sharing-requests/${r.id}`).expect(200)).body).toMatchObject({
      status: 'pending',
      overdue: true,
      escalationGround: null,
    });
    const before = await w.counts();
    const countsBefore = await policeCounts();
    const escalate = (actor: Parameters<World['as']>[0]) =>
      w.as(actor).post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: '逾期未答复，影响学籍注册' });
    expectProblem(await escalate('civil'), 404, 'not_found'); // another department: not even there
    expectProblem(await escalate('police'), 403, 'not_requester'); // the producer (a consumer too, of another department)
    expectProblem(await escalate('police2'), 403, 'not_requester');
    expectProblem(await escalate('bureau'), 403, 'role_required');
    expectProblem(await escalate('auditor'), 403, 'role_required');
    expect((await w.anonymous().post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: 'x' })).status).toBe(401);
    expect(await w.counts()).toEqual(before);

    const escalated = await escalate('edu').expect(200);
    expect(escalated.body).toMatchObject({
      status: 'escalated',
      escalationGround: 'overdue',
      escalationReason: '逾期未答复，影响学籍注册',
      escalatedAt: w.clock.now().toISOString(),
      decision: null,
      answeredAt: null,
      overdue: false,
      dueDate: '2026-03-16',
    });
    expect((await events(r.id)).at(-1)).toEqual({
      action: 'sharing_request.escalated',
      details: { from: 'pending', to: 'escalated', reason: '逾期未答复，影响学籍注册', ground: 'overdue', dueDate: '2026-03-16' },
    });
    // The bureau's counts: awaiting its decision, no longer pending nor overdue, and not a rejection.
    expect(await policeCounts()).toMatchObject({
      incomingPending: countsBefore.incomingPending - 1,
      incomingOverdue: countsBefore.incomingOverdue - 1,
      incomingRejected: countsBefore.incomingRejected,
      escalated: countsBefore.escalated + 1,
    });
    // On the bureau's list of disputes to decide.
    const bureauTodos = (await w.as('bureau').get('/api/v1/me/todos').expect(200)).body.items;
    expect(bureauTodos.map((t: { kind: string; objectId: string }) => [t.kind, t.objectId])).toContainEqual(['decide_dispute', r.id]);

    // While escalated, nobody else acts on it.
    const settled = await w.counts();
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}), 409, 'invalid_state');
    expectProblem(
      await w.as('police').post(`/api/v1/sharing-requests/${r.id}/reject`).send({ reason: '迟到的拒绝' }),
      409,
      'invalid_state',
    );
    expectProblem(await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/cancel`), 409, 'invalid_state');
    expectProblem(await escalate('edu'), 409, 'invalid_state');
    // Upholding needs a rejection: there is none.
    const uphold = await w.as('bureau').post(`/api/v1/sharing-requests/${r.id}/decide`).send({ decision: 'uphold', reason: '维持' });
    expectProblem(uphold, 422, 'decision_not_applicable');
    expect(uphold.body.detail).toContain('逾期未答复');
    expect(uphold.body.errors).toEqual([{ path: '/decision', code: 'decision_not_applicable', message: '可选裁决：责成授权、责成答复' }]);
    for (const actor of ['police', 'edu', 'auditor'] as const) {
      expectProblem(
        await w.as(actor).post(`/api/v1/sharing-requests/${r.id}/decide`).send({ decision: 'remand', reason: 'x' }),
        403,
        'role_required',
      );
    }
    expect(await w.counts()).toEqual(settled);

    // The bureau directs the grant.
    const granted = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${r.id}/decide`)
      .send({ decision: 'grant', reason: '属于履职必需，责成授权' })
      .expect(200);
    expect(granted.body).toMatchObject({
      status: 'approved',
      bureauDecision: 'grant',
      escalationGround: 'overdue',
      decision: null,
      grantId: expect.any(String),
    });
    expect((await w.as('edu').get(`/api/v1/grants/${granted.body.grantId}`).expect(200)).body).toMatchObject({
      grantedBy: 'bureau',
      status: 'active',
    });
    expect((await events(r.id)).slice(-1)[0]).toEqual({
      action: 'sharing_request.decided',
      details: { from: 'escalated', to: 'approved', decision: 'grant', reason: '属于履职必需，责成授权', ground: 'overdue' },
    });
  });
});

describe('the bureau orders an answer (责成答复)', () => {
  it('puts the request back to pending, due ten working days after the decision (across Spring Festival 2026); the producer answers', async () => {
    w.clock.set(shanghai('2026-01-19T09:00:00'));
    const r = await submitted({ periodStart: '2026-01-19' });
    // Mon 2026-01-19 → Jan 20–23, 26–30, Feb 2.
    expect(r.dueDate).toBe('2026-02-02');
    w.clock.set(shanghai('2026-02-10T09:30:00'));
    await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: '逾期未答复' }).expect(200);
    w.clock.set(shanghai('2026-02-10T10:00:00'));
    const remanded = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${r.id}/decide`)
      .send({ decision: 'remand', reason: '责成公安局在期限内答复' })
      .expect(200);
    // Decided Tue 2026-02-10, as docs/sharing.md's example: Feb 11, 12, 13, Sat 14 (调休上班); Feb 15–23
    // off; Feb 24, 25, 26, 27, Sat 28 (调休上班); Mon Mar 2.
    expect(remanded.body).toMatchObject({
      status: 'pending',
      bureauDecision: 'remand',
      bureauReason: '责成公安局在期限内答复',
      bureauDecidedAt: w.clock.now().toISOString(),
      escalationGround: 'overdue',
      dueDate: '2026-03-02',
      dueAt: '2026-03-02T15:59:59.999Z',
      dueDateProvisional: false,
      overdue: false,
      overdueWorkingDays: 0,
      answeredAt: null,
      grantId: null,
    });
    expect((await events(r.id)).slice(-1)[0]).toEqual({
      action: 'sharing_request.decided',
      details: {
        from: 'escalated',
        to: 'pending',
        decision: 'remand',
        reason: '责成公安局在期限内答复',
        ground: 'overdue',
        dueDate: '2026-03-02',
      },
    });
    // Back in the producer's inbox with its new date, and on its to-do list.
    const todo = (await w.as('police').get('/api/v1/me/todos').expect(200)).body.items.find(
      (t: { objectId: string }) => t.objectId === r.id,
    );
    expect(todo).toMatchObject({ kind: 'answer_request', dueDate: '2026-03-02', overdue: false });
    // Not overdue any more: escalating again waits for the new date.
    w.clock.set(shanghai('2026-02-11T09:00:00'));
    const early = await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: '仍未答复' });
    expectProblem(early, 422, 'not_overdue');
    expect(early.body.detail).toContain('提供部门的答复期限至 2026年3月2日（含当日）');
    // The producer answers within the new deadline: not late.
    const approved = await w.as('police').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decision: 'approved', answeredLate: false, bureauDecision: 'remand' });
  });

  it('a remanded request overdue again is escalated again; one rejected after the remand is escalated on the rejection', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const again = await submitted();
    const rejectedLater = await submitted();
    w.clock.set(shanghai('2026-03-17T09:00:00'));
    for (const r of [again, rejectedLater]) {
      await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: '逾期未答复' }).expect(200);
      const res = await w.as('bureau').post(`/api/v1/sharing-requests/${r.id}/decide`).send({ decision: 'remand', reason: '责成答复' });
      // Tue 2026-03-17 → Mar 18–20, 23–27, 30, 31.
      expect(res.status).toBe(200);
      expect(res.body.dueDate).toBe('2026-03-31');
    }
    // Overdue again: escalated again, and this time granted.
    w.clock.set(shanghai('2026-04-01T09:00:00'));
    const second = await w
      .as('edu')
      .post(`/api/v1/sharing-requests/${again.id}/escalate`)
      .send({ reason: '责成答复后仍未答复' })
      .expect(200);
    expect(second.body).toMatchObject({ status: 'escalated', escalationGround: 'overdue', escalationReason: '责成答复后仍未答复' });
    await w.as('bureau').post(`/api/v1/sharing-requests/${again.id}/decide`).send({ decision: 'grant', reason: '责成授权' }).expect(200);
    expect((await events(again.id)).map((e) => e.action)).toEqual([
      'sharing_request.created',
      'sharing_request.submitted',
      'sharing_request.escalated',
      'sharing_request.decided',
      'sharing_request.escalated',
      'sharing_request.decided',
    ]);

    // Rejected (late) after the remand: the ground is now the rejection, and remanding no longer applies.
    w.clock.set(shanghai('2026-03-20T09:00:00'));
    await w.as('police').post(`/api/v1/sharing-requests/${rejectedLater.id}/reject`).send({ reason: '暂不具备共享条件' }).expect(200);
    const onRejection = await w
      .as('edu')
      .post(`/api/v1/sharing-requests/${rejectedLater.id}/escalate`)
      .send({ reason: '依法应当共享' })
      .expect(200);
    expect(onRejection.body).toMatchObject({ status: 'escalated', escalationGround: 'rejection' });
    const before = await w.counts();
    const remand = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${rejectedLater.id}/decide`)
      .send({ decision: 'remand', reason: '责成答复' });
    expectProblem(remand, 422, 'decision_not_applicable');
    expect(remand.body.detail).toContain('不能责成答复');
    expect(await w.counts()).toEqual(before);
    const upheld = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${rejectedLater.id}/decide`)
      .send({ decision: 'uphold', reason: '提供部门理由成立' })
      .expect(200);
    expect(upheld.body).toMatchObject({ status: 'rejection_upheld', bureauDecision: 'uphold', escalationGround: 'rejection' });
  });

  it("counts a remanded request's deadline from the decision when the bureau enters the next year's holidays", async () => {
    w.clock.set(shanghai('2026-12-01T09:00:00'));
    const r = await submitted({ periodStart: '2026-12-01', periodEnd: '2027-06-30' });
    expect(r.dueDate).toBe('2026-12-15');
    w.clock.set(shanghai('2026-12-21T09:00:00'));
    await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: '逾期未答复' }).expect(200);
    const remanded = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${r.id}/decide`)
      .send({ decision: 'remand', reason: '责成答复' })
      .expect(200);
    // Without a 2027 arrangement only weekends are off: Dec 22–25, 28–31, Jan 1, 4.
    expect(remanded.body).toMatchObject({ dueDate: '2027-01-04', dueDateProvisional: true });
    await w
      .as('bureau')
      .put('/api/v1/calendar/years/2027')
      .send({
        source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
        holidays: [{ name: '元旦', start: '2027-01-01', end: '2027-01-03' }],
        workdays: [],
      })
      .expect(200);
    // Jan 1 off: Dec 22–25, 28–31, Jan 4, 5 — still counted from the decision, not from the submission.
    expect((await w.as('edu').get(`/api/v1/sharing-requests/${r.id}`).expect(200)).body).toMatchObject({
      status: 'pending',
      dueDate: '2027-01-05',
      dueAt: '2027-01-05T15:59:59.999Z',
      dueDateProvisional: false,
    });
  });
});
