import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem, NO_SUCH_ID } from '../support/assertions';
import { completeEntry, createWorld, publishEntry, sharingRequestBody as requestBody, World } from '../support/world';

// Sharing requests and grants through the API, on each database, with an injected clock.
// The world's clock starts Mon 2026-03-02 09:00 Asia/Shanghai (01:00 UTC).

let w: World;
let conditional: { id: string; code: string };
let unconditional: { id: string };
let notShared: { id: string };

beforeAll(async () => {
  w = await createWorld();
  conditional = await publishEntry(w, { name: '户籍人口基本信息' });
  unconditional = await publishEntry(w, {
    name: '道路基础信息',
    categoryCode: '309',
    sharingType: 'unconditional',
    sharingConditions: null,
  });
  notShared = await publishEntry(w, {
    name: '违法犯罪人员信息',
    categoryCode: '301',
    sharingType: 'not_shared',
    sharingConditions: null,
    sharingBasis: '《中华人民共和国个人信息保护法》第二十八条',
  });
});
afterAll(async () => {
  await w.destroy();
});

async function draft(resourceId: string, overrides: Record<string, unknown> = {}, actor: 'edu' | 'civil' = 'edu') {
  return (await w.as(actor).post('/api/v1/sharing-requests').send(requestBody(resourceId, overrides)).expect(201)).body;
}

async function submitted(resourceId: string, overrides: Record<string, unknown> = {}, actor: 'edu' | 'civil' = 'edu') {
  const d = await draft(resourceId, overrides, actor);
  return (await w.as(actor).post(`/api/v1/sharing-requests/${d.id}/submit`).expect(200)).body;
}

const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('filing a request', () => {
  it('drafts a request with the 信息项明细表: item names as the entry spells them, with their query roles', async () => {
    const d = await draft(conditional.id, { items: ['公民身份号码', '姓 名'] });
    expect(d).toMatchObject({
      status: 'draft',
      resourceName: '户籍人口基本信息',
      resourceCode: conditional.code,
      sharingType: 'conditional',
      producerDepartmentName: '测试市公安局',
      consumerDepartmentName: '测试市教育局',
      requestedBy: w.userId.edu,
      items: [
        { name: '公民身份号码', queryRole: 'input' },
        { name: '姓名', queryRole: 'output' },
      ],
      submittedAt: null,
      dueDate: null,
      overdue: false,
      overdueWorkingDays: 0,
      grantId: null,
    });
  });

  it('refuses a not-shared entry at filing, quoting its stated basis, and writes nothing', async () => {
    const before = await w.counts();
    const res = await w.as('edu').post('/api/v1/sharing-requests').send(requestBody(notShared.id));
    expectProblem(res, 422, 'not_shared');
    expect(res.body.detail).toContain('《中华人民共和国个人信息保护法》第二十八条');
    expect(await w.counts()).toEqual(before);
  });

  it('refuses modes the entry does not offer, items it does not have, and a query without input or output', async () => {
    const before = await w.counts();
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(conditional.id, { provisionMode: 'certificate' })),
      422,
      'mode_not_offered',
    );
    const items = await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send(requestBody(conditional.id, { items: ['公民身份号码', '血型'] }));
    expectProblem(items, 422, 'unknown_item');
    expect(items.body.errors[0]).toMatchObject({ path: '/items/1' });
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(conditional.id, { items: ['姓名'] })),
      422,
      'query_input_required',
    );
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(conditional.id, { items: ['公民身份号码'] })),
      422,
      'query_output_required',
    );
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(conditional.id, { periodStart: '2026-12-31', periodEnd: '2026-06-01' })),
      422,
      'period_reversed',
    );
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(conditional.id, { periodStart: '2025-01-01', periodEnd: '2025-12-31' })),
      422,
      'period_in_past',
    );
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(conditional.id, { periodEnd: '2026-02-30' })),
      400,
      'invalid_body',
    );
    // A batch request needs no input item.
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send(requestBody(conditional.id, { provisionMode: 'batch_exchange', items: ['姓名'] }))
      .expect(201);
    expect((await w.counts()).sharing_requests).toBe(before.sharing_requests + 1);
  });

  it("refuses the department's own entry, and another department's draft does not exist for it", async () => {
    expectProblem(await w.as('police').post('/api/v1/sharing-requests').send(requestBody(conditional.id)), 422, 'own_resource');
    const hidden = await w
      .as('civil')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '民政草稿' }))
      .expect(201);
    expectProblem(await w.as('edu').post('/api/v1/sharing-requests').send(requestBody(hidden.body.id)), 404, 'not_found');
    expectProblem(await w.as('edu').post('/api/v1/sharing-requests').send(requestBody(NO_SUCH_ID)), 404, 'not_found');
  });

  it('lets only consumers file, and only the filing department edit, submit or cancel', async () => {
    const before = await w.counts();
    for (const actor of ['bureau', 'auditor'] as const) {
      expectProblem(await w.as(actor).post('/api/v1/sharing-requests').send(requestBody(conditional.id)), 403, 'role_required');
    }
    expect(await w.counts()).toEqual(before);
    const d = await draft(conditional.id);
    // A draft is the consumer's own working copy: the producer and the bureau do not see it.
    for (const actor of ['police', 'bureau', 'civil'] as const) {
      expectProblem(await w.as(actor).get(`/api/v1/sharing-requests/${d.id}`), 404, 'not_found');
      expectProblem(
        await w.as(actor).post(`/api/v1/sharing-requests/${d.id}/submit`),
        actor === 'bureau' ? 403 : 404,
        actor === 'bureau' ? 'role_required' : 'not_found',
      );
    }
    const edited = await w
      .as('edu')
      .patch(`/api/v1/sharing-requests/${d.id}`)
      .set('If-Match', '*')
      .send({ purpose: '招生入学身份核验', items: ['公民身份号码', '性别'] })
      .expect(200);
    expect(edited.body).toMatchObject({
      purpose: '招生入学身份核验',
      items: [
        { name: '公民身份号码', queryRole: 'input' },
        { name: '性别', queryRole: 'output' },
      ],
    });
    expectProblem(
      await w
        .as('edu')
        .patch(`/api/v1/sharing-requests/${d.id}`)
        .set('If-Match', '*')
        .send({ items: ['不存在'] }),
      422,
      'unknown_item',
    );
  });
});

describe('unconditional sharing', () => {
  it('is granted on submission, by rule, with no deadline', async () => {
    const res = await submitted(unconditional.id, { provisionMode: 'batch_exchange', items: ['姓名', '性别'] });
    expect(res).toMatchObject({
      status: 'approved',
      decision: 'granted_by_rule',
      dueDate: null,
      answeredBy: null,
      submittedAt: w.clock.now().toISOString(),
    });
    const grant = await w.as('edu').get(`/api/v1/grants/${res.grantId}`).expect(200);
    expect(grant.body).toMatchObject({
      status: 'active',
      grantedBy: 'rule',
      requestId: res.id,
      consumerDepartmentId: w.departmentId.edu,
      producerDepartmentId: w.departmentId.police,
      provisionMode: 'batch_exchange',
      items: [
        { name: '姓名', queryRole: 'output' },
        { name: '性别', queryRole: 'output' },
      ],
      validFrom: '2026-03-02',
      validUntil: '2026-12-31',
    });
    const actions = (await w.db('audit_events').whereIn('object_id', [res.id, res.grantId]).orderBy('seq')).map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(['sharing_request.created', 'sharing_request.submitted', 'grant.created']);
  });
});

describe('conditional sharing: the producer answers within 10 working days', () => {
  it("shows the due date, lists the request in the producer's inbox, and approves it narrowed", async () => {
    const res = await submitted(conditional.id);
    // Mon 2026-03-02 → ten working days: Mar 3–6, 9–13, 16.
    expect(res).toMatchObject({ status: 'pending', dueDate: '2026-03-16', dueAt: '2026-03-16T15:59:59.999Z', overdue: false });
    const inbox = await w.as('police').get('/api/v1/sharing-requests?side=incoming&status=pending').expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(res.id);
    const widened = await w
      .as('police')
      .post(`/api/v1/sharing-requests/${res.id}/approve`)
      .send({ items: ['公民身份号码', '民族'] });
    expectProblem(widened, 422, 'widens_items');
    expectProblem(
      await w.as('police').post(`/api/v1/sharing-requests/${res.id}/approve`).send({ periodEnd: '2027-06-30' }),
      422,
      'widens_period',
    );
    w.clock.advance(2 * 24 * 3600 * 1000);
    const approved = await w
      .as('police')
      .post(`/api/v1/sharing-requests/${res.id}/approve`)
      .send({ items: ['公民身份号码', '姓名'], periodEnd: '2026-09-30', comment: '仅限学籍核验' })
      .expect(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decision: 'approved',
      answeredBy: w.userId.police,
      answeredLate: false,
      approvalComment: '仅限学籍核验',
      approvedPeriodEnd: '2026-09-30',
    });
    const grant = (await w.as('edu').get(`/api/v1/grants/${approved.body.grantId}`).expect(200)).body;
    expect(grant).toMatchObject({
      grantedBy: 'producer',
      validUntil: '2026-09-30',
      items: [
        { name: '公民身份号码', queryRole: 'input' },
        { name: '姓名', queryRole: 'output' },
      ],
    });
    expectProblem(
      await w.as('police').post(`/api/v1/sharing-requests/${res.id}/reject`).send({ reason: '改变主意' }),
      409,
      'invalid_state',
    );
  });

  it('becomes overdue past its due date, with the working days overdue, for the producer and the bureau', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const res = await submitted(conditional.id);
    w.clock.set(shanghai('2026-03-16T23:59:59'));
    expect((await w.as('police').get(`/api/v1/sharing-requests/${res.id}`)).body).toMatchObject({ overdue: false, overdueWorkingDays: 0 });
    w.clock.set(shanghai('2026-03-19T10:00:00')); // Thursday: Mar 17, 18, 19 are past due
    for (const actor of ['police', 'bureau', 'edu'] as const) {
      expect((await w.as(actor).get(`/api/v1/sharing-requests/${res.id}`).expect(200)).body).toMatchObject({
        overdue: true,
        overdueWorkingDays: 3,
      });
    }
    const overdue = await w.as('bureau').get('/api/v1/sharing-requests?overdue=true').expect(200);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toContain(res.id);
    // The producer's inbox puts what is awaiting an answer first, the most overdue first.
    const inbox = (await w.as('police').get('/api/v1/sharing-requests?side=incoming').expect(200)).body.items;
    const pending = inbox.filter((r: { status: string }) => r.status === 'pending');
    expect(inbox.slice(0, pending.length)).toEqual(pending);
    expect(pending.map((r: { dueDate: string }) => r.dueDate)).toEqual([...pending.map((r: { dueDate: string }) => r.dueDate)].sort());
    const late = await w.as('police').post(`/api/v1/sharing-requests/${res.id}/approve`).send({}).expect(200);
    expect(late.body).toMatchObject({ answeredLate: true, overdue: false, overdueWorkingDays: 0 });
  });

  it('counts deadlines across the 2026 Spring Festival and its adjusted working Saturdays', async () => {
    w.clock.set(shanghai('2026-02-10T10:00:00'));
    const res = await submitted(conditional.id, { periodStart: '2026-02-10' });
    // Feb 11, 12, 13, Sat 14 (调休上班); Feb 15–23 off; Feb 24, 25, 26, 27, Sat 28 (调休上班); Mon Mar 2.
    expect(res.dueDate).toBe('2026-03-02');
    w.clock.set(shanghai('2026-03-04T12:00:00'));
    expect((await w.as('police').get(`/api/v1/sharing-requests/${res.id}`)).body.overdueWorkingDays).toBe(2);
  });

  it('counts deadlines across National Day 2025 and its adjusted Sunday and Saturday', async () => {
    w.clock.set(shanghai('2025-09-25T15:00:00'));
    const res = await submitted(conditional.id, { periodStart: '2025-10-01' });
    // Fri Sep 26, Sun Sep 28 (调休上班), Sep 29, 30; Oct 1–8 off; Oct 9, 10, Sat 11 (调休上班), 13, 14, 15.
    expect(res.dueDate).toBe('2025-10-15');
  });

  it('rejects only with a reason; the consumer escalates; the bureau upholds or directs the grant', async () => {
    w.clock.set(shanghai('2026-04-01T09:00:00'));
    const a = await submitted(conditional.id);
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${a.id}/reject`).send({}), 400, 'invalid_body');
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${a.id}/reject`).send({ reason: '   ' }), 400, 'invalid_body');
    const rejected = await w
      .as('police')
      .post(`/api/v1/sharing-requests/${a.id}/reject`)
      .send({ reason: '申请用途与所需信息项不符' })
      .expect(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decision: 'rejected',
      rejectReason: '申请用途与所需信息项不符',
      grantId: null,
    });
    expectProblem(
      await w.as('bureau').post(`/api/v1/sharing-requests/${a.id}/decide`).send({ decision: 'grant', reason: 'x' }),
      409,
      'invalid_state',
    );
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${a.id}/escalate`).send({ reason: '不服' }), 403, 'not_requester');
    const escalated = await w
      .as('edu')
      .post(`/api/v1/sharing-requests/${a.id}/escalate`)
      .send({ reason: '学籍核验有法定依据' })
      .expect(200);
    expect(escalated.body).toMatchObject({ status: 'escalated', escalationReason: '学籍核验有法定依据', escalationGround: 'rejection' });
    // A rejection was an answer: the bureau cannot order one (remand is for a request left unanswered).
    const remand = await w.as('bureau').post(`/api/v1/sharing-requests/${a.id}/decide`).send({ decision: 'remand', reason: '责成答复' });
    expectProblem(remand, 422, 'decision_not_applicable');
    expect(remand.body.errors).toEqual([{ path: '/decision', code: 'decision_not_applicable', message: '可选裁决：维持拒绝、责成授权' }]);
    for (const actor of ['police', 'edu', 'auditor'] as const) {
      expectProblem(
        await w.as(actor).post(`/api/v1/sharing-requests/${a.id}/decide`).send({ decision: 'grant', reason: 'x' }),
        403,
        'role_required',
      );
    }
    const upheld = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${a.id}/decide`)
      .send({ decision: 'uphold', reason: '提供部门理由成立' })
      .expect(200);
    expect(upheld.body).toMatchObject({
      status: 'rejection_upheld',
      bureauDecision: 'uphold',
      bureauReason: '提供部门理由成立',
      grantId: null,
    });

    const b = await submitted(conditional.id);
    await w.as('police').post(`/api/v1/sharing-requests/${b.id}/reject`).send({ reason: '暂不提供' }).expect(200);
    await w.as('edu').post(`/api/v1/sharing-requests/${b.id}/escalate`).send({ reason: '依法应当共享' }).expect(200);
    const directed = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${b.id}/decide`)
      .send({ decision: 'grant', reason: '属于履职必需，应予共享' })
      .expect(200);
    expect(directed.body).toMatchObject({ status: 'approved', bureauDecision: 'grant' });
    expect((await w.as('edu').get(`/api/v1/grants/${directed.body.grantId}`)).body).toMatchObject({
      grantedBy: 'bureau',
      status: 'active',
    });
  });

  it('lets the consumer cancel a request awaiting its answer, and no one else', async () => {
    w.clock.set(shanghai('2026-04-01T09:00:00'));
    const r = await submitted(conditional.id);
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${r.id}/cancel`), 403, 'not_requester');
    expect((await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/cancel`).expect(200)).body.status).toBe('cancelled');
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}), 409, 'invalid_state');
  });
});

describe('who may answer and read', () => {
  it('keeps other departments out of a request and its answer', async () => {
    w.clock.set(shanghai('2026-04-01T09:00:00'));
    const r = await submitted(conditional.id);
    const before = await w.counts();
    expectProblem(await w.as('civil').get(`/api/v1/sharing-requests/${r.id}`), 404, 'not_found');
    expectProblem(await w.as('civil').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}), 404, 'not_found');
    expectProblem(await w.as('civil').post(`/api/v1/sharing-requests/${r.id}/reject`).send({ reason: 'x' }), 404, 'not_found');
    expectProblem(await w.as('civil').post(`/api/v1/sharing-requests/${r.id}/cancel`), 404, 'not_found');
    expectProblem(await w.as('civil').post(`/api/v1/sharing-requests/${r.id}/escalate`).send({ reason: 'x' }), 404, 'not_found');
    expectProblem(
      await w.as('civil').patch(`/api/v1/sharing-requests/${r.id}`).set('If-Match', '*').send({ purpose: 'x' }),
      404,
      'not_found',
    );
    expectProblem(
      await w.as('edu').patch(`/api/v1/sharing-requests/${r.id}`).set('If-Match', '*').send({ purpose: '提交后修改' }),
      409,
      'invalid_state',
    );
    expectProblem(await w.as('edu').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}), 403, 'role_required');
    expectProblem(await w.as('police2').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}), 403, 'role_required');
    expectProblem(await w.as('bureau').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}), 403, 'role_required');
    expect(await w.counts()).toEqual(before);
    expect((await w.as('police2').get(`/api/v1/sharing-requests/${r.id}`).expect(200)).body.id).toBe(r.id);
    expect((await w.as('civil').get('/api/v1/sharing-requests').expect(200)).body.items.map((x: { id: string }) => x.id)).not.toContain(
      r.id,
    );
  });

  it('gives each department its own inbox and the bureau everything, with counts per department', async () => {
    const outgoing = (await w.as('edu').get('/api/v1/sharing-requests?side=outgoing&limit=100').expect(200)).body.items;
    expect(outgoing.length).toBeGreaterThan(0);
    expect(outgoing.every((r: { consumerDepartmentId: string }) => r.consumerDepartmentId === w.departmentId.edu)).toBe(true);
    const incoming = (await w.as('police').get('/api/v1/sharing-requests?side=incoming&limit=100').expect(200)).body.items;
    expect(
      incoming.every(
        (r: { producerDepartmentId: string; status: string }) => r.producerDepartmentId === w.departmentId.police && r.status !== 'draft',
      ),
    ).toBe(true);
    expectProblem(await w.as('police').get('/api/v1/sharing-requests/stats'), 403, 'role_required');
    const stats = (await w.as('bureau').get('/api/v1/sharing-requests/stats').expect(200)).body;
    const police = stats.departments.find((d: { departmentId: string }) => d.departmentId === w.departmentId.police);
    const submittedToPolice = incoming.filter((r: { status: string }) => r.status !== 'cancelled');
    expect(police.incomingPending + police.incomingApproved + police.incomingRejected).toBe(submittedToPolice.length);
    expect(police.incomingPending).toBe(incoming.filter((r: { status: string }) => r.status === 'pending').length);
    expect(police.incomingOverdue).toBe(incoming.filter((r: { overdue: boolean }) => r.overdue).length);
    const edu = stats.departments.find((d: { departmentId: string }) => d.departmentId === w.departmentId.edu);
    expect(edu.outgoingApproved).toBe(outgoing.filter((r: { status: string }) => r.status === 'approved').length);
  });
});

describe('grants', () => {
  it('are listed to their consumer and their producer only, and revoked only by the producer or the bureau with a reason', async () => {
    w.clock.set(shanghai('2026-04-01T09:00:00'));
    const r = await submitted(unconditional.id, { provisionMode: 'batch_exchange', items: ['姓名'] });
    const mine = (await w.as('edu').get('/api/v1/grants?side=outgoing&limit=100').expect(200)).body.items.map((g: { id: string }) => g.id);
    expect(mine).toContain(r.grantId);
    const onMyEntries = (await w.as('police').get('/api/v1/grants?side=incoming&limit=100').expect(200)).body.items.map(
      (g: { id: string }) => g.id,
    );
    expect(onMyEntries).toContain(r.grantId);
    expect((await w.as('civil').get('/api/v1/grants?limit=100').expect(200)).body.items.map((g: { id: string }) => g.id)).not.toContain(
      r.grantId,
    );
    const before = await w.counts();
    expectProblem(await w.as('civil').get(`/api/v1/grants/${r.grantId}`), 404, 'not_found');
    expectProblem(await w.as('civil').post(`/api/v1/grants/${r.grantId}/revoke`).send({ reason: 'x' }), 404, 'not_found');
    expectProblem(await w.as('edu').post(`/api/v1/grants/${r.grantId}/revoke`).send({ reason: 'x' }), 403, 'role_required');
    expectProblem(await w.as('police').post(`/api/v1/grants/${r.grantId}/revoke`).send({}), 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
    const revoked = await w.as('police').post(`/api/v1/grants/${r.grantId}/revoke`).send({ reason: '使用方超范围使用' }).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokeReason: '使用方超范围使用', revokedBy: w.userId.police });
    expectProblem(await w.as('bureau').post(`/api/v1/grants/${r.grantId}/revoke`).send({ reason: '再次' }), 409, 'grant_not_active');
    const other = await submitted(unconditional.id, { provisionMode: 'batch_exchange', items: ['性别'] });
    expect(
      (await w.as('bureau').post(`/api/v1/grants/${other.grantId}/revoke`).send({ reason: '审计发现问题' }).expect(200)).body.status,
    ).toBe('revoked');
  });

  it('end at their expiry', async () => {
    w.clock.set(shanghai('2026-04-01T09:00:00'));
    const r = await submitted(unconditional.id, {
      provisionMode: 'batch_exchange',
      items: ['出生日期'],
      periodStart: '2026-04-01',
      periodEnd: '2026-04-30',
    });
    w.clock.set(shanghai('2026-04-30T23:00:00'));
    expect((await w.as('edu').get(`/api/v1/grants/${r.grantId}`)).body.status).toBe('active');
    w.clock.set(shanghai('2026-05-01T00:00:01'));
    expect((await w.as('edu').get(`/api/v1/grants/${r.grantId}`)).body.status).toBe('expired');
    const expired = (await w.as('edu').get('/api/v1/grants?status=expired&limit=100').expect(200)).body.items.map(
      (g: { id: string }) => g.id,
    );
    expect(expired).toContain(r.grantId);
    const active = (await w.as('edu').get('/api/v1/grants?status=active&limit=100').expect(200)).body.items.map(
      (g: { id: string }) => g.id,
    );
    expect(active).not.toContain(r.grantId);
    expectProblem(await w.as('police').post(`/api/v1/grants/${r.grantId}/revoke`).send({ reason: 'x' }), 409, 'grant_not_active');
  });

  it('are never widened by editing the entry, and are suspended when it is withdrawn', async () => {
    w.clock.set(shanghai('2026-05-06T09:00:00'));
    const entry = await publishEntry(w, { name: '出入境证件信息', categoryCode: '301' });
    const r = await submitted(entry.id, { provisionMode: 'batch_exchange', items: ['姓名'], periodStart: '2026-05-06' });
    const granted = await w.as('police').post(`/api/v1/sharing-requests/${r.id}/approve`).send({}).expect(200);
    const pending = await submitted(entry.id, { provisionMode: 'batch_exchange', items: ['性别'], periodStart: '2026-05-06' });
    await w
      .as('police')
      .patch(`/api/v1/resources/${entry.id}`)
      .set('If-Match', '*')
      .send({
        sharingType: 'unconditional',
        sharingConditions: null,
        changeReason: '放开共享',
        items: [...(completeEntry().items as object[]), { name: '证件号码', dataType: 'C' }],
      })
      .expect(200);
    const grant = (await w.as('edu').get(`/api/v1/grants/${granted.body.grantId}`)).body;
    expect(grant.items).toEqual([{ name: '姓名', queryRole: 'output' }]);
    await w.as('police').post(`/api/v1/resources/${entry.id}/withdraw`).send({ reason: '系统下线' }).expect(200);
    const suspended = (await w.as('edu').get(`/api/v1/grants/${granted.body.grantId}`)).body;
    expect(suspended.status).toBe('suspended');
    expect(suspended.suspendedAt).toBe(w.clock.now().toISOString());
    expect((await w.db('audit_events').where({ object_id: granted.body.grantId, action: 'grant.suspended' })).length).toBe(1);
    expectProblem(await w.as('police').post(`/api/v1/sharing-requests/${pending.id}/approve`).send({}), 422, 'resource_withdrawn');
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(requestBody(entry.id, { provisionMode: 'batch_exchange', items: ['姓名'], periodStart: '2026-05-06' })),
      422,
      'resource_withdrawn',
    );
  });
});

describe('forms', () => {
  async function workbook(res: request.Response): Promise<ExcelJS.Workbook> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    return book;
  }
  const binary = (req: request.Test) =>
    req.buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

  it('downloads a request as the 附件2 workbook: the request table and its item table', async () => {
    w.clock.set(shanghai('2026-05-06T09:00:00'));
    const r = await submitted(conditional.id, { periodStart: '2026-05-06' });
    const res = await binary(w.as('police').get(`/api/v1/sharing-requests/${r.id}/form.xlsx`)).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain('attachment');
    const book = await workbook(res);
    const form = book.getWorksheet('附件2')!;
    expect(form.getCell('A1').value).toBe('附件2:');
    expect(form.getCell('A2').value).toBe('数据共享应用（需求）表');
    expect(form.getRow(4).values).toEqual([
      undefined,
      '序号',
      '信息资源生产单位\n（必填项）',
      '信息资源应用单位\n（必填项）',
      '信息资源名称\n（必填项）',
      '信息资源可提供方式\n(必填项)',
      '申请编号',
      '提交日期',
    ]);
    expect(form.getRow(5).values).toEqual([
      undefined,
      1,
      '测试市公安局',
      '测试市教育局',
      '户籍人口基本信息',
      '信息查询接口',
      r.number,
      new Date('2026-05-06T09:00:00Z'),
    ]);
    const items = book.getWorksheet('信息项明细表')!;
    expect(items.getCell('E3').value).toBe('信息项名称\n（必填项）');
    expect([4, 5, 6].map((row) => items.getCell(`E${row}`).value)).toEqual([
      '公民身份号码（输入项）',
      '姓名（输出项）',
      '出生日期（输出项）',
    ]);
    expect(items.getCell('B4').value).toBe('测试市公安局');
    expectProblem(await w.as('civil').get(`/api/v1/sharing-requests/${r.id}/form.xlsx`), 404, 'not_found');
  });

  it('exports the filtered list as a workbook with a row per visible request', async () => {
    const listed = (await w.as('police').get('/api/v1/sharing-requests?side=incoming&status=pending&limit=100').expect(200)).body.items;
    const res = await binary(w.as('police').get('/api/v1/sharing-requests/export.xlsx?side=incoming&status=pending')).expect(200);
    const sheet = (await workbook(res)).getWorksheet('数据共享申请')!;
    expect(sheet.getCell('D1').value).toBe('信息资源名称');
    expect(sheet.rowCount).toBe(listed.length + 1);
    expect(new Set([...Array(listed.length).keys()].map((i) => sheet.getCell(`B${i + 2}`).value))).toEqual(
      new Set(listed.map((r: { number: string }) => r.number)),
    );
    const civil = await binary(w.as('civil').get('/api/v1/sharing-requests/export.xlsx')).expect(200);
    expect((await workbook(civil)).getWorksheet('数据共享申请')!.rowCount).toBe(1);
  });
});

describe('the working-day calendar', () => {
  it('ships the official arrangements for 2024 to 2026', async () => {
    const years = (await w.as('edu').get('/api/v1/calendar/years').expect(200)).body.items.map((y: { year: number }) => y.year);
    expect(years).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    const y2026 = (await w.as('edu').get('/api/v1/calendar/years/2026').expect(200)).body;
    expect(y2026.days).toEqual(
      expect.arrayContaining([
        { date: '2026-02-14', kind: 'workday', name: '春节' },
        { date: '2026-02-15', kind: 'holiday', name: '春节' },
      ]),
    );
    expectProblem(await w.as('edu').get('/api/v1/calendar/years/2031'), 404, 'not_found');
  });

  it('lets the bureau enter a year from the notice, moving the deadlines it touches; others are refused', async () => {
    w.clock.set(shanghai('2026-12-28T09:00:00'));
    const r = await submitted(conditional.id, { periodStart: '2026-12-28', periodEnd: '2027-06-30' });
    // Without a 2027 arrangement only weekends are off: Dec 29, 30, 31, Jan 1, 4, 5, 6, 7, 8, 11.
    expect(r.dueDate).toBe('2027-01-11');
    const arrangement = {
      source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
      holidays: [{ name: '元旦', start: '2027-01-01', end: '2027-01-03' }],
      workdays: [{ name: '元旦', date: '2027-01-09' }],
    };
    const before = await w.counts();
    expectProblem(await w.as('police').put('/api/v1/calendar/years/2027').send(arrangement), 403, 'role_required');
    const bad = await w
      .as('bureau')
      .put('/api/v1/calendar/years/2027')
      .send({
        ...arrangement,
        workdays: [{ name: '元旦', date: '2027-01-06' }],
        holidays: [{ name: '元旦', start: '2027-01-03', end: '2027-01-01' }],
      });
    expectProblem(bad, 422, 'invalid_arrangement');
    expect(bad.body.errors.length).toBeGreaterThanOrEqual(2);
    expect(await w.counts()).toEqual(before);
    const saved = await w.as('bureau').put('/api/v1/calendar/years/2027').send(arrangement).expect(200);
    expect(saved.body.days).toHaveLength(4);
    // Now Jan 1 is off and Sat Jan 9 is worked: Dec 29, 30, 31, Jan 4, 5, 6, 7, 8, 9, 11.
    expect((await w.as('edu').get(`/api/v1/sharing-requests/${r.id}`)).body.dueDate).toBe('2027-01-11');
    expectProblem(
      await w
        .as('bureau')
        .put('/api/v1/calendar/years/2027')
        .send({ ...arrangement, workdays: [] }),
      428,
      'precondition_required',
    );
    const etag = (await w.as('edu').get('/api/v1/calendar/years/2027').expect(200)).headers.etag;
    expectProblem(
      await w
        .as('bureau')
        .put('/api/v1/calendar/years/2027')
        .set('If-Match', '"v999"')
        .send({ ...arrangement, workdays: [] }),
      412,
      'precondition_failed',
    );
    const changed = await w
      .as('bureau')
      .put('/api/v1/calendar/years/2027')
      .set('If-Match', etag)
      .send({ ...arrangement, workdays: [] })
      .expect(200);
    expect(changed.body.days).toHaveLength(3);
    // Jan 1 off, no Saturday worked: Dec 29, 30, 31, Jan 4, 5, 6, 7, 8, 11, 12.
    expect((await w.as('edu').get(`/api/v1/sharing-requests/${r.id}`)).body.dueDate).toBe('2027-01-12');
    const audit = await w.db('audit_events').where({ action: 'calendar.year_set', object_id: '2027' });
    expect(audit).toHaveLength(2);
  });
});
