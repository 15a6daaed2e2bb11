import request from 'supertest';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { UUID, NO_SUCH_ID, expectProblem, collectPages } from '../support/assertions';
import { createWorld, START, World } from '../support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

let serial = 100;
/** A fresh valid credit code (institutions' prefix 12, Fuzhou 350100). */
function newCreditCode(): string {
  serial += 1;
  return withCreditCodeCheckChar(`12350100MB${String(serial).padStart(7, '0')}`);
}

/** The same code with a wrong (but well-formed) check character. */
function withWrongCheckChar(code: string): string {
  const wrong = ALPHABET[(ALPHABET.indexOf(code[17]) + 1) % ALPHABET.length];
  return code.slice(0, 17) + wrong;
}

async function auditRows(action: string, objectId: string) {
  return w.db('audit_events').where({ action, object_id: objectId });
}

describe('registering a department', () => {
  it('lets the bureau register a department and records the audit event', async () => {
    const creditCode = newCreditCode();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '测试市人力资源和社会保障局', creditCode, level: 'municipal' })
      .expect(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      name: '测试市人力资源和社会保障局',
      creditCode,
      level: 'municipal',
      isBureau: false,
      createdAt: w.clock.now().toISOString(),
      updatedAt: w.clock.now().toISOString(),
    });

    const got = await w.as('edu').get(`/api/v1/departments/${res.body.id}`).expect(200);
    expect(got.body).toEqual(res.body);

    const rows = await auditRows('department.created', res.body.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      object_type: 'department',
      user_id: w.userId.bureau,
      department_id: w.departmentId.bureau,
      result: 'success',
    });
    expect(JSON.parse(rows[0].details_json)).toEqual({ name: '测试市人力资源和社会保障局', creditCode });
  });

  it('trims the name and stores the chosen level', async () => {
    const creditCode = newCreditCode();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '  测试市鼓楼区卫生健康局 ', creditCode, level: 'county' })
      .expect(201);
    expect(res.body).toMatchObject({ name: '测试市鼓楼区卫生健康局', level: 'county', isBureau: false });
    const row = await w.db('departments').where({ id: res.body.id }).first();
    expect(row.name).toBe('测试市鼓楼区卫生健康局');
    expect(row.credit_code).toBe(creditCode);
  });

  it.each(['police', 'civil', 'edu', 'auditor', 'police2'] as const)(
    'refuses %s (not the bureau) with 403 and writes nothing',
    async (actor) => {
      const before = await w.counts();
      const res = await w
        .as(actor)
        .post('/api/v1/departments')
        .send({ name: `越权登记的部门-${actor}`, creditCode: newCreditCode(), level: 'municipal' });
      expectProblem(res, 403, 'role_required');
      expect(await w.counts()).toEqual(before);
    },
  );

  it('refuses a credit code with a wrong check character with 422 invalid_credit_code', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '校验码错误的部门', creditCode: withWrongCheckChar(newCreditCode()), level: 'municipal' });
    expectProblem(res, 422, 'invalid_credit_code');
    expect(res.body.errors[0]).toMatchObject({ path: '/creditCode', code: 'check_character' });
    expect(await w.counts()).toEqual(before);
  });

  it('refuses a real published code with its last character changed', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '改动了校验码的部门', creditCode: '91350100M000100Y44', level: 'municipal' });
    expectProblem(res, 422, 'invalid_credit_code');
    expect(res.body.errors[0].path).toBe('/creditCode');
    expect(await w.counts()).toEqual(before);
  });

  it.each([
    ['lower case', (c: string) => c.toLowerCase()],
    ['17 characters', (c: string) => c.slice(0, 17)],
    ['19 characters', (c: string) => `${c}0`],
    ['a forbidden letter (I)', (c: string) => `${c.slice(0, 9)}I${c.slice(10)}`],
    ['a forbidden letter (O)', (c: string) => `${c.slice(0, 9)}O${c.slice(10)}`],
    ['a letter in the six-digit area code', (c: string) => `${c.slice(0, 2)}A${c.slice(3)}`],
  ])('refuses a credit code with %s by the schema pattern (400)', async (_label, mangle) => {
    const creditCode = mangle(newCreditCode());
    const before = await w.counts();
    const res = await w.as('bureau').post('/api/v1/departments').send({ name: '格式错误的部门', creditCode, level: 'municipal' });
    expectProblem(res, 400, 'invalid_body');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContainEqual(expect.stringMatching(/creditCode$/));
    expect(await w.counts()).toEqual(before);
  });

  it("refuses another department's credit code with 409 department_exists", async () => {
    const policeCode = (await w.db('departments').where({ id: w.departmentId.police }).first()).credit_code;
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '重复信用代码的部门', creditCode: policeCode, level: 'municipal' });
    expectProblem(res, 409, 'department_exists');
    expect(await w.counts()).toEqual(before);
  });

  it.each([
    ['the same name', '测试市公安局'],
    ['the same name with surrounding spaces', ' 测试市公安局  '],
  ])("refuses %s as another department's with 409 department_exists", async (_label, name) => {
    const before = await w.counts();
    const res = await w.as('bureau').post('/api/v1/departments').send({ name, creditCode: newCreditCode(), level: 'municipal' });
    expectProblem(res, 409, 'department_exists');
    expect(await w.counts()).toEqual(before);
  });

  it('refuses a second bureau with 409 bureau_exists', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '第二个大数据管理局', creditCode: newCreditCode(), level: 'municipal', isBureau: true });
    expectProblem(res, 409, 'bureau_exists');
    expect(await w.counts()).toEqual(before);
    expect(await w.db('departments').where({ is_bureau: true })).toHaveLength(1);
  });

  it('refuses an unknown field with 400 invalid_body', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '多字段的部门', creditCode: newCreditCode(), level: 'municipal', parentId: NO_SUCH_ID });
    expectProblem(res, 400, 'invalid_body');
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ path: expect.stringMatching(/parentId$/), code: 'additionalProperties' }),
    );
    expect(await w.counts()).toEqual(before);
  });

  it.each([
    ['no name', { level: 'municipal' }],
    ['a blank name', { name: '   ', level: 'municipal' }],
    ['an unknown level', { name: '级别错误的部门', level: 'national' }],
    ['no level', { name: '缺少级别的部门' }],
  ])('refuses a body with %s with 400', async (_label, body) => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ creditCode: newCreditCode(), ...body });
    expectProblem(res, 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
  });

  it('refuses a call without a token with 401 and writes nothing', async () => {
    const before = await w.counts();
    const res = await request(w.app)
      .post('/api/v1/departments')
      .send({ name: '匿名登记的部门', creditCode: newCreditCode(), level: 'municipal' });
    expectProblem(res, 401, 'unauthenticated');
    expect(await w.counts()).toEqual(before);
  });
});

describe('listing and reading departments', () => {
  beforeAll(async () => {
    // A few more departments: some registered at the same instant (ties broken by id), some later.
    for (let i = 0; i < 3; i++) {
      await w
        .as('bureau')
        .post('/api/v1/departments')
        .send({ name: `同时登记的部门${i}`, creditCode: newCreditCode(), level: 'township' })
        .expect(201);
    }
    for (let i = 0; i < 2; i++) {
      w.clock.advance(60_000);
      await w
        .as('bureau')
        .post('/api/v1/departments')
        .send({ name: `稍后登记的部门${i}`, creditCode: newCreditCode(), level: 'county' })
        .expect(201);
    }
  });

  it('walks every page with limit=2 without duplicates or gaps, in order of registration', async () => {
    const all = await w.db('departments').select('id', 'created_at');
    expect(all.length).toBeGreaterThanOrEqual(9);
    const seen = await collectPages<{ id: string; createdAt: string }>(w.as('police'), '/api/v1/departments');
    const ids = seen.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(all.map((r: { id: string }) => r.id).sort());
    // Ordered by registration time, then id.
    const keys = seen.map((d) => `${d.createdAt} ${d.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(seen[0].createdAt).toBe(START.toISOString());
  });

  it('gives one page with no next cursor when the limit covers everything', async () => {
    const total = (await w.counts()).departments;
    const res = await w.as('edu').get('/api/v1/departments?limit=100').expect(200);
    expect(res.body.items).toHaveLength(total);
    expect(res.body.nextCursor).toBeNull();
  });

  it('defaults to 20 per page', async () => {
    const res = await w.as('edu').get('/api/v1/departments').expect(200);
    expect(res.body.items.length).toBe(Math.min(20, (await w.counts()).departments));
  });

  it.each([
    ['limit=0', 'invalid_query'],
    ['limit=101', 'invalid_query'],
    ['limit=abc', 'invalid_query'],
    ['cursor=not-a-cursor', 'invalid_cursor'],
    ['unknown=1', 'invalid_query'],
  ])('refuses ?%s with 400 %s', async (query, code) => {
    const res = await w.as('police').get(`/api/v1/departments?${query}`);
    expectProblem(res, 400, code);
  });

  it('refuses a cursor of another sort order', async () => {
    const other = Buffer.from(JSON.stringify({ s: 'name', v: 'x', id: 'y' })).toString('base64url');
    const res = await w.as('police').get(`/api/v1/departments?cursor=${other}`);
    expectProblem(res, 400, 'invalid_cursor');
  });

  it('reads one department', async () => {
    const res = await w.as('civil').get(`/api/v1/departments/${w.departmentId.bureau}`).expect(200);
    expect(res.body).toMatchObject({ id: w.departmentId.bureau, name: '测试市大数据管理局', isBureau: true, level: 'municipal' });
  });

  it('answers an unknown id with 404', async () => {
    const res = await w.as('police').get(`/api/v1/departments/${NO_SUCH_ID}`);
    expectProblem(res, 404, 'not_found');
  });

  it('answers a malformed id with 400', async () => {
    const res = await w.as('police').get('/api/v1/departments/not-a-uuid');
    expectProblem(res, 400, 'invalid_parameter');
  });
});

describe('correcting a department', () => {
  let id: string;
  let creditCode: string;
  beforeAll(async () => {
    creditCode = newCreditCode();
    const res = await w
      .as('bureau')
      .post('/api/v1/departments')
      .send({ name: '测试市住房和城乡建设局', creditCode, level: 'municipal' })
      .expect(201);
    id = res.body.id;
  });

  it('lets the bureau correct name, level and credit code, with an audit event', async () => {
    const created = (await w.as('bureau').get(`/api/v1/departments/${id}`).expect(200)).body;
    w.clock.advance(3_600_000);
    const newCode = newCreditCode();
    const res = await w
      .as('bureau')
      .patch(`/api/v1/departments/${id}`)
      .set('If-Match', '*')
      .send({ name: '测试市住房和城乡建设局（更名）', level: 'county', creditCode: newCode })
      .expect(200);
    expect(res.body).toEqual({
      ...created,
      name: '测试市住房和城乡建设局（更名）',
      level: 'county',
      creditCode: newCode,
      updatedAt: w.clock.now().toISOString(),
    });
    expect(res.body.createdAt).toBe(created.createdAt);
    expect((await w.as('edu').get(`/api/v1/departments/${id}`).expect(200)).body).toEqual(res.body);

    const rows = await auditRows('department.updated', id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ object_type: 'department', user_id: w.userId.bureau });
    const details = JSON.parse(rows[0].details_json);
    expect(details.before).toMatchObject({ name: '测试市住房和城乡建设局', creditCode });
    expect(details.after).toMatchObject({ name: '测试市住房和城乡建设局（更名）', creditCode: newCode });
    creditCode = newCode;
  });

  it('accepts the department keeping its own name and credit code', async () => {
    const current = (await w.as('bureau').get(`/api/v1/departments/${id}`).expect(200)).body;
    const res = await w
      .as('bureau')
      .patch(`/api/v1/departments/${id}`)
      .set('If-Match', '*')
      .send({ name: current.name, creditCode: current.creditCode })
      .expect(200);
    expect(res.body.name).toBe(current.name);
  });

  it.each(['police', 'civil', 'edu', 'auditor'] as const)('refuses %s with 403 and changes nothing', async (actor) => {
    const before = await w.counts();
    const row = await w.db('departments').where({ id }).first();
    const res = await w.as(actor).patch(`/api/v1/departments/${id}`).set('If-Match', '*').send({ name: '越权更名' });
    expectProblem(res, 403, 'role_required');
    expect(await w.counts()).toEqual(before);
    expect(await w.db('departments').where({ id }).first()).toEqual(row);
  });

  it('refuses a wrong check character with 422', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .patch(`/api/v1/departments/${id}`)
      .set('If-Match', '*')
      .send({ creditCode: withWrongCheckChar(creditCode) });
    expectProblem(res, 422, 'invalid_credit_code');
    expect(res.body.errors[0].path).toBe('/creditCode');
    expect(await w.counts()).toEqual(before);
    expect((await w.db('departments').where({ id }).first()).credit_code).toBe(creditCode);
  });

  it("refuses another department's name or credit code with 409", async () => {
    const civilCode = (await w.db('departments').where({ id: w.departmentId.civil }).first()).credit_code;
    const before = await w.counts();
    expectProblem(
      await w.as('bureau').patch(`/api/v1/departments/${id}`).set('If-Match', '*').send({ name: '测试市民政局' }),
      409,
      'department_exists',
    );
    expectProblem(
      await w.as('bureau').patch(`/api/v1/departments/${id}`).set('If-Match', '*').send({ creditCode: civilCode }),
      409,
      'department_exists',
    );
    expect(await w.counts()).toEqual(before);
    expect((await w.db('departments').where({ id }).first()).credit_code).toBe(creditCode);
  });

  it('refuses an empty patch, an unknown field and isBureau with 400', async () => {
    const before = await w.counts();
    expectProblem(await w.as('bureau').patch(`/api/v1/departments/${id}`).set('If-Match', '*').send({}), 400, 'invalid_body');
    expectProblem(
      await w.as('bureau').patch(`/api/v1/departments/${id}`).set('If-Match', '*').send({ isBureau: true }),
      400,
      'invalid_body',
    );
    expectProblem(
      await w.as('bureau').patch(`/api/v1/departments/${id}`).set('If-Match', '*').send({ name: '测试', extra: 1 }),
      400,
      'invalid_body',
    );
    expect(await w.counts()).toEqual(before);
  });

  it('answers an unknown id with 404 and a malformed one with 400', async () => {
    const before = await w.counts();
    expectProblem(
      await w.as('bureau').patch(`/api/v1/departments/${NO_SUCH_ID}`).set('If-Match', '*').send({ name: '不存在的部门' }),
      404,
      'not_found',
    );
    expectProblem(
      await w.as('bureau').patch('/api/v1/departments/123').set('If-Match', '*').send({ name: '不存在的部门' }),
      400,
      'invalid_parameter',
    );
    expect(await w.counts()).toEqual(before);
  });
});
