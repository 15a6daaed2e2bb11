import express from 'express';
import request from 'supertest';
import { createServices } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { newSigningKey } from '../../src/domain/audit-chain';
import { hashPassword } from '../../src/domain/passwords';
import { verifyChain } from '../../src/modules/audit/audit.chain';
import { demoPasswords, demoTokenSecrets } from '../../seeds/demo-city';
import { expectProblem } from '../support/assertions';
import { TestDb } from '../support/db';
import { demoCity } from '../support/demo-city';

// Regression (probe, 2026-12-05): the demo city's tokens, published in README (demo-bureau-token is
// an administrator's), were live on any database the demo was loaded into, silently. main.ts now
// warns at every start while one still works (UserService.liveTokensAmong), and
// `npm run demo:revoke-tokens` revokes them (UserService.revokeTokensAmong), audited, idempotent.

let t: TestDb;
let app: express.Express;
let clock: ManualClock;
const services = () => createServices(t.db, clock);
const me = (secret: string) => request(app).get('/api/v1/me').set('Authorization', `Bearer ${secret}`);

beforeAll(async () => {
  ({ t, app, clock } = await demoCity());
});
afterAll(async () => {
  await t.destroy();
});

describe('the demo tokens', () => {
  it('are the twelve README lists, all live after loading the demo city', async () => {
    const secrets = demoTokenSecrets();
    expect(secrets).toHaveLength(12);
    expect(secrets).toContain('demo-bureau-token');
    const live = await services().users.liveTokensAmong(secrets);
    expect(live).toHaveLength(12);
    await me('demo-bureau-token').expect(200);
  });

  it('count only tokens that still let someone in: not a revoked one, nor one of a deactivated user, nor an expired one', async () => {
    const users = services().users;
    const civil = await t.db('users').where({ name: '林秀英' }).first('id');
    await t.db('users').where({ id: civil.id }).update({ active: false });
    expect(await users.liveTokensAmong(demoTokenSecrets())).toHaveLength(11);
    await t.db('users').where({ id: civil.id }).update({ active: true });
    const market = await t.db('users').where({ name: '黄志强' }).first('id');
    await t
      .db('api_tokens')
      .where({ user_id: market.id })
      .update({ expires_at: new Date(clock.now().getTime() - 1000).toISOString() });
    expect(await users.liveTokensAmong(demoTokenSecrets())).toHaveLength(11);
    await t.db('api_tokens').where({ user_id: market.id }).update({ expires_at: null });
    expect(await users.liveTokensAmong(demoTokenSecrets())).toHaveLength(12);
    // Secrets that are no token at all count nothing.
    expect(await users.liveTokensAmong(['no-such-token', 'demo-nobody-token'])).toEqual([]);
    expect(await users.liveTokensAmong([])).toEqual([]);
  });

  it('are revoked all at once by the system, each with an audit event; a second run revokes nothing', async () => {
    const users = services().users;
    // One is revoked already, through the API, by the bureau.
    const edu = await t.db('users').where({ name: '赵明轩' }).first('id');
    const eduToken = await t.db('api_tokens').where({ user_id: edu.id }).first('id');
    await request(app)
      .post(`/api/v1/users/${edu.id}/tokens/${eduToken.id}/revoke`)
      .set('Authorization', 'Bearer demo-bureau-token')
      .expect(200);
    const eventsBefore = await t.db('audit_events').where({ action: 'token.revoked' });
    expect(eventsBefore).toHaveLength(1);

    clock.advance(60_000);
    const revoked = await users.revokeTokensAmong(demoTokenSecrets(), 'demo:revoke-tokens');
    expect(revoked).toHaveLength(11);
    expect(revoked.map((r) => r.id)).not.toContain(eduToken.id);
    const events = await t.db('audit_events').where({ action: 'token.revoked' }).whereNot({ object_id: eduToken.id });
    expect(events).toHaveLength(11);
    for (const e of events) {
      expect(e.user_id).toBeNull();
      expect(JSON.parse(e.details_json)).toMatchObject({ reason: 'demo:revoke-tokens' });
    }
    expect(events.map((e: { object_id: string }) => e.object_id).sort()).toEqual(revoked.map((r) => r.id).sort());
    expect(await users.liveTokensAmong(demoTokenSecrets())).toEqual([]);
    for (const secret of demoTokenSecrets()) expectProblem(await me(secret), 401, 'unauthenticated');
    const rows = await t.db('api_tokens').whereIn(
      'id',
      revoked.map((r) => r.id),
    );
    for (const row of rows) expect(new Date(row.revoked_at).toISOString()).toBe(clock.now().toISOString());

    // Idempotent: nothing left to revoke, nothing recorded.
    const head = await t.db('audit_chain_head').first('last_seq');
    expect(await users.revokeTokensAmong(demoTokenSecrets(), 'demo:revoke-tokens')).toEqual([]);
    expect((await t.db('audit_chain_head').first('last_seq')).last_seq).toEqual(head.last_seq);
    // The audit chain still verifies.
    expect((await verifyChain(t.db, newSigningKey())).valid).toBe(true);
  });
});

// The demo users' login names and passwords, published in README beside the tokens (ADR 0043).
describe('the demo passwords', () => {
  it('sign each demo user in, without a password change asked', async () => {
    const demo = await import('../../seeds/demo-city.data');
    for (const u of demo.users) {
      const res = await request(app).post('/api/v1/sessions').send({ loginName: u.loginName, password: u.password }).expect(201);
      expect(res.body).toMatchObject({ user: { name: u.name, loginName: u.key }, mustChangePassword: false });
    }
    expect(demo.users.find((u) => u.key === 'police')).toMatchObject({ loginName: 'police', password: 'Demo2026police' });
  });

  it('are cleared by demo:revoke-tokens, each with an audit event, ending open sessions; a second run clears nothing', async () => {
    const sessions = services().users.sessions;
    const open = await request(app).post('/api/v1/sessions').send({ loginName: 'police', password: 'Demo2026police' }).expect(201);
    const cookie = (open.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    // One was changed by its user already: no longer the published one, so kept.
    await t
      .db('users')
      .where({ login_name: 'civil' })
      .update({ password_hash: await hashPassword('Civil2026own') });
    const cleared = await sessions.clearPasswordsAmong(demoPasswords(), 'demo:revoke-tokens');
    expect(cleared).toHaveLength(11);
    expect(cleared).not.toContain('civil');
    expectProblem(
      await request(app).post('/api/v1/sessions').send({ loginName: 'bureau', password: 'Demo2026bureau' }),
      401,
      'sign_in_failed',
    );
    expectProblem(await request(app).get('/api/v1/me').set('Cookie', cookie), 401, 'unauthenticated');
    const events = await t.db('audit_events').where({ action: 'password.cleared' });
    expect(events).toHaveLength(11);
    expect(events.every((e: { user_id: string | null }) => e.user_id === null)).toBe(true);
    expect(await sessions.clearPasswordsAmong(demoPasswords(), 'demo:revoke-tokens')).toEqual([]);
    await request(app).post('/api/v1/sessions').send({ loginName: 'civil', password: 'Civil2026own' }).expect(201);
  });
});
