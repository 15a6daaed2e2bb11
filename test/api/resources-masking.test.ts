import { completeEntry, createWorld, World } from '../support/world';

// Masking rules as data on a catalog entry's items (docs/resources.md, Masking; ADR 0029): stored
// and read back as given, checked against their items (422 at /items/<i>/masking), their words
// filled in as the desensitization text when none is given, and a change of rule a new version.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const ID_ENDS = { rule: 'keep_ends', first: 6, last: 4 };

/** The world's complete entry with masking rules on its items, and a phone item. */
function maskedEntry(overrides: Record<string, unknown> = {}) {
  return completeEntry({
    items: [
      {
        name: '公民身份号码',
        dataType: 'C',
        length: 18,
        sensitive: true,
        desensitizationRule: '保留前6位和后4位',
        queryRole: 'input',
        masking: ID_ENDS,
      },
      { name: '姓名', dataType: 'C', length: 50, sensitive: true, queryRole: 'output', masking: { rule: 'family_name' } },
      { name: '性别', dataType: 'C', length: 1, queryRole: 'output' },
      { name: '出生日期', dataType: 'D', queryRole: 'output', masking: { rule: 'date', precision: 'year' } },
      { name: '联系电话', dataType: 'C', length: 20, sensitive: true, desensitizationRule: '', masking: { rule: 'phone' } },
      { name: '银行账号', dataType: 'C', length: 30, sensitive: true, masking: { rule: 'keyed_hash', length: 16 } },
      { name: '住址', dataType: 'C', length: 200, sensitive: true, masking: { rule: 'fixed', replacement: '***' } },
    ],
    ...overrides,
  });
}

describe('masking rules on data items', () => {
  it('stores each rule and reads it back as given; an item without one answers null', async () => {
    const created = await w.as('police').post('/api/v1/resources').send(maskedEntry()).expect(201);
    const read = await w.as('police').get(`/api/v1/resources/${created.body.id}`).expect(200);
    for (const body of [created.body, read.body]) {
      expect(body.items.map((i: { masking: unknown }) => i.masking)).toEqual([
        ID_ENDS,
        { rule: 'family_name' },
        null,
        { rule: 'date', precision: 'year' },
        { rule: 'phone' },
        { rule: 'keyed_hash', length: 16 },
        { rule: 'fixed', replacement: '***' },
      ]);
    }
    expect(read.body.items[2]).toEqual({
      name: '性别',
      dataType: 'C',
      length: 1,
      description: null,
      sensitive: false,
      desensitizationRule: null,
      queryRole: 'output',
      masking: null,
      key: false,
      required: false,
    });
  });

  it('fills an empty desensitization text with the rule in words, and keeps one the clerk wrote', async () => {
    const created = await w.as('police').post('/api/v1/resources').send(maskedEntry()).expect(201);
    expect(created.body.items.map((i: { desensitizationRule: string | null }) => i.desensitizationRule)).toEqual([
      '保留前6位和后4位',
      '仅显示姓',
      null,
      '日期精确到年',
      '手机号保留前3位和后4位',
      '按使用部门加密散列（16位）',
      '固定替换为“***”',
    ]);
    // …so the sensitive items meet the submission rule without a text of their own.
    await w.as('police').post(`/api/v1/resources/${created.body.id}/submit`).expect(200);
  });

  it('refuses a rule whose parameters do not fit its item (422 at /items/<i>/masking), writing nothing', async () => {
    const before = await w.counts();
    const items = (maskedEntry().items as Array<Record<string, unknown>>).map((item, i) =>
      i === 0
        ? { ...item, masking: { rule: 'keep_ends', first: 14, last: 4 } }
        : i === 1
          ? { ...item, masking: { rule: 'date', precision: 'month' } }
          : item,
    );
    const res = await w.as('police').post('/api/v1/resources').send(maskedEntry({ items })).expect(422);
    expect(res.body.code).toBe('invalid_entry');
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['/items/0/masking', 'invalid_masking_parameter'],
      ['/items/1/masking', 'masking_not_for_data_type'],
    ]);
    expect(res.body.errors[1].message).toMatch(/字符型.*\(the date rule does not fit/);
    expect(await w.counts()).toEqual(before);
  });

  it('refuses a rule outside the contract (an unknown rule, a parameter out of bounds or too many) with 400', async () => {
    for (const masking of [
      { rule: 'shuffle' },
      { rule: 'keep_ends', first: 65, last: 0 },
      { rule: 'keyed_hash', length: 7 },
      { rule: 'fixed', replacement: '' },
      { rule: 'phone', first: 3 },
      { rule: 'date' },
    ]) {
      const items = [{ name: '公民身份号码', dataType: 'C', length: 18, sensitive: true, masking }];
      const res = await w.as('police').post('/api/v1/resources').send(maskedEntry({ items })).expect(400);
      expect(res.body.code).toBe('invalid_body');
    }
  });

  it('makes a changed rule a new version naming items, its text following the rule it described', async () => {
    const d = await w.as('police').post('/api/v1/resources').send(maskedEntry()).expect(201);
    await w.as('police').post(`/api/v1/resources/${d.body.id}/submit`).expect(200);
    const published = (await w.as('bureau').post(`/api/v1/resources/${d.body.id}/publish`).expect(200)).body;

    // The same items sent back with their keys in another order and their nulls left out: no change.
    const same = published.items.map((i: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(i)
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse()) : v])
          .reverse(),
      ),
    );
    const unchanged = await w
      .as('police')
      .patch(`/api/v1/resources/${d.body.id}`)
      .set('If-Match', '*')
      .send({ items: same, changeReason: '无变化' })
      .expect(200);
    expect(unchanged.body.version).toBe(1);

    const items = published.items.map((i: { name: string }) =>
      i.name === '姓名' ? { ...i, masking: { rule: 'keyed_hash', length: 12 } } : i,
    );
    const updated = await w
      .as('police')
      .patch(`/api/v1/resources/${d.body.id}`)
      .set('If-Match', '*')
      .send({ items, changeReason: '姓名改为按使用部门加密散列' })
      .expect(200);
    expect(updated.body.version).toBe(2);
    expect(updated.body.items[1]).toMatchObject({
      masking: { rule: 'keyed_hash', length: 12 },
      desensitizationRule: '按使用部门加密散列（12位）',
    });
    const versions = (await w.as('police').get(`/api/v1/resources/${d.body.id}/versions`).expect(200)).body.items;
    expect(versions[0]).toMatchObject({ version: 2, changedFields: ['items'] });
    expect(versions[0].snapshot.items[1].masking).toEqual({ rule: 'keyed_hash', length: 12 });
    expect(versions[1].snapshot.items[1].masking).toEqual({ rule: 'family_name' });
  });

  it('reads a version stored before items had masking rules as having none', async () => {
    const d = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '旧版本目录' }))
      .expect(201);
    await w.as('police').post(`/api/v1/resources/${d.body.id}/submit`).expect(200);
    await w.as('bureau').post(`/api/v1/resources/${d.body.id}/publish`).expect(200);
    const row = await w.db('resource_versions').where({ resource_id: d.body.id, version: 1 }).first();
    const snapshot = JSON.parse(row.snapshot_json);
    for (const item of snapshot.items) delete item.masking;
    await w
      .db('resource_versions')
      .where({ resource_id: d.body.id, version: 1 })
      .update({ snapshot_json: JSON.stringify(snapshot) });
    const versions = (await w.as('police').get(`/api/v1/resources/${d.body.id}/versions`).expect(200)).body.items;
    expect(versions[0].snapshot.items.every((i: { masking: unknown }) => i.masking === null)).toBe(true);
  });
});
