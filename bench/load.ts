// Load benchmark of the BUILT server over a generated city (bench/generate-city.ts writes the
// manifest). For each case — searches, an entry by id, facets, the onboarding checklist, the
// bureau's board, sharing-request submission, and a mix of reads and writes — it measures
// autocannon throughput and latency under 50 connections on loopback, next to a bare express app
// (bench/bare-server.ts, its own process) answering a JSON body of the same size: the ratio carries
// from machine to machine. It also measures start to ready (spawn until /healthz answers 200) and
// the server's RSS.
//
// The read cases are realistic (issue 17; bench/search-workload.ts): searches and facet reads over
// thousands of keywords with a popular head and a long tail, filters, sorts and next pages, and
// entries read across the whole catalog — so the read cache answers what it would answer in use,
// not everything. The cases of one repeated request (a fixed search, the facets of everything,
// entries among the manifest's ~1000 ids) measure the cache itself: they are labelled "cache case"
// and run only when asked for.
//
//   npm run build
//   npx ts-node --transpile-only bench/load.ts bench/.data/city-100000-sqlite.json
//   BENCH_SECONDS=30 BENCH_RECORD=1 npx ts-node --transpile-only bench/load.ts <manifest>   # appends to RESULTS.md
//   npx ts-node --transpile-only bench/load.ts <manifest> --cpu-prof   # profile in bench/.data/profiles
//   BENCH_CASES=search,mixed npx ts-node --transpile-only bench/load.ts <manifest>   # only those kinds
//
// BENCH_SECONDS (default 10) is each measured run; every run is preceded by a 2 s warm-up that
// is not counted. The ratio to bare express is taken from BENCH_RATIO_ROUNDS (4) paired rounds of
// BENCH_RATIO_SECONDS (2 s) after the measured run (pairedRatio). BENCH_CASES picks the cases (see
// selectCases): a comma list of kinds, or realistic, cache, all; unset, every case but the cache
// cases. Without BENCH_RECORD=1 the section is only printed. The submission and mixed cases write:
// each run adds sharing requests (and their audit events) to the city's database.
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { freePort, hasExited, stopChild, track } from './child-processes';
import { seededRandom } from './exchange-data';
import {
  cityKeywords,
  cursorOf,
  DEFAULT_SORT_SHARE,
  ENTRY_IDS,
  FACETS_PATH,
  FILTER_FIELDS,
  FILTERED_SHARE,
  FilterValues,
  filterValuesOf,
  headShare,
  MIXED_WRITE_SHARE,
  NEXT_PAGE_SHARE,
  OTHER_SORTS,
  PAGE_SIZE,
  PagingState,
  publishedEntryIds,
  SEARCH_PATH,
  SearchWorkload,
  shuffle,
  WORKLOAD_SEED,
  ZIPF_S,
} from './search-workload';

/** A mistake in how the benchmark was called: its message is all the user needs. */
class UsageError extends Error {}

const ROOT = path.resolve(__dirname, '..');
/** BENCH_SERVER_MAIN: another build of the server (a before-and-after on one machine). */
const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ? path.resolve(process.env.BENCH_SERVER_MAIN) : path.join(ROOT, 'dist', 'src', 'main.js');
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

export interface Manifest {
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

/** How long a stopped server may take to finish its requests (and write a CPU profile) before SIGKILL. */
const STOP_GRACE_MS = 15_000;

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

export async function startServer(m: Manifest, manifestFile: string, cpuProf: boolean): Promise<RunningServer> {
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
    // The scheduled probe of every producer's endpoint starts a minute after the start and reads
    // every entry that declares one (at 1,000,000 entries, minutes of work): its own load, not this
    // benchmark's, and it kept the server from settling between runs.
    EXCHANGE_PROBE_HOURS: '0',
    WEBHOOK_POLL_SECONDS: '0',
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
      await stopChild(child, STOP_GRACE_MS);
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

/** `env`: the bare server's own settings (BARE_STATIC_DIR: also serve the built console). */
export async function startBareServer(env: NodeJS.ProcessEnv = {}): Promise<BareServer> {
  const child = track(
    spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', BARE_SERVER], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
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
export function memoryOf(pid: number): { rssKb: number; hwmKb: number } | null {
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

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); null elsewhere or once it is gone. */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are fields 14 and 15, in clock ticks of 1/100 s (USER_HZ); the command name
    // (field 2, in parentheses) may hold spaces, so count from its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

const QUIET_WINDOW_MS = 250;
/** Below this share of one core over QUIET_WINDOW_MS the server counts as idle (timers, a GC slice). */
const QUIET_CPU_SHARE = 0.1;

/** Whether the process stays nearly idle over the next QUIET_WINDOW_MS (true where /proc cannot tell). */
async function cpuQuiet(pid: number): Promise<boolean> {
  const before = cpuMsOf(pid);
  const t0 = performance.now();
  await sleep(QUIET_WINDOW_MS);
  const after = cpuMsOf(pid);
  if (before === null || after === null) return true;
  return after - before < QUIET_CPU_SHARE * (performance.now() - t0);
}

/**
 * Waits until the server answers /healthz (a `select 1`) within 100 ms and its process then stays
 * nearly idle for 250 ms. When autocannon stops it drops its sockets, but the server still works
 * through the requests in flight; without this, a slow case's backlog would be charged to the next
 * run. /healthz alone does not tell: on SQLite most reads run directly on the one connection
 * between awaits (ADR 0019), so its `select 1` can get a turn at once while fifty abandoned
 * realistic facet reads still need seconds of work — the next run then got no answer at all, and
 * a lone request waited 11 s. The CPU the server's process spends does tell.
 */
async function quiesce(server: { base: string; pid: number }): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < 120_000) {
    const t = performance.now();
    try {
      const res = await fetch(`${server.base}/healthz`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status === 200 && performance.now() - t < 100 && (await cpuQuiet(server.pid))) return performance.now() - t0;
    } catch {
      // still busy
    }
    await sleep(50);
  }
  throw new Error(`the server did not settle within 120 s after a run`);
}

// ---- the cases ----------------------------------------------------------------------------------

type CaseKind = 'search' | 'entry' | 'facets' | 'checklist' | 'board' | 'submission' | 'mixed';
const CASE_KINDS: CaseKind[] = ['search', 'entry', 'facets', 'checklist', 'board', 'submission', 'mixed'];

interface CaseSpec extends LoadSpec {
  label: string;
  kind: CaseKind;
  /**
   * realistic: the reads of bench/search-workload.ts and the mixed case; cache: one request
   * repeated (or a few hundred), which the read cache answers after the first time; other: the
   * checklist, the board and the submissions, which are what they are.
   */
  group: 'realistic' | 'cache' | 'other';
  /** Times each request by its kind, for cases that mix kinds (autocannon times them all as one). */
  split?: SplitTimer;
  /** The realistic searches' generator, which counts the next pages it asked for. */
  searchWorkload?: SearchWorkload;
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
export async function prepareRequestBodies(m: Manifest, base: string): Promise<{ bodies: string[]; skipped: string[] }> {
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

/**
 * autocannon forgets a connection's context each time it comes back to the first of `requests`
 * (lib/requestIterator.js, resetContext), so with a list of one request every answer would be
 * forgotten before the next request is built. A list of CONTEXT_CHAIN identical steps keeps it
 * over that many requests; the first of each chain starts afresh (a new first page).
 */
const CONTEXT_CHAIN = 100;

function chain(step: () => autocannon.Request): autocannon.Request[] {
  return Array.from({ length: CONTEXT_CHAIN }, step);
}

/** What the cases need besides the manifest, read from the server and the database before any measurement. */
interface CaseInputs {
  /** createSharingRequest bodies (prepareRequestBodies). */
  requestBodies: string[];
  checklistToken: string;
  /** The realistic searches' keywords, most popular first (cityKeywords). */
  keywords: string[];
  /** The filter values the city uses (from its facets). */
  filters: FilterValues;
  /** Published entries over the whole catalog, shuffled (publishedEntryIds). */
  entryIds: string[];
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const entryPath = (id: string) => `/api/v1/resources/${encodeURIComponent(id)}`;
const SHARING_REQUESTS_PATH = '/api/v1/sharing-requests';

function buildCases(m: Manifest, base: string, inputs: CaseInputs): CaseSpec[] {
  // Submission as the form's 提交 button does it: createSharingRequest with submit: true, one
  // request and one transaction per submission. Prepared once so the client does not spend its
  // CPU re-encoding them under load; the mixed case's writes are the same.
  const oneStepBodies = inputs.requestBodies.map((body) => JSON.stringify({ ...(JSON.parse(body) as object), submit: true }));
  return [
    ...cacheCases(m, base),
    realisticSearchCase(m, base, inputs),
    realisticEntryCase(m, base, inputs),
    realisticFacetsCase(m, base, inputs),
    get(
      base,
      'onboarding checklist',
      'checklist',
      inputs.checklistToken,
      `/api/v1/projects/${encodeURIComponent(m.checklistProjectId)}/onboarding`,
    ),
    get(base, 'board (bureau)', 'board', m.tokens.bureau, '/api/v1/board'),
    // Last: they add rows, which must not change what the reads above see (and each write moves
    // the audit chain's head, which makes every cached read stale).
    mixedCase(m, base, inputs, oneStepBodies),
    submissionCase(m, base, inputs.requestBodies),
    oneStepSubmissionCase(m, base, oneStepBodies),
  ];
}

/** A case of one GET repeated. */
function get(base: string, label: string, kind: CaseKind, token: string, urlPath: string, group: CaseSpec['group'] = 'other'): CaseSpec {
  return {
    label,
    kind,
    group,
    base,
    headers: bearer(token),
    requestsPerOperation: 1,
    requests: () => [{ method: 'GET', path: urlPath }],
    probe: async () => bytesOf(await expectOk(base, token, 'GET', urlPath)),
  };
}

/**
 * The cases before issue 17: one request repeated, or entries among the manifest's ~1000 ids.
 * After its first answer the read cache answers each of them: they measure the cache.
 */
function cacheCases(m: Manifest, base: string): CaseSpec[] {
  const filter = new URLSearchParams(m.searchTerms.filter);
  const keywordQuery = new URLSearchParams([['q', m.searchTerms.keyword], ...filter]).toString();
  const twoCharQuery = new URLSearchParams({ q: m.searchTerms.twoChar }).toString();
  const nextEntry = rotation(m.entryIds);
  const token = m.tokens.consumer;
  return [
    get(
      base,
      `search q=${m.searchTerms.keyword} & ${m.searchTerms.filter} (one repeated request: cache case)`,
      'search',
      token,
      `${SEARCH_PATH}?${keywordQuery}`,
      'cache',
    ),
    get(
      base,
      `search q=${m.searchTerms.twoChar}, 2 characters (one repeated request: cache case)`,
      'search',
      token,
      `${SEARCH_PATH}?${twoCharQuery}`,
      'cache',
    ),
    {
      label: `entry by id (rotating over the manifest's ${m.entryIds.length}: cache case)`,
      kind: 'entry',
      group: 'cache',
      base,
      headers: bearer(token),
      requestsPerOperation: 1,
      requests: () => [{ method: 'GET', setupRequest: (req) => ({ ...req, path: entryPath(nextEntry()) }) }],
      probe: async () => mean(await probeEntries(base, token, m.entryIds.slice(0, 20))),
    },
    get(base, 'facets, all published (one repeated request: cache case)', 'facets', token, FACETS_PATH, 'cache'),
  ];
}

function realisticSearchCase(m: Manifest, base: string, inputs: CaseInputs): CaseSpec {
  const workload = new SearchWorkload(inputs.keywords, inputs.filters);
  return {
    label: `search, realistic mix (${inputs.keywords.length} keywords, Zipf; half filtered; next pages)`,
    kind: 'search',
    group: 'realistic',
    base,
    headers: bearer(m.tokens.consumer),
    requestsPerOperation: 1,
    requests: () =>
      chain(() => ({
        method: 'GET',
        setupRequest: (req, context) => ({ ...req, path: workload.searchPath(context as PagingState) }),
        onResponse: (status, body, context) => workload.recordSearch(context as PagingState, status, body),
      })),
    // Its own generator (another seed), so probing does not shift what the runs ask for.
    probe: async () =>
      mean(await probeSearches(base, m.tokens.consumer, new SearchWorkload(inputs.keywords, inputs.filters, WORKLOAD_SEED + 1))),
    searchWorkload: workload,
  };
}

function realisticEntryCase(m: Manifest, base: string, inputs: CaseInputs): CaseSpec {
  const nextEntry = rotation(inputs.entryIds);
  return {
    label: `entry by id over the whole catalog (rotating over ${inputs.entryIds.length} shuffled ids)`,
    kind: 'entry',
    group: 'realistic',
    base,
    headers: bearer(m.tokens.consumer),
    requestsPerOperation: 1,
    requests: () => [{ method: 'GET', setupRequest: (req) => ({ ...req, path: entryPath(nextEntry()) }) }],
    // From the end of the rotation: the runs start at its beginning.
    probe: async () => mean(await probeEntries(base, m.tokens.consumer, inputs.entryIds.slice(-20))),
  };
}

function realisticFacetsCase(m: Manifest, base: string, inputs: CaseInputs): CaseSpec {
  const workload = new SearchWorkload(inputs.keywords, inputs.filters, WORKLOAD_SEED + 2);
  const probeWorkload = new SearchWorkload(inputs.keywords, inputs.filters, WORKLOAD_SEED + 3);
  return {
    label: `facets, realistic (q from the same ${inputs.keywords.length} keywords; half filtered)`,
    kind: 'facets',
    group: 'realistic',
    base,
    headers: bearer(m.tokens.consumer),
    requestsPerOperation: 1,
    requests: () => [{ method: 'GET', setupRequest: (req) => ({ ...req, path: workload.facetsPath() }) }],
    probe: async () => {
      const sizes: number[] = [];
      for (let i = 0; i < 20; i++) {
        const urlPath = probeWorkload.facetsPath();
        const text = await expectOk(base, m.tokens.consumer, 'GET', urlPath);
        const answer = JSON.parse(text) as { total?: unknown; facets?: Record<string, unknown> };
        if (typeof answer.total !== 'number' || !FILTER_FIELDS.every((f) => Array.isArray(answer.facets?.[f])))
          throw new ProbeError(`GET ${urlPath} → not a facets answer: ${text.slice(0, 200)}`);
        sizes.push(bytesOf(text));
      }
      return mean(sizes);
    },
  };
}

/** A mixed-case request's context: its kind and start, and the connection's paging memory. */
interface MixedContext extends PagingState {
  what?: 'search' | 'entry' | 'write';
  startedAt?: number;
}

/**
 * Reads and writes together, as the platform sees them in a working day: MIXED_WRITE_SHARE of the
 * requests are one-step submissions, the others half realistic searches, half entries by id. Each
 * write moves the audit chain's head, so reads keep finding the cache stale. autocannon keeps one
 * latency histogram for all of them, so each request is also timed by its kind (SplitTimer).
 */
function mixedCase(m: Manifest, base: string, inputs: CaseInputs, oneStepBodies: string[]): CaseSpec {
  const search = new SearchWorkload(inputs.keywords, inputs.filters, WORKLOAD_SEED + 4);
  const pick = seededRandom(WORKLOAD_SEED + 5);
  const nextEntry = rotation(shuffleCopy(inputs.entryIds, WORKLOAD_SEED + 6));
  const nextBody = rotation(oneStepBodies);
  const split = new SplitTimer();
  const token = m.tokens.consumer;
  const readShare = (1 - MIXED_WRITE_SHARE) / 2;
  return {
    label: `mixed: ${percent(1 - MIXED_WRITE_SHARE)} reads (realistic searches and entries), ${percent(MIXED_WRITE_SHARE)} one-step submissions`,
    kind: 'mixed',
    group: 'realistic',
    base,
    headers: bearer(token),
    requestsPerOperation: 1,
    split,
    searchWorkload: search,
    requests: () =>
      chain(() => ({
        method: 'GET',
        setupRequest: (req, context) => {
          const ctx = context as MixedContext;
          const u = pick();
          ctx.what = u < MIXED_WRITE_SHARE ? 'write' : u < MIXED_WRITE_SHARE + readShare ? 'search' : 'entry';
          ctx.startedAt = performance.now();
          if (ctx.what === 'write')
            return {
              ...req,
              method: 'POST',
              path: SHARING_REQUESTS_PATH,
              headers: { ...req.headers, 'content-type': 'application/json' },
              body: nextBody(),
            };
          return { ...req, path: ctx.what === 'search' ? search.searchPath(ctx) : entryPath(nextEntry()) };
        },
        onResponse: (status, body, context) => {
          const ctx = context as MixedContext;
          if (ctx.what && ctx.startedAt !== undefined) split.record(ctx.what, performance.now() - ctx.startedAt, status);
          if (ctx.what === 'search') search.recordSearch(ctx, status, body);
        },
      })),
    probe: async () => {
      if (oneStepBodies.length === 0) throw new ProbeError('no requestable entry could be requested (see the skipped entries above)');
      const searches = await probeSearches(base, token, new SearchWorkload(inputs.keywords, inputs.filters, WORKLOAD_SEED + 7), 10);
      const entries = await probeEntries(base, token, inputs.entryIds.slice(-40, -30));
      const written = await expectOk(base, token, 'POST', SHARING_REQUESTS_PATH, oneStepBodies[oneStepBodies.length - 1]);
      const status = (JSON.parse(written) as { status?: string }).status;
      if (status !== 'pending' && status !== 'approved')
        throw new ProbeError(`a one-step submission answered status ${status}, not submitted`);
      return readShare * mean(searches) + readShare * mean(entries) + MIXED_WRITE_SHARE * bytesOf(written);
    },
  };
}

function shuffleCopy<T>(xs: T[], seed: number): T[] {
  return shuffle([...xs], seededRandom(seed));
}

// Submission as a client does it: createSharingRequest (201, a draft) then
// submitSharingRequest on the id it answered; each commits with its audit event.
function submissionCase(m: Manifest, base: string, requestBodies: string[]): CaseSpec {
  const nextBody = rotation(requestBodies);
  const submitPath = (id: string) => `${SHARING_REQUESTS_PATH}/${encodeURIComponent(id)}/submit`;
  type SubmissionContext = { requestId?: string };
  return {
    label: 'request submission (create + submit)',
    kind: 'submission',
    group: 'other',
    base,
    requestsPerOperation: 2,
    headers: bearer(m.tokens.consumer),
    requests: () => [
      {
        method: 'POST',
        path: SHARING_REQUESTS_PATH,
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
      const created = await expectOk(base, m.tokens.consumer, 'POST', SHARING_REQUESTS_PATH, requestBodies[0]);
      const submitted = await expectOk(base, m.tokens.consumer, 'POST', submitPath((JSON.parse(created) as { id: string }).id));
      return mean([bytesOf(created), bytesOf(submitted)]);
    },
  };
}

function oneStepSubmissionCase(m: Manifest, base: string, oneStepBodies: string[]): CaseSpec {
  const nextOneStepBody = rotation(oneStepBodies);
  return {
    label: 'request submission (one step: create with submit: true)',
    kind: 'submission',
    group: 'other',
    base,
    requestsPerOperation: 1,
    headers: bearer(m.tokens.consumer),
    requests: () => [
      {
        method: 'POST',
        path: SHARING_REQUESTS_PATH,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: nextOneStepBody() }),
      },
    ],
    probe: async () => {
      if (oneStepBodies.length === 0) throw new ProbeError('no requestable entry could be requested (see the skipped entries above)');
      return bytesOf(await expectOk(base, m.tokens.consumer, 'POST', SHARING_REQUESTS_PATH, oneStepBodies[0]));
    },
  };
}

// ---- probes of the realistic cases ------------------------------------------------------------------

/**
 * Sends `count` searches of the workload, one at a time, each followed by its next page when it
 * has one, and checks the answers: 200, a page of at most PAGE_SIZE entries, a nextCursor (as
 * cursorOf reads it under load), next pages that do not repeat the first, and some keywords that
 * match. Answers the body sizes.
 */
async function probeSearches(base: string, token: string, workload: SearchWorkload, count = 20): Promise<number[]> {
  const sizes: number[] = [];
  let matched = 0;
  let paged = 0;
  for (let i = 0; i < count; i++) {
    const state: PagingState = {};
    const first = await probeSearch(base, token, workload.searchPath(state));
    sizes.push(first.bytes);
    if (first.ids.length > 0) matched++;
    state.cursor = first.cursor;
    const nextPath = workload.nextPagePath(state);
    if (!nextPath) continue;
    const next = await probeSearch(base, token, nextPath);
    sizes.push(next.bytes);
    paged++;
    const repeated = next.ids.filter((id) => first.ids.includes(id));
    if (repeated.length > 0) throw new ProbeError(`GET ${nextPath} → the next page repeats ${repeated.length} entries of the first`);
  }
  if (matched === 0) throw new ProbeError(`none of ${count} keywords matched an entry: is the city made of bench/city-words.ts?`);
  console.log(`  probe: ${matched} of ${count} searches matched, ${paged} had a next page`);
  return sizes;
}

async function probeSearch(base: string, token: string, urlPath: string): Promise<{ bytes: number; ids: string[]; cursor: string | null }> {
  const text = await expectOk(base, token, 'GET', urlPath);
  const page = JSON.parse(text) as { items?: Array<{ id: string }>; nextCursor?: string | null };
  if (!Array.isArray(page.items) || page.items.length > PAGE_SIZE || page.nextCursor === undefined)
    throw new ProbeError(`GET ${urlPath} → not a page of at most ${PAGE_SIZE} entries: ${text.slice(0, 200)}`);
  if (cursorOf(text) !== page.nextCursor) throw new ProbeError(`GET ${urlPath} → cursorOf read ${cursorOf(text)}, not ${page.nextCursor}`);
  return { bytes: bytesOf(text), ids: page.items.map((e) => e.id), cursor: page.nextCursor };
}

/** GETs each entry and checks it is the published entry asked for; answers the body sizes. */
async function probeEntries(base: string, token: string, ids: string[]): Promise<number[]> {
  return Promise.all(
    ids.map(async (id) => {
      const text = await expectOk(base, token, 'GET', entryPath(id));
      const entry = JSON.parse(text) as { id?: string; status?: string };
      if (entry.id !== id || entry.status !== 'published')
        throw new ProbeError(`GET ${entryPath(id)} → entry ${entry.id} (${entry.status})`);
      return bytesOf(text);
    }),
  );
}

// ---- latencies per kind of request -------------------------------------------------------------------

interface SplitFigures {
  count: number;
  p50: number;
  p99: number;
  /** Count per status code. */
  statuses: Record<string, number>;
}

/**
 * Latencies per kind of request within one case (the mixed case's reads and writes): autocannon
 * keeps one latency distribution for a run, so each request is timed here as well, from its
 * setupRequest to its onResponse. Caveats: both ends run on the benchmark's event loop, which the
 * 50 connections share, so a time includes any wait for that loop — as autocannon's own does,
 * whose clock also starts right after setupRequest; a connection's first request is built before
 * the connection opens, so its time includes the connect; requests still unanswered when a run
 * stops are not counted. Percentiles are exact (nearest rank), not from a histogram.
 */
class SplitTimer {
  private samples = new Map<string, number[]>();
  private statuses = new Map<string, Record<string, number>>();
  /** 201 answers over every run of the case, never reset: the sharing requests it added. */
  created = 0;

  record(kind: string, elapsedMs: number, status: number): void {
    if (!this.samples.has(kind)) {
      this.samples.set(kind, []);
      this.statuses.set(kind, {});
    }
    this.samples.get(kind)!.push(elapsedMs);
    const codes = this.statuses.get(kind)!;
    codes[status] = (codes[status] ?? 0) + 1;
    if (status === 201) this.created++;
  }

  reset(): void {
    this.samples.clear();
    this.statuses.clear();
  }

  /** Figures of the given kinds together (e.g. reads: searches and entries). */
  figures(...kinds: string[]): SplitFigures {
    const xs = kinds.flatMap((k) => this.samples.get(k) ?? []).sort((a, b) => a - b);
    const rank = (p: number) => (xs.length === 0 ? NaN : xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(p * xs.length) - 1))]);
    const statuses: Record<string, number> = {};
    for (const k of kinds) for (const [code, n] of Object.entries(this.statuses.get(k) ?? {})) statuses[code] = (statuses[code] ?? 0) + n;
    return { count: xs.length, p50: rank(0.5), p99: rank(0.99), statuses };
  }
}

/** The mixed case's measured run, by kind of request. */
interface Split {
  reads: SplitFigures;
  searches: SplitFigures;
  entries: SplitFigures;
  writes: SplitFigures;
}

function splitOf(timer: SplitTimer): Split {
  return {
    reads: timer.figures('search', 'entry'),
    searches: timer.figures('search'),
    entries: timer.figures('entry'),
    writes: timer.figures('write'),
  };
}

// ---- which cases --------------------------------------------------------------------------------------

const CASE_SETS = ['realistic', 'cache', 'all'] as const;

/**
 * BENCH_CASES, parsed before anything starts so a mistake costs nothing: a comma list of case
 * kinds (search, entry, facets, checklist, board, submission, mixed: the cases of that kind but
 * the cache cases), 'realistic' (the realistic reads and the mixed case), 'cache' (the cases of one
 * repeated request) or 'all'. Unset: every case but the cache cases. E.g. BENCH_CASES=entry,submission
 * to profile one path, BENCH_CASES=all to compare with sections recorded before issue 17.
 */
function caseSelection(setting: string | undefined): string[] {
  const only = (setting ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = only.filter((k) => !(CASE_KINDS as string[]).includes(k) && !(CASE_SETS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new UsageError(`BENCH_CASES: unknown ${unknown.join(', ')} (case kinds: ${CASE_KINDS.join(', ')}; or ${CASE_SETS.join(', ')})`);
  return only;
}

function selectCases(cases: CaseSpec[], only: string[]): CaseSpec[] {
  if (only.length === 0) return cases.filter((c) => c.group !== 'cache');
  return cases.filter((c) => only.includes('all') || only.includes(c.group) || (c.group !== 'cache' && only.includes(c.kind)));
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
  catalog: { base: string; pid: number },
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
      await quiesce(catalog);
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
  /** The measured run by kind of request, for a case that mixes kinds. */
  split?: Split;
  failure?: string;
}

interface Verdict {
  text: string;
  met: boolean;
}

const verdict = (met: boolean, text: string): Verdict => ({ met, text: `${text}: ${met ? 'met' : '**missed**'}` });

/** Several goals in one verdict; when some are met and some not, it names those missed. */
function allOf(goals: Array<[boolean, string]>): Verdict {
  const missed = goals.filter(([met]) => !met).map(([, text]) => text);
  const v = verdict(missed.length === 0, goals.map(([, text]) => text).join(', '));
  return missed.length > 0 && missed.length < goals.length ? { ...v, text: `${v.text} (${missed.join('; ')})` } : v;
}

/**
 * The goals of issue 17 for the realistic cases (set for SQLite at 100,000 entries and PostgreSQL
 * at 1,000,000; the PostgreSQL goal is the search's alone); the cache cases keep the goals they
 * had, so their rows compare with earlier sections.
 */
function targetOf(r: CaseResult, dialect: Manifest['dialect']): Verdict | null {
  if (!r.load || r.ratio === undefined) return null;
  const sqlite = dialect === 'sqlite';
  if (r.spec.group === 'cache') {
    if (r.spec.kind === 'entry') return verdict(r.ratio >= 0.5, '≥ 0.5 × bare');
    if (r.spec.kind !== 'search') return null;
    const limit = sqlite ? 30 : 50;
    return verdict(r.load.p99 <= limit && r.ratio >= 0.25, `p99 ≤ ${limit} ms, ≥ 0.25 × bare`);
  }
  switch (r.spec.kind) {
    case 'entry':
      return verdict(r.ratio >= 0.5, '≥ 0.5 × bare');
    case 'search':
      if (!sqlite) return verdict(r.load.p99 <= 100, 'p99 ≤ 100 ms');
      return allOf([
        [r.load.p99 <= 50, 'p99 ≤ 50 ms'],
        [r.ratio >= 0.5, '≥ 0.5 × bare'],
        [r.single !== undefined && r.single.p99 <= 20, '1 client p99 ≤ 20 ms'],
      ]);
    case 'facets':
      return sqlite ? verdict(r.load.p99 <= 50, 'p99 ≤ 50 ms') : null;
    case 'mixed':
      if (!sqlite || !r.split) return null;
      // A kind with no answer has no p99 (NaN): the goal is missed, not met.
      return allOf([
        [r.split.reads.p99 <= 50, `reads p99 ≤ 50 ms (${r.split.reads.count ? ms(r.split.reads.p99) : 'no answer'})`],
        [r.split.writes.p99 <= 100, `writes p99 ≤ 100 ms (${r.split.writes.count ? ms(r.split.writes.p99) : 'no answer'})`],
      ]);
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
const percent = (share: number) => `${+(100 * share).toFixed(1)} %`;

/** "201 × 480, 409 × 2": the answers of a kind of request by status. */
const statusText = (f: SplitFigures) =>
  Object.entries(f.statuses)
    .map(([code, n]) => `${code} × ${n}`)
    .join(', ') || 'none';

function splitLine(split: Split): string {
  const one = (name: string, f: SplitFigures) =>
    f.count === 0 ? `${name}: none` : `${name} ${f.count}, p50 ${ms(f.p50)} ms, p99 ${ms(f.p99)} ms (${statusText(f)})`;
  return [one('reads', split.reads), one('searches', split.searches), one('entries', split.entries), one('writes', split.writes)].join(
    '; ',
  );
}

/** The mixed case's measured run by kind of request, as a table of the section. */
function splitTable(r: CaseResult): string[] {
  if (!r.split) return [];
  const row = (name: string, f: SplitFigures) =>
    `| ${name} | ${f.count} | ${f.count ? ms(f.p50) : '—'} | ${f.count ? ms(f.p99) : '—'} | ${statusText(f)} |`;
  const { reads, searches, entries, writes } = r.split;
  return [
    '',
    `${r.spec.label}, its measured run by kind of request (each request timed from its setupRequest to its answer in the benchmark's process; ` +
      `${writes.statuses['201'] ?? 0} of ${writes.count} writes answered 201):`,
    '',
    '| requests | count | p50 ms | p99 ms | answers |',
    '| --- | ---: | ---: | ---: | --- |',
    row('reads (searches and entries)', reads),
    row('of which searches', searches),
    row('of which entries by id', entries),
    row('writes (one-step submissions)', writes),
  ];
}

/** What the realistic cases ask for, for the section's header. */
function workloadText(results: CaseResult[], inputs: CaseInputs, published: number): string | null {
  if (!results.some((r) => r.spec.group === 'realistic')) return null;
  const n = inputs.keywords.length;
  const ones = inputs.keywords.filter((k) => [...k].length === 1).length;
  const nextPages = results.flatMap((r) =>
    r.spec.searchWorkload && r.load ? [`${percent(r.spec.searchWorkload.nextPageShare())} (${r.spec.kind})`] : [],
  );
  const filterFields = FILTER_FIELDS.map((f) => `${f} (${inputs.filters[f]?.length ?? 0} values)`).join(', ');
  const otherSort = percent((1 - DEFAULT_SORT_SHARE) / OTHER_SORTS.length);
  return (
    `Realistic workload (bench/search-workload.ts, seed ${WORKLOAD_SEED}): keywords drawn from ${n} distinct 1–4-character pieces of the city's words ` +
    `(${ones} of one character), in a fixed shuffled order, by Zipf's law with s = ${ZIPF_S} (the 10 most popular take ${percent(headShare(n, ZIPF_S, 10))} ` +
    `of the draws, the 100 most popular ${percent(headShare(n, ZIPF_S, 100))}); ${percent(FILTERED_SHARE)} of searches and facet reads narrowed by one filter ` +
    `among ${filterFields}, values as the city's facets count them; searches ${percent(DEFAULT_SORT_SHARE)} by relevance and ${otherSort} each by ` +
    `${OTHER_SORTS.join(', ')}, ${PAGE_SIZE} per page, about ${percent(NEXT_PAGE_SHARE)} asking for the next page of the connection's previous answer ` +
    `(sent: ${nextPages.join(', ') || '—'}), the others a first page; entries by id rotate over ${inputs.entryIds.length} ids ` +
    `(${ENTRY_IDS >= published ? 'all' : 'a seeded sample'} of the ${published} published entries, shuffled); the mixed case's requests are ` +
    `${percent(MIXED_WRITE_SHARE)} one-step sharing-request submissions and otherwise half realistic searches, half entries by id.`
  );
}

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
    'BENCH_CASES',
    'BENCH_NODE_FLAGS',
    'CHANGE_FEED',
    'READ_CACHE_MB',
    'BENCH_SERVER_MAIN',
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
  const only = caseSelection(process.env.BENCH_CASES);
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
    if (server) await stopChild(server.child, STOP_GRACE_MS);
    server = await startServer(m, manifestFile, false);
    readyMs.push(server.readyMs);
    console.log(`start ${i + 1}: ready in ${server.readyMs.toFixed(0)} ms`);
  }
  if (cpuProf) {
    await stopChild(server!.child, STOP_GRACE_MS);
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
  const filters = filterValuesOf(await expectOk(srv.base, m.tokens.consumer, 'GET', FACETS_PATH));
  console.log(`filter values (from the facets): ${FILTER_FIELDS.map((f) => `${f} ${filters[f]?.length ?? 0}`).join(', ')}`);
  const entries = await publishedEntryIds(
    m.dialect === 'sqlite'
      ? { dialect: 'sqlite', file: path.join(m.sqliteDataDir!, 'catalog.sqlite') }
      : { dialect: 'postgres', url: m.databaseUrl! },
  );
  console.log(`entry ids: ${entries.ids.length} of ${entries.published} published entries`);
  if (entries.ids.length === 0) throw new Error('the database holds no published entry');
  const keywords = cityKeywords();
  const inputs: CaseInputs = { requestBodies: bodies, checklistToken: checklist.token, keywords, filters, entryIds: entries.ids };
  const cases = selectCases(buildCases(m, srv.base, inputs), only);

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
    let drainMs = await quiesce(srv);
    rss.start();
    spec.split?.reset();
    const stallBefore = ioStallMicros();
    const runStarted = performance.now();
    r.load = await runLoad(spec, CONNECTIONS, durationSeconds);
    if (spec.split) r.split = splitOf(spec.split);
    const stallAfter = ioStallMicros();
    r.ioStall = stallBefore === null || stallAfter === null ? null : (stallAfter - stallBefore) / 1000 / (performance.now() - runStarted);
    r.maxRssKb = rss.stop();
    drainMs = Math.max(drainMs, await quiesce(srv));
    const paired = await pairedRatio(spec, bareSpecOf(r.bytes), srv, ratioRounds, ratioSeconds);
    r.bareRps = paired.bareRps;
    r.ratio = paired.ratio;
    r.roundRatios = paired.roundRatios;
    if (paired.problem) problemsSeen.push(paired.problem);
    if (spec.kind === 'submission') submissionsOk += Math.floor((warm.ok + r.load.ok) / spec.requestsPerOperation);
    const problems = [problemsOf(warm, 'warm-up'), problemsOf(r.load, 'measured run'), ...problemsSeen];
    if (spec.kind !== 'submission') {
      r.single = await runLoad(spec, 1, SINGLE_CLIENT_SECONDS);
      problems.push(problemsOf(r.single, 'one client'));
      await quiesce(srv);
    }
    // The mixed case's writes over all its runs (its timer counts every 201).
    if (spec.split) submissionsOk += spec.split.created;
    if (problems.some(Boolean)) r.failure = problems.filter(Boolean).join('; ');
    if (hasExited(srv.child)) throw new Error(`the server died during "${spec.label}":\n${srv.output()}`);

    const single = r.single ? `one client p50 ${ms(r.single.p50)} ms p99 ${ms(r.single.p99)} ms; ` : '';
    console.log(
      `${spec.label}: ${single}${CONNECTIONS} connections ${r.load.rps.toFixed(0)} req/s, p50 ${ms(r.load.p50)} ms, p99 ${ms(r.load.p99)} ms, ` +
        `${r.ratio.toFixed(2)} × bare (${r.bareRps!.toFixed(0)} req/s at ${r.bytes} bytes; rounds ${r.roundRatios!.map((x) => x.toFixed(2)).join(' ')}), max RSS ${mb(r.maxRssKb)} MB` +
        `${drainMs > 1000 ? `; the server took ${(drainMs / 1000).toFixed(1)} s to drain abandoned requests after a run` : ''}${r.failure ? ` — FAILED: ${r.failure}` : ''}`,
    );
    if (spec.searchWorkload)
      console.log(`  next pages: ${percent(spec.searchWorkload.nextPageShare())} of the searches sent over all runs`);
    if (r.split) console.log(`  measured run by kind: ${splitLine(r.split)}`);
  }

  await stopChild(bare.child, STOP_GRACE_MS);

  // 4. Peak memory, then stop everything (SIGTERM, so a CPU profile gets written).
  const hwmKb = memoryOf(srv.pid)?.hwmKb ?? NaN;
  const maxRssKb = Math.max(0, ...results.map((r) => r.maxRssKb ?? 0));
  const profilesBefore = new Set(cpuProf ? fs.readdirSync(PROFILE_DIR) : []);
  await stopChild(srv.child, STOP_GRACE_MS);
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
  const workload = workloadText(results, inputs, entries.published);
  const section = [
    '',
    `## ${new Date().toISOString().slice(0, 10)} — load over a generated city of ${m.entries} entries (${dbName})`,
    '',
    `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. ` +
      `Command: \`${commandLine()}\` (the built server, NODE_ENV=production, LOG_LEVEL=warn, EXCHANGE_PROBE_HOURS=0${cpuProf ? ', under --cpu-prof' : ''}; ` +
      `autocannon in the benchmark's process on loopback: per case a ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections for ${durationSeconds} s, ` +
      `then one connection for ${SINGLE_CLIENT_SECONDS} s; then ${ratioRounds} paired rounds of ${ratioSeconds} s, bare express (in its own process, answering a JSON body of the case's size) ` +
      `and the case back to back, alternating which goes first: "× bare" is the case's pooled rate over its rounds divided by bare express's over theirs, with the range of the rounds' ratios).`,
    '',
    `Dataset: ${m.entries} entries, ${m.departments} departments, ${m.projects} projects, ${m.sharingRequests} sharing requests` +
      `${m.grants !== undefined ? `, ${m.grants} grants` : ''}${m.items !== undefined ? `, ${m.items} data items` : ''}` +
      `${m.generatedAt ? ` (generated ${m.generatedAt}${m.seconds ? ` in ${m.seconds} s` : ''})` : ''}; ` +
      `this run added about ${submissionsOk} submitted sharing requests. Checklist read as the ${checklist.role}.`,
    '',
    ...(workload ? [workload, ''] : []),
    `| case | req/s | p50 ms | p99 ms | 1 client p50 / p99 ms | body bytes | bare req/s | × bare | max RSS MB | target |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
    ...results.flatMap(splitTable),
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
  return measured.map((r) => `${r.spec.kind}${r.spec.group === 'cache' ? ' (cache)' : ''} ${Math.round(100 * r.ioStall!)} %`).join(', ');
}

// Run as a script; bench/console.ts imports the server's start and the request bodies from here.
if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof UsageError ? err.message : err);
      // The 'exit' handler SIGKILLs any child still running.
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
