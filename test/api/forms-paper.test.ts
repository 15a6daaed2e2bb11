import ExcelJS from 'exceljs';
import request from 'supertest';
import { parseNumber } from '../../src/domain/form-numbers';
import { expectProblem } from '../support/assertions';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// The paper forms a clerk files (issue 18, ADR 0037), on each database: the Fuzhou 附件2
// (数据共享应用（需求）表 with its 信息项明细表) for one request and for a project, as .xlsx and PDF, and
// 附件1 (信息化项目成果登记表), read back and checked against the seed's layout: A4, fitted to the
// page's width, heading rows repeated, the 附件 label at the top left, every field of the seed's
// form, Beijing dates as date cells, and the numbers RJ-SQ-… / RJ-DJ-… instead of ids.
// The world's clock starts Mon 2026-03-02 09:00 Asia/Shanghai (01:00 UTC).

let w: World;
let projectId: string;
let entry: { id: string };
let otherEntry: { id: string };

const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

async function workbook(res: request.Response): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.body as unknown as ArrayBuffer);
  return book;
}

async function file(resourceId: string, submit = true) {
  return (await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(resourceId, { submit })).expect(201)).body;
}

/** The seed's A4 setup: paper 9, fitted to one page wide and as many down as needed, the heading row repeated. */
function expectPrintSetup(sheet: ExcelJS.Worksheet, orientation: 'portrait' | 'landscape', titleRow?: number) {
  const p = sheet.pageSetup;
  expect(p.paperSize).toBe(9);
  expect(p.orientation).toBe(orientation);
  expect(p.fitToPage).toBe(true);
  expect(p.fitToWidth).toBe(1);
  expect(p.fitToHeight).toBe(0);
  expect(p.margins).toMatchObject({ left: expect.any(Number), top: expect.any(Number) });
  expect(p.printArea).toMatch(/^A1:[A-Z]+\d+$/);
  if (titleRow) expect(p.printTitlesRow).toBe(`${titleRow}:${titleRow}`);
}

/** All texts of a sheet, in reading order. */
function texts(sheet: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return; // a merged range's text once
      if (typeof cell.value === 'string') out.push(cell.value);
    }),
  );
  return out;
}

/** The document's Keywords (the numbers it carries): an indirect string object, outside the compressed streams. */
function keywordsOf(bytes: string): string {
  const ref = /\/Keywords (\d+) 0 R/.exec(bytes);
  if (!ref) return '';
  return new RegExp(`\\n${ref[1]} 0 obj\\n\\(([^)]*)\\)`).exec(bytes)?.[1] ?? '';
}

function pdfFacts(body: Buffer) {
  const bytes = body.toString('latin1');
  return {
    isPdf: bytes.startsWith('%PDF-') && bytes.trimEnd().endsWith('%%EOF'),
    pages: (bytes.match(/\/Type \/Page\b/g) ?? []).length,
    mediaBoxes: [...new Set((bytes.match(/\/MediaBox \[[^\]]+\]/g) ?? []).map((m) => m.replace(/\s+/g, ' ')))],
    keywords: keywordsOf(bytes),
    fontEmbedded: /FontFile[23]/.test(bytes) && bytes.includes('NotoSansHans'),
  };
}

beforeAll(async () => {
  w = await createWorld();
  projectId = (
    await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code: 'FORM-1', name: '智慧公安人口服务平台', content: '建设人口信息共享服务', approvedBudgetYuan: 1000000 })
      .expect(201)
  ).body.id;
  entry = await publishEntry(w, { name: '户籍人口基本信息', projectId });
  otherEntry = await publishEntry(w, { name: '出入境证件信息' });
});
afterAll(async () => {
  await w.destroy();
});

describe('numbers a clerk can file by', () => {
  it('gives every request RJ-SQ-<Beijing year>-<counter>, consecutive and unique under concurrent filing', async () => {
    const first = await file(otherEntry.id, false);
    expect(parseNumber(first.number)).toEqual({ series: 'SQ', year: 2026, seq: expect.any(Number) });
    const start = parseNumber(first.number)!.seq;
    // Twelve filings at once: on PostgreSQL they run in parallel transactions on the pool, as two
    // instances on one database would; the counter row's lock orders them.
    const made = await Promise.all(
      Array.from({ length: 12 }, () => w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(otherEntry.id))),
    );
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    const seqs = made.map((r) => parseNumber(r.body.number)!.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => start + 1 + i));
    const stored = await w.db('sharing_requests').whereNotNull('number').count({ n: '*' }).countDistinct({ d: 'number' });
    expect(Number(stored[0].n)).toBe(Number(stored[0].d));
    expect(Number(stored[0].n)).toBe(
      await w
        .db('sharing_requests')
        .count({ n: '*' })
        .then((r) => Number(r[0].n)),
    );
  });

  it('gives a refused filing no number: the counter continues without a gap', async () => {
    const before = parseNumber((await file(otherEntry.id, false)).number)!.seq;
    const counts = await w.counts();
    expectProblem(
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(sharingRequestBody(otherEntry.id, { items: ['没有这个信息项'] })),
      422,
      'unknown_item',
    );
    expect(await w.counts()).toEqual(counts);
    expect(parseNumber((await file(otherEntry.id, false)).number)!.seq).toBe(before + 1);
  });

  it('starts a new year at 000001 when Beijing enters it, eight hours before UTC does', async () => {
    const saved = w.clock.now();
    try {
      w.clock.set(new Date('2026-12-31T16:30:00Z')); // 2027-01-01 00:30 in Beijing
      const r = await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(sharingRequestBody(otherEntry.id, { periodStart: '2027-01-01', periodEnd: '2027-06-30' }))
        .expect(201);
      expect(r.body.number).toBe('RJ-SQ-2027-000001');
    } finally {
      w.clock.set(saved);
    }
  });

  it('finds a request by its exact number in the list and the export; another department finds nothing', async () => {
    const r = await file(otherEntry.id, false);
    const listed = (await w.as('edu').get(`/api/v1/sharing-requests?number=${r.number}`).expect(200)).body.items;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect((await w.as('civil').get(`/api/v1/sharing-requests?number=${r.number}`).expect(200)).body.items).toEqual([]);
    expectProblem(await w.as('edu').get('/api/v1/sharing-requests?number=abc'), 400, 'invalid_query');
    const exported = await workbook(await binary(w.as('edu').get(`/api/v1/sharing-requests/export.xlsx?number=${r.number}`)).expect(200));
    const sheet = exported.getWorksheet('数据共享申请')!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getCell('B2').value).toBe(r.number);
  });
});

describe('附件2 for one request', () => {
  let r: { id: string; number: string; submittedAt: string };
  beforeAll(async () => {
    w.clock.set(new Date('2026-03-02T01:05:00Z')); // 09:05 in Beijing
    r = await file(entry.id);
  });

  it('is an A4 workbook laid out as the seed: the label, the title, every field, notes numbered 1–4 and 1–5', async () => {
    const res = await binary(w.as('police').get(`/api/v1/sharing-requests/${r.id}/form.xlsx`)).expect(200);
    expect(res.headers['content-disposition']).toContain(`${r.number}.xlsx`);
    const book = await workbook(res);
    expect(book.worksheets.map((s) => s.name)).toEqual(['附件2', '信息项明细表', '申请详情']);
    const form = book.getWorksheet('附件2')!;
    expectPrintSetup(form, 'landscape', 4);
    expect(form.getCell('A1').value).toBe('附件2:');
    // The title spans the table's width (one merged cell), so fitted to the width it is never split.
    expect(form.getCell('A2').value).toBe('数据共享应用（需求）表');
    expect(form.getCell('G2').master.address).toBe('A2');
    expect(form.getCell('A3').value).toContain(`申请编号：${r.number}`);
    expect(form.getCell('A3').value).toContain('提交时间：2026年3月2日 09:05');
    expect(form.getRow(4).values).toEqual([
      undefined,
      '序号',
      '信息资源生产单位\n（必填项）',
      '信息资源应用单位\n（必填项）',
      '信息资源名称\n（必填项）',
      '信息资源可提供方式\n(必填项)',
      '申请编号',
      '提交日期',
    ]);
    expect(form.getRow(5).values).toEqual([
      undefined,
      1,
      '测试市公安局',
      '测试市教育局',
      '户籍人口基本信息',
      '信息查询接口',
      r.number,
      new Date('2026-03-02T09:05:00Z'), // Beijing wall-clock time in a date cell
    ]);
    expect(form.getCell('G5').numFmt).toBe('yyyy"年"m"月"d"日"');
    const notes = texts(form).filter((t) => /^\d\./.test(t));
    expect(notes.map((t) => t.split('.')[0])).toEqual(['1', '2', '3', '4']);
    expect(texts(form)).toContain('填表说明：');
    // Nothing on the form is an id.
    expect(texts(form).join('\n')).not.toContain(r.id);

    const items = book.getWorksheet('信息项明细表')!;
    expectPrintSetup(items, 'portrait', 3);
    expect(items.getCell('A1').value).toBe('信息项明细表');
    expect(items.getRow(3).values).toEqual([
      undefined,
      '序号',
      '信息资源生产单位\n（必填项）',
      '信息资源应用单位\n（必填项）',
      '信息资源名称\n（必填项）',
      '信息项名称\n（必填项）',
    ]);
    expect([4, 5, 6].map((row) => [items.getCell(`A${row}`).value, items.getCell(`E${row}`).value])).toEqual([
      [1, '公民身份号码（输入项）'],
      [1, '姓名（输出项）'],
      [1, '出生日期（输出项）'],
    ]);
    const itemNotes = texts(items).filter((t) => /^\d\./.test(t));
    expect(itemNotes.map((t) => t.split('.')[0])).toEqual(['1', '2', '3', '4', '5']);
    expect(itemNotes[0]).toBe('1.序号：对应附件2的“序号”。');

    const details = book.getWorksheet('申请详情')!;
    expectPrintSetup(details, 'landscape', 3);
    expect(details.getCell('B4').value).toBe(r.number);
    expect(details.getCell('H4').value).toEqual(new Date('2026-03-02T09:05:00Z'));
    expect(details.getCell('H4').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(details.getCell('I4').value).toBeInstanceOf(Date);
  });

  it('is an A4 landscape PDF with the Chinese font, carrying the request number', async () => {
    const res = await binary(w.as('edu').get(`/api/v1/sharing-requests/${r.id}/form.pdf`)).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = pdfFacts(res.body as Buffer);
    expect(pdf).toMatchObject({ isPdf: true, pages: 1, mediaBoxes: ['/MediaBox [0 0 841.89 595.28]'], fontEmbedded: true });
    expect(pdf.keywords).toBe(r.number);
    expectProblem(await w.as('civil').get(`/api/v1/sharing-requests/${r.id}/form.pdf`), 404, 'not_found');
    expect((await w.anonymous().get(`/api/v1/sharing-requests/${r.id}/form.pdf`)).status).toBe(401);
  });

  it('exports lists with Beijing times as date cells', async () => {
    const sheet = (
      await workbook(await binary(w.as('edu').get(`/api/v1/sharing-requests/export.xlsx?number=${r.number}`)).expect(200))
    ).getWorksheet('数据共享申请')!;
    expect(sheet.getCell('B2').value).toBe(r.number);
    expect(sheet.getCell('J2').value).toEqual(new Date('2026-03-02T09:05:00Z'));
    expect(sheet.getCell('J2').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(sheet.getCell('K2').value).toBeInstanceOf(Date);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, fitToWidth: 1, printTitlesRow: '1:1' });
  });
});

describe("a project's 附件2", () => {
  let onFile: Array<{ id: string; number: string }>;
  beforeAll(async () => {
    // Three requests on file for the project's entry (one above), a draft and a cancelled one that are not.
    onFile = [await file(entry.id), await file(entry.id)];
    await file(entry.id, false);
    const cancelled = await file(entry.id);
    await w.as('edu').post(`/api/v1/sharing-requests/${cancelled.id}/cancel`).expect(200);
    const all = (await w.as('police').get(`/api/v1/sharing-requests?resourceId=${entry.id}&status=pending&sort=-createdAt`).expect(200))
      .body.items;
    // Filed at the same instant (the clock stands still): in the order of their numbers.
    onFile = all.sort((a: { number: string }, b: { number: string }) => a.number.localeCompare(b.number));
  });

  it('lists every request on file for the project, one row each, oldest first, with items referring to their 序号', async () => {
    expect(onFile).toHaveLength(3);
    const res = await binary(w.as('police').get(`/api/v1/projects/${projectId}/sharing-form.xlsx`)).expect(200);
    const book = await workbook(res);
    const form = book.getWorksheet('附件2')!;
    expectPrintSetup(form, 'landscape', 4);
    expect(form.getCell('A1').value).toBe('附件2:');
    expect(form.getCell('A3').value).toContain('项目：智慧公安人口服务平台');
    const rows = [5, 6, 7].map((n) => form.getRow(n).values as unknown[]);
    expect(rows.map((v) => v[1])).toEqual([1, 2, 3]);
    expect(rows.map((v) => v[6])).toEqual(onFile.map((x) => x.number));
    expect(form.getCell('A8').value).toBe('填表说明：');
    const items = book.getWorksheet('信息项明细表')!;
    expect(Array.from({ length: 9 }, (_, i) => items.getCell(`A${4 + i}`).value)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3]);
    expect(items.getCell('A13').value).toBe('填表说明：');
  });

  it('prints as a PDF on A4 landscape with every number', async () => {
    const res = await binary(w.as('bureau').get(`/api/v1/projects/${projectId}/sharing-form.pdf`)).expect(200);
    const pdf = pdfFacts(res.body as Buffer);
    expect(pdf).toMatchObject({ isPdf: true, mediaBoxes: ['/MediaBox [0 0 841.89 595.28]'], fontEmbedded: true });
    expect(pdf.keywords.split(' ')).toEqual(onFile.map((x) => x.number));
  });

  it('is read by whoever reads the project: its department and the bureau; no one else, and reading changes nothing', async () => {
    const before = await w.counts();
    for (const path of ['sharing-form.xlsx', 'sharing-form.pdf']) {
      await binary(w.as('police').get(`/api/v1/projects/${projectId}/${path}`)).expect(200);
      await binary(w.as('bureau').get(`/api/v1/projects/${projectId}/${path}`)).expect(200);
      // The requesting department, another department and the auditor do not see the project (404, as getProject).
      for (const who of ['edu', 'civil', 'auditor'] as const) {
        expectProblem(await w.as(who).get(`/api/v1/projects/${projectId}/${path}`), 404, 'not_found');
        expect((await w.as(who).get(`/api/v1/projects/${projectId}`)).status).toBe(404);
      }
      expect((await w.anonymous().get(`/api/v1/projects/${projectId}/${path}`)).status).toBe(401);
    }
    expect(await w.counts()).toEqual(before);
  });
});

describe('附件1 with its number', () => {
  it('numbers the registration RJ-DJ-…, lists the request numbers and never prints 0 records for uncounted entries', async () => {
    // Straight to accepted (the acceptance path is acceptance.test.ts's subject).
    await w.db('projects').where({ id: projectId }).update({ stage: 'accepted' });
    const filed = (
      await w
        .as('police')
        .post(`/api/v1/projects/${projectId}/registration`)
        .send({ outcomes: '平台一套', acceptanceMaterials: '验收报告', scopeAndDesensitization: '按目录', handler: '林晓' })
        .expect(201)
    ).body;
    expect(parseNumber(filed.number)).toEqual({ series: 'DJ', year: 2026, seq: 1 });
    const numbers = (await w.as('police').get(`/api/v1/sharing-requests?resourceId=${entry.id}&limit=100`).expect(200)).body.items
      .filter((x: { status: string }) => !['draft', 'cancelled'].includes(x.status))
      .map((x: { number: string }) => x.number)
      .sort();
    expect(filed.sharingRequestForms).toBe(`数据共享应用（需求）表 ${numbers.length} 份：${numbers.join('、')}`);
    expect(filed.totalDataVolume).not.toContain('共约 0 条记录');
    expect(filed.totalDataVolume).toMatch(/^1 个信息资源/);
    expect((await w.as('bureau').get(`/api/v1/projects/${projectId}/registration`).expect(200)).body.number).toBe(filed.number);

    const book = await workbook(await binary(w.as('police').get(`/api/v1/projects/${projectId}/registration/form.xlsx`)).expect(200));
    const sheet = book.worksheets[0];
    expectPrintSetup(sheet, 'portrait');
    expect(sheet.getCell('A1').value).toBe('附件1:');
    expect(sheet.getCell('C1').value).toBe(`登记编号：${filed.number}`);
    expect(sheet.getCell('A2').value).toBe('信息化项目成果登记表');
    const all = texts(sheet);
    for (const field of ['项目名称', '项目内容', '项目材料', '1.项目成果', '2.项目验收材料', '3.数据共享应用（需求）表（附件2）']) {
      expect(all).toContain(field);
    }
    for (const field of ['4.成果应用范围及脱敏脱密规则说明', '数据总量', '数据格式', '是否共享', '登记\n情况', '登记部门', '经办人']) {
      expect(all).toContain(field);
    }
    for (const field of ['登记日期', '接收\n情况', '接收部门', '接收人', '接收日期', '（一式三份）']) expect(all).toContain(field);
    // 登记日期: a date cell of the Beijing date, shown 2026年3月2日.
    let dateCell: ExcelJS.Cell | undefined;
    sheet.eachRow((row) => row.eachCell((cell) => cell.value instanceof Date && (dateCell = cell)));
    expect(dateCell?.value).toEqual(new Date('2026-03-02T00:00:00Z'));
    expect(dateCell?.numFmt).toBe('yyyy"年"m"月"d"日"');

    const pdf = pdfFacts(
      (await binary(w.as('bureau').get(`/api/v1/projects/${projectId}/registration/form.pdf`)).expect(200)).body as Buffer,
    );
    expect(pdf).toMatchObject({ isPdf: true, pages: 1, mediaBoxes: ['/MediaBox [0 0 595.28 841.89]'], keywords: filed.number });
  });
});
