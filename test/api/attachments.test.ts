import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createServices } from '../../src/app';
import { expectProblem, UUID } from '../support/assertions';
import { compoundFile, doc, docx, exe, fixture, jpeg, ofd, pdf, png, pptx, zipOf } from '../support/files';
import { ActorKey, createWorld, publishEntry, World } from '../support/world';

// Attachments (docs/attachments.md): upload, list, download and remove files of a project's
// acceptance materials, a registration's project materials and a connection's evidence — each
// visible to whoever sees its object, changed by its department while the object is open, typed by
// its content, kept once per SHA-256, audited. Denied and refused uploads leave no row and no file.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Binary answers as Buffers (supertest parses only text and JSON by itself). */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'attachments-test-'));
}

/** Every file under the attachments folder (kept and temporary). */
function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

/** How many attachment rows there are (a number on both databases). */
async function attachmentRows(w: World, where: Record<string, string> = {}): Promise<number> {
  const [{ n }] = await w.db('attachments').where(where).count('* as n');
  return Number(n);
}

interface Upload {
  type?: string;
  name?: string;
  kind?: string;
  key?: string;
}

function upload(w: World, actor: ActorKey, url: string, bytes: Buffer, o: Upload = {}) {
  const query = `kind=${o.kind ?? 'design'}&fileName=${encodeURIComponent(o.name ?? '详细设计方案.pdf')}`;
  const req = w
    .as(actor)
    .post(`${url}?${query}`)
    .set('Content-Type', o.type ?? PDF);
  if (o.key) req.set('Idempotency-Key', o.key);
  return req.send(bytes);
}

describe('attachments', () => {
  let w: World;
  let dir: string;
  let projectId: string;
  let projectUrl: string;

  beforeAll(async () => {
    dir = tempDir();
    w = await createWorld({ attachmentsDir: dir });
    projectId = (
      await w
        .as('police')
        .post('/api/v1/projects')
        .send({ code: 'ATT-1', name: '附件测试项目', content: '建设内容', approvedBudgetYuan: 100 })
        .expect(201)
    ).body.id;
    projectUrl = `/api/v1/projects/${projectId}/attachments`;
  });
  afterAll(async () => {
    await w.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("a project's acceptance materials", () => {
    it('round trip: upload, list, metadata and download give back the same bytes, name and hash', async () => {
      const bytes = pdf('详细设计方案 第一版');
      const res = await upload(w, 'police', projectUrl, bytes, { name: '详细设计方案（第一版）.pdf' }).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(UUID),
        objectType: 'project',
        objectId: projectId,
        kind: 'design',
        kindLabel: '详细设计方案',
        fileName: '详细设计方案（第一版）.pdf',
        mediaType: PDF,
        bytes: bytes.length,
        sha256: sha256(bytes),
        departmentId: w.departmentId.police,
        uploadedBy: w.userId.police,
        uploaderName: 'police用户',
        uploadedAt: w.clock.now().toISOString(),
      });
      // Kept under the data folder by its hash.
      expect(fs.readFileSync(path.join(dir, sha256(bytes).slice(0, 2), sha256(bytes)))).toEqual(bytes);
      const list = await w.as('police').get(projectUrl).expect(200);
      expect(list.body.items).toEqual([res.body]);
      expect((await w.as('bureau').get(`/api/v1/attachments/${res.body.id}`).expect(200)).body).toEqual(res.body);
      const download = await w.as('bureau').get(`/api/v1/attachments/${res.body.id}/content`).buffer(true).parse(binary).expect(200);
      expect(sha256(download.body as Buffer)).toBe(sha256(bytes));
      expect(download.headers['content-type']).toBe(PDF);
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename="_.pdf"; filename*=UTF-8''${encodeURIComponent('详细设计方案（第一版）.pdf')}`,
      );
    });

    it('takes every accepted kind of file, told by its content (application/octet-stream leaves it to the content)', async () => {
      const files: Array<[string, Buffer, string, string]> = [
        ['合同.docx', docx(), DOCX, 'contract'],
        ['预算表.xlsx', fixture('预算表.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'other'],
        ['预算表.xls', fixture('预算表.xls'), 'application/vnd.ms-excel', 'other'],
        ['工作报告.doc', doc(), 'application/msword', 'work_report'],
        ['汇报.pptx', pptx(), 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'technical_report'],
        ['机房照片.png', png(), 'image/png', 'test_report'],
        ['现场照片.JPG', jpeg(), 'application/octet-stream', 'supervision_report'],
        ['数据共享报告.ofd', ofd(), 'application/ofd', 'sharing_report'],
      ];
      for (const [name, bytes, type, kind] of files) {
        const res = await upload(w, 'police', projectUrl, bytes, { name, type, kind });
        expect({ name, status: res.status }).toEqual({ name, status: 201 });
        expect(res.body).toMatchObject({ fileName: name, kind, sha256: sha256(bytes), bytes: bytes.length });
      }
      const jpg = (await w.as('police').get(projectUrl).expect(200)).body.items.find(
        (a: { fileName: string }) => a.fileName === '现场照片.JPG',
      );
      expect(jpg.mediaType).toBe('image/jpeg');
    });

    it('refuses a PNG named .pdf or declared as a PDF, and an executable, a zip or HTML — leaving no row and no file', async () => {
      const before = { rows: await attachmentRows(w), files: filesIn(dir).sort() };
      const named = await upload(w, 'police', projectUrl, png(), { name: '扫描件.pdf', type: 'image/png' });
      expectProblem(named, 422, 'file_type_mismatch');
      expect(named.body.detail).toMatch(/PNG 图片/);
      expect(named.body.errors[0].path).toBe('fileName');
      const declared = await upload(w, 'police', projectUrl, png(), { name: '扫描件.png', type: PDF });
      expectProblem(declared, 422, 'file_type_mismatch');
      expect(declared.body.errors[0].path).toBe('Content-Type');
      expectProblem(await upload(w, 'police', projectUrl, exe(), { name: '设计方案.pdf' }), 415, 'unsupported_file_type');
      expectProblem(
        await upload(w, 'police', projectUrl, exe(), { name: 'setup.exe', type: 'application/octet-stream' }),
        415,
        'unsupported_file_type',
      );
      expectProblem(
        await upload(w, 'police', projectUrl, zipOf({ 'a.txt': '说明' }), { name: '材料.zip', type: 'application/zip' }),
        415,
        'unsupported_media_type',
      );
      expectProblem(
        await upload(w, 'police', projectUrl, zipOf({ 'a.txt': '说明' }), { name: '材料.docx', type: DOCX }),
        415,
        'unsupported_file_type',
      );
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      expectProblem(await upload(w, 'police', projectUrl, html, { name: '报告.html', type: 'text/html' }), 415, 'unsupported_media_type');
      const disguised = await upload(w, 'police', projectUrl, html, { name: '报告.pdf' });
      expectProblem(disguised, 415, 'unsupported_file_type');
      expect(disguised.body.detail).toMatch(/不是可接受的附件类型/);
      // Office files carrying macros are refused as unknown content.
      expectProblem(
        await upload(w, 'police', projectUrl, docx({ 'word/vbaProject.bin': 'VBA' }), { name: '合同.docx', type: DOCX }),
        415,
        'unsupported_file_type',
      );
      expectProblem(
        await upload(w, 'police', projectUrl, compoundFile(['WordDocument', 'Macros']), { name: '合同.doc', type: 'application/msword' }),
        415,
        'unsupported_file_type',
      );
      expectProblem(await upload(w, 'police', projectUrl, Buffer.alloc(0)), 422, 'empty_file');
      expect({ rows: await attachmentRows(w), files: filesIn(dir).sort() }).toEqual(before);
    });

    it('scans names: no path, no control or bidi characters, reserved characters replaced, Chinese kept', async () => {
      const res = await upload(w, 'police', projectUrl, pdf('名称'), {
        name: 'C:\\Users\\张三\\..\\报告\u202Efdp.exe|终稿.pdf',
        kind: 'other',
      }).expect(201);
      expect(res.body.fileName).toBe('报告fdp.exe_终稿.pdf');
      const unnamed = await upload(w, 'police', projectUrl, pdf(), { name: '../../.pdf' });
      expectProblem(unnamed, 422, 'invalid_file_name');
      expect(unnamed.body.errors[0].path).toBe('fileName');
      expectProblem(await upload(w, 'police', projectUrl, pdf(), { kind: 'evidence' }), 400, 'invalid_query');
    });

    it('rights: its department and the bureau upload; other departments, consumers and auditors cannot, and see nothing', async () => {
      const before = { rows: await attachmentRows(w), files: filesIn(dir).sort() };
      expectProblem(await upload(w, 'civil', projectUrl, pdf('civil')), 404, 'not_found');
      expectProblem(await upload(w, 'edu', projectUrl, pdf('edu')), 403, 'role_required');
      expectProblem(await upload(w, 'auditor', projectUrl, pdf('auditor')), 403, 'role_required');
      expectProblem(await upload(w, 'police2', projectUrl, pdf('police2')), 403, 'role_required');
      expectProblem(
        await w.anonymous().post(`${projectUrl}?kind=design&fileName=a.pdf`).set('Content-Type', PDF).send(pdf()),
        401,
        'unauthenticated',
      );
      expect({ rows: await attachmentRows(w), files: filesIn(dir).sort() }).toEqual(before);

      const byBureau = await upload(w, 'bureau', projectUrl, pdf('专家意见'), { name: '专家组意见.pdf', kind: 'other' }).expect(201);
      expect(byBureau.body.departmentId).toBe(w.departmentId.bureau);
      const some = (await w.as('police').get(projectUrl).expect(200)).body.items[0].id;
      for (const actor of ['civil', 'edu', 'auditor'] as const) {
        expectProblem(await w.as(actor).get(projectUrl), 404, 'not_found');
        expectProblem(await w.as(actor).get(`/api/v1/attachments/${some}`), 404, 'not_found');
        expectProblem(await w.as(actor).get(`/api/v1/attachments/${some}/content`), 404, 'not_found');
      }
      // The project's own department reads everything attached to it, the bureau's too.
      await w.as('police2').get(`/api/v1/attachments/${byBureau.body.id}/content`).buffer(true).parse(binary).expect(200);
    });

    it('removal: by the uploading department while open; the row goes with its audit event, the file when no row names it', async () => {
      const bytes = pdf('合同 扫描件');
      const first = await upload(w, 'police', projectUrl, bytes, { name: '合同.pdf', kind: 'contract' }).expect(201);
      const second = await upload(w, 'police', projectUrl, bytes, { name: '合同副本.pdf', kind: 'contract' }).expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      // Identical content is kept once.
      expect(filesIn(dir).filter((f) => f === sha256(bytes))).toHaveLength(1);
      const kept = path.join(dir, sha256(bytes).slice(0, 2), sha256(bytes));

      const rows = await w.counts();
      expectProblem(await w.as('bureau').delete(`/api/v1/attachments/${first.body.id}`), 403, 'not_uploader');
      expectProblem(await w.as('police2').delete(`/api/v1/attachments/${first.body.id}`), 403, 'role_required');
      expectProblem(await w.as('civil').delete(`/api/v1/attachments/${first.body.id}`), 404, 'not_found');
      expectProblem(await w.as('auditor').delete(`/api/v1/attachments/${first.body.id}`), 404, 'not_found');
      expect(await w.counts()).toEqual(rows);

      await w.as('police').delete(`/api/v1/attachments/${first.body.id}`).expect(204);
      expectProblem(await w.as('police').get(`/api/v1/attachments/${first.body.id}`), 404, 'not_found');
      expect(fs.existsSync(kept)).toBe(true);
      await w.as('police').delete(`/api/v1/attachments/${second.body.id}`).expect(204);
      expect(fs.existsSync(kept)).toBe(false);
      expectProblem(await w.as('police').delete(`/api/v1/attachments/${second.body.id}`), 404, 'not_found');

      const events = (await w.as('auditor').get(`/api/v1/audit-events?objectId=${first.body.id}`).expect(200)).body.items;
      expect(events.map((e: { action: string }) => e.action).sort()).toEqual(['attachment.added', 'attachment.removed']);
      const removed = events.find((e: { action: string }) => e.action === 'attachment.removed');
      expect(removed).toMatchObject({
        objectType: 'attachment',
        objectId: first.body.id,
        userId: w.userId.police,
        details: {
          objectType: 'project',
          objectId: projectId,
          kind: 'contract',
          fileName: '合同.pdf',
          bytes: bytes.length,
          sha256: sha256(bytes),
        },
      });
      // The project's department reads the events about its attachments; the chain still holds.
      const own = (await w.as('police2').get(`/api/v1/audit-events?objectId=${second.body.id}`).expect(200)).body.items;
      expect(own).toHaveLength(2);
      expect((await w.as('auditor').get('/api/v1/audit-events/verification').expect(200)).body.valid).toBe(true);
    });

    it('a retried upload with the same Idempotency-Key and file gets the first attachment; another file with that key is refused', async () => {
      const bytes = pdf('测试报告');
      const first = await upload(w, 'police', projectUrl, bytes, { name: '测试报告.pdf', kind: 'test_report', key: 'att-retry-1' }).expect(
        201,
      );
      const again = await upload(w, 'police', projectUrl, bytes, { name: '测试报告.pdf', kind: 'test_report', key: 'att-retry-1' }).expect(
        201,
      );
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expectProblem(await upload(w, 'police', projectUrl, pdf('另一份'), { key: 'att-retry-1' }), 422, 'idempotency_key_reused');
      expect(await attachmentRows(w, { idempotency_key: 'att-retry-1' })).toBe(1);
    });

    it('closes with final acceptance: no upload, no removal', async () => {
      const created = await w
        .as('police')
        .post('/api/v1/projects')
        .send({ code: 'ATT-2', name: '已验收项目', content: '内容', approvedBudgetYuan: 1 })
        .expect(201);
      const url = `/api/v1/projects/${created.body.id}/attachments`;
      const open = await upload(w, 'police', url, pdf('验收前')).expect(201);
      await w.db('projects').where({ id: created.body.id }).update({ stage: 'accepted', accepted_at: w.clock.now().toISOString() });
      expectProblem(await upload(w, 'police', url, pdf('验收后')), 409, 'materials_closed');
      expectProblem(await upload(w, 'bureau', url, pdf('验收后')), 409, 'materials_closed');
      expectProblem(await w.as('police').delete(`/api/v1/attachments/${open.body.id}`), 409, 'materials_closed');
      // Still read.
      expect((await w.as('police').get(url).expect(200)).body.items).toHaveLength(1);
    });
  });

  describe("a connection's evidence", () => {
    let connectionUrl: string;
    let connectionId: string;

    beforeAll(async () => {
      const entry = await publishEntry(w, {
        name: '前置机接入目录',
        categoryCode: '302',
        provisionModes: [{ mode: 'other', description: '前置机' }],
      });
      connectionId = (
        await w
          .as('police')
          .post(`/api/v1/resources/${entry.id}/connections`)
          .send({ mode: 'other', reference: '前置机 10.1.2.3', evidence: '部署记录见附件' })
          .expect(201)
      ).body.id;
      connectionUrl = `/api/v1/connections/${connectionId}/attachments`;
    });

    it("the entry's department attaches evidence; whoever sees the entry reads it; the bureau's confirmation closes it", async () => {
      const shot = await upload(w, 'police', connectionUrl, png(), { name: '联调截图.png', type: 'image/png', kind: 'evidence' }).expect(
        201,
      );
      expectProblem(
        await upload(w, 'police', connectionUrl, png(), { name: '联调截图.png', type: 'image/png', kind: 'design' }),
        400,
        'invalid_query',
      );
      expectProblem(
        await upload(w, 'civil', connectionUrl, png(), { name: 'x.png', type: 'image/png', kind: 'evidence' }),
        403,
        'not_owner',
      );
      expectProblem(
        await upload(w, 'bureau', connectionUrl, png(), { name: 'x.png', type: 'image/png', kind: 'evidence' }),
        403,
        'role_required',
      );
      // The entry is published: every department sees the connection and its evidence.
      expect((await w.as('edu').get(connectionUrl).expect(200)).body.items.map((a: { id: string }) => a.id)).toEqual([shot.body.id]);
      await w.as('civil').get(`/api/v1/attachments/${shot.body.id}/content`).buffer(true).parse(binary).expect(200);
      expectProblem(await w.as('edu').get(`/api/v1/connections/00000000-0000-4000-8000-000000000000/attachments`), 404, 'not_found');

      await w.as('bureau').post(`/api/v1/connections/${connectionId}/confirm`).expect(200);
      expectProblem(await upload(w, 'police', connectionUrl, pdf(), { name: '补充.pdf', kind: 'evidence' }), 409, 'materials_closed');
      expectProblem(await w.as('police').delete(`/api/v1/attachments/${shot.body.id}`), 409, 'materials_closed');
    });
  });

  describe("a registration's project materials (附件1)", () => {
    it('its producers attach from final acceptance until the bureau receives the registration', async () => {
      const created = await w
        .as('police')
        .post('/api/v1/projects')
        .send({ code: 'ATT-3', name: '成果登记项目', content: '内容', approvedBudgetYuan: 1 })
        .expect(201);
      const id = created.body.id;
      const url = `/api/v1/projects/${id}/registration/attachments`;
      expectProblem(await upload(w, 'police', url, pdf(), { name: '项目成果.pdf', kind: 'outcomes' }), 409, 'not_accepted');
      await w.db('projects').where({ id }).update({ stage: 'accepted', accepted_at: w.clock.now().toISOString() });
      const outcome = await upload(w, 'police', url, docx(), { name: '项目成果.docx', type: DOCX, kind: 'outcomes' }).expect(201);
      expect(outcome.body).toMatchObject({ objectType: 'registration', objectId: id, kindLabel: '项目成果' });
      expectProblem(await upload(w, 'bureau', url, pdf(), { name: 'x.pdf', kind: 'outcomes' }), 403, 'role_required');
      expectProblem(await upload(w, 'civil', url, pdf(), { name: 'x.pdf', kind: 'outcomes' }), 404, 'not_found');
      expectProblem(await upload(w, 'police', url, pdf(), { name: 'x.pdf', kind: 'design' }), 400, 'invalid_query');
      expect((await w.as('bureau').get(url).expect(200)).body.items).toHaveLength(1);
      expectProblem(await w.as('civil').get(url), 404, 'not_found');
      // Its materials are the registration's, not the project's acceptance materials.
      expect((await w.as('police').get(`/api/v1/projects/${id}/attachments`).expect(200)).body.items).toEqual([]);

      await w
        .as('police')
        .post(`/api/v1/projects/${id}/registration`)
        .send({ outcomes: '见附件', acceptanceMaterials: '见附件', scopeAndDesensitization: '见附件', handler: '张三' })
        .expect(201);
      // Filed, not yet received: a missing material may still be added.
      await upload(w, 'police', url, pdf('脱敏规则'), { name: '脱敏规则说明.pdf', kind: 'scope_and_desensitization' }).expect(201);
      await w.as('bureau').post(`/api/v1/projects/${id}/registration/receipt`).send({ receiver: '李四' }).expect(200);
      expectProblem(await upload(w, 'police', url, pdf('迟到'), { name: '补充.pdf', kind: 'outcomes' }), 409, 'materials_closed');
      expectProblem(await w.as('police').delete(`/api/v1/attachments/${outcome.body.id}`), 409, 'materials_closed');
    });
  });
});

describe('the size cap and leftovers', () => {
  let w: World;
  let dir: string;
  let projectUrl: string;
  const CAP = 4096;

  beforeAll(async () => {
    dir = tempDir();
    w = await createWorld({ attachmentsDir: dir, maxAttachmentBytes: CAP });
    const id = (
      await w
        .as('police')
        .post('/api/v1/projects')
        .send({ code: 'ATT-CAP', name: '上限项目', content: '内容', approvedBudgetYuan: 1 })
        .expect(201)
    ).body.id;
    projectUrl = `/api/v1/projects/${id}/attachments`;
  });
  afterAll(async () => {
    await w.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a body past ATTACHMENT_MAX_BYTES with 413 in Chinese, by its length or while it streams, keeping nothing', async () => {
    const big = Buffer.concat([pdf(), Buffer.alloc(CAP)]);
    const res = await upload(w, 'police', projectUrl, big);
    expectProblem(res, 413, 'payload_too_large');
    expect(res.body.detail).toMatch(/超过 附件 .* MB 上限/);
    // Without a length (chunked): stopped once past the cap.
    const server = w.app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            port,
            method: 'POST',
            path: `${projectUrl}?kind=design&fileName=${encodeURIComponent('大文件.pdf')}`,
            headers: { Authorization: `Bearer ${w.token.police}`, 'Content-Type': PDF, 'Transfer-Encoding': 'chunked' },
          },
          (r) => {
            let body = '';
            r.on('data', (c) => (body += c));
            r.on('end', () => resolve({ status: r.statusCode!, body }));
          },
        );
        req.on('error', reject);
        req.write(pdf());
        for (let i = 0; i < 8; i++) req.write(Buffer.alloc(1024));
        req.end();
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).code).toBe('payload_too_large');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await attachmentRows(w)).toBe(0);
    expect(filesIn(dir)).toEqual([]);
    // Just under the cap passes.
    await upload(w, 'police', projectUrl, Buffer.concat([pdf(), Buffer.alloc(CAP - pdf().length)])).expect(201);
  });

  it("the sweep removes a crashed upload's temporary file and a kept file no row names, once a day old, and nothing else", async () => {
    const kept = (await w.db('attachments').first('sha256')).sha256 as string;
    const orphan = sha256(Buffer.from('orphan'));
    fs.mkdirSync(path.join(dir, orphan.slice(0, 2)), { recursive: true });
    const orphanFile = path.join(dir, orphan.slice(0, 2), orphan);
    const incoming = path.join(dir, '.incoming-00000000-0000-4000-8000-000000000000');
    const fresh = path.join(dir, '.incoming-00000000-0000-4000-8000-000000000001');
    for (const f of [orphanFile, incoming, fresh]) fs.writeFileSync(f, 'x');
    const old = new Date(Date.now() - 2 * 24 * 3_600_000);
    for (const f of [orphanFile, incoming, path.join(dir, kept.slice(0, 2), kept)]) fs.utimesSync(f, old, old);
    const services = createServices(w.db, w.clock, { attachmentsDir: dir });
    expect(await services.attachments.sweepLeftovers()).toBe(2);
    expect([orphanFile, incoming, fresh, path.join(dir, kept.slice(0, 2), kept)].map((f) => fs.existsSync(f))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});
