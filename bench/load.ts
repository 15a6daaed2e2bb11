// Load benchmark of the BUILT server over a generated city (bench/generate-city.ts writes the
// manifest). For each case — searches, an entry by id, facets, the onboarding checklist, the
// bureau's board, and sharing-request submission — it measures autocannon throughput and latency
// under 50 connections on loopback, next to a bare express app (bench/bare-server.ts, its own
// process) answering a JSON body of the same size: the ratio carries from machine to machine.
// It also measures start to ready (spawn until /healthz answers 200) and the server's RSS.
//
//   npm run build
//   npx ts-node --transpile-only bench/load.ts bench/.data/city-100000-sqlite.json
//   BENCH_SECONDS=30 BENCH_RECORD=1 npx ts-node --transpile-only bench/load.ts <manifest>   # appends to RESULTS.md
//   npx ts-node --transpile-only bench/load.ts <manifest> --cpu-prof   # profile in bench/.data/profiles
//
// BENCH_SECONDS (default 10) is each measured run; every run is preceded by a 2 s warm-up that
// is not counted. The ratio to bare express is taken from BENCH_RATIO_ROUNDS (4) paired rounds of
// BENCH_RATIO_SECONDS (2 s) after the measured run (pairedRatio). Without BENCH_RECORD=1 the section is only printed. The submission cases write:
// each run adds sharing requests (and their audit events) to the city's database.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** A mistake in how the benchmark was called: its message is all the user needs. */
class UsageError extends Error {}

const ROOT = path.resolve(__dirname, '..');
const SERVER_MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const BARE_SERVER = path.join(__dirname, 'bare-server.ts');
const PROFILE_DIR = path.join(__dirname, '.data', 'profiles');
const RESULTS = path.join(__dirname, 'RESULTS.md');

const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
const SINGLE_CLIENT_SECONDS = 3;
const STARTS = 3;
const READY_POLL_MS = 10;
const READY_TIMEOUT_MS = 120_000;
const RSS_SAMPLE_MS = 200;
const PREPARE_CONCURRENCY = 16;
/** Far above what 50 connections can send, so the per-token limiter never answers 429. */
const RATE_LIMIT_PER_MINUTE = '1000000000';

// ---- the manifest ------------------------------------------------------------------------------

interface Manifest {
  dialect: 'sqlite' | 'postgres';
  /** A folder; the server opens <dir>/catalog.sqlite. */
  sqliteDataDir?: string;
  databaseUrl?: string;
  entries: number;
  departments: number;
  projects: number;
  sharingRequests: number;
  grants?: number;
  items?: number;
  tokens: { bureau: string; producer: string; consumer: string };
  producerDepartmentId: string;
  consumerDepartmentId: string;
  /** A project with ~200 entries. */
  checklistProjectId: string;
  /** Published entries (~1000). */
  entryIds: string[];
  /** Published conditional entries offering query_api, not of the consumer's department (~2000). */
  requestableEntryIds: string[];
  searchTerms: { twoChar: string; keyword: string; filter: string };
  generatedAt?: string;
  seconds?: number;
}

function readManifest(file: string): Manifest {
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new UsageError(`cannot read the manifest ${file}: ${(err as Error).message}`);
  }
  const missing: string[] = [];
  if (m.dialect !== 'sqlite' && m.dialect !== 'postgres') missing.push('dialect (sqlite|postgres)');
  if (m.dialect === 'sqlite' && !m.sqliteDataDir) missing.push('sqliteDataDir');
  if (m.dialect === 'postgres' && !m.databaseUrl) missing.push('databaseUrl');
  if (!m.tokens?.bureau || !m.tokens.producer || !m.tokens.consumer) missing.push('tokens.{bureau,producer,consumer}');
  if (!m.checklistProjectId) missing.push('checklistProjectId');
  if (!Array.isArray(m.entryIds) || m.entryIds.length === 0) missing.push('entryIds');
  if (!Array.isArray(m.requestableEntryIds) || m.requestableEntryIds.length === 0) missing.push('requestableEntryIds');
  if (!m.searchTerms?.twoChar || !m.searchTerms.keyword || m.searchTerms.filter === undefined)
    missing.push('searchTerms.{twoChar,keyword,filter}');
  if (missing.length > 0) throw new UsageError(`the manifest ${file} lacks: ${missing.join(', ')}`);
  if (m.dialect === 'sqlite') {
    // A relative folder is taken from the repository root (as bench/generate-city.ts writes it),
    // else from the manifest's folder. Without catalog.sqlite the server would create an empty
    // database and every case would 404.
    const candidates = [path.resolve(ROOT, m.sqliteDataDir!), path.resolve(path.dirname(file), m.sqliteDataDir!)];
    const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'catalog.sqlite')));
    if (!found) throw new UsageError(`the manifest's database ${path.join(candidates[0], 'catalog.sqlite')} does not exist`);
    m.sqliteDataDir = found;
  }
  return m;
}

// ---- child processes ---------------------------------------------------------------------------

/** Every child still running is SIGKILLed when this process exits, however it exits. */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping`);
    process.exit(130);
  });
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** The last few KB a child wrote, to show why it died; reading the pipes also keeps them from filling. */
function captureOutput(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail.trim();
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM (the server finishes in-flight requests, closes the database and exits, writing a CPU profile if asked), SIGKILL after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunningServer {
  child: ChildProcess;
  pid: number;
  base: string;
  /** Spawn until GET /healthz answered 200, in ms. */
  readyMs: number;
  output: () => string;
}

/** The folder the server keeps its files in (the audit signing key; for SQLite, the database). */
function dataDirOf(m: Manifest, manifestFile: string): string {
  if (m.sqliteDataDir) return m.sqliteDataDir;
  // PostgreSQL: keep the signing key next to the manifest so every run signs with the same key.
  return path.join(path.dirname(manifestFile), `${path.basename(manifestFile, '.json')}-server`);
}

async function startServer(m: Manifest, manifestFile: string, cpuProf: boolean): Promise<RunningServer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Settings of the calling shell must not leak into the measured server.
  for (const name of [
    'DATABASE_URL',
    'BOOTSTRAP_ADMIN_TOKEN',
    'VALIDATE_RESPONSES',
    'CORS_ORIGINS',
    'AUDIT_SIGNING_KEY',
    'AUDIT_SIGNING_KEY_FILE',
  ])
    delete env[name];
  Object.assign(env, {
    PORT: String(port),
    DATA_DIR: dataDirOf(m, manifestFile),
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE,
    NODE_ENV: 'production',
  });
  if (m.dialect === 'postgres') env.DATABASE_URL = m.databaseUrl;
  // BENCH_NODE_FLAGS: node options for the measured server, for experiments (e.g. V8's heap sizes).
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const args = [...flags, ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []), SERVER_MAIN];
  const base = `http://127.0.0.1:${port}`;

  const t0 = performance.now();
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const output = captureOutput(child);
  for (;;) {
    if (hasExited(child)) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output()}`);
    if (performance.now() - t0 > READY_TIMEOUT_MS) {
      await stopChild(child);
      throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return { child, pid: child.pid!, base, readyMs: performance.now() - t0, output };
    } catch {
      // not listening yet
    }
    await sleep(READY_POLL_MS);
  }
}

interface BareServer {
  child: ChildProcess;
  base: string;
}

async function startBareServer(): Promise<BareServer> {
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

// ---- RSS -----------------------------------------------------------------------------------------

/** VmRSS and VmHWM (peak RSS) of a process in KiB, from /proc (Linux); null elsewhere or once it is gone. */
function memoryOf(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null;
  }
}

// ---- I/O pressure ---------------------------------------------------------------------------------

/**
 * Microseconds in which some task of the machine waited for I/O, since boot (Linux PSI), or null.
 * On a VM whose host pages out cold memory, a database's pages can leave the page cache between
 * runs: a run that waited on the disk says so in its section instead of passing for a slow server.
 */
function ioStallMicros(): number | null {
  try {
    const some = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/io', 'utf8'));
    return some ? Number(some[1]) : null;
  } catch {
    return null;
  }
}

/** Samples the server's VmRSS every 200 ms while a run lasts; keeps the maximum. */
class RssSampler {
  maxKb = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly pid: number) {}
  start(): void {
    this.maxKb = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }
  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.maxKb;
  }
  private sample(): void {
    const m = memoryOf(this.pid);
    if (m && Number.isFinite(m.rssKb)) this.maxKb = Math.max(this.maxKb, m.rssKb);
  }
}

// ---- load ---------------------------------------------------------------------------------------

interface Figures {
  rps: number;
  /** Responses received in the run, and the run's length in seconds (for pooled rates). */
  total: number;
  duration: number;
  /** Requests sent, answered or not. */
  sent: number;
  p50: number;
  p99: number;
  /** Responses with a 2xx status. */
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Count per status code, for the failure report. */
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
    total: result.requests.total,
    duration: result.duration,
    sent: result.requests.sent,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

/** What went wrong in a run, or null when every answer was 2xx. */
function problemsOf(f: Figures, what: string): string | null {
  // Requests still unanswered when the run ends count neither as errors nor as non-2xx.
  if (f.ok === 0) return `${what}: no answer within the run (${f.sent} requests sent, ${f.non2xx} non-2xx, ${f.errors} errors)`;
  if (f.non2xx === 0 && f.errors === 0) return null;
  const codes = Object.entries(f.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n} × ${code}`)
    .join(', ');
  return `${what}: ${f.non2xx} non-2xx${codes ? ` (${codes})` : ''}, ${f.errors} errors (${f.timeouts} timeouts)`;
}

/**
 * Waits until the server answers /healthz (a `select 1`) within 100 ms. When autocannon stops it
 * drops its sockets, but the server still works through the queries of the requests in flight;
 * without this, a slow case's backlog would be charged to the next run.
 */
async function quiesce(base: string): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 120_000) {
    const t = performance.now();
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200 && performance.now() - t < 100) return performance.now() - t0;
    } catch {
      // still busy
    }
    await sleep(50);
  }
  throw new Error(`the server did not settle within 120 s after a run`);
}

// ---- the cases ----------------------------------------------------------------------------------

type CaseKind = 'search' | 'entry' | 'facets' | 'checklist' | 'board' | 'submission';

interface CaseSpec extends LoadSpec {
  label: string;
  kind: CaseKind;
  /** HTTP requests per operation (create + submit: 2; create with submit: true: 1). */
  requestsPerOperation: number;
  /** Sends real requests like the case's and answers the mean body size in bytes; throws if any is not 2xx. */
  probe: () => Promise<number>;
}

class ProbeError extends Error {}

async function call(
  base: string,
  token: string,
  method: string,
  urlPath: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  const res = await fetch(base + urlPath, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body,
  });
  return { status: res.status, text: await res.text() };
}

async function expectOk(base: string, token: string, method: string, urlPath: string, body?: string): Promise<string> {
  const r = await call(base, token, method, urlPath, body);
  if (r.status < 200 || r.status > 299) throw new ProbeError(`${method} ${urlPath} → ${r.status} ${r.text.slice(0, 400)}`);
  return r.text;
}

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** A day as a date in Asia/Shanghai (the platform's calendar), `days` from today. */
function shanghaiDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

interface EntryDetail {
  id: string;
  status: string;
  departmentId: string;
  sharingType: string;
  provisionModes: Array<{ mode: string }>;
  items: Array<{ name: string; queryRole: 'input' | 'output' | null }>;
}

/**
 * The createSharingRequest bodies, one per requestable entry: a query API needs at least one
 * input and one output item, so each asks for the entry's input items and output items (a few of
 * each, as a clerk would). Reading the entries first costs one GET each, before any measurement.
 */
async function prepareRequestBodies(m: Manifest, base: string): Promise<{ bodies: string[]; skipped: string[] }> {
  const bodies: string[] = [];
  const skipped: string[] = [];
  const periodStart = shanghaiDate();
  const periodEnd = shanghaiDate(364);
  let next = 0;
  const worker = async () => {
    while (next < m.requestableEntryIds.length) {
      const id = m.requestableEntryIds[next++];
      const r = await call(base, m.tokens.consumer, 'GET', `/api/v1/resources/${id}`);
      if (r.status !== 200) {
        skipped.push(`${id}: GET → ${r.status}`);
        continue;
      }
      const e = JSON.parse(r.text) as EntryDetail;
      const inputs = e.items.filter((i) => i.queryRole === 'input').map((i) => i.name);
      const outputs = e.items.filter((i) => i.queryRole === 'output').map((i) => i.name);
      const why =
        e.status !== 'published'
          ? `status ${e.status}`
          : e.departmentId === m.consumerDepartmentId
            ? "the consumer's own entry"
            : e.sharingType === 'not_shared'
              ? 'not shared'
              : !e.provisionModes.some((p) => p.mode === 'query_api')
                ? 'no query_api mode'
                : inputs.length === 0 || outputs.length === 0
                  ? 'no input or no output item'
                  : null;
      if (why) {
        skipped.push(`${id}: ${why}`);
        continue;
      }
      bodies.push(
        JSON.stringify({
          resourceId: e.id,
          provisionMode: 'query_api',
          items: [...inputs.slice(0, 3), ...outputs.slice(0, 12)],
          purpose: '办理业务时核验申请人信息（负载测试 bench/load.ts）',
          basis: '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）',
          scopeOfUse: '本部门业务办理窗口',
          periodStart,
          periodEnd,
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: PREPARE_CONCURRENCY }, worker));
  return { bodies, skipped };
}

/** Rotates over `values`, across all connections, so no case hammers one hot row. */
function rotation<T>(values: T[]): () => T {
  let i = 0;
  return () => values[i++ % values.length];
}

function buildCases(m: Manifest, base: string, requestBodies: string[], checklistToken: string): CaseSpec[] {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const get = (label: string, kind: CaseKind, token: string, urlPath: string): CaseSpec => ({
    label,
    kind,
    base,
    headers: bearer(token),
    requestsPerOperation: 1,
    requests: () => [{ method: 'GET', path: urlPath }],
    probe: async () => bytesOf(await expectOk(base, token, 'GET', urlPath)),
  });
  const filter = new URLSearchParams(m.searchTerms.filter);
  const keywordQuery = new URLSearchParams([['q', m.searchTerms.keyword], ...filter]).toString();
  const twoCharQuery = new URLSearchParams({ q: m.searchTerms.twoChar }).toString();

  const entryPath = (id: string) => `/api/v1/resources/${encodeURIComponent(id)}`;
  const nextEntry = rotation(m.entryIds);
  const entryCase: CaseSpec = {
    label: `entry by id (rotating over ${m.entryIds.length})`,
    kind: 'entry',
    base,
    headers: bearer(m.tokens.consumer),
    requestsPerOperation: 1,
    requests: () => [{ method: 'GET', setupRequest: (req) => ({ ...req, path: entryPath(nextEntry()) }) }],
    probe: async () =>
      mean(
        await Promise.all(
          m.entryIds.slice(0, 20).map(async (id) => bytesOf(await expectOk(base, m.tokens.consumer, 'GET', entryPath(id)))),
        ),
      ),
  };

  // Submission as a client does it: createSharingRequest (201, a draft) then
  // submitSharingRequest on the id it answered; each commits with its audit event.
  const nextBody = rotation(requestBodies);
  const submitPath = (id: string) => `/api/v1/sharing-requests/${encodeURIComponent(id)}/submit`;
  type SubmissionContext = { requestId?: string };
  const submissionCase: CaseSpec = {
    label: 'request submission (create + submit)',
    kind: 'submission',
    base,
    requestsPerOperation: 2,
    headers: bearer(m.tokens.consumer),
    requests: () => [
      {
        method: 'POST',
        path: '/api/v1/sharing-requests',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: nextBody() }),
        onResponse: (status, body, context) => {
          (context as SubmissionContext).requestId = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
        },
      },
      {
        method: 'POST',
        // A falsy return restarts the sequence (autocannon's documented behaviour; its typings
        // omit null): a failed create, already counted as non-2xx, has nothing to submit.
        setupRequest: (req, context) => {
          const id = (context as SubmissionContext).requestId;
          return id ? { ...req, path: submitPath(id) } : (null as unknown as autocannon.Request);
        },
      },
    ],
    probe: async () => {
      if (requestBodies.length === 0) throw new ProbeError('no requestable entry could be requested (see the skipped entries above)');
      const created = await expectOk(base, m.tokens.consumer, 'POST', '/api/v1/sharing-requests', requestBodies[0]);
      const submitted = await expectOk(base, m.tokens.consumer, 'POST', submitPath((JSON.parse(created) as { id: string }).id));
      return mean([bytesOf(created), bytesOf(submitted)]);
    },
  };

  // Submission as the form's 提交 button does it: createSharingRequest with submit: true, one
  // request and one transaction per submission. The same bodies, prepared once so the client does
  // not spend its CPU re-encoding them under load.
  const oneStepBodies = requestBodies.map((body) => JSON.stringify({ ...(JSON.parse(body) as object), submit: true }));
  const nextOneStepBody = rotation(oneStepBodies);
  const oneStepSubmissionCase: CaseSpec = {
    label: 'request submission (one step: create with submit: true)',
    kind: 'submission',
    base,
    requestsPerOperation: 1,
    headers: bearer(m.tokens.consumer),
    requests: () => [
      {
        method: 'POST',
        path: '/api/v1/sharing-requests',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: nextOneStepBody() }),
      },
    ],
    probe: async () => {
      if (oneStepBodies.length === 0) throw new ProbeError('no requestable entry could be requested (see the skipped entries above)');
      return bytesOf(await expectOk(base, m.tokens.consumer, 'POST', '/api/v1/sharing-requests', oneStepBodies[0]));
    },
  };

  return [
    get(`search q=${m.searchTerms.keyword} & ${m.searchTerms.filter}`, 'search', m.tokens.consumer, `/api/v1/resources?${keywordQuery}`),
    get(`search q=${m.searchTerms.twoChar} (2 characters)`, 'search', m.tokens.consumer, `/api/v1/resources?${twoCharQuery}`),
    entryCase,
    get('facets (all published)', 'facets', m.tokens.consumer, '/api/v1/resources/facets'),
    get('onboarding checklist', 'checklist', checklistToken, `/api/v1/projects/${encodeURIComponent(m.checklistProjectId)}/onboarding`),
    get('board (bureau)', 'board', m.tokens.bureau, '/api/v1/board'),
    // Last: they add rows, which must not change what the reads above see.
    submissionCase,
    oneStepSubmissionCase,
  ];
}

/** The producer owns the project in a generated city; fall back to the bureau, which sees every project. */
async function checklistToken(m: Manifest, base: string): Promise<{ token: string; role: string }> {
  const urlPath = `/api/v1/projects/${encodeURIComponent(m.checklistProjectId)}/onboarding`;
  if ((await call(base, m.tokens.producer, 'GET', urlPath)).status === 200) return { token: m.tokens.producer, role: 'producer' };
  return { token: m.tokens.bureau, role: 'bureau' };
}

/**
 * The case's throughput as a share of bare express's, measured in the same moments: `rounds`
 * rounds of `seconds` each for bare express and for the case, back to back, the order alternating
 * (bare first, then case first, …) so a machine speeding up or slowing down during a round favours
 * neither. On a shared 2-core virtual machine the throughput of either drifts by ±15 % from one
 * ten-second run to the next (bench/RESULTS.md, 2026-12-04 session 6); a ratio of two runs taken
 * a minute apart carried that drift, a ratio of interleaved rounds cancels most of it. The server
 * is left to finish abandoned requests after each of the case's rounds, so its backlog is not
 * charged to bare express's next round.
 */
async function pairedRatio(
  spec: LoadSpec,
  bareSpec: LoadSpec,
  catalogBase: string,
  rounds: number,
  seconds: number,
): Promise<{ ratio: number; bareRps: number; roundRatios: number[]; problem: string | null }> {
  let caseTotal = 0;
  let caseSeconds = 0;
  let bareTotal = 0;
  let bareSeconds = 0;
  const roundRatios: number[] = [];
  const problems: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const runCase = async () => {
      const f = await runLoad(spec, CONNECTIONS, seconds);
      await quiesce(catalogBase);
      const p = problemsOf(f, `paired round ${round + 1}`);
      if (p) problems.push(p);
      return f;
    };
    const runBare = () => runLoad(bareSpec, CONNECTIONS, seconds);
    let caseRun: Figures;
    let bareRun: Figures;
    if (round % 2 === 0) {
      bareRun = await runBare();
      caseRun = await runCase();
    } else {
      caseRun = await runCase();
      bareRun = await runBare();
    }
    caseTotal += caseRun.ok;
    caseSeconds += caseRun.duration;
    bareTotal += bareRun.ok;
    bareSeconds += bareRun.duration;
    roundRatios.push(caseRun.ok / caseRun.duration / (bareRun.ok / bareRun.duration));
  }
  const bareRps = bareTotal / bareSeconds;
  return { ratio: caseTotal / caseSeconds / bareRps, bareRps, roundRatios, problem: problems.length ? problems.join('; ') : null };
}

// ---- targets ------------------------------------------------------------------------------------

interface CaseResult {
  spec: CaseSpec;
  bytes?: number;
  load?: Figures;
  single?: Figures;
  /** Bare express's rate over the paired rounds (the ratio's denominator). */
  bareRps?: number;
  /** The case's rate over the same rounds, divided by bare express's. */
  ratio?: number;
  /** Each round's ratio, to show the spread. */
  roundRatios?: number[];
  maxRssKb?: number;
  /** Share of the measured run in which some task of the machine waited for I/O (PSI), or null. */
  ioStall?: number | null;
  failure?: string;
}

interface Verdict {
  text: string;
  met: boolean;
}

const verdict = (met: boolean, text: string): Verdict => ({ met, text: `${text}: ${met ? 'met' : '**missed**'}` });

function targetOf(r: CaseResult, dialect: Manifest['dialect']): Verdict | null {
  if (!r.load || r.ratio === undefined) return null;
  switch (r.spec.kind) {
    case 'entry':
      return verdict(r.ratio >= 0.5, '≥ 0.5 × bare');
    case 'search': {
      const limit = dialect === 'sqlite' ? 30 : 50;
      return verdict(r.load.p99 <= limit && r.ratio >= 0.25, `p99 ≤ ${limit} ms, ≥ 0.25 × bare`);
    }
    case 'submission': {
      const perSecond = r.load.rps / r.spec.requestsPerOperation;
      return verdict(perSecond >= 500, `≥ 500 submissions/s (${perSecond.toFixed(0)}/s)`);
    }
    case 'checklist':
      return verdict(r.load.p99 <= 50, 'p99 ≤ 50 ms');
    default:
      return null;
  }
}

// ---- output ---------------------------------------------------------------------------------------

const ms = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const mb = (kb: number) => (kb / 1024).toFixed(0);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The command as typed, with the environment variables that change what it does. */
function commandLine(): string {
  const env = [
    'BENCH_SECONDS',
    'BENCH_RATIO_ROUNDS',
    'BENCH_RATIO_SECONDS',
    'BENCH_RECORD',
    'BENCH_NODE_FLAGS',
    'CHANGE_FEED',
    'READ_CACHE_MB',
    'HEAP_GROWING_PERCENT',
  ]
    .filter((n) => process.env[n] !== undefined)
    .map((n) => (/\s/.test(process.env[n]!) ? `${n}='${process.env[n]}' ` : `${n}=${process.env[n]} `))
    .join('');
  const script = path.relative(process.cwd(), process.argv[1] ?? 'bench/load.ts') || 'bench/load.ts';
  return `${env}npx ts-node --transpile-only ${script} ${process.argv.slice(2).join(' ')}`.trim();
}

// ---- main ---------------------------------------------------------------------------------------

function positiveNumber(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number of seconds, got "${value}"`);
  return n;
}

function parseArgs(argv: string[]): { manifestFile: string; cpuProf: boolean } {
  const flags = argv.filter((a) => a.startsWith('--'));
  const positional = argv.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--cpu-prof');
  if (unknown.length > 0 || positional.length !== 1) {
    throw new UsageError('usage: npx ts-node --transpile-only bench/load.ts <manifest.json> [--cpu-prof]');
  }
  return { manifestFile: path.resolve(positional[0]), cpuProf: flags.includes('--cpu-prof') };
}

function requireBuild(): void {
  if (!fs.existsSync(SERVER_MAIN)) {
    throw new UsageError(
      `${path.relative(process.cwd(), SERVER_MAIN)} does not exist: run \`npm run build\` first (bench/load.ts benchmarks the built server and builds nothing itself)`,
    );
  }
  // A stale build would measure yesterday's code: say so, but go on.
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((t, d) => {
      const p = path.join(dir, d.name);
      return Math.max(t, d.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  if (newest(path.join(ROOT, 'src')) > fs.statSync(SERVER_MAIN).mtimeMs) {
    console.warn('warning: src/ has changed since dist/ was built; run `npm run build` to measure the current code');
  }
}

async function main(): Promise<number> {
  const { manifestFile, cpuProf } = parseArgs(process.argv.slice(2));
  const durationSeconds = positiveNumber('BENCH_SECONDS', process.env.BENCH_SECONDS, 10);
  const ratioRounds = Math.round(positiveNumber('BENCH_RATIO_ROUNDS', process.env.BENCH_RATIO_ROUNDS, 4));
  const ratioSeconds = positiveNumber('BENCH_RATIO_SECONDS', process.env.BENCH_RATIO_SECONDS, 2);
  requireBuild();
  const m = readManifest(manifestFile);
  const dbName = m.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  console.log(
    `${dbName} city: ${m.entries} entries, ${m.departments} departments, ${m.projects} projects, ${m.sharingRequests} sharing requests (${path.relative(process.cwd(), manifestFile)})`,
  );

  // 1. Start to ready, three times; the last server stays up for the load (unless profiling,
  // which gets a server of its own so the timed starts are not slowed by the profiler).
  const readyMs: number[] = [];
  let server: RunningServer | null = null;
  for (let i = 0; i < STARTS; i++) {
    if (server) await stopChild(server.child);
    server = await startServer(m, manifestFile, false);
    readyMs.push(server.readyMs);
    console.log(`start ${i + 1}: ready in ${server.readyMs.toFixed(0)} ms`);
  }
  if (cpuProf) {
    await stopChild(server!.child);
    fs.mkdirSync(PROFILE_DIR, { recursive: true });
    server = await startServer(m, manifestFile, true);
    console.log(`profiled server (--cpu-prof) ready in ${server.readyMs.toFixed(0)} ms`);
  }
  const srv = server!;
  const idleRssKb = memoryOf(srv.pid)?.rssKb ?? NaN;
  const bare = await startBareServer();

  // 2. The cases' inputs, read from the running server before any measurement.
  const { bodies, skipped } = await prepareRequestBodies(m, srv.base);
  console.log(`sharing-request bodies: ${bodies.length} of ${m.requestableEntryIds.length} requestable entries usable`);
  if (skipped.length > 0) console.log(`  skipped ${skipped.length}, e.g. ${skipped.slice(0, 3).join('; ')}`);
  const checklist = await checklistToken(m, srv.base);
  // BENCH_CASES=entry,submission measures only those kinds (for profiling one path); a recorded
  // run measures them all.
  const only = (process.env.BENCH_CASES ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const cases = buildCases(m, srv.base, bodies, checklist.token).filter((c) => only.length === 0 || only.includes(c.kind));

  // 3. Probe every case (its body size, and that it answers 2xx at all), then measure bare
  // express for each distinct size, then load the cases back to back (so a CPU profile shows one
  // busy stretch): per case a warm-up, 50 connections with RSS sampling, then one client.
  const results: CaseResult[] = [];
  for (const spec of cases) {
    const r: CaseResult = { spec };
    results.push(r);
    try {
      r.bytes = Math.round(await spec.probe());
    } catch (err) {
      r.failure = `probe failed: ${(err as Error).message}`;
      console.log(`${spec.label}: FAILED — ${r.failure}`);
    }
  }

  // Bare express is measured beside each case rather than once up front (see pairedRatio); here
  // it only warms up at each size.
  const bareSpecOf = (bytes: number): LoadSpec => ({
    base: bare.base,
    headers: {},
    requests: () => [{ method: 'GET', path: `/bytes/${bytes}` }],
  });
  for (const bytes of new Set(results.flatMap((r) => (r.bytes === undefined ? [] : [r.bytes])))) {
    const f = await runLoad(bareSpecOf(bytes), CONNECTIONS, WARMUP_SECONDS);
    const problem = problemsOf(f, `bare express at ${bytes} bytes`);
    if (problem) throw new Error(problem);
  }

  const rss = new RssSampler(srv.pid);
  let submissionsOk = 0;
  for (const r of results) {
    const { spec } = r;
    if (r.bytes === undefined) continue;
    const problemsSeen: string[] = [];
    const warm = await runLoad(spec, CONNECTIONS, WARMUP_SECONDS);
    let drainMs = await quiesce(srv.base);
    rss.start();
    const stallBefore = ioStallMicros();
    const runStarted = performance.now();
    r.load = await runLoad(spec, CONNECTIONS, durationSeconds);
    const stallAfter = ioStallMicros();
    r.ioStall = stallBefore === null || stallAfter === null ? null : (stallAfter - stallBefore) / 1000 / (performance.now() - runStarted);
    r.maxRssKb = rss.stop();
    drainMs = Math.max(drainMs, await quiesce(srv.base));
    const paired = await pairedRatio(spec, bareSpecOf(r.bytes), srv.base, ratioRounds, ratioSeconds);
    r.bareRps = paired.bareRps;
    r.ratio = paired.ratio;
    r.roundRatios = paired.roundRatios;
    if (paired.problem) problemsSeen.push(paired.problem);
    if (spec.kind === 'submission') submissionsOk += Math.floor((warm.ok + r.load.ok) / spec.requestsPerOperation);
    const problems = [problemsOf(warm, 'warm-up'), problemsOf(r.load, 'measured run'), ...problemsSeen];
    if (spec.kind !== 'submission') {
      r.single = await runLoad(spec, 1, SINGLE_CLIENT_SECONDS);
      problems.push(problemsOf(r.single, 'one client'));
      await quiesce(srv.base);
    }
    if (problems.some(Boolean)) r.failure = problems.filter(Boolean).join('; ');
    if (hasExited(srv.child)) throw new Error(`the server died during "${spec.label}":\n${srv.output()}`);

    const single = r.single ? `one client p50 ${ms(r.single.p50)} ms p99 ${ms(r.single.p99)} ms; ` : '';
    console.log(
      `${spec.label}: ${single}${CONNECTIONS} connections ${r.load.rps.toFixed(0)} req/s, p50 ${ms(r.load.p50)} ms, p99 ${ms(r.load.p99)} ms, ` +
        `${r.ratio.toFixed(2)} × bare (${r.bareRps!.toFixed(0)} req/s at ${r.bytes} bytes; rounds ${r.roundRatios!.map((x) => x.toFixed(2)).join(' ')}), max RSS ${mb(r.maxRssKb)} MB` +
        `${drainMs > 1000 ? `; the server took ${(drainMs / 1000).toFixed(1)} s to drain abandoned requests after a run` : ''}${r.failure ? ` — FAILED: ${r.failure}` : ''}`,
    );
  }

  await stopChild(bare.child);

  // 4. Peak memory, then stop everything (SIGTERM, so a CPU profile gets written).
  const hwmKb = memoryOf(srv.pid)?.hwmKb ?? NaN;
  const maxRssKb = Math.max(0, ...results.map((r) => r.maxRssKb ?? 0));
  const profilesBefore = new Set(cpuProf ? fs.readdirSync(PROFILE_DIR) : []);
  await stopChild(srv.child);
  if (srv.child.exitCode !== 0)
    console.warn(`warning: the server exited with ${srv.child.exitCode ?? srv.child.signalCode} on SIGTERM:\n${srv.output()}`);
  if (cpuProf) {
    const written = fs.readdirSync(PROFILE_DIR).filter((f) => !profilesBefore.has(f));
    console.log(
      written.length
        ? `CPU profile: ${written.map((f) => path.join(path.relative(process.cwd(), PROFILE_DIR), f)).join(', ')}`
        : 'warning: no CPU profile was written',
    );
  }

  // 5. The section.
  const readyMedian = median(readyMs);
  const readyMax = Math.max(...readyMs);
  const peakKb = Math.max(maxRssKb, Number.isFinite(hwmKb) ? hwmKb : 0);
  // A '|' inside a cell (a problem's text) would split it.
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
  const rows = results.map((r) => {
    const target = r.failure ? `**failed**: ${cell(r.failure)}` : (targetOf(r, m.dialect)?.text ?? '—');
    if (!r.load || r.bareRps === undefined || r.ratio === undefined)
      return `| ${r.spec.label} | — | — | — | — | ${r.bytes ?? '—'} | — | — | — | ${target} |`;
    const single = r.single ? `${ms(r.single.p50)} / ${ms(r.single.p99)}` : '—';
    return `| ${r.spec.label} | ${r.load.rps.toFixed(0)} | ${ms(r.load.p50)} | ${ms(r.load.p99)} | ${single} | ${r.bytes} | ${r.bareRps.toFixed(0)} | ${r.ratio.toFixed(2)} (${Math.min(...r.roundRatios!).toFixed(2)}–${Math.max(...r.roundRatios!).toFixed(2)}) | ${mb(r.maxRssKb ?? 0)} | ${target} |`;
  });
  const readyVerdict = verdict(readyMax <= 2000, '≤ 2 s (max)');
  const rssVerdict = Number.isFinite(peakKb) && peakKb > 0 ? verdict(peakKb <= 300 * 1024, '≤ 300 MB').text : 'not measured (no /proc)';
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const section = [
    '',
    `## ${new Date().toISOString().slice(0, 10)} — load over a generated city of ${m.entries} entries (${dbName})`,
    '',
    `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. ` +
      `Command: \`${commandLine()}\` (the built server, NODE_ENV=production, LOG_LEVEL=warn${cpuProf ? ', under --cpu-prof' : ''}; ` +
      `autocannon in the benchmark's process on loopback: per case a ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections for ${durationSeconds} s, ` +
      `then one connection for ${SINGLE_CLIENT_SECONDS} s; then ${ratioRounds} paired rounds of ${ratioSeconds} s, bare express (in its own process, answering a JSON body of the case's size) ` +
      `and the case back to back, alternating which goes first: "× bare" is the case's pooled rate over its rounds divided by bare express's over theirs, with the range of the rounds' ratios).`,
    '',
    `Dataset: ${m.entries} entries, ${m.departments} departments, ${m.projects} projects, ${m.sharingRequests} sharing requests` +
      `${m.grants !== undefined ? `, ${m.grants} grants` : ''}${m.items !== undefined ? `, ${m.items} data items` : ''}` +
      `${m.generatedAt ? ` (generated ${m.generatedAt}${m.seconds ? ` in ${m.seconds} s` : ''})` : ''}; ` +
      `this run added about ${submissionsOk} submitted sharing requests. Checklist read as the ${checklist.role}.`,
    '',
    `| case | req/s | p50 ms | p99 ms | 1 client p50 / p99 ms | body bytes | bare req/s | × bare | max RSS MB | target |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    '| measure | value | target |',
    '| --- | --- | --- |',
    `| start to ready (spawn → /healthz 200, ${STARTS} starts) | median ${readyMedian.toFixed(0)} ms, max ${readyMax.toFixed(0)} ms | ${readyVerdict.text} |`,
    `| server RSS (VmRSS every ${RSS_SAMPLE_MS} ms under load; VmHWM at the end) | ${Number.isFinite(idleRssKb) ? `${mb(idleRssKb)} MB when ready, ` : ''}max ${mb(maxRssKb)} MB, HWM ${Number.isFinite(hwmKb) ? mb(hwmKb) : '—'} MB | ${rssVerdict} |`,
    `| I/O pressure (share of each measured run in which some task waited for the disk, /proc/pressure/io) | ${ioStallSummary(results)} | — |`,
    '',
  ].join('\n');
  console.log(section);
  if (process.env.BENCH_RECORD === '1') {
    fs.appendFileSync(RESULTS, section);
    console.log(`appended to ${path.relative(process.cwd(), RESULTS)}`);
  } else {
    console.log('(not recorded: set BENCH_RECORD=1 to append this section to bench/RESULTS.md)');
  }
  return results.some((r) => r.failure) ? 1 : 0;
}

function ioStallSummary(results: CaseResult[]): string {
  const measured = results.filter((r) => r.ioStall !== undefined && r.ioStall !== null);
  if (measured.length === 0) return 'not measured (no /proc/pressure/io)';
  return measured.map((r) => `${r.spec.kind} ${Math.round(100 * r.ioStall!)} %`).join(', ');
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof UsageError ? err.message : err);
    // The 'exit' handler SIGKILLs any child still running.
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
