/**
 * Scale-out on PostgreSQL: two processes of the built service (`node src/main.js`) on different
 * ports, against one database, as behind a load balancer. The first loads the demo city; the second
 * starts on the populated database. Then a request is filed on one and answered on the other, due
 * dates agree and follow a calendar year entered on the other instance, the per-token rate limit is
 * one limit over both, an Idempotency-Key holds across them (also when the same key reaches both at
 * once), and both verify the audit chain with the one signing key they share.
 *
 * The database is a fresh schema in the server PG_TEST_URL names (the URL the instances get selects
 * it with `?options=-c search_path=<schema>,public`), dropped afterwards. The server is built like
 * the crash test builds it (tsc --noCheck into node_modules/.cache/crash-safety/build-<stamp of the
 * sources>, shared with that test), so dist/ is never touched. Runs in jest project `scale-out`.
 */
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import { compiledServer, freePort, Json, jsonRequest, parseJsonReply, serverProcesses, startServerProcess } from '../support/built-server';
import { createDb } from '../../src/db/knex';
import { hashToken } from '../../src/domain/tokens';
import { replyDeadline, shanghaiDate } from '../../src/domain/working-days';
import { CalendarStore } from '../../src/modules/calendar/calendar.store';
import { completeEntry } from '../support/world';

const PG_URL = process.env.PG_TEST_URL;
const RATE_LIMIT = 20;
const REPLY_WORKING_DAYS = 10;
const TOKEN = {
  bureau: 'demo-bureau-token',
  auditor: 'demo-auditor-token',
  police: 'demo-police-token',
  consumer: 'demo-edu-consumer-token',
  civil: 'demo-civil-token',
  transport: 'demo-transport-token',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The built server (test/support/built-server.ts, shared with test/crash), started as child processes.

/** PG_TEST_URL, working in `schema` (then public, where pg_trgm lives). */
function urlWithSchema(url: string, schema: string): string {
  const options = encodeURIComponent(`-c search_path=${schema},public`);
  return `${url}${url.includes('?') ? '&' : '?'}options=${options}`;
}

// ---------------------------------------------------------------------------------------------
// HTTP

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Json;
}

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  agent: http.Agent;
  output: () => string;
  exited: Promise<void>;
  call: (method: string, urlPath: string, token?: string, body?: unknown, headers?: http.OutgoingHttpHeaders) => Promise<Reply>;
}

function send(
  port: number,
  agent: http.Agent | false,
  method: string,
  urlPath: string,
  token?: string,
  body?: unknown,
  extra: http.OutgoingHttpHeaders = {},
): Promise<Reply> {
  const { headers, payload } = jsonRequest(token, body, extra);
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parseJsonReply(chunks) }));
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function startInstance(name: string, main: string, env: NodeJS.ProcessEnv): Promise<Instance> {
  const port = await freePort();
  const server = await startServerProcess(
    `instance ${name}`,
    main,
    port,
    { LOG_LEVEL: 'warn', VALIDATE_RESPONSES: 'true', RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), ...env },
    [
      'DATABASE_URL',
      'AUDIT_SIGNING_KEY',
      'AUDIT_SIGNING_KEY_FILE',
      'PG_TEST_URL',
      'NODE_OPTIONS',
      'BOOTSTRAP_ADMIN_TOKEN',
      'SHARING_REPLY_WORKING_DAYS',
    ],
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const exited = server.exit.then(() => undefined);
  return {
    name,
    port,
    child: server.child,
    agent,
    output: server.output,
    exited,
    call: (method, urlPath, token, body, headers) => send(port, agent, method, urlPath, token, body, headers),
  };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance) return;
  instance.agent.destroy();
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    instance.exited.then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5_000))),
  ]);
  clearTimeout(timer);
  if (!stopped) {
    instance.child.kill('SIGKILL');
    await instance.exited;
  }
}

// ---------------------------------------------------------------------------------------------

let tmp: string;
let schema: string;
let db: Knex;
let A: Instance;
let B: Instance;
let entry: Json;
const started = Date.now();
const timings: Record<string, number> = {};

function expectStatus(reply: Reply, status: number, what: string): void {
  if (reply.status !== status)
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.body).slice(0, 800)}`);
}

const today = () => shanghaiDate(new Date());

function requestBody(purpose: string): Json {
  return {
    resourceId: entry.id,
    provisionMode: 'query_api',
    items: ['公民身份号码', '姓名', '出生日期'],
    purpose,
    basis: '《中华人民共和国教育法》',
    scopeOfUse: '市教育局学籍管理',
    periodStart: today(),
    periodEnd: `${Number(today().slice(0, 4)) + 1}-12-31`,
  };
}

/** A consumer files a request on one instance and submits it there. */
async function fileAndSubmit(on: Instance, token: string, purpose: string): Promise<Json> {
  const draft = await on.call('POST', '/api/v1/sharing-requests', token, requestBody(purpose));
  expectStatus(draft, 201, `filing on ${on.name}`);
  const submitted = await on.call('POST', `/api/v1/sharing-requests/${draft.body.id}/submit`, token);
  expectStatus(submitted, 200, `submitting on ${on.name}`);
  return submitted.body;
}

/** The due date the calendar now in the database gives a request submitted at this moment. */
async function expectedDueDate(submittedAt: string): Promise<string> {
  const calendar = await new CalendarStore().calendar(db);
  return replyDeadline(new Date(submittedAt), REPLY_WORKING_DAYS, calendar).dueDate;
}

/** A year's holidays as the ranges the bureau enters: runs of consecutive days with the same name. */
function holidayRanges(days: Json[]): Array<{ name: string; start: string; end: string }> {
  const ranges: Array<{ name: string; start: string; end: string }> = [];
  const next = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  for (const d of days.filter((day) => day.kind === 'holiday').sort((x, y) => (x.date < y.date ? -1 : 1))) {
    const last = ranges[ranges.length - 1];
    if (last && last.name === d.name && next(last.end) === d.date) last.end = d.date;
    else ranges.push({ name: d.name, start: d.date, end: d.date });
  }
  return ranges;
}

const describeOnPostgres = PG_URL ? describe : describe.skip;

describeOnPostgres('two instances on one PostgreSQL', () => {
  beforeAll(async () => {
    const { main, buildMs } = compiledServer();
    timings.buildMs = buildMs ?? 0;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-scale-out-'));
    schema = `scaleout_${randomBytes(6).toString('hex')}`;
    const admin = createDb({ databaseUrl: PG_URL!, poolMax: 1 });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
    db = createDb({ databaseUrl: PG_URL!, pgSchema: schema, poolMax: 2 });
    const databaseUrl = urlWithSchema(PG_URL!, schema);
    // One signing key for both (the file the first instance makes, the second reads); each
    // instance has a data directory of its own, as on separate machines.
    const keyFile = path.join(tmp, 'audit-signing-key.pem');
    const t0 = Date.now();
    A = await startInstance('A', main, {
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'true',
      DATA_DIR: path.join(tmp, 'a'),
      AUDIT_SIGNING_KEY_FILE: keyFile,
    });
    timings.startAMs = Date.now() - t0;
    const t1 = Date.now();
    B = await startInstance('B', main, {
      DATABASE_URL: databaseUrl,
      DEMO_DATA: 'false',
      DATA_DIR: path.join(tmp, 'b'),
      AUDIT_SIGNING_KEY_FILE: keyFile,
    });
    timings.startBMs = Date.now() - t1;

    // The instances work in the fresh schema, not in public.
    const [{ n }] = await db('departments').count('* as n');
    expect(Number(n)).toBe(10);

    // A conditional entry of the public security bureau: drafted and submitted on A, published on B.
    const name = `扩容测试人口信息 ${randomBytes(3).toString('hex')}`;
    const draft = await A.call('POST', '/api/v1/resources', TOKEN.police, completeEntry({ name }));
    expectStatus(draft, 201, 'drafting the entry on A');
    expectStatus(await A.call('POST', `/api/v1/resources/${draft.body.id}/submit`, TOKEN.police), 200, 'submitting the entry on A');
    const published = await B.call('POST', `/api/v1/resources/${draft.body.id}/publish`, TOKEN.bureau);
    expectStatus(published, 200, 'publishing the entry on B');
    entry = published.body;
  }, 240_000);

  afterAll(async () => {
    await Promise.all([stopInstance(A), stopInstance(B)]);
    for (const child of serverProcesses) child.kill('SIGKILL');
    if (db) {
      await db.raw(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
      await db.destroy();
    }
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    timings.totalMs = Date.now() - started;

    console.log(`scale-out timings ${JSON.stringify(timings)}`);
  }, 30_000);

  it('answers on B a request filed and submitted on A, and A then shows the answer and the grant', async () => {
    const submitted = await fileAndSubmit(A, TOKEN.consumer, '扩容测试：学籍注册身份核验');
    expect(submitted).toMatchObject({ status: 'pending', resourceId: entry.id, dueDate: expect.any(String) });

    const inbox = await B.call('GET', `/api/v1/sharing-requests?side=incoming&status=pending&resourceId=${entry.id}`, TOKEN.police);
    expectStatus(inbox, 200, 'the producer inbox on B');
    expect(inbox.body.items.map((r: Json) => r.id)).toContain(submitted.id);

    const approved = await B.call('POST', `/api/v1/sharing-requests/${submitted.id}/approve`, TOKEN.police, {
      items: ['公民身份号码', '姓名'],
      comment: '仅限学籍核验',
    });
    expectStatus(approved, 200, 'approving on B');
    expect(approved.body).toMatchObject({ status: 'approved', decision: 'approved', grantId: expect.any(String) });

    const onA = await A.call('GET', `/api/v1/sharing-requests/${submitted.id}`, TOKEN.consumer);
    expectStatus(onA, 200, 'reading the request on A');
    expect(onA.body).toMatchObject({ status: 'approved', grantId: approved.body.grantId, approvalComment: '仅限学籍核验' });
    const grant = await A.call('GET', `/api/v1/grants/${approved.body.grantId}`, TOKEN.consumer);
    expectStatus(grant, 200, 'reading the grant on A');
    expect(grant.body).toMatchObject({ status: 'active', resourceId: entry.id, requestId: submitted.id });
    expect(grant.body).toMatchObject({
      grantedBy: 'producer',
      items: [
        { name: '公民身份号码', queryRole: 'input' },
        { name: '姓名', queryRole: 'output' },
      ],
    });
  });

  it('computes the same due dates on both, and A counts on a calendar year the bureau entered on B', async () => {
    const onA = await fileAndSubmit(A, TOKEN.consumer, '扩容测试：期限甲');
    const onB = await fileAndSubmit(B, TOKEN.consumer, '扩容测试：期限乙');
    // Each is the deadline the stored calendar gives its submission moment (the same day's, unless
    // the test ran across midnight in Shanghai).
    expect(onA.dueDate).toBe(await expectedDueDate(onA.submittedAt));
    expect(onB.dueDate).toBe(await expectedDueDate(onB.submittedAt));
    if (shanghaiDate(new Date(onA.submittedAt)) === shanghaiDate(new Date(onB.submittedAt))) expect(onB.dueDate).toBe(onA.dueDate);
    // A request reads the same on both instances, overdue figures included.
    const readA = await A.call('GET', `/api/v1/sharing-requests/${onA.id}`, TOKEN.consumer);
    const readB = await B.call('GET', `/api/v1/sharing-requests/${onA.id}`, TOKEN.consumer);
    expect(readB.body).toEqual(readA.body);

    // The bureau, on B, makes the due date a day off (replacing the year as it stands).
    const due: string = onA.dueDate;
    const year = Number(due.slice(0, 4));
    const current = await B.call('GET', `/api/v1/calendar/years/${year}`, TOKEN.bureau);
    const days: Json[] = current.status === 200 ? current.body.days : [];
    const holidays = holidayRanges(days);
    const workdays = days.filter((d) => d.kind === 'workday' && d.date !== due).map((d) => ({ name: d.name, date: d.date }));
    // A due date is a working day: a weekday (made a holiday here) or an adjusted workday (undone).
    if (!days.some((d) => d.kind === 'workday' && d.date === due)) holidays.push({ name: '扩容测试假日', start: due, end: due });
    const put = await B.call(
      'PUT',
      `/api/v1/calendar/years/${year}`,
      TOKEN.bureau,
      { source: `扩容测试：${year} 年安排（测试）`, holidays, workdays },
      current.status === 200 ? { 'If-Match': String(current.headers.etag) } : {},
    );
    expectStatus(put, 200, 'entering the year on B');

    // A sees the year, the waiting request's deadline was moved, and A's next submission counts on it.
    const yearOnA = await A.call('GET', `/api/v1/calendar/years/${year}`, TOKEN.bureau);
    expect(yearOnA.body.source).toBe(`扩容测试：${year} 年安排（测试）`);
    const dueDayOnA = yearOnA.body.days.find((d: Json) => d.date === due);
    expect(dueDayOnA ? dueDayOnA.kind : 'no longer an adjusted workday').not.toBe('workday');
    const moved = await A.call('GET', `/api/v1/sharing-requests/${onA.id}`, TOKEN.consumer);
    expect(moved.body.dueDate > due).toBe(true);
    expect(moved.body.dueDate).toBe(await expectedDueDate(onA.submittedAt));
    const later = await fileAndSubmit(A, TOKEN.consumer, '扩容测试：期限丙');
    expect(later.dueDate).not.toBe(due);
    expect(later.dueDate).toBe(await expectedDueDate(later.submittedAt));
  });

  it('holds one per-token rate limit over both instances: 429 at the limit in total, not twice it', async () => {
    // The window is the clock minute; leave the burst (well under a second) a clear five seconds of it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await sleep(60_000 - intoMinute + 100);
    const burst = 2 * RATE_LIMIT;
    const answers = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        (i % 2 ? B : A).call('GET', '/api/v1/me', TOKEN.transport).then((r) => ({ on: i % 2 ? 'B' : 'A', ...r })),
      ),
    );
    const ok = answers.filter((r) => r.status === 200);
    const limited = answers.filter((r) => r.status === 429);
    expect({ ok: ok.length, limited: limited.length }).toEqual({ ok: RATE_LIMIT, limited: burst - RATE_LIMIT });
    // Each instance let some through and refused some: the count is shared, not per process.
    expect(new Set(ok.map((r) => r.on))).toEqual(new Set(['A', 'B']));
    expect(new Set(limited.map((r) => r.on))).toEqual(new Set(['A', 'B']));
    for (const r of limited) {
      expect(r.body).toMatchObject({ code: 'rate_limited', status: 429 });
      const retryAfter = Number(r.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Other callers are not held back.
    expectStatus(await B.call('GET', '/api/v1/me', TOKEN.auditor), 200, 'another token on B');
    const { user_id: userId } = await db('api_tokens')
      .where({ token_hash: hashToken(TOKEN.transport) })
      .first('user_id');
    const row = await db('rate_limit_hits')
      .where({ key: `token:${userId}` })
      .first();
    // Every hit of both is counted, refused ones too; an instance takes hits in leases (ADR 0016,
    // amended), at most an eighth of what is left under the limit, so a lease may leave a hit or
    // two counted but not handed out.
    expect(Number(row.hits)).toBeGreaterThanOrEqual(burst);
    expect(Number(row.hits)).toBeLessThanOrEqual(burst + 2 * Math.floor(RATE_LIMIT / 8));
  });

  it('replays on B the answer to an Idempotency-Key used on A, and creates once', async () => {
    const key = `scale-out-${randomBytes(6).toString('hex')}`;
    const purpose = `扩容测试：幂等 ${key}`;
    const first = await A.call('POST', '/api/v1/sharing-requests', TOKEN.civil, requestBody(purpose), { 'Idempotency-Key': key });
    expectStatus(first, 201, 'creating on A');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await B.call('POST', '/api/v1/sharing-requests', TOKEN.civil, requestBody(purpose), { 'Idempotency-Key': key });
    expectStatus(retry, 201, 'retrying on B');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    const reused = await B.call('POST', '/api/v1/sharing-requests', TOKEN.civil, requestBody(`${purpose}（另一请求）`), {
      'Idempotency-Key': key,
    });
    expect({ status: reused.status, code: reused.body.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    const [{ n }] = await db('sharing_requests').where({ purpose }).count('* as n');
    expect(Number(n)).toBe(1);
  });

  it('creates exactly one object when the same Idempotency-Key reaches both instances at once', async () => {
    const rounds = 4;
    for (let round = 0; round < rounds; round++) {
      const key = `scale-out-race-${round}-${randomBytes(6).toString('hex')}`;
      const purpose = `扩容测试：并发幂等 ${key}`;
      const [onA, onB] = await Promise.all(
        [A, B].map((on) => on.call('POST', '/api/v1/sharing-requests', TOKEN.civil, requestBody(purpose), { 'Idempotency-Key': key })),
      );
      const created = [onA, onB].filter((r) => r.status === 201 && r.headers['idempotent-replayed'] === undefined);
      expect(created).toHaveLength(1);
      // The other was told the request is in progress (or, arriving in the moment between the
      // first's commit and its answer being stored, that it was carried out), or got its answer.
      for (const other of [onA, onB].filter((r) => r !== created[0])) {
        const outcome = other.status === 201 ? 'raceReplayed' : `race_${String(other.body.code)}`;
        timings[outcome] = (timings[outcome] ?? 0) + 1;
        if (other.status === 201)
          expect({ replayed: other.headers['idempotent-replayed'], body: other.body }).toEqual({ replayed: 'true', body: created[0].body });
        else
          expect({
            status: other.status,
            code: ['idempotency_in_progress', 'idempotency_request_committed'].includes(other.body.code),
          }).toEqual({ status: 409, code: true });
      }
      const [{ n }] = await db('sharing_requests').where({ purpose }).count('* as n');
      expect(Number(n)).toBe(1);
      // Once settled, a retry on either instance gets the first answer.
      const retry = await (round % 2 ? A : B).call('POST', '/api/v1/sharing-requests', TOKEN.civil, requestBody(purpose), {
        'Idempotency-Key': key,
      });
      expect({ status: retry.status, replayed: retry.headers['idempotent-replayed'], id: retry.body.id }).toEqual({
        status: 201,
        replayed: 'true',
        id: created[0].body.id,
      });
    }
  });

  it('verifies the audit chain on both instances, with checkpoints signed by either', async () => {
    const signed = await B.call('POST', '/api/v1/audit-checkpoints', TOKEN.bureau);
    expectStatus(signed, 201, 'signing a checkpoint on B');
    for (const on of [A, B]) {
      const report = await on.call('GET', '/api/v1/audit-events/verification', TOKEN.auditor);
      expectStatus(report, 200, `verifying on ${on.name}`);
      expect(report.body).toMatchObject({ valid: true, firstBrokenLink: null, keyId: signed.body.keyId });
      expect(report.body.checkpointsChecked).toBeGreaterThanOrEqual(2);
    }
    // Every event written by either instance is in the one chain.
    const [{ n }] = await db('audit_events').count('* as n');
    const head = await db('audit_chain_head').where({ id: 1 }).first();
    expect(Number(head.last_seq)).toBe(Number(n));
  });

  it('follows on B, within milliseconds, what was written on A: cached answers and kept token owners (the change feed, ADR 0021)', async () => {
    for (const on of [A, B]) {
      const metrics = await send(on.port, false, 'GET', '/metrics');
      expect(String(metrics.body.text)).toMatch(/^change_feed_live 1$/m);
    }
    // B holds the facet counts (the second read is a hit of its read cache).
    const total = async (on: Instance) => {
      const reply = await on.call('GET', '/api/v1/resources/facets', TOKEN.police);
      expectStatus(reply, 200, `facets on ${on.name}`);
      return Number(reply.body.total);
    };
    const hits = async (on: Instance) =>
      Number(/^read_cache_hits (\d+)$/m.exec(String((await send(on.port, false, 'GET', '/metrics')).body.text))![1]);
    const before = await total(B);
    const hitsBefore = await hits(B);
    expect(await total(B)).toBe(before);
    expect(await hits(B)).toBe(hitsBefore + 1);
    // A publishes one more entry: drafted and submitted by its producer, published by the bureau.
    const draft = await A.call(
      'POST',
      '/api/v1/resources',
      TOKEN.police,
      completeEntry({ name: `扩容测试通知 ${randomBytes(3).toString('hex')}` }),
    );
    expectStatus(draft, 201, 'drafting on A');
    expectStatus(await A.call('POST', `/api/v1/resources/${draft.body.id}/submit`, TOKEN.police), 200, 'submitting on A');
    expectStatus(await A.call('POST', `/api/v1/resources/${draft.body.id}/publish`, TOKEN.bureau), 200, 'publishing on A');
    const published = Date.now();
    let after = await total(B);
    while (after === before && Date.now() - published < 2000) {
      await sleep(10);
      after = await total(B);
    }
    timings.facetsOnBAfterWriteOnAMs = Date.now() - published;
    expect(after).toBe(before + 1);

    // A token B has seen (and keeps the owner of) stops working on B once it is revoked on A.
    const [{ user_id: consumerId }] = await db('api_tokens')
      .where({ token_hash: hashToken(TOKEN.consumer) })
      .select('user_id');
    const { department_id: departmentId } = await db('users').where({ id: consumerId }).first('department_id');
    const user = await A.call('POST', '/api/v1/users', TOKEN.bureau, { name: '扩容测试前置机', departmentId, roles: ['consumer'] });
    expectStatus(user, 201, 'creating a user on A');
    const token = await A.call('POST', `/api/v1/users/${user.body.id}/tokens`, TOKEN.bureau, { name: '扩容测试令牌' });
    expectStatus(token, 201, 'issuing a token on A');
    expectStatus(await B.call('GET', '/api/v1/me', token.body.token), 200, 'the new token on B');
    expectStatus(await B.call('GET', '/api/v1/me', token.body.token), 200, 'the new token on B, again');
    expectStatus(await A.call('POST', `/api/v1/users/${user.body.id}/tokens/${token.body.id}/revoke`, TOKEN.bureau), 200, 'revoking on A');
    const revoked = Date.now();
    let status = (await B.call('GET', '/api/v1/me', token.body.token)).status;
    while (status === 200 && Date.now() - revoked < 2000) {
      await sleep(10);
      status = (await B.call('GET', '/api/v1/me', token.body.token)).status;
    }
    timings.revokedOnBAfterRevocationOnAMs = Date.now() - revoked;
    expect(status).toBe(401);
  });

  it('shows on B the category names the bureau changes on A (entries, facets, vocabularies), and refuses on A a category deleted on B', async () => {
    const code = `208${String(100 + (randomBytes(1)[0] % 800)).padStart(3, '0')}`;
    expectStatus(await A.call('POST', '/api/v1/categories', TOKEN.bureau, { code, name: '扩容测试分类' }), 201, 'a category on A');
    const draft = await A.call('POST', '/api/v1/resources', TOKEN.police, completeEntry({ name: '扩容测试分类目录', categoryCode: code }));
    expectStatus(draft, 201, 'an entry of it on A');
    expectStatus(await A.call('POST', `/api/v1/resources/${draft.body.id}/submit`, TOKEN.police), 200, 'submitting on A');
    expectStatus(await A.call('POST', `/api/v1/resources/${draft.body.id}/publish`, TOKEN.bureau), 200, 'publishing on A');
    // Each read under its own token: the per-token rate limit (20 a minute) is shared by both instances.
    const entryOnB = async () => {
      const entry = await B.call('GET', `/api/v1/resources/${draft.body.id}`, TOKEN.consumer);
      expectStatus(entry, 200, 'the entry on B');
      return (entry.body.categoryPath as string[]).at(-1);
    };
    const labelsOnB = async () => {
      const facets = await B.call('GET', `/api/v1/resources/facets?categoryCode=${code}`, TOKEN.auditor);
      expectStatus(facets, 200, 'the facets on B');
      const vocabularies = await B.call('GET', '/api/v1/vocabularies', TOKEN.civil);
      expectStatus(vocabularies, 200, 'the vocabularies on B');
      return [
        (facets.body.facets.categoryCode as Array<{ value: string; label: string }>).find((f) => f.value === code)?.label,
        (vocabularies.body.categories as Array<{ code: string; label: string }>).find((c) => c.code === code)?.label,
      ];
    };
    // Read twice on B: held in its read cache.
    for (let i = 0; i < 2; i++) {
      expect(await entryOnB()).toBe('扩容测试分类');
      expect(await labelsOnB()).toEqual(['扩容测试分类', '扩容测试分类']);
    }
    expectStatus(
      await A.call('PATCH', `/api/v1/categories/${code}`, TOKEN.bureau, { name: '扩容测试分类改名' }, { 'If-Match': '*' }),
      200,
      'renaming on A',
    );
    // B follows when the change feed's notice arrives (about a millisecond); a few looks at most.
    let seen = await entryOnB();
    for (let looks = 1; seen !== '扩容测试分类改名' && looks < 12; looks++) {
      await sleep(100);
      seen = await entryOnB();
    }
    expect(seen).toBe('扩容测试分类改名');
    expect(await labelsOnB()).toEqual(['扩容测试分类改名', '扩容测试分类改名']);

    const spare = `${code.slice(0, 3)}${String((Number(code.slice(3)) % 999) + 1).padStart(3, '0')}`;
    expectStatus(
      await B.call('POST', '/api/v1/categories', TOKEN.bureau, { code: spare, name: '扩容测试待删分类' }),
      201,
      'a category on B',
    );
    expectStatus(await B.call('DELETE', `/api/v1/categories/${spare}`, TOKEN.bureau, undefined, { 'If-Match': '*' }), 204, 'deleting on B');
    const refused = await A.call('POST', '/api/v1/resources', TOKEN.police, { name: '已删分类目录', categoryCode: spare });
    expectStatus(refused, 422, 'filing on A under a category deleted on B');
    expect(refused.body.errors[0]).toMatchObject({ path: '/categoryCode', code: 'unknown_category' });
  });

  it('counts one exchange quota over both instances, chains both their access records, and stops a revoked grant at the next call on the other', async () => {
    // The demo city's housing bureau queries the property register, delivered by natural resources.
    const HOUSING = 'demo-housing-token';
    const LAND = 'demo-land-token';
    const grants = await A.call('GET', '/api/v1/grants?side=outgoing', HOUSING);
    expectStatus(grants, 200, 'the housing grants on A');
    const grant = grants.body.items.find((g: Json) => g.provisionMode === 'query_api' && g.status === 'active');
    const input = {
      不动产单元号: '350102001000GB69989F10000000',
      不动产权证书号: '闽（2025）榕城市不动产权第0012345号',
      权利人证件号码: '350102198409255047',
    };
    const query = (on: Instance) => on.call('POST', `/api/v1/grants/${grant.id}/query`, HOUSING, { input });
    const terms = await B.call(
      'PUT',
      `/api/v1/grants/${grant.id}/terms`,
      LAND,
      { clearItems: [], requestsPerMinute: 4, rowsPerDay: 1000 },
      { 'If-Match': '*' },
    );
    expectStatus(terms, 200, 'setting the terms on B');
    // Calls alternate between the instances until the quota refuses one; the other instance then
    // refuses too (one count over both). Not across a minute's turn, which would reset the count.
    if (new Date().getSeconds() > 50) await sleep((61 - new Date().getSeconds()) * 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 10 && !statuses.includes(429); i++) statuses.push((await query(i % 2 === 0 ? A : B)).status);
    // The demo city's own queries at start may have used part of this minute already.
    expect(statuses.filter((st) => st === 200).length).toBeLessThanOrEqual(4);
    expect(statuses[statuses.length - 1]).toBe(429);
    const other = statuses.length % 2 === 0 ? A : B;
    const alsoRefused = await query(other);
    expectStatus(alsoRefused, 429, `the next call, on ${other.name}`);
    expect(alsoRefused.body.code).toBe('quota_exceeded');
    expectStatus(
      await A.call(
        'PUT',
        `/api/v1/grants/${grant.id}/terms`,
        LAND,
        { clearItems: [], requestsPerMinute: 600, rowsPerDay: 1000 },
        { 'If-Match': '"v1"' },
      ),
      200,
      'lifting the quota on A',
    );
    const answered = await B.call('POST', `/api/v1/grants/${grant.id}/query`, HOUSING, { input });
    expectStatus(answered, 200, 'a query on B');
    expect(answered.body.items).toEqual([expect.objectContaining({ 权利人: expect.stringMatching(/^.\*+$/) })]);
    // Revoked on A: the very next call on B is refused (the grant is read at every call).
    expectStatus(await A.call('POST', `/api/v1/grants/${grant.id}/revoke`, LAND, { reason: '扩容测试：停止共享' }), 200, 'revoking on A');
    const refused = await B.call('POST', `/api/v1/grants/${grant.id}/query`, HOUSING, { input });
    expectStatus(refused, 409, 'a query on B after the revocation on A');
    expect(refused.body.code).toBe('grant_not_active');
    // Both instances appended to one chain, which verifies on either.
    for (const on of [A, B]) {
      const chain = await on.call('GET', '/api/v1/access-records/verify', TOKEN.auditor);
      expectStatus(chain, 200, `the access records' chain on ${on.name}`);
      expect(chain.body).toMatchObject({ valid: true, brokenAt: null });
    }
    const records = await db('exchange_access_records').where({ grant_id: grant.id }).orderBy('seq');
    expect(records.map((r) => r.result).slice(-2)).toEqual(['ok', 'grant_not_active']);
  });

  it('logged no error on either instance', () => {
    for (const on of [A, B]) {
      const errors = on
        .output()
        .split('\n')
        .filter((line) => /"level":(50|60)|ERR_ERL|Error:/.test(line));
      expect({ instance: on.name, errors }).toEqual({ instance: on.name, errors: [] });
    }
  });
});
