// Load benchmark of the query API (信息查询接口) and the verification API (信息核验接口) served from
// delivered data (issue 16; docs/exchange.md, "Query and verification" and "Query and verification
// figures"). Not a timed test: it prints a table, and with BENCH_RECORD=1 appends it to
// bench/RESULTS.md.
//
//   npm run bench:exchange-query                          # builds, then SQLite and PostgreSQL
//   BENCH_ROWS=20000 BENCH_DATABASES=sqlite npm run bench:exchange-query   # a small run while developing
//   BENCH_RECORD=1 npm run bench:exchange-query           # appends the section to bench/RESULTS.md
//
// Goal (issue 16): on 1,000,000 delivered rows, at 50 connections, p99 ≤ 10 ms and ≥ 0.5 × bare
// express, for the query API and the verification API, on SQLite and on PostgreSQL.
//
// What it does, on each database:
// 1. Setup. Starts the built server (dist/src/main.js) on a new SQLite file, or on PostgreSQL in the
//    scratch schema `bench_exchange_query` of BENCH_DATABASE_URL (default: the local `test`
//    database; no other schema is touched), with NODE_ENV=production and the per-token rate limit
//    far above what 50 connections send. Through the API, as a city would: the bureau (a bootstrap
//    token) registers two departments and their clerks; the producer drafts the population entry of
//    20 items (bench/exchange-data.ts: 公民身份号码 the key and the query input, the others outputs,
//    sensitive ones masked) offering batch exchange, a query API and a verification API without an
//    endpoint (answered from the delivered data); the bureau publishes it; the consumer asks for a
//    query grant (every item) and a verification grant (ID number, name, sex, birth date) and the
//    producer approves both and lifts their quotas (PUT /grants/{id}/terms). The producer uploads
//    the delivery of BENCH_ROWS rows (1,000,000; the CSV that bench/exchange-ingest.ts writes under
//    bench/.data/exchange/, generated here if missing). On PostgreSQL the scratch schema is then
//    vacuumed and analysed (the local server runs without autovacuum; a production one would have
//    done it after such a load, and doing it here keeps it out of the measured window). SQLite is
//    measured as the server leaves it (BENCH_ANALYZE below).
// 2. Traffic. BENCH_IDS (20,000) distinct ID numbers drawn from the delivered rows (the generator is
//    deterministic: the rows are regenerated in order with benchRow), in a shuffled rotation with
//    10 % misses (well-formed ID numbers of rows that do not exist). Verifications send the ID
//    number and the name: the real name for 80 % of the hits, a wrong one for 20 %. Before and after
//    the load a sample of these is sent one by one and every answer checked (a hit answers its row,
//    a miss none; a verification matches exactly when the name is the real one).
// 3. Writes mixed in. While a case is loaded, a background loop uploads every second an increment
//    delivery of BENCH_WRITE_ROWS (100) rows — 98 of the queried people with a changed phone number,
//    income, registration time and remark (their names kept, so verifications stay right) and 2
//    other people deleted (re-added on the next pass) — and every 5 s the producer puts a grant's
//    terms again (If-Match: *), alternating between the two grants.
// 4. Per case (query, verification): a 2 s warm-up, BENCH_SECONDS (10) at 50 connections (req/s,
//    p50 / p97.5 / p99, the server's RSS sampled every 200 ms), one connection for 3 s, then
//    BENCH_RATIO_ROUNDS (4) paired rounds of BENCH_RATIO_SECONDS (2 s): bare express (bench/bare-
//    server.ts, its own process, a JSON body of the case's mean answer size) and the case back to
//    back, the order alternating, as bench/load.ts does. The writes run during the case's rounds and
//    pause during bare express's, so the ratio charges them to the catalog only.
//
// The helpers for child processes, RSS and paired rounds are local equivalents of bench/load.ts's
// and bench/exchange-ingest.ts's (those scripts run on import, and are not to be edited here).
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { withCreditCodeCheckChar } from '../src/domain/credit-code';
import { freePort, hasExited, measuredServerEnv, stopChild, track } from './child-processes';
import { BENCH_ITEMS, benchRow, seededRandom, writeBenchCsv } from './exchange-data';

const ROOT = path.resolve(__dirname, '..');
/** The deliveries bench/exchange-ingest.ts generates; the same bytes for the same BENCH_ROWS. */
const CSV_DIR = path.join(__dirname, '.data', 'exchange');
const WORK = path.join(__dirname, '.data', 'exchange-query');
const RESULTS = path.join(__dirname, 'RESULTS.md');
/** BENCH_SERVER_MAIN: another build of the server (a before-and-after on one machine). */
const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ? path.resolve(process.env.BENCH_SERVER_MAIN) : path.join(ROOT, 'dist', 'src', 'main.js');
const BARE_SERVER = path.join(__dirname, 'bare-server.ts');

/** writeBenchCsv's default seed: the rows are regenerated from it. */
const CSV_SEED = 20261205;
const ROWS = positiveInt('BENCH_ROWS', 1_000_000);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim());
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_SCHEMA = 'bench_exchange_query';
/**
 * The databases whose planner statistics are made right after the delivery: by default PostgreSQL
 * only (VACUUM (ANALYZE): autovacuum would do it within a minute of such a load on a production
 * server, the local one runs without it). SQLite is measured as the server leaves it after a
 * delivery (its own PRAGMA optimize runs hourly); BENCH_ANALYZE=sqlite,postgres runs ANALYZE on the
 * SQLite file too (the server stopped and started again), a diagnosis of what the statistics change.
 */
const ANALYZE = new Set((process.env.BENCH_ANALYZE ?? 'postgres').split(',').map((d) => d.trim()));
const SECONDS = positiveInt('BENCH_SECONDS', 10);
const RATIO_ROUNDS = positiveInt('BENCH_RATIO_ROUNDS', 4);
const RATIO_SECONDS = positiveInt('BENCH_RATIO_SECONDS', 2);
const WRITE_ROWS = positiveInt('BENCH_WRITE_ROWS', 100);
/** BENCH_WRITES=0 leaves the writes out: a diagnosis only, since the goal is with writes mixed in. */
const WRITES = process.env.BENCH_WRITES !== '0';
/** Rows that the increments delete and re-add: never queried. */
const DELETABLE = Math.min(2000, Math.floor(ROWS / 10));
const IDS = Math.min(positiveInt('BENCH_IDS', 20_000), ROWS - DELETABLE);
const MISS_SHARE = 0.1;
const WRONG_NAME_SHARE = 0.2;
const PROBES = 200;

const CONNECTIONS = 50;
const WARMUP_SECONDS = 2;
const SINGLE_SECONDS = 3;
const WRITE_EVERY_MS = 1000;
const TERMS_EVERY_TICKS = 5;
const RSS_SAMPLE_MS = 200;
const ADMIN_TOKEN = `bench-exchange-query-admin-${process.pid}-token`;
/** The grants' quotas for the run: the contract's maxima (GrantTermsInput). */
const LIFTED_TERMS = { clearItems: [], requestsPerMinute: 1_000_000, rowsPerDay: 1_000_000_000 };

const GOALS = { p99Ms: 10, bareRatio: 0.5 };

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (kb: number) => (kb / 1024).toFixed(0);
const ms = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

// ---- child processes ------------------------------------------------------------------------------

interface Server {
  child: ChildProcess;
  pid: number;
  base: string;
  output: () => string;
}

async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const childEnv = measuredServerEnv(port, ADMIN_TOKEN, env);
  // BENCH_NODE_FLAGS: node options for the measured server, for experiments (--cpu-prof, heap sizes).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = track(spawn(process.execPath, [...flags, SERVER_MAIN], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (hasExited(child)) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail}`);
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the server was not ready in 120 s:\n${tail}`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return { child, pid: child.pid!, base, output: () => tail.trim() };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
}

async function startBareServer(): Promise<{ child: ChildProcess; base: string }> {
  const child = track(
    spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', BARE_SERVER], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4096)));
  const port = await new Promise<number>((resolve, reject) => {
    let line = '';
    const timer = setTimeout(() => reject(new Error(`the bare express server did not start in 30 s:\n${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the bare express server exited (${code}):\n${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      line += chunk.toString('utf8');
      const newline = line.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve((JSON.parse(line.slice(0, newline)) as { port: number }).port);
      }
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

// ---- RSS -------------------------------------------------------------------------------------------

/** A field of /proc/<pid>/status in KiB (Linux), or NaN. */
function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}

/** Resets VmHWM to the current RSS (Linux: clear_refs 5), so the peak read later is of what follows. */
function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Samples the server's VmRSS every 200 ms while a case is loaded; keeps the maximum. */
class RssSampler {
  maxKb = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly pid: number) {}
  start(): void {
    this.sample();
    this.timer ??= setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }
  private sample(): void {
    const kb = statusKb(this.pid, 'VmRSS');
    if (Number.isFinite(kb)) this.maxKb = Math.max(this.maxKb, kb);
  }
}

// ---- HTTP ------------------------------------------------------------------------------------------

async function call(
  base: string,
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(base + urlPath, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function api<T>(
  base: string,
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const r = await call(base, token, method, urlPath, body, headers);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${urlPath} → ${r.status} ${r.text.slice(0, 600)}`);
  return (r.text ? JSON.parse(r.text) : {}) as T;
}

/** Uploads a delivery (a file streamed from disk, or bytes in memory); the answer and the seconds it took. */
async function uploadDelivery(
  base: string,
  token: string,
  entryId: string,
  source: { file: string } | { bytes: Buffer },
  kind: 'full' | 'increment',
): Promise<{ seconds: number; body: { rowsAccepted?: number; rowsDeleted?: number } }> {
  const { hostname, port } = new URL(base);
  const size = 'file' in source ? fs.statSync(source.file).size : source.bytes.length;
  const t0 = performance.now();
  const reply = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port: Number(port),
        method: 'POST',
        path: `/api/v1/resources/${encodeURIComponent(entryId)}/deliveries?kind=${kind}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': size },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if ('file' in source) fs.createReadStream(source.file, { highWaterMark: 1 << 16 }).pipe(req);
    else req.end(source.bytes);
  });
  const seconds = (performance.now() - t0) / 1000;
  if (reply.status !== 201) throw new Error(`${kind} delivery → ${reply.status} ${reply.text.slice(0, 800)}`);
  return { seconds, body: JSON.parse(reply.text) as { rowsAccepted?: number } };
}

/** Waits until /healthz answers within 100 ms: the backlog of a run's abandoned requests is worked off. */
async function quiesce(base: string): Promise<void> {
  const t0 = performance.now();
  while (performance.now() - t0 < 120_000) {
    const t = performance.now();
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200 && performance.now() - t < 100) return;
    } catch {
      // still busy
    }
    await sleep(50);
  }
  throw new Error('the server did not settle within 120 s after a run');
}

// ---- the city: departments, clerks, the entry, the grants --------------------------------------------

/** A day as a date in Asia/Shanghai (the platform's calendar), `days` from today. */
function shanghaiDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

interface City {
  producerToken: string;
  consumerToken: string;
  entryId: string;
  queryGrant: string;
  verifyGrant: string;
}

const VERIFY_ITEMS = ['公民身份号码', '姓名', '性别', '出生日期'];

async function makeCity(base: string): Promise<City> {
  const department = async (name: string, code: string) =>
    (
      await api<{ id: string }>(base, ADMIN_TOKEN, 'POST', '/api/v1/departments', {
        name,
        creditCode: withCreditCodeCheckChar(code),
        level: 'municipal',
      })
    ).id;
  const clerk = async (name: string, departmentId: string, roles: string[]) => {
    const user = await api<{ id: string }>(base, ADMIN_TOKEN, 'POST', '/api/v1/users', { name, departmentId, roles });
    return (
      await api<{ token: string }>(base, ADMIN_TOKEN, 'POST', `/api/v1/users/${user.id}/tokens`, { name: 'bench', expiresInDays: 30 })
    ).token;
  };
  const producerDept = await department('基准市公安局', '11350100MB0000601');
  const consumerDept = await department('基准市民政局', '11350100MB0000602');
  const producerToken = await clerk('查询基准提供方', producerDept, ['producer', 'consumer']);
  const consumerToken = await clerk('查询基准使用方', consumerDept, ['consumer']);
  const entry = await api<{ id: string }>(base, producerToken, 'POST', '/api/v1/resources', {
    name: '基准测试人口登记信息（查询核验）',
    categoryCode: '101',
    summary: '查询与核验接口基准测试用的人口登记信息，20 个信息项，按公民身份号码查询。',
    format: 'database',
    formatDetail: 'PostgreSQL',
    items: BENCH_ITEMS,
    sharingType: 'conditional',
    sharingConditions: '用于依法履职',
    openType: 'not_open',
    updateCycle: 'daily',
    totalDataVolume: { records: ROWS },
    scopeOfUse: '社会救助业务办理',
    provisionModes: [
      { mode: 'batch_exchange', fileFormat: 'csv' },
      { mode: 'query_api', description: '按公民身份号码查询人口登记信息' },
      { mode: 'verification_api', description: '核验姓名、性别、出生日期与登记是否一致', perItemResult: true },
    ],
  });
  await api(base, producerToken, 'POST', `/api/v1/resources/${entry.id}/submit`);
  await api(base, ADMIN_TOKEN, 'POST', `/api/v1/resources/${entry.id}/publish`);
  const grant = async (provisionMode: string, items: string[]) => {
    const request = await api<{ id: string }>(base, consumerToken, 'POST', '/api/v1/sharing-requests', {
      resourceId: entry.id,
      provisionMode,
      items,
      purpose: '最低生活保障申请人身份核查',
      basis: '《社会救助暂行办法》',
      scopeOfUse: '市民政局社会救助业务',
      periodStart: shanghaiDate(),
      periodEnd: shanghaiDate(180),
      submit: true,
    });
    const { grantId } = await api<{ grantId: string }>(base, producerToken, 'POST', `/api/v1/sharing-requests/${request.id}/approve`, {});
    // The defaults (query 600 calls a minute, verification 60) would answer 429 within a second.
    await api(base, producerToken, 'PUT', `/api/v1/grants/${grantId}/terms`, LIFTED_TERMS, { 'if-match': '*' });
    return grantId;
  };
  const queryGrant = await grant(
    'query_api',
    BENCH_ITEMS.map((i) => i.name),
  );
  const verifyGrant = await grant('verification_api', VERIFY_ITEMS);
  return { producerToken, consumerToken, entryId: entry.id, queryGrant, verifyGrant };
}

// ---- the people queried ---------------------------------------------------------------------------

interface People {
  /** Full rows of the delivered people that are queried (BENCH_IDS of them). */
  sampled: string[][];
  /** Full rows of other delivered people, which the increments delete and re-add. */
  deletable: string[][];
  /** Rows of people who are not in the delivery (indices past its end): the misses. */
  absent: string[][];
}

/** Regenerates the delivery's rows in order (writeBenchCsv's seed) and keeps the sampled ones. */
function drawPeople(): People {
  const pick = seededRandom(7_160_016);
  const chosen = new Uint8Array(ROWS);
  let count = 0;
  while (count < IDS) {
    const i = Math.floor(pick() * ROWS);
    if (chosen[i] === 0) {
      chosen[i] = 1;
      count += 1;
    }
  }
  const deletableEvery = Math.max(1, Math.floor(ROWS / DELETABLE));
  const random = seededRandom(CSV_SEED);
  const sampled: string[][] = [];
  const deletable: string[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const row = benchRow(i, random);
    if (chosen[i] === 1) sampled.push(row);
    else if (i % deletableEvery === deletableEvery - 1 && deletable.length < DELETABLE) deletable.push(row);
  }
  // Rows past the end have ID numbers of their own (a birth day and a sequence per index).
  const absent = Array.from({ length: Math.ceil((IDS * MISS_SHARE) / (1 - MISS_SHARE)) + 1 }, (_, k) => benchRow(ROWS + k, random));
  return { sampled, deletable, absent };
}

/** The first data row of the CSV, to check that the regenerated rows are the delivered ones. */
function firstCsvId(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n')[1].split(',')[0];
  } finally {
    fs.closeSync(fd);
  }
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

type Expect = 'hit' | 'miss' | 'match' | 'no_match';

interface Call {
  body: string;
  expect: Expect;
}

/** Another name, one character changed: a clerk's typo or the wrong person. */
function wrongName(name: string): string {
  const last = name[name.length - 1];
  return name.slice(0, -1) + (last === '伟' ? '芳' : '伟');
}

/** Every sampled person once, and a miss for about one call in ten, shuffled. */
function callsOf(people: People, kind: 'query' | 'verify'): Call[] {
  const random = seededRandom(kind === 'query' ? 1601 : 1602);
  const calls: Call[] = people.sampled.map((row) => {
    const id = row[0];
    if (kind === 'query') return { body: JSON.stringify({ input: { 公民身份号码: id } }), expect: 'hit' };
    const wrong = random() < WRONG_NAME_SHARE;
    return {
      body: JSON.stringify({ values: { 公民身份号码: id, 姓名: wrong ? wrongName(row[1]) : row[1] } }),
      expect: wrong ? 'no_match' : 'match',
    };
  });
  const misses = Math.round((calls.length * MISS_SHARE) / (1 - MISS_SHARE));
  for (let k = 0; k < misses; k++) {
    const row = people.absent[k % people.absent.length];
    calls.push(
      kind === 'query'
        ? { body: JSON.stringify({ input: { 公民身份号码: row[0] } }), expect: 'miss' }
        : { body: JSON.stringify({ values: { 公民身份号码: row[0], 姓名: row[1] } }), expect: 'no_match' },
    );
  }
  return shuffle(calls, random);
}

/** Whether an answer is what the call expects; null when it is, else why not. */
function checkAnswer(call: Call, status: number, text: string): string | null {
  if (status !== 200) return `${status} ${text.slice(0, 200)}`;
  const body = JSON.parse(text) as { items?: unknown[]; match?: boolean };
  switch (call.expect) {
    case 'hit':
      return body.items?.length === 1 ? null : `a hit answered ${body.items?.length} rows`;
    case 'miss':
      return body.items?.length === 0 ? null : `a miss answered ${body.items?.length} rows`;
    case 'match':
      return body.match === true ? null : 'the real name did not match';
    case 'no_match':
      return body.match === false ? null : 'a wrong name or an absent person matched';
  }
}

/**
 * Sends the last PROBES calls of the rotation (the load starts at its head), a few at a time, and
 * checks each answer; the mean answer size in bytes.
 */
async function probe(base: string, token: string, urlPath: string, calls: Call[]): Promise<number> {
  const sample = calls.slice(-PROBES);
  const sizes: number[] = [];
  const wrong: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < sample.length) {
      const c = sample[next++];
      const r = await call(base, token, 'POST', urlPath, c.body);
      sizes.push(Buffer.byteLength(r.text, 'utf8'));
      const why = checkAnswer(c, r.status, r.text);
      if (why) wrong.push(`${c.body}: ${why}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  if (wrong.length > 0)
    throw new Error(`${wrong.length} of ${sample.length} answers of ${urlPath} were wrong, e.g. ${wrong.slice(0, 3).join('; ')}`);
  return sizes.reduce((s, x) => s + x, 0) / sizes.length;
}

// ---- writes mixed in -------------------------------------------------------------------------------

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Beijing time as the deliveries write it: `YYYY-MM-DD HH:MM:SS`. */
function beijingNow(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const REMARKS = ['本人申请变更联系电话', '经社区核实，常住本地', '收入情况已更新', '“一网通办”在线申报，已电子签章'];

/**
 * The background writer: every second, while active, an increment delivery of BENCH_WRITE_ROWS rows
 * (changed values of queried people, two other people deleted or re-added), and every fifth second
 * the producer puts a grant's terms again.
 */
class Writer {
  private active = false;
  private stopped = false;
  private inFlight: Promise<void> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private tick = 0;
  private changedAt = 0;
  private deletedAt = 0;
  private readonly random = seededRandom(1603);
  uploadsMs: number[] = [];
  terms = 0;
  failures: string[] = [];

  constructor(
    private readonly base: string,
    private readonly city: City,
    private readonly people: People,
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  resume(): void {
    this.active = WRITES;
  }

  /** Stops writing; resolves once the write in flight, if any, is answered. */
  async pause(): Promise<void> {
    this.active = false;
    await this.inFlight;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.active = false;
    await this.loop;
  }

  resetStats(): void {
    this.uploadsMs = [];
    this.terms = 0;
    this.failures = [];
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const t0 = performance.now();
      if (this.active) {
        this.inFlight = this.once().catch((err: unknown) => {
          this.failures.push((err as Error).message.slice(0, 300));
        });
        await this.inFlight;
      }
      await sleep(Math.max(10, WRITE_EVERY_MS - (performance.now() - t0)));
    }
  }

  private async once(): Promise<void> {
    this.tick += 1;
    const header = [...BENCH_ITEMS.map((i) => i.name), '_delete'].join(',');
    const lines = [header];
    const deletions = Math.min(2, this.people.deletable.length, WRITE_ROWS - 1);
    for (let n = 0; n < WRITE_ROWS - deletions; n++) {
      const row = [...this.people.sampled[this.changedAt++ % this.people.sampled.length]];
      row[5] = `1${['3', '5', '7', '8', '9'][Math.floor(this.random() * 5)]}${pad(Math.floor(this.random() * 1e9), 9)}`;
      row[12] = (2000 + this.random() * 28_000).toFixed(2);
      row[15] = beijingNow();
      row[19] = `第 ${this.tick} 次变更：${REMARKS[Math.floor(this.random() * REMARKS.length)]}`;
      lines.push([...row, ''].map(csvCell).join(','));
    }
    for (let n = 0; n < deletions; n++) {
      const k = this.deletedAt++;
      const pass = Math.floor(k / this.people.deletable.length);
      // The first pass deletes, the next re-adds, and so on.
      lines.push([...this.people.deletable[k % this.people.deletable.length], pass % 2 === 0 ? '1' : ''].map(csvCell).join(','));
    }
    const t = performance.now();
    await uploadDelivery(
      this.base,
      this.city.producerToken,
      this.city.entryId,
      { bytes: Buffer.from(`${lines.join('\n')}\n`) },
      'increment',
    );
    this.uploadsMs.push(performance.now() - t);
    if (this.tick % TERMS_EVERY_TICKS === 0) {
      const grantId = (this.tick / TERMS_EVERY_TICKS) % 2 === 0 ? this.city.queryGrant : this.city.verifyGrant;
      await api(this.base, this.city.producerToken, 'PUT', `/api/v1/grants/${grantId}/terms`, LIFTED_TERMS, { 'if-match': '*' });
      this.terms += 1;
    }
  }
}

// ---- load ------------------------------------------------------------------------------------------

interface Figures {
  rps: number;
  duration: number;
  sent: number;
  p50: number;
  p975: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
}

interface LoadSpec {
  base: string;
  headers: Record<string, string>;
  /** Built fresh for each run: autocannon writes its encoded request buffers into these objects. */
  requests: () => autocannon.Request[];
}

async function runLoad(spec: LoadSpec, connections: number, seconds: number): Promise<Figures> {
  const result = await autocannon({ url: spec.base, connections, duration: seconds, headers: spec.headers, requests: spec.requests() });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  return {
    rps: result.requests.average,
    duration: result.duration,
    sent: result.requests.sent,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

function problemsOf(f: Figures, what: string): string | null {
  if (f.ok === 0) return `${what}: no answer within the run (${f.sent} requests sent, ${f.non2xx} non-2xx, ${f.errors} errors)`;
  if (f.non2xx === 0 && f.errors === 0) return null;
  const codes = Object.entries(f.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n} × ${code}`)
    .join(', ');
  return `${what}: ${f.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${f.errors} errors (${f.timeouts} timeouts)`;
}

/** Rotates over `values`, across all connections. */
function rotation<T>(values: T[]): () => T {
  let i = 0;
  return () => values[i++ % values.length];
}

interface Case {
  label: string;
  kind: 'query' | 'verify';
  urlPath: string;
  calls: Call[];
  spec: LoadSpec;
}

function caseOf(base: string, token: string, kind: 'query' | 'verify', grantId: string, calls: Call[]): Case {
  const urlPath = `/api/v1/grants/${encodeURIComponent(grantId)}/${kind}`;
  // One rotation for all the case's runs: each run goes on where the last stopped, so the measured
  // run does not ask again for the people the warm-up brought into the caches.
  const next = rotation(calls.map((c) => c.body));
  const hits = calls.filter((c) => c.expect === 'hit' || c.expect === 'match').length;
  const label =
    kind === 'query'
      ? `query (${IDS} ID numbers, ${Math.round((100 * (calls.length - hits)) / calls.length)} % misses)`
      : `verify ID number + name (${IDS} people, ${Math.round((100 * hits) / calls.length)} % matching)`;
  return {
    label,
    kind,
    urlPath,
    calls,
    spec: {
      base,
      headers: { authorization: `Bearer ${token}` },
      requests: () => {
        return [
          {
            method: 'POST',
            path: urlPath,
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: next() }),
          },
        ];
      },
    },
  };
}

interface CaseResult {
  label: string;
  kind: 'query' | 'verify';
  bytes: number;
  load: Figures;
  single: Figures;
  bareRps: number;
  ratio: number;
  roundRatios: number[];
  maxRssKb: number;
  writes: { uploads: number; p50Ms: number; maxMs: number; terms: number; failures: string[] };
  failure: string | null;
}

/** A latency percentile of a run, or — when nothing was answered in it (autocannon then says 0). */
function latency(f: Figures, which: 'p50' | 'p975' | 'p99'): string {
  return f.ok > 0 ? ms(f[which]) : '—';
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function measureCase(
  c: Case,
  server: Server,
  bare: { base: string },
  writer: Writer,
  rss: RssSampler,
  token: string,
): Promise<CaseResult> {
  const bytes = Math.round(await probe(server.base, token, c.urlPath, c.calls));
  const bareSpec: LoadSpec = { base: bare.base, headers: {}, requests: () => [{ method: 'GET', path: `/bytes/${bytes}` }] };
  const bareWarm = await runLoad(bareSpec, CONNECTIONS, WARMUP_SECONDS);
  const bareProblem = problemsOf(bareWarm, `bare express at ${bytes} bytes`);
  if (bareProblem) throw new Error(bareProblem);

  const problems: Array<string | null> = [];
  rss.maxKb = 0;
  writer.resetStats();
  writer.resume();
  rss.start();
  problems.push(problemsOf(await runLoad(c.spec, CONNECTIONS, WARMUP_SECONDS), 'warm-up'));
  await quiesce(server.base);
  const load = await runLoad(c.spec, CONNECTIONS, SECONDS);
  problems.push(problemsOf(load, 'measured run'));
  await quiesce(server.base);
  const single = await runLoad(c.spec, 1, SINGLE_SECONDS);
  problems.push(problemsOf(single, 'one client'));
  await writer.pause();
  rss.stop();
  await quiesce(server.base);

  // Paired rounds (bench/load.ts, pairedRatio): bare express and the case back to back, the order
  // alternating; the writes run in the case's rounds only.
  let caseOk = 0;
  let caseSeconds = 0;
  let bareOk = 0;
  let bareSeconds = 0;
  const roundRatios: number[] = [];
  for (let round = 0; round < RATIO_ROUNDS; round++) {
    const runCase = async () => {
      writer.resume();
      rss.start();
      const f = await runLoad(c.spec, CONNECTIONS, RATIO_SECONDS);
      await writer.pause();
      rss.stop();
      await quiesce(server.base);
      problems.push(problemsOf(f, `paired round ${round + 1}`));
      return f;
    };
    const runBare = () => runLoad(bareSpec, CONNECTIONS, RATIO_SECONDS);
    let caseRun: Figures;
    let bareRun: Figures;
    if (round % 2 === 0) {
      bareRun = await runBare();
      caseRun = await runCase();
    } else {
      caseRun = await runCase();
      bareRun = await runBare();
    }
    caseOk += caseRun.ok;
    caseSeconds += caseRun.duration;
    bareOk += bareRun.ok;
    bareSeconds += bareRun.duration;
    roundRatios.push(caseRun.ok / caseRun.duration / (bareRun.ok / bareRun.duration));
  }
  const bareRps = bareOk / bareSeconds;
  const writes = {
    uploads: writer.uploadsMs.length,
    p50Ms: median(writer.uploadsMs),
    maxMs: Math.max(0, ...writer.uploadsMs),
    terms: writer.terms,
    failures: [...writer.failures],
  };
  if (writes.failures.length > 0) problems.push(`${writes.failures.length} writes failed, e.g. ${writes.failures[0]}`);
  // The answers still right after the writes (the same sample as before).
  try {
    await probe(server.base, token, c.urlPath, c.calls);
  } catch (err) {
    problems.push(`after the load: ${(err as Error).message}`);
  }
  if (hasExited(server.child)) throw new Error(`the server died during "${c.label}":\n${server.output()}`);
  const failure = problems.filter(Boolean).join('; ') || null;
  return {
    label: c.label,
    kind: c.kind,
    bytes,
    load,
    single,
    bareRps,
    ratio: caseOk / caseSeconds / bareRps,
    roundRatios,
    maxRssKb: rss.maxKb,
    writes,
    failure,
  };
}

// ---- one database ------------------------------------------------------------------------------------

interface DatabaseResult {
  database: string;
  /** Whether the planner's statistics were made after the delivery (BENCH_ANALYZE). */
  analysed: boolean;
  ingestSeconds: number;
  readyRssKb: number;
  cases: CaseResult[];
  hwmKb: number;
  hwmReset: boolean;
}

async function withPg<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function runDatabase(database: string, csv: string, people: People): Promise<DatabaseResult> {
  const dataDir = path.join(WORK, `server-${database}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir };
  if (database === 'postgres') {
    await withPg(async (pg) => {
      await pg.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
      await pg.query(`CREATE SCHEMA ${PG_SCHEMA}`);
    });
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${PG_SCHEMA},public`);
    env.DATABASE_URL = url.toString();
  }
  let server = await startServer(env);
  const bare = await startBareServer();
  let writer: Writer | null = null;
  try {
    const city = await makeCity(server.base);
    console.log(`  uploading the delivery of ${ROWS} rows …`);
    const full = await uploadDelivery(server.base, city.producerToken, city.entryId, { file: csv }, 'full');
    if (full.body.rowsAccepted !== ROWS) throw new Error(`the delivery took ${full.body.rowsAccepted} rows of ${ROWS}`);
    console.log(`  delivered in ${full.seconds.toFixed(1)} s (${Math.round(ROWS / full.seconds)} rows/s)`);
    const analysed = ANALYZE.has(database);
    if (analysed && database === 'postgres') {
      const t0 = performance.now();
      await withPg(async (pg) => {
        const tables = await pg.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [PG_SCHEMA]);
        for (const { tablename } of tables.rows) await pg.query(`VACUUM (ANALYZE) ${PG_SCHEMA}."${tablename}"`);
      });
      console.log(`  VACUUM (ANALYZE) of the scratch schema: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (analysed && database === 'sqlite') {
      // The server's own PRAGMA optimize runs hourly; here the statistics are made at once, on the
      // stopped server's file, and the server started again on it.
      const t0 = performance.now();
      await stopChild(server.child);
      const file = new BetterSqlite3(path.join(dataDir, 'catalog.sqlite'));
      try {
        file.exec('ANALYZE');
      } finally {
        file.close();
      }
      server = await startServer(env);
      console.log(`  ANALYZE of the SQLite file, server restarted: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    await quiesce(server.base);
    const readyRssKb = statusKb(server.pid, 'VmRSS');
    const hwmReset = resetPeak(server.pid);

    writer = new Writer(server.base, city, people);
    writer.start();
    const rss = new RssSampler(server.pid);
    const cases = [
      caseOf(server.base, city.consumerToken, 'query', city.queryGrant, callsOf(people, 'query')),
      caseOf(server.base, city.consumerToken, 'verify', city.verifyGrant, callsOf(people, 'verify')),
    ];
    const results: CaseResult[] = [];
    for (const c of cases) {
      const r = await measureCase(c, server, bare, writer, rss, city.consumerToken);
      results.push(r);
      console.log(
        `  ${r.label}: ${r.load.rps.toFixed(0)} req/s, p50 ${latency(r.load, 'p50')} ms, p97.5 ${latency(r.load, 'p975')} ms, p99 ${latency(r.load, 'p99')} ms; ` +
          `one client p50 ${latency(r.single, 'p50')} / p99 ${latency(r.single, 'p99')} ms; ${r.ratio.toFixed(2)} × bare (${r.bareRps.toFixed(0)} req/s at ${r.bytes} bytes; ` +
          `rounds ${r.roundRatios.map((x) => x.toFixed(2)).join(' ')}); max RSS ${mb(r.maxRssKb)} MB; ` +
          `${r.writes.uploads} increments of ${WRITE_ROWS} rows (p50 ${ms(r.writes.p50Ms)} ms, max ${ms(r.writes.maxMs)} ms), ${r.writes.terms} terms PUTs` +
          `${r.failure ? ` — FAILED: ${r.failure}` : ''}`,
      );
    }
    await writer.stop();
    return { database, analysed, ingestSeconds: full.seconds, readyRssKb, cases: results, hwmKb: statusKb(server.pid, 'VmHWM'), hwmReset };
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    await writer?.stop();
    await stopChild(bare.child);
    await stopChild(server.child);
    // BENCH_KEEP=1 keeps the database for a look afterwards (a diagnosis).
    if (process.env.BENCH_KEEP !== '1') {
      if (database === 'postgres') await withPg((pg) => pg.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

// ---- output ------------------------------------------------------------------------------------------

function databaseLabel(d: DatabaseResult): string {
  return `${d.database}${d.analysed ? ' (analysed)' : ''}`;
}

function goalOf(r: CaseResult): string {
  // A run without a single answer has no latency to compare (autocannon reports 0): missed.
  const answered = r.load.ok > 0;
  const p99 = answered && r.load.p99 <= GOALS.p99Ms;
  const ratio = r.ratio >= GOALS.bareRatio;
  const verdict =
    `p99 ≤ ${GOALS.p99Ms} ms: ${p99 ? 'met' : answered ? '**missed**' : '**missed** (no answer within the run)'}; ` +
    `≥ ${GOALS.bareRatio} × bare: ${ratio ? 'met' : '**missed**'}`;
  // A refused or unanswered request is not a measurement of the goal's conditions: said beside the verdict.
  return r.failure ? `${verdict}; **failures**: ${r.failure.replace(/\|/g, '\\|').replace(/\s+/g, ' ')}` : verdict;
}

function commandLine(): string {
  const env = [
    'BENCH_ROWS',
    'BENCH_DATABASES',
    'BENCH_SECONDS',
    'BENCH_RATIO_ROUNDS',
    'BENCH_RATIO_SECONDS',
    'BENCH_IDS',
    'BENCH_WRITE_ROWS',
    'BENCH_WRITES',
    'BENCH_ANALYZE',
    'BENCH_NODE_FLAGS',
    'BENCH_RECORD',
  ]
    .filter((n) => process.env[n] !== undefined)
    .map((n) => (/\s/.test(process.env[n]!) ? `${n}='${process.env[n]}' ` : `${n}=${process.env[n]} `))
    .join('');
  const how =
    process.env.npm_lifecycle_event === 'bench:exchange-query'
      ? 'npm run bench:exchange-query'
      : 'npx ts-node --transpile-only bench/exchange-query.ts';
  return `${env}${how}`;
}

function table(results: DatabaseResult[]): string {
  const rows = results.flatMap((d) =>
    d.cases.map((r) => {
      const w = r.writes;
      return (
        `| ${databaseLabel(d)} | ${r.label} | ${r.load.rps.toFixed(0)} | ${latency(r.load, 'p50')} | ${latency(r.load, 'p975')} | ${latency(r.load, 'p99')} | ` +
        `${latency(r.single, 'p50')} / ${latency(r.single, 'p99')} | ${r.bytes} | ${r.bareRps.toFixed(0)} | ` +
        `${r.ratio.toFixed(2)} (${Math.min(...r.roundRatios).toFixed(2)}–${Math.max(...r.roundRatios).toFixed(2)}) | ${mb(r.maxRssKb)} | ` +
        `${w.uploads} × ${WRITE_ROWS} rows (p50 ${ms(Math.round(w.p50Ms))} ms, max ${ms(Math.round(w.maxMs))} ms), ${w.terms} terms PUTs | ${goalOf(r)} |`
      );
    }),
  );
  return [
    '| database | case | req/s | p50 ms | p97.5 ms | p99 ms | 1 client p50 / p99 ms | answer bytes | bare req/s | × bare (rounds) | max RSS MB | writes during the case | goal |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows,
  ].join('\n');
}

// ---- the run -------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`no server build at ${SERVER_MAIN}: npm run build first`);
  for (const d of DATABASES) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`BENCH_DATABASES: unknown database "${d}"`);
  fs.mkdirSync(CSV_DIR, { recursive: true });
  fs.mkdirSync(WORK, { recursive: true });
  const csv = path.join(CSV_DIR, `delivery-${ROWS}.csv`);
  if (!fs.existsSync(csv)) {
    console.log(`generating ${path.relative(process.cwd(), csv)} …`);
    const partial = `${csv}.${process.pid}.partial`;
    await writeBenchCsv(partial, ROWS, CSV_SEED);
    fs.renameSync(partial, csv);
  }
  let t0 = performance.now();
  const people = drawPeople();
  if (firstCsvId(csv) !== benchRow(0, seededRandom(CSV_SEED))[0])
    throw new Error(`${csv} is not the delivery writeBenchCsv makes: delete it`);
  console.log(
    `delivery: ${ROWS} rows (${(fs.statSync(csv).size / 1e6).toFixed(0)} MB); ${people.sampled.length} people queried, ` +
      `${people.deletable.length} deleted and re-added by the writes (regenerated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );

  const results: DatabaseResult[] = [];
  for (const database of DATABASES) {
    console.log(`${database}:`);
    t0 = performance.now();
    results.push(await runDatabase(database, csv, people));
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s in all)`);
  }

  const rssLines = results.map(
    (d) =>
      `| ${databaseLabel(d)} | ${d.ingestSeconds.toFixed(1)} s (${Math.round(ROWS / d.ingestSeconds)} rows/s) | ${mb(d.readyRssKb)} MB | ` +
      `${mb(Math.max(...d.cases.map((c) => c.maxRssKb)))} MB | ${d.hwmReset && Number.isFinite(d.hwmKb) ? `${mb(d.hwmKb)} MB` : '—'} |`,
  );
  const text = [
    table(results),
    '',
    '| database | setup: delivery of the rows | server RSS after setup | max RSS under load (sampled) | peak RSS since setup (VmHWM) |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rssLines,
  ].join('\n');
  console.log(`\n${text}\n`);

  if (process.env.BENCH_RECORD === '1') {
    const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
    const section = [
      '',
      `## ${shanghaiDate()} — query and verification APIs over ${ROWS.toLocaleString('en')} delivered rows (issue 16)`,
      '',
      `Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. ` +
        `Command: \`${commandLine()}\` (the built server, NODE_ENV=production, LOG_LEVEL=warn; SQLite on a new file, PostgreSQL in a scratch schema; ` +
        `"analysed": the planner's statistics made right after the delivery — VACUUM (ANALYZE) on PostgreSQL, ANALYZE and a restart on SQLite —, ` +
        `else the database as the server leaves it after the delivery; autocannon in the benchmark's process on loopback: per case a ${WARMUP_SECONDS} s warm-up, ` +
        `${CONNECTIONS} connections for ${SECONDS} s, one connection for ${SINGLE_SECONDS} s, then ${RATIO_ROUNDS} paired rounds of ${RATIO_SECONDS} s, ` +
        `bare express (its own process, a JSON body of the case's mean answer size) and the case back to back, alternating which goes first: ` +
        `"× bare" is the case's pooled rate over its rounds divided by bare express's, with the range of the rounds' ratios).`,
      '',
      `Traffic: ${IDS} distinct ID numbers of delivered people in a shuffled rotation, with ${Math.round(MISS_SHARE * 100)} % misses (ID numbers not delivered); ` +
        `verifications send the ID number and the name, a wrong name for ${Math.round(WRONG_NAME_SHARE * 100)} % of the people. ` +
        (WRITES
          ? `Writes mixed in while a case is loaded (not during bare express's rounds): every second an increment delivery of ${WRITE_ROWS} rows ` +
            `(changed values of queried people, two others deleted or re-added), every 5 s the producer puts a grant's terms again. `
          : '**No writes mixed in (BENCH_WRITES=0): a diagnosis, not the conditions of the goal.** ') +
        `A sample of ${PROBES} answers is checked before and after each case. Goal: p99 ≤ ${GOALS.p99Ms} ms and ≥ ${GOALS.bareRatio} × bare express at ${CONNECTIONS} connections.`,
      '',
      text,
      '',
    ].join('\n');
    fs.appendFileSync(RESULTS, section);
    console.log(`appended to ${path.relative(process.cwd(), RESULTS)}`);
  } else {
    console.log('(not recorded: set BENCH_RECORD=1 to append this section to bench/RESULTS.md)');
  }
  return results.some((d) => d.cases.some((c) => c.failure)) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(1);
  },
);
