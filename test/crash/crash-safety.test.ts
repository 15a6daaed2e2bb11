/**
 * Crash safety on SQLite. The service runs as a real child process on a temporary DATA_DIR and is
 * killed with SIGKILL while writes are in flight, CRASH_CYCLES times (default 10; the soak,
 * `npm run crash:soak`, runs 200). After every kill it restarts on the same file, and then:
 * every write answered 201 is still there, nothing is half done (each entry and project has its
 * `*.created` audit event, its items, provision modes and search row; no audit event points at a
 * missing row), `PRAGMA integrity_check` says ok and the audit chain verifies with the signing key.
 * It also checks the SQLite settings of the service's knex and that SIGTERM lets the requests in
 * flight finish before the process exits 0.
 *
 * The kill moments come from a seeded generator: the seed is logged, CRASH_SEED=<seed> reuses it.
 * The server runs from a build of src/ made here once (tsc --noCheck into
 * node_modules/.cache/crash-safety/build-<stamp of the sources>), not from dist/, so a build other
 * developers run or serve is never overwritten; ts-node was measured and starts several times slower.
 */
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import {
  compiledServer,
  freePort,
  Json,
  jsonRequest,
  parseJsonReply,
  ServerExit,
  ServerProcess,
  serverProcesses,
  startServerProcess,
} from '../support/built-server';
import { loadAuditSigningKey } from '../../src/audit-key';
import { createDb } from '../../src/db/knex';
import { groupCommitOf } from '../../src/db/group-commit';
import { tryGet } from '../../src/db/sqlite-direct';
import { migrateToLatest } from '../../src/db/migrate';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { verifyChain } from '../../src/modules/audit/audit.chain';

const CYCLES = positiveIntegerFromEnv('CRASH_CYCLES', 10);
const SEED = process.env.CRASH_SEED?.trim() ? positiveIntegerFromEnv('CRASH_SEED', 1) >>> 0 : randomInt(1, 2 ** 31);
const IN_FLIGHT = 20;
const KILL_DELAY_MS = { min: 20, max: 400 };
const BOOTSTRAP_TOKEN = `crash-bootstrap-${randomBytes(12).toString('hex')}`;

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** mulberry32: small, fast and good enough to make the kill moments reproducible from a seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The promise's value, or null when it takes longer than ms (the timer is cleared either way). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// The server under test: built once (test/support/built-server.ts), started as a child process.

type Exit = ServerExit;
type Server = ServerProcess;

interface Env {
  main: string;
  dataDir: string;
  port: number;
  keyFile: string;
  sqliteFile: string;
}

async function startServer(env: Env, startTimes: number[]): Promise<Server> {
  const started = Date.now();
  const server = await startServerProcess(
    'the server',
    env.main,
    env.port,
    {
      DATA_DIR: env.dataDir,
      DEMO_DATA: 'false',
      BOOTSTRAP_ADMIN_TOKEN: BOOTSTRAP_TOKEN,
      LOG_LEVEL: 'warn',
      AUDIT_SIGNING_KEY_FILE: env.keyFile,
      // The per-token limit is not under test here: keep it out of the way of the bursts.
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    ['DATABASE_URL', 'AUDIT_SIGNING_KEY', 'PG_TEST_URL', 'NODE_OPTIONS'],
  );
  startTimes.push(Date.now() - started);
  return server;
}

// ---------------------------------------------------------------------------------------------
// HTTP, with the raw error codes a dying server produces (ECONNRESET, ECONNREFUSED, …).

interface Reply {
  status: number;
  body: Json;
  at: number;
  connection: string | undefined;
}

interface Pending {
  /** The server answered 100 Continue: it has the request and runs its handler. */
  continued: Promise<void>;
  done: Promise<Reply>;
  /** Sends the held-back body (with holdBody). */
  sendBody: () => void;
}

function start(
  port: number,
  agent: http.Agent | false,
  method: string,
  urlPath: string,
  token?: string,
  body?: unknown,
  options: { expectContinue?: boolean; holdBody?: boolean } = {},
): Pending {
  const { headers, payload } = jsonRequest(token, body, options.expectContinue ? { Expect: '100-continue' } : {});
  let sendBody = () => {};
  let onContinue = () => {};
  const continued = new Promise<void>((resolve) => {
    onContinue = resolve;
  });
  const done = new Promise<Reply>((resolve, reject) => {
    const fail = (code: string, message: string) => reject(Object.assign(new Error(message), { code }));
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => fail('ECONNRESET', 'response aborted'));
      res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'ECONNRESET', err.message));
      res.on('end', () => {
        if (!res.complete) return fail('ECONNRESET', 'response cut short');
        resolve({ status: res.statusCode ?? 0, body: parseJsonReply(chunks), at: Date.now(), connection: res.headers.connection });
      });
    });
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? 'UNKNOWN', err.message));
    req.on('continue', () => onContinue());
    if (options.holdBody && payload) {
      req.flushHeaders();
      sendBody = () => req.end(payload);
    } else {
      req.end(payload ?? undefined);
    }
  });
  return { continued, done, sendBody: () => sendBody() };
}

function send(port: number, agent: http.Agent | false, method: string, urlPath: string, token?: string, body?: unknown): Promise<Reply> {
  return start(port, agent, method, urlPath, token, body).done;
}

const IN_FLIGHT_FAILURES = new Set(['ECONNRESET', 'EPIPE']);

// ---------------------------------------------------------------------------------------------
// What the writes create.

const ITEMS = [
  { name: '统一社会信用代码', dataType: 'C', length: 18, queryRole: 'input' },
  { name: '单位名称', dataType: 'C', length: 200, queryRole: 'output' },
  { name: '登记日期', dataType: 'D', queryRole: 'output' },
];

function draftBody(name: string): Json {
  return {
    name,
    categoryCode: '101',
    summary: '崩溃测试：进程被强制终止时正在登记的目录草稿。',
    format: 'spreadsheet',
    updateCycle: 'monthly',
    items: ITEMS,
    provisionModes: [{ mode: 'query_api' }, { mode: 'batch_exchange', fileFormat: 'csv' }],
  };
}

function projectBody(code: string, name: string): Json {
  return { code, name, content: '崩溃测试：进程被强制终止时正在登记的信息化项目。', approvedBudgetYuan: 100000 };
}

interface Ack {
  kind: 'resource' | 'project';
  id: string;
  name: string;
  code: string | null;
  cycle: number;
}

interface Setup {
  departmentId: string;
  userId: string;
  token: string;
}

// ---------------------------------------------------------------------------------------------
// The run's state and totals.

const totals = {
  seed: SEED,
  cyclesPlanned: CYCLES,
  kills: 0,
  killedBySigkill: 0,
  cyclesWithInFlightFailure: 0,
  acknowledged: { resources: 0, projects: 0 },
  acknowledgedCheckedViaApi: 0,
  acknowledgedCheckedInFile: 0,
  failedAfterKill: { reset: 0, refused: 0, other: 0 },
  committedButUnacknowledged: 0,
  integrityChecksPassed: 0,
  chainVerificationsPassed: 0,
  apiChainVerificationsPassed: 0,
  auditEventsAtEnd: 0,
  killDelayMs: { min: Infinity, max: 0 },
  serverStartMs: { count: 0, avg: 0, max: 0 },
  buildMs: null as number | null,
  graceful: null as null | {
    exitCode: number | null;
    exitMs: number;
    answeredAfterSigterm: number;
    connectionHeaderAfterSigterm: string[];
  },
  failure: null as string | null,
  durationMs: 0,
};

let tmp: string;
let env: Env;
let setup: Setup | null = null;
let running: Server | null = null;
const startTimes: number[] = [];
const runStarted = Date.now();

beforeAll(async () => {
  console.log(`crash-safety: seed ${SEED} (CRASH_SEED=${SEED} repeats the kill moments), ${CYCLES} kill cycles`);
  const { main, buildMs } = compiledServer();
  totals.buildMs = buildMs;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-crash-'));
  const dataDir = path.join(tmp, 'data');
  env = { main, dataDir, port: await freePort(), keyFile: path.join(tmp, 'key.pem'), sqliteFile: path.join(dataDir, 'catalog.sqlite') };
}, 180_000);

afterAll(async () => {
  for (const child of serverProcesses) child.kill('SIGKILL');
  await sleep(50);
  totals.durationMs = Date.now() - runStarted;
  totals.serverStartMs = {
    count: startTimes.length,
    avg: startTimes.length ? Math.round(startTimes.reduce((a, b) => a + b, 0) / startTimes.length) : 0,
    max: startTimes.length ? Math.max(...startTimes) : 0,
  };
  if (totals.killDelayMs.min === Infinity) totals.killDelayMs.min = 0;

  console.log(`crash-safety totals ${JSON.stringify(totals)}`);
  if (process.env.CRASH_TOTALS_FILE) fs.writeFileSync(process.env.CRASH_TOTALS_FILE, JSON.stringify(totals, null, 2));
  if (tmp && !process.env.CRASH_KEEP_DATA) fs.rmSync(tmp, { recursive: true, force: true });
  else if (tmp) console.log(`crash-safety: data kept in ${tmp}`);
});

function readSetup(): Setup {
  return JSON.parse(fs.readFileSync(path.join(tmp, 'setup.json'), 'utf8')) as Setup;
}

/** The bureau (bootstrap token) registers a producing department, its producer and a token. */
async function createProducer(): Promise<Setup> {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const dept = await send(env.port, agent, 'POST', '/api/v1/departments', BOOTSTRAP_TOKEN, {
      name: '崩溃测试市数据生产局',
      creditCode: withCreditCodeCheckChar('11350100MB0000099'),
      level: 'municipal',
    });
    expect(dept.status).toBe(201);
    const user = await send(env.port, agent, 'POST', '/api/v1/users', BOOTSTRAP_TOKEN, {
      name: '崩溃测试员',
      departmentId: dept.body.id,
      roles: ['producer', 'consumer'],
    });
    expect(user.status).toBe(201);
    const token = await send(env.port, agent, 'POST', `/api/v1/users/${user.body.id}/tokens`, BOOTSTRAP_TOKEN, {
      name: 'crash-test',
      expiresInDays: 30,
    });
    expect(token.status).toBe(201);
    const made: Setup = { departmentId: dept.body.id, userId: user.body.id, token: token.body.token };
    fs.writeFileSync(path.join(tmp, 'setup.json'), JSON.stringify(made));
    return readSetup();
  } finally {
    agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// One kill: IN_FLIGHT writers post drafts and projects back to back until the server dies.

interface KillResult {
  acks: Ack[];
  reset: number;
  refused: number;
  other: string[];
  beforeKill: string[];
  unexpectedStatus: string[];
  exit: Exit;
  delay: number;
}

async function writeAndKill(server: Server, token: string, cycle: number, delay: number): Promise<KillResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const result: Omit<KillResult, 'exit'> = { acks: [], reset: 0, refused: 0, other: [], beforeKill: [], unexpectedStatus: [], delay };
  let killed = false;
  const writer = async (w: number): Promise<void> => {
    for (let n = 0; !killed; n += 1) {
      // Every fifth writer registers projects, the others draft catalog entries.
      const kind: Ack['kind'] = w % 5 === 0 ? 'project' : 'resource';
      const name = kind === 'project' ? `崩溃测试项目 c${cycle} w${w} n${n}` : `崩溃测试目录 c${cycle} w${w} n${n}`;
      const code = kind === 'project' ? `CRASH-${cycle}-${w}-${n}` : null;
      try {
        const reply =
          kind === 'project'
            ? await send(env.port, agent, 'POST', '/api/v1/projects', token, projectBody(code!, name))
            : await send(env.port, agent, 'POST', '/api/v1/resources', token, draftBody(name));
        if (reply.status === 201 && typeof reply.body.id === 'string') result.acks.push({ kind, id: reply.body.id, name, code, cycle });
        else result.unexpectedStatus.push(`${kind} ${name}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
        if (!killed) result.beforeKill.push(`${kind} ${name}: ${code} ${(err as Error).message}`);
        else if (IN_FLIGHT_FAILURES.has(code)) result.reset += 1;
        else if (code === 'ECONNREFUSED') result.refused += 1;
        else result.other.push(`${code} ${(err as Error).message}`);
        return;
      }
    }
  };
  const writers = Array.from({ length: IN_FLIGHT }, (_, w) => writer(w));
  await sleep(delay);
  killed = true;
  server.child.kill('SIGKILL');
  await Promise.all(writers);
  const exit = await server.exit;
  agent.destroy();
  return { ...result, exit };
}

// ---------------------------------------------------------------------------------------------
// After a restart: the acknowledged writes, the file, the chain.

async function pragmas(db: Knex | Knex.Transaction): Promise<{ journalMode: string; synchronous: number; foreignKeys: number }> {
  const [journal] = await db.raw('PRAGMA journal_mode');
  const [sync] = await db.raw('PRAGMA synchronous');
  const [fk] = await db.raw('PRAGMA foreign_keys');
  return { journalMode: String(journal.journal_mode), synchronous: Number(sync.synchronous), foreignKeys: Number(fk.foreign_keys) };
}

function countBy(rows: Array<{ key: string; n: number | string }>): Map<string, number> {
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

async function checkAfterRestart(token: string, cycle: number, cycleAcks: Ack[], allAcks: Ack[]): Promise<string[]> {
  const problems: string[] = [];
  const at = `cycle ${cycle}`;

  // 1. Every write acknowledged in this cycle answers through the API, as it was written.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  try {
    for (let i = 0; i < cycleAcks.length; i += 10) {
      await Promise.all(
        cycleAcks.slice(i, i + 10).map(async (ack) => {
          const url = ack.kind === 'resource' ? `/api/v1/resources/${ack.id}` : `/api/v1/projects/${ack.id}`;
          const got = await send(env.port, agent, 'GET', url, token);
          totals.acknowledgedCheckedViaApi += 1;
          if (got.status !== 200)
            problems.push(
              `${at}: acknowledged ${ack.kind} ${ack.id} (${ack.name}) answers ${got.status} after the restart: ${JSON.stringify(got.body).slice(0, 300)}`,
            );
          else if (got.body.name !== ack.name)
            problems.push(`${at}: acknowledged ${ack.kind} ${ack.id} is named "${got.body.name}", not "${ack.name}"`);
          else if (
            ack.kind === 'resource' &&
            (got.body.status !== 'draft' || got.body.items?.length !== ITEMS.length || got.body.provisionModes?.length !== 2)
          ) {
            problems.push(
              `${at}: acknowledged entry ${ack.id} came back incomplete: status ${got.body.status}, ${got.body.items?.length} items, ${got.body.provisionModes?.length} provision modes`,
            );
          } else if (ack.kind === 'project' && got.body.code !== ack.code)
            problems.push(`${at}: acknowledged project ${ack.id} has code ${got.body.code}, not ${ack.code}`);
        }),
      );
    }
    if (cycle === 1 || cycle === CYCLES) {
      const report = await send(env.port, agent, 'GET', '/api/v1/audit-events/verification', BOOTSTRAP_TOKEN);
      if (report.status !== 200 || report.body.valid !== true)
        problems.push(`${at}: GET /api/v1/audit-events/verification: ${report.status} ${JSON.stringify(report.body)}`);
      else totals.apiChainVerificationsPassed += 1;
    }
  } finally {
    agent.destroy();
  }

  // 2. The file itself, through a connection of its own.
  const header = Buffer.alloc(20);
  const fd = fs.openSync(env.sqliteFile, 'r');
  fs.readSync(fd, header, 0, 20, 0);
  fs.closeSync(fd);
  if (header[18] !== 2 || header[19] !== 2)
    problems.push(`${at}: the database file is not in WAL mode (header bytes 18/19: ${header[18]}/${header[19]})`);

  const db = createDb({ databaseUrl: null, sqliteFile: env.sqliteFile });
  try {
    const integrity: Array<{ integrity_check: string }> = await db.raw('PRAGMA integrity_check');
    if (integrity.length === 1 && integrity[0].integrity_check === 'ok') totals.integrityChecksPassed += 1;
    else problems.push(`${at}: PRAGMA integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`);
    const fkProblems: unknown[] = await db.raw('PRAGMA foreign_key_check');
    if (fkProblems.length > 0) problems.push(`${at}: PRAGMA foreign_key_check: ${JSON.stringify(fkProblems.slice(0, 5))}`);

    const resources: Array<{ id: string; name: string; item_count: number; provision_modes_json: string }> = await db('resources').select(
      'id',
      'name',
      'item_count',
      'provision_modes_json',
    );
    const projects: Array<{ id: string; name: string; code: string }> = await db('projects').select('id', 'name', 'code');
    const items = countBy(await db('resource_items').select('resource_id as key').count('* as n').groupBy('resource_id'));
    const modes = countBy(await db('resource_provision_modes').select('resource_id as key').count('* as n').groupBy('resource_id'));
    const fts = countBy(await db.raw('SELECT resource_id AS key, COUNT(*) AS n FROM resources_fts GROUP BY resource_id'));
    const events: Array<{ object_type: string; object_id: string; action: string }> = await db('audit_events')
      .whereIn('object_type', ['resource', 'project'])
      .select('object_type', 'object_id', 'action');

    const byId = new Map<string, { kind: string; name: string; code?: string }>();
    for (const r of resources) byId.set(r.id, { kind: 'resource', name: r.name });
    for (const p of projects) byId.set(p.id, { kind: 'project', name: p.name, code: p.code });

    // Every acknowledged write of every cycle so far is in the file, as written.
    for (const ack of allAcks) {
      const row = byId.get(ack.id);
      totals.acknowledgedCheckedInFile += 1;
      if (!row || row.kind !== ack.kind)
        problems.push(`${at}: acknowledged ${ack.kind} ${ack.id} (${ack.name}, cycle ${ack.cycle}) is missing from the file`);
      else if (row.name !== ack.name)
        problems.push(`${at}: acknowledged ${ack.kind} ${ack.id} is stored as "${row.name}", not "${ack.name}"`);
    }

    // Nothing half done: each row has exactly one creation event, each event its row.
    const created = new Map<string, number>();
    for (const e of events) {
      if (!byId.has(e.object_id) || byId.get(e.object_id)!.kind !== e.object_type)
        problems.push(`${at}: audit event ${e.action} for ${e.object_type} ${e.object_id}, which has no row`);
      if (e.action === `${e.object_type}.created`) created.set(e.object_id, (created.get(e.object_id) ?? 0) + 1);
    }
    for (const [id, row] of byId) {
      const n = created.get(id) ?? 0;
      if (n !== 1) problems.push(`${at}: ${row.kind} ${id} (${row.name}) has ${n} ${row.kind}.created audit events`);
    }
    for (const r of resources) {
      const modeCount = (JSON.parse(r.provision_modes_json) as unknown[]).length;
      if ((items.get(r.id) ?? 0) !== Number(r.item_count))
        problems.push(`${at}: entry ${r.id} says ${r.item_count} items but has ${items.get(r.id) ?? 0} item rows`);
      if ((modes.get(r.id) ?? 0) !== modeCount)
        problems.push(`${at}: entry ${r.id} lists ${modeCount} provision modes but has ${modes.get(r.id) ?? 0} rows`);
      if ((fts.get(r.id) ?? 0) !== 1) problems.push(`${at}: entry ${r.id} has ${fts.get(r.id) ?? 0} search-index rows`);
    }
    if (fts.size !== resources.length)
      problems.push(`${at}: the search index has rows for ${fts.size} entries, the catalog ${resources.length}`);

    // Writes of this cycle that committed although their answer never arrived (allowed: the
    // client saw a connection error, not a 201).
    const acked = new Set(cycleAcks.map((a) => a.id));
    const marker = new RegExp(` c${cycle} w\\d+ n\\d+$`);
    totals.committedButUnacknowledged += [...resources, ...projects].filter((r) => marker.test(r.name) && !acked.has(r.id)).length;

    // The audit chain, with the key the service signs its checkpoints with.
    if (!fs.existsSync(env.keyFile)) problems.push(`${at}: the signing key ${env.keyFile} is missing`);
    else {
      const { key } = loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: env.keyFile }, env.dataDir);
      const report = await verifyChain(db, key);
      const [{ n }] = await db('audit_events').count('* as n');
      totals.auditEventsAtEnd = Number(n);
      if (!report.valid) problems.push(`${at}: the audit chain does not verify: ${JSON.stringify(report.firstBrokenLink)}`);
      else if (report.eventsChecked !== Number(n)) problems.push(`${at}: the chain covers ${report.eventsChecked} of ${n} audit events`);
      else totals.chainVerificationsPassed += 1;
    }
  } finally {
    await db.destroy();
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

describe('crash safety (SQLite)', () => {
  it('opens every connection of the service knex with WAL, synchronous=NORMAL under group commit, and foreign keys on', async () => {
    const file = path.join(tmp, 'pragmas', 'catalog.sqlite');
    const first = createDb({ databaseUrl: null, sqliteFile: file });
    const second = createDb({ databaseUrl: null, sqliteFile: file });
    // NORMAL: SQLite does not wait for the disk at COMMIT; the group commit syncs the WAL before
    // any transaction resolves (ADR 0020).
    const expected = { journalMode: 'wal', synchronous: 1, foreignKeys: 1 };
    try {
      await migrateToLatest(first);
      // The pool holds one connection; every query and every transaction runs on it.
      const pool = (first.client as { pool: { max: number } }).pool;
      expect(pool.max).toBe(1);
      expect(await pragmas(first)).toEqual(expected);
      expect(await first.transaction((trx) => pragmas(trx))).toEqual(expected);
      const uid = async (db: Knex): Promise<string> => {
        const client = db.client as {
          acquireConnection: () => Promise<{ __knexUid: string }>;
          releaseConnection: (c: unknown) => Promise<void>;
        };
        const conn = await client.acquireConnection();
        await client.releaseConnection(conn);
        return conn.__knexUid;
      };
      const firstConnection = await uid(first);

      // A connection opened anew by the same pool (after destroy/initialize) gets the same settings…
      await first.destroy();
      first.initialize();
      expect(await uid(first)).not.toBe(firstConnection);
      expect(await pragmas(first)).toEqual(expected);
      expect(groupCommitOf(first)).not.toBeNull();
      // Direct reads (ADR 0019) follow the new connection, not the closed one.
      expect(tryGet(first, 'SELECT 1 AS one')).toEqual({ one: 1 });

      // …and so does a second knex on the same file, alongside the first.
      expect(await uid(second)).not.toBe(firstConnection);
      expect(await pragmas(second)).toEqual(expected);
      expect(await second.transaction((trx) => pragmas(trx))).toEqual(expected);
      // Foreign keys are enforced, not only reported.
      await expect(
        second('users').insert({
          id: 'no-department-user',
          name: 'x',
          department_id: 'no-such-department',
          roles_json: '[]',
          active: true,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        }),
      ).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY constraint failed/) });
    } finally {
      await first.destroy();
      await second.destroy();
    }
  });

  it(
    `keeps every acknowledged write, whole and audited, across ${CYCLES} SIGKILLs`,
    async () => {
      const random = seededRandom(SEED);
      let server = await startServer(env, startTimes);
      running = server;
      setup = await createProducer();
      const allAcks: Ack[] = [];
      try {
        for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
          const delay = KILL_DELAY_MS.min + Math.floor(random() * (KILL_DELAY_MS.max - KILL_DELAY_MS.min + 1));
          totals.killDelayMs.min = Math.min(totals.killDelayMs.min, delay);
          totals.killDelayMs.max = Math.max(totals.killDelayMs.max, delay);
          const token = readSetup().token;
          const killed = await writeAndKill(server, token, cycle, delay);
          running = null;
          totals.kills += 1;

          // The kill landed: SIGKILL ended the process, with requests still in flight.
          expect({ cycle, delay, exit: { code: killed.exit.code, signal: killed.exit.signal } }).toEqual({
            cycle,
            delay,
            exit: { code: null, signal: 'SIGKILL' },
          });
          totals.killedBySigkill += 1;
          totals.failedAfterKill.other += killed.other.length;
          expect({
            cycle,
            failedBeforeKill: killed.beforeKill,
            unexpectedStatus: killed.unexpectedStatus,
            otherErrors: killed.other,
          }).toEqual({ cycle, failedBeforeKill: [], unexpectedStatus: [], otherErrors: [] });
          totals.failedAfterKill.reset += killed.reset;
          totals.failedAfterKill.refused += killed.refused;
          if (killed.reset > 0) totals.cyclesWithInFlightFailure += 1;
          for (const ack of killed.acks) {
            allAcks.push(ack);
            if (ack.kind === 'resource') totals.acknowledged.resources += 1;
            else totals.acknowledged.projects += 1;
          }

          // Restart on the same file and look at what survived.
          server = await startServer(env, startTimes);
          running = server;
          const problems = await checkAfterRestart(token, cycle, killed.acks, allAcks);
          expect(problems).toEqual([]);
        }
        expect(totals.failedAfterKill.reset).toBeGreaterThan(0);
        expect(totals.cyclesWithInFlightFailure).toBeGreaterThan(CYCLES / 2);
        expect(allAcks.length).toBeGreaterThan(0);
      } catch (err) {
        totals.failure = (err as Error).message.slice(0, 4000);
        throw err;
      }
    },
    120_000 + CYCLES * 20_000,
  );

  it('on SIGTERM finishes the requests in flight, refuses new ones and exits 0', async () => {
    const server = running ?? (await startServer(env, startTimes));
    running = null;
    const token = setup?.token ?? (await createProducer()).token;
    const agent = new http.Agent({ keepAlive: true });
    try {
      const me = await send(env.port, agent, 'GET', '/api/v1/me', token);
      expect(me.status).toBe(200);

      // Searches, and a draft whose body is held back: the server has each of them (it answered
      // 100 Continue, so its handler runs) when SIGTERM arrives, so each is in flight. (A
      // connection whose request the server has not read yet counts as idle and is closed.)
      const q = encodeURIComponent('崩溃测试');
      const searches = Array.from({ length: 20 }, (_, i) =>
        start(env.port, agent, 'GET', `/api/v1/resources?q=${q}&limit=50&sort=${i % 2 ? 'name' : 'relevance'}`, token, undefined, {
          expectContinue: true,
        }),
      );
      const name = `优雅停机测试目录 ${randomBytes(4).toString('hex')}`;
      const slow = start(env.port, agent, 'POST', '/api/v1/resources', token, draftBody(name), { expectContinue: true, holdBody: true });
      await Promise.all([...searches.map((s) => s.continued), slow.continued]);

      const sigtermAt = Date.now();
      server.child.kill('SIGTERM');
      await sleep(200);
      // No new connections once shutting down…
      const late = await send(env.port, false, 'GET', '/healthz').then(
        (r) => `answered ${r.status}`,
        (err: NodeJS.ErrnoException) => err.code,
      );
      expect(late).toBe('ECONNREFUSED');
      // …but the request already taken gets its body read and its answer.
      await sleep(100);
      slow.sendBody();
      const created = await slow.done;
      expect({ status: created.status, name: created.body.name }).toEqual({ status: 201, name });
      const answers = await Promise.all(searches.map((s) => s.done));
      expect(answers.map((a) => a.status)).toEqual(searches.map(() => 200));
      const afterSigterm = [created, ...answers].filter((a) => a.at >= sigtermAt);

      // The answers given while shutting down still offer keep-alive, so a client that keeps its
      // idle connections open holds the exit back until the server's keep-alive timeout (5 s).
      // This client, done, closes them; the process must then be gone promptly.
      agent.destroy();
      const exit = await within(server.exit, 15_000);
      expect(exit).not.toBeNull();
      totals.graceful = {
        exitCode: exit!.code,
        exitMs: exit!.at - sigtermAt,
        answeredAfterSigterm: afterSigterm.length,
        connectionHeaderAfterSigterm: [...new Set(afterSigterm.map((a) => a.connection ?? '(none)'))],
      };
      expect({ code: exit!.code, signal: exit!.signal }).toEqual({ code: 0, signal: null });
      expect(exit!.at - sigtermAt).toBeLessThan(3_000);

      // The database was closed cleanly (the WAL checkpointed away) and holds the late draft, audited.
      const wal = `${env.sqliteFile}-wal`;
      expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
      const db = createDb({ databaseUrl: null, sqliteFile: env.sqliteFile });
      try {
        const row = await db('resources').where({ id: created.body.id }).first();
        expect(row?.name).toBe(name);
        expect(await db('audit_events').where({ object_id: created.body.id, action: 'resource.created' })).toHaveLength(1);
        expect(await db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        const { key } = loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: env.keyFile }, env.dataDir);
        expect((await verifyChain(db, key)).valid).toBe(true);
      } finally {
        await db.destroy();
      }
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
