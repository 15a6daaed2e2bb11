import request from 'supertest';
import { createApp } from '../../src/app';
import { expectProblem } from '../support/assertions';
import { createWorld, publishEntry, World } from '../support/world';

// The category tree the bureau maintains (src/modules/categories, ADR 0039): reading it, adding,
// renaming, moving and deleting categories with their rights and refusals, entries checked against
// it, and the current names in entries' category paths, the facets and the vocabularies — also
// after a cached read, and on a second app (another instance) sharing the database.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

const category = (code: string) => w.db('categories').where({ code }).first();
const auditOf = (objectId: string) =>
  w.db('audit_events').where({ object_type: 'category', object_id: objectId }).orderBy('seq').select('action', 'details_json');
const etagOf = async (code: string) => (await w.as('bureau').get(`/api/v1/categories/${code}`).expect(200)).headers.etag as string;

function add(code: string, name: string) {
  return w.as('bureau').post('/api/v1/categories').send({ code, name }).expect(201);
}

describe('reading the tree', () => {
  it('lists the seeded tree in pre-order to every user: the three 类, then their 项, each with parent, level and path', async () => {
    for (const who of ['police', 'edu', 'auditor', 'bureau'] as const) {
      const res = await w.as(who).get('/api/v1/categories').expect(200);
      const codes = res.body.items.map((c: { code: string }) => c.code);
      expect(codes).toEqual([...codes].sort());
      expect(codes.slice(0, 2)).toEqual(['1', '101']);
    }
    const res = await w.as('edu').get('/api/v1/categories').expect(200);
    const byCode = new Map(res.body.items.map((c: { code: string }) => [c.code, c]));
    expect(byCode.get('1')).toEqual({
      code: '1',
      name: '基础信息资源',
      parentCode: null,
      level: 1,
      classification: 'base',
      path: ['基础信息资源'],
    });
    expect(byCode.get('208')).toEqual({
      code: '208',
      name: '公共安全',
      parentCode: '2',
      level: 2,
      classification: 'theme',
      path: ['主题信息资源', '公共安全'],
    });
    expect(res.body.items.filter((c: { level: number }) => c.level === 1)).toHaveLength(3);
  });

  it('gives one category with its ETag; 404 for a code not in the tree, 400 for one outside the scheme', async () => {
    const res = await w.as('edu').get('/api/v1/categories/301').expect(200);
    expect(res.body.path).toEqual(['部门信息资源', '公安']);
    expect(res.headers.etag).toBe('"v1"');
    expectProblem(await w.as('edu').get('/api/v1/categories/398'), 404, 'not_found');
    expectProblem(await w.as('edu').get('/api/v1/categories/4'), 400, 'invalid_parameter');
  });
});

describe('the bureau maintains the tree', () => {
  it('adds a 目 under a 项 and a 细目 under it, each audited, with the path of names', async () => {
    const created = await add('101001', '户籍人口');
    expect(created.body).toEqual({
      code: '101001',
      name: '户籍人口',
      parentCode: '101',
      level: 3,
      classification: 'base',
      path: ['基础信息资源', '人口基础信息', '户籍人口'],
    });
    expect(created.headers.etag).toBe('"v1"');
    const deeper = await add('101001001', '户籍迁移');
    expect(deeper.body.path).toEqual(['基础信息资源', '人口基础信息', '户籍人口', '户籍迁移']);
    expect(deeper.body.level).toBe(4);
    const trail = await auditOf('101001');
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['category.created']);
    expect(JSON.parse(trail[0].details_json)).toEqual({ name: '户籍人口', parentCode: '101' });
    expect((await add('211', '乡村振兴')).body.path).toEqual(['主题信息资源', '乡村振兴']);
  });

  it('refuses a missing parent, all-zero digits, a taken code, a sibling name twice and codes outside the scheme; no row changes', async () => {
    const before = await w.counts();
    const post = (body: object) => w.as('bureau').post('/api/v1/categories').send(body);
    const noParent = await post({ code: '105002001', name: '无上级' });
    expectProblem(noParent, 422, 'parent_category_not_found');
    expect(noParent.body.errors).toEqual([expect.objectContaining({ path: '/code' })]);
    expectProblem(await post({ code: '101000', name: '全零' }), 422, 'invalid_category_code');
    expectProblem(await post({ code: '200', name: '全零项' }), 422, 'invalid_category_code');
    expectProblem(await post({ code: '101', name: '重复代码' }), 409, 'category_exists');
    const twin = await post({ code: '101002', name: '户籍人口' });
    expectProblem(twin, 409, 'category_name_taken');
    expect(twin.body.detail).toContain('户籍人口');
    for (const code of ['4', '1', '1010', '10100', '401']) expectProblem(await post({ code, name: '格式不对' }), 400, 'invalid_body');
    expectProblem(await post({ code: '102001', name: '  ' }), 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
  });

  it('renames with If-Match (428 without, 412 when stale), audited with the old and new name', async () => {
    await add('205001', '旧改名称');
    const path = '/api/v1/categories/205001';
    expectProblem(await w.as('bureau').patch(path).send({ name: '城镇老旧小区改造' }), 428, 'precondition_required');
    expectProblem(await w.as('bureau').patch(path).set('If-Match', '"v9"').send({ name: '城镇老旧小区改造' }), 412, 'precondition_failed');
    const renamed = await w.as('bureau').patch(path).set('If-Match', '"v1"').send({ name: '城镇老旧小区改造' }).expect(200);
    expect(renamed.body.path).toEqual(['主题信息资源', '城乡建设', '城镇老旧小区改造']);
    expect(renamed.headers.etag).toBe('"v2"');
    const trail = await auditOf('205001');
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['category.created', 'category.renamed']);
    expect(JSON.parse(trail[1].details_json)).toEqual({
      from: { code: '205001', name: '旧改名称' },
      to: { code: '205001', name: '城镇老旧小区改造' },
    });
  });

  it('moves an unused category by giving it a code under another parent; refuses moving one in use, or under a missing parent', async () => {
    await add('304001', '待移动分类');
    const moved = await w.as('bureau').patch('/api/v1/categories/304001').set('If-Match', '"v1"').send({ code: '308001' }).expect(200);
    expect(moved.body).toMatchObject({
      code: '308001',
      parentCode: '308',
      level: 3,
      path: ['部门信息资源', '住房和城乡建设', '待移动分类'],
    });
    expect(await category('304001')).toBeUndefined();
    expect((await auditOf('304001')).map((e: { action: string }) => e.action)).toEqual(['category.created', 'category.moved']);
    // Moved across classifications: a 项 of the themes becomes a department's 项.
    const across = await w.as('bureau').patch('/api/v1/categories/211').set('If-Match', '"v1"').send({ code: '311' }).expect(200);
    expect(across.body).toMatchObject({ classification: 'department', path: ['部门信息资源', '乡村振兴'] });
    // In use: 101001 has a sub-category; 301 has entries.
    const inUse = await w.as('bureau').patch('/api/v1/categories/101001').set('If-Match', '*').send({ code: '102001' });
    expectProblem(inUse, 409, 'category_in_use');
    expect(inUse.body.detail).toContain('1 个下级分类');
    await w.as('police').post('/api/v1/resources').send({ name: '移动测试草稿', categoryCode: '301' }).expect(201);
    expectProblem(await w.as('bureau').patch('/api/v1/categories/301').set('If-Match', '*').send({ code: '312' }), 409, 'category_in_use');
    expectProblem(
      await w.as('bureau').patch('/api/v1/categories/308001').set('If-Match', '*').send({ code: '399005001' }),
      422,
      'parent_category_not_found',
    );
    expect((await category('308001')).row_version).toBe(2);
  });

  it('never changes a 类 of the national classification', async () => {
    const before = await w.counts();
    expectProblem(
      await w.as('bureau').patch('/api/v1/categories/1').set('If-Match', '*').send({ name: '改名' }),
      409,
      'classification_fixed',
    );
    expectProblem(await w.as('bureau').delete('/api/v1/categories/2').set('If-Match', '*'), 409, 'classification_fixed');
    expect(await w.counts()).toEqual(before);
  });

  it('deletes an unused category (If-Match, audited); refuses one with entries or sub-categories', async () => {
    await add('209001', '待删除分类');
    expectProblem(await w.as('bureau').delete('/api/v1/categories/209001'), 428, 'precondition_required');
    await w.as('bureau').delete('/api/v1/categories/209001').set('If-Match', '"v1"').expect(204);
    expect(await category('209001')).toBeUndefined();
    const trail = await auditOf('209001');
    expect(trail.map((e: { action: string }) => e.action)).toEqual(['category.created', 'category.deleted']);
    expect(JSON.parse(trail[1].details_json)).toEqual({ name: '待删除分类', parentCode: '209' });
    expectProblem(await w.as('bureau').delete('/api/v1/categories/209001').set('If-Match', '*'), 404, 'not_found');

    // Used by a draft: refused until the draft is gone.
    await add('302001', '婚姻登记');
    const draft = await w.as('civil').post('/api/v1/resources').send({ name: '婚姻登记草稿', categoryCode: '302001' }).expect(201);
    const before = await w.counts();
    const refused = await w.as('bureau').delete('/api/v1/categories/302001').set('If-Match', '*');
    expectProblem(refused, 409, 'category_in_use');
    expect(refused.body.detail).toContain('1 个目录条目');
    expect(await w.counts()).toEqual(before);
    await w.as('civil').delete(`/api/v1/resources/${draft.body.id}`).set('If-Match', draft.headers.etag).expect(204);
    await w.as('bureau').delete('/api/v1/categories/302001').set('If-Match', '*').expect(204);
    // With a sub-category.
    expectProblem(await w.as('bureau').delete('/api/v1/categories/101001').set('If-Match', '*'), 409, 'category_in_use');
  });

  it('refuses producers, consumers and auditors every change, with no row changed', async () => {
    await add('310001', '权限测试分类');
    for (const who of ['police', 'edu', 'auditor', 'civil'] as const) {
      const before = await w.counts();
      expectProblem(await w.as(who).post('/api/v1/categories').send({ code: '310002', name: '越权新增' }), 403, 'role_required');
      expectProblem(
        await w.as(who).patch('/api/v1/categories/310001').set('If-Match', '*').send({ name: '越权改名' }),
        403,
        'role_required',
      );
      expectProblem(await w.as(who).delete('/api/v1/categories/310001').set('If-Match', '*'), 403, 'role_required');
      expect(await w.counts()).toEqual(before);
    }
    expect((await category('310001')).name).toBe('权限测试分类');
    expectProblem(await w.anonymous().get('/api/v1/categories'), 401, 'unauthenticated');
  });
});

describe('entries and the tree', () => {
  it('files an entry under a 目 of the tree; refuses an unknown or deleted category by name of the field', async () => {
    await add('306001', '疾病预防控制');
    const filed = await w.as('police').post('/api/v1/resources').send({ name: '目级分类草稿', categoryCode: '306001' }).expect(201);
    expect(filed.body).toMatchObject({
      categoryCode: '306001',
      classification: 'department',
      categoryPath: ['部门信息资源', '卫生健康', '疾病预防控制'],
    });
    const before = await w.counts();
    const unknown = await w.as('police').post('/api/v1/resources').send({ name: '未知分类', categoryCode: '398' });
    expectProblem(unknown, 422, 'invalid_entry');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: '/categoryCode', code: 'unknown_category' })]);
    expect(unknown.body.errors[0].message).toContain('目录分类代码 398 不存在');
    const update = await w.as('police').patch(`/api/v1/resources/${filed.body.id}`).set('If-Match', '*').send({ categoryCode: '306009' });
    expectProblem(update, 422, 'invalid_entry');
    expect(update.body.errors[0].path).toBe('/categoryCode');
    // A 类 is no category to file under: the contract's pattern refuses it.
    expectProblem(await w.as('police').post('/api/v1/resources').send({ name: '类', categoryCode: '1' }), 400, 'invalid_body');
    expect(await w.counts()).toEqual(before);
  });

  it('publishes an entry of a 目 with a resource code that embeds the 目 (前段码/后段码)', async () => {
    await add('302002', '社会组织登记');
    const entry = await publishEntry(w, { name: '社会组织登记信息', categoryCode: '302002' }, 'civil');
    expect(entry.code).toBe('302002/000001');
    expectProblem(await w.as('bureau').delete('/api/v1/categories/302002').set('If-Match', '*'), 409, 'category_in_use');
  });

  it('shows a renamed category in entries, facets and vocabularies at once, also after cached reads and on another instance', async () => {
    const entry = await publishEntry(w, { name: '医疗机构执业登记信息', categoryCode: '203', summary: '改名分面专用' }, 'civil');
    const other = createApp({ db: w.db, clock: w.clock, validateResponses: true });
    const onOther = (path: string, query: object = {}) =>
      request(other).get(path).query(query).set('Authorization', `Bearer ${w.token.edu}`).expect(200);
    const facetQuery = { q: '改名分面专用' };
    const label = (body: { facets: { categoryCode: Array<{ value: string; label: string }> } }) =>
      body.facets.categoryCode.find((f) => f.value === '203')?.label;
    // Read twice on both instances: held in each one's read cache.
    for (let i = 0; i < 2; i++) {
      expect((await w.as('edu').get(`/api/v1/resources/${entry.id}`).expect(200)).body.categoryPath).toEqual(['主题信息资源', '医疗卫生']);
      expect(label((await w.as('edu').get('/api/v1/resources/facets').query(facetQuery).expect(200)).body)).toBe('医疗卫生');
      expect(label((await w.as('edu').get('/api/v1/resources/facets').expect(200)).body)).toBe('医疗卫生');
      expect((await onOther(`/api/v1/resources/${entry.id}`)).body.categoryPath).toEqual(['主题信息资源', '医疗卫生']);
      expect(label((await onOther('/api/v1/resources/facets', facetQuery)).body)).toBe('医疗卫生');
    }
    await w.as('bureau').patch('/api/v1/categories/203').set('If-Match', '*').send({ name: '医疗卫生服务' }).expect(200);
    expect((await w.as('edu').get(`/api/v1/resources/${entry.id}`).expect(200)).body.categoryPath).toEqual([
      '主题信息资源',
      '医疗卫生服务',
    ]);
    expect(label((await w.as('edu').get('/api/v1/resources/facets').query(facetQuery).expect(200)).body)).toBe('医疗卫生服务');
    expect(label((await w.as('edu').get('/api/v1/resources/facets').expect(200)).body)).toBe('医疗卫生服务');
    expect((await onOther(`/api/v1/resources/${entry.id}`)).body.categoryPath).toEqual(['主题信息资源', '医疗卫生服务']);
    expect(label((await onOther('/api/v1/resources/facets', facetQuery)).body)).toBe('医疗卫生服务');
    const vocabularies = await onOther('/api/v1/vocabularies');
    expect(vocabularies.body.categories.find((c: { code: string }) => c.code === '203')).toEqual({
      code: '203',
      label: '医疗卫生服务',
      classification: 'theme',
      path: ['主题信息资源', '医疗卫生服务'],
      parentCode: '2',
      level: 2,
    });
  });

  it('never leaves an entry under a deleted category when filing and deleting meet (either one waits for the other)', async () => {
    for (let round = 0; round < 4; round++) {
      const code = `309${String(round + 11).padStart(3, '0')}`;
      await add(code, `并发分类${round}`);
      const [filed, deleted] = await Promise.all([
        w
          .as('police')
          .post('/api/v1/resources')
          .send({ name: `并发分类目录${round}`, categoryCode: code }),
        w.as('bureau').delete(`/api/v1/categories/${code}`).set('If-Match', '*'),
      ]);
      const entries = Number((await w.db('resources').where({ category_code: code }).count('* as n').first())?.n);
      const exists = (await category(code)) !== undefined;
      if (filed.status === 201) {
        expect({ deleted: deleted.status, exists, entries }).toEqual({ deleted: 409, exists: true, entries: 1 });
      } else {
        expect({ filed: filed.status, deleted: deleted.status, exists, entries }).toEqual({
          filed: 422,
          deleted: 204,
          exists: false,
          entries: 0,
        });
      }
    }
  });

  it('serves the vocabularies from the tree: its 项, 目 and 细目 (no 类), a new one at once, a deleted one gone', async () => {
    const codes = async () =>
      (await w.as('edu').get('/api/v1/vocabularies').expect(200)).body.categories.map((c: { code: string }) => c.code);
    expect(await codes()).not.toContain('1');
    expect(await codes()).toContain('101001001');
    await add('207001', '食品安全监管');
    expect(await codes()).toContain('207001');
    await w
      .as('bureau')
      .delete('/api/v1/categories/207001')
      .set('If-Match', await etagOf('207001'))
      .expect(204);
    expect(await codes()).not.toContain('207001');
  });
});
