import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { expectProblem } from '../support/assertions';
import { bytesOf } from '../support/exchange';
import { completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// The batch exchange (数据批量交换, docs/exchange.md): a producer delivers its published entry's data
// as CSV (UTF-8, with a BOM, or GB18030) or JSON Lines, checked row by row; a grant holder
// downloads only its granted items, masked by the entry's rules, the current data or the changes
// since a delivery; every delivery is in the audit trail and every call leaves an access record;
// bad input changes nothing.

let w: World;
let entry: { id: string };
let grantId: string;

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
  { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'family_name' }, required: true, queryRole: 'output' },
  { name: '出生日期', dataType: 'D', sensitive: true, masking: { rule: 'date', precision: 'year' }, queryRole: 'output' },
  { name: '户籍地址', dataType: 'C', length: 100, sensitive: true, desensitizationRule: '不予提供', queryRole: 'output' },
  { name: '备注', dataType: 'C', length: 100, queryRole: 'output' },
  { name: '登记次数', dataType: 'I', queryRole: 'output' },
];

const CSV = [
  '公民身份号码,姓名,出生日期,户籍地址,备注,登记次数',
  '110105199001011234,张三,1990-01-01,北京市朝阳区,=1+1,1',
  '110105198502024321,欧阳修远,1985-02-02,北京市海淀区,普通,2',
  '350102200003035678,李四,2000-03-03,福州市鼓楼区,,3',
].join('\n');

const rowCount = async (table: string) => Number((await w.db(table).count('* as n'))[0].n);

async function deliver(
  body: string | Buffer,
  query = '',
  who: 'police' | 'civil' | 'bureau' = 'police',
  type = 'text/csv',
  headers: Record<string, string> = {},
) {
  const req = w.as(who).post(`/api/v1/resources/${entry.id}/deliveries${query}`).set('Content-Type', type);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req.send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));
}

/** The download as text (supertest would otherwise parse or buffer it by type). */
async function download(id: string, query = '', who: 'edu' | 'police' | 'civil' = 'edu') {
  return w
    .as(who)
    .get(`/api/v1/grants/${id}/data${query}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        // A refusal is problem+json, read as the other tests read it.
        done(null, /problem\+json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : text);
      });
    });
}

beforeAll(async () => {
  w = await createWorld();
  entry = await publishEntry(w, {
    name: '人口交换测试目录',
    items: ITEMS,
    provisionModes: [
      { mode: 'batch_exchange', fileFormat: 'csv' },
      { mode: 'query_api', description: '按身份证号查询' },
    ],
  });
  const request = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({
      ...sharingRequestBody(entry.id, { provisionMode: 'batch_exchange', items: ['公民身份号码', '姓名', '出生日期', '户籍地址', '备注'] }),
      submit: true,
    });
  expect(request.status).toBe(201);
  grantId = (await w.as('police').post(`/api/v1/sharing-requests/${request.body.id}/approve`).send({}).expect(200)).body.grantId;
});
afterAll(() => w.destroy());

describe('deliveries (the producer)', () => {
  it('takes a full CSV delivery, numbered, with its counts and the SHA-256 of what was received', async () => {
    const res = await deliver(CSV, '?fileName=人口.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      seq: 1,
      kind: 'full',
      format: 'csv',
      encoding: 'utf-8',
      rowsReceived: 3,
      rowsAccepted: 3,
      rowsRejected: 0,
      fileName: '人口.csv',
      deliveredBy: w.userId.police,
      sha256: createHash('sha256').update(CSV).digest('hex'),
      bytes: Buffer.byteLength(CSV),
    });
    expect(await rowCount('exchange_rows')).toBe(3);
    const events = await w.db('audit_events').where({ action: 'exchange.delivered', object_id: entry.id });
    expect(events).toHaveLength(1);
  });

  it('reads GB18030 (as Excel and WPS save CSV on a Chinese Windows) and UTF-8 with a byte-order mark', async () => {
    const gb = iconv.encode(CSV, 'gb18030');
    const res = await deliver(gb);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ encoding: 'gb18030', rowsAccepted: 3 });
    const bom = await deliver(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]));
    expect(bom.body).toMatchObject({ encoding: 'utf-8', rowsAccepted: 3 });
    // The same data three times: the rows are unchanged, only the deliveries are new.
    const names = (await w.db('exchange_rows').where({ resource_id: entry.id })).map((r) => JSON.parse(r.values_json)[1]).sort();
    expect(names).toEqual(['张三', '李四', '欧阳修远']);
  });

  it("refuses a delivery that cannot be the entry's data, naming what is wrong, and changes nothing", async () => {
    const before = await w.counts();
    const rows = await w.db('exchange_rows').where({ resource_id: entry.id }).orderBy('row_key');
    const cases: Array<[string | Buffer, number, string, string?]> = [
      ['公民身份号码,姓名,身高\n1,张三,180', 422, 'invalid_header'],
      ['姓名,出生日期\n张三,1990-01-01', 422, 'invalid_header'],
      ['', 422, 'empty_delivery'],
      ['公民身份号码,姓名\n"110105199001011234,张三', 422, 'malformed_csv'],
      [`公民身份号码,姓名\n110105199001011234,"${'长'.repeat(1_100_000)}"`, 422, 'line_too_long'],
      ['公民身份号码,姓名,出生日期\n110105199001011234,张三,1990-02-30', 422, 'delivery_rejected', '/rows/2/出生日期'],
      ['公民身份号码,姓名,登记次数\n110105199001011234,张三,很多', 422, 'delivery_rejected', '/rows/2/登记次数'],
      ['公民身份号码,姓名\n110105199001011234123,张三', 422, 'delivery_rejected', '/rows/2/公民身份号码'],
      ['公民身份号码,姓名\n110105199001011234,', 422, 'delivery_rejected', '/rows/2/姓名'],
      ['公民身份号码,姓名\n110105199001011234,张三,多余', 422, 'delivery_rejected', '/rows/2'],
      ['公民身份号码,姓名\n110105199001011234,张三\n110105199001011234,张三丰', 422, 'delivery_rejected', '/rows/3'],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await deliver(body);
      expectProblem(res, status, code);
      if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expectProblem(await deliver(CSV, '', 'police', 'application/json'), 415, 'unsupported_media_type');
    // Nothing changed but the access records of the refused calls, each with its reason.
    const exchangeLog = ['exchange_access_records', 'exchange_access_head', 'exchange_usage'];
    const without = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).filter(([t]) => !exchangeLog.includes(t)));
    expect(without(await w.counts())).toEqual(without(before));
    const refused = await w
      .db('exchange_access_records')
      .where({ resource_id: entry.id, operation: 'deliver' })
      .orderBy('seq', 'desc')
      .limit(cases.length);
    expect(refused.map((r) => r.result).reverse()).toEqual(cases.map(([, , code]) => code));
    expect(await w.db('exchange_rows').where({ resource_id: entry.id }).orderBy('row_key')).toEqual(rows);
  });

  it('accepts a delivery without its rejected rows when asked to, and lists them', async () => {
    const body = '公民身份号码,姓名\n110105199001011234,张三\n999,\n';
    const res = await deliver(body, '?kind=increment&onRejected=skip');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'increment', rowsReceived: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(res.body.rejections).toEqual([expect.objectContaining({ path: '/rows/3/姓名', code: 'value_required' })]);
    const kept = await w.as('police').get(`/api/v1/resources/${entry.id}/deliveries/${res.body.seq}`).expect(200);
    expect(kept.body.rejections).toEqual(res.body.rejections);
  });

  it('answers a retry with the same Idempotency-Key and file with the first delivery, and refuses the key for another file', async () => {
    const body = '公民身份号码,姓名\n350102200003035678,李四\n';
    const first = await deliver(body, '?kind=increment', 'police', 'text/csv', { 'Idempotency-Key': 'upload-1' });
    expect(first.status).toBe(201);
    const again = await deliver(body, '?kind=increment', 'police', 'text/csv', { 'Idempotency-Key': 'upload-1' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.seq).toBe(first.body.seq);
    expectProblem(
      await deliver(`${body}110105198502024321,欧阳修远\n`, '?kind=increment', 'police', 'text/csv', { 'Idempotency-Key': 'upload-1' }),
      422,
      'idempotency_key_reused',
    );
  });

  it("is the producing department's: others are refused, the bureau reads the deliveries", async () => {
    expectProblem(await deliver(CSV, '', 'civil'), 403, 'not_owner');
    expectProblem(await deliver(CSV, '', 'bureau'), 403, 'role_required');
    expectProblem(await w.as('edu').get(`/api/v1/resources/${entry.id}/deliveries`), 403, 'not_owner');
    const list = await w.as('bureau').get(`/api/v1/resources/${entry.id}/deliveries`).expect(200);
    expect(list.body.items[0].seq).toBeGreaterThan(list.body.items[list.body.items.length - 1].seq);
    const draft = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '未发布交换目录' }))
      .expect(201);
    expectProblem(
      await w.as('police').post(`/api/v1/resources/${draft.body.id}/deliveries`).set('Content-Type', 'text/csv').send(Buffer.from(CSV)),
      409,
      'resource_not_published',
    );
    // No mode the platform serves from delivered data: neither batch exchange nor an API without an endpoint of its own.
    const noBatch = await publishEntry(w, {
      name: '不经平台交换数据的目录',
      provisionModes: [
        { mode: 'query_api', description: '转发查询', endpoint: 'https://api.police.example.gov.cn/query' },
        { mode: 'other', description: '前置机' },
      ],
    });
    expectProblem(
      await w.as('police').post(`/api/v1/resources/${noBatch.id}/deliveries`).set('Content-Type', 'text/csv').send(Buffer.from(CSV)),
      422,
      'mode_not_offered',
    );
  });
});

describe('downloads (the grant holder)', () => {
  it("gives only the granted items, masked by the entry's rules, withholding a sensitive item without one, in a CSV Excel opens", async () => {
    await deliver(CSV);
    const res = await download(grantId);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const text = res.body as string;
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('公民身份号码,姓名,出生日期,户籍地址,备注');
    expect(lines.slice(1).sort()).toEqual([
      "110105********1234,张*,1990,,'=1+1",
      '110105********4321,欧阳**,1985,,普通',
      '350102********5678,李*,2000,,',
    ]);
    // Nothing of the clear values leaves, and not the item the grant does not name.
    expect(text).not.toMatch(/199001011234|张三|北京市|登记次数/);
    expect(Number(res.headers['x-exchange-cursor'])).toBeGreaterThan(0);
    const record = await w.db('exchange_access_records').where({ grant_id: grantId }).orderBy('seq', 'desc').first();
    expect(record).toMatchObject({ mode: 'batch_exchange', operation: 'download', rows: 3, result: 'ok', status: 200 });
    // The record names what left: the withheld item did not.
    expect(JSON.parse(record.items_json)).toEqual(['公民身份号码', '姓名', '出生日期', '备注']);
  });

  it('gives the changes since a delivery, deletions marked by key, as JSON Lines too', async () => {
    const cursor = Number((await download(grantId)).headers['x-exchange-cursor']);
    expect(
      (await deliver('公民身份号码,姓名,_delete\n350102200003035678,,1\n110105198502024321,欧阳修,\n', '?kind=increment')).status,
    ).toBe(201);
    const res = await download(grantId, `?format=jsonl&since=${cursor}`);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual(
      expect.arrayContaining([
        { 公民身份号码: '110105********4321', 姓名: '欧阳*', 出生日期: null, 户籍地址: null, 备注: null, _deleted: false },
        { 公民身份号码: '350102********5678', 姓名: null, 出生日期: null, 户籍地址: null, 备注: null, _deleted: true },
      ]),
    );
    expect(lines).toHaveLength(2);
    // The current data no longer has the deleted row.
    const current = (await download(grantId)).body as string;
    expect(current).not.toContain('350102');
  });

  it('gives the same as a spreadsheet (.xlsx), every cell text, streamed', async () => {
    const res = await w.as('edu').get(`/api/v1/grants/${grantId}/data?format=xlsx`).buffer(true).parse(bytesOf).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const rows = book.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0].slice(1)).toEqual(['公民身份号码', '姓名', '出生日期', '户籍地址', '备注']);
    const ids = rows.slice(1).map((r) => r[1]);
    expect(ids).toEqual(expect.arrayContaining(['110105********1234', '110105********4321']));
    expect(JSON.stringify(rows)).not.toMatch(/199001011234|张三|北京市/);
    const record = await w.db('exchange_access_records').where({ grant_id: grantId }).orderBy('seq', 'desc').first();
    expect(record).toMatchObject({ operation: 'download', result: 'ok', rows: rows.length - 1 });
  });

  it('gives nothing without a grant in force: not another department, not the producer, not after revocation', async () => {
    expectProblem(await download(grantId, '', 'civil'), 404, 'not_found');
    expectProblem(await download(grantId, '', 'police'), 403, 'not_grant_holder');
    const request = await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(entry.id, { provisionMode: 'query_api' }), submit: true });
    const queryGrant = (await w.as('police').post(`/api/v1/sharing-requests/${request.body.id}/approve`).send({}).expect(200)).body.grantId;
    expectProblem(await download(queryGrant), 409, 'wrong_provision_mode');
    await w.as('police').post(`/api/v1/grants/${grantId}/revoke`).send({ reason: '停止共享' }).expect(200);
    const before = await rowCount('audit_events');
    expectProblem(await download(grantId), 409, 'grant_not_active');
    expect(await rowCount('audit_events')).toBe(before);
  });
});
