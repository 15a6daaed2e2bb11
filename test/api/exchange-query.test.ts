import { expectProblem } from '../support/assertions';
import { textOf } from '../support/exchange';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// The query API (信息查询接口) and the verification API (信息核验接口) served from the delivered
// data (docs/exchange.md): only the granted output items leave, masked unless the producer's terms
// release them clear; a verification answers match or no match and never the data; quotas give 429;
// a revoked grant stops at the next call; every call, refused or answered, leaves an access record.

let w: World;
let entry: { id: string };
let queryGrant: string;
let verifyGrant: string;

const ITEMS = [
  {
    name: '公民身份号码',
    dataType: 'C',
    length: 18,
    sensitive: true,
    masking: { rule: 'keep_ends', first: 6, last: 4 },
    key: true,
    queryRole: 'input',
  },
  { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'family_name' }, queryRole: 'output' },
  { name: '出生日期', dataType: 'D', sensitive: true, masking: { rule: 'date', precision: 'year' }, queryRole: 'output' },
  { name: '户籍地址', dataType: 'C', length: 100, sensitive: true, desensitizationRule: '不予提供', queryRole: 'output' },
  { name: '联系电话', dataType: 'C', length: 11, sensitive: true, masking: { rule: 'phone' }, queryRole: 'output' },
  { name: '备注', dataType: 'C', length: 100, queryRole: 'output' },
];

const CSV = [
  '公民身份号码,姓名,出生日期,户籍地址,联系电话,备注',
  '110105199001011234,张三,1990-01-01,北京市朝阳区,13800138000,常住',
  '110105198502024321,欧阳修远,1985-02-02,北京市海淀区,13900139000,',
].join('\n');

async function grant(mode: string, items: string[]): Promise<string> {
  const request = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...sharingRequestBody(entry.id, { provisionMode: mode, items }), submit: true });
  expect(request.status).toBe(201);
  return (await w.as('police').post(`/api/v1/sharing-requests/${request.body.id}/approve`).send({}).expect(200)).body.grantId;
}

const query = (id: string, input: Record<string, unknown>, who: 'edu' | 'police' | 'civil' = 'edu') =>
  w.as(who).post(`/api/v1/grants/${id}/query`).send({ input });
const verify = (id: string, values: Record<string, unknown>, who: 'edu' | 'police' | 'civil' = 'edu') =>
  w.as(who).post(`/api/v1/grants/${id}/verify`).send({ values });
const records = (grantId: string) => w.db('exchange_access_records').where({ grant_id: grantId }).orderBy('seq');

beforeAll(async () => {
  w = await createWorld();
  entry = await publishEntry(w, {
    name: '人口查询测试目录',
    items: ITEMS,
    provisionModes: [
      { mode: 'batch_exchange', fileFormat: 'csv' },
      { mode: 'query_api', description: '按身份证号查询' },
      { mode: 'verification_api', description: '核验姓名与出生日期', perItemResult: true },
    ],
  });
  queryGrant = await grant('query_api', ['公民身份号码', '姓名', '出生日期', '户籍地址', '备注']);
  verifyGrant = await grant('verification_api', ['公民身份号码', '姓名', '出生日期']);
});
afterAll(() => w.destroy());

describe('the query API', () => {
  it('has nothing to answer before a delivery', async () => {
    expectProblem(await query(queryGrant, { 公民身份号码: '110105199001011234' }), 409, 'no_data');
  });

  it('answers the granted output items of the matching row, masked, a sensitive item without a rule withheld', async () => {
    await w
      .as('police')
      .post(`/api/v1/resources/${entry.id}/deliveries`)
      .set('Content-Type', 'text/csv')
      .send(Buffer.from(CSV))
      .expect(201);
    const res = await query(queryGrant, { 公民身份号码: '110105199001011234' }).expect(200);
    expect(res.body).toEqual({
      items: [{ 姓名: '张*', 出生日期: '1990', 户籍地址: null, 备注: '常住' }],
      truncated: false,
      source: 'delivered',
    });
    // Not granted (联系电话) and not an output (the input itself) never leave.
    expect(JSON.stringify(res.body)).not.toMatch(/138|张三|朝阳|110105/);
    expect((await query(queryGrant, { 公民身份号码: '110105199912319999' }).expect(200)).body.items).toEqual([]);
    const [first] = (await records(queryGrant)).filter((r) => r.result === 'ok');
    expect(first).toMatchObject({ mode: 'query_api', operation: 'query', rows: 1, status: 200 });
    expect(JSON.parse(first.items_json)).toEqual(['姓名', '出生日期', '备注']);
  });

  it('releases a sensitive item clear where the producer says so for this grant, and only the producer may say so', async () => {
    const terms = { clearItems: ['姓名'], requestsPerMinute: 600, rowsPerDay: 100000 };
    expectProblem(await w.as('edu').put(`/api/v1/grants/${queryGrant}/terms`).set('If-Match', '*').send(terms), 403, 'role_required');
    expectProblem(await w.as('civil').put(`/api/v1/grants/${queryGrant}/terms`).set('If-Match', '*').send(terms), 404, 'not_found');
    const bad = await w
      .as('police')
      .put(`/api/v1/grants/${queryGrant}/terms`)
      .set('If-Match', '*')
      .send({ ...terms, clearItems: ['备注', '联系电话'] });
    expectProblem(bad, 422, 'invalid_terms');
    expect(bad.body.errors.map((e: { code: string }) => e.code)).toEqual(['not_sensitive', 'not_granted']);
    // An update of what another may have changed meanwhile: If-Match with the ETag read (v0 before any).
    expectProblem(await w.as('police').put(`/api/v1/grants/${queryGrant}/terms`).send(terms), 428, 'precondition_required');
    const read = await w.as('police').get(`/api/v1/grants/${queryGrant}/terms`).expect(200);
    expect(read.headers.etag).toBe('"v0"');
    expect(read.body).toMatchObject({ isDefault: true, clearItems: [], requestsPerMinute: 600, rowsPerDay: 100000 });
    const set = await w.as('police').put(`/api/v1/grants/${queryGrant}/terms`).set('If-Match', read.headers.etag).send(terms).expect(200);
    expect(set.headers.etag).toBe('"v1"');
    expectProblem(
      await w.as('police').put(`/api/v1/grants/${queryGrant}/terms`).set('If-Match', '"v0"').send(terms),
      412,
      'precondition_failed',
    );
    expect(set.body).toMatchObject({ clearItems: ['姓名'], isDefault: false });
    expect((await w.as('edu').get(`/api/v1/grants/${queryGrant}/terms`).expect(200)).body.clearItems).toEqual(['姓名']);
    const res = await query(queryGrant, { 公民身份号码: '110105199001011234' }).expect(200);
    expect(res.body.items).toEqual([{ 姓名: '张三', 出生日期: '1990', 户籍地址: null, 备注: '常住' }]);
    await w
      .as('police')
      .put(`/api/v1/grants/${queryGrant}/terms`)
      .set('If-Match', '*')
      .send({ ...terms, clearItems: [] })
      .expect(200);
    expect((await query(queryGrant, { 公民身份号码: '110105199001011234' }).expect(200)).body.items[0].姓名).toBe('张*');
    const events = await w.db('audit_events').where({ action: 'grant.terms_set', object_id: queryGrant });
    expect(events).toHaveLength(2);
  });

  it('refuses a query without its input items, with others, or with a value of the wrong type, naming the item', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{}, '/input/公民身份号码', 'value_required'],
      [{ 公民身份号码: '110105199001011234', 姓名: '张三' }, '/input/姓名', 'unknown_item'],
      [{ 公民身份号码: '110105199001011234', 身高: '180' }, '/input/身高', 'unknown_item'],
      [{ 公民身份号码: '1101051990010112345678' }, '/input/公民身份号码', 'invalid_value'],
      [{ 公民身份号码: '  ' }, '/input/公民身份号码', 'value_required'],
    ];
    for (const [input, path, code] of cases) {
      const res = await query(queryGrant, input);
      expectProblem(res, 422, 'invalid_input');
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, code })]));
    }
    expectProblem(
      await w
        .as('edu')
        .post(`/api/v1/grants/${queryGrant}/query`)
        .send({ input: { 公民身份号码: 110105 } }),
      400,
      'invalid_body',
    );
    const refused = (await records(queryGrant)).filter((r) => r.result === 'invalid_input');
    expect(refused).toHaveLength(cases.length);
  });

  it('gives nothing without a grant in force: another department, the producer, the wrong mode, a revoked grant', async () => {
    expectProblem(await query(queryGrant, { 公民身份号码: '110105199001011234' }, 'civil'), 404, 'not_found');
    expectProblem(await query(queryGrant, { 公民身份号码: '110105199001011234' }, 'police'), 403, 'not_grant_holder');
    expectProblem(await query(verifyGrant, { 公民身份号码: '110105199001011234' }), 409, 'wrong_provision_mode');
    const once = await grant('query_api', ['公民身份号码', '姓名']);
    await query(once, { 公民身份号码: '110105199001011234' }).expect(200);
    await w.as('police').post(`/api/v1/grants/${once}/revoke`).send({ reason: '停止共享' }).expect(200);
    expectProblem(await query(once, { 公民身份号码: '110105199001011234' }), 409, 'grant_not_active');
    expect((await records(once)).map((r) => r.result)).toEqual(['ok', 'grant_not_active']);
  });
});

describe('the verification API', () => {
  it('answers match or no match, per item where the producer allows it, never the data', async () => {
    const yes = await verify(verifyGrant, { 公民身份号码: '110105199001011234', 姓名: '张三', 出生日期: '1990-01-01' }).expect(200);
    expect(yes.body).toEqual({
      match: true,
      items: [
        { name: '姓名', match: true },
        { name: '出生日期', match: true },
      ],
      source: 'delivered',
    });
    const no = await verify(verifyGrant, { 公民身份号码: '110105199001011234', 姓名: '张四', 出生日期: '1990-01-01' }).expect(200);
    expect(no.body).toEqual({
      match: false,
      items: [
        { name: '姓名', match: false },
        { name: '出生日期', match: true },
      ],
      source: 'delivered',
    });
    expect(JSON.stringify(no.body)).not.toContain('张三');
    const unknown = await verify(verifyGrant, { 公民身份号码: '110105199912319999', 姓名: '张三' }).expect(200);
    expect(unknown.body).toMatchObject({ match: false });
  });

  it('refuses to check an item the grant does not name, or nothing at all', async () => {
    const notGranted = await verify(verifyGrant, { 公民身份号码: '110105199001011234', 联系电话: '13800138000' });
    expectProblem(notGranted, 422, 'invalid_input');
    expect(notGranted.body.errors[0]).toMatchObject({ path: '/values/联系电话', code: 'unknown_item' });
    const nothing = await verify(verifyGrant, { 公民身份号码: '110105199001011234' });
    expectProblem(nothing, 422, 'invalid_input');
    expect(nothing.body.errors[0]).toMatchObject({ code: 'nothing_to_verify' });
  });

  it('is limited per minute and per day, so it cannot enumerate: 429 with Retry-After, open again when the window turns', async () => {
    const perMinute = await grant('verification_api', ['公民身份号码', '姓名']);
    await w
      .as('police')
      .put(`/api/v1/grants/${perMinute}/terms`)
      .set('If-Match', '*')
      .send({ clearItems: [], requestsPerMinute: 3, rowsPerDay: 1000 })
      .expect(200);
    const guess = (n: number) => verify(perMinute, { 公民身份号码: `11010519900101${String(n).padStart(4, '0')}`, 姓名: '张三' });
    for (let n = 0; n < 3; n++) await guess(n).expect(200);
    const refused = await guess(3);
    expectProblem(refused, 429, 'quota_exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    w.clock.advance(60_000);
    await guess(4).expect(200);

    await w
      .as('police')
      .put(`/api/v1/grants/${perMinute}/terms`)
      .set('If-Match', '*')
      .send({ clearItems: [], requestsPerMinute: 100, rowsPerDay: 5 })
      .expect(200);
    await guess(5).expect(200);
    const daily = await guess(6);
    expectProblem(daily, 429, 'quota_exceeded');
    expect(daily.body.errors[0]).toMatchObject({ path: 'rows_per_day' });
    // Another department trying the grant does not use it up.
    expectProblem(await verify(perMinute, { 公民身份号码: '110105199001011234', 姓名: '张三' }, 'police'), 403, 'not_grant_holder');
    const usage = await w.db('exchange_usage').where({ grant_id: perMinute }).where('period', 'like', 'd:%').first();
    expect(Number(usage.requests)).toBe(7);
  });
});

describe('access records (调用记录)', () => {
  it('are chained: the bureau and auditors check the chain, and an edited record breaks it where it was edited', async () => {
    const ok = await w.as('auditor').get('/api/v1/access-records/verify').expect(200);
    expect(ok.body).toMatchObject({ valid: true, brokenAt: null });
    expect(ok.body.checked).toBeGreaterThan(10);
    expectProblem(await w.as('police').get('/api/v1/access-records/verify'), 403, 'role_required');
    const victim = await w.db('exchange_access_records').where({ grant_id: queryGrant, result: 'ok' }).orderBy('seq').first();
    await w.db('exchange_access_records').where({ seq: victim.seq }).update({ rows: 0 });
    const broken = await w.as('bureau').get('/api/v1/access-records/verify').expect(200);
    expect(broken.body).toMatchObject({ valid: false, brokenAt: Number(victim.seq), reason: 'hash' });
    await w.db('exchange_access_records').where({ seq: victim.seq }).update({ rows: victim.rows });
    expect((await w.as('bureau').get('/api/v1/access-records/verify').expect(200)).body.valid).toBe(true);
  });

  it('are the producer’s for its data, the consumer’s for its calls, all for the bureau; another department sees none', async () => {
    const producer = await w.as('police').get(`/api/v1/access-records?side=producer&grantId=${queryGrant}&limit=100`).expect(200);
    expect(producer.body.items.length).toBeGreaterThan(3);
    expect(producer.body.items[0]).toMatchObject({ resourceName: '人口查询测试目录', consumerDepartmentName: '测试市教育局' });
    const consumer = await w.as('edu').get(`/api/v1/access-records?grantId=${queryGrant}&limit=100`).expect(200);
    expect(consumer.body.items.length).toBe(producer.body.items.length);
    expect((await w.as('civil').get(`/api/v1/access-records?grantId=${queryGrant}`).expect(200)).body.items).toEqual([]);
    const all = await w.as('bureau').get('/api/v1/access-records?limit=2').expect(200);
    expect(all.body.items).toHaveLength(2);
    const next = await w.as('bureau').get(`/api/v1/access-records?limit=2&cursor=${all.body.nextCursor}`).expect(200);
    expect(next.body.items[0].seq).toBeLessThan(all.body.items[1].seq + 0.5);
    expectProblem(await w.as('bureau').get('/api/v1/access-records?cursor=abc'), 400, 'invalid_cursor');
  });

  it('are found by a time range written in Beijing time as in UTC, the start included and the end not', async () => {
    const records = (await w.as('bureau').get(`/api/v1/access-records?grantId=${queryGrant}&limit=100`).expect(200)).body.items as Array<{
      seq: number;
      occurredAt: string;
    }>;
    const record = records[0];
    const at = new Date(record.occurredAt);
    // The test clock stands still: the records made at that instant, which a range of it finds.
    const sameInstant = records.filter((r) => r.occurredAt === record.occurredAt).map((r) => r.seq);
    // The same instant in Beijing time (+08:00): on SQLite the stored UTC text is compared as text.
    const beijing = (d: Date) => `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 23)}+08:00`;
    const seqs = async (from: string, to: string) =>
      (await w.as('bureau').get('/api/v1/access-records').query({ grantId: queryGrant, from, to, limit: 100 }).expect(200)).body.items.map(
        (r: { seq: number }) => r.seq,
      );
    const justAfter = new Date(at.getTime() + 1);
    expect(await seqs(beijing(at), beijing(justAfter))).toEqual(sameInstant);
    expect(await seqs(at.toISOString(), justAfter.toISOString())).toEqual(sameInstant);
    expect(await seqs(beijing(justAfter), beijing(new Date(at.getTime() + 3600_000)))).not.toContain(record.seq);
    expect(await seqs(beijing(new Date(at.getTime() - 3600_000)), beijing(at))).not.toContain(record.seq);
  });

  it('export as CSV Excel opens, only what the caller may see', async () => {
    const res = await w.as('edu').get(`/api/v1/access-records/export?grantId=${queryGrant}`).buffer(true).parse(textOf).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = res.body as string;
    expect(text.startsWith('\ufeff序号,时间(北京时间)')).toBe(true);
    expect(text).toContain('测试市教育局');
    expect(text).toContain('人口查询测试目录');
    const civil = await w.as('civil').get(`/api/v1/access-records/export?grantId=${queryGrant}`).buffer(true).parse(textOf).expect(200);
    expect((civil.body as string).trim().split('\n')).toHaveLength(1);
  });
});
