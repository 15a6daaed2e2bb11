import request from 'supertest';
import { createApp } from '../../src/app';
import { expectProblem } from '../support/assertions';
import { deliverSample } from '../support/exchange';
import { completeEntry, createWorld, World } from '../support/world';

// A project from approval to the bureau's receipt of its achievement registration, through the
// acceptance gate, refused for each unmet item in turn and allowed once all hold. The clock starts
// Mon 2026-03-02 09:00 Asia/Shanghai.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const shanghai = (local: string) => new Date(`${local}+08:00`);

async function newProject(code: string, actor: 'police' | 'civil' = 'police') {
  return (
    await w
      .as(actor)
      .post('/api/v1/projects')
      .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 1000000 })
      .expect(201)
  ).body;
}

async function stepTo(projectId: string, steps: Array<[string, 'police' | 'bureau' | 'civil', object?]>) {
  let last: request.Response | null = null;
  for (const [path, actor, body] of steps) {
    const req = w.as(actor).post(`/api/v1/projects/${projectId}/${path}`);
    last = await (body ? req.send(body) : req).expect(200);
  }
  return last!.body;
}

async function acceptanceCodes(projectId: string): Promise<string[]> {
  const res = await w.as('bureau').post(`/api/v1/projects/${projectId}/acceptance`);
  expectProblem(res, 422, 'acceptance_refused');
  return [...new Set(res.body.errors.map((e: { code: string }) => e.code as string))].sort() as string[];
}

async function publishFor(projectId: string, overrides: Record<string, unknown> = {}, actor: 'police' | 'civil' = 'police') {
  const d = await w
    .as(actor)
    .post('/api/v1/resources')
    .send(completeEntry({ projectId, ...overrides }))
    .expect(201);
  await w.as(actor).post(`/api/v1/resources/${d.body.id}/submit`).expect(200);
  return (await w.as('bureau').post(`/api/v1/resources/${d.body.id}/publish`).expect(200)).body;
}

async function connect(resourceId: string, mode: string, occurredAt: Date | null = w.clock.now()) {
  const declared = await w
    .as('police')
    .post(`/api/v1/resources/${resourceId}/connections`)
    .send({
      mode,
      reference: `${mode}-ref`,
      evidence: '交付回执/探测日志截图',
      ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
    })
    .expect(201);
  return declared.body;
}

describe('a project from approval to registration receipt', () => {
  it('walks every step, refusing acceptance for each unmet item in turn', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const p = await newProject('GATE-1');
    expect(p).toMatchObject({ stage: 'approved', paymentWithheld: false, acceptanceDueDate: null });
    // Only the owning department's producers and the bureau move a project; others are refused.
    expectProblem(await w.as('edu').post(`/api/v1/projects/${p.id}/start-construction`), 403, 'role_required');
    expectProblem(await w.as('civil').post(`/api/v1/projects/${p.id}/start-construction`), 404, 'not_found');
    expectProblem(await w.as('police').post(`/api/v1/projects/${p.id}/complete`), 409, 'invalid_stage');
    await stepTo(p.id, [
      ['start-construction', 'police'],
      ['complete', 'police'],
    ]);
    expect((await w.as('police').get(`/api/v1/projects/${p.id}`)).body).toMatchObject({
      stage: 'completed',
      acceptanceDueDate: '2026-09-02',
      acceptanceOverdue: false,
    });
    // Acceptance decisions are the bureau's alone.
    expectProblem(await w.as('police').post(`/api/v1/projects/${p.id}/preliminary-acceptance`), 403, 'role_required');
    await stepTo(p.id, [
      ['preliminary-acceptance', 'bureau'],
      ['start-trial-run', 'police'],
    ]);
    expectProblem(await w.as('police').post(`/api/v1/projects/${p.id}/acceptance`), 403, 'role_required');

    // Nothing declared yet: every item fails, and the trial run is too short.
    expect(await acceptanceCodes(p.id)).toEqual([
      'checklist_metadata_complete',
      'checklist_modes_connected',
      'checklist_resources_declared',
      'checklist_sharing_forms',
      'onboarding_not_verified',
      'trial_run_too_short',
    ]);

    // (1) An entry left as a draft is not onboarded.
    const draft = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ projectId: p.id, name: '项目草稿目录' }))
      .expect(201);
    const onboarding = (await w.as('police').get(`/api/v1/projects/${p.id}/onboarding`).expect(200)).body;
    expect(onboarding.checklist.find((i: { key: string }) => i.key === 'resources_declared').missing).toEqual([
      expect.objectContaining({ resourceId: draft.body.id, resourceName: '项目草稿目录' }),
    ]);
    await w.as('police').post(`/api/v1/resources/${draft.body.id}/submit`).expect(200);
    const entry = (await w.as('bureau').post(`/api/v1/resources/${draft.body.id}/publish`).expect(200)).body;
    expect(await acceptanceCodes(p.id)).toEqual([
      'checklist_modes_connected',
      'checklist_sharing_forms',
      'onboarding_not_verified',
      'trial_run_too_short',
    ]);

    // (3) Each provision mode must be connected: declared with evidence, confirmed by the bureau.
    // The modes the exchange carries are not declared: what the platform observed is the evidence.
    expectProblem(
      await w
        .as('police')
        .post(`/api/v1/resources/${entry.id}/connections`)
        .send({ mode: 'batch_exchange', reference: 'x', evidence: 'y', occurredAt: w.clock.now().toISOString() }),
      422,
      'mode_observed',
    );
    expectProblem(
      await w.as('police').post(`/api/v1/resources/${entry.id}/connections`).send({ mode: 'other', reference: 'x', evidence: 'y' }),
      422,
      'mode_not_offered',
    );
    expectProblem(
      await w
        .as('civil')
        .post(`/api/v1/resources/${entry.id}/connections`)
        .send({ mode: 'query_api', reference: 'x', evidence: 'y', occurredAt: w.clock.now().toISOString() }),
      403,
      'not_owner',
    );
    const pending = (await w.as('police').get(`/api/v1/projects/${p.id}/onboarding`)).body.checklist.find(
      (i: { key: string }) => i.key === 'modes_connected',
    );
    expect(pending.missing.map((m: { mode: string }) => m.mode).sort()).toEqual(['batch_exchange', 'query_api']);
    expect(pending.missing.map((m: { message: string }) => m.message).join()).toContain('尚未收到数据交付');
    // One delivery through the platform: the batch exchange, and the query API answered from it.
    await deliverSample(w, entry.id);
    expect(await acceptanceCodes(p.id)).toEqual(['checklist_sharing_forms', 'onboarding_not_verified', 'trial_run_too_short']);

    // (5) The sharing forms: a request on file, or the producer's declaration that none was made.
    expectProblem(await w.as('bureau').post(`/api/v1/projects/${p.id}/sharing-declaration`).send({ statement: 'x' }), 403, 'role_required');
    await w
      .as('police')
      .post(`/api/v1/projects/${p.id}/sharing-declaration`)
      .send({ statement: '截至试运行，无部门提出共享申请' })
      .expect(200);
    expect(await acceptanceCodes(p.id)).toEqual(['onboarding_not_verified', 'trial_run_too_short']);

    // Verification: only the bureau, only when the checklist holds; an immutable snapshot.
    expectProblem(await w.as('police').post(`/api/v1/projects/${p.id}/onboarding/verification`), 403, 'role_required');
    const verification = (await w.as('bureau').post(`/api/v1/projects/${p.id}/onboarding/verification`).expect(201)).body;
    expect(verification).toMatchObject({ projectId: p.id, verifiedBy: w.userId.bureau, verifiedAt: w.clock.now().toISOString() });
    expect(verification.checklist.every((i: { met: boolean }) => i.met)).toBe(true);
    expect(await acceptanceCodes(p.id)).toEqual(['trial_run_too_short']);

    // (time) Three months into the trial run. By then the daily batch delivery is stale, so the
    // checklist fails again and the verification says it no longer holds, and why.
    w.clock.set(shanghai('2026-06-02T09:00:00'));
    const stale = (await w.as('police').get(`/api/v1/projects/${p.id}/onboarding`)).body;
    expect(stale).toMatchObject({ ready: false, verificationCurrent: false });
    expect(stale.verification.checklist.every((i: { met: boolean }) => i.met)).toBe(true);
    expect(stale.staleReasons.join()).toContain('超出更新周期');
    expect(await acceptanceCodes(p.id)).toEqual(['checklist_modes_connected', 'onboarding_verification_stale']);
    await deliverSample(w, entry.id);

    // (2) A later edit that drops a desensitization rule also makes it stale.
    const items = entry.items.map((i: { name: string }, n: number) => (n === 0 ? { ...i, desensitizationRule: null } : i));
    await w
      .as('police')
      .patch(`/api/v1/resources/${entry.id}`)
      .set('If-Match', '*')
      .send({ items, changeReason: '调整信息项' })
      .expect(200);
    expect(await acceptanceCodes(p.id)).toEqual(['checklist_metadata_complete', 'onboarding_verification_stale']);
    await w
      .as('police')
      .patch(`/api/v1/resources/${entry.id}`)
      .set('If-Match', '*')
      .send({ items: entry.items, changeReason: '补回脱敏规则' })
      .expect(200);

    // (4) A video resource of the project must be connected to the video centre.
    const video = await publishFor(p.id, {
      name: '项目视频资源',
      categoryCode: '208',
      format: 'streaming_media',
      provisionModes: [{ mode: 'other', description: '视频共享平台调阅' }],
      video: { cameraPoints: [{ code: '35010000001310000009', name: '路口', location: '某路口' }], sharingScope: '公安、交通' },
    });
    const videoCodes = await acceptanceCodes(p.id);
    expect(videoCodes).toEqual(['checklist_modes_connected', 'checklist_video_connected', 'onboarding_verification_stale']);
    // 'other' and the video centre are declared with evidence and confirmed by the bureau alone, once.
    const other = await connect(video.id, 'other', null);
    const awaiting = (await w.as('police').get(`/api/v1/projects/${p.id}/onboarding`)).body.checklist.find(
      (i: { key: string }) => i.key === 'modes_connected',
    );
    expect(awaiting.missing.map((m: { message: string }) => m.message).join()).toContain('待大数据管理局确认');
    expectProblem(await w.as('police').post(`/api/v1/connections/${other.id}/confirm`), 403, 'role_required');
    await w.as('bureau').post(`/api/v1/connections/${other.id}/confirm`).expect(200);
    expectProblem(await w.as('bureau').post(`/api/v1/connections/${other.id}/confirm`), 409, 'already_confirmed');
    await w
      .as('bureau')
      .post(`/api/v1/connections/${(await connect(video.id, 'video_centre', null)).id}/confirm`)
      .expect(200);

    // All hold again: the stored verification is current, and acceptance passes.
    expect((await w.as('bureau').get(`/api/v1/projects/${p.id}/onboarding`)).body).toMatchObject({
      ready: true,
      verificationCurrent: true,
      staleReasons: [],
    });
    const accepted = (await w.as('bureau').post(`/api/v1/projects/${p.id}/acceptance`).expect(200)).body;
    // 15 working days after Tue 2026-06-02 (Dragon Boat Festival Fri 2026-06-19 off): due Wed 2026-06-24.
    expect(accepted).toMatchObject({
      stage: 'accepted',
      acceptedAt: w.clock.now().toISOString(),
      paymentWithheld: true,
      registrationFiled: false,
      registrationDueDate: '2026-06-24',
    });

    // The achievement registration: the project's department files it, the bureau receives it.
    const filing = {
      outcomes: '人口信息查询接口、批量交换服务',
      acceptanceMaterials: '竣工验收报告、专家意见',
      scopeAndDesensitization: '政务部门身份核验；身份证号保留前6后4位',
      handler: '李明',
    };
    expectProblem(await w.as('edu').post(`/api/v1/projects/${p.id}/registration`).send(filing), 403, 'role_required');
    expectProblem(await w.as('civil').post(`/api/v1/projects/${p.id}/registration`).send(filing), 404, 'not_found');
    expectProblem(await w.as('police').get(`/api/v1/projects/${p.id}/registration`), 404, 'not_found');
    const filed = (await w.as('police').post(`/api/v1/projects/${p.id}/registration`).send(filing).expect(201)).body;
    expect(filed).toMatchObject({
      projectName: '项目GATE-1',
      registeringDepartmentName: '测试市公安局',
      handler: '李明',
      registeredOn: '2026-06-02',
      shared: true,
      receipt: null,
    });
    expect(filed.sharingRequestForms).toContain('无部门提出共享申请');
    expect(filed.totalDataVolume).toContain('2 个信息资源');
    expectProblem(await w.as('police').post(`/api/v1/projects/${p.id}/registration`).send(filing), 409, 'already_filed');
    expect((await w.as('police').get(`/api/v1/projects/${p.id}`)).body).toMatchObject({
      paymentWithheld: false,
      registrationFiled: true,
      registrationReceived: false,
    });
    expectProblem(
      await w.as('police').post(`/api/v1/projects/${p.id}/registration/receipt`).send({ receiver: '王芳' }),
      403,
      'role_required',
    );
    const received = (await w.as('bureau').post(`/api/v1/projects/${p.id}/registration/receipt`).send({ receiver: '王芳' }).expect(200))
      .body;
    expect(received.receipt).toEqual({
      receivingDepartmentName: '测试市大数据管理局',
      receiver: '王芳',
      receivedOn: '2026-06-02',
      notes: '材料齐全，已接收',
    });
    expectProblem(
      await w.as('bureau').post(`/api/v1/projects/${p.id}/registration/receipt`).send({ receiver: '王芳' }),
      409,
      'already_received',
    );

    // Every step is in the history with who and when, and in the audit trail.
    const history = (await w.as('police').get(`/api/v1/projects/${p.id}/history`).expect(200)).body.items;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'start_construction',
      'complete',
      'pass_preliminary',
      'start_trial_run',
      'accept',
    ]);
    expect(history[2]).toMatchObject({ actorId: w.userId.bureau, fromStage: 'completed', toStage: 'preliminary_accepted' });
    const actions = (await w.db('audit_events').where({ object_id: p.id }).orderBy('seq')).map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['project.accept', 'onboarding.verified', 'registration.filed', 'registration.received']),
    );
  });

  it('downloads the registration as .xlsx and as a PDF with its Chinese font embedded', async () => {
    const [p] = (await w.as('bureau').get('/api/v1/projects?stage=accepted').expect(200)).body.items;
    const binary = (req: request.Test) =>
      req.buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const xlsx = await binary(w.as('police').get(`/api/v1/projects/${p.id}/registration/form.xlsx`)).expect(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    const pdf = await binary(w.as('bureau').get(`/api/v1/projects/${p.id}/registration/form.pdf`)).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = (pdf.body as Buffer).toString('latin1');
    expect(bytes.startsWith('%PDF')).toBe(true);
    expect(bytes).toMatch(/FontFile[23]/);
    expect(bytes).toContain('NotoSansHans');
    expectProblem(await w.as('civil').get(`/api/v1/projects/${p.id}/registration/form.pdf`), 404, 'not_found');
  });
});

describe('acceptance time rules', () => {
  it('is overdue six months after completion until a delay is reported with a new date', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const p = await newProject('LATE-1');
    await stepTo(p.id, [
      ['start-construction', 'police'],
      ['complete', 'police'],
    ]);
    expectProblem(
      await w.as('police').post(`/api/v1/projects/${p.id}/acceptance-delay`).send({ reason: '等待', newDate: '2026-03-01' }),
      422,
      'new_date_not_future',
    );
    w.clock.set(shanghai('2026-09-02T23:00:00'));
    expect((await w.as('police').get(`/api/v1/projects/${p.id}`)).body.acceptanceOverdue).toBe(false);
    w.clock.set(shanghai('2026-09-03T09:00:00'));
    expect((await w.as('bureau').get(`/api/v1/projects/${p.id}`)).body).toMatchObject({
      acceptanceDueDate: '2026-09-02',
      acceptanceOverdue: true,
    });
    expectProblem(
      await w.as('civil').post(`/api/v1/projects/${p.id}/acceptance-delay`).send({ reason: 'x', newDate: '2026-12-31' }),
      404,
      'not_found',
    );
    const delayed = (
      await w
        .as('police')
        .post(`/api/v1/projects/${p.id}/acceptance-delay`)
        .send({ reason: '硬件到货延迟', newDate: '2026-12-31' })
        .expect(200)
    ).body;
    expect(delayed).toMatchObject({ acceptanceOverdue: false, acceptanceDelay: { reason: '硬件到货延迟', newDate: '2026-12-31' } });
    w.clock.set(shanghai('2027-01-01T09:00:00'));
    expect((await w.as('police').get(`/api/v1/projects/${p.id}`)).body.acceptanceOverdue).toBe(true);
  });

  it('refuses final acceptance past six months of trial run where the city says so (Wendeng), unless a delay was reported', async () => {
    const wendeng = createApp({ db: w.db, clock: w.clock, validateResponses: true, acceptanceMaxTrialMonths: 6 });
    const as = (token: string) => (path: string) => request(wendeng).post(path).set('Authorization', `Bearer ${token}`);
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const p = await newProject('WD-1');
    await stepTo(p.id, [
      ['start-construction', 'police'],
      ['complete', 'police'],
      ['preliminary-acceptance', 'bureau'],
      ['start-trial-run', 'police'],
    ]);
    const got = await request(wendeng).get(`/api/v1/projects/${p.id}`).set('Authorization', `Bearer ${w.token.police}`).expect(200);
    expect(got.body).toMatchObject({ earliestFinalAcceptance: '2026-06-02', latestFinalAcceptance: '2026-09-02' });
    w.clock.set(shanghai('2026-09-03T09:00:00'));
    const late = await as(w.token.bureau)(`/api/v1/projects/${p.id}/acceptance`);
    expectProblem(late, 422, 'acceptance_refused');
    expect(late.body.errors.map((e: { code: string }) => e.code)).toContain('trial_run_too_long');
    await as(w.token.police)(`/api/v1/projects/${p.id}/acceptance-delay`)
      .send({ reason: '等待第三方测评', newDate: '2026-10-31' })
      .expect(200);
    const excused = await as(w.token.bureau)(`/api/v1/projects/${p.id}/acceptance`);
    expect(excused.body.errors.map((e: { code: string }) => e.code)).not.toContain('trial_run_too_long');
    // The default city has no upper limit.
    const anywhere = await w.as('bureau').post(`/api/v1/projects/${p.id}/acceptance`);
    expect(anywhere.body.errors.map((e: { code: string }) => e.code)).not.toContain('trial_run_too_long');
  });

  it('records a failed acceptance with its findings; after rectification the project applies again', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const p = await newProject('FAIL-1');
    await stepTo(p.id, [
      ['start-construction', 'police'],
      ['complete', 'police'],
    ]);
    expectProblem(await w.as('bureau').post(`/api/v1/projects/${p.id}/acceptance-failure`).send({}), 400, 'invalid_body');
    const failed = await stepTo(p.id, [['acceptance-failure', 'bureau', { findings: '接口文档缺失，未接入共享平台' }]]);
    expect(failed).toMatchObject({
      stage: 'rectification',
      rectificationOf: 'preliminary',
      rectificationFindings: '接口文档缺失，未接入共享平台',
    });
    expectProblem(await w.as('bureau').post(`/api/v1/projects/${p.id}/preliminary-acceptance`), 409, 'invalid_stage');
    expect(await stepTo(p.id, [['resume', 'police', { note: '已补充接口文档' }]])).toMatchObject({ stage: 'completed' });
    await stepTo(p.id, [
      ['preliminary-acceptance', 'bureau'],
      ['start-trial-run', 'police'],
      ['acceptance-failure', 'bureau', { findings: '试运行期间数据未按周期更新' }],
    ]);
    const again = await stepTo(p.id, [['resume', 'police', { note: '已恢复每日交付' }]]);
    expect(again).toMatchObject({ stage: 'trial_run', rectificationOf: 'final' });
    const history = (await w.as('bureau').get(`/api/v1/projects/${p.id}/history`)).body.items;
    expect(history.filter((h: { action: string }) => h.action === 'fail_acceptance').map((h: { note: string }) => h.note)).toEqual([
      '接口文档缺失，未接入共享平台',
      '试运行期间数据未按周期更新',
    ]);
  });
});

describe('registrations and the board', () => {
  it('lists an accepted project without its registration after 15 working days as overdue, on the board too', async () => {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const p = await newProject('REG-1', 'civil');
    await w.as('civil').post(`/api/v1/projects/${p.id}/sharing-declaration`).send({ statement: '无共享申请' }).expect(200);
    const entry = await publishFor(
      p.id,
      {
        name: '民政项目目录',
        provisionModes: [{ mode: 'other', description: '前置机' }],
        sharingType: 'unconditional',
        sharingConditions: null,
        updateCycle: 'irregular',
      },
      'civil',
    );
    const c = await w
      .as('civil')
      .post(`/api/v1/resources/${entry.id}/connections`)
      .send({ mode: 'other', reference: '前置机', evidence: '部署记录' })
      .expect(201);
    await w.as('bureau').post(`/api/v1/connections/${c.body.id}/confirm`).expect(200);
    await stepTo(p.id, [
      ['start-construction', 'civil'],
      ['complete', 'civil'],
      ['preliminary-acceptance', 'bureau'],
      ['start-trial-run', 'civil'],
    ]);
    await w.as('bureau').post(`/api/v1/projects/${p.id}/onboarding/verification`).expect(201);
    const boardRes = await w.as('bureau').get('/api/v1/board').expect(200);
    const board = boardRes.body;
    expect(board.blockedProjects.find((b: { projectId: string }) => b.projectId === p.id).reasons.join()).toContain('试运行满3个月');
    w.clock.set(shanghai('2026-06-03T09:00:00'));
    const accepted = (await w.as('bureau').post(`/api/v1/projects/${p.id}/acceptance`).expect(200)).body;
    expect(accepted.registrationDueDate).toBe('2026-06-25');
    w.clock.set(shanghai('2026-06-25T23:00:00'));
    expect((await w.as('civil').get(`/api/v1/projects/${p.id}`)).body).toMatchObject({ registrationOverdue: false, paymentWithheld: true });
    w.clock.set(shanghai('2026-06-26T09:00:00'));
    expect((await w.as('civil').get(`/api/v1/projects/${p.id}`)).body).toMatchObject({ registrationOverdue: true, paymentWithheld: true });
    const later = (await w.as('auditor').get('/api/v1/board').expect(200)).body;
    expect(later.overdueRegistrations.map((r: { projectId: string }) => r.projectId)).toContain(p.id);
    const civil = later.departments.find((d: { departmentId: string }) => d.departmentId === w.departmentId.civil);
    expect(civil.registrationsOverdue).toBe(1);
    expect(civil.projectsByStage.accepted).toBe(1);
    expect(later.city.entriesPublished).toBe(
      later.departments.reduce((s: number, d: { entriesPublished: number }) => s + d.entriesPublished, 0),
    );
    expect(civil.sharedShare).toBe(1);
  });

  it('shows the board only to the bureau and auditors, and projects only to their department', async () => {
    for (const actor of ['police', 'edu', 'civil'] as const) expectProblem(await w.as(actor).get('/api/v1/board'), 403, 'role_required');
    const police = (await w.as('police').get('/api/v1/projects?limit=100').expect(200)).body.items;
    expect(police.every((p: { ownerDepartmentId: string }) => p.ownerDepartmentId === w.departmentId.police)).toBe(true);
    const [civilProject] = (await w.as('civil').get('/api/v1/projects').expect(200)).body.items;
    for (const path of ['', '/onboarding', '/history', '/registration']) {
      expectProblem(await w.as('police').get(`/api/v1/projects/${civilProject.id}${path}`), 404, 'not_found');
    }
    expectProblem(await w.as('police').post(`/api/v1/projects/${civilProject.id}/onboarding/verification`), 403, 'role_required');
  });
});
