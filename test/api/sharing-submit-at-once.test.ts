import request from 'supertest';
import { RuleViolationError } from '../../src/errors';
import { SharingStore } from '../../src/modules/sharing/sharing.store';
import { expectProblem, NO_SUCH_ID } from '../support/assertions';
import { createWorld, publishEntry, sharingRequestBody as requestBody, World } from '../support/world';

// Filing a sharing request in one step (createSharingRequest with `submit: true`), on each
// database: the same request, checks and audit trail as a draft followed by …/submit, in one
// transaction. The world's clock stands at Mon 2026-03-02 09:00 Asia/Shanghai throughout.

let w: World;
let conditional: { id: string };
let unconditional: { id: string };
let notShared: { id: string };
let withdrawn: { id: string };

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
  withdrawn = await publishEntry(w, { name: '旧版门牌信息', categoryCode: '309' });
  await w.as('police').post(`/api/v1/resources/${withdrawn.id}/withdraw`).send({ reason: '系统下线' }).expect(200);
});
afterAll(async () => {
  await w.destroy();
});

const fileAtOnce = (body: Record<string, unknown>) =>
  w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...body, submit: true });

async function twoSteps(body: Record<string, unknown>) {
  const d = await w.as('edu').post('/api/v1/sharing-requests').send(body).expect(201);
  return (await w.as('edu').post(`/api/v1/sharing-requests/${d.body.id}/submit`).expect(200)).body;
}

type AuditRow = { seq: number | string; action: string; object_id: string; request_id: string | null; details_json: string };

/** The audit events about a request and its grant, oldest first. */
async function trailOf(requestId: string, grantId?: string | null): Promise<AuditRow[]> {
  return w
    .db('audit_events')
    .whereIn('object_id', grantId ? [requestId, grantId] : [requestId])
    .orderBy('seq');
}
const actions = (rows: AuditRow[]) => rows.map((r) => r.action);
const details = (rows: AuditRow[]) => rows.map((r) => ({ action: r.action, details: JSON.parse(r.details_json) }));

async function chainHead(): Promise<{ seq: number; hash: string }> {
  const head = await w.db('audit_chain_head').where({ id: 1 }).first();
  return { seq: Number(head.last_seq), hash: head.last_hash };
}

/** Everything the call may have written: every table's row count and the audit chain's head. */
async function snapshot() {
  return { counts: await w.counts(), head: await chainHead() };
}

async function expectNothingWritten(send: () => Promise<request.Response>, status: number, code: string): Promise<request.Response> {
  const before = await snapshot();
  const res = await send();
  expectProblem(res, status, code);
  expect(await snapshot()).toEqual(before);
  return res;
}

describe('filing in one step (submit: true)', () => {
  it('files a conditional request as pending with its due date, the created and submitted events in one transaction', async () => {
    const before = await snapshot();
    const res = await fileAtOnce(requestBody(conditional.id)).expect(201);
    // Mon 2026-03-02 → ten working days: Mar 3–6, 9–13, 16.
    expect(res.body).toMatchObject({
      status: 'pending',
      dueDate: '2026-03-16',
      dueAt: '2026-03-16T15:59:59.999Z',
      overdue: false,
      submittedAt: w.clock.now().toISOString(),
      decision: null,
      grantId: null,
      consumerDepartmentId: w.departmentId.edu,
      producerDepartmentId: w.departmentId.police,
      requestedBy: w.userId.edu,
      items: [
        { name: '公民身份号码', queryRole: 'input' },
        { name: '姓名', queryRole: 'output' },
        { name: '出生日期', queryRole: 'output' },
      ],
    });
    const trail = await trailOf(res.body.id);
    expect(details(trail)).toEqual([
      { action: 'sharing_request.created', details: { resourceId: conditional.id, provisionMode: 'query_api' } },
      { action: 'sharing_request.submitted', details: { from: 'draft', to: 'pending', dueDate: '2026-03-16', grantId: null } },
    ]);
    // One call, one transaction: consecutive links of the chain, under the one HTTP request id.
    expect(trail.map((e) => Number(e.seq))).toEqual([before.head.seq + 1, before.head.seq + 2]);
    expect(new Set(trail.map((e) => e.request_id)).size).toBe(1);
    expect((await chainHead()).seq).toBe(before.head.seq + 2);
    const after = await w.counts();
    expect(after).toEqual({
      ...before.counts,
      sharing_requests: before.counts.sharing_requests + 1,
      audit_events: before.counts.audit_events + 2,
      form_number_counters: 1, // this year's counter of request numbers, made by the year's first request (ADR 0037)
    });
    // It is in the producer's inbox at once, awaiting its answer.
    const inbox = await w.as('police').get('/api/v1/sharing-requests?side=incoming&status=pending').expect(200);
    expect(inbox.body.items.map((r: { id: string }) => r.id)).toContain(res.body.id);
  });

  it('grants an unconditional request by rule, with its grant and the grant.created event', async () => {
    const before = await snapshot();
    const res = await fileAtOnce(requestBody(unconditional.id, { provisionMode: 'batch_exchange', items: ['姓名', '性别'] })).expect(201);
    expect(res.body).toMatchObject({
      status: 'approved',
      decision: 'granted_by_rule',
      dueDate: null,
      answeredBy: null,
      answeredAt: w.clock.now().toISOString(),
      submittedAt: w.clock.now().toISOString(),
    });
    const grant = await w.as('edu').get(`/api/v1/grants/${res.body.grantId}`).expect(200);
    expect(grant.body).toMatchObject({
      status: 'active',
      grantedBy: 'rule',
      requestId: res.body.id,
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
    const trail = await trailOf(res.body.id, res.body.grantId);
    expect(details(trail)).toEqual([
      { action: 'sharing_request.created', details: { resourceId: unconditional.id, provisionMode: 'batch_exchange' } },
      { action: 'sharing_request.submitted', details: { from: 'draft', to: 'approved', dueDate: null, grantId: res.body.grantId } },
      { action: 'grant.created', details: { requestId: res.body.id } },
    ]);
    expect(trail.map((e) => Number(e.seq))).toEqual([1, 2, 3].map((n) => before.head.seq + n));
    expect(await w.counts()).toEqual({
      ...before.counts,
      sharing_requests: before.counts.sharing_requests + 1,
      grants: before.counts.grants + 1,
      audit_events: before.counts.audit_events + 3,
    });
  });

  it('drafts as before when submit is false or absent', async () => {
    for (const body of [requestBody(conditional.id), { ...requestBody(conditional.id), submit: false }]) {
      const before = await snapshot();
      const res = await w.as('edu').post('/api/v1/sharing-requests').send(body).expect(201);
      expect(res.body).toMatchObject({ status: 'draft', submittedAt: null, dueDate: null, dueAt: null, decision: null, grantId: null });
      expect(actions(await trailOf(res.body.id))).toEqual(['sharing_request.created']);
      expect((await chainHead()).seq).toBe(before.head.seq + 1);
      // Nobody but the consumer sees it.
      expectProblem(await w.as('police').get(`/api/v1/sharing-requests/${res.body.id}`), 404, 'not_found');
    }
  });

  it('gives the same request, grant and audit details as a draft followed by …/submit', async () => {
    const volatile = ['id', 'grantId', 'createdAt', 'updatedAt', 'submittedAt', 'answeredAt', 'number'];
    const stable = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).filter(([k]) => !volatile.includes(k)));
    const trailDetails = async (r: { id: string; grantId: string | null }) =>
      details(await trailOf(r.id, r.grantId)).map((e) => ({ ...e, details: { ...e.details, grantId: undefined, requestId: undefined } }));
    for (const body of [
      requestBody(conditional.id, { items: ['公民身份号码', '姓 名'] }),
      requestBody(unconditional.id, { provisionMode: 'batch_exchange', items: ['性别'] }),
    ]) {
      const two = await twoSteps(body);
      const one = (await fileAtOnce(body).expect(201)).body;
      expect(stable(one)).toEqual(stable(two));
      expect(await trailDetails(one)).toEqual(await trailDetails(two));
      // The same version too: an If-Match taken from either answers alike.
      const etag = async (id: string) => (await w.as('edu').get(`/api/v1/sharing-requests/${id}`).expect(200)).headers.etag;
      expect(await etag(one.id)).toBe(await etag(two.id));
      if (two.grantId) {
        const grant = async (id: string) => {
          const { id: _id, requestId: _r, createdAt: _c, ...rest } = (await w.as('edu').get(`/api/v1/grants/${id}`).expect(200)).body;
          return rest;
        };
        expect(await grant(one.grantId)).toEqual(await grant(two.grantId));
      } else expect(one.grantId).toBeNull();
    }
  });
});

describe('a refused one-step filing writes nothing', () => {
  it('refuses what filing refuses, with every reason, and leaves no draft behind', async () => {
    const items = await expectNothingWritten(
      () => fileAtOnce(requestBody(conditional.id, { items: ['公民身份号码', '血型'] })),
      422,
      'unknown_item',
    );
    expect(items.body.errors[0]).toMatchObject({ path: '/items/1' });
    await expectNothingWritten(
      () => fileAtOnce(requestBody(conditional.id, { periodStart: '2025-01-01', periodEnd: '2025-12-31' })),
      422,
      'period_in_past',
    );
    await expectNothingWritten(
      () => fileAtOnce(requestBody(conditional.id, { periodStart: '2026-12-31', periodEnd: '2026-06-01' })),
      422,
      'period_reversed',
    );
    await expectNothingWritten(() => fileAtOnce(requestBody(conditional.id, { provisionMode: 'certificate' })), 422, 'mode_not_offered');
    await expectNothingWritten(() => fileAtOnce(requestBody(conditional.id, { items: ['姓名'] })), 422, 'query_input_required');
    const basis = await expectNothingWritten(() => fileAtOnce(requestBody(notShared.id)), 422, 'not_shared');
    expect(basis.body.detail).toContain('《中华人民共和国个人信息保护法》第二十八条');
    await expectNothingWritten(
      () => fileAtOnce(requestBody(withdrawn.id, { provisionMode: 'batch_exchange', items: ['姓名'] })),
      422,
      'resource_withdrawn',
    );
    await expectNothingWritten(() => fileAtOnce(requestBody(NO_SUCH_ID)), 404, 'not_found');
    await expectNothingWritten(
      () =>
        w
          .as('edu')
          .post('/api/v1/sharing-requests')
          .send({ ...requestBody(conditional.id), submit: 'yes' }),
      400,
      'invalid_body',
    );
  });

  it('refuses the producer filing for its own entry, a producer without the consumer role, the bureau and the auditor', async () => {
    // A clerk of the civil affairs bureau who only produces.
    const user = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: '只提供数据的经办人', departmentId: w.departmentId.civil, roles: ['producer'] })
      .expect(201);
    const token = (
      await w.as('bureau').post(`/api/v1/users/${user.body.id}/tokens`).send({ name: '测试令牌', expiresInDays: 30 }).expect(201)
    ).body.token;
    const producerOnly = () =>
      request(w.app)
        .post('/api/v1/sharing-requests')
        .set('Authorization', `Bearer ${token}`)
        .send({ ...requestBody(conditional.id), submit: true });

    await expectNothingWritten(
      () =>
        w
          .as('police')
          .post('/api/v1/sharing-requests')
          .send({ ...requestBody(conditional.id), submit: true }),
      422,
      'own_resource',
    );
    await expectNothingWritten(producerOnly, 403, 'role_required');
    for (const actor of ['bureau', 'auditor'] as const) {
      await expectNothingWritten(
        () =>
          w
            .as(actor)
            .post('/api/v1/sharing-requests')
            .send({ ...requestBody(conditional.id), submit: true }),
        403,
        'role_required',
      );
    }
  });

  it('rolls back the draft and its created event when the submission fails after them', async () => {
    // The grant is the last thing the submission writes before the request's update: failing it
    // shows that the draft inserted before it is part of the same transaction.
    const spy = jest
      .spyOn(SharingStore.prototype, 'insertGrant')
      .mockRejectedValueOnce(new RuleViolationError('test_refusal', '测试用的拒绝 (a refusal made by the test)'));
    try {
      await expectNothingWritten(
        () => fileAtOnce(requestBody(unconditional.id, { provisionMode: 'batch_exchange', items: ['姓名'] })),
        422,
        'test_refusal',
      );
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('is a field of filing only: an edit cannot carry it', async () => {
    const d = (await w.as('edu').post('/api/v1/sharing-requests').send(requestBody(conditional.id)).expect(201)).body;
    await expectNothingWritten(
      () => w.as('edu').patch(`/api/v1/sharing-requests/${d.id}`).set('If-Match', '*').send({ submit: true }),
      400,
      'invalid_body',
    );
  });
});

describe('Idempotency-Key on a one-step filing', () => {
  it('answers a retry with the same request, not a second one', async () => {
    const body = { ...requestBody(conditional.id, { purpose: '幂等提交测试' }), submit: true };
    const first = await w.as('edu').post('/api/v1/sharing-requests').set('Idempotency-Key', 'file-at-once-1').send(body).expect(201);
    expect(first.body.status).toBe('pending');
    // The claim names the request, committed with it.
    const claim = await w.db('idempotency_keys').where({ user_id: w.userId.edu, idempotency_key: 'file-at-once-1' }).first();
    expect({ committed: claim.committed_at !== null, objectType: claim.object_type, objectId: claim.object_id }).toEqual({
      committed: true,
      objectType: 'sharing_request',
      objectId: first.body.id,
    });

    const before = await snapshot();
    const again = await w.as('edu').post('/api/v1/sharing-requests').set('Idempotency-Key', 'file-at-once-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await snapshot()).toEqual(before);
    expect(Number((await w.db('sharing_requests').where({ purpose: '幂等提交测试' }).count('* as n').first())!.n)).toBe(1);

    // Filing the draft instead is another request: the key is not reused for it.
    const { submit: _submit, ...draftOnly } = body;
    await expectNothingWritten(
      () => w.as('edu').post('/api/v1/sharing-requests').set('Idempotency-Key', 'file-at-once-1').send(draftOnly),
      422,
      'idempotency_key_reused',
    );
  });

  it('releases the key of a refused one-step filing, so the corrected retry files once', async () => {
    const bad = { ...requestBody(conditional.id, { purpose: '幂等更正测试', items: ['公民身份号码', '血型'] }), submit: true };
    await expectNothingWritten(
      () => w.as('edu').post('/api/v1/sharing-requests').set('Idempotency-Key', 'file-at-once-2').send(bad),
      422,
      'unknown_item',
    );
    const fixed = { ...bad, items: ['公民身份号码', '姓名'] };
    const filed = await w.as('edu').post('/api/v1/sharing-requests').set('Idempotency-Key', 'file-at-once-2').send(fixed).expect(201);
    expect(filed.body.status).toBe('pending');
    await w.as('edu').post('/api/v1/sharing-requests').set('Idempotency-Key', 'file-at-once-2').send(fixed).expect(201);
    expect(Number((await w.db('sharing_requests').where({ purpose: '幂等更正测试' }).count('* as n').first())!.n)).toBe(1);
  });
});
