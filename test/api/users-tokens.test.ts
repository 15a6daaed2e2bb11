import request from 'supertest';
import { createApp, createServices } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { hashToken } from '../../src/domain/tokens';
import { KEEP_MS } from '../../src/http/idempotency';
import { freshDatabase } from '../support/db';
import { UUID, NO_SUCH_ID, expectProblem, collectPages } from '../support/assertions';
import { createWorld, START, World } from '../support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const DAY_MS = 24 * 60 * 60 * 1000;

function withToken(app: World['app'], secret: string) {
  return request(app).get('/api/v1/me').set('Authorization', `Bearer ${secret}`);
}

async function createUser(body: { name: string; departmentId: string; roles: string[] }): Promise<string> {
  const res = await w.as('bureau').post('/api/v1/users').send(body).expect(201);
  return res.body.id;
}

async function issueToken(actor: Parameters<World['as']>[0], userId: string, body: Record<string, unknown> = { name: '接口调用' }) {
  const res = await w.as(actor).post(`/api/v1/users/${userId}/tokens`).send(body).expect(201);
  return res.body as { id: string; token: string; expiresAt: string | null; userId: string };
}

describe('creating users', () => {
  it('lets the bureau create a user with roles in one department, with an audit event', async () => {
    const res = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: ' 张三 ', departmentId: w.departmentId.civil, roles: ['producer', 'consumer'] })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      name: '张三',
      loginName: null,
      departmentId: w.departmentId.civil,
      roles: ['producer', 'consumer'],
      active: true,
      createdAt: w.clock.now().toISOString(),
      updatedAt: w.clock.now().toISOString(),
    });
    expect((await w.as('bureau').get(`/api/v1/users/${res.body.id}`).expect(200)).body).toEqual(res.body);
    const rows = await w.db('audit_events').where({ action: 'user.created', object_id: res.body.id });
    expect(rows).toHaveLength(1);
    expect(rows[0].user_id).toBe(w.userId.bureau);
    expect(JSON.parse(rows[0].details_json)).toEqual({ departmentId: w.departmentId.civil, roles: ['producer', 'consumer'] });
  });

  it.each([
    ['an auditor of the bureau', 'bureau', ['auditor']],
    ['a bureau officer', 'bureau', ['bureau']],
    ['a bureau officer who also audits', 'bureau', ['bureau', 'auditor']],
    ['a consumer of education', 'edu', ['consumer']],
    ['a producer of police', 'police', ['producer']],
  ] as const)('creates %s', async (_label, department, roles) => {
    const res = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: `用户-${roles.join('-')}`, departmentId: w.departmentId[department], roles })
      .expect(201);
    expect(res.body).toMatchObject({ departmentId: w.departmentId[department], roles: [...roles], active: true });
  });

  it("refuses the bureau role outside the bureau's department with 422", async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: '越位的管理员', departmentId: w.departmentId.police, roles: ['producer', 'bureau'] });
    expectProblem(res, 422, 'bureau_role_outside_bureau');
    expect(res.body.errors[0].path).toBe('/roles');
    expect(await w.counts()).toEqual(before);
  });

  it('refuses an unknown department with 422', async () => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: '无部门的用户', departmentId: NO_SUCH_ID, roles: ['consumer'] });
    expectProblem(res, 422, 'unknown_department');
    expect(res.body.errors[0].path).toBe('/departmentId');
    expect(await w.counts()).toEqual(before);
  });

  it.each(['police', 'civil', 'edu', 'auditor', 'police2'] as const)(
    'refuses %s (not the bureau) with 403 and writes nothing',
    async (actor) => {
      const before = await w.counts();
      const res = await w
        .as(actor)
        .post('/api/v1/users')
        .send({
          name: '越权创建的用户',
          departmentId: w.departmentId[actor === 'auditor' ? 'bureau' : actor === 'police2' ? 'police' : actor],
          roles: ['consumer'],
        });
      expectProblem(res, 403, 'role_required');
      expect(await w.counts()).toEqual(before);
    },
  );

  it.each([
    ['no roles', { roles: [] }],
    ['a repeated role', { roles: ['consumer', 'consumer'] }],
    ['an unknown role', { roles: ['admin'] }],
    ['an unknown field', { roles: ['consumer'], password: 'x' }],
    ['a malformed department id', { roles: ['consumer'], departmentId: 'police' }],
  ])('refuses a body with %s with 400', async (_label, body) => {
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .post('/api/v1/users')
      .send({ name: '格式错误的用户', departmentId: w.departmentId.police, ...body });
    expectProblem(res, 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
  });
});

describe('listing and reading users', () => {
  it('shows the bureau every user', async () => {
    const all = await w.db('users').select('id');
    const res = await w.as('bureau').get('/api/v1/users?limit=100').expect(200);
    expect(res.body.items.map((u: { id: string }) => u.id).sort()).toEqual(all.map((u: { id: string }) => u.id).sort());
    expect(res.body.nextCursor).toBeNull();
  });

  it("shows a producer only its own department's users", async () => {
    const own = await w.db('users').where({ department_id: w.departmentId.police }).select('id');
    expect(own.length).toBeGreaterThanOrEqual(3);
    const res = await w.as('police').get('/api/v1/users?limit=100').expect(200);
    expect(res.body.items.map((u: { id: string }) => u.id).sort()).toEqual(own.map((u: { id: string }) => u.id).sort());
    for (const u of res.body.items) expect(u.departmentId).toBe(w.departmentId.police);
  });

  it("gives a department nothing when it filters on another department, and the bureau that department's users", async () => {
    const other = await w.as('police').get(`/api/v1/users?departmentId=${w.departmentId.civil}`).expect(200);
    expect(other.body.items).toEqual([]);
    const civil = await w.db('users').where({ department_id: w.departmentId.civil }).select('id');
    const byBureau = await w.as('bureau').get(`/api/v1/users?departmentId=${w.departmentId.civil}&limit=100`).expect(200);
    expect(byBureau.body.items.map((u: { id: string }) => u.id).sort()).toEqual(civil.map((u: { id: string }) => u.id).sort());
  });

  it('pages through the users with limit=2 without duplicates', async () => {
    const total = (await w.counts()).users;
    const ids = (await collectPages(w.as('bureau'), '/api/v1/users')).map((u) => u.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
  });

  it('lets a colleague read a user of the same department', async () => {
    const res = await w.as('police2').get(`/api/v1/users/${w.userId.police}`).expect(200);
    expect(res.body).toMatchObject({ id: w.userId.police, departmentId: w.departmentId.police, roles: ['producer', 'consumer'] });
  });

  it('answers a user of another department with 404, as if it did not exist', async () => {
    expectProblem(await w.as('police').get(`/api/v1/users/${w.userId.civil}`), 404, 'not_found');
    expectProblem(await w.as('edu').get(`/api/v1/users/${w.userId.bureau}`), 404, 'not_found');
    expectProblem(await w.as('police').get(`/api/v1/users/${NO_SUCH_ID}`), 404, 'not_found');
    expectProblem(await w.as('police').get('/api/v1/users/nope'), 400, 'invalid_parameter');
  });

  it('lets the bureau read any user', async () => {
    const res = await w.as('bureau').get(`/api/v1/users/${w.userId.edu}`).expect(200);
    expect(res.body.departmentId).toBe(w.departmentId.edu);
  });
});

describe('API tokens', () => {
  let userId: string;
  beforeAll(async () => {
    userId = await createUser({ name: '李四', departmentId: w.departmentId.civil, roles: ['producer'] });
  });

  it('lets the bureau issue a token for a user; the secret is shown once and works', async () => {
    const before = await w.counts();
    const res = await w.as('bureau').post(`/api/v1/users/${userId}/tokens`).send({ name: '数据交换前置机' }).expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(UUID),
      userId,
      name: '数据交换前置机',
      createdAt: w.clock.now().toISOString(),
      expiresAt: new Date(w.clock.now().getTime() + 90 * DAY_MS).toISOString(),
      revokedAt: null,
      token: expect.any(String),
    });
    const secret: string = res.body.token;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(await w.counts()).toEqual({ ...before, api_tokens: before.api_tokens + 1, audit_events: before.audit_events + 1 });

    const me = await withToken(w.app, secret).expect(200);
    expect(me.body.user).toMatchObject({ id: userId, departmentId: w.departmentId.civil, roles: ['producer'] });
    expect(me.body.department.id).toBe(w.departmentId.civil);

    // Only the SHA-256 of the secret is stored; the secret itself is nowhere in the database.
    const row = await w.db('api_tokens').where({ id: res.body.id }).first();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toBe(secret);
    expect(row.token_hash).toBe(hashToken(secret));
    expect(await w.db('api_tokens').where({ token_hash: secret })).toHaveLength(0);
    const audit = await w.db('audit_events').where({ action: 'token.created', object_id: res.body.id });
    expect(audit).toHaveLength(1);
    const everyAuditDetail = (await w.db('audit_events').select('details_json'))
      .map((r: { details_json: string }) => r.details_json)
      .join('\n');
    expect(everyAuditDetail).not.toContain(secret);

    // Listing never shows a secret again.
    const list = await w.as('bureau').get(`/api/v1/users/${userId}/tokens`).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toEqual({
      id: res.body.id,
      userId,
      name: '数据交换前置机',
      createdAt: res.body.createdAt,
      expiresAt: res.body.expiresAt,
      revokedAt: null,
    });
    expect(list.body.items[0]).not.toHaveProperty('token');
    expect(JSON.stringify(list.body)).not.toContain(secret);
    const own = await w.as('civil').get(`/api/v1/users/${w.userId.civil}/tokens`).expect(200);
    expect(JSON.stringify(own.body)).not.toContain(secret);
  });

  it('lets a user issue, list and use a token for itself', async () => {
    const token = await issueToken('police2', w.userId.police2, { name: '我的脚本', expiresInDays: 30 });
    expect(token.userId).toBe(w.userId.police2);
    expect(token.expiresAt).toBe(new Date(w.clock.now().getTime() + 30 * DAY_MS).toISOString());
    const me = await withToken(w.app, token.token).expect(200);
    expect(me.body.user.id).toBe(w.userId.police2);
    const list = await w.as('police2').get(`/api/v1/users/${w.userId.police2}/tokens`).expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(token.id);
    expect(JSON.stringify(list.body)).not.toContain(token.token);
  });

  it('lists tokens newest first', async () => {
    const first = await issueToken('civil', w.userId.civil, { name: '第一个' });
    w.clock.advance(1000);
    const second = await issueToken('civil', w.userId.civil, { name: '第二个' });
    const list = await w.as('civil').get(`/api/v1/users/${w.userId.civil}/tokens`).expect(200);
    const ids = list.body.items.map((t: { id: string }) => t.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
  });

  it("refuses a colleague's tokens with 403: list, issue and revoke", async () => {
    const target = await issueToken('police', w.userId.police, { name: '公安前置机' });
    const before = await w.counts();
    expectProblem(await w.as('police2').get(`/api/v1/users/${w.userId.police}/tokens`), 403, 'not_own_token');
    expectProblem(await w.as('police2').post(`/api/v1/users/${w.userId.police}/tokens`).send({ name: '冒用' }), 403, 'not_own_token');
    expectProblem(await w.as('police2').post(`/api/v1/users/${w.userId.police}/tokens/${target.id}/revoke`), 403, 'not_own_token');
    expect(await w.counts()).toEqual(before);
    await withToken(w.app, target.token).expect(200);
  });

  it("answers another department's user's tokens with 404: list, issue and revoke", async () => {
    const target = await issueToken('civil', w.userId.civil, { name: '民政前置机' });
    const before = await w.counts();
    expectProblem(await w.as('police').get(`/api/v1/users/${w.userId.civil}/tokens`), 404, 'not_found');
    expectProblem(await w.as('police').post(`/api/v1/users/${w.userId.civil}/tokens`).send({ name: '冒用' }), 404, 'not_found');
    expectProblem(await w.as('police').post(`/api/v1/users/${w.userId.civil}/tokens/${target.id}/revoke`), 404, 'not_found');
    // The auditor is not the bureau: tokens of others are not its business either.
    expectProblem(await w.as('auditor').post(`/api/v1/users/${w.userId.bureau}/tokens`).send({ name: '冒用' }), 403, 'not_own_token');
    expect(await w.counts()).toEqual(before);
    await withToken(w.app, target.token).expect(200);
  });

  it('answers an unknown user or token with 404', async () => {
    const before = await w.counts();
    expectProblem(await w.as('bureau').get(`/api/v1/users/${NO_SUCH_ID}/tokens`), 404, 'not_found');
    expectProblem(await w.as('bureau').post(`/api/v1/users/${NO_SUCH_ID}/tokens`).send({ name: 'x' }), 404, 'not_found');
    expectProblem(await w.as('bureau').post(`/api/v1/users/${userId}/tokens/${NO_SUCH_ID}/revoke`), 404, 'not_found');
    // A real token id, but of another user.
    const other = (await w.db('api_tokens').where({ user_id: w.userId.edu }).first()).id;
    expectProblem(await w.as('bureau').post(`/api/v1/users/${userId}/tokens/${other}/revoke`), 404, 'not_found');
    expect(await w.counts()).toEqual(before);
  });

  it.each([
    ['expiresInDays 0', { name: 'x', expiresInDays: 0 }],
    ['expiresInDays 367', { name: 'x', expiresInDays: 367 }],
    ['a fractional expiresInDays', { name: 'x', expiresInDays: 1.5 }],
    ['no name', { expiresInDays: 1 }],
    ['a chosen secret', { name: 'x', token: 'my-own-secret-token' }],
  ])('refuses a token request with %s with 400', async (_label, body) => {
    const before = await w.counts();
    expectProblem(await w.as('bureau').post(`/api/v1/users/${userId}/tokens`).send(body), 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
  });

  it('stops accepting a token once it expires', async () => {
    const token = await issueToken('bureau', userId, { name: '一天有效', expiresInDays: 1 });
    expect(token.expiresAt).toBe(new Date(w.clock.now().getTime() + DAY_MS).toISOString());
    await withToken(w.app, token.token).expect(200);
    w.clock.advance(DAY_MS - 1000);
    await withToken(w.app, token.token).expect(200);
    w.clock.advance(DAY_MS + 1000);
    const res = await withToken(w.app, token.token);
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer');
    // Tokens without expiry keep working.
    await w.as('civil').get('/api/v1/me').expect(200);
  });

  it('revokes a token: it stops working at once, and revoking it again is a 409', async () => {
    const token = await issueToken('bureau', userId, { name: '待撤销' });
    await withToken(w.app, token.token).expect(200);
    w.clock.advance(5000);
    const res = await w.as('bureau').post(`/api/v1/users/${userId}/tokens/${token.id}/revoke`).expect(200);
    expect(res.body).toMatchObject({ id: token.id, userId, revokedAt: w.clock.now().toISOString() });
    expect(res.body).not.toHaveProperty('token');
    expectProblem(await withToken(w.app, token.token), 401, 'unauthenticated');
    expect(await w.db('audit_events').where({ action: 'token.revoked', object_id: token.id })).toHaveLength(1);

    const before = await w.counts();
    const again = await w.as('bureau').post(`/api/v1/users/${userId}/tokens/${token.id}/revoke`);
    expectProblem(again, 409, 'token_already_revoked');
    expect(await w.counts()).toEqual(before);
    const row = await w.db('api_tokens').where({ id: token.id }).first();
    expect(new Date(row.revoked_at).toISOString()).toBe(res.body.revokedAt);
  });

  it('lets a user revoke its own token', async () => {
    const token = await issueToken('edu', w.userId.edu, { name: '自用' });
    await w.as('edu').post(`/api/v1/users/${w.userId.edu}/tokens/${token.id}/revoke`).expect(200);
    expectProblem(await withToken(w.app, token.token), 401, 'unauthenticated');
    await w.as('edu').get('/api/v1/me').expect(200);
  });

  it('deactivating a user stops its tokens, and no token can be issued for it', async () => {
    const id = await createUser({ name: '王五', departmentId: w.departmentId.edu, roles: ['consumer'] });
    const token = await issueToken('bureau', id, { name: '王五的令牌' });
    await withToken(w.app, token.token).expect(200);

    const res = await w.as('bureau').patch(`/api/v1/users/${id}`).set('If-Match', '*').send({ active: false }).expect(200);
    expect(res.body).toMatchObject({ id, active: false });
    expect(await w.db('audit_events').where({ action: 'user.updated', object_id: id })).toHaveLength(1);
    expectProblem(await withToken(w.app, token.token), 401, 'unauthenticated');

    const before = await w.counts();
    const refused = await w.as('bureau').post(`/api/v1/users/${id}/tokens`).send({ name: '再发一个' });
    expectProblem(refused, 422, 'user_inactive');
    expect(await w.counts()).toEqual(before);

    // Reactivated, the same token works again (it was never revoked).
    await w.as('bureau').patch(`/api/v1/users/${id}`).set('If-Match', '*').send({ active: true }).expect(200);
    await withToken(w.app, token.token).expect(200);
  });

  it('refuses user changes from anyone but the bureau, and the bureau role outside the bureau', async () => {
    const before = await w.counts();
    expectProblem(
      await w.as('police').patch(`/api/v1/users/${w.userId.police2}`).set('If-Match', '*').send({ active: false }),
      403,
      'role_required',
    );
    expectProblem(
      await w
        .as('police2')
        .patch(`/api/v1/users/${w.userId.police2}`)
        .set('If-Match', '*')
        .send({ roles: ['producer', 'consumer'] }),
      403,
      'role_required',
    );
    expectProblem(
      await w
        .as('bureau')
        .patch(`/api/v1/users/${w.userId.police2}`)
        .set('If-Match', '*')
        .send({ roles: ['bureau'] }),
      422,
      'bureau_role_outside_bureau',
    );
    expectProblem(await w.as('bureau').patch(`/api/v1/users/${NO_SUCH_ID}`).set('If-Match', '*').send({ active: false }), 404, 'not_found');
    expectProblem(
      await w.as('bureau').patch(`/api/v1/users/${w.userId.police2}`).set('If-Match', '*').send({ departmentId: w.departmentId.civil }),
      400,
      'invalid_body',
    );
    expect(await w.counts()).toEqual(before);
    await w.as('police2').get('/api/v1/me').expect(200);
  });
});

describe('the bootstrap administrator (BOOTSTRAP_ADMIN_TOKEN)', () => {
  const SECRET = 'bootstrap-secret-token-123';

  it('creates a bureau officer in the existing bureau department, once', async () => {
    const before = await w.counts();
    await createServices(w.db, w.clock).users.ensureBootstrapAdmin(SECRET);
    const after = await w.counts();
    expect(after).toEqual({ ...before, users: before.users + 1, api_tokens: before.api_tokens + 1, audit_events: before.audit_events + 1 });

    const me = await withToken(w.app, SECRET).expect(200);
    expect(me.body.user.roles).toEqual(['bureau']);
    expect(me.body.user.active).toBe(true);
    expect(me.body.department).toMatchObject({ id: w.departmentId.bureau, isBureau: true });
    const row = await w
      .db('api_tokens')
      .where({ token_hash: hashToken(SECRET) })
      .first();
    expect(row.expires_at).toBeNull();
    expect(row.revoked_at).toBeNull();

    // It works as the bureau: it may register a user.
    const created = await request(w.app)
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${SECRET}`)
      .send({ name: '由初始管理员创建', departmentId: w.departmentId.edu, roles: ['consumer'] })
      .expect(201);
    expect(created.body.departmentId).toBe(w.departmentId.edu);

    const again = await w.counts();
    await createServices(w.db, w.clock).users.ensureBootstrapAdmin(SECRET);
    expect(await w.counts()).toEqual(again);
    expect(await w.db('departments').where({ is_bureau: true })).toHaveLength(1);
  });

  it('on an empty database creates the bureau department too, and restores a revoked token', async () => {
    const fresh = await freshDatabase();
    try {
      const clock = new ManualClock(START);
      const app = createApp({ db: fresh.db, clock, validateResponses: true });
      await createServices(fresh.db, clock).users.ensureBootstrapAdmin(SECRET);

      const departments = await fresh.db('departments');
      expect(departments).toHaveLength(1);
      expect([true, 1]).toContain(departments[0].is_bureau); // 1 on SQLite, true on PostgreSQL
      expect(await fresh.db('users')).toHaveLength(1);
      const me = await withToken(app, SECRET).expect(200);
      expect(me.body.user.roles).toEqual(['bureau']);
      expect(me.body.department).toMatchObject({ id: departments[0].id, isBureau: true });
      expect(await fresh.db('audit_events').where({ action: 'bootstrap_admin.created' })).toHaveLength(1);

      // Someone revokes it in the database; start-up restores it.
      clock.advance(DAY_MS);
      await fresh.db('api_tokens').update({ revoked_at: clock.now().toISOString() });
      expectProblem(await withToken(app, SECRET), 401, 'unauthenticated');
      await createServices(fresh.db, clock).users.ensureBootstrapAdmin(SECRET);
      const restored = await withToken(app, SECRET).expect(200);
      expect(restored.body.user.id).toBe(me.body.user.id);
      expect(await fresh.db('users')).toHaveLength(1);
      expect(await fresh.db('api_tokens')).toHaveLength(1);
      expect(await fresh.db('departments')).toHaveLength(1);
      expect(await fresh.db('audit_events').where({ action: 'bootstrap_admin.restored' })).toHaveLength(1);

      // And a deactivated administrator is reactivated.
      await fresh.db('users').update({ active: false });
      expectProblem(await withToken(app, SECRET), 401, 'unauthenticated');
      await createServices(fresh.db, clock).users.ensureBootstrapAdmin(SECRET);
      await withToken(app, SECRET).expect(200);
    } finally {
      await fresh.destroy();
    }
  });

  // Regression: an expired bootstrap token must be restored too, or the operator is locked out.
  it('restores a bootstrap token that someone made expire', async () => {
    const fresh = await freshDatabase();
    try {
      const clock = new ManualClock(START);
      const app = createApp({ db: fresh.db, clock, validateResponses: true });
      await createServices(fresh.db, clock).users.ensureBootstrapAdmin(SECRET);
      await withToken(app, SECRET).expect(200);

      await fresh.db('api_tokens').update({ expires_at: new Date(START.getTime() + DAY_MS).toISOString() });
      clock.advance(2 * DAY_MS);
      expectProblem(await withToken(app, SECRET), 401, 'unauthenticated');

      await createServices(fresh.db, clock).users.ensureBootstrapAdmin(SECRET);
      expect(await fresh.db('api_tokens')).toHaveLength(1);
      const res = await withToken(app, SECRET);
      expect(res.status).toBe(200);
    } finally {
      await fresh.destroy();
    }
  });
});

// Regression (probe, 2026-12-05): a token's secret was kept in plain text in idempotency_keys as
// the answer to replay, and the table was never purged.
describe('Idempotency-Key on issuing a token: the secret is never stored', () => {
  /** Every column of every row of idempotency_keys, as one string to search. */
  const everyIdempotencyRow = async () => JSON.stringify(await w.db('idempotency_keys').select('*'));

  it('answers a retry with 409 naming the token created, and keeps the secret nowhere in the replay records', async () => {
    const owner = await createUser({ name: '幂等令牌用户', departmentId: w.departmentId.civil, roles: ['consumer'] });
    const body = { name: '前置机令牌', expiresInDays: 30 };
    const first = await w.as('bureau').post(`/api/v1/users/${owner}/tokens`).set('Idempotency-Key', 'token-retry-1').send(body).expect(201);
    const secret: string = first.body.token;
    await withToken(w.app, secret).expect(200);
    expect(await everyIdempotencyRow()).not.toContain(secret);
    const claim = await w.db('idempotency_keys').where({ user_id: w.userId.bureau, idempotency_key: 'token-retry-1' }).first();
    expect(claim).toMatchObject({ object_type: 'token', object_id: first.body.id, response_json: null });

    const before = await w.counts();
    const retry = await w.as('bureau').post(`/api/v1/users/${owner}/tokens`).set('Idempotency-Key', 'token-retry-1').send(body);
    expectProblem(retry, 409, 'idempotency_secret_not_replayed');
    expect(retry.body.detail).toContain(first.body.id);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.stringify(retry.body)).not.toContain(secret);
    expect(await w.counts()).toEqual(before);
    // The same key with another request is still "reused", as for any operation.
    expectProblem(
      await w
        .as('bureau')
        .post(`/api/v1/users/${owner}/tokens`)
        .set('Idempotency-Key', 'token-retry-1')
        .send({ ...body, name: '另一个' }),
      422,
      'idempotency_key_reused',
    );
    expect(await everyIdempotencyRow()).not.toContain(secret);
  });

  it('still replays the answers of other operations', async () => {
    const body = { name: '幂等重放的用户', departmentId: w.departmentId.edu, roles: ['consumer'] };
    const first = await w.as('bureau').post('/api/v1/users').set('Idempotency-Key', 'user-retry-1').send(body).expect(201);
    const again = await w.as('bureau').post('/api/v1/users').set('Idempotency-Key', 'user-retry-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('migration 20261205010000 empties the token answers stored before, and their retry is told the token', async () => {
    const migration = await import('../../migrations/20261205010000_idempotency_secrets');
    const owner = await createUser({ name: '旧记录用户', departmentId: w.departmentId.civil, roles: ['consumer'] });
    const body = { name: '旧令牌' };
    const first = await w.as('bureau').post(`/api/v1/users/${owner}/tokens`).set('Idempotency-Key', 'legacy-1').send(body).expect(201);
    // As the middleware stored it before the fix: the whole answer, secret included.
    await w
      .db('idempotency_keys')
      .where({ user_id: w.userId.bureau, idempotency_key: 'legacy-1' })
      .update({ response_json: JSON.stringify(first.body) });
    const user = await w
      .as('bureau')
      .post('/api/v1/users')
      .set('Idempotency-Key', 'legacy-user')
      .send({ name: '旧记录里的用户', departmentId: w.departmentId.edu, roles: ['consumer'] })
      .expect(201);
    expect(await everyIdempotencyRow()).toContain(first.body.token);

    await migration.down(w.db);
    await migration.up(w.db);
    expect(await everyIdempotencyRow()).not.toContain(first.body.token);
    // Other answers are kept for replay.
    const userRecord = await w.db('idempotency_keys').where({ user_id: w.userId.bureau, idempotency_key: 'legacy-user' }).first();
    expect(JSON.parse(userRecord.response_json)).toEqual(user.body);
    const retry = await w.as('bureau').post(`/api/v1/users/${owner}/tokens`).set('Idempotency-Key', 'legacy-1').send(body);
    expectProblem(retry, 409, 'idempotency_secret_not_replayed');
    expect(retry.body.detail).toContain(first.body.id);
  });

  it('purges keys past their 24 hours and abandoned claims, and keeps the young ones', async () => {
    const body = (name: string) => ({ name, departmentId: w.departmentId.edu, roles: ['consumer'] });
    await w.as('bureau').post('/api/v1/users').set('Idempotency-Key', 'purge-old').send(body('过期键的用户')).expect(201);
    const old = await w
      .as('bureau')
      .post(`/api/v1/users/${w.userId.edu}/tokens`)
      .set('Idempotency-Key', 'purge-old-token')
      .send({ name: '过期键的令牌', expiresInDays: 1 })
      .expect(201);
    w.clock.advance(KEEP_MS - 10 * 60_000);
    await w.as('bureau').post('/api/v1/users').set('Idempotency-Key', 'purge-young').send(body('新键的用户')).expect(201);
    // A claim whose request died before it committed (as a crash leaves it).
    await w.db('idempotency_keys').insert({
      user_id: w.userId.civil,
      idempotency_key: 'purge-abandoned',
      fingerprint: 'x'.repeat(64),
      status_code: null,
      response_json: null,
      created_at: w.clock.now().toISOString(),
    });
    w.clock.advance(20 * 60_000);

    // The next creating request, with a key or without, purges (at most once a minute).
    await w.as('bureau').post('/api/v1/users').send(body('触发清理的用户')).expect(201);
    const keys = (await w.db('idempotency_keys').select('idempotency_key')).map((r: { idempotency_key: string }) => r.idempotency_key);
    expect(keys).not.toContain('purge-old');
    expect(keys).not.toContain('purge-old-token');
    expect(keys).not.toContain('purge-abandoned');
    expect(keys).toContain('purge-young');
    const oldest = await w.db('idempotency_keys').min('created_at as at').first();
    expect(new Date(oldest!.at as string).getTime()).toBeGreaterThanOrEqual(w.clock.now().getTime() - KEEP_MS);
    expect(await everyIdempotencyRow()).not.toContain(old.body.token);
  });
});

// Regression (probe, 2026-12-05): any token could issue tokens valid for up to 366 days for its own
// user, so a stolen short-lived token outlived its revocation.
describe('how long an issued token may live', () => {
  const beijing = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  const issueWith = (secret: string, forUser: string, body: Record<string, unknown>, app = w.app) =>
    request(app).post(`/api/v1/users/${forUser}/tokens`).set('Authorization', `Bearer ${secret}`).send(body);

  it('refuses a token that would outlive the token issuing it, naming the latest expiry in Beijing time; allows up to it', async () => {
    const parent = await issueToken('bureau', w.userId.police2, { name: '十天的令牌', expiresInDays: 10 });
    const before = await w.counts();
    const longer = await issueWith(parent.token, w.userId.police2, { name: '想活得更久', expiresInDays: 11 });
    expectProblem(longer, 422, 'token_outlives_issuer');
    expect(longer.body.detail).toContain(`${beijing(parent.expiresAt!)}（北京时间）`);
    expect(longer.body.detail).toContain('expiresInDays 最多为 10');
    expect(longer.body.errors[0].path).toBe('/expiresInDays');
    // Without expiresInDays the self-service default (30 days) reaches past the parent too.
    expectProblem(await issueWith(parent.token, w.userId.police2, { name: '默认期限' }), 422, 'token_outlives_issuer');
    expect(await w.counts()).toEqual(before);

    const child = await issueWith(parent.token, w.userId.police2, { name: '同日到期', expiresInDays: 10 }).expect(201);
    expect(child.body.expiresAt).toBe(parent.expiresAt);
    // And the child cannot outlive it either, once time has passed.
    w.clock.advance(3 * DAY_MS);
    expectProblem(await issueWith(child.body.token, w.userId.police2, { name: '孙令牌', expiresInDays: 8 }), 422, 'token_outlives_issuer');
    await issueWith(child.body.token, w.userId.police2, { name: '孙令牌', expiresInDays: 7 }).expect(201);
  });

  it('limits the bureau by its own token too, but not when that token never expires', async () => {
    const bureauShort = await issueToken('bureau', w.userId.bureau, { name: '管理局临时令牌', expiresInDays: 5 });
    const before = await w.counts();
    expectProblem(await issueWith(bureauShort.token, w.userId.edu, { name: '越期', expiresInDays: 6 }), 422, 'token_outlives_issuer');
    expect(await w.counts()).toEqual(before);
    await issueWith(bureauShort.token, w.userId.edu, { name: '五天', expiresInDays: 5 }).expect(201);
    // The world's bureau token has no expiry: 366 days for anyone.
    const long = await issueToken('bureau', w.userId.edu, { name: '一年', expiresInDays: 366 });
    expect(long.expiresAt).toBe(new Date(w.clock.now().getTime() + 366 * DAY_MS).toISOString());
  });

  it('refuses to issue anything from a token with less than a day left', async () => {
    const parent = await issueToken('bureau', w.userId.police2, { name: '一天', expiresInDays: 1 });
    w.clock.advance(DAY_MS / 2);
    const res = await issueWith(parent.token, w.userId.police2, { name: '不足一天', expiresInDays: 1 });
    expectProblem(res, 422, 'token_outlives_issuer');
    expect(res.body.detail).toContain('剩余不足一天');
  });

  it('lets a user issue for itself for at most SELF_SERVICE_TOKEN_DAYS (30 by default); the bureau issues longer ones', async () => {
    const before = await w.counts();
    const tooLong = await w.as('police2').post(`/api/v1/users/${w.userId.police2}/tokens`).send({ name: '三十一天', expiresInDays: 31 });
    expectProblem(tooLong, 422, 'self_service_token_too_long');
    expect(tooLong.body.detail).toContain('30 天');
    expect(await w.counts()).toEqual(before);
    const thirty = await issueToken('police2', w.userId.police2, { name: '三十天', expiresInDays: 30 });
    expect(thirty.expiresAt).toBe(new Date(w.clock.now().getTime() + 30 * DAY_MS).toISOString());
    // Without expiresInDays: the shorter of 90 days and the limit.
    const byDefault = await issueToken('police2', w.userId.police2, { name: '默认' });
    expect(byDefault.expiresAt).toBe(new Date(w.clock.now().getTime() + 30 * DAY_MS).toISOString());
    const byBureau = await issueToken('bureau', w.userId.police2, { name: '管理局签发', expiresInDays: 200 });
    expect(byBureau.expiresAt).toBe(new Date(w.clock.now().getTime() + 200 * DAY_MS).toISOString());
  });

  it('with SELF_SERVICE_TOKEN_DAYS 0 only the bureau issues tokens (403 for oneself); another limit sets the default too', async () => {
    const closed = createApp({ db: w.db, clock: w.clock, validateResponses: true, selfServiceTokenDays: 0 });
    const before = await w.counts();
    const refused = await issueWith(w.token.police2, w.userId.police2, { name: '自己签发', expiresInDays: 1 }, closed);
    expectProblem(refused, 403, 'self_service_tokens_disabled');
    expect(refused.body.detail).toContain('大数据管理局');
    expectProblem(
      await issueWith(w.token.auditor, w.userId.auditor, { name: '审计员自己签发' }, closed),
      403,
      'self_service_tokens_disabled',
    );
    expect(await w.counts()).toEqual(before);
    await issueWith(w.token.bureau, w.userId.police2, { name: '管理局签发', expiresInDays: 90 }, closed).expect(201);
    await issueWith(w.token.bureau, w.userId.bureau, { name: '管理局自用', expiresInDays: 90 }, closed).expect(201);

    const week = createApp({ db: w.db, clock: w.clock, validateResponses: true, selfServiceTokenDays: 7 });
    const own = await issueWith(w.token.civil, w.userId.civil, { name: '一周' }, week).expect(201);
    expect(own.body.expiresAt).toBe(new Date(w.clock.now().getTime() + 7 * DAY_MS).toISOString());
    expectProblem(
      await issueWith(w.token.civil, w.userId.civil, { name: '八天', expiresInDays: 8 }, week),
      422,
      'self_service_token_too_long',
    );
  });
});

// Regression (probe, 2026-12-05): revocations racing each other each succeeded, each audited.
describe('revoking one token many times at once', () => {
  it('gives exactly one 200 and one token.revoked event of 20 concurrent revocations', async () => {
    const token = await issueToken('bureau', w.userId.edu, { name: '并发撤销', expiresInDays: 5 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => w.as('bureau').post(`/api/v1/users/${w.userId.edu}/tokens/${token.id}/revoke`)),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const refused of answers.filter((r) => r.status !== 200)) expectProblem(refused, 409, 'token_already_revoked');
    expect(await w.db('audit_events').where({ action: 'token.revoked', object_id: token.id })).toHaveLength(1);
    expectProblem(await withToken(w.app, token.token), 401, 'unauthenticated');
  });
});
