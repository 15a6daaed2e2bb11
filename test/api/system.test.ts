import request from 'supertest';
import { Contract } from '../../src/http/contract';
import { createWorld, World } from '../support/world';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

describe('system endpoints', () => {
  it('answers /healthz with the database it uses', async () => {
    const res = await request(w.app).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: w.dialect });
  });

  it('serves the contract at /openapi.json', async () => {
    const res = await request(w.app).get('/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/v1/resources');
  });

  it('serves Swagger UI at /docs/ and redirects /docs there', async () => {
    const redirect = await request(w.app).get('/docs').expect(301);
    expect(redirect.headers.location).toBe('/docs/');
    const page = await request(w.app).get('/docs/').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('swagger-ui');
  });

  it('refuses /api/v1 without a token, with a bad token and with a malformed header', async () => {
    for (const header of [undefined, 'Bearer nope-not-a-token', 'Basic abc', 'Bearer ']) {
      const req = request(w.app).get('/api/v1/me');
      if (header) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body.code).toBe('unauthenticated');
    }
  });

  it('answers an unknown route with a problem+json 404', async () => {
    const res = await w.as('police').get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('echoes a sane X-Request-Id and makes one otherwise', async () => {
    const given = await request(w.app).get('/healthz').set('X-Request-Id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await request(w.app).get('/healthz').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tells the caller who it is', async () => {
    const res = await w.as('civil').get('/api/v1/me').expect(200);
    expect(res.body.user.id).toBe(w.userId.civil);
    expect(res.body.department.name).toBe('测试市民政局');
  });

  it('serves every vocabulary with Chinese labels', async () => {
    const res = await w.as('edu').get('/api/v1/vocabularies').expect(200);
    expect(res.body.sharingTypes).toContainEqual({ code: 'not_shared', label: '不予共享' });
    expect(res.body.provisionModes.map((t: { code: string }) => t.code)).toEqual([
      'certificate',
      'query_api',
      'verification_api',
      'batch_exchange',
      'other',
    ]);
    expect(res.body.categories.find((c: { code: string }) => c.code === '101').path).toEqual(['基础信息资源', '人口基础信息']);
  });
});

describe('the contract and the routes agree', () => {
  // Every route the express app has is an operation of the contract (no undocumented route).
  it('serves no route that the OpenAPI document does not describe', () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const routes: string[] = [];
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) routes.push(`${m.toUpperCase()} ${layer.route.path}`);
        else if (layer.handle?.stack) walk(layer.handle.stack);
      }
    };
    walk((w.app as unknown as { router: { stack: Layer[] } }).router.stack);
    const documented = new Set([...new Contract().operations.values()].map((o) => `${o.method.toUpperCase()} ${o.expressPath}`));
    expect(routes.length).toBeGreaterThanOrEqual(documented.size);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  // Every operation of the document is served: a request to each answers with something other
  // than the catch-all 404 (which says "METHOD /path 不存在").
  it('serves every operation in the OpenAPI document', async () => {
    const contract = new Contract();
    const missing: string[] = [];
    for (const op of contract.operations.values()) {
      const url = op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(w.app)[op.method](url).set('Authorization', `Bearer ${w.token.bureau}`);
      const catchAll =
        res.status === 404 && typeof res.body.detail === 'string' && res.body.detail.startsWith(`${op.method.toUpperCase()} `);
      if (catchAll) missing.push(`${op.method.toUpperCase()} ${op.path}`);
    }
    expect(missing).toEqual([]);
    expect(contract.operations.size).toBeGreaterThanOrEqual(30);
  });
});
