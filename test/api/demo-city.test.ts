import express from 'express';
import request from 'supertest';
import { ManualClock } from '../../src/clock';
import { loadDemoCity } from '../../seeds/demo-city';
import * as demo from '../../seeds/demo-city.data';
import { TestDb } from '../support/db';
import { demoCity } from '../support/demo-city';
import { textOf } from '../support/exchange';

// The demo city is loaded through the same services as API calls, so loading it at all proves
// every entry meets the submission rules; this checks what a new user then finds.

let t: TestDb;
let app: express.Express;
let clock: ManualClock;
beforeAll(async () => {
  ({ t, app, clock } = await demoCity());
});
afterAll(async () => {
  await t.destroy();
});

const count = async (table: string, where: Record<string, unknown> = {}) => Number((await t.db(table).where(where).count('* as c'))[0].c);

describe('the demo city (榕城市)', () => {
  it('has ten departments with one bureau, eight projects and the documented entries', async () => {
    expect(await count('departments')).toBe(10);
    expect(await count('departments', { is_bureau: true })).toBe(1);
    expect(await count('projects')).toBe(8);
    expect(await count('resources', { status: 'published' })).toBe(40);
    expect(await count('resources', { status: 'draft' })).toBe(3);
    expect(await count('resources', { status: 'returned' })).toBe(1);
    expect(await count('resources', { status: 'submitted' })).toBe(1);
    expect(await count('resources', { status: 'withdrawn' })).toBe(2);
  });

  it('covers every provision mode, sharing type and format among the published entries', async () => {
    const modes = (
      await t
        .db('resource_provision_modes as m')
        .join('resources as r', 'r.id', 'm.resource_id')
        .where('r.status', 'published')
        .distinct('m.mode')
    )
      .map((r: { mode: string }) => r.mode)
      .sort();
    expect(modes).toEqual(['batch_exchange', 'certificate', 'other', 'query_api', 'verification_api']);
    const sharing = (await t.db('resources').where({ status: 'published' }).distinct('sharing_type'))
      .map((r: { sharing_type: string }) => r.sharing_type)
      .sort();
    expect(sharing).toEqual(['conditional', 'not_shared', 'unconditional']);
    const formats = await t.db('resources').where({ status: 'published' }).distinct('format');
    expect(formats).toHaveLength(8);
  });

  it('gives every published entry a unique national-style code, a version and its audit trail', async () => {
    const rows = await t.db('resources').where({ status: 'published' }).select('id', 'code', 'version');
    expect(new Set(rows.map((r: { code: string }) => r.code)).size).toBe(40);
    for (const r of rows) {
      expect(r.code).toMatch(/^[1-3]\d{2}\/\d{6}$/);
      expect(Number(r.version)).toBe(1);
      const actions = (await t.db('audit_events').where({ object_id: r.id }).orderBy('seq')).map((e: { action: string }) => e.action);
      // Its life in the catalog (a delivery of its data is the exchange's event, not the catalog's).
      expect(actions.filter((a) => a.startsWith('resource.'))).toEqual(['resource.created', 'resource.submitted', 'resource.published']);
    }
  });

  it('moves data through the exchange: deliveries, a masked download, queries answered from them, each recorded', async () => {
    const delivered = await t
      .db('exchange_deliveries as d')
      .join('resources as r', 'r.id', 'd.resource_id')
      .select('r.name', 'd.rows_accepted');
    expect(delivered.map((d: { name: string }) => d.name).sort()).toEqual(['不动产登记信息', '最低生活保障对象信息']);
    const queries = await t.db('exchange_access_records').where({ operation: 'query' }).select('rows', 'result');
    expect(queries.map((q: { rows: number }) => Number(q.rows)).sort()).toEqual([0, 1, 1, 1]);
    const grants = await request(app)
      .get('/api/v1/grants?side=outgoing')
      .set('Authorization', 'Bearer demo-edu-consumer-token')
      .expect(200);
    const roll = grants.body.items.find((g: { resourceName: string }) => g.resourceName === '最低生活保障对象信息');
    const csv = await request(app)
      .get(`/api/v1/grants/${roll.id}/data`)
      .set('Authorization', 'Bearer demo-edu-consumer-token')
      .buffer(true)
      .parse(textOf)
      .expect(200);
    expect((csv.body as string).startsWith('\ufeff')).toBe(true);
    const lines = (csv.body as string).slice(1).trim().split(/\r?\n/);
    expect(lines).toHaveLength(41);
    expect(lines[0]).toBe('低保证编号,户主公民身份号码,户主姓名,保障类别,所在乡镇（街道）');
    // ID numbers and names leave masked (the entry's rules), never clear.
    expect(lines[1]).toMatch(/^榕民低保\d+,\d{6}\*{8}[\dX]{4},.\*+,(城市|农村),/);
    const records = await request(app)
      .get('/api/v1/access-records?side=producer')
      .set('Authorization', 'Bearer demo-land-token')
      .expect(200);
    expect(records.body.items.filter((r: { operation: string }) => r.operation === 'query')).toHaveLength(4);
    const board = (await request(app).get('/api/v1/board').set('Authorization', 'Bearer demo-bureau-token').expect(200)).body;
    expect(board.sharingByEntry.map((e: { resourceName: string }) => e.resourceName)).toEqual(
      expect.arrayContaining(['不动产登记信息', '最低生活保障对象信息']),
    );
  });

  it('flags the social-insurance entry as overlapping the household register (一数一源)', async () => {
    const res = await request(app)
      .get('/api/v1/resources')
      .query({ q: '社会保险参保人员基本信息' })
      .set('Authorization', 'Bearer demo-bureau-token')
      .expect(200);
    const entry = await request(app)
      .get(`/api/v1/resources/${res.body.items[0].id}`)
      .set('Authorization', 'Bearer demo-bureau-token')
      .expect(200);
    expect(entry.body.duplicateCandidates.map((c: { resourceName: string }) => c.resourceName)).toContain('户籍人口基本信息');
  });

  it('gives the sensitive items of a few entries structured masking rules, their words filled in where none were written', async () => {
    const found = await request(app)
      .get('/api/v1/resources')
      .query({ q: '户籍人口基本信息' })
      .set('Authorization', 'Bearer demo-edu-consumer-token')
      .expect(200);
    const entry = (
      await request(app)
        .get(`/api/v1/resources/${found.body.items[0].id}`)
        .set('Authorization', 'Bearer demo-edu-consumer-token')
        .expect(200)
    ).body;
    const byName = new Map(entry.items.map((i: { name: string }) => [i.name, i]));
    expect(byName.get('公民身份号码')).toMatchObject({ masking: { rule: 'keep_ends', first: 6, last: 4 } });
    expect(byName.get('姓名')).toMatchObject({ masking: { rule: 'family_name' } });
    expect(byName.get('出生日期')).toMatchObject({
      sensitive: true,
      masking: { rule: 'date', precision: 'year' },
      desensitizationRule: '日期精确到年',
    });
    expect(byName.get('性别')).toMatchObject({ masking: null });
    const rules = (await t.db('resource_items').whereNotNull('masking_json').select('masking_json')).map((r: { masking_json: string }) =>
      JSON.parse(r.masking_json),
    );
    expect(new Set(rules.map((r: { rule: string }) => r.rule))).toEqual(new Set(['keep_ends', 'family_name', 'date', 'phone']));
  });

  it('has sharing requests in each state a clerk meets, each through the real rules', async () => {
    const byStatus = async (status: string) => count('sharing_requests', { status });
    const unconditional = demo.sharingRequests.filter(
      (q) => demo.resources.find((r) => r.body.name === q.resourceName)!.body.sharingType === 'unconditional',
    );
    expect(unconditional.length).toBeGreaterThan(0);
    expect(await byStatus('approved')).toBe(unconditional.length + demo.sharingRequests.filter((q) => q.outcome === 'approved').length);
    expect(await byStatus('pending')).toBe(
      demo.sharingRequests.filter((q) => q.outcome === 'submitted').length - unconditional.filter((q) => q.outcome === 'submitted').length,
    );
    expect(await byStatus('rejected')).toBe(1);
    expect(await byStatus('escalated')).toBe(1);
    expect(await count('grants')).toBe(await byStatus('approved'));
    const pending = await request(app)
      .get('/api/v1/sharing-requests')
      .query({ status: 'pending' })
      .set('Authorization', 'Bearer demo-bureau-token')
      .expect(200);
    expect(pending.body.items.every((r: { dueDate: string | null }) => r.dueDate !== null)).toBe(true);
  });

  it('has projects at different stages, and the board shows what holds them back', async () => {
    const board = (await request(app).get('/api/v1/board').set('Authorization', 'Bearer demo-bureau-token').expect(200)).body;
    expect(board.city.projectsByStage).toMatchObject({
      trial_run: 2,
      completed: 2,
      preliminary_accepted: 1,
      under_construction: 1,
      approved: 2,
    });
    expect(board.city.entriesPublished).toBe(40);
    expect(board.city.sharedShare).toBeCloseTo(36 / 40, 5);
    expect(board.blockedProjects.map((b: { projectName: string }) => b.projectName).sort()).toEqual([
      '智慧交通视频监控联网项目',
      '智慧公安人口管理系统升级项目',
    ]);
    const projects = (
      await request(app).get('/api/v1/projects').query({ stage: 'completed' }).set('Authorization', 'Bearer demo-bureau-token').expect(200)
    ).body.items;
    expect(projects.filter((p: { acceptanceOverdue: boolean }) => p.acceptanceOverdue).map((p: { name: string }) => p.name)).toEqual([
      '榕城市社会救助信息平台',
    ]);
  });

  it('lets every documented demo token in, with its roles', async () => {
    for (const u of demo.users) {
      const res = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${u.token}`).expect(200);
      expect(res.body.user.roles).toEqual(u.roles);
      expect(res.body.department.name).toBe(demo.departments.find((d) => d.key === u.departmentKey)!.name);
    }
  });

  it('is loaded only into an empty database', async () => {
    const before = await count('resources');
    expect(await loadDemoCity(t.db, clock)).toBe(false);
    expect(await count('resources')).toBe(before);
  });
});

describe('the audit trail', () => {
  it('lists events newest first, filtered, to the bureau and auditors only', async () => {
    const res = await request(app)
      .get('/api/v1/audit-events')
      .query({ action: 'resource.published', limit: '5' })
      .set('Authorization', 'Bearer demo-auditor-token')
      .expect(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body.items.every((e: { action: string }) => e.action === 'resource.published')).toBe(true);
    const next = await request(app)
      .get('/api/v1/audit-events')
      .query({ action: 'resource.published', limit: '5', cursor: res.body.nextCursor })
      .set('Authorization', 'Bearer demo-bureau-token')
      .expect(200);
    expect(next.body.items[0].id).not.toBe(res.body.items[4].id);
    const all = await request(app)
      .get('/api/v1/audit-events')
      .query({ action: 'resource.published', limit: '100' })
      .set('Authorization', 'Bearer demo-bureau-token')
      .expect(200);
    expect(all.body.items).toHaveLength(42);
    // A department reads only the events it caused or that concern its own objects.
    const me = (await request(app).get('/api/v1/me').set('Authorization', 'Bearer demo-police-token')).body;
    const own = await request(app)
      .get('/api/v1/audit-events')
      .query({ limit: '100' })
      .set('Authorization', 'Bearer demo-police-token')
      .expect(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    for (const e of own.body.items) {
      const row = await t.db('audit_events').where({ id: e.id }).first();
      expect([row.department_id, row.object_department_id, row.related_department_id]).toContain(me.department.id);
    }
    const policeEvents = await t
      .db('audit_events')
      .where({ department_id: me.department.id })
      .orWhere({ object_department_id: me.department.id })
      .orWhere({ related_department_id: me.department.id })
      .count('* as c');
    expect(Number(policeEvents[0].c)).toBeLessThan(Number((await t.db('audit_events').count('* as c'))[0].c));
  });

  it('records who, which department, the request id and the client address of an API write', async () => {
    const created = await request(app)
      .post('/api/v1/resources')
      .set('Authorization', 'Bearer demo-police-token')
      .set('X-Request-Id', 'req-audit-1')
      .send({ name: '审计测试目录', categoryCode: '301' })
      .expect(201);
    const res = await request(app)
      .get('/api/v1/audit-events')
      .query({ objectId: created.body.id })
      .set('Authorization', 'Bearer demo-auditor-token')
      .expect(200);
    const me = await request(app).get('/api/v1/me').set('Authorization', 'Bearer demo-police-token').expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        action: 'resource.created',
        objectType: 'resource',
        userId: me.body.user.id,
        departmentId: me.body.department.id,
        requestId: 'req-audit-1',
        result: 'success',
        occurredAt: clock.now().toISOString(),
      }),
    ]);
    expect(res.body.items[0].clientAddress).toMatch(/127\.0\.0\.1|::1/);
  });
});
