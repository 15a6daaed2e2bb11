import request from 'supertest';
import { expectProblem } from '../support/assertions';
import { createWorld, World } from '../support/world';

// TRUST_PROXY: behind a reverse proxy the audit trail records the client's address from
// X-Forwarded-For, and only when the proxy is trusted. METRICS_TOKEN: /metrics asks for its token;
// without one, it answers callers on the service's machine only.

const METRICS_TOKEN = 'metrics-token-0123456789';
let plain: World;
let proxied: World;

beforeAll(async () => {
  plain = await createWorld();
  proxied = await createWorld({ trustProxy: ['loopback'], metricsToken: METRICS_TOKEN });
});
afterAll(async () => {
  await plain.destroy();
  await proxied.destroy();
});

/** The client address the audit trail recorded for the newest event of `action`. */
async function recordedAddress(w: World, action: string): Promise<string | null> {
  const res = await w.as('auditor').get('/api/v1/audit-events').query({ action, limit: '1' }).expect(200);
  return res.body.items[0].clientAddress;
}

describe('the client address in the audit trail', () => {
  it('behind a trusted proxy, is the one X-Forwarded-For names', async () => {
    await request(proxied.app)
      .post(`/api/v1/users/${proxied.userId.police}/tokens`)
      .set('Authorization', `Bearer ${proxied.token.police}`)
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ name: '代理后的令牌', expiresInDays: 1 })
      .expect(201);
    expect(await recordedAddress(proxied, 'token.created')).toBe('203.0.113.7');
  });

  it('without TRUST_PROXY, is the connection\u2019s own: a forged X-Forwarded-For is ignored', async () => {
    await request(plain.app)
      .post(`/api/v1/users/${plain.userId.police}/tokens`)
      .set('Authorization', `Bearer ${plain.token.police}`)
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ name: '伪造地址的令牌', expiresInDays: 1 })
      .expect(201);
    expect(await recordedAddress(plain, 'token.created')).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });
});

describe('/metrics', () => {
  it('with METRICS_TOKEN, answers its bearer and refuses anyone else with 401, a user\u2019s token included', async () => {
    const ok = await request(proxied.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(ok.text).toMatch(/^# HELP /m);
    for (const auth of [undefined, 'Bearer wrong-token-0123456789', `Bearer ${proxied.token.bureau}`]) {
      const req = request(proxied.app).get('/metrics');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expectProblem(res, 401, 'unauthenticated');
      expect(res.body.detail).toBe('读取运行指标需要 METRICS_TOKEN 令牌 (reading the metrics needs the METRICS_TOKEN bearer token)');
    }
  });

  it('without METRICS_TOKEN, answers callers on this machine and refuses others with 403', async () => {
    await request(plain.app).get('/metrics').expect(200);
    // Seen through a trusted proxy, a caller from elsewhere is not on this machine.
    const remote = await createWorld({ trustProxy: ['loopback'] });
    try {
      await request(remote.app).get('/metrics').expect(200);
      const res = await request(remote.app).get('/metrics').set('X-Forwarded-For', '198.51.100.20');
      expectProblem(res, 403, 'metrics_forbidden');
      expect(res.body.detail).toBe(
        '未设置 METRICS_TOKEN 时，运行指标只对本机开放 (without METRICS_TOKEN, the metrics are open to this machine only)',
      );
    } finally {
      await remote.destroy();
    }
  });
});
