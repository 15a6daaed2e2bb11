import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { Contract } from '../../src/http/contract';
import { servesDocument } from '../../src/http/security';
import { expectProblem } from '../support/assertions';
import { freshDatabase } from '../support/db';
import { createWorld, World } from '../support/world';

const contractDocument = new Contract().document;

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

describe('security headers and CORS', () => {
  it('sends the API security headers on JSON answers, and none of the document-only ones', async () => {
    for (const res of [
      await request(w.app).get('/healthz').expect(200),
      await w.as('edu').get('/api/v1/vocabularies').expect(200),
      await request(w.app).get('/api/v1/nowhere').expect(401),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
      for (const documentOnly of [
        'cross-origin-opener-policy',
        'origin-agent-cluster',
        'referrer-policy',
        'x-dns-prefetch-control',
        'x-download-options',
        'x-permitted-cross-domain-policies',
        'x-xss-protection',
        'x-powered-by',
      ]) {
        expect(res.headers[documentOnly]).toBeUndefined();
      }
    }
  });

  it("sends helmet's full document policy with Swagger UI, and no x-powered-by", async () => {
    const page = await request(w.app).get('/docs/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['strict-transport-security']).toBeDefined();
    expect(page.headers['x-powered-by']).toBeUndefined();
    const redirect = await request(w.app).get('/docs').expect(301);
    expect(redirect.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves every HTML answer of the contract under /docs, where the document policy applies', () => {
    const htmlPaths = Object.entries(
      contractDocument.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>>,
    )
      .filter(([, ops]) =>
        Object.values(ops).some((op) =>
          Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).some((t) => t.startsWith('text/html'))),
        ),
      )
      .map(([path]) => path);
    expect(htmlPaths.length).toBeGreaterThan(0);
    for (const path of htmlPaths) expect(servesDocument(path)).toBe(true);
    expect(servesDocument('/api/v1/resources')).toBe(false);
    expect(servesDocument('/docsearch')).toBe(false);
  });

  it('keeps CORS closed by default and opens it only to configured origins', async () => {
    const closed = await request(w.app).get('/healthz').set('Origin', 'https://evil.example').expect(200);
    expect(closed.headers['access-control-allow-origin']).toBeUndefined();
    const open = createApp({ db: w.db, clock: w.clock, corsOrigins: ['https://catalog.example.gov.cn'] });
    const allowed = await request(open)
      .options('/api/v1/resources')
      .set('Origin', 'https://catalog.example.gov.cn')
      .set('Access-Control-Request-Method', 'GET')
      .expect(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://catalog.example.gov.cn');
    const other = await request(open).get('/healthz').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('metrics', () => {
  it('counts requests by contract operation and status at /metrics', async () => {
    await w.as('edu').get('/api/v1/vocabularies').expect(200);
    await request(w.app).get('/api/v1/vocabularies').expect(401);
    const res = await request(w.app).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{operation="getVocabularies",method="GET",status="200"\} [1-9]/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After past the per-token limit, counting each token apart', async () => {
    const limited = createApp({ db: w.db, clock: w.clock, rateLimitPerMinute: 3, validateResponses: true });
    for (let i = 0; i < 3; i++) await request(limited).get('/api/v1/me').set('Authorization', `Bearer ${w.token.edu}`).expect(200);
    const over = await request(limited).get('/api/v1/me').set('Authorization', `Bearer ${w.token.edu}`);
    expectProblem(over, 429, 'rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    await request(limited).get('/api/v1/me').set('Authorization', `Bearer ${w.token.civil}`).expect(200);
  });
});

describe('logs and errors', () => {
  it('logs JSON lines with request ids and never the token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = createApp({ db: w.db, clock: w.clock, logger: pino({ level: 'info' }, sink) });
    await request(logged).get('/api/v1/me').set('Authorization', `Bearer ${w.token.police}`).set('X-Request-Id', 'log-test-1').expect(200);
    await request(logged).get('/api/v1/me').set('Authorization', 'Bearer not-a-token').set('X-Request-Id', 'log-test-2').expect(401);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.find((l) => l.requestId === 'log-test-1')).toMatchObject({
      level: 30,
      method: 'GET',
      path: '/api/v1/me',
      status: 200,
      operation: 'getMe',
      msg: 'request completed',
    });
    expect(parsed.find((l) => l.requestId === 'log-test-2')).toMatchObject({ level: 40, status: 401 });
    expect(typeof parsed.find((l) => l.requestId === 'log-test-1').ms).toBe('number');
    expect(lines.join('\n')).not.toContain(w.token.police);
    expect(lines.join('\n')).not.toContain('not-a-token');
  });

  it('answers 503 without internals when the database is gone, and never shows a stack or SQL', async () => {
    const t = await freshDatabase();
    const app = createApp({ db: t.db, validateResponses: true });
    await t.destroy();
    const health = await request(app).get('/healthz');
    expectProblem(health, 503, 'database_unavailable');
    const res = await request(app).get('/api/v1/me').set('Authorization', 'Bearer anything-at-all');
    expectProblem(res, 503, 'database_unavailable');
    expect(JSON.stringify(res.body)).not.toMatch(/select|sqlite|postgres|knex|at \w+ \(|node_modules/i);
  });
});
