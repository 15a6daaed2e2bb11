import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem } from '../support/assertions';
import { completeEntry, createWorld, publishEntry, World } from '../support/world';

// The catalog in and out of Excel (docs/resources.md "Excel 导入与导出"): the import template with its
// sheets, headings and drop-downs; the import's dry run listing every problem by sheet, row and
// column; a confirmed import that creates every draft with its items and audit events in one
// transaction, or nothing; who may import; the .xlsx and CSV export with the search's filters and
// visibility; and an export imported back.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let w: World;

function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** A workbook read back; its drop-downs only when asked (exceljs expands each range into one rule per cell, slowly). */
async function load(body: Buffer, dropDowns = false): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(
    body as unknown as ExcelJS.Buffer,
    dropDowns ? {} : ({ ignoreNodes: ['dataValidations'] } as Partial<ExcelJS.XlsxReadOptions>),
  );
  return book;
}

function headings(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.getRow(1).values as unknown[]).slice(1).map(String);
}

/** Rows of a sheet from row 3 (under the headings and the notes), as objects keyed by heading. */
function records(sheet: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const names = headings(sheet);
  const out: Array<Record<string, unknown>> = [];
  sheet.eachRow((row, n) => {
    if (n < 3) return;
    const values = row.values as unknown[];
    out.push(Object.fromEntries(names.map((h, i) => [h, values[i + 1] ?? null])));
  });
  return out;
}

let template: Buffer;

/** The template, filled as a clerk would: entries and items keyed by heading, from row 3. */
async function filled(entries: Array<Record<string, unknown>>, items: Array<Record<string, unknown>>): Promise<Buffer> {
  const book = await load(template);
  for (const [name, rows] of [
    ['目录', entries],
    ['信息项', items],
  ] as const) {
    const sheet = book.getWorksheet(name)!;
    const names = headings(sheet);
    rows.forEach((r, i) => {
      const row = sheet.getRow(3 + i);
      for (const [h, v] of Object.entries(r)) {
        const col = names.indexOf(h);
        if (col < 0) throw new Error(`no heading ${h}`);
        row.getCell(col + 1).value = v as ExcelJS.CellValue;
      }
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const GOOD_ENTRIES = [
  {
    条目编号: 'A1',
    资源名称: '道路交通事故信息',
    资源分类: '301 公安',
    资源摘要: '本市道路交通事故的基本信息。',
    资源格式: '数据库',
    共享类型: '有条件共享',
    共享条件: '用于保险理赔核验',
    开放类型: '不予开放',
    更新周期: '每日',
    使用范围: '政务服务',
    提供方式: '信息查询接口、数据批量交换',
    '数据量（条）': 12000,
  },
  {
    条目编号: 'A2',
    资源名称: '机动车驾驶人信息',
    资源分类: '301 公安',
    共享类型: '无条件共享',
    提供方式: '电子证照/可信文件',
    证照名称: '机动车驾驶证',
  },
];
const GOOD_ITEMS = [
  { 条目编号: 'A1', 信息项名称: '事故编号', 数据类型: '字符型', 数据长度: 32, 查询接口角色: '输入项', 是否主键: '是' },
  { 条目编号: 'A1', 信息项名称: '事故时间', 数据类型: '日期时间型', 查询接口角色: '输出项' },
  { 条目编号: 'A1', 信息项名称: '当事人姓名', 数据类型: '字符型', 是否敏感: '是', 脱敏脱密规则: '仅显示姓', 查询接口角色: '输出项' },
  { 条目编号: 'A2', 信息项名称: '驾驶证号', 数据类型: '字符型', 数据长度: 18, 是否必填: '是' },
];

function importAs(actor: 'police' | 'civil' | 'edu' | 'auditor' | 'bureau', body: Buffer, query = '') {
  return w.as(actor).post(`/api/v1/resources/import${query}`).set('Content-Type', XLSX).send(body);
}

async function auditCount(action: string): Promise<number> {
  const [{ n }] = await w.db('audit_events').where({ action }).count('* as n');
  return Number(n);
}

beforeAll(async () => {
  w = await createWorld();
  template = (await binary(w.as('edu').get('/api/v1/resources/import-template.xlsx')).expect(200)).body as Buffer;
});
afterAll(async () => {
  await w.destroy();
});

describe('the import template', () => {
  it('has the entry and item sheets, Chinese headings, a notes row, the explanation and the options', async () => {
    const book = await load(template);
    expect(book.worksheets.map((s) => s.name)).toEqual(['目录', '信息项', '填写说明', '选项']);
    const entries = book.getWorksheet('目录')!;
    expect(headings(entries)).toEqual([
      '条目编号',
      '资源名称',
      '资源分类',
      '资源摘要',
      '资源格式',
      '格式说明',
      '共享类型',
      '共享条件',
      '不予共享依据',
      '开放类型',
      '开放条件',
      '更新周期',
      '使用范围',
      '提供方式',
      '证照名称',
      '其他提供方式说明',
      '数据量（条）',
      '数据量（字节）',
      '关联资源代码',
    ]);
    expect(String(entries.getCell('A2').value)).toMatch(/^【填写说明】/);
    expect(headings(book.getWorksheet('信息项')!)).toEqual([
      '条目编号',
      '信息项名称',
      '数据类型',
      '数据长度',
      '信息项说明',
      '是否敏感',
      '脱敏脱密规则',
      '查询接口角色',
      '是否主键',
      '是否必填',
    ]);
    expect(String(book.getWorksheet('填写说明')!.getCell('A1').value)).toBe('目录导入模板填写说明');
  });

  it('has a drop-down of Chinese labels on every enumeration column', async () => {
    const book = await load(template, true);
    const options = book.getWorksheet('选项')!;
    const listOf = (heading: string) => {
      const col = headings(options).indexOf(heading) + 1;
      const out: string[] = [];
      options.getColumn(col).eachCell((c, row) => row > 1 && c.value !== null && out.push(String(c.value)));
      return { col, values: out };
    };
    const expectDropDown = (sheetName: string, heading: string, list: string, includes: string[]) => {
      const sheet = book.getWorksheet(sheetName)!;
      const letter = String.fromCharCode(64 + headings(sheet).indexOf(heading) + 1);
      const validation = (sheet as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model[
        `${letter}3`
      ];
      const { col, values } = listOf(list);
      const optionsLetter = String.fromCharCode(64 + col);
      expect(validation).toMatchObject({ type: 'list' });
      expect(validation.formulae[0]).toBe(`'选项'!$${optionsLetter}$2:$${optionsLetter}$${values.length + 1}`);
      expect(values).toEqual(expect.arrayContaining(includes));
    };
    expectDropDown('目录', '资源分类', '资源分类', ['101 人口基础信息', '301 公安', '206 交通运输', '309 交通运输']);
    expectDropDown('目录', '资源格式', '资源格式', ['数据库', '电子表格']);
    expectDropDown('目录', '共享类型', '共享类型', ['无条件共享', '有条件共享', '不予共享']);
    expectDropDown('目录', '开放类型', '开放类型', ['无条件开放', '有条件开放', '不予开放']);
    expectDropDown('目录', '更新周期', '更新周期', ['实时', '每日', '不定期']);
    expectDropDown('目录', '提供方式', '提供方式', ['电子证照/可信文件', '信息查询接口', '数据批量交换']);
    expectDropDown('信息项', '数据类型', '数据类型', ['字符型', '日期型', '整型']);
    expectDropDown('信息项', '查询接口角色', '查询接口角色', ['输入项', '输出项']);
    expectDropDown('信息项', '是否敏感', '是/否', ['是', '否']);
    expectDropDown('信息项', '是否主键', '是/否', ['是', '否']);
    expect(listOf('资源分类').values).toHaveLength(27);
  });
});

describe('the import', () => {
  it('dry run (the default) lists every problem by sheet, row, column and cell, and writes nothing', async () => {
    const file = await filled(
      [
        { ...GOOD_ENTRIES[0], 共享类型: '有点共享', 共享条件: null },
        { 条目编号: 'B2', 资源分类: '301 公安', 资源摘要: '没有名称' },
        { 条目编号: 'B3', 资源名称: '道路交通事故信息', 资源分类: '301 公安' },
        { 条目编号: 'B4', 资源名称: '超长摘要', 资源分类: '301 公安', 资源摘要: '长'.repeat(2001), '数据量（条）': '很多' },
        { 条目编号: 'B5', 资源名称: '缺少条件', 资源分类: '301 公安', 共享类型: '有条件共享' },
        { 条目编号: 'B6', 资源名称: '无此分类', 资源分类: '999 不存在' },
      ],
      [
        { 条目编号: 'A1', 信息项名称: '事故编号', 数据类型: '字符型' },
        { 条目编号: 'Z9', 信息项名称: '孤儿信息项', 数据类型: '字符型' },
        { 条目编号: 'A1', 信息项名称: '事故时间', 数据类型: '时间型', 数据长度: 'abc' },
        { 条目编号: 'B5', 信息项名称: '甲', 数据类型: '字符型' },
        { 条目编号: 'B5', 信息项名称: '甲', 数据类型: '字符型' },
      ],
    );
    const before = await w.counts();
    const res = await importAs('police', file).expect(200);
    expect(res.body).toMatchObject({ dryRun: true, valid: false, created: [] });
    const where = (res.body.problems as Array<Record<string, unknown>>).map((p) => `${p.sheet}!${p.cell ?? p.row} ${p.heading} ${p.code}`);
    expect(where).toEqual([
      '目录!G3 共享类型 unknown_choice',
      '目录!B4 资源名称 required',
      '目录!B5 资源名称 duplicate_name',
      '目录!D6 资源摘要 too_long',
      '目录!Q6 数据量（条） wrong_type',
      '目录!H7 共享条件 sharing_conditions_required',
      '目录!C8 资源分类 unknown_choice',
      '信息项!A4 条目编号 unknown_entry_key',
      '信息项!C5 数据类型 unknown_choice',
      '信息项!D5 数据长度 wrong_type',
      '信息项!B7 信息项名称 duplicate_item',
    ]);
    const first = res.body.problems[0];
    expect(first).toEqual({
      sheet: '目录',
      row: 3,
      column: 'G',
      cell: 'G3',
      heading: '共享类型',
      code: 'unknown_choice',
      message: expect.stringMatching(/^目录表 G3“共享类型”：“有点共享”不是下拉列表中的选项，可选：无条件共享、有条件共享、不予共享/),
    });
    expect(await w.counts()).toEqual(before);
  });

  it('a confirmed import of a file with one bad row creates nothing: 422 with the problem', async () => {
    const file = await filled([GOOD_ENTRIES[0], { ...GOOD_ENTRIES[1], 更新周期: '每两天' }], GOOD_ITEMS);
    const before = await w.counts();
    const res = await importAs('police', file, '?dryRun=false');
    expectProblem(res, 422, 'import_invalid');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: '/目录/L4', sheet: '目录', row: 4, cell: 'L4', heading: '更新周期', code: 'unknown_choice' }),
    ]);
    expect(await w.counts()).toEqual(before);
  });

  it('refuses what is not the template: not an .xlsx (422), another media type (415), a workbook without the sheets', async () => {
    const before = await w.counts();
    expectProblem(await importAs('police', Buffer.from('资源名称,资源分类\n甲,301\n'), '?dryRun=false'), 422, 'malformed_xlsx');
    expectProblem(
      await w.as('police').post('/api/v1/resources/import').set('Content-Type', 'text/csv').send('a,b\n'),
      415,
      'unsupported_media_type',
    );
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['资源名称']);
    const bare = Buffer.from(await other.xlsx.writeBuffer());
    const dry = await importAs('police', bare).expect(200);
    expect(dry.body.problems.map((p: { sheet: string; code: string }) => `${p.sheet} ${p.code}`)).toEqual([
      '目录 missing_sheet',
      '信息项 missing_sheet',
    ]);
    expectProblem(await importAs('police', bare, '?dryRun=false'), 422, 'import_invalid');
    expect(await w.counts()).toEqual(before);
  });

  it('caps the file: 413 beyond 5 MB, 422 beyond 2,000 entries', async () => {
    const before = await w.counts();
    expectProblem(await importAs('police', Buffer.alloc(5 * 1024 * 1024 + 1, 0x50)), 413, 'payload_too_large');
    const many = Array.from({ length: 2001 }, (_, i) => ({ 条目编号: `K${i}`, 资源名称: `批量目录${i}`, 资源分类: '301 公安' }));
    expectProblem(await importAs('police', await filled(many, [])), 422, 'too_many_rows');
    expect(await w.counts()).toEqual(before);
  });

  it('consumers, auditors and the bureau may not import, and nothing is written', async () => {
    const file = await filled(GOOD_ENTRIES, GOOD_ITEMS);
    const before = await w.counts();
    for (const actor of ['edu', 'auditor', 'bureau'] as const) {
      expectProblem(await importAs(actor, file, '?dryRun=false'), 403, 'role_required');
      expectProblem(await importAs(actor, file), 403, 'role_required');
    }
    expect(await w.counts()).toEqual(before);
  });

  it('a good file: every entry becomes a draft of the department with its items, each audited, plus one import event', async () => {
    const file = await filled(GOOD_ENTRIES, GOOD_ITEMS);
    const dry = await importAs('police', file).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, valid: true, entries: 2, items: 4, problems: [], created: [] });
    const [created, imported] = [await auditCount('resource.created'), await auditCount('resource.imported')];
    const res = await importAs('police', file, '?dryRun=false').expect(200);
    expect(res.body).toMatchObject({ dryRun: false, valid: true, entries: 2, items: 4 });
    expect(res.body.created.map((c: { rowKey: string; row: number; items: number }) => [c.rowKey, c.row, c.items])).toEqual([
      ['A1', 3, 3],
      ['A2', 4, 1],
    ]);
    const accident = (await w.as('police').get(`/api/v1/resources/${res.body.created[0].id}`).expect(200)).body;
    expect(accident).toMatchObject({
      status: 'draft',
      departmentId: w.departmentId.police,
      name: '道路交通事故信息',
      categoryCode: '301',
      format: 'database',
      sharingType: 'conditional',
      sharingConditions: '用于保险理赔核验',
      openType: 'not_open',
      updateCycle: 'daily',
      provisionModes: [{ mode: 'query_api' }, { mode: 'batch_exchange' }],
      totalDataVolume: { records: 12000, bytes: null },
    });
    expect(
      accident.items.map((i: { name: string; dataType: string; queryRole: string; key: boolean; sensitive: boolean }) => [
        i.name,
        i.dataType,
        i.queryRole,
        i.key,
        i.sensitive,
      ]),
    ).toEqual([
      ['事故编号', 'C', 'input', true, false],
      ['事故时间', 'T', 'output', false, false],
      ['当事人姓名', 'C', 'output', false, true],
    ]);
    // Complete enough to submit as it came from the sheet.
    await w.as('police').post(`/api/v1/resources/${accident.id}/submit`).expect(200);
    const licence = (await w.as('police').get(`/api/v1/resources/${res.body.created[1].id}`).expect(200)).body;
    expect(licence.provisionModes).toEqual([{ mode: 'certificate', certificateName: '机动车驾驶证' }]);
    expect(licence.items[0]).toMatchObject({ name: '驾驶证号', length: 18, required: true });
    expect(await auditCount('resource.created')).toBe(created + 2);
    expect(await auditCount('resource.imported')).toBe(imported + 1);
    const event = await w.db('audit_events').where({ action: 'resource.imported' }).orderBy('occurred_at', 'desc').first();
    expect(event).toMatchObject({ object_type: 'department', object_id: w.departmentId.police, user_id: w.userId.police });
    expect(JSON.parse(event.details_json)).toMatchObject({ entries: 2, items: 4 });
    // The same file again: a warning that the names exist, not a refusal.
    const again = await importAs('police', file).expect(200);
    expect(again.body.valid).toBe(true);
    expect(again.body.warnings).toEqual([expect.stringContaining('道路交通事故信息'), expect.stringContaining('机动车驾驶人信息')]);
  });
});

describe('the export', () => {
  beforeAll(async () => {
    await publishEntry(w, { name: '公安已发布目录', categoryCode: '301' });
    await publishEntry(w, { name: '民政已发布目录', categoryCode: '302' }, 'civil');
    await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '公安草稿目录', categoryCode: '301' }))
      .expect(201);
    await w
      .as('civil')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '民政草稿目录', categoryCode: '302' }))
      .expect(201);
  });

  const names = async (actor: 'police' | 'civil' | 'edu' | 'bureau', query: string) => {
    const res = await binary(w.as(actor).get(`/api/v1/resources/export.xlsx${query}`)).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    return records((await load(res.body as Buffer)).getWorksheet('目录')!).map((r) => r['资源名称']);
  };

  it('exports what the search finds: published entries by default, a department its own drafts when asked, never another department’s', async () => {
    expect((await names('edu', '')).sort()).toEqual(['公安已发布目录', '民政已发布目录']);
    expect(await names('police', `?departmentId=${w.departmentId.civil}`)).toEqual(['民政已发布目录']);
    const policeDrafts = await names('police', '?status=draft');
    expect(policeDrafts).toContain('公安草稿目录');
    expect(policeDrafts).not.toContain('民政草稿目录');
    expect(await names('police', `?status=draft&departmentId=${w.departmentId.civil}`)).toEqual([]);
    expect(await names('edu', '?status=draft')).toEqual([]);
    expect(await names('police', '?q=民政')).toEqual(['民政已发布目录']);
    expect((await names('bureau', '?status=draft')).sort()).toEqual(expect.arrayContaining(['公安草稿目录', '民政草稿目录']));
  });

  it('has the national core metadata as columns, dates as Beijing-time Excel dates, and the items sheet', async () => {
    const res = await binary(w.as('edu').get(`/api/v1/resources/export.xlsx?departmentId=${w.departmentId.police}`)).expect(200);
    const book = await load(res.body as Buffer);
    const sheet = book.getWorksheet('目录')!;
    expect(headings(sheet)).toEqual(
      expect.arrayContaining([
        '资源名称',
        '资源代码',
        '提供方',
        '资源分类',
        '资源摘要',
        '资源格式',
        '共享类型',
        '共享条件',
        '开放类型',
        '更新周期',
        '发布日期',
      ]),
    );
    const [row] = records(sheet);
    expect(row).toMatchObject({
      资源名称: '公安已发布目录',
      提供方: '测试市公安局',
      资源分类: '301 公安',
      共享类型: '有条件共享',
      状态: '已发布',
    });
    expect(String(row['资源代码'])).toMatch(/^301\/\d{6}$/);
    // Published at 2026-03-02T01:00Z: 09:00 in Beijing, a real date cell.
    expect(row['发布日期']).toBeInstanceOf(Date);
    expect((row['发布日期'] as Date).toISOString()).toBe('2026-03-02T09:00:00.000Z');
    const items = records(book.getWorksheet('信息项')!);
    expect(items.map((i) => [i['条目编号'], i['资源名称'], i['信息项名称']])).toEqual([
      ['1', '公安已发布目录', '公民身份号码'],
      ['1', '公安已发布目录', '姓名'],
      ['1', '公安已发布目录', '性别'],
      ['1', '公安已发布目录', '出生日期'],
    ]);
  });

  it('CSV: UTF-8 with a byte-order mark, Chinese headings, the same filters', async () => {
    const res = await binary(w.as('edu').get(`/api/v1/resources/export.csv?departmentId=${w.departmentId.police}`)).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split(/\r?\n/);
    const header = lines[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['资源名称', '资源代码', '提供方', '资源分类', '共享类型', '发布日期', '信息项']));
    expect(header).not.toContain('条目编号');
    expect(lines).toHaveLength(2);
    const cells = lines[1].split(',');
    expect(cells[header.indexOf('资源名称')]).toBe('公安已发布目录');
    expect(cells[header.indexOf('发布日期')]).toBe('2026-03-02');
    expect(cells[header.indexOf('信息项')]).toBe('公民身份号码、姓名、性别、出生日期');
  });

  it('an export imports back: the entries’ editable fields and items as they were', async () => {
    const exported = (await binary(w.as('civil').get(`/api/v1/resources/export.xlsx?departmentId=${w.departmentId.police}`)).expect(200))
      .body as Buffer;
    const res = await importAs('civil', exported, '?dryRun=false').expect(200);
    expect(res.body.created).toHaveLength(1);
    const original = (
      await w
        .as('police')
        .get('/api/v1/resources?departmentId=' + w.departmentId.police)
        .expect(200)
    ).body.items[0];
    const before = (await w.as('police').get(`/api/v1/resources/${original.id}`).expect(200)).body;
    const after = (await w.as('civil').get(`/api/v1/resources/${res.body.created[0].id}`).expect(200)).body;
    const editable = (e: Record<string, unknown>) => ({
      name: e.name,
      categoryCode: e.categoryCode,
      summary: e.summary,
      format: e.format,
      formatDetail: e.formatDetail,
      sharingType: e.sharingType,
      sharingConditions: e.sharingConditions,
      sharingBasis: e.sharingBasis,
      openType: e.openType,
      openConditions: e.openConditions,
      updateCycle: e.updateCycle,
      scopeOfUse: e.scopeOfUse,
      totalDataVolume: e.totalDataVolume,
      relatedResourceCodes: e.relatedResourceCodes,
      provisionModes: (e.provisionModes as Array<{ mode: string }>).map((m) => m.mode),
      items: (e.items as Array<Record<string, unknown>>).map(({ masking: _m, ...rest }) => rest),
    });
    expect(after).toMatchObject({ status: 'draft', departmentId: w.departmentId.civil, code: null });
    expect(editable(after)).toEqual(editable(before));
  });

  it('pages through more entries than one read (500): 600 imported drafts, each exported once with its items', async () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({ 条目编号: `P${i}`, 资源名称: `分页导出目录${i}`, 资源分类: '399 其他部门' }));
    const items = entries.map((e) => ({ 条目编号: e.条目编号, 信息项名称: '编号', 数据类型: '字符型' }));
    const res = await importAs('civil', await filled(entries, items), '?dryRun=false').expect(200);
    expect(res.body.created).toHaveLength(600);
    const query = `?status=draft&categoryCode=399&departmentId=${w.departmentId.civil}&sort=name`;
    const book = await load((await binary(w.as('civil').get(`/api/v1/resources/export.xlsx${query}`)).expect(200)).body as Buffer);
    const rows = records(book.getWorksheet('目录')!);
    expect(new Set(rows.map((r) => r['资源名称'])).size).toBe(600);
    expect(rows.map((r) => r['条目编号'])).toEqual(rows.map((_, i) => String(i + 1)));
    const itemRows = records(book.getWorksheet('信息项')!);
    expect(itemRows).toHaveLength(600);
    expect(itemRows.every((r, i) => r['条目编号'] === String(i + 1) && r['资源名称'] === rows[i]['资源名称'])).toBe(true);
    const csv = (await binary(w.as('civil').get(`/api/v1/resources/export.csv${query}`)).expect(200)).body
      .toString('utf8')
      .trim()
      .split(/\r?\n/);
    expect(csv).toHaveLength(601);
    // Another department never sees them.
    expect(await names('police', query)).toEqual([]);
  });

  it('any signed-in user may download the template and export; an anonymous caller may not', async () => {
    await w.anonymous().get('/api/v1/resources/import-template.xlsx').expect(401);
    await w.anonymous().get('/api/v1/resources/export.csv').expect(401);
    await binary(w.as('auditor').get('/api/v1/resources/export.csv')).expect(200);
  });
});
