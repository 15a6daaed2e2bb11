import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createServices, Services } from '../../src/app';
import { expectProblem, NO_SUCH_ID } from '../support/assertions';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Departments' webhooks (docs/notifications.md, ADR 0041): registered by the department's own
// clerks or the bureau, audited without the secret; notifications of new requests, decisions,
// deadlines two working days away and overdue items go to a REAL receiver here, signed with the
// secret (checked below with node:crypto alone), recorded attempt by attempt, retried with growing
// delays on the world's clock, and sent once even when two dispatchers race for them.

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: {
    id: string;
    type: string;
    departmentId: string;
    object: { type: string; id: string; link: string };
    data: Record<string, unknown>;
  };
}

let w: World;
let receiver: http.Server;
let base: string;
const received: Received[] = [];
/** The status each path answers (200 when not set). */
const answers = new Map<string, number>();
const FORWARD = { timeoutMs: 2000, maxBytes: 1024 * 1024, allow: ['127.0.0.1'] };
let services: Services;
let entryId: string;
const secrets: Record<string, string> = {};

const bodiesTo = (path: string) => received.filter((r) => r.path === path).map((r) => r.body);
const dispatch = () => services.notifications.dispatcher.runOnce();

function verified(r: Received, secret: string): boolean {
  const timestamp = String(r.headers['x-webhook-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${r.raw}`).digest('hex')}`;
  return r.headers['x-webhook-signature'] === expected;
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
      res.statusCode = answers.get(req.url ?? '') ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  w = await createWorld({ forward: FORWARD });
  services = createServices(w.db, w.clock, { forward: FORWARD });
  entryId = (await publishEntry(w, { name: '通知测试目录' })).id;
  for (const [actor, department] of [
    ['police', 'police'],
    ['edu', 'edu'],
    ['bureau', 'bureau'],
  ] as const) {
    const res = await w
      .as(actor)
      .put(`/api/v1/departments/${w.departmentId[department]}/webhook`)
      .send({ url: `${base}/${department}` })
      .expect(200);
    secrets[department] = res.body.secret;
  }
}, 120_000);
afterAll(async () => {
  await w.destroy();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function fileRequest(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...sharingRequestBody(entryId, overrides), submit: true })
    .expect(201);
  return res.body.id;
}

describe('webhook settings', () => {
  it('a department registers its webhook: the secret is generated and shown once, the trail records the change without it', async () => {
    const put = await w
      .as('civil')
      .put(`/api/v1/departments/${w.departmentId.civil}/webhook`)
      .send({ url: `${base}/civil` })
      .expect(200);
    expect(put.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const got = await w.as('civil').get(`/api/v1/departments/${w.departmentId.civil}/webhook`).expect(200);
    expect(got.body).toEqual({
      departmentId: w.departmentId.civil,
      url: `${base}/civil`,
      secretHint: put.body.secretHint,
      createdAt: put.body.createdAt,
      updatedAt: put.body.updatedAt,
    });
    expect(JSON.stringify(got.body)).not.toContain(put.body.secret);
    expect(put.body.secret.startsWith(put.body.secretHint.replace('…', ''))).toBe(true);
    const events = await w.db('audit_events').where({ action: 'webhook.registered', object_id: w.departmentId.civil });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].details_json)).toEqual({ url: `${base}/civil`, replaced: false, secretGenerated: true });
    expect(events[0].details_json).not.toContain(put.body.secret);

    // A secret of its own, replacing the first.
    const own = await w
      .as('bureau')
      .put(`/api/v1/departments/${w.departmentId.civil}/webhook`)
      .send({ url: `${base}/civil`, secret: 'civil-secret-0123456789' })
      .expect(200);
    expect(own.body.secret).toBe('civil-secret-0123456789');
    expect(own.body.createdAt).toBe(put.body.createdAt);

    const removed = await w.as('civil').delete(`/api/v1/departments/${w.departmentId.civil}/webhook`).expect(200);
    expect(removed.body).toEqual({ departmentId: w.departmentId.civil, removed: true });
    expect((await w.as('civil').delete(`/api/v1/departments/${w.departmentId.civil}/webhook`).expect(200)).body.removed).toBe(false);
    expectProblem(await w.as('civil').get(`/api/v1/departments/${w.departmentId.civil}/webhook`), 404, 'not_found');
    expect(await w.db('audit_events').where({ action: 'webhook.removed', object_id: w.departmentId.civil })).toHaveLength(1);
  });

  it('another department, an auditor and an unknown department are refused, and nothing changes', async () => {
    const before = await w.counts();
    const path = `/api/v1/departments/${w.departmentId.police}/webhook`;
    expectProblem(
      await w
        .as('civil')
        .put(path)
        .send({ url: `${base}/x` }),
      403,
      'not_own_department',
    );
    expectProblem(await w.as('edu').get(path), 403, 'not_own_department');
    expectProblem(await w.as('civil').delete(path), 403, 'not_own_department');
    expectProblem(await w.as('civil').get(`${path}/deliveries`), 403, 'not_own_department');
    expectProblem(await w.as('auditor').get(path), 403, 'role_required');
    expectProblem(
      await w
        .as('police')
        .put(`/api/v1/departments/${NO_SUCH_ID}/webhook`)
        .send({ url: `${base}/x` }),
      404,
      'not_found',
    );
    expect((await w.anonymous().get(path)).status).toBe(401);
    expect(await w.counts()).toEqual(before);
    expect((await w.as('police').get(path).expect(200)).body.url).toBe(`${base}/police`);
  });

  it('refuses an address the forwarding guard refuses, a scheme other than http(s) and credentials in the URL', async () => {
    const before = await w.counts();
    const path = `/api/v1/departments/${w.departmentId.civil}/webhook`;
    const metadata = await w.as('civil').put(path).send({ url: 'http://169.254.169.254/latest' });
    expectProblem(metadata, 422, 'webhook_address_refused');
    expect(metadata.body.errors[0].path).toBe('/url');
    expectProblem(await w.as('civil').put(path).send({ url: 'ftp://hooks.example.gov.cn/x' }), 422, 'webhook_url_scheme');
    expectProblem(await w.as('civil').put(path).send({ url: 'https://user:pw@hooks.example.gov.cn/x' }), 422, 'webhook_url_credentials');
    expectProblem(
      await w
        .as('civil')
        .put(path)
        .send({ url: `${base}/x`, secret: 'short' }),
      400,
      'invalid_body',
    );
    expect(await w.counts()).toEqual(before);
  });
});

describe('notifications', () => {
  it('a new request notifies the producer once, signed with its secret; the delivery and its attempt are recorded', async () => {
    const requestId = await fileRequest();
    const run = await dispatch();
    expect(run).toMatchObject({ notified: 1, delivered: 1, failed: 0 });
    const toPolice = received.filter((r) => r.path === '/police');
    expect(toPolice).toHaveLength(1);
    const [r] = toPolice;
    expect(verified(r, secrets.police)).toBe(true);
    expect(verified(r, secrets.edu)).toBe(false);
    expect(r.headers['x-webhook-id']).toBe(r.body.id);
    expect(r.headers['x-webhook-event']).toBe('sharing_request.submitted');
    expect(r.headers['x-webhook-timestamp']).toBe(String(Math.floor(w.clock.now().getTime() / 1000)));
    expect(r.body).toMatchObject({
      type: 'sharing_request.submitted',
      title: '收到新的共享申请',
      departmentId: w.departmentId.police,
      object: { type: 'sharing_request', id: requestId, link: `/api/v1/sharing-requests/${requestId}` },
      data: { resourceName: '通知测试目录', consumerDepartmentName: '测试市教育局', status: 'pending', dueDate: '2026-03-16' },
    });
    // Nobody else was told, and a second run sends nothing again.
    expect(received).toHaveLength(1);
    expect(await dispatch()).toEqual({ notified: 0, deadlines: 0, delivered: 0, failed: 0 });
    expect(received).toHaveLength(1);

    const list = await w.as('police').get(`/api/v1/departments/${w.departmentId.police}/webhook/deliveries`).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      id: r.body.id,
      eventType: 'sharing_request.submitted',
      objectId: requestId,
      status: 'delivered',
      attempts: 1,
      nextAttemptAt: null,
      lastStatusCode: 200,
      lastError: null,
      payload: r.body,
    });
    expect(list.body.items[0].attemptLog).toEqual([
      { attempt: 1, attemptedAt: w.clock.now().toISOString(), statusCode: 200, error: null, durationMs: expect.any(Number) },
    ]);
    // The bureau reads it too; the requester's department has none.
    expect(
      (await w.as('bureau').get(`/api/v1/departments/${w.departmentId.police}/webhook/deliveries`).expect(200)).body.items,
    ).toHaveLength(1);
    expect((await w.as('edu').get(`/api/v1/departments/${w.departmentId.edu}/webhook/deliveries`).expect(200)).body.items).toEqual([]);
    await w.as('edu').post(`/api/v1/sharing-requests/${requestId}/cancel`).expect(200);
  });

  it('decisions notify the requester: a rejection, then the escalation to the bureau and its decision to both sides', async () => {
    received.length = 0;
    const requestId = await fileRequest();
    await dispatch();
    received.length = 0;
    await w.as('police').post(`/api/v1/sharing-requests/${requestId}/reject`).send({ reason: '数据涉及个人隐私' }).expect(200);
    await dispatch();
    expect(bodiesTo('/edu')).toMatchObject([
      { type: 'sharing_request.rejected', data: { reason: '数据涉及个人隐私', status: 'rejected' } },
    ]);
    expect(bodiesTo('/police')).toEqual([]);
    await w.as('edu').post(`/api/v1/sharing-requests/${requestId}/escalate`).send({ reason: '履职必需' }).expect(200);
    await dispatch();
    expect(bodiesTo('/bureau')).toMatchObject([{ type: 'sharing_request.escalated', object: { id: requestId } }]);
    await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${requestId}/decide`)
      .send({ decision: 'grant', reason: '依法应予共享' })
      .expect(200);
    await dispatch();
    expect(bodiesTo('/edu').map((b) => b.type)).toEqual(['sharing_request.rejected', 'sharing_request.decided']);
    expect(bodiesTo('/police')).toMatchObject([{ type: 'sharing_request.decided', data: { decision: 'grant', status: 'approved' } }]);
    for (const r of received) expect(verified(r, secrets[r.path.slice(1)])).toBe(true);
  });

  it('an overdue escalation tells the bureau its ground; a remand (责成答复) tells the producer its new due date', async () => {
    const start = w.clock.now();
    received.length = 0;
    const requestId = await fileRequest();
    await dispatch();
    // Three weeks on, unanswered: the consumer puts it before the bureau.
    w.clock.advance(21 * 24 * 3_600_000);
    await w.as('edu').post(`/api/v1/sharing-requests/${requestId}/escalate`).send({ reason: '逾期未答复' }).expect(200);
    await dispatch();
    const type = (t: string) => (b: { type: string; object: { id: string } }) => b.type === t && b.object.id === requestId;
    expect(bodiesTo('/bureau').filter(type('sharing_request.escalated'))).toMatchObject([
      { data: { action: 'sharing_request.escalated', ground: 'overdue', reason: '逾期未答复', status: 'escalated' } },
    ]);
    const remanded = await w
      .as('bureau')
      .post(`/api/v1/sharing-requests/${requestId}/decide`)
      .send({ decision: 'remand', reason: '责成限期答复' })
      .expect(200);
    await dispatch();
    const decided = { decision: 'remand', ground: 'overdue', reason: '责成限期答复', status: 'pending', dueDate: remanded.body.dueDate };
    expect(bodiesTo('/police').filter(type('sharing_request.decided'))).toMatchObject([{ data: decided }]);
    expect(bodiesTo('/edu').filter(type('sharing_request.decided'))).toMatchObject([{ data: decided }]);
    for (const r of received) expect(verified(r, secrets[r.path.slice(1)])).toBe(true);
    await w.as('edu').post(`/api/v1/sharing-requests/${requestId}/cancel`).expect(200);
    await dispatch();
    w.clock.set(start);
  });

  it('a failing receiver is tried again after growing delays, each attempt recorded, and given up after the sixth', async () => {
    received.length = 0;
    answers.set('/police', 503);
    const requestId = await fileRequest();
    await dispatch();
    expect(received).toHaveLength(1);
    const deliveryId = received[0].body.id;
    const row = () => w.db('webhook_deliveries').where({ id: deliveryId }).first();
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const current = await row();
      expect(Number(current.attempts)).toBe(attempt);
      if (attempt === 6) break;
      const wait = new Date(current.next_attempt_at).getTime() - w.clock.now().getTime();
      delays.push(wait);
      // Not before its time …
      w.clock.advance(wait - 1000);
      await dispatch();
      expect(received).toHaveLength(attempt);
      // … and then once.
      w.clock.advance(1000);
      await dispatch();
      expect(received).toHaveLength(attempt + 1);
      expect(received[attempt].headers['x-webhook-id']).toBe(deliveryId);
      expect(verified(received[attempt], secrets.police)).toBe(true);
    }
    const base = [60, 300, 1800, 7200, 43200].map((s) => s * 1000);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(base[i]);
      expect(d).toBeLessThanOrEqual(base[i] * 1.1);
    });
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
    expect(await row()).toMatchObject({ status: 'failed', last_status_code: 503 });
    w.clock.advance(48 * 3_600_000);
    await dispatch();
    expect(received).toHaveLength(6);
    const list = await w.as('police').get(`/api/v1/departments/${w.departmentId.police}/webhook/deliveries?status=failed`).expect(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ objectId: requestId, status: 'failed', attempts: 6, nextAttemptAt: null });
    expect(list.body.items[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 503, 503, 503, 503]);
    expect(list.body.items[0].attemptLog[0].error).toContain('503');
    answers.delete('/police');
    await w.as('edu').post(`/api/v1/sharing-requests/${requestId}/cancel`).expect(200);
  });

  it('two dispatchers racing send each notification once', async () => {
    received.length = 0;
    const other = createServices(w.db, w.clock, { forward: FORWARD });
    const ids = [await fileRequest(), await fileRequest(), await fileRequest()];
    const runs = await Promise.all([
      dispatch(),
      other.notifications.dispatcher.runOnce(),
      dispatch(),
      other.notifications.dispatcher.runOnce(),
    ]);
    expect(runs.reduce((n, r) => n + r.notified, 0)).toBe(3);
    expect(runs.reduce((n, r) => n + r.delivered, 0)).toBe(3);
    expect(received.map((r) => r.body.object.id).sort()).toEqual([...ids].sort());
    expect(new Set(received.map((r) => r.body.id)).size).toBe(3);
    for (const id of ids) await w.as('edu').post(`/api/v1/sharing-requests/${id}/cancel`).expect(200);
  });

  it('a deadline two working days away and an overdue answer are each announced once', async () => {
    received.length = 0;
    // Filed on Monday 2026-03-02: due Monday 2026-03-16 (ten working days).
    w.clock.set(new Date('2026-03-02T01:00:00.000Z'));
    const requestId = await fileRequest();
    await dispatch();
    received.length = 0;
    w.clock.set(new Date('2026-03-11T02:00:00.000Z'));
    expect((await dispatch()).deadlines).toBe(0);
    // Thursday 12th: two working days (Friday, Monday) remain.
    w.clock.set(new Date('2026-03-12T02:00:00.000Z'));
    expect((await dispatch()).deadlines).toBe(1);
    await dispatch();
    w.clock.set(new Date('2026-03-13T02:00:00.000Z'));
    await dispatch();
    expect(bodiesTo('/police')).toMatchObject([
      { type: 'sharing_request.deadline_approaching', object: { id: requestId }, data: { dueDate: '2026-03-16' } },
    ]);
    // Tuesday 17th: overdue, once.
    w.clock.set(new Date('2026-03-17T02:00:00.000Z'));
    expect((await dispatch()).deadlines).toBe(1);
    w.clock.set(new Date('2026-03-18T02:00:00.000Z'));
    expect((await dispatch()).deadlines).toBe(0);
    expect(bodiesTo('/police').map((b) => b.type)).toEqual(['sharing_request.deadline_approaching', 'sharing_request.overdue']);
    expect(bodiesTo('/police')[1]).toMatchObject({ data: { dueDate: '2026-03-16', overdueWorkingDays: 1 } });
    expect(received.every((r) => verified(r, secrets[r.path.slice(1)]))).toBe(true);
    // The requester is not told of the producer's deadline.
    expect(bodiesTo('/edu')).toEqual([]);
  });

  it('an overdue achievement registration is announced to the project department once', async () => {
    received.length = 0;
    const project = await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code: 'TZ-2026-01', name: '通知测试项目', content: '建设内容', approvedBudgetYuan: 100 })
      .expect(201);
    // Accepted on 2026-03-18 (set directly: the acceptance gate is tested in acceptance.test.ts); due 15 working days later.
    await w.db('projects').where({ id: project.body.id }).update({ stage: 'accepted', accepted_at: '2026-03-18T02:00:00.000Z' });
    expect((await dispatch()).deadlines).toBe(0);
    const due = (await w.as('police').get(`/api/v1/projects/${project.body.id}`).expect(200)).body.registrationDueDate;
    // Fifteen working days, Qingming (April 4–6, 2026) not counted.
    expect(due).toBe('2026-04-09');
    w.clock.set(new Date('2026-04-03T02:00:00.000Z'));
    expect((await dispatch()).deadlines).toBe(0);
    // Tuesday 7th: two working days (Wednesday, Thursday) remain.
    w.clock.set(new Date('2026-04-07T02:00:00.000Z'));
    await dispatch();
    w.clock.set(new Date('2026-04-10T02:00:00.000Z'));
    await dispatch();
    await dispatch();
    expect(bodiesTo('/police')).toMatchObject([
      { type: 'registration.deadline_approaching', object: { type: 'project', id: project.body.id }, data: { dueDate: due } },
      { type: 'registration.overdue', object: { type: 'project', id: project.body.id }, data: { dueDate: due } },
    ]);
  });

  it('a receiver behind an address the guard refuses is not called: the attempt records why', async () => {
    received.length = 0;
    const guarded = createServices(w.db, w.clock, { forward: { ...FORWARD, allow: [] } });
    const requestId = await fileRequest({ purpose: '守卫测试' });
    await guarded.notifications.dispatcher.runOnce();
    expect(received).toEqual([]);
    const delivery = await w.db('webhook_deliveries').where({ object_id: requestId, event_type: 'sharing_request.submitted' }).first();
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
    expect(delivery.last_error).toMatch(/address|地址/);
    await w.as('edu').post(`/api/v1/sharing-requests/${requestId}/cancel`).expect(200);
  });

  it('a removed webhook gets nothing more: its pending deliveries are given up, new events make none', async () => {
    received.length = 0;
    answers.set('/police', 500);
    const requestId = await fileRequest({ purpose: '删除测试' });
    await dispatch();
    expect(received).toHaveLength(1);
    await w.as('police').delete(`/api/v1/departments/${w.departmentId.police}/webhook`).expect(200);
    w.clock.advance(10 * 60_000);
    await dispatch();
    expect(received).toHaveLength(1);
    const delivery = await w.db('webhook_deliveries').where({ object_id: requestId }).first();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2 });
    expect(delivery.last_error).toContain('removed its webhook');
    const later = await fileRequest({ purpose: '删除之后' });
    await dispatch();
    expect(await w.db('webhook_deliveries').where({ object_id: later })).toEqual([]);
    expect(received).toHaveLength(1);
    answers.delete('/police');
  });
});
