import * as formNumbers from '../../migrations/20261206010000_form_numbers';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// The migration that brought the numbers (ADR 0037), on each database: requests and registrations
// that existed before it are numbered in the order they were created, per Beijing year; the counters
// continue after them; registrations filed before get their request-id fragments replaced by numbers
// and their 共约 0 条记录 by 未登记记录数.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const at = (iso: string) => w.clock.set(new Date(iso));

it('numbers existing rows in creation order per Beijing year and rewrites old registration texts', async () => {
  const entry = await publishEntry(w, { name: '户籍人口基本信息' });
  const file = async () => (await w.as('edu').post('/api/v1/sharing-requests').send(sharingRequestBody(entry.id)).expect(201)).body;
  // Filed out of order in time: the second-created comes first here.
  at('2026-03-03T01:00:00Z');
  const second = await file();
  at('2026-03-02T02:00:00Z');
  const first = await file();
  at('2026-12-31T16:30:00Z'); // 2027-01-01 00:30 in Beijing
  const nextYear = (
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send(sharingRequestBody(entry.id, { periodStart: '2027-01-01', periodEnd: '2027-06-30' }))
      .expect(201)
  ).body;
  at('2026-03-04T01:00:00Z');
  const project = (
    await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code: 'MIG-1', name: '迁移测试项目', content: '内容', approvedBudgetYuan: 1000 })
      .expect(201)
  ).body;

  // Back to the schema before the numbers, with a registration filed as it was then.
  await formNumbers.down(w.db);
  await w.db('project_registrations').insert({
    project_id: project.id,
    outcomes: '成果',
    acceptance_materials: '材料',
    sharing_request_forms: `数据共享应用（需求）表 2 份：${first.id.slice(0, 8)}、${second.id.slice(0, 8)}`,
    scope_and_desensitization: '范围',
    total_data_volume: '1 个信息资源，共约 0 条记录',
    data_format: '数据库',
    shared: true,
    handler: '林晓',
    registered_on: '2026-03-04',
    registered_by: w.userId.police,
    registered_at: '2026-03-04T01:00:00.000Z',
  });
  await formNumbers.up(w.db);

  const numberOf = async (id: string) => (await w.db('sharing_requests').where({ id }).first('number')).number;
  expect(await numberOf(first.id)).toBe('RJ-SQ-2026-000001');
  expect(await numberOf(second.id)).toBe('RJ-SQ-2026-000002');
  expect(await numberOf(nextYear.id)).toBe('RJ-SQ-2027-000001');
  const registration = await w.db('project_registrations').where({ project_id: project.id }).first();
  expect(registration).toMatchObject({
    number: 'RJ-DJ-2026-000001',
    sharing_request_forms: '数据共享应用（需求）表 2 份：RJ-SQ-2026-000001、RJ-SQ-2026-000002',
    total_data_volume: '1 个信息资源（未登记记录数）',
  });
  // The API shows them, and the counters continue after the numbered rows.
  expect((await w.as('edu').get(`/api/v1/sharing-requests/${second.id}`).expect(200)).body.number).toBe('RJ-SQ-2026-000002');
  expect((await file()).number).toBe('RJ-SQ-2026-000003');
  // A second row with a number already given is refused by the unique index.
  const outcome = await w
    .db('sharing_requests')
    .where({ id: second.id })
    .update({ number: 'RJ-SQ-2026-000001' })
    .then(
      (count) => `updated ${count} row(s)`,
      (err: Error) => err.message,
    );
  expect(outcome).toMatch(/unique|duplicate/i);
});
