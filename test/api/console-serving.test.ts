import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app';
import { expectProblem } from '../support/assertions';
import { CONSOLE_FIXTURE, createWorld, World } from '../support/world';

// How the service serves the web console (src/modules/system/console.ts, ADR 0044): its page at /
// and at any other page address that asks for HTML, its hashed assets cached for a year, the
// document security headers, compression (the build's .br/.gz, or gzip here); and a plain 503 before the console is built. The console
// itself is tested in a browser (test/browser); here the page is a fixture.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

describe('the web console', () => {
  it('answers / with its page, never cached, with the document headers (no upgrade to https)', async () => {
    const res = await request(w.app).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('控制台（测试用页面）');
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers any other page address asking for HTML with the same page, and leaves the API and JSON callers alone', async () => {
    for (const page of ['/catalog', '/catalog/0d7cbf4e-0000-4000-8000-000000000000', '/grants?tab=mine', '/verify/certificates/abc']) {
      const res = await request(w.app).get(page).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200);
      expect(res.text).toContain('控制台（测试用页面）');
    }
    expectProblem(await request(w.app).get('/catalog').set('Accept', 'application/json'), 404, 'not_found');
    expectProblem(await request(w.app).post('/catalog').set('Accept', 'text/html'), 404, 'not_found');
    // An unknown API path stays a 404 problem even from a browser.
    expectProblem(await request(w.app).get('/api/v1/nothing-here').set('Accept', 'text/html'), 401, 'unauthenticated');
  });

  it('serves the hashed assets for a year, gzip-compressed when asked, and a missing one as a 404 problem', async () => {
    const res = await request(w.app).get('/assets/fixture-abc123.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain("console.log('fixture')");
    const html = await request(w.app).get('/').set('Accept-Encoding', 'gzip').expect(200);
    expect(html.headers.vary).toMatch(/Accept-Encoding/);
    expectProblem(await request(w.app).get('/assets/missing-000000.js'), 404, 'not_found');
  });

  it('serves an asset the build compressed as its .br or .gz file, by what the browser accepts', async () => {
    const asset = '/assets/fixture-precompressed-def456.js';
    const file = path.join(CONSOLE_FIXTURE, asset);
    const original = await fs.promises.readFile(file, 'utf8');
    // The bytes sent are the build's file (its length), and they decode to the asset.
    for (const [accepted, encoding, sent] of [
      ['gzip, deflate, br', 'br', `${file}.br`],
      ['gzip', 'gzip', `${file}.gz`],
      ['identity', undefined, file],
    ] as const) {
      const res = await request(w.app).get(asset).set('Accept-Encoding', accepted).expect(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(Number(res.headers['content-length'])).toBe((await fs.promises.stat(sent)).size);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers.vary).toMatch(/Accept-Encoding/);
      expect(res.text).toBe(original);
    }
  });

  it('says in Chinese that the console is not built yet, rather than a blank page', async () => {
    const unbuilt = createApp({ db: w.db, clock: w.clock, consoleDir: path.join(os.tmpdir(), 'no-console-here') });
    const res = await request(unbuilt).get('/');
    expectProblem(res, 503, 'console_not_built');
    expect(res.body.detail).toContain('npm run build');
    expectProblem(await request(unbuilt).get('/catalog').set('Accept', 'text/html'), 503, 'console_not_built');
  });
});
