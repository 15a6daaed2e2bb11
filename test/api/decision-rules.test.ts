import { expectProblem } from '../support/assertions';
import { deliverSample } from '../support/exchange';
import { completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Defects an adversarial probe found in the rules around decisions, each pinned here: what a
// verification covered, who reads a draft request's events, how far an acceptance delay may
// reach, and which ETag an answer carries.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const DAY = 24 * 3600 * 1000;

async function projectInTrialRun(code: string) {
  const p = (
    await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 100 })
      .expect(201)
  ).body;
  for (const [path, who] of [
    ['start-construction', 'police'],
    ['complete', 'police'],
    ['preliminary-acceptance', 'bureau'],
    ['start-trial-run', 'police'],
  ] as const) {
    await w.as(who).post(`/api/v1/projects/${p.id}/${path}`).expect(200);
  }
  return p.id as string;
}

/** A published entry of the project whose every provision mode is connected: its APIs answer from a delivery. */
async function connectedEntry(projectId: string, name: string) {
  const entry = await publishEntry(w, {
    name,
    projectId,
    updateCycle: 'irregular',
    provisionModes: [{ mode: 'query_api', description: '按身份证号查询' }, { mode: 'verification_api' }],
  });
  await deliverSample(w, entry.id);
  return entry;
}

describe('a verification stands only for what it covered', () => {
  let projectId: string;
  let kept: { id: string; items: unknown[] };
  let other: { id: string };

  beforeAll(async () => {
    w.clock.set(new Date('2026-03-02T01:00:00Z'));
    projectId = await projectInTrialRun('COVER-1');
    kept = await connectedEntry(projectId, '核验覆盖目录甲');
    other = await connectedEntry(projectId, '核验覆盖目录乙');
    await w.as('police').post(`/api/v1/projects/${projectId}/sharing-declaration`).send({ statement: '无部门提出共享申请' }).expect(200);
    w.clock.advance(100 * DAY);
  });

  const onboarding = async () => (await w.as('bureau').get(`/api/v1/projects/${projectId}/onboarding`).expect(200)).body;
  // The latest verification is the one verified last: a minute passes between the bureau's.
  beforeEach(() => w.clock.advance(60_000));

  it('goes stale when one of the verified entries is withdrawn, and acceptance is refused with the reason', async () => {
    await w.as('bureau').post(`/api/v1/projects/${projectId}/onboarding/verification`).expect(201);
    expect(await onboarding()).toMatchObject({ ready: true, verificationCurrent: true, staleReasons: [] });
    await w.as('police').post(`/api/v1/resources/${other.id}/withdraw`).send({ reason: '停止维护' }).expect(200);
    // The checklist still holds (a withdrawn entry is no longer the project's to connect)…
    const after = await onboarding();
    expect(after).toMatchObject({ ready: true, verificationCurrent: false });
    // …but the verification covered that entry.
    expect(after.staleReasons).toEqual([expect.stringContaining('核验覆盖目录乙')]);
    const refused = await w.as('bureau').post(`/api/v1/projects/${projectId}/acceptance`);
    expectProblem(refused, 422, 'acceptance_refused');
    expect(refused.body.errors.map((e: { code: string }) => e.code)).toEqual(['onboarding_verification_stale']);
  });

  it("goes stale when a verified entry's provision modes or items are edited, not when its summary is", async () => {
    await w.as('bureau').post(`/api/v1/projects/${projectId}/onboarding/verification`).expect(201);
    expect(await onboarding()).toMatchObject({ verificationCurrent: true, staleReasons: [] });
    await w
      .as('police')
      .patch(`/api/v1/resources/${kept.id}`)
      .set('If-Match', '*')
      .send({ summary: '只改了摘要。', changeReason: '完善摘要' })
      .expect(200);
    expect(await onboarding()).toMatchObject({ verificationCurrent: true, staleReasons: [] });
    await w
      .as('police')
      .patch(`/api/v1/resources/${kept.id}`)
      .set('If-Match', '*')
      .send({ provisionModes: [{ mode: 'query_api', description: '按身份证号查询' }], changeReason: '停用核验接口' })
      .expect(200);
    expect((await onboarding()).staleReasons).toEqual([expect.stringContaining('提供方式已变更')]);
    w.clock.advance(60_000);
    await w.as('bureau').post(`/api/v1/projects/${projectId}/onboarding/verification`).expect(201);
    const items = kept.items.slice(0, 3);
    await w
      .as('police')
      .patch(`/api/v1/resources/${kept.id}`)
      .set('If-Match', '*')
      .send({ items, changeReason: '删去一个信息项' })
      .expect(200);
    expect(await onboarding()).toMatchObject({ verificationCurrent: false, staleReasons: [expect.stringContaining('信息项已变更')] });
    // A new verification covers the entry as it is now, and acceptance passes.
    w.clock.advance(60_000);
    await w.as('bureau').post(`/api/v1/projects/${projectId}/onboarding/verification`).expect(201);
    await w.as('bureau').post(`/api/v1/projects/${projectId}/acceptance`).expect(200);
  });
});

describe("a request's trail follows who may see the request", () => {
  it("keeps a draft's events (and a draft cancelled unsubmitted) from the producer, and shows them once submitted", async () => {
    const entry = await publishEntry(w, { name: '草稿可见性目录' });
    const eventsFor = async (who: 'police' | 'edu', objectId: string) =>
      (await w.as(who).get(`/api/v1/audit-events?objectId=${objectId}&limit=100`).expect(200)).body.items.map(
        (e: { action: string }) => e.action,
      );

    const draft = (await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(entry.id)).expect(201)).body;
    await w.as('edu').patch(`/api/v1/sharing-requests/${draft.id}`).set('If-Match', '"v1"').send({ purpose: '修改后的用途' }).expect(200);
    expectProblem(await w.as('police').get(`/api/v1/sharing-requests/${draft.id}`), 404, 'not_found');
    expect(await eventsFor('police', draft.id)).toEqual([]);
    expect(await eventsFor('edu', draft.id)).toEqual(['sharing_request.updated', 'sharing_request.created']);

    // Cancelled before it was ever submitted: still the consumer's own.
    const cancelled = (await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(entry.id)).expect(201)).body;
    await w.as('edu').post(`/api/v1/sharing-requests/${cancelled.id}/cancel`).expect(200);
    expectProblem(await w.as('police').get(`/api/v1/sharing-requests/${cancelled.id}`), 404, 'not_found');
    expect(
      (await w.as('police').get('/api/v1/sharing-requests?side=incoming&limit=100').expect(200)).body.items.map(
        (r: { id: string }) => r.id,
      ),
    ).not.toContain(cancelled.id);
    expect(await eventsFor('police', cancelled.id)).toEqual([]);

    // Submitted: the producer sees the request and its whole trail.
    await w.as('edu').post(`/api/v1/sharing-requests/${draft.id}/submit`).expect(200);
    await w.as('police').get(`/api/v1/sharing-requests/${draft.id}`).expect(200);
    expect(await eventsFor('police', draft.id)).toEqual([
      'sharing_request.submitted',
      'sharing_request.updated',
      'sharing_request.created',
    ]);
  });
});

describe('acceptance delays are bounded, counted and refusable', () => {
  it("refuses a new date beyond the city's maximum, counts every report, and lets the bureau refuse one", async () => {
    w.clock.set(new Date('2026-03-02T01:00:00Z'));
    const projectId = await projectInTrialRun('DELAY-1');
    w.clock.set(new Date('2026-10-01T01:00:00Z'));
    const path = `/api/v1/projects/${projectId}/acceptance-delay`;
    const far = await w.as('police').post(path).send({ reason: '等待上级系统对接', newDate: '9999-12-31' });
    expectProblem(far, 422, 'new_date_too_far');
    expect(far.body.detail).toContain('2027-04-01');
    expectProblem(await w.as('police').post(path).send({ reason: '等待上级系统对接', newDate: '2027-04-02' }), 422, 'new_date_too_far');
    const first = (await w.as('police').post(path).send({ reason: '等待上级系统对接', newDate: '2027-04-01' }).expect(200)).body;
    expect(first.acceptanceDelay).toMatchObject({ newDate: '2027-04-01', timesReported: 1 });
    const second = (await w.as('police').post(path).send({ reason: '仍在等待', newDate: '2027-03-01' }).expect(200)).body;
    expect(second.acceptanceDelay).toMatchObject({ newDate: '2027-03-01', timesReported: 2 });

    // Only the bureau refuses; the project is then judged by its original date again.
    expectProblem(await w.as('police').post(`${path}/refusal`).send({ reason: '理由不充分' }), 403, 'role_required');
    const refused = (await w.as('bureau').post(`${path}/refusal`).send({ reason: '理由不充分' }).expect(200)).body;
    expect(refused).toMatchObject({ acceptanceDelay: null, acceptanceOverdue: true });
    expectProblem(await w.as('bureau').post(`${path}/refusal`).send({ reason: '再次驳回' }), 409, 'no_acceptance_delay');
    const history = (await w.as('bureau').get(`/api/v1/projects/${projectId}/history`).expect(200)).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(history.filter((a: string) => a.endsWith('acceptance_delay'))).toEqual([
      'report_acceptance_delay',
      'report_acceptance_delay',
      'refuse_acceptance_delay',
    ]);
    const third = (await w.as('police').post(path).send({ reason: '第三次', newDate: '2027-01-01' }).expect(200)).body;
    expect(third.acceptanceDelay.timesReported).toBe(3);
  });
});

describe("every answer that shows a versioned object carries that row's version as its ETag", () => {
  it('so an update with the ETag of the create, an action or a read succeeds', async () => {
    const created = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: 'ETag 创建目录' }))
      .expect(201);
    expect(created.headers.etag).toBe('"v1"');
    const patched = await w
      .as('police')
      .patch(`/api/v1/resources/${created.body.id}`)
      .set('If-Match', created.headers.etag)
      .send({ summary: '用创建时的 ETag 修改' })
      .expect(200);
    expect(patched.headers.etag).toBe('"v2"');
    const submitted = await w.as('police').post(`/api/v1/resources/${created.body.id}/submit`).expect(200);
    expect(submitted.headers.etag).toBe('"v3"');
    expect((await w.as('police').get(`/api/v1/resources/${created.body.id}`)).headers.etag).toBe(submitted.headers.etag);

    const entry = await publishEntry(w, { name: 'ETag 申请目录' });
    const draft = await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(entry.id)).expect(201);
    expect(draft.headers.etag).toBe('"v1"');
    await w
      .as('edu')
      .patch(`/api/v1/sharing-requests/${draft.body.id}`)
      .set('If-Match', draft.headers.etag)
      .send({ purpose: '新用途' })
      .expect(200);
    const oneStep = await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(entry.id), submit: true })
      .expect(201);
    expect(oneStep.headers.etag).toBe('"v2"');
    expect((await w.as('edu').get(`/api/v1/sharing-requests/${oneStep.body.id}`)).headers.etag).toBe('"v2"');
    const approved = await w.as('police').post(`/api/v1/sharing-requests/${oneStep.body.id}/approve`).send({}).expect(200);
    expect(approved.headers.etag).toBe('"v3"');

    const project = await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code: 'ETAG-CREATE', name: 'ETag 项目', content: '内容', approvedBudgetYuan: 1 })
      .expect(201);
    expect(project.headers.etag).toBe('"v1"');
    const stepped = await w.as('police').post(`/api/v1/projects/${project.body.id}/start-construction`).expect(200);
    expect(stepped.headers.etag).toBe('"v2"');
    await w
      .as('police')
      .patch(`/api/v1/projects/${project.body.id}`)
      .set('If-Match', stepped.headers.etag)
      .send({ name: 'ETag 项目（改）' })
      .expect(200);

    const department = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: 'ETag 测试局', creditCode: '11350100MB00000100', level: 'municipal' })
      .expect(201);
    expect(department.headers.etag).toBe('"v1"');
    const renamed = await w
      .as('bureau')
      .patch(`/api/v1/departments/${department.body.id}`)
      .set('If-Match', department.headers.etag)
      .send({ level: 'county' })
      .expect(200);
    expect(renamed.headers.etag).toBe('"v2"');

    const user = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: '王芳', departmentId: department.body.id, roles: ['consumer'] })
      .expect(201);
    expect(user.headers.etag).toBe('"v1"');
    const deactivated = await w
      .as('bureau')
      .patch(`/api/v1/users/${user.body.id}`)
      .set('If-Match', user.headers.etag)
      .send({ active: false })
      .expect(200);
    expect(deactivated.headers.etag).toBe('"v2"');
    expect((await w.as('bureau').get(`/api/v1/users/${user.body.id}`)).headers.etag).toBe('"v2"');
  });
});
