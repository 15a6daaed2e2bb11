import request from 'supertest';
import { UUID, NO_SUCH_ID, expectProblem, collectPages } from '../support/assertions';
import { createWorld, World } from '../support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

let serial = 0;
function project(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    code: `FZXX-2026-${String(serial).padStart(3, '0')}`,
    name: `测试信息化项目${serial}`,
    content: '建设数据采集与共享交换子系统。',
    approvedBudgetYuan: 500000,
    ...overrides,
  };
}

describe('registering a project', () => {
  it('lets a producer register a project for its own department when ownerDepartmentId is omitted', async () => {
    const body = project({
      code: 'FZGA-2026-001',
      name: ' 智慧公安大数据平台 ',
      content: ' 建设人口信息查询接口。 ',
      approvedBudgetYuan: 1234567.89,
    });
    const res = await w.as('police').post('/api/v1/projects').send(body).expect(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(UUID),
      code: 'FZGA-2026-001',
      name: '智慧公安大数据平台',
      ownerDepartmentId: w.departmentId.police,
      ownerDepartmentName: '测试市公安局',
      content: '建设人口信息查询接口。',
      approvedBudgetYuan: 1234567.89,
      createdAt: w.clock.now().toISOString(),
      updatedAt: w.clock.now().toISOString(),
      stage: 'approved',
      acceptedAt: null,
      paymentWithheld: false,
    });

    // The budget round-trips exactly, and is stored as whole fen.
    const got = await w.as('police').get(`/api/v1/projects/${res.body.id}`).expect(200);
    expect(got.body).toEqual(res.body);
    expect(got.body.approvedBudgetYuan).toBe(1234567.89);
    const row = await w.db('projects').where({ id: res.body.id }).first();
    expect(Number(row.approved_budget_fen)).toBe(123456789);

    const audit = await w.db('audit_events').where({ action: 'project.created', object_id: res.body.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ object_type: 'project', user_id: w.userId.police, department_id: w.departmentId.police });
    expect(JSON.parse(audit[0].details_json)).toEqual({ code: 'FZGA-2026-001', ownerDepartmentId: w.departmentId.police });
  });

  it('lets a producer name its own department explicitly', async () => {
    const res = await w
      .as('civil')
      .post('/api/v1/projects')
      .send(project({ ownerDepartmentId: w.departmentId.civil }))
      .expect(201);
    expect(res.body.ownerDepartmentId).toBe(w.departmentId.civil);
    expect(res.body.ownerDepartmentName).toBe('测试市民政局');
  });

  it('refuses a producer naming another department with 403 not_own_department', async () => {
    const before = await w.counts();
    const res = await w
      .as('police')
      .post('/api/v1/projects')
      .send(project({ ownerDepartmentId: w.departmentId.civil }));
    expectProblem(res, 403, 'not_own_department');
    expect(await w.counts()).toEqual(before);
  });

  it.each(['edu', 'police2', 'auditor'] as const)('refuses %s (neither producer nor bureau) with 403', async (actor) => {
    const before = await w.counts();
    const res = await w.as(actor).post('/api/v1/projects').send(project());
    expectProblem(res, 403, 'role_required');
    expect(await w.counts()).toEqual(before);
  });

  it('requires the bureau to name the owning department (422)', async () => {
    const before = await w.counts();
    const res = await w.as('bureau').post('/api/v1/projects').send(project());
    expectProblem(res, 422, 'owner_department_required');
    expect(res.body.errors[0].path).toBe('/ownerDepartmentId');
    expect(await w.counts()).toEqual(before);
  });

  it('lets the bureau register a project for any department', async () => {
    for (const department of ['edu', 'civil', 'bureau'] as const) {
      const res = await w
        .as('bureau')
        .post('/api/v1/projects')
        .send(project({ ownerDepartmentId: w.departmentId[department] }))
        .expect(201);
      expect(res.body.ownerDepartmentId).toBe(w.departmentId[department]);
      const audit = await w.db('audit_events').where({ action: 'project.created', object_id: res.body.id }).first();
      expect(audit.user_id).toBe(w.userId.bureau);
    }
  });

  it('refuses the bureau naming an unknown department with 422', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/projects')
      .send(project({ ownerDepartmentId: NO_SUCH_ID }));
    expectProblem(res, 422, 'unknown_department');
    expect(await w.counts()).toEqual(before);
  });

  it.each([1.005, 0.001, 12345.678])('refuses a budget of %p yuan (three decimals) with 422 invalid_amount', async (approvedBudgetYuan) => {
    const before = await w.counts();
    const res = await w.as('police').post('/api/v1/projects').send(project({ approvedBudgetYuan }));
    expectProblem(res, 422, 'invalid_amount');
    expect(res.body.errors[0].path).toBe('/approvedBudgetYuan');
    expect(await w.counts()).toEqual(before);
  });

  it.each([0, 0.01, 19.99, 99999999.99, 100000000000])('stores a budget of %p yuan exactly', async (approvedBudgetYuan) => {
    const res = await w.as('civil').post('/api/v1/projects').send(project({ approvedBudgetYuan })).expect(201);
    expect(res.body.approvedBudgetYuan).toBe(approvedBudgetYuan);
    const got = await w.as('civil').get(`/api/v1/projects/${res.body.id}`).expect(200);
    expect(got.body.approvedBudgetYuan).toBe(approvedBudgetYuan);
    const row = await w.db('projects').where({ id: res.body.id }).first();
    expect(Number(row.approved_budget_fen)).toBe(Math.round(approvedBudgetYuan * 100));
  });

  // Regression: yuan × 100 carries a rounding error that grows with the amount; a two-decimal
  // budget of 3亿 yuan must still be accepted.
  it('stores a two-decimal budget of 300000000.03 yuan', async () => {
    const res = await w
      .as('civil')
      .post('/api/v1/projects')
      .send(project({ approvedBudgetYuan: 300000000.03 }));
    expect(res.status).toBe(201);
    expect(res.body.approvedBudgetYuan).toBe(300000000.03);
  });

  it.each([
    ['a negative budget', { approvedBudgetYuan: -1 }],
    ['a budget above the maximum', { approvedBudgetYuan: 100000000000.01 }],
    ['a budget as a string', { approvedBudgetYuan: '100.00' }],
    ['a code with a space', { code: 'FZ 2026' }],
    ['a code starting with a dash', { code: '-2026' }],
    ['a blank name', { name: '  ' }],
    ['an unknown field', { status: 'approved' }],
    ['a malformed ownerDepartmentId', { ownerDepartmentId: 'police' }],
  ])('refuses %s with 400', async (_label, overrides) => {
    const before = await w.counts();
    const res = await w.as('police').post('/api/v1/projects').send(project(overrides));
    expectProblem(res, 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
  });

  it('refuses a code already used, by any department, with 409 project_code_exists', async () => {
    await w
      .as('civil')
      .post('/api/v1/projects')
      .send(project({ code: 'FZMZ-2026-DUP' }))
      .expect(201);
    const before = await w.counts();
    expectProblem(
      await w
        .as('civil')
        .post('/api/v1/projects')
        .send(project({ code: 'FZMZ-2026-DUP' })),
      409,
      'project_code_exists',
    );
    expectProblem(
      await w
        .as('police')
        .post('/api/v1/projects')
        .send(project({ code: 'FZMZ-2026-DUP' })),
      409,
      'project_code_exists',
    );
    expectProblem(
      await w
        .as('bureau')
        .post('/api/v1/projects')
        .send(project({ code: 'FZMZ-2026-DUP', ownerDepartmentId: w.departmentId.edu })),
      409,
      'project_code_exists',
    );
    expect(await w.counts()).toEqual(before);
  });
});

describe('listing and reading projects', () => {
  let policeProject: string;
  let civilProject: string;
  beforeAll(async () => {
    policeProject = (
      await w
        .as('police')
        .post('/api/v1/projects')
        .send(project({ name: '公安列表项目' }))
        .expect(201)
    ).body.id;
    civilProject = (
      await w
        .as('civil')
        .post('/api/v1/projects')
        .send(project({ name: '民政列表项目' }))
        .expect(201)
    ).body.id;
  });

  const ids = (res: request.Response) => res.body.items.map((p: { id: string }) => p.id).sort();

  it('shows the bureau every project', async () => {
    const all = await w.db('projects').select('id');
    const res = await w.as('bureau').get('/api/v1/projects?limit=100').expect(200);
    expect(ids(res)).toEqual(all.map((p: { id: string }) => p.id).sort());
    expect(res.body.nextCursor).toBeNull();
  });

  it.each([
    ['police', 'police'],
    ['police2', 'police'],
    ['civil', 'civil'],
    ['edu', 'edu'],
  ] as const)("shows %s only its department's projects", async (actor, department) => {
    const own = await w.db('projects').where({ owner_department_id: w.departmentId[department] }).select('id');
    const res = await w.as(actor).get('/api/v1/projects?limit=100').expect(200);
    expect(ids(res)).toEqual(own.map((p: { id: string }) => p.id).sort());
    for (const p of res.body.items) expect(p.ownerDepartmentId).toBe(w.departmentId[department]);
  });

  it("gives a department nothing when it filters on another department's projects", async () => {
    const res = await w.as('police').get(`/api/v1/projects?ownerDepartmentId=${w.departmentId.civil}`).expect(200);
    expect(res.body.items).toEqual([]);
    const byBureau = await w.as('bureau').get(`/api/v1/projects?ownerDepartmentId=${w.departmentId.civil}&limit=100`).expect(200);
    expect(ids(byBureau)).toContain(civilProject);
    expect(ids(byBureau)).not.toContain(policeProject);
  });

  it('pages through all projects with limit=2 without duplicates', async () => {
    const total = (await w.counts()).projects;
    const seen = (await collectPages(w.as('bureau'), '/api/v1/projects')).map((p) => p.id);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it("answers another department's project with 404, and lets the owner, a colleague and the bureau read it", async () => {
    expectProblem(await w.as('civil').get(`/api/v1/projects/${policeProject}`), 404, 'not_found');
    expectProblem(await w.as('edu').get(`/api/v1/projects/${policeProject}`), 404, 'not_found');
    expect((await w.as('police').get(`/api/v1/projects/${policeProject}`).expect(200)).body.name).toBe('公安列表项目');
    expect((await w.as('police2').get(`/api/v1/projects/${policeProject}`).expect(200)).body.id).toBe(policeProject);
    expect((await w.as('bureau').get(`/api/v1/projects/${policeProject}`).expect(200)).body.id).toBe(policeProject);
  });

  it('answers an unknown id with 404 and a malformed one with 400', async () => {
    expectProblem(await w.as('bureau').get(`/api/v1/projects/${NO_SUCH_ID}`), 404, 'not_found');
    expectProblem(await w.as('bureau').get('/api/v1/projects/FZGA-2026-001'), 400, 'invalid_parameter');
  });
});

describe('correcting a project', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await w
        .as('police')
        .post('/api/v1/projects')
        .send(project({ code: 'FZGA-2026-EDIT', name: '待修改的项目', approvedBudgetYuan: 100 }))
        .expect(201)
    ).body.id;
  });

  it('lets the owning producer correct it, with an audit event', async () => {
    const before = (await w.as('police').get(`/api/v1/projects/${id}`).expect(200)).body;
    w.clock.advance(60_000);
    const res = await w
      .as('police')
      .patch(`/api/v1/projects/${id}`)
      .set('If-Match', '*')
      .send({ name: '已修改的项目', approvedBudgetYuan: 2500000.5 })
      .expect(200);
    expect(res.body).toEqual({ ...before, name: '已修改的项目', approvedBudgetYuan: 2500000.5, updatedAt: w.clock.now().toISOString() });
    expect((await w.as('police').get(`/api/v1/projects/${id}`).expect(200)).body).toEqual(res.body);
    expect(Number((await w.db('projects').where({ id }).first()).approved_budget_fen)).toBe(250000050);

    const audit = await w.db('audit_events').where({ action: 'project.updated', object_id: id });
    expect(audit).toHaveLength(1);
    expect(audit[0].user_id).toBe(w.userId.police);
    const details = JSON.parse(audit[0].details_json);
    expect(details.before).toMatchObject({ name: '待修改的项目', approvedBudgetYuan: 100 });
    expect(details.after).toMatchObject({ name: '已修改的项目', approvedBudgetYuan: 2500000.5 });
  });

  it('lets the bureau correct it, including its code', async () => {
    w.clock.advance(60_000);
    const res = await w
      .as('bureau')
      .patch(`/api/v1/projects/${id}`)
      .set('If-Match', '*')
      .send({ code: 'FZGA-2026-EDIT2', content: '调整建设内容。' })
      .expect(200);
    expect(res.body).toMatchObject({
      id,
      code: 'FZGA-2026-EDIT2',
      content: '调整建设内容。',
      ownerDepartmentId: w.departmentId.police,
      approvedBudgetYuan: 2500000.5,
    });
    const audit = await w.db('audit_events').where({ action: 'project.updated', object_id: id }).orderBy('seq');
    expect(audit).toHaveLength(2);
    expect(audit[1].user_id).toBe(w.userId.bureau);
  });

  it("answers another department's producer with 404 and changes nothing", async () => {
    const before = await w.counts();
    const row = await w.db('projects').where({ id }).first();
    expectProblem(await w.as('civil').patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({ name: '越权修改' }), 404, 'not_found');
    expect(await w.counts()).toEqual(before);
    expect(await w.db('projects').where({ id }).first()).toEqual(row);
  });

  it.each(['police2', 'edu', 'auditor'] as const)(
    'refuses %s (not a producer nor the bureau) with 403 and changes nothing',
    async (actor) => {
      const before = await w.counts();
      const row = await w.db('projects').where({ id }).first();
      expectProblem(
        await w.as(actor).patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({ name: '越权修改' }),
        403,
        'role_required',
      );
      expect(await w.counts()).toEqual(before);
      expect(await w.db('projects').where({ id }).first()).toEqual(row);
    },
  );

  it('refuses a code already used with 409, but accepts the project keeping its own code', async () => {
    await w
      .as('police')
      .post('/api/v1/projects')
      .send(project({ code: 'FZGA-2026-TAKEN' }))
      .expect(201);
    const before = await w.counts();
    expectProblem(
      await w.as('police').patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({ code: 'FZGA-2026-TAKEN' }),
      409,
      'project_code_exists',
    );
    expect(await w.counts()).toEqual(before);
    const same = await w.as('police').patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({ code: 'FZGA-2026-EDIT2' }).expect(200);
    expect(same.body.code).toBe('FZGA-2026-EDIT2');
  });

  it('refuses a three-decimal budget with 422, and an empty or unknown patch with 400', async () => {
    const before = await w.counts();
    const res = await w.as('police').patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({ approvedBudgetYuan: 10.001 });
    expectProblem(res, 422, 'invalid_amount');
    expect(res.body.errors[0].path).toBe('/approvedBudgetYuan');
    expectProblem(await w.as('police').patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({}), 400, 'invalid_body');
    expectProblem(
      await w.as('police').patch(`/api/v1/projects/${id}`).set('If-Match', '*').send({ ownerDepartmentId: w.departmentId.civil }),
      400,
      'invalid_body',
    );
    expect(await w.counts()).toEqual(before);
    expect(Number((await w.db('projects').where({ id }).first()).approved_budget_fen)).toBe(250000050);
  });

  it('answers an unknown project with 404', async () => {
    const before = await w.counts();
    expectProblem(
      await w.as('bureau').patch(`/api/v1/projects/${NO_SUCH_ID}`).set('If-Match', '*').send({ name: '不存在' }),
      404,
      'not_found',
    );
    expect(await w.counts()).toEqual(before);
  });
});
