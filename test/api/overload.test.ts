import http from 'node:http';
import { expectProblem } from '../support/assertions';
import { listen, LiveServer } from '../support/http-server';
import { createWorld, publishEntry, World } from '../support/world';

// Graceful saturation (src/http/load-shedding.ts): past its limit of requests in flight, the
// instance answers a new API request at once with 503 overloaded and Retry-After, in Chinese with
// an English gloss, and serves again as soon as a request ends; health is never refused.

let w: World;
let live: LiveServer;
let entryId: string;

beforeAll(async () => {
  w = await createWorld({ maxInFlight: 1 });
  entryId = (await publishEntry(w, { name: '过载测试目录', provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv' }] })).id;
  live = await listen(w.app);
});
afterAll(async () => {
  await live.close();
  await w.destroy();
});

/** A delivery whose body is still arriving: one request in flight until `finish`. */
function openUpload(): { finish: () => Promise<number> } {
  const req = http.request(`${live.url}/api/v1/resources/${entryId}/deliveries`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${w.token.police}`, 'Content-Type': 'text/csv' },
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
  req.write('公民身份号码,姓名,性别,出生日期\n');
  return {
    finish: async () => {
      req.end('110105199001011234,张三,1,1990-01-01\n');
      return answered;
    },
  };
}

it('refuses a new API request with 503 overloaded while the instance is at its limit, answers health, and serves again after', async () => {
  const upload = openUpload();
  // The upload counts once its headers are through: until then a search may still pass.
  let refused: Awaited<ReturnType<LiveServer['call']>> | null = null;
  for (const deadline = Date.now() + 5000; !refused && Date.now() < deadline;) {
    const res = await live.call(w.token.edu, 'GET', '/api/v1/resources');
    if (res.status === 503) refused = res;
  }
  expect(refused).not.toBeNull();
  expectProblem(
    { status: refused!.status, body: refused!.body, headers: Object.fromEntries(refused!.headers) } as never,
    503,
    'overloaded',
  );
  expect(refused!.headers.get('retry-after')).toBe('1');
  expect(String(refused!.body.detail)).toMatch(/服务繁忙.*\(the service is overloaded/);
  const health = await fetch(`${live.url}/healthz`);
  expect(health.status).toBe(200);
  await health.arrayBuffer();
  expect(await upload.finish()).toBe(201);
  expect((await live.call(w.token.edu, 'GET', '/api/v1/resources')).status).toBe(200);
  const metrics = await (await fetch(`${live.url}/metrics`)).text();
  expect(Number(/^http_requests_shed (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
});
