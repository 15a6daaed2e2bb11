import { deliverSample } from '../support/exchange';
import { completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';
import { Answer, listen, LiveServer } from '../support/http-server';

// Opposite decisions sent at the same moment, as real parallel HTTP requests, many rounds each:
// exactly one wins, the other is refused (409, or 422 where a rule now refuses it) and writes
// nothing; the stored state and the audit trail agree with the answers. On PostgreSQL the
// transactions really overlap (READ COMMITTED, a pool of connections); on SQLite they run one at a
// time, and the same outcomes must hold. CONCURRENCY_ROUNDS sets the rounds (default 8).

const ROUNDS = Number(process.env.CONCURRENCY_ROUNDS ?? 8);

let w: World;
let live: LiveServer;
beforeAll(async () => {
  w = await createWorld();
  live = await listen(w.app);
});
afterAll(async () => {
  await live.close();
  await w.destroy();
});

type Who = 'police' | 'edu' | 'bureau' | 'civil';
const call = (who: Who, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  live.call(w.token[who], method, path, body, headers);
const post = (who: Who, path: string, body?: unknown) => call(who, 'POST', path, body);

/**
 * Two requests sent together; from round to round one or the other leaves first, by 0–2 ms, so
 * that both orders and the overlaps between them are tried.
 */
async function together(round: number, first: () => Promise<Answer>, second: () => Promise<Answer>): Promise<[Answer, Answer]> {
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const lag = round % 3;
  if (round % 2 === 0) return Promise.all([first(), delay(lag).then(second)]);
  return Promise.all([delay(lag).then(first), second()]);
}

/** The answers' statuses, sorted, e.g. [200, 409]. */
const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort((a, b) => a - b);

async function events(objectId: string, action: string): Promise<number> {
  const [{ n }] = await w.db('audit_events').where({ object_id: objectId, action }).count('* as n');
  return Number(n);
}

async function expectOk(answer: Answer | Promise<Answer>, status = 200): Promise<Answer> {
  const a = await answer;
  if (a.status !== status) throw new Error(`expected ${status}, got ${a.status}: ${JSON.stringify(a.body)}`);
  return a;
}

/** A conditional entry of the police, published: requests for it wait for an answer. */
async function conditionalEntry(name: string) {
  return publishEntry(w, { name });
}

/** The education bureau's request for the entry, submitted: pending the police's answer. */
async function pendingRequest(resourceId: string) {
  const created = await expectOk(post('edu', '/api/v1/sharing-requests', { ...sharingRequestBody(resourceId), submit: true }), 201);
  expect(created.body.status).toBe('pending');
  return created.body as { id: string };
}

describe('opposite decisions at the same moment: one wins, the other is refused and writes nothing', () => {
  it(`approve ‖ reject one request (${ROUNDS} rounds): never a refused request with an active grant`, async () => {
    const entry = await conditionalEntry('并发审批目录');
    const wins = { approved: 0, rejected: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const r = await pendingRequest(entry.id);
      const [approve, reject] = await together(
        round,
        () => post('police', `/api/v1/sharing-requests/${r.id}/approve`, {}),
        () => post('police', `/api/v1/sharing-requests/${r.id}/reject`, { reason: '不符合共享条件' }),
      );
      expect(statuses([approve, reject])).toEqual([200, 409]);
      const loser = approve.status === 200 ? reject : approve;
      expect(loser.body.code).toBe('invalid_state');
      const stored = await w.db('sharing_requests').where({ id: r.id }).first();
      const grants = await w.db('grants').where({ request_id: r.id });
      if (approve.status === 200) {
        wins.approved++;
        expect(stored).toMatchObject({ status: 'approved', grant_id: grants[0]?.id, reject_reason: null });
        expect(grants.map((g) => g.status)).toEqual(['active']);
      } else {
        wins.rejected++;
        expect(stored).toMatchObject({ status: 'rejected', grant_id: null, reject_reason: '不符合共享条件' });
        expect(grants).toEqual([]);
      }
      expect([await events(r.id, 'sharing_request.approved'), await events(r.id, 'sharing_request.rejected')].sort()).toEqual([0, 1]);
      expect(
        Number(
          (
            await w
              .db('audit_events')
              .where({ action: 'grant.created' })
              .whereIn(
                'object_id',
                grants.map((g) => g.id),
              )
              .count('* as n')
          )[0].n,
        ),
      ).toBe(grants.length);
    }
    expect(wins.approved + wins.rejected).toBe(ROUNDS);
  });

  it(`decide grant ‖ decide uphold (${ROUNDS} rounds): one decision, one event`, async () => {
    const entry = await conditionalEntry('并发裁决目录');
    for (let round = 0; round < ROUNDS; round++) {
      const r = await pendingRequest(entry.id);
      await expectOk(post('police', `/api/v1/sharing-requests/${r.id}/reject`, { reason: '暂不共享' }));
      await expectOk(post('edu', `/api/v1/sharing-requests/${r.id}/escalate`, { reason: '依法应当共享' }));
      const [grant, uphold] = await together(
        round,
        () => post('bureau', `/api/v1/sharing-requests/${r.id}/decide`, { decision: 'grant', reason: '应予共享' }),
        () => post('bureau', `/api/v1/sharing-requests/${r.id}/decide`, { decision: 'uphold', reason: '维持拒绝' }),
      );
      expect(statuses([grant, uphold])).toEqual([200, 409]);
      const stored = await w.db('sharing_requests').where({ id: r.id }).first();
      const grants = await w.db('grants').where({ request_id: r.id });
      if (grant.status === 200) {
        expect(stored).toMatchObject({ status: 'approved', bureau_decision: 'grant' });
        expect(grants.map((g) => g.status)).toEqual(['active']);
      } else {
        expect(stored).toMatchObject({ status: 'rejection_upheld', bureau_decision: 'uphold', grant_id: null });
        expect(grants).toEqual([]);
      }
      expect(await events(r.id, 'sharing_request.decided')).toBe(1);
    }
  });

  it(`withdraw an entry ‖ approve requests for it (${ROUNDS} rounds): never an active grant on a withdrawn entry`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const entry = await conditionalEntry(`并发撤销目录${round}`);
      const requests = [];
      for (let i = 0; i < 4; i++) requests.push(await pendingRequest(entry.id));
      const [withdraw, approvals] = await Promise.all([
        new Promise<void>((resolve) => setTimeout(resolve, round % 3)).then(() =>
          post('police', `/api/v1/resources/${entry.id}/withdraw`, { reason: '数据停止更新' }),
        ),
        Promise.all(requests.map((r) => post('police', `/api/v1/sharing-requests/${r.id}/approve`, {}))),
      ]);
      expect(withdraw.status).toBe(200);
      for (const a of approvals) {
        // Approved before the withdrawal (its grant then suspended with the entry), or refused after it.
        expect([200, 422]).toContain(a.status);
        if (a.status === 422) expect(a.body.code).toBe('resource_withdrawn');
      }
      const grants = await w.db('grants').where({ resource_id: entry.id });
      expect(grants.filter((g) => g.status === 'active')).toEqual([]);
      expect(grants.length).toBe(approvals.filter((a) => a.status === 200).length);
      for (const g of grants) {
        expect(g.status).toBe('suspended');
        expect(await events(g.id, 'grant.suspended')).toBe(1);
      }
      for (const [i, r] of requests.entries()) {
        const stored = await w.db('sharing_requests').where({ id: r.id }).first();
        expect(stored.status).toBe(approvals[i].status === 200 ? 'approved' : 'pending');
      }
    }
  });

  it(`publish ‖ return one submitted entry (${ROUNDS} rounds): the entry and its versions say who won`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const draft = await expectOk(post('police', '/api/v1/resources', completeEntry({ name: `并发审核目录${round}` })), 201);
      await expectOk(post('police', `/api/v1/resources/${draft.body.id}/submit`));
      const [publish, ret] = await together(
        round,
        () => post('bureau', `/api/v1/resources/${draft.body.id}/publish`),
        () => post('bureau', `/api/v1/resources/${draft.body.id}/return`, { reason: '信息项不全' }),
      );
      expect(statuses([publish, ret])).toEqual([200, 409]);
      const stored = await w.db('resources').where({ id: draft.body.id }).first();
      const versions = await w.db('resource_versions').where({ resource_id: draft.body.id });
      if (publish.status === 200) {
        expect(stored.status).toBe('published');
        expect(versions.map((v) => v.action)).toEqual(['published']);
      } else {
        expect(stored).toMatchObject({ status: 'returned', code: null, return_reason: '信息项不全' });
        expect(versions).toEqual([]);
      }
      expect([await events(draft.body.id, 'resource.published'), await events(draft.body.id, 'resource.returned')].sort()).toEqual([0, 1]);
    }
  });

  it(`submit ‖ PATCH with the right If-Match on a draft request (${ROUNDS} rounds): the edit is never lost`, async () => {
    const entry = await conditionalEntry('并发编辑目录');
    for (let round = 0; round < ROUNDS; round++) {
      const draft = await expectOk(post('edu', '/api/v1/sharing-requests', sharingRequestBody(entry.id)), 201);
      const etag = (await call('edu', 'GET', `/api/v1/sharing-requests/${draft.body.id}`)).headers.get('etag')!;
      const [submit, patch] = await together(
        round,
        () => post('edu', `/api/v1/sharing-requests/${draft.body.id}/submit`),
        () =>
          call('edu', 'PATCH', `/api/v1/sharing-requests/${draft.body.id}`, { purpose: `第${round}轮修改后的用途` }, { 'If-Match': etag }),
      );
      expect(submit.status).toBe(200);
      const stored = await w.db('sharing_requests').where({ id: draft.body.id }).first();
      expect(stored.status).toBe('pending');
      if (patch.status === 200) {
        // The edit came first and the submission filed it.
        expect(stored.purpose).toBe(`第${round}轮修改后的用途`);
        expect(await events(draft.body.id, 'sharing_request.updated')).toBe(1);
      } else {
        // The submission came first: the edit is refused, not silently dropped.
        expect([409, 412]).toContain(patch.status);
        expect(stored.purpose).toBe(sharingRequestBody(entry.id).purpose);
        expect(await events(draft.body.id, 'sharing_request.updated')).toBe(0);
      }
      // The answers' ETags are the versions of the rows they show.
      const read = await call('edu', 'GET', `/api/v1/sharing-requests/${draft.body.id}`);
      expect(read.headers.get('etag')).toBe(`"v${stored.row_version}"`);
    }
  });
});

describe('an action already taken is answered once', () => {
  const TIMES = 20;

  it(`${TIMES} revocations of one grant at once: one 200, one event`, async () => {
    const entry = await conditionalEntry('并发撤销授权目录');
    for (let round = 0; round < Math.max(1, ROUNDS / 4); round++) {
      const r = await pendingRequest(entry.id);
      const approved = await expectOk(post('police', `/api/v1/sharing-requests/${r.id}/approve`, {}));
      const grantId = approved.body.grantId as string;
      const answers = await Promise.all(
        Array.from({ length: TIMES }, (_, i) =>
          post(i % 2 ? 'police' : 'bureau', `/api/v1/grants/${grantId}/revoke`, { reason: '停止共享' }),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'grant_not_active')).toBe(true);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(TIMES - 1);
      expect(await events(grantId, 'grant.revoked')).toBe(1);
      expect((await w.db('grants').where({ id: grantId }).first()).status).toBe('revoked');
    }
  });

  it(`${TIMES} confirmations of one connection at once: one 200, one event`, async () => {
    // 'other' is the mode the bureau still confirms by hand (the exchange observes the rest).
    const entry = await publishEntry(w, { name: '并发确认接入目录', provisionModes: [{ mode: 'other', description: '前置机交换' }] });
    for (let round = 0; round < Math.max(1, ROUNDS / 4); round++) {
      const declared = await expectOk(
        post('police', `/api/v1/resources/${entry.id}/connections`, {
          mode: 'other',
          reference: `前置机-${round}`,
          evidence: '部署记录',
        }),
        201,
      );
      const answers = await Promise.all(
        Array.from({ length: TIMES }, () => post('bureau', `/api/v1/connections/${declared.body.id}/confirm`)),
      );
      expect(statuses(answers)).toEqual([200, ...Array(TIMES - 1).fill(409)]);
      expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'already_confirmed')).toBe(true);
      expect(await events(declared.body.id as string, 'connection.confirmed')).toBe(1);
    }
  });

  it(`${TIMES} cancellations of one request at once: one 200, one event`, async () => {
    const entry = await conditionalEntry('并发取消目录');
    for (let round = 0; round < Math.max(1, ROUNDS / 4); round++) {
      const r = await pendingRequest(entry.id);
      const answers = await Promise.all(Array.from({ length: TIMES }, () => post('edu', `/api/v1/sharing-requests/${r.id}/cancel`)));
      expect(statuses(answers)).toEqual([200, ...Array(TIMES - 1).fill(409)]);
      expect(await events(r.id, 'sharing_request.cancelled')).toBe(1);
    }
  });
});

describe('project decisions at the same moment', () => {
  const DAY = 24 * 3600 * 1000;
  const projects: Array<{ id: string; entryId: string }> = [];

  /** A project in its trial run with one published, connected entry and a sharing declaration. */
  async function projectInTrialRun(code: string) {
    const p = await expectOk(
      post('police', '/api/v1/projects', { code, name: `并发项目${code}`, content: '建设内容', approvedBudgetYuan: 100 }),
      201,
    );
    const id = p.body.id as string;
    for (const [path, who] of [
      ['start-construction', 'police'],
      ['complete', 'police'],
      ['preliminary-acceptance', 'bureau'],
      ['start-trial-run', 'police'],
    ] as const) {
      await expectOk(post(who, `/api/v1/projects/${id}/${path}`));
    }
    const entry = await publishEntry(w, {
      name: `项目目录${code}`,
      projectId: id,
      updateCycle: 'irregular',
      provisionModes: [{ mode: 'query_api', description: '按身份证号查询' }],
    });
    // The query API answered from delivered data: one delivery is its evidence (irregular: never stale).
    await deliverSample(w, entry.id);
    await expectOk(post('police', `/api/v1/projects/${id}/sharing-declaration`, { statement: '无部门提出共享申请' }));
    return { id, entryId: entry.id as string };
  }

  beforeAll(async () => {
    // Their trial runs all start now; the decisions come four months later (three is the minimum).
    for (let i = 0; i < ROUNDS * 2; i++) projects.push(await projectInTrialRun(`RACE-${i}`));
    w.clock.advance(120 * DAY);
    for (const p of projects) await expectOk(post('bureau', `/api/v1/projects/${p.id}/onboarding/verification`), 201);
  });

  it(`acceptance ‖ acceptance failure (${ROUNDS} rounds): one stage, never accepted with rectification findings`, async () => {
    for (const [round, p] of projects.slice(0, ROUNDS).entries()) {
      const [accept, fail] = await together(
        round,
        () => post('bureau', `/api/v1/projects/${p.id}/acceptance`),
        () => post('bureau', `/api/v1/projects/${p.id}/acceptance-failure`, { findings: '数据未按要求接入' }),
      );
      expect(statuses([accept, fail])).toEqual([200, 409]);
      const stored = await w.db('projects').where({ id: p.id }).first();
      if (accept.status === 200) expect(stored).toMatchObject({ stage: 'accepted', rectification_of: null, rectification_findings: null });
      else expect(stored).toMatchObject({ stage: 'rectification', rectification_of: 'final', accepted_at: null });
      expect([await events(p.id, 'project.accept'), await events(p.id, 'project.fail_acceptance')].sort()).toEqual([0, 1]);
      const history = await w.db('project_stage_events').where({ project_id: p.id }).whereIn('action', ['accept', 'fail_acceptance']);
      expect(history).toHaveLength(1);
    }
  });

  it(`acceptance ‖ withdrawing one of the project's verified entries (${ROUNDS} rounds): accepted only on what was verified`, async () => {
    for (const [round, p] of projects.slice(ROUNDS).entries()) {
      const [accept, withdraw] = await together(
        round,
        () => post('bureau', `/api/v1/projects/${p.id}/acceptance`),
        () => post('police', `/api/v1/resources/${p.entryId}/withdraw`, { reason: '停止维护' }),
      );
      expect(withdraw.status).toBe(200);
      const [accepted] = await w.db('audit_events').where({ object_id: p.id, action: 'project.accept' }).select('seq');
      const [withdrawn] = await w.db('audit_events').where({ object_id: p.entryId, action: 'resource.withdrawn' }).select('seq');
      if (accept.status === 200) {
        // Accepted first; the entry was withdrawn afterwards.
        expect(Number(accepted.seq)).toBeLessThan(Number(withdrawn.seq));
      } else {
        // Withdrawn first: the verification no longer covers the project's data, and acceptance is refused.
        expect(accept.status).toBe(422);
        expect(accept.body.code).toBe('acceptance_refused');
        expect(accepted).toBeUndefined();
        expect((await w.db('projects').where({ id: p.id }).first()).stage).toBe('trial_run');
      }
    }
  });
});
