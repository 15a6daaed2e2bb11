import { completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// The to-do list (待办, docs/notifications.md): what waits for the caller, by role and department,
// each item read from the owning area — requests to answer with their working-day deadlines,
// returned entries, overdue delivery streams and registrations for a producer; entries to review,
// disputes to decide, acceptances to decide and overdue registrations for the bureau; grants about
// to end and its own requests overdue unanswered (to escalate) for a consumer — soonest deadline
// first, and nothing of another department's.

let w: World;
const ids: Record<string, string> = {};

interface Todo {
  kind: string;
  title: string;
  objectType: string;
  objectId: string;
  link: string;
  departmentId: string;
  dueDate: string | null;
  overdue: boolean;
}

async function todos(actor: Parameters<World['as']>[0]): Promise<Todo[]> {
  const res = await w.as(actor).get('/api/v1/me/todos').expect(200);
  expect(res.body.truncated).toBe(false);
  expect(res.body.generatedAt).toBe(w.clock.now().toISOString());
  return res.body.items;
}
const kindsAndObjects = (items: Todo[]) => items.map((t) => [t.kind, t.objectId]);

beforeAll(async () => {
  w = await createWorld();
  // Police's published entry (daily updates) with a delivery; a conditional request from edu
  // awaiting police's answer, and one from civil; an unconditional entry granted to edu at once.
  ids.entry = (await publishEntry(w, { name: '户籍人口基本信息' })).id;
  await w
    .as('police')
    .post(`/api/v1/resources/${ids.entry}/deliveries`)
    .set('Content-Type', 'text/csv')
    .send(Buffer.from('公民身份号码,姓名\n110105199001011234,张三\n'))
    .expect(201);
  ids.open = (
    await publishEntry(w, { name: '机动车登记信息', categoryCode: '309', sharingType: 'unconditional', sharingConditions: null })
  ).id;
  ids.civilEntry = (await publishEntry(w, { name: '婚姻登记信息', categoryCode: '301' }, 'civil')).id;
  ids.requestEdu = (
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(ids.entry), submit: true })
      .expect(201)
  ).body.id;
  // A day later, civil files its own request: due a working day later than edu's.
  w.clock.advance(24 * 3_600_000);
  ids.requestCivil = (
    await w
      .as('civil')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(ids.entry), submit: true })
      .expect(201)
  ).body.id;
  // A request civil must answer (edu's, on civil's entry), rejected and escalated to the bureau.
  ids.disputed = (
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(ids.civilEntry, { items: ['公民身份号码', '姓名'] }), submit: true })
      .expect(201)
  ).body.id;
  await w.as('civil').post(`/api/v1/sharing-requests/${ids.disputed}/reject`).send({ reason: '不符合共享条件' }).expect(200);
  await w.as('edu').post(`/api/v1/sharing-requests/${ids.disputed}/escalate`).send({ reason: '履职必需' }).expect(200);
  // Grants of the open entry to edu: one ending within 30 days, one at the year's end.
  const grant = async (periodEnd: string) =>
    (
      await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send({ ...sharingRequestBody(ids.open, { provisionMode: 'batch_exchange', items: ['姓名'], periodEnd }), submit: true })
        .expect(201)
    ).body.grantId as string;
  ids.grantSoon = await grant('2026-03-20');
  ids.grantLate = await grant('2026-12-31');
  // Police entries: one returned by the bureau, one awaiting review.
  const draft = async (name: string) =>
    (await w.as('police').post('/api/v1/resources').send(completeEntry({ name })).expect(201)).body.id as string;
  ids.returned = await draft('出入境证件信息');
  await w.as('police').post(`/api/v1/resources/${ids.returned}/submit`).expect(200);
  await w.as('bureau').post(`/api/v1/resources/${ids.returned}/return`).send({ reason: '摘要不完整' }).expect(200);
  ids.submitted = await draft('暂住登记信息');
  await w.as('police').post(`/api/v1/resources/${ids.submitted}/submit`).expect(200);
  // Police projects: one completed (the bureau's preliminary acceptance), one accepted without its registration.
  const project = async (code: string, name: string) =>
    (await w.as('police').post('/api/v1/projects').send({ code, name, content: '建设内容', approvedBudgetYuan: 100 }).expect(201)).body
      .id as string;
  ids.completed = await project('DB-2026-01', '智慧警务平台');
  await w.as('police').post(`/api/v1/projects/${ids.completed}/start-construction`).expect(200);
  await w.as('police').post(`/api/v1/projects/${ids.completed}/complete`).expect(200);
  // One in its trial run with nothing onboarded: the producer's work first, not yet the bureau's verification.
  ids.trial = await project('DB-2026-03', '视频汇聚平台');
  for (const [step, actor] of [
    ['start-construction', 'police'],
    ['complete', 'police'],
    ['preliminary-acceptance', 'bureau'],
    ['start-trial-run', 'police'],
  ] as const)
    await w.as(actor).post(`/api/v1/projects/${ids.trial}/${step}`).expect(200);
  ids.accepted = await project('DB-2026-02', '人口信息系统');
  // Accepted on 2026-03-03, set directly (the acceptance gate is tested in acceptance.test.ts): registration due 2026-03-24.
  await w.db('projects').where({ id: ids.accepted }).update({ stage: 'accepted', accepted_at: '2026-03-03T02:00:00.000Z' });
}, 120_000);
afterAll(async () => {
  await w.destroy();
});

describe('the to-do list', () => {
  it("a producer's: requests to answer with their deadlines, its returned entry, its registration due — sorted by due date", async () => {
    const items = await todos('police');
    // police is also a consumer, but holds no grant.
    expect(kindsAndObjects(items)).toEqual([
      ['answer_request', ids.requestEdu],
      ['answer_request', ids.requestCivil],
      ['file_registration', ids.accepted],
      ['fix_returned_entry', ids.returned],
    ]);
    expect(items[0]).toEqual({
      kind: 'answer_request',
      title: '答复共享申请：测试市教育局申请“户籍人口基本信息”',
      objectType: 'sharing_request',
      objectId: ids.requestEdu,
      link: `/api/v1/sharing-requests/${ids.requestEdu}`,
      departmentId: w.departmentId.police,
      departmentName: '测试市公安局',
      dueDate: '2026-03-16',
      overdue: false,
    });
    expect(items[1].dueDate).toBe('2026-03-17');
    expect(items[2]).toMatchObject({ dueDate: '2026-03-24', overdue: false, link: `/api/v1/projects/${ids.accepted}` });
    expect(items[3]).toMatchObject({ title: '修改被退回的目录：出入境证件信息', dueDate: null });
    // Each item is the caller's to open.
    for (const t of items) await w.as('police').get(t.link).expect(200);
  });

  it('another producer sees none of it: only the request it must answer is gone to the bureau, so its list is empty', async () => {
    expect(await todos('civil')).toEqual([]);
  });

  it("the bureau's: entries to review, the dispute to decide, the preliminary acceptance — every department's", async () => {
    const items = await todos('bureau');
    expect(kindsAndObjects(items)).toEqual(
      expect.arrayContaining([
        ['review_entry', ids.submitted],
        ['decide_dispute', ids.disputed],
        ['decide_preliminary_acceptance', ids.completed],
      ]),
    );
    // Not the project in trial run whose checklist is unmet: nothing for the bureau to verify yet.
    expect(items).toHaveLength(3);
    expect(items.map((t) => t.objectId)).not.toContain(ids.trial);
    expect(items.find((t) => t.kind === 'decide_dispute')).toMatchObject({
      title: '裁决共享争议：测试市教育局申请测试市民政局的“婚姻登记信息”',
      departmentId: w.departmentId.civil,
    });
    // The preliminary acceptance has a date (six months after completion); undated items follow it.
    expect(items[0].kind).toBe('decide_preliminary_acceptance');
    expect(items[0].dueDate).toBe('2026-09-03');
  });

  it("a consumer's: the grant ending within 30 days, not the one ending in December; an auditor has nothing to do", async () => {
    const items = await todos('edu');
    expect(items).toEqual([
      {
        kind: 'grant_expiring',
        title: '授权即将到期：机动车登记信息（测试市公安局），如需继续使用请重新申请',
        objectType: 'grant',
        objectId: ids.grantSoon,
        link: `/api/v1/grants/${ids.grantSoon}`,
        departmentId: w.departmentId.edu,
        departmentName: '测试市教育局',
        dueDate: '2026-03-20',
        overdue: false,
      },
    ]);
    expect(await todos('auditor')).toEqual([]);
    expect((await w.anonymous().get('/api/v1/me/todos')).status).toBe(401);
  });

  it('time passes: the requests and the registration turn overdue, the delivery stream too; the bureau sees the overdue registration', async () => {
    w.clock.set(new Date('2026-03-26T02:00:00.000Z'));
    const items = await todos('police');
    // The stream (daily updates, delivered on 2026-03-02) has been overdue the longest.
    expect(items.map((t) => [t.kind, t.overdue])).toEqual([
      ['resume_delivery', true],
      ['answer_request', true],
      ['answer_request', true],
      ['file_registration', true],
      ['fix_returned_entry', false],
    ]);
    expect(items[0]).toMatchObject({ objectType: 'delivery_stream', objectId: ids.entry, title: '数据更新逾期：户籍人口基本信息' });
    expect(items[0].dueDate! < '2026-03-16').toBe(true);
    const bureau = await todos('bureau');
    expect(bureau.find((t) => t.kind === 'registration_overdue')).toMatchObject({
      objectId: ids.accepted,
      dueDate: '2026-03-24',
      overdue: true,
    });
    // The grant ended on the 20th: no longer active, no longer on the list. Edu's request to police
    // is past its due date unanswered: edu may put it before the bureau (逾期未答复，可提请协调).
    const edu = await todos('edu');
    expect(edu).toEqual([
      {
        kind: 'escalate_overdue_request',
        title: expect.stringMatching(/^逾期未答复，可提请协调：测试市公安局未答复“户籍人口基本信息”的申请（RJ-SQ-2026-\d{6}）$/),
        objectType: 'sharing_request',
        objectId: ids.requestEdu,
        link: `/api/v1/sharing-requests/${ids.requestEdu}`,
        departmentId: w.departmentId.edu,
        departmentName: '测试市教育局',
        dueDate: '2026-03-16',
        overdue: true,
      },
    ]);
    // Civil (a consumer too) sees its own overdue request, never edu's.
    expect(kindsAndObjects(await todos('civil'))).toEqual([['escalate_overdue_request', ids.requestCivil]]);
    // Answered, a request leaves both lists.
    await w.as('police').post(`/api/v1/sharing-requests/${ids.requestEdu}/reject`).send({ reason: '超出共享范围' }).expect(200);
    expect((await todos('police')).filter((t) => t.kind === 'answer_request').map((t) => t.objectId)).toEqual([ids.requestCivil]);
    expect(await todos('edu')).toEqual([]);
  });
});
