import request from 'supertest';
import { PROBLEM_CATALOG } from '../../src/http/problem-catalog';
import { PROBLEM_PAGE_CSP } from '../../src/modules/system/problem-pages';
import { expectProblem } from '../support/assertions';
import { createWorld, World } from '../support/world';

// The `type` of every problem answer (/problems/<code>) resolves to a page that explains the code
// (docs/errors.md, ADR 0042): in Chinese for a browser, as JSON for a program that asks for it.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

describe('problem pages', () => {
  it('resolves the type of a real problem answer to its page, without a token', async () => {
    const refused = await w.as('bureau').patch(`/api/v1/departments/${w.departmentId.police}`).send({ level: 'municipal' });
    expectProblem(refused, 428, 'precondition_required');
    // A relative reference (RFC 9457 §3.1.1), resolved against the request's URL.
    const url = new URL(refused.body.type, 'http://catalog.example/api/v1/departments/x');
    expect(url.pathname).toBe('/problems/precondition_required');
    const page = await request(w.app).get(url.pathname).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(page.text).toContain('<html lang="zh-CN">');
    expect(page.text).toContain('修改须带 If-Match');
    expect(page.text).toContain('处理办法');
    expect(page.text).toContain('If-Match is required');
  });

  it('serves every entry of the catalog, as a page and as JSON', async () => {
    expect(PROBLEM_CATALOG.size).toBeGreaterThan(100);
    for (const entry of PROBLEM_CATALOG.values()) {
      const page = await request(w.app).get(`/problems/${entry.code}`).expect(200);
      expect(page.text).toContain(`<code>${entry.code}</code>`);
      expect(page.text).toContain(entry.title);
      const json = await request(w.app).get(`/problems/${entry.code}`).set('Accept', 'application/json').expect(200);
      expect(json.body).toEqual({ type: `/problems/${entry.code}`, ...entry, status: [...entry.status] });
    }
  });

  it('lists every code on the index, linked to its page', async () => {
    const page = await request(w.app).get('/problems').expect(200);
    expect(page.text).toContain('错误代码一览');
    for (const code of PROBLEM_CATALOG.keys()) expect(page.text).toContain(`href="/problems/${code}"`);
    const json = await request(w.app).get('/problems').set('Accept', 'application/json').expect(200);
    expect(json.body.items.map((e: { code: string }) => e.code)).toEqual([...PROBLEM_CATALOG.keys()]);
    expect(json.headers.vary).toMatch(/Accept/);
  });

  it('answers an unknown code with a problem, and a malformed one with 400', async () => {
    expectProblem(await request(w.app).get('/problems/no_such_code'), 404, 'not_found');
    expectProblem(await request(w.app).get('/problems/__proto__x').set('Accept', 'application/json'), 404, 'not_found');
    expectProblem(await request(w.app).get('/problems/Not-A-Code'), 400, 'invalid_parameter');
  });

  it('is self-contained under a strict policy: no script, no external asset, its one style allowed by hash', async () => {
    const page = await request(w.app).get('/problems/not_found').expect(200);
    expect(page.headers['content-security-policy']).toBe(PROBLEM_PAGE_CSP);
    expect(PROBLEM_PAGE_CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; frame-ancestors 'none'$/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.text).not.toMatch(/<script|src=|https?:\/\//i);
    const style = /<style>([^<]*)<\/style>/.exec(page.text)![1];
    const { createHash } = await import('node:crypto');
    expect(PROBLEM_PAGE_CSP).toContain(createHash('sha256').update(style).digest('base64'));
  });
});
