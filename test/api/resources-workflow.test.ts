import { completeEntry, createWorld, World } from '../support/world';

let w: World;
let projectId: string;
beforeAll(async () => {
  w = await createWorld();
  const res = await w
    .as('police')
    .post('/api/v1/projects')
    .send({ code: 'T-GA-001', name: '人口管理系统升级', content: '升级人口管理系统', approvedBudgetYuan: 1000000 })
    .expect(201);
  projectId = res.body.id;
});
afterAll(async () => {
  await w.destroy();
});

async function draft(actor: 'police' | 'civil' = 'police', overrides: Record<string, unknown> = {}) {
  const res = await w.as(actor).post('/api/v1/resources').send(completeEntry(overrides)).expect(201);
  return res.body as { id: string; status: string; code: string | null };
}

async function published(actor: 'police' | 'civil' = 'police', overrides: Record<string, unknown> = {}) {
  const d = await draft(actor, overrides);
  await w.as(actor).post(`/api/v1/resources/${d.id}/submit`).expect(200);
  const res = await w.as('bureau').post(`/api/v1/resources/${d.id}/publish`).expect(200);
  return res.body;
}

async function auditActions(objectId: string): Promise<string[]> {
  const rows = await w.db('audit_events').where({ object_id: objectId }).orderBy('seq');
  return rows.map((r: { action: string }) => r.action);
}

describe('drafting an entry', () => {
  it("creates a draft for the producer's own department, with no code yet, and audits it", async () => {
    const res = await w.as('police').post('/api/v1/resources').send(completeEntry({ projectId })).expect(201);
    expect(res.body).toMatchObject({
      status: 'draft',
      code: null,
      version: 0,
      departmentId: w.departmentId.police,
      departmentName: '测试市公安局',
      classification: 'base',
      categoryPath: ['基础信息资源', '人口基础信息'],
      projectId,
      projectName: '人口管理系统升级',
    });
    expect(res.body.items).toHaveLength(4);
    expect(res.body.items[2]).toMatchObject({ name: '性别', sensitive: false, desensitizationRule: null });
    expect(await auditActions(res.body.id)).toEqual(['resource.created']);
  });

  it('accepts an incomplete draft (completeness is checked on submission)', async () => {
    const res = await w.as('police').post('/api/v1/resources').send({ name: '未完成的目录', categoryCode: '301' }).expect(201);
    expect(res.body).toMatchObject({ items: [], provisionModes: [], sharingType: null, classification: 'department' });
  });

  it('refuses a not-shared entry without its legal basis, and writes nothing', async () => {
    const before = await w.counts();
    const res = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ categoryCode: '301', sharingType: 'not_shared' }))
      .expect(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('invalid_entry');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: '/sharingBasis', code: 'sharing_basis_required' }));
    expect(await w.counts()).toEqual(before);
  });

  it('refuses conditional sharing without conditions, and a base resource that is not shared', async () => {
    const a = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ sharingConditions: null }))
      .expect(422);
    expect(a.body.errors.map((e: { code: string }) => e.code)).toContain('sharing_conditions_required');
    const b = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ sharingType: 'not_shared', sharingBasis: '《某法》第十条' }))
      .expect(422);
    expect(b.body.errors.map((e: { code: string }) => e.code)).toContain('base_resource_must_be_shared');
  });

  it('refuses an unknown category, duplicate items and duplicate provision modes in one answer', async () => {
    const res = await w
      .as('police')
      .post('/api/v1/resources')
      .send(
        completeEntry({
          categoryCode: '199',
          items: [
            { name: '姓名', dataType: 'C' },
            { name: '姓 名', dataType: 'C' },
          ],
          provisionModes: [{ mode: 'batch_exchange' }, { mode: 'batch_exchange' }],
        }),
      )
      .expect(422);
    expect(res.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      'duplicate_item',
      'duplicate_provision_mode',
      'unknown_category',
    ]);
  });

  it('refuses a producing project of another department', async () => {
    const res = await w.as('civil').post('/api/v1/resources').send(completeEntry({ projectId })).expect(422);
    expect(res.body.code).toBe('project_not_of_department');
  });

  it('refuses a mode without the details it needs (schema)', async () => {
    const other = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ provisionModes: [{ mode: 'other' }] }))
      .expect(400);
    expect(other.body.code).toBe('invalid_body');
    const cert = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ provisionModes: [{ mode: 'certificate' }] }))
      .expect(400);
    expect(JSON.stringify(cert.body.errors)).toContain('certificateName');
  });

  it('lets only producers create entries', async () => {
    const before = await w.counts();
    for (const actor of ['edu', 'police2', 'auditor', 'bureau'] as const) {
      const res = await w.as(actor).post('/api/v1/resources').send(completeEntry()).expect(403);
      expect(res.body.code).toBe('role_required');
    }
    expect(await w.counts()).toEqual(before);
  });

  it('edits a draft freely, replacing given fields and clearing nulls', async () => {
    const d = await draft();
    const res = await w
      .as('police')
      .patch(`/api/v1/resources/${d.id}`)
      .set('If-Match', '*')
      .send({ name: '户籍人口信息', formatDetail: null })
      .expect(200);
    expect(res.body).toMatchObject({ name: '户籍人口信息', formatDetail: null, version: 0 });
  });
});

describe('who sees and edits whose entry', () => {
  it("hides another department's draft (404) from producers and consumers, shows it to the bureau", async () => {
    const d = await draft('police');
    await w.as('civil').get(`/api/v1/resources/${d.id}`).expect(404);
    await w.as('edu').get(`/api/v1/resources/${d.id}`).expect(404);
    await w.as('police2').get(`/api/v1/resources/${d.id}`).expect(200);
    await w.as('bureau').get(`/api/v1/resources/${d.id}`).expect(200);
    const before = await w.counts();
    const patch = await w.as('civil').patch(`/api/v1/resources/${d.id}`).set('If-Match', '*').send({ name: '篡改' }).expect(404);
    expect(patch.body.code).toBe('not_found');
    await w.as('civil').post(`/api/v1/resources/${d.id}/submit`).expect(404);
    expect(await w.counts()).toEqual(before);
  });

  it("forbids editing or withdrawing another department's published entry (403)", async () => {
    const p = await published('police');
    const before = await w.counts();
    const res = await w
      .as('civil')
      .patch(`/api/v1/resources/${p.id}`)
      .set('If-Match', '*')
      .send({ name: '篡改', changeReason: 'x' })
      .expect(403);
    expect(res.body.code).toBe('not_owner');
    await w.as('civil').post(`/api/v1/resources/${p.id}/withdraw`).send({ reason: '不需要' }).expect(403);
    expect(await w.counts()).toEqual(before);
    expect((await w.as('police').get(`/api/v1/resources/${p.id}`).expect(200)).body.name).toBe('户籍人口基本信息');
  });

  it("refuses consumers and producers the bureau's review actions (403)", async () => {
    const d = await draft('police');
    await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    const before = await w.counts();
    for (const actor of ['edu', 'police', 'civil', 'auditor'] as const) {
      expect((await w.as(actor).post(`/api/v1/resources/${d.id}/publish`).expect(403)).body.code).toBe('role_required');
      await w.as(actor).post(`/api/v1/resources/${d.id}/return`).send({ reason: '不行' }).expect(403);
    }
    expect(await w.counts()).toEqual(before);
  });
});

describe('submission, review and publication', () => {
  it('lists every gap of an incomplete entry at once and leaves it a draft', async () => {
    const res = await w
      .as('police')
      .post('/api/v1/resources')
      .send({
        name: '残缺目录',
        categoryCode: '301',
        openType: 'conditional_open',
        items: [{ name: '身份证号', dataType: 'C', sensitive: true }],
        provisionModes: [{ mode: 'query_api' }],
      })
      .expect(201);
    const before = await w.counts();
    const gaps = await w.as('police').post(`/api/v1/resources/${res.body.id}/submit`).expect(422);
    expect(gaps.body.code).toBe('incomplete_metadata');
    const paths = gaps.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/summary',
        '/format',
        '/updateCycle',
        '/sharingType',
        '/scopeOfUse',
        '/openConditions',
        '/items/0/desensitizationRule',
        '/items',
      ]),
    );
    expect(gaps.body.errors.filter((e: { path: string }) => e.path === '/items')).toHaveLength(2); // query API: no input, no output item
    expect(await w.counts()).toEqual(before);
    expect((await w.as('police').get(`/api/v1/resources/${res.body.id}`)).body.status).toBe('draft');
  });

  it('needs camera points and a sharing scope for video surveillance', async () => {
    const d = await draft('police', {
      name: '治安卡口视频',
      categoryCode: '208',
      format: 'streaming_media',
      video: { cameraPoints: [], sharingScope: '' },
    });
    const res = await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['/video/cameraPoints', '/video/sharingScope']),
    );
    await w
      .as('police')
      .patch(`/api/v1/resources/${d.id}`)
      .set('If-Match', '*')
      .send({
        video: {
          cameraPoints: [
            { code: '35010000001310000001', name: '五一广场', location: '五一中路与古田路交叉口', longitude: 119.3, latitude: 26.08 },
          ],
          sharingScope: '公安、交通部门',
        },
      })
      .expect(200);
    await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(200);
  });

  it('refuses related resource codes that no published entry has', async () => {
    const d = await draft('police', { relatedResourceCodes: ['101/999999'] });
    const res = await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(422);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'unknown_resource_code' }));
  });

  it('publishes with a national-style code, sequence per category, and version 1', async () => {
    const first = await published('police', { categoryCode: '102', name: '法人甲' });
    const second = await published('civil', { categoryCode: '102', name: '法人乙' });
    expect(first.code).toMatch(/^102\/\d{6}$/);
    expect(Number(second.code.split('/')[1])).toBe(Number(first.code.split('/')[1]) + 1);
    expect(first).toMatchObject({ status: 'published', version: 1 });
    expect(first.publishedAt).toBe(w.clock.now().toISOString());
    expect(await auditActions(first.id)).toEqual(['resource.created', 'resource.submitted', 'resource.published']);
    const versions = await w.as('edu').get(`/api/v1/resources/${first.id}/versions`).expect(200);
    expect(versions.body.items).toHaveLength(1);
    expect(versions.body.items[0]).toMatchObject({ version: 1, action: 'published', createdBy: w.userId.bureau });
  });

  it('returns a submitted entry with a reason; the producer fixes and resubmits it', async () => {
    const d = await draft('police', { name: '待退回目录' });
    await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    const noReason = await w.as('bureau').post(`/api/v1/resources/${d.id}/return`).send({}).expect(400);
    expect(noReason.body.code).toBe('invalid_body');
    const returned = await w.as('bureau').post(`/api/v1/resources/${d.id}/return`).send({ reason: '请补充脱敏规则' }).expect(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnReason: '请补充脱敏规则' });
    await w.as('bureau').post(`/api/v1/resources/${d.id}/publish`).expect(409);
    await w.as('police').patch(`/api/v1/resources/${d.id}`).set('If-Match', '*').send({ summary: '补充后的摘要' }).expect(200);
    const again = await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    expect(again.body).toMatchObject({ status: 'submitted', returnReason: null });
  });

  it('refuses actions from the wrong state with 409', async () => {
    const d = await draft();
    expect((await w.as('bureau').post(`/api/v1/resources/${d.id}/publish`).expect(409)).body.code).toBe('invalid_state');
    await w.as('police').post(`/api/v1/resources/${d.id}/withdraw`).send({ reason: '无' }).expect(409);
    await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    await w.as('police').post(`/api/v1/resources/${d.id}/submit`).expect(409);
    const locked = await w.as('police').patch(`/api/v1/resources/${d.id}`).set('If-Match', '*').send({ name: '审核中修改' }).expect(409);
    expect(locked.body.code).toBe('not_editable');
  });
});

describe('published entries: versions and withdrawal', () => {
  it('needs a change reason, records each change as a version with who and what, and keeps the code', async () => {
    const p = await published('police', { name: '婚姻登记信息', categoryCode: '302' });
    const noReason = await w
      .as('police')
      .patch(`/api/v1/resources/${p.id}`)
      .set('If-Match', '*')
      .send({ updateCycle: 'weekly' })
      .expect(422);
    expect(noReason.body.code).toBe('change_reason_required');
    w.clock.advance(60_000);
    const res = await w
      .as('police')
      .patch(`/api/v1/resources/${p.id}`)
      .set('If-Match', '*')
      .send({ updateCycle: 'weekly', summary: '更新后的摘要', changeReason: '更新频率调整' })
      .expect(200);
    expect(res.body).toMatchObject({ version: 2, code: p.code, status: 'published', updateCycle: 'weekly' });
    const versions = (await w.as('civil').get(`/api/v1/resources/${p.id}/versions`).expect(200)).body.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0]).toMatchObject({
      action: 'updated',
      changedFields: ['summary', 'updateCycle'],
      reason: '更新频率调整',
      createdBy: w.userId.police,
      createdByName: 'police用户',
    });
    expect(versions[0].snapshot.updateCycle).toBe('weekly');
    expect(versions[1].snapshot.updateCycle).toBe('daily');
  });

  it('makes no version when nothing changed, and refuses changing the category of a published entry', async () => {
    const p = await published('police', { name: '无变化目录', categoryCode: '301' });
    const same = await w
      .as('police')
      .patch(`/api/v1/resources/${p.id}`)
      .set('If-Match', '*')
      .send({ updateCycle: 'daily', changeReason: '确认' })
      .expect(200);
    expect(same.body.version).toBe(1);
    const cat = await w
      .as('police')
      .patch(`/api/v1/resources/${p.id}`)
      .set('If-Match', '*')
      .send({ categoryCode: '302', changeReason: '调整分类' })
      .expect(422);
    expect(cat.body.code).toBe('category_fixed');
  });

  it('withdraws with a reason; the entry stays readable to all as withdrawn and can no longer be edited', async () => {
    const p = await published('police', { name: '待撤销目录', categoryCode: '301' });
    await w.as('police').post(`/api/v1/resources/${p.id}/withdraw`).send({}).expect(400);
    const res = await w.as('police').post(`/api/v1/resources/${p.id}/withdraw`).send({ reason: '系统停用' }).expect(200);
    expect(res.body).toMatchObject({ status: 'withdrawn', withdrawReason: '系统停用', version: 2, code: p.code });
    const seen = await w.as('edu').get(`/api/v1/resources/${p.id}`).expect(200);
    expect(seen.body.status).toBe('withdrawn');
    await w.as('police').patch(`/api/v1/resources/${p.id}`).set('If-Match', '*').send({ name: 'x', changeReason: 'y' }).expect(409);
    const versions = (await w.as('edu').get(`/api/v1/resources/${p.id}/versions`)).body.items;
    expect(versions[0]).toMatchObject({ version: 2, action: 'withdrawn', reason: '系统停用' });
  });

  it('lets a consumer-only colleague of the owner not withdraw (role), and the bureau not withdraw (not owner)', async () => {
    const p = await published('police', { name: '角色测试目录', categoryCode: '301' });
    expect((await w.as('police2').post(`/api/v1/resources/${p.id}/withdraw`).send({ reason: 'x' }).expect(403)).body.code).toBe(
      'role_required',
    );
    await w.as('bureau').post(`/api/v1/resources/${p.id}/withdraw`).send({ reason: 'x' }).expect(403);
  });
});

describe('one data, one source (一数一源)', () => {
  it("records other departments' published entries with overlapping items on submission", async () => {
    const source = await published('police', { name: '常住人口信息', categoryCode: '101' });
    const own = await published('police', { name: '同部门人口信息', categoryCode: '101' });
    const d = await draft('civil', {
      name: '低保对象信息',
      categoryCode: '302',
      sharingType: 'unconditional',
      sharingConditions: null,
      items: [
        { name: '公民身份号码', dataType: 'C', sensitive: true, desensitizationRule: '掩码', queryRole: 'input' },
        { name: '姓名', dataType: 'C', queryRole: 'output' },
        { name: '出生日期', dataType: 'D', queryRole: 'output' },
        { name: '低保金额', dataType: 'Y', queryRole: 'output' },
      ],
    });
    const res = await w.as('civil').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    const ids = res.body.duplicateCandidates.map((c: { resourceId: string }) => c.resourceId);
    expect(ids).toEqual(expect.arrayContaining([source.id, own.id]));
    const candidate = res.body.duplicateCandidates.find((c: { resourceId: string }) => c.resourceId === source.id);
    expect(candidate).toMatchObject({ resourceCode: source.code, departmentName: '测试市公安局', overlapRatio: 0.75 });
    expect(candidate.overlappingItems.sort()).toEqual(['公民身份号码', '出生日期', '姓名'].sort());
    // The bureau sees the candidates when it reviews.
    const seen = await w.as('bureau').get(`/api/v1/resources/${d.id}`).expect(200);
    expect(seen.body.duplicateCandidates).toHaveLength(res.body.duplicateCandidates.length);
  });

  it('keeps the ten entries sharing the most items, most first, however many share some', async () => {
    const item = (name: string, queryRole: string | null = null) => ({ name, dataType: 'C', queryRole });
    const names = ['宗地编号', '宗地面积', '土地用途', '权利人', '坐落'];
    // Twelve police entries: four share all five items, eight share three.
    const full: string[] = [];
    for (let i = 0; i < 12; i++) {
      const shared = i < 4 ? names : names.slice(0, 3);
      const e = await published('police', {
        name: `宗地信息${i}`,
        categoryCode: '101',
        items: [item(shared[0], 'input'), ...shared.slice(1).map((n) => item(n, 'output')), item(`附加项${i}`)],
      });
      if (i < 4) full.push(e.id as string);
    }
    const d = await draft('civil', {
      name: '宗地核验',
      categoryCode: '302',
      items: [item(names[0], 'input'), ...names.slice(1).map((n) => item(n, 'output'))],
    });
    const res = await w.as('civil').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    const candidates: Array<{ resourceId: string; overlapRatio: number }> = res.body.duplicateCandidates;
    expect(candidates).toHaveLength(10);
    expect(
      candidates
        .slice(0, 4)
        .map((c) => c.resourceId)
        .sort(),
    ).toEqual(full.sort());
    expect(candidates.map((c) => c.overlapRatio)).toEqual([1, 1, 1, 1, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6]);
  });

  it("does not flag the department's own entries or entries sharing too few items", async () => {
    await published('civil', {
      name: '民政自有目录',
      categoryCode: '302',
      items: [
        { name: '救助编号', dataType: 'C', queryRole: 'input' },
        { name: '救助金额', dataType: 'Y', queryRole: 'output' },
        { name: '救助日期', dataType: 'D' },
      ],
    });
    const d = await draft('civil', {
      name: '民政新目录',
      categoryCode: '302',
      items: [
        { name: '救助编号', dataType: 'C', queryRole: 'input' },
        { name: '救助金额', dataType: 'Y', queryRole: 'output' },
        { name: '救助日期', dataType: 'D' },
        { name: '姓名', dataType: 'C' },
      ],
    });
    const res = await w.as('civil').post(`/api/v1/resources/${d.id}/submit`).expect(200);
    expect(res.body.duplicateCandidates.every((c: { departmentId: string }) => c.departmentId !== w.departmentId.civil)).toBe(true);
  });
});
