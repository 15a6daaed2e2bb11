import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { hashToken } from '../../src/domain/tokens';
import { BoardStore } from '../../src/modules/board/board.store';
import { DepartmentStore } from '../../src/modules/departments/departments.store';
import { ProjectStore } from '../../src/modules/projects/projects.store';
import { RegistrationStore } from '../../src/modules/registration/registration.store';
import { UserStore } from '../../src/modules/users/users.store';
import { translateDbError } from '../../src/db/errors';
import { PageRequest } from '../../src/db/pagination';
import { Row } from '../../src/db/rows';
import { DAY, everyPage, idsOf, MINUTE } from '../support/stores';
import { completeEntry, createWorld, publishEntry, sharingRequestBody, START, World } from '../support/world';

// The stores of the city's directory — departments, users and their tokens, projects, achievement
// registrations — and the board's counts, on each database: data made through the API (or, where
// the store itself writes, through the store), then the store asked directly.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

let serial = 500;
/** A fresh valid credit code (institutions' prefix 12, Fuzhou 350100). */
function newCreditCode(): string {
  serial += 1;
  return withCreditCodeCheckChar(`12350100MB${String(serial).padStart(7, '0')}`);
}

const sorted = (ids: string[]) => [...ids].sort();

describe('DepartmentStore', () => {
  const store = new DepartmentStore();
  const registered: string[] = [];

  beforeAll(async () => {
    // Registered after the world's four (which share one creation instant), a minute apart.
    for (const name of ['目录测试-人社局', '目录测试-卫健委', '目录测试-交通局']) {
      w.clock.advance(MINUTE);
      const res = await w
        .as('bureau')
        .post('/api/v1/departments')
        .send({ name, creditCode: newCreditCode(), level: 'municipal' })
        .expect(201);
      registered.push(res.body.id);
    }
  });

  it('lists departments in the order they were registered, the same one page at a time as all at once', async () => {
    const whole = idsOf((await store.list(w.db, { limit: 50 })).items);
    const world = Object.values(w.departmentId);
    expect(sorted(whole.slice(0, 4))).toEqual(sorted(world));
    expect(whole.slice(4)).toEqual(registered);
    for (const limit of [1, 2, 3]) {
      const paged = await everyPage((page: PageRequest) => store.list(w.db, page), limit);
      expect({ limit, ids: idsOf(paged.items) }).toEqual({ limit, ids: whole });
      expect(paged.pages).toBe(Math.ceil(whole.length / limit));
    }
  });

  it('findClash names the unique value another department already has, and ignores the department itself', async () => {
    const police = (await store.findById(w.db, w.departmentId.police))!;
    const civil = (await store.findById(w.db, w.departmentId.civil))!;
    const newcomer = { ...police, id: '00000000-0000-4000-8000-0000000000aa' };
    expect(await store.findClash(w.db, { ...newcomer, creditCode: newCreditCode() })).toBe('name');
    expect(await store.findClash(w.db, { ...newcomer, name: '目录测试-新部门' })).toBe('creditCode');
    expect(await store.findClash(w.db, { ...newcomer, name: '目录测试-新部门', creditCode: newCreditCode() })).toBeNull();
    // A department saved with its own values clashes with no one; renamed to another's name it does.
    expect(await store.findClash(w.db, police)).toBeNull();
    expect(await store.findClash(w.db, { ...police, name: civil.name })).toBe('name');
    expect(await store.findClash(w.db, { ...police, creditCode: civil.creditCode })).toBe('creditCode');
  });
});

describe('UserStore', () => {
  const store = new UserStore();
  const newPolice: string[] = [];

  beforeAll(async () => {
    for (const name of ['目录测试-张警官', '目录测试-李警官']) {
      w.clock.advance(MINUTE);
      const res = await w
        .as('bureau')
        .post('/api/v1/users')
        .send({ name, departmentId: w.departmentId.police, roles: ['consumer'] })
        .expect(201);
      newPolice.push(res.body.id);
    }
  });

  const users = async (query: { departmentId?: string; onlyDepartmentId?: string }, limit = 2) =>
    idsOf((await everyPage((page: PageRequest) => store.list(w.db, { ...query, ...page }), limit)).items);

  it("lists a department's users, in the order they were registered, a page at a time", async () => {
    const police = await users({ onlyDepartmentId: w.departmentId.police }, 1);
    expect(sorted(police.slice(0, 2))).toEqual(sorted([w.userId.police, w.userId.police2]));
    expect(police.slice(2)).toEqual(newPolice);
    expect(await users({ departmentId: w.departmentId.police }, 3)).toEqual(police);
    expect(await users({ departmentId: w.departmentId.civil })).toEqual([w.userId.civil]);
    expect(sorted(await users({}, 3))).toEqual(sorted([...Object.values(w.userId), ...newPolice]));
  });

  it('never widens the restriction to the own department by filtering for another', async () => {
    expect(await users({ onlyDepartmentId: w.departmentId.police, departmentId: w.departmentId.civil })).toEqual([]);
  });

  it('restoreAdministrator reactivates the user as a bureau user, reopens its token and raises its version', async () => {
    const user = (
      await w
        .as('bureau')
        .post('/api/v1/users')
        .send({ name: '目录测试-运维', departmentId: w.departmentId.police, roles: ['consumer'] })
        .expect(201)
    ).body;
    const issue = async (name: string) => (await w.as('bureau').post(`/api/v1/users/${user.id}/tokens`).send({ name }).expect(201)).body;
    const [door, other] = [await issue('运维入口'), await issue('其他')];
    for (const t of [door, other]) await w.as('bureau').post(`/api/v1/users/${user.id}/tokens/${t.id}/revoke`).expect(200);
    const read = await w.as('bureau').get(`/api/v1/users/${user.id}`).expect(200);
    await w.as('bureau').patch(`/api/v1/users/${user.id}`).set('If-Match', read.headers.etag).send({ active: false }).expect(200);

    const hash = hashToken(door.token);
    const closed = (await store.findTokenOwner(w.db, hash))!;
    expect({ active: closed.user.active, revoked: closed.revokedAt !== null, expires: closed.expiresAt !== null }).toEqual({
      active: false,
      revoked: true,
      expires: true,
    });
    const versionBefore = Number((await w.db('users').where({ id: user.id }).first()).row_version);
    const at = new Date(w.clock.now().getTime() + MINUTE).toISOString();
    await w.db.transaction((trx) => store.restoreAdministrator(trx, closed.user, hash, at));

    const restored = (await store.findTokenOwner(w.db, hash))!;
    expect(restored).toMatchObject({
      user: { active: true, roles: ['consumer', 'bureau'], updatedAt: at },
      revokedAt: null,
      expiresAt: null,
    });
    expect(Number((await w.db('users').where({ id: user.id }).first()).row_version)).toBe(versionBefore + 1);
    // Only the token named is reopened.
    expect((await store.findTokenOwner(w.db, hashToken(other.token)))!.revokedAt).not.toBeNull();
    // Restored again, a bureau user keeps one bureau role.
    await w.db.transaction((trx) => store.restoreAdministrator(trx, restored.user, hash, at));
    expect((await store.findById(w.db, user.id))!.roles).toEqual(['consumer', 'bureau']);
  });

  it('findTokenOwner keeps an owner (SQLite) only until the database changes: a hand edit shows at the next lookup', async () => {
    const owners = new UserStore();
    const hash = hashToken(w.token.civil);
    const first = (await owners.findTokenOwner(w.db, hash))!;
    expect(first).toMatchObject({ user: { id: w.userId.civil, active: true }, revokedAt: null, expiresAt: null });
    if (w.dialect === 'sqlite') expect(await owners.findTokenOwner(w.db, hash)).toBe(first);
    try {
      await w.db('users').where({ id: w.userId.civil }).update({ name: '手工改名' });
      expect((await owners.findTokenOwner(w.db, hash))!.user.name).toBe('手工改名');
      await w.db('api_tokens').where({ token_hash: hash }).update({ revoked_at: w.clock.now().toISOString() });
      expect((await owners.findTokenOwner(w.db, hash))!.revokedAt).toBe(w.clock.now().toISOString());
    } finally {
      await w.db('users').where({ id: w.userId.civil }).update({ name: first.user.name });
      await w.db('api_tokens').where({ token_hash: hash }).update({ revoked_at: null });
    }
    expect(await owners.findTokenOwner(w.db, hash)).toEqual(first);
    expect(await owners.findTokenOwner(w.db, hashToken('no-such-token'))).toBeNull();
  });

  it("findTokenOwner in a transaction reads the transaction's own view, and keeps nothing of it", async () => {
    const owners = new UserStore();
    const hash = hashToken(w.token.civil);
    const committed = (await owners.findTokenOwner(w.db, hash))!;
    await expect(
      w.db.transaction(async (trx) => {
        await trx('users').where({ id: w.userId.civil }).update({ active: false });
        expect((await owners.findTokenOwner(trx, hash))!.user.active).toBe(false);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await owners.findTokenOwner(w.db, hash)).toEqual(committed);
  });
});

describe('ProjectStore', () => {
  const store = new ProjectStore();
  const p: Record<'police1' | 'police2' | 'civil', { id: string; code: string }> = {} as never;

  beforeAll(async () => {
    const make = async (who: 'police' | 'civil', code: string) => {
      w.clock.advance(MINUTE);
      const res = await w
        .as(who)
        .post('/api/v1/projects')
        .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 1000000 })
        .expect(201);
      return { id: res.body.id as string, code };
    };
    p.police1 = await make('police', 'DIR-P1');
    p.police2 = await make('police', 'DIR-P2');
    p.civil = await make('civil', 'DIR-C1');
    await w.as('police').post(`/api/v1/projects/${p.police2.id}/start-construction`).expect(200);
  });

  const projects = async (f: { onlyDepartmentId: string | null; ownerDepartmentId?: string; stage?: string[] }, limit = 1) =>
    (await everyPage((page: PageRequest) => store.list(w.db, f, page), limit)).items;

  it('lists projects in the order they were registered, with the owner named, a page at a time', async () => {
    const all = await projects({ onlyDepartmentId: null });
    expect(idsOf(all)).toEqual([p.police1.id, p.police2.id, p.civil.id]);
    expect(all.map((r: Row) => r.owner_department_name)).toEqual(['测试市公安局', '测试市公安局', '测试市民政局']);
    expect(idsOf(await projects({ onlyDepartmentId: null }, 2))).toEqual(idsOf(all));
  });

  it('filters by owner and stage, and the restriction to the own department wins over the owner asked for', async () => {
    expect(idsOf(await projects({ onlyDepartmentId: w.departmentId.police }))).toEqual([p.police1.id, p.police2.id]);
    expect(idsOf(await projects({ onlyDepartmentId: null, ownerDepartmentId: w.departmentId.civil }))).toEqual([p.civil.id]);
    expect(await projects({ onlyDepartmentId: w.departmentId.police, ownerDepartmentId: w.departmentId.civil })).toEqual([]);
    expect(idsOf(await projects({ onlyDepartmentId: null, stage: ['under_construction'] }))).toEqual([p.police2.id]);
    expect(idsOf(await projects({ onlyDepartmentId: null, stage: ['approved', 'under_construction'] }))).toEqual([
      p.police1.id,
      p.police2.id,
      p.civil.id,
    ]);
    expect(await projects({ onlyDepartmentId: w.departmentId.civil, stage: ['under_construction'] })).toEqual([]);
  });

  it('codeTaken tells whether another project has the code', async () => {
    expect(await store.codeTaken(w.db, p.police1.code, null)).toBe(true);
    expect(await store.codeTaken(w.db, p.police1.code, p.police1.id)).toBe(false);
    expect(await store.codeTaken(w.db, p.police1.code, p.civil.id)).toBe(true);
    expect(await store.codeTaken(w.db, 'DIR-NONE', null)).toBe(false);
  });
});

describe('RegistrationStore', () => {
  const store = new RegistrationStore();
  let projectId: string;
  let unfiled: string;

  beforeAll(async () => {
    const make = async (code: string) =>
      (
        await w
          .as('police')
          .post('/api/v1/projects')
          .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 500000 })
          .expect(201)
      ).body.id as string;
    projectId = await make('REG-1');
    unfiled = await make('REG-2');
  });

  const filing = (id: string): Row => ({
    project_id: id,
    outcomes: '人口信息查询接口',
    acceptance_materials: '竣工验收报告',
    sharing_request_forms: '无共享申请。',
    scope_and_desensitization: '政务部门身份核验',
    total_data_volume: '1 个信息资源',
    data_format: '数据库',
    shared: true,
    handler: '李明',
    registered_on: '2026-06-02',
    registered_by: w.userId.police,
    registered_at: '2026-06-02T02:00:00.000Z',
  });
  const receipt = (receiver: string): Row => ({
    receipt_notes: '材料齐全，已接收',
    receiving_department_id: w.departmentId.bureau,
    receiver,
    received_on: '2026-06-03',
    received_by: w.userId.bureau,
    received_at: '2026-06-03T02:00:00.000Z',
  });

  it('finds nothing before the registration is filed, then the filing with no receipt', async () => {
    expect(await store.find(w.db, projectId)).toBeNull();
    await w.db.transaction((trx) => store.insert(trx, filing(projectId)));
    expect(await store.find(w.db, projectId)).toMatchObject({
      project_id: projectId,
      handler: '李明',
      registered_on: '2026-06-02',
      received_on: null,
      receiver: null,
      receiving_department_name: null,
    });
    // One registration per project. (Judged by the error's code, translated as the service would:
    // better-sqlite3's error class comes from the first test file a jest worker loaded it in, so it
    // is not an Error of this file's realm and toThrow() cannot be relied on.)
    const refused = await w.db
      .transaction((trx) => store.insert(trx, filing(projectId)))
      .then(
        () => null,
        (err: unknown) => translateDbError(err)?.code,
      );
    expect(refused).toBe('already_exists');
  });

  it('receives a registration once: the second receipt, or one of a registration not filed, writes nothing', async () => {
    expect(await w.db.transaction((trx) => store.receive(trx, projectId, receipt('王芳')))).toBe(true);
    const received = await store.find(w.db, projectId);
    expect(received).toMatchObject({ receiver: '王芳', received_on: '2026-06-03', receiving_department_name: '测试市大数据管理局' });
    expect(await w.db.transaction((trx) => store.receive(trx, projectId, receipt('李雷')))).toBe(false);
    expect(await store.find(w.db, projectId)).toEqual(received);
    expect(await w.db.transaction((trx) => store.receive(trx, unfiled, receipt('王芳')))).toBe(false);
    expect(await store.find(w.db, unfiled)).toBeNull();
  });
});

describe('BoardStore', () => {
  // A world of its own: the board counts across the whole database.
  let b: World;
  const store = new BoardStore();
  let laterDepartment: string;
  const projects: Record<'filed' | 'open', string> = {} as never;

  beforeAll(async () => {
    b = await createWorld();
    b.clock.advance(MINUTE);
    laterDepartment = (
      await b
        .as('bureau')
        .post('/api/v1/departments')
        .send({ name: '看板测试-新部门', creditCode: newCreditCode(), level: 'county' })
        .expect(201)
    ).body.id;
    // Police: a draft (not counted), one submitted, one published to share, one published not
    // shared, one withdrawn. Civil: one published unconditionally.
    await b
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '看板-草稿' }))
      .expect(201);
    const submitted = (
      await b
        .as('police')
        .post('/api/v1/resources')
        .send(completeEntry({ name: '看板-待审' }))
        .expect(201)
    ).body.id;
    await b.as('police').post(`/api/v1/resources/${submitted}/submit`).expect(200);
    const shared = (await publishEntry(b, { name: '看板-有条件' })).id;
    await publishEntry(b, {
      name: '看板-不予共享',
      categoryCode: '301',
      sharingType: 'not_shared',
      sharingConditions: null,
      sharingBasis: '依据保密规定不予共享',
    });
    const withdrawn = (await publishEntry(b, { name: '看板-已撤销' })).id;
    await b.as('police').post(`/api/v1/resources/${withdrawn}/withdraw`).send({ reason: '系统下线' }).expect(200);
    await publishEntry(b, { name: '看板-无条件', sharingType: 'unconditional', sharingConditions: null }, 'civil');
    // Requests for police's shared entry: two pending from the first day, one from day 3, one
    // answered, one draft.
    const fileOn = async (who: 'edu' | 'civil', submit = true) =>
      (
        await b
          .as(who)
          .post('/api/v1/sharing-requests')
          .send({ ...sharingRequestBody(shared), submit })
          .expect(201)
      ).body.id as string;
    await fileOn('edu');
    await fileOn('civil');
    const answered = await fileOn('edu');
    await b.as('police').post(`/api/v1/sharing-requests/${answered}/approve`).send({}).expect(200);
    await fileOn('edu', false);
    b.clock.set(new Date(START.getTime() + 3 * DAY));
    await fileOn('civil');
    const project = async (who: 'police' | 'civil', code: string) =>
      (
        await b
          .as(who)
          .post('/api/v1/projects')
          .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 1 })
          .expect(201)
      ).body.id as string;
    projects.filed = await project('police', 'BOARD-1');
    projects.open = await project('civil', 'BOARD-2');
    await b.db.transaction((trx) =>
      new RegistrationStore().insert(trx, {
        project_id: projects.filed,
        outcomes: '成果',
        acceptance_materials: '材料',
        sharing_request_forms: '无共享申请。',
        scope_and_desensitization: '范围',
        total_data_volume: '0 个信息资源',
        data_format: '—',
        shared: false,
        handler: '李明',
        registered_on: '2026-03-05',
        registered_by: b.userId.police,
        registered_at: b.clock.now().toISOString(),
      }),
    );
  });
  afterAll(() => b.destroy());

  const byDepartment = (rows: Row[], key: string, columns: string[]) =>
    Object.fromEntries(rows.map((r) => [r[key] as string, Object.fromEntries(columns.map((c) => [c, Number(r[c])]))]));

  it('lists every department, the one registered last at the end', async () => {
    const departments = await store.departments(b.db);
    expect(sorted(idsOf(departments))).toEqual(sorted([...Object.values(b.departmentId), laterDepartment]));
    expect(departments[departments.length - 1]).toEqual({ id: laterDepartment, name: '看板测试-新部门' });
  });

  it('counts entries past draft, published, and published to share, per department', async () => {
    expect(byDepartment(await store.entryCounts(b.db), 'department_id', ['registered', 'published', 'shared'])).toEqual({
      [b.departmentId.police]: { registered: 4, published: 2, shared: 1 },
      [b.departmentId.civil]: { registered: 1, published: 1, shared: 1 },
    });
  });

  it('counts the requests awaiting an answer per producer, and those overdue at the given instant', async () => {
    const counts = async (now: Date) =>
      byDepartment(await store.pendingRequestCounts(b.db, now), 'producer_department_id', ['pending', 'overdue']);
    expect(await counts(b.clock.now())).toEqual({ [b.departmentId.police]: { pending: 3, overdue: 0 } });
    // Day 16: past the first day's deadlines (ten working days), before day 3's.
    expect(await counts(new Date(START.getTime() + 16 * DAY))).toEqual({ [b.departmentId.police]: { pending: 3, overdue: 2 } });
  });

  it("lists every project with its owner's name and whether its registration is filed", async () => {
    const rows = await store.projects(b.db);
    const seen = Object.fromEntries(rows.map((r) => [r.id as string, { owner: r.owner_department_name, filed: r.registered_on ?? null }]));
    expect(seen).toEqual({
      [projects.filed]: { owner: '测试市公安局', filed: '2026-03-05' },
      [projects.open]: { owner: '测试市民政局', filed: null },
    });
  });
});
