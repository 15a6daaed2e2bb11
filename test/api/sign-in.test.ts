import request from 'supertest';
import { expectProblem, NO_SUCH_ID } from '../support/assertions';
import { createServices } from '../../src/app';
import { ActorKey, completeEntry, createWorld, World } from '../support/world';

// Sign-in for people (docs/users.md "登录与会话", ADR 0043): login names and passwords, sessions
// in the database behind an HttpOnly cookie, CSRF checks, the lockout, the audit events.

const MINUTE = 60_000;
const PASSWORD = 'Police2026ok';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => {
  await w.destroy();
});

/** The bureau gives the user a login name and a first password (must change). */
async function enrol(key: ActorKey, loginName: string, password = 'First2026pass'): Promise<void> {
  const user = await w.as('bureau').get(`/api/v1/users/${w.userId[key]}`).expect(200);
  await w.as('bureau').patch(`/api/v1/users/${w.userId[key]}`).set('If-Match', user.headers.etag).send({ loginName }).expect(200);
  await w.as('bureau').post(`/api/v1/users/${w.userId[key]}/password`).send({ password }).expect(204);
}

const signIn = (loginName: string, password: string) => request(w.app).post('/api/v1/sessions').send({ loginName, password });

interface Signed {
  cookie: string;
  csrf: string;
  body: Record<string, unknown>;
}

async function signedIn(loginName: string, password: string): Promise<Signed> {
  const res = await signIn(loginName, password).expect(201);
  const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
  return { cookie: setCookie.split(';')[0], csrf: res.body.csrfToken, body: res.body };
}

/** Enrolled, signed in once and the first password changed to PASSWORD: a session ready for work. */
async function ready(key: ActorKey = 'police', loginName = 'police'): Promise<Signed> {
  await enrol(key, loginName);
  const first = await signedIn(loginName, 'First2026pass');
  await request(w.app)
    .put('/api/v1/me/password')
    .set('Cookie', first.cookie)
    .set('X-CSRF-Token', first.csrf)
    .send({ currentPassword: 'First2026pass', newPassword: PASSWORD })
    .expect(204);
  return signedIn(loginName, PASSWORD);
}

const audits = (action: string) => w.db('audit_events').where({ action }).orderBy('seq');

describe('signing in', () => {
  it('answers the user, a CSRF token and an HttpOnly SameSite=Strict cookie that authenticates GET /api/v1/me', async () => {
    await enrol('police', 'police');
    const res = await signIn('police', 'First2026pass').expect(201);
    const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(/^catalog_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(res.body).toMatchObject({ user: { id: w.userId.police, loginName: 'police' }, mustChangePassword: true });
    expect(res.body.expiresAt).toBe(new Date(w.clock.now().getTime() + 12 * 60 * MINUTE).toISOString());
    const me = await request(w.app).get('/api/v1/me').set('Cookie', setCookie.split(';')[0]).expect(200);
    expect(me.body.user.id).toBe(w.userId.police);
    // The database holds the hash of the cookie, never the cookie.
    const token = setCookie.split(';')[0].split('=')[1];
    const rows = await w.db('sessions').where({ user_id: w.userId.police });
    expect(rows).toHaveLength(1);
    expect(rows[0].id).not.toBe(token);
    expect(rows[0].id).toMatch(/^[0-9a-f]{64}$/);
    const user = await w.db('users').where({ id: w.userId.police }).first();
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(await w.db('audit_events'))).not.toContain('First2026pass');
  });

  it('marks the cookie Secure when SESSION_COOKIE_SECURE is set', async () => {
    await w.destroy();
    w = await createWorld({ sessionCookieSecure: true });
    await enrol('police', 'police');
    const res = await signIn('police', 'First2026pass').expect(201);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure$/);
  });

  it('answers a wrong password and an unknown login name with the same 401, recording both without the password', async () => {
    await enrol('police', 'police');
    const wrong = await signIn('police', 'Wrong2026pass');
    const unknown = await signIn('nobody', 'Wrong2026pass');
    expectProblem(wrong, 401, 'sign_in_failed');
    expectProblem(unknown, 401, 'sign_in_failed');
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.body.detail).toContain('登录名或密码错误');
    const failed = await audits('sign_in.failed');
    expect(failed.map((e) => JSON.parse(e.details_json).loginName)).toEqual(['police', 'nobody']);
    expect(failed.map((e) => e.object_id)).toEqual([w.userId.police, 'nobody']);
    expect(JSON.stringify(failed)).not.toContain('Wrong2026pass');
    expect(await w.db('sessions')).toHaveLength(0);
  });

  it('refuses a user without a password and an inactive user with the same 401', async () => {
    const user = await w.as('bureau').get(`/api/v1/users/${w.userId.civil}`).expect(200);
    await w
      .as('bureau')
      .patch(`/api/v1/users/${w.userId.civil}`)
      .set('If-Match', user.headers.etag)
      .send({ loginName: 'civil' })
      .expect(200);
    expectProblem(await signIn('civil', 'Anything2026'), 401, 'sign_in_failed');
    await enrol('police', 'police');
    const police = await w.as('bureau').get(`/api/v1/users/${w.userId.police}`).expect(200);
    await w.as('bureau').patch(`/api/v1/users/${w.userId.police}`).set('If-Match', police.headers.etag).send({ active: false }).expect(200);
    expectProblem(await signIn('police', 'First2026pass'), 401, 'sign_in_failed');
    expect(JSON.parse((await audits('sign_in.failed')).at(-1).details_json).reason).toBe('user_inactive');
  });

  it('refuses a login name taken by another user (409) and changes nothing', async () => {
    await enrol('police', 'police');
    const civil = await w.as('bureau').get(`/api/v1/users/${w.userId.civil}`).expect(200);
    const before = await w.counts();
    const res = await w
      .as('bureau')
      .patch(`/api/v1/users/${w.userId.civil}`)
      .set('If-Match', civil.headers.etag)
      .send({ loginName: 'police' });
    expectProblem(res, 409, 'login_name_taken');
    expect(await w.counts()).toEqual(before);
    expect((await w.db('users').where({ id: w.userId.civil }).first()).login_name).toBeNull();
  });
});

describe('the lockout', () => {
  it('limits sign-ins per client address with PUBLIC_RATE_LIMIT_PER_MINUTE, across login names', async () => {
    await w.destroy();
    w = await createWorld({ publicRateLimitPerMinute: 3 });
    for (const name of ['a1', 'b2', 'c3']) expectProblem(await signIn(`nobody${name}`, 'Wrong2026xx'), 401, 'sign_in_failed');
    const limited = await signIn('nobodyd4', 'Wrong2026xx');
    expect(limited.status).toBe(429);
    expect(await audits('sign_in.failed')).toHaveLength(3);
  });

  it('locks after five failures in a row; the sixth with the right password is refused; after 15 minutes it works', async () => {
    await enrol('police', 'police');
    for (let i = 0; i < 5; i++) expectProblem(await signIn('police', `Wrong2026x${i}`), 401, 'sign_in_failed');
    const locked = await signIn('police', 'First2026pass');
    expectProblem(locked, 403, 'account_locked');
    // The end of the lockout in Beijing time: 09:00 + 15 minutes.
    expect(locked.body.detail).toContain('2026-03-02 09:15');
    expect(await audits('account.locked')).toHaveLength(1);
    expect(await audits('sign_in.failed')).toHaveLength(5);
    w.clock.advance(14 * MINUTE);
    expectProblem(await signIn('police', 'First2026pass'), 403, 'account_locked');
    w.clock.advance(MINUTE);
    await signIn('police', 'First2026pass').expect(201);
    expect((await w.db('users').where({ id: w.userId.police }).first()).failed_sign_ins).toBe(0);
  });

  it('counts failures in a row only: a success resets the count', async () => {
    await enrol('police', 'police');
    for (let i = 0; i < 4; i++) expectProblem(await signIn('police', 'Wrong2026xx'), 401, 'sign_in_failed');
    await signIn('police', 'First2026pass').expect(201);
    for (let i = 0; i < 4; i++) expectProblem(await signIn('police', 'Wrong2026xx'), 401, 'sign_in_failed');
    await signIn('police', 'First2026pass').expect(201);
    expect(await audits('account.locked')).toHaveLength(0);
  });
});

describe('a session', () => {
  it('ends after SESSION_IDLE_MINUTES without a request, and a request keeps it alive', async () => {
    const s = await ready();
    w.clock.advance(29 * MINUTE);
    await request(w.app).get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    w.clock.advance(29 * MINUTE);
    await request(w.app).get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    w.clock.advance(30 * MINUTE);
    expectProblem(await request(w.app).get('/api/v1/me').set('Cookie', s.cookie), 401, 'unauthenticated');
  });

  it('tells GET /api/v1/me its CSRF token and state (the console after a reload), and tells a bearer token nothing of sessions', async () => {
    const s = await ready();
    const me = await request(w.app).get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    expect(me.body.session).toEqual({ csrfToken: s.csrf, mustChangePassword: false, expiresAt: s.body.expiresAt });
    const byToken = await w.as('police').get('/api/v1/me').expect(200);
    expect(byToken.body).not.toHaveProperty('session');
  });

  it('is removed from the database once ended, expired or idle too long, and an open one stays', async () => {
    const services = createServices(w.db, w.clock);
    const open = await ready();
    const signedOut = await signedIn('police', PASSWORD);
    await request(w.app).delete('/api/v1/sessions/current').set('Cookie', signedOut.cookie).set('X-CSRF-Token', signedOut.csrf).expect(204);
    // The signed-out one goes; the one open and the first-password one (a change keeps the session asking) stay.
    expect(await services.users.sessions.purgeFinished()).toBe(1);
    expect(Number((await w.db('sessions').count({ n: '*' }).first())?.n)).toBe(2);
    await request(w.app).get('/api/v1/me').set('Cookie', open.cookie).expect(200);
    w.clock.advance(31 * MINUTE);
    expect(await services.users.sessions.purgeFinished()).toBe(2);
    expect(Number((await w.db('sessions').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('ends after SESSION_MAX_HOURS however busy', async () => {
    await w.destroy();
    w = await createWorld({ sessionMaxHours: 1, sessionIdleMinutes: 20 });
    const s = await ready();
    for (let i = 0; i < 3; i++) {
      w.clock.advance(19 * MINUTE);
      await request(w.app).get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    }
    w.clock.advance(3 * MINUTE);
    expectProblem(await request(w.app).get('/api/v1/me').set('Cookie', s.cookie), 401, 'unauthenticated');
  });

  it('ends at sign-out, clearing the cookie; another session of the same user goes on', async () => {
    const s = await ready();
    const other = await signedIn('police', PASSWORD);
    const out = await request(w.app).delete('/api/v1/sessions/current').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).expect(204);
    expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^catalog_session=; .*Max-Age=0/);
    expectProblem(await request(w.app).get('/api/v1/me').set('Cookie', s.cookie), 401, 'unauthenticated');
    await request(w.app).get('/api/v1/me').set('Cookie', other.cookie).expect(200);
    expect(await audits('session.ended')).toHaveLength(1);
    // Each session has its own CSRF token.
    expect(other.csrf).not.toBe(s.csrf);
    const cross = await request(w.app).delete('/api/v1/sessions/current').set('Cookie', other.cookie).set('X-CSRF-Token', s.csrf);
    expectProblem(cross, 403, 'csrf_refused');
  });

  it('has nothing to end for a bearer token', async () => {
    expectProblem(await w.as('police').delete('/api/v1/sessions/current'), 403, 'no_session');
  });

  it('leaves bearer tokens as they were', async () => {
    await ready();
    await w.as('police').get('/api/v1/me').expect(200);
    // A bearer token needs no CSRF header, even with a foreign Origin (no cookie is involved).
    await w
      .as('police')
      .post(`/api/v1/users/${w.userId.police}/tokens`)
      .set('Origin', 'https://evil.example')
      .send({ name: '程序' })
      .expect(201);
  });
});

describe('CSRF', () => {
  it('refuses a cookie POST without X-CSRF-Token, writing nothing', async () => {
    const s = await ready();
    const before = await w.counts();
    const res = await request(w.app).post(`/api/v1/users/${w.userId.police}/tokens`).set('Cookie', s.cookie).send({ name: '脚本' });
    expectProblem(res, 403, 'csrf_refused');
    const wrong = await request(w.app)
      .post(`/api/v1/users/${w.userId.police}/tokens`)
      .set('Cookie', s.cookie)
      .set('X-CSRF-Token', 'guessed')
      .send({ name: '脚本' });
    expectProblem(wrong, 403, 'csrf_refused');
    expect(await w.counts()).toEqual(before);
  });

  it('refuses a foreign Origin and accepts the service own origin or one of CORS_ORIGINS', async () => {
    await w.destroy();
    w = await createWorld({ corsOrigins: ['https://console.example.gov.cn'] });
    const s = await ready();
    const post = (origin?: string) => {
      const r = request(w.app).post('/api/v1/resources').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf);
      return (origin ? r.set('Origin', origin) : r).send(completeEntry());
    };
    const before = await w.counts();
    expectProblem(await post('https://evil.example'), 403, 'csrf_refused');
    expect(await w.counts()).toEqual(before);
    const own = await post();
    expect(own.status).toBe(201);
    // The service's own origin, as the Host header names it.
    await post('http://catalog.example.gov.cn').set('Host', 'catalog.example.gov.cn').expect(201);
    expectProblem(await post('http://catalog.example.gov.cn').set('Host', 'other.example.gov.cn'), 403, 'csrf_refused');
    await post('https://console.example.gov.cn').expect(201);
  });

  it('lets a cookie GET through without the header', async () => {
    const s = await ready();
    await request(w.app).get(`/api/v1/users/${w.userId.police}/tokens`).set('Cookie', s.cookie).expect(200);
  });

  it('issues a token from a session only with the current password, not bounded by the session, and counts a wrong one toward the lock', async () => {
    const s = await ready();
    const issue = (body: Record<string, unknown>) =>
      request(w.app).post(`/api/v1/users/${w.userId.police}/tokens`).set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).send(body);
    const before = await w.counts();
    expectProblem(await issue({ name: '程序', expiresInDays: 30 }), 422, 'password_confirmation_required');
    expect(await w.counts()).toEqual(before);
    expectProblem(await issue({ name: '程序', expiresInDays: 30, currentPassword: 'Wrong2026xx' }), 422, 'current_password_wrong');
    expect(await audits('password.confirmation_failed')).toHaveLength(1);
    const made = await issue({ name: '程序', expiresInDays: 30, currentPassword: PASSWORD }).expect(201);
    // Thirty days, though the session ends in twelve hours.
    expect(new Date(made.body.expiresAt).getTime() - w.clock.now().getTime()).toBe(30 * 24 * 60 * MINUTE);
    const created = (await audits('token.created')).at(-1);
    expect(JSON.parse(created.details_json)).toMatchObject({ confirmedWithPassword: true });
    await request(w.app).get('/api/v1/me').set('Authorization', `Bearer ${made.body.token}`).expect(200);
    // Four more wrong confirmations make five failures in a row: the account locks as at sign-in.
    for (let i = 0; i < 4; i++) await issue({ name: '程序', currentPassword: `Wrong2026x${i}` }).expect(422);
    expect(await audits('account.locked')).toHaveLength(1);
    expectProblem(await signIn('police', PASSWORD), 403, 'account_locked');
  });
});

describe('passwords', () => {
  it('a session whose password must change may only see itself, change it and sign out', async () => {
    await enrol('police', 'police');
    const s = await signedIn('police', 'First2026pass');
    expect(s.body.mustChangePassword).toBe(true);
    await request(w.app).get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    expectProblem(await request(w.app).get('/api/v1/resources').set('Cookie', s.cookie), 403, 'password_change_required');
    const before = await w.counts();
    const post = await request(w.app)
      .post(`/api/v1/users/${w.userId.police}/tokens`)
      .set('Cookie', s.cookie)
      .set('X-CSRF-Token', s.csrf)
      .send({ name: 'x' });
    expectProblem(post, 403, 'password_change_required');
    expect(await w.counts()).toEqual(before);
    await request(w.app)
      .put('/api/v1/me/password')
      .set('Cookie', s.cookie)
      .set('X-CSRF-Token', s.csrf)
      .send({ currentPassword: 'First2026pass', newPassword: PASSWORD })
      .expect(204);
    const again = await signedIn('police', PASSWORD);
    expect(again.body.mustChangePassword).toBe(false);
    await request(w.app).get('/api/v1/resources').set('Cookie', again.cookie).expect(200);
    expectProblem(await signIn('police', 'First2026pass'), 401, 'sign_in_failed');
    expect(await audits('password.changed')).toHaveLength(1);
    expect(await audits('password.set')).toHaveLength(1);
  });

  it('keeps the password rule (422) and asks for the right current password, changing nothing otherwise', async () => {
    const s = await ready();
    const hash = (await w.db('users').where({ id: w.userId.police }).first()).password_hash;
    const change = (body: object) =>
      request(w.app).put('/api/v1/me/password').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).send(body);
    for (const newPassword of ['short1a', 'onlyletterswithoutdigits', '12345678901234', 'police']) {
      const res = await change({ currentPassword: PASSWORD, newPassword });
      expectProblem(res, 422, 'password_rule');
      expect(res.body.errors[0].path).toBe('/newPassword');
    }
    expectProblem(await change({ currentPassword: 'Wrong2026pass', newPassword: 'Another2026x' }), 422, 'current_password_wrong');
    expect((await w.db('users').where({ id: w.userId.police }).first()).password_hash).toBe(hash);
    expect(await audits('password.changed')).toHaveLength(1);
    // With a bearer token too, giving the current password.
    await w.as('police').put('/api/v1/me/password').send({ currentPassword: PASSWORD, newPassword: 'Another2026x' }).expect(204);
    await signIn('police', 'Another2026x').expect(201);
  });

  it('only the bureau sets a password: others 403, nothing changed', async () => {
    await enrol('police', 'police');
    await enrol('civil', 'civil2026ab');
    const before = await w.counts();
    const hashes = await w.db('users').select('id', 'password_hash', 'must_change_password').orderBy('id');
    expectProblem(
      await w.as('police').post(`/api/v1/users/${w.userId.police}/password`).send({ password: 'Mine2026pass' }),
      403,
      'role_required',
    );
    expectProblem(
      await w.as('police').post(`/api/v1/users/${w.userId.civil}/password`).send({ password: 'Mine2026pass' }),
      403,
      'role_required',
    );
    expectProblem(
      await w.as('auditor').post(`/api/v1/users/${w.userId.civil}/password`).send({ password: 'Mine2026pass' }),
      403,
      'role_required',
    );
    expectProblem(await w.as('bureau').post(`/api/v1/users/${NO_SUCH_ID}/password`).send({ password: 'Mine2026pass' }), 404, 'not_found');
    expectProblem(
      await w.as('bureau').post(`/api/v1/users/${w.userId.edu}/password`).send({ password: 'Mine2026pass' }),
      422,
      'login_name_missing',
    );
    expectProblem(
      await w.as('bureau').post(`/api/v1/users/${w.userId.police}/password`).send({ password: 'short2026' }),
      422,
      'password_rule',
    );
    // Not the login name.
    expectProblem(
      await w.as('bureau').post(`/api/v1/users/${w.userId.civil}/password`).send({ password: 'civil2026ab' }),
      422,
      'password_rule',
    );
    expect(await w.counts()).toEqual(before);
    expect(await w.db('users').select('id', 'password_hash', 'must_change_password').orderBy('id')).toEqual(hashes);
  });

  it("ends the user's other sessions when the password changes, and all of them at the bureau's reset", async () => {
    const s = await ready();
    const other = await signedIn('police', PASSWORD);
    const newer = 'Changed2026pw';
    await request(w.app)
      .put('/api/v1/me/password')
      .set('Cookie', s.cookie)
      .set('X-CSRF-Token', s.csrf)
      .send({ currentPassword: PASSWORD, newPassword: newer })
      .expect(204);
    await request(w.app).get('/api/v1/me').set('Cookie', s.cookie).expect(200);
    expectProblem(await request(w.app).get('/api/v1/me').set('Cookie', other.cookie), 401, 'unauthenticated');
    // `other` and the session ready() changed the first password in.
    expect(JSON.parse((await audits('password.changed')).at(-1)!.details_json)).toEqual({ sessionsEnded: 2 });
    // The bureau's reset ends every session of the user, the one that changed it too.
    const third = await signedIn('police', newer);
    await w.as('bureau').post(`/api/v1/users/${w.userId.police}/password`).send({ password: 'Reset2026pass' }).expect(204);
    for (const ended of [s, third])
      expectProblem(await request(w.app).get('/api/v1/me').set('Cookie', ended.cookie), 401, 'unauthenticated');
    expect(JSON.parse((await audits('password.set')).at(-1)!.details_json)).toEqual({ sessionsEnded: 2 });
  });

  it('a reset by the bureau lifts a lockout and asks for a change again', async () => {
    await enrol('police', 'police');
    for (let i = 0; i < 5; i++) await signIn('police', 'Wrong2026xx').expect(401);
    await w.as('bureau').post(`/api/v1/users/${w.userId.police}/password`).send({ password: 'Reset2026pass' }).expect(204);
    const s = await signedIn('police', 'Reset2026pass');
    expect(s.body.mustChangePassword).toBe(true);
  });
});

describe('the audit trail', () => {
  it('records sign-in, failure, lockout, sign-out, setting and changing, with who and from where', async () => {
    const s = await ready();
    await request(w.app).delete('/api/v1/sessions/current').set('Cookie', s.cookie).set('X-CSRF-Token', s.csrf).expect(204);
    for (let i = 0; i < 5; i++) await signIn('police', 'Wrong2026xx').expect(401);
    const rows = await w
      .db('audit_events')
      .whereIn('action', ['session.created', 'sign_in.failed', 'account.locked', 'session.ended', 'password.set', 'password.changed'])
      .orderBy('seq');
    expect(rows.map((r) => r.action)).toEqual([
      'password.set',
      'session.created',
      'password.changed',
      'session.created',
      'session.ended',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'sign_in.failed',
      'account.locked',
    ]);
    expect(rows.every((r) => r.object_id === w.userId.police)).toBe(true);
    expect(rows[0].user_id).toBe(w.userId.bureau);
    expect(rows[1].user_id).toBe(w.userId.police);
    expect(rows[5].user_id).toBeNull();
    expect(JSON.stringify(rows)).not.toMatch(/Police2026ok|First2026pass|Wrong2026xx/);
  });
});
