import { requestFingerprint } from '../../src/http/idempotency';
import { expectProblem } from '../support/assertions';
import { completeEntry, createWorld, World } from '../support/world';

// Updates carry ETag / If-Match: a stale version is refused (412), a missing one too (428), and
// the refused update writes nothing.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

describe('ETag and If-Match', () => {
  it('gives each read an ETag that changes with every write, and refuses stale or missing If-Match', async () => {
    const created = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '并发目录' }))
      .expect(201);
    const read = await w.as('police').get(`/api/v1/resources/${created.body.id}`).expect(200);
    const etag = read.headers.etag;
    expect(etag).toMatch(/^"v\d+"$/);
    const before = await w.counts();
    expectProblem(
      await w.as('police').patch(`/api/v1/resources/${created.body.id}`).send({ summary: '无版本' }),
      428,
      'precondition_required',
    );
    expectProblem(
      await w.as('police').patch(`/api/v1/resources/${created.body.id}`).set('If-Match', 'garbage').send({ summary: '乱写' }),
      412,
      'precondition_failed',
    );
    expect(await w.counts()).toEqual(before);
    const first = await w
      .as('police')
      .patch(`/api/v1/resources/${created.body.id}`)
      .set('If-Match', etag)
      .send({ summary: '甲的修改' })
      .expect(200);
    expect(first.headers.etag).not.toBe(etag);
    // A second writer who read the same version loses: nothing of theirs is written.
    const lost = await w.as('police2').get(`/api/v1/resources/${created.body.id}`).expect(200);
    expect(lost.body.summary).toBe('甲的修改');
    const audits = (await w.counts()).audit_events;
    expectProblem(
      await w.as('police').patch(`/api/v1/resources/${created.body.id}`).set('If-Match', etag).send({ summary: '乙的修改' }),
      412,
      'precondition_failed',
    );
    expect((await w.counts()).audit_events).toBe(audits);
    expect((await w.as('police').get(`/api/v1/resources/${created.body.id}`)).body.summary).toBe('甲的修改');
    // Any other write (here: submission) also moves the version.
    await w.as('police').post(`/api/v1/resources/${created.body.id}/submit`).expect(200);
    const after = (await w.as('police').get(`/api/v1/resources/${created.body.id}`)).headers.etag;
    expect(after).not.toBe(first.headers.etag);
  });

  it('applies to departments, users, projects and sharing requests alike', async () => {
    const dept = await w.as('bureau').get(`/api/v1/departments/${w.departmentId.civil}`).expect(200);
    expectProblem(
      await w.as('bureau').patch(`/api/v1/departments/${w.departmentId.civil}`).send({ level: 'county' }),
      428,
      'precondition_required',
    );
    await w
      .as('bureau')
      .patch(`/api/v1/departments/${w.departmentId.civil}`)
      .set('If-Match', dept.headers.etag)
      .send({ level: 'county' })
      .expect(200);
    expectProblem(
      await w
        .as('bureau')
        .patch(`/api/v1/departments/${w.departmentId.civil}`)
        .set('If-Match', dept.headers.etag)
        .send({ level: 'municipal' }),
      412,
      'precondition_failed',
    );
    const user = await w.as('bureau').get(`/api/v1/users/${w.userId.edu}`).expect(200);
    await w.as('bureau').patch(`/api/v1/users/${w.userId.edu}`).set('If-Match', user.headers.etag).send({ name: '教育局新名' }).expect(200);
    expectProblem(
      await w.as('bureau').patch(`/api/v1/users/${w.userId.edu}`).set('If-Match', user.headers.etag).send({ name: '冲突' }),
      412,
      'precondition_failed',
    );
    const project = await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code: 'ETAG-1', name: '并发项目', content: '内容', approvedBudgetYuan: 1 })
      .expect(201);
    const p1 = await w.as('police').get(`/api/v1/projects/${project.body.id}`).expect(200);
    await w.as('police').post(`/api/v1/projects/${project.body.id}/start-construction`).expect(200);
    expectProblem(
      await w.as('police').patch(`/api/v1/projects/${project.body.id}`).set('If-Match', p1.headers.etag).send({ name: '过期的修改' }),
      412,
      'precondition_failed',
    );
  });

  it('checks the role and the object before the version', async () => {
    const created = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '顺序目录' }))
      .expect(201);
    expectProblem(await w.as('edu').patch(`/api/v1/resources/${created.body.id}`).send({ summary: 'x' }), 403, 'role_required');
    expectProblem(await w.as('civil').patch(`/api/v1/resources/${created.body.id}`).send({ summary: 'x' }), 404, 'not_found');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry instead of creating twice, per caller', async () => {
    const body = completeEntry({ name: '幂等目录' });
    const first = await w.as('police').post('/api/v1/resources').set('Idempotency-Key', 'retry-1').send(body).expect(201);
    const before = await w.counts();
    const again = await w.as('police').post('/api/v1/resources').set('Idempotency-Key', 'retry-1').send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await w.counts()).toEqual(before);
    // Another caller's key space is its own.
    const civil = await w.as('civil').post('/api/v1/resources').set('Idempotency-Key', 'retry-1').send(body).expect(201);
    expect(civil.body.id).not.toBe(first.body.id);
  });

  it('refuses a key reused for a different request, and releases the key of a failed attempt', async () => {
    await w
      .as('police')
      .post('/api/v1/projects')
      .set('Idempotency-Key', 'proj-1')
      .send({ code: 'IDEM-1', name: '幂等项目', content: '内容', approvedBudgetYuan: 1 })
      .expect(201);
    expectProblem(
      await w
        .as('police')
        .post('/api/v1/projects')
        .set('Idempotency-Key', 'proj-1')
        .send({ code: 'IDEM-2', name: '另一个', content: '内容', approvedBudgetYuan: 1 }),
      422,
      'idempotency_key_reused',
    );
    const failed = await w
      .as('police')
      .post('/api/v1/projects')
      .set('Idempotency-Key', 'proj-2')
      .send({ code: 'IDEM-1', name: '重复编码', content: '内容', approvedBudgetYuan: 1 });
    expectProblem(failed, 409, 'project_code_exists');
    const fixed = await w
      .as('police')
      .post('/api/v1/projects')
      .set('Idempotency-Key', 'proj-2')
      .send({ code: 'IDEM-3', name: '改正后', content: '内容', approvedBudgetYuan: 1 });
    expect(fixed.status).toBe(201);
    expectProblem(
      await w
        .as('police')
        .post('/api/v1/projects')
        .set('Idempotency-Key', 'x'.repeat(201))
        .send({ code: 'IDEM-4', name: 'n', content: 'c', approvedBudgetYuan: 1 }),
      400,
      'invalid_idempotency_key',
    );
  });

  it("marks the claim done in the write's own transaction, so a crash before the answer is recorded never lets a retry create twice", async () => {
    const body = { code: 'IDEM-CRASH', name: '崩溃前已提交', content: '内容', approvedBudgetYuan: 1 };
    const first = await w.as('police').post('/api/v1/projects').set('Idempotency-Key', 'crash-1').send(body).expect(201);
    const claim = await w.db('idempotency_keys').where({ user_id: w.userId.police, idempotency_key: 'crash-1' }).first();
    expect({ committed: claim.committed_at !== null, objectType: claim.object_type, objectId: claim.object_id }).toEqual({
      committed: true,
      objectType: 'project',
      objectId: first.body.id,
    });
    // What a SIGKILL between the commit and the recording of the answer leaves behind.
    await w
      .db('idempotency_keys')
      .where({ user_id: w.userId.police, idempotency_key: 'crash-1' })
      .update({ status_code: null, response_json: null });
    w.clock.advance(5 * 60_000);
    const before = await w.counts();
    const retry = await w.as('police').post('/api/v1/projects').set('Idempotency-Key', 'crash-1').send(body);
    expectProblem(retry, 409, 'idempotency_request_committed');
    expect(retry.body.detail).toContain(first.body.id);
    expect(await w.counts()).toEqual(before);
  });

  it('lets a retry proceed once a claim that never committed is a minute old', async () => {
    const body = { code: 'IDEM-LOST', name: '崩溃前未提交', content: '内容', approvedBudgetYuan: 1 };
    // What a SIGKILL before the write committed leaves behind: a bare claim, with no object.
    const claim = {
      user_id: w.userId.police,
      idempotency_key: 'crash-2',
      fingerprint: requestFingerprint('POST', '/api/v1/projects', body),
      status_code: null,
      response_json: null,
    };
    await w.db('idempotency_keys').insert({ ...claim, created_at: w.clock.now().toISOString() });
    const before = await w.counts();
    expectProblem(
      await w.as('police').post('/api/v1/projects').set('Idempotency-Key', 'crash-2').send(body),
      409,
      'idempotency_in_progress',
    );
    expect(await w.counts()).toEqual(before);
    w.clock.advance(61_000);
    await w.as('police').post('/api/v1/projects').set('Idempotency-Key', 'crash-2').send(body).expect(201);
    expect(Number((await w.db('projects').where({ code: 'IDEM-LOST' }).count('* as n'))[0].n)).toBe(1);
  });
});
