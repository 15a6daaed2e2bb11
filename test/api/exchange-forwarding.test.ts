import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/app';
import { expectProblem } from '../support/assertions';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Forwarding (docs/exchange.md "Forwarding"): an entry that registers its producer's own endpoint
// has its queries and verifications forwarded there. The answer is bounded in time and size, must
// be JSON of the declared output items, and leaves stripped of what the grant does not give and
// masked. Forwarding never reaches loopback, link-local, private or metadata addresses — after
// resolution, on every redirect — unless the operator lists them (here the test server's
// 127.0.0.1 is listed for one app and not for the other).

let w: World;
let producer: http.Server;
let base: string;
const hits: string[] = [];

const ITEMS = [
  {
    name: '公民身份号码',
    dataType: 'C',
    length: 18,
    sensitive: true,
    masking: { rule: 'keep_ends', first: 6, last: 4 },
    queryRole: 'input',
  },
  { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'family_name' }, queryRole: 'output' },
  { name: '出生日期', dataType: 'D', queryRole: 'output' },
  { name: '联系电话', dataType: 'C', length: 11, sensitive: true, masking: { rule: 'phone' }, queryRole: 'output' },
];

/** The producer's endpoint: how it answers depends on the path. */
function answer(req: http.IncomingMessage, res: http.ServerResponse, body: string) {
  hits.push(`${req.url} ${body}`);
  const json = (value: unknown) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(value));
  };
  switch (req.url) {
    case '/query':
      return json({ items: JSON.parse(body).probe ? [] : [{ 姓名: '张三', 出生日期: '1990-01-01', 联系电话: '13800138000' }] });
    case '/verify':
      return json(JSON.parse(body).probe ? { match: false } : { match: false, items: { 姓名: true, 出生日期: false } });
    case '/slow':
      return setTimeout(() => json({ items: [] }), 1500);
    case '/big':
      return json({ items: [{ 姓名: 'x'.repeat(200_000) }] });
    case '/text':
      res.setHeader('Content-Type', 'text/html');
      return res.end('<html>维护中</html>');
    case '/undeclared':
      return json({ items: [{ 姓名: '张三', 身高: '180' }] });
    case '/broken':
      res.statusCode = 500;
      return json({ error: 'boom' });
    case '/to-metadata':
      res.statusCode = 307;
      res.setHeader('Location', 'http://169.254.169.254/latest/meta-data/');
      return res.end();
    case '/to-query':
      res.statusCode = 307;
      res.setHeader('Location', '/query');
      return res.end();
    default:
      res.statusCode = 404;
      return res.end();
  }
}

const FORWARD = { timeoutMs: 400, maxBytes: 64 * 1024 };

async function forwardedEntry(queryPath: string | null, verifyPath: string | null = null) {
  const modes: Array<Record<string, unknown>> = [];
  if (queryPath) modes.push({ mode: 'query_api', description: '转发查询', endpoint: `${base}${queryPath}` });
  if (verifyPath) modes.push({ mode: 'verification_api', description: '转发核验', endpoint: `${base}${verifyPath}`, perItemResult: true });
  const entry = await publishEntry(w, { name: `转发测试目录${queryPath ?? verifyPath}`, items: ITEMS, provisionModes: modes });
  const mode = queryPath ? 'query_api' : 'verification_api';
  const req = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...sharingRequestBody(entry.id, { provisionMode: mode, items: ['公民身份号码', '姓名', '出生日期'] }), submit: true })
    .expect(201);
  const grantId = (await w.as('police').post(`/api/v1/sharing-requests/${req.body.id}/approve`).send({}).expect(200)).body.grantId;
  return { entry, grantId };
}

const query = (grantId: string) =>
  w
    .as('edu')
    .post(`/api/v1/grants/${grantId}/query`)
    .send({ input: { 公民身份号码: '110105199001011234' } });

beforeAll(async () => {
  producer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => producer.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(producer.address() as AddressInfo).port}`;
  w = await createWorld({ forward: { ...FORWARD, allow: ['127.0.0.1'] } });
});
afterAll(async () => {
  await w.destroy();
  await new Promise((resolve) => producer.close(resolve));
});

describe('a forwarded query', () => {
  it('answers what the endpoint answered, stripped of the items the grant does not give, masked', async () => {
    const { grantId } = await forwardedEntry('/query');
    const res = await query(grantId).expect(200);
    expect(res.body).toEqual({ items: [{ 姓名: '张*', 出生日期: '1990-01-01' }], truncated: false, source: 'endpoint' });
    expect(JSON.stringify(res.body)).not.toContain('138');
    // The endpoint received the input items only.
    expect(hits[hits.length - 1]).toBe('/query {"input":{"公民身份号码":"110105199001011234"}}');
    const record = await w.db('exchange_access_records').where({ grant_id: grantId }).orderBy('seq', 'desc').first();
    expect(record).toMatchObject({ operation: 'query', result: 'ok', rows: 1 });
  });

  it('follows a redirect to an allowed address, checking it again', async () => {
    const { grantId } = await forwardedEntry('/to-query');
    expect((await query(grantId).expect(200)).body.items).toHaveLength(1);
  });

  it('refuses an endpoint that answers slowly, too much, not JSON, undeclared items, an error, or redirects inward', async () => {
    const cases: Array<[string, number, string]> = [
      ['/slow', 504, 'upstream_timeout'],
      ['/big', 502, 'upstream_too_large'],
      ['/text', 502, 'upstream_not_json'],
      ['/undeclared', 502, 'upstream_undeclared_items'],
      ['/broken', 502, 'upstream_bad_status'],
      ['/to-metadata', 502, 'upstream_address_refused'],
    ];
    for (const [path, status, code] of cases) {
      const { grantId } = await forwardedEntry(path);
      const res = await query(grantId);
      expectProblem(res, status, code);
      // What the endpoint said never reaches the consumer.
      expect(JSON.stringify(res.body)).not.toMatch(/身高|维护中|boom|x{100}/);
      const record = await w.db('exchange_access_records').where({ grant_id: grantId }).orderBy('seq', 'desc').first();
      expect(record).toMatchObject({ result: code, status, rows: 0 });
    }
  });

  it('never reaches an internal address the operator did not list', async () => {
    const { grantId } = await forwardedEntry('/query');
    const before = hits.length;
    const strict = createApp({ db: w.db, clock: w.clock, forward: { ...FORWARD, allow: [] } });
    const res = await request(strict)
      .post(`/api/v1/grants/${grantId}/query`)
      .set('Authorization', `Bearer ${w.token.edu}`)
      .send({ input: { 公民身份号码: '110105199001011234' } });
    expectProblem(res, 502, 'upstream_address_refused');
    expect(hits.length).toBe(before);
    // Nor by a name that resolves to one, nor over plain http to an unlisted public name.
    const byName = await forwardedEntry('/query');
    await w
      .db('resources')
      .where({ id: byName.entry.id })
      .update({
        provision_modes_json: JSON.stringify([
          { mode: 'query_api', description: '转发查询', endpoint: base.replace('127.0.0.1', 'localhost') + '/query' },
        ]),
      });
    const named = await request(strict)
      .post(`/api/v1/grants/${byName.grantId}/query`)
      .set('Authorization', `Bearer ${w.token.edu}`)
      .send({ input: { 公民身份号码: '110105199001011234' } });
    expectProblem(named, 502, 'upstream_address_refused');
    expect(hits.length).toBe(before);
  });
});

describe('a forwarded verification', () => {
  it('answers per item what the endpoint answered, and never more than match or no match', async () => {
    const { grantId } = await forwardedEntry(null, '/verify');
    const res = await w
      .as('edu')
      .post(`/api/v1/grants/${grantId}/verify`)
      .send({ values: { 公民身份号码: '110105199001011234', 姓名: '张三', 出生日期: '1990-01-02' } })
      .expect(200);
    expect(res.body).toEqual({
      match: false,
      items: [
        { name: '姓名', match: true },
        { name: '出生日期', match: false },
      ],
      source: 'endpoint',
    });
  });
});

describe('probes of producers’ endpoints', () => {
  it('tell the producer and the bureau whether the endpoint answers as agreed, and leave a record', async () => {
    const good = await forwardedEntry('/query');
    const ok = await w.as('police').post(`/api/v1/resources/${good.entry.id}/probes`).send({ mode: 'query_api' }).expect(200);
    expect(ok.body).toMatchObject({ mode: 'query_api', ok: true, result: 'ok' });
    expect(hits[hits.length - 1]).toBe('/query {"probe":true,"input":{}}');
    const bad = await forwardedEntry('/text');
    const failed = await w.as('bureau').post(`/api/v1/resources/${bad.entry.id}/probes`).send({ mode: 'query_api' }).expect(200);
    expect(failed.body).toMatchObject({ ok: false, result: 'upstream_not_json' });
    expect(await w.db('exchange_access_records').where({ resource_id: bad.entry.id, operation: 'probe' })).toHaveLength(1);
    expectProblem(await w.as('civil').post(`/api/v1/resources/${good.entry.id}/probes`).send({ mode: 'query_api' }), 403, 'not_owner');
    expectProblem(await w.as('edu').post(`/api/v1/resources/${good.entry.id}/probes`).send({ mode: 'query_api' }), 403, 'not_owner');
    expectProblem(
      await w.as('police').post(`/api/v1/resources/${good.entry.id}/probes`).send({ mode: 'verification_api' }),
      409,
      'no_endpoint',
    );
  });
});
