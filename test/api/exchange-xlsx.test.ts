import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { expectProblem } from '../support/assertions';
import { textOf } from '../support/exchange';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// .xlsx deliveries (docs/exchange.md): the first worksheet, its first row the header, read streamed
// and checked row by row exactly as a CSV row is, a rejected row named by its spreadsheet row
// number. Date and number cells become the text their item's type expects (a date, a Beijing
// date-time, money as the sheet shows it); a body that is not a workbook is a 4xx and changes nothing.

let w: World;
let entry: { id: string };
let grantId: string;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ITEMS = [
  {
    name: '公民身份号码',
    dataType: 'C',
    length: 18,
    key: true,
    sensitive: true,
    masking: { rule: 'keep_ends', first: 6, last: 4 },
    queryRole: 'input',
  },
  { name: '姓名', dataType: 'C', length: 50, required: true, sensitive: true, masking: { rule: 'family_name' }, queryRole: 'output' },
  { name: '出生日期', dataType: 'D', queryRole: 'output' },
  { name: '登记时间', dataType: 'T', queryRole: 'output' },
  { name: '月收入', dataType: 'Y', queryRole: 'output' },
  { name: '身高', dataType: 'N', queryRole: 'output' },
  { name: '登记次数', dataType: 'I', queryRole: 'output' },
  { name: '是否低保', dataType: 'L', queryRole: 'output' },
  { name: '备注', dataType: 'C', length: 100, queryRole: 'output' },
];
const HEADER = ITEMS.map((i) => i.name);

/** A workbook built as a clerk's Excel would hold it: date and date-time columns formatted as such. */
async function workbook(rows: unknown[][], extraSheetFirst = false): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  if (extraSheetFirst) book.addWorksheet('说明').addRow(['本工作簿第一个工作表为说明']);
  const sheet = book.addWorksheet('人口');
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(3).numFmt = 'yyyy-mm-dd';
  sheet.getColumn(4).numFmt = 'yyyy-mm-dd hh:mm:ss';
  return Buffer.from(await book.xlsx.writeBuffer());
}

const GOOD_ROWS: unknown[][] = [
  HEADER,
  [
    '110105199001011234',
    { richText: [{ text: '张' }, { text: '三' }] },
    new Date(Date.UTC(1990, 0, 1)),
    new Date(Date.UTC(2026, 2, 2, 9, 30, 0)),
    1234.5599999999999,
    0.1 + 0.2,
    3,
    true,
    '=1+1 不是公式',
  ],
  ['110105198502024321', '欧阳修远', '1985-02-02', '2026-03-02 08:00:00', '88.5', 172, '2', '否', null],
];

/** Row counts less the exchange's own log of calls (every call is recorded there, a refused one too). */
async function dataCounts(): Promise<Record<string, number>> {
  const counts = await w.counts();
  for (const table of ['exchange_access_records', 'exchange_access_head', 'exchange_usage']) delete counts[table];
  return counts;
}

async function deliver(body: Buffer, query = '') {
  return w.as('police').post(`/api/v1/resources/${entry.id}/deliveries${query}`).set('Content-Type', XLSX).send(body);
}

beforeAll(async () => {
  w = await createWorld();
  entry = await publishEntry(w, {
    name: '人口电子表格交换测试目录',
    items: ITEMS,
    provisionModes: [
      { mode: 'batch_exchange', fileFormat: 'xlsx' },
      { mode: 'query_api', description: '按身份证号查询' },
    ],
  });
  const request = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...sharingRequestBody(entry.id, { provisionMode: 'batch_exchange', items: HEADER }), submit: true });
  expect(request.status).toBe(201);
  grantId = (await w.as('police').post(`/api/v1/sharing-requests/${request.body.id}/approve`).send({}).expect(200)).body.grantId;
});
afterAll(() => w.destroy());

describe('.xlsx deliveries', () => {
  it('takes a workbook, its date, date-time and number cells as the text their items expect, and the holder downloads it', async () => {
    const file = await workbook(GOOD_ROWS);
    const res = await deliver(file, '?fileName=人口.xlsx');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      format: 'xlsx',
      rowsReceived: 2,
      rowsAccepted: 2,
      rowsRejected: 0,
      fileName: '人口.xlsx',
      bytes: file.length,
      sha256: createHash('sha256').update(file).digest('hex'),
    });
    const stored = await w.db('exchange_rows').where({ resource_id: entry.id }).orderBy('row_key');
    expect(stored.map((r) => JSON.parse(r.values_json))).toEqual([
      ['110105198502024321', '欧阳修远', '1985-02-02', '2026-03-02T00:00:00.000Z', '88.5', '172', '2', 'false', null],
      // 09:30 on the sheet is Beijing time; 1234.5599999999999 is what the sheet shows, 1234.56.
      ['110105199001011234', '张三', '1990-01-01', '2026-03-02T01:30:00.000Z', '1234.56', '0.3', '3', 'true', '=1+1 不是公式'],
    ]);

    const download = await w.as('edu').get(`/api/v1/grants/${grantId}/data?format=csv`).buffer(true).parse(textOf);
    expect(download.status).toBe(200);
    const lines = (download.body as string)
      .replace(/^\ufeff/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(HEADER.join(','));
    expect(lines.slice(1).sort()).toEqual([
      "110105********1234,张*,1990-01-01,2026-03-02T01:30:00.000Z,1234.56,0.3,3,true,'=1+1 不是公式",
      '110105********4321,欧阳**,1985-02-02,2026-03-02T00:00:00.000Z,88.5,172,2,false,',
    ]);
  });

  it('reads the first worksheet only, whatever the others hold', async () => {
    const res = await deliver(
      await workbook(
        [
          ['公民身份号码', '姓名'],
          ['350102200003035678', '李四'],
        ],
        true,
      ),
    );
    // The first sheet is the explanation: its first row is no header of the entry.
    expectProblem(res, 422, 'invalid_header');
  });

  it('names a rejected row by its spreadsheet row number and item, and changes nothing', async () => {
    const before = await dataCounts();
    const rows = await w.db('exchange_rows').where({ resource_id: entry.id }).orderBy('row_key');
    const file = await workbook([
      HEADER,
      ['350102200003035678', '李四', new Date(Date.UTC(2000, 2, 3)), null, 10, 1, 1, false, null],
      [],
      ['350102200003035679', '王五', '1990-02-30', null, 1.234, 1, '很多', '也许', null],
    ]);
    const res = await deliver(file);
    expectProblem(res, 422, 'delivery_rejected');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      '/rows/4/出生日期',
      '/rows/4/月收入',
      '/rows/4/登记次数',
      '/rows/4/是否低保',
    ]);
    expect(res.body.errors[0].message).toMatch(/^第 4 行“出生日期”/);
    expect(await dataCounts()).toEqual(before);
    expect(await w.db('exchange_rows').where({ resource_id: entry.id }).orderBy('row_key')).toEqual(rows);
  });

  it('refuses a body that is not a workbook with a problem, and changes nothing', async () => {
    const before = await dataCounts();
    const csv = Buffer.from(`${HEADER.join(',')}\n110105199001011234,张三,1990-01-01,,,,,,\n`);
    const notXlsx = await deliver(csv);
    expectProblem(notXlsx, 422, 'malformed_xlsx');
    expect(notXlsx.headers['content-type']).toMatch(/^application\/problem\+json/);
    const good = await workbook(GOOD_ROWS);
    expectProblem(await deliver(good.subarray(0, Math.floor(good.length / 2))), 422, 'malformed_xlsx');
    expectProblem(await deliver(Buffer.alloc(0)), 422, 'empty_delivery');
    expect(await dataCounts()).toEqual(before);
  });
});
