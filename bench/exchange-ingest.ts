// Ingest and download benchmark of the batch exchange (issue 16; docs/exchange.md, "Ingest and its
// figures"; ADR 0031). Not a timed test: it prints a table, and with BENCH_RECORD=1 appends it to
// bench/RESULTS.md.
//
//   npm run bench:exchange                       # builds, then SQLite and PostgreSQL
//   BENCH_DATABASES=sqlite npm run bench:exchange
//   BENCH_RECORD=1 npm run bench:exchange        # appends the section to bench/RESULTS.md
//
// What it does, on each database:
// 1. Generates (once, kept under bench/.data/exchange/) a CSV delivery of BENCH_ROWS rows (1,000,000)
//    of an entry of 20 items — ID numbers, names, dates, date-times, amounts, addresses, Chinese
//    remarks (bench/exchange-data.ts) — and BENCH_INCREMENTS increments of BENCH_INCREMENT_ROWS
//    (10,000) changed rows each, a few marked deleted.
// 2. The bare imports of the same file, the machine's limit: the sqlite3 shell's `.import --csv`
//    into a plain table of a new file (install it with `apt-get install sqlite3` if missing), and
//    `psql -c "\copy t from file csv header"` into a plain table of a scratch schema. Each twice;
//    the faster counts (the ratio to it is then the less flattering).
// 3. Starts the built server (dist/src/main.js, or BENCH_SERVER_MAIN) on a new SQLite file, or on
//    PostgreSQL in the scratch schema `bench_exchange` of BENCH_DATABASE_URL (default: the local
//    `test` database; the tests' `public` schema is never touched), with NODE_ENV=production.
// 4. Through the API, as a city would: the bureau registers two departments, their users and
//    tokens; the producer drafts an entry with the 20 items (sensitive ones masked), submits it, the
//    bureau publishes it; the consumer asks for all items in batch exchange, the producer approves
//    and lifts the grant's quotas for the run.
// 5. Measures, over HTTP on loopback, with the server's peak RSS of each step (VmHWM, reset before
//    the step through /proc/<pid>/clear_refs): the upload of the full delivery (upload start to the
//    delivery's answer), the same file again (a full snapshot that changes nothing), a masked full
//    download as CSV, then the increments, each followed by a download of the changes since the
//    previous cursor.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { withCreditCodeCheckChar } from '../src/domain/credit-code';
import { freePort, hasExited, measuredServerEnv, stopChild, track } from './child-processes';
import { BENCH_ITEMS, writeBenchCsv, writeBenchIncrement } from './exchange-data';

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(__dirname, '.data', 'exchange');
const RESULTS = path.join(__dirname, 'RESULTS.md');

const ROWS = positiveInt('BENCH_ROWS', 1_000_000);
const INCREMENTS = positiveInt('BENCH_INCREMENTS', 5);
const INCREMENT_ROWS = positiveInt('BENCH_INCREMENT_ROWS', 10_000);
const DATABASES = (process.env.BENCH_DATABASES ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Array<'sqlite' | 'postgres'>;
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_SCHEMA = 'bench_exchange';
const PG_BARE_SCHEMA = 'bench_exchange_bare';
const SERVER_MAIN = process.env.BENCH_SERVER_MAIN ? path.resolve(process.env.BENCH_SERVER_MAIN) : path.join(ROOT, 'dist', 'src', 'main.js');
const ADMIN_TOKEN = `bench-exchange-admin-${process.pid}-token`;
/** BENCH_STEPS: which steps to run (default all): full, again, download, increments. */
const STEPS = new Set((process.env.BENCH_STEPS ?? 'full,again,download,increments').split(',').map((s) => s.trim()));

const GOALS = { ingestRowsPerSecond: 100_000, bareRatio: 0.5, downloadRowsPerSecond: 200_000, rssMb: 300 };

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (kb: number) => Math.round(kb / 1024);

// ---- child processes ------------------------------------------------------------------------------

interface Server {
  child: ChildProcess;
  pid: number;
  port: number;
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
    if (process.env.BENCH_SERVER_LOG) process.stderr.write(chunk);
    tail = (tail + chunk.toString()).slice(-8192);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (hasExited(child)) throw new Error(`the server exited before it was ready:\n${tail}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready in 120 s:\n${tail}`);
    const status = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 1000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
    });
    if (status === 200) return { child, pid: child.pid!, port, output: () => tail };
    await sleep(50);
  }
}

async function stopServer(server: Server): Promise<void> {
  await stopChild(server.child);
}

// ---- peak RSS: VmHWM, reset before each step ---------------------------------------------------------

function status(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
}

/** Starts a step's peak: VmHWM reset to the current RSS (Linux: clear_refs 5); a sampler as a fallback. */
function peakMeter(pid: number): { stop: () => number } {
  let reset = true;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    reset = false;
  }
  let max = status(pid, 'VmRSS');
  const timer = setInterval(() => {
    try {
      max = Math.max(max, status(pid, 'VmRSS'));
    } catch {
      // gone
    }
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      const hwm = status(pid, 'VmHWM');
      return reset ? Math.max(hwm, max) : Math.max(max, status(pid, 'VmRSS'));
    },
  };
}

// ---- HTTP ----------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function request(
  port: number,
  method: string,
  urlPath: string,
  token: string,
  body?: unknown,
  extra: http.OutgoingHttpHeaders = {},
): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...extra,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function api<T>(port: number, method: string, urlPath: string, token: string, body?: unknown, expected = [200, 201]): Promise<T> {
  const r = await request(port, method, urlPath, token, body);
  if (!expected.includes(r.status)) throw new Error(`${method} ${urlPath} → ${r.status} ${r.text.slice(0, 600)}`);
  return (r.text ? JSON.parse(r.text) : {}) as T;
}

/** Uploads a file as a delivery, streamed from disk; the delivery and the seconds from the first byte sent to the answer. */
async function upload(
  port: number,
  token: string,
  entryId: string,
  file: string,
  query: string,
): Promise<{ seconds: number; body: Record<string, unknown> }> {
  const size = fs.statSync(file).size;
  const t0 = performance.now();
  const reply = await new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/resources/${entryId}/deliveries${query}`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': size },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    fs.createReadStream(file, { highWaterMark: 1 << 16 }).pipe(req);
  });
  const seconds = (performance.now() - t0) / 1000;
  if (reply.status !== 201) throw new Error(`delivery of ${path.basename(file)} → ${reply.status} ${reply.text.slice(0, 800)}`);
  return { seconds, body: JSON.parse(reply.text) as Record<string, unknown> };
}

/** Downloads a grant's data as CSV, counting its lines; rows (less the header), seconds, bytes, cursor. */
async function download(
  port: number,
  token: string,
  grantId: string,
  query: string,
): Promise<{ rows: number; seconds: number; bytes: number; cursor: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: `/api/v1/grants/${grantId}/data${query}`, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        if (res.statusCode !== 200) {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => reject(new Error(`download ${query} → ${res.statusCode} ${text.slice(0, 600)}`)));
          return;
        }
        let lines = 0;
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          for (let at = c.indexOf(10); at >= 0; at = c.indexOf(10, at + 1)) lines += 1;
        });
        res.on('end', () =>
          resolve({ rows: lines - 1, seconds: (performance.now() - t0) / 1000, bytes, cursor: Number(res.headers['x-exchange-cursor']) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

// ---- the city: departments, users, the entry, the grant -------------------------------------------------

function shanghaiDate(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

interface City {
  producerToken: string;
  consumerToken: string;
  entryId: string;
  grantId: string;
  termsSet: boolean;
}

async function makeCity(port: number): Promise<City> {
  const department = async (name: string, code: string) =>
    (
      await api<{ id: string }>(port, 'POST', '/api/v1/departments', ADMIN_TOKEN, {
        name,
        creditCode: withCreditCodeCheckChar(code),
        level: 'municipal',
      })
    ).id;
  const clerk = async (name: string, departmentId: string, roles: string[]) => {
    const user = await api<{ id: string }>(port, 'POST', '/api/v1/users', ADMIN_TOKEN, { name, departmentId, roles });
    return (
      await api<{ token: string }>(port, 'POST', `/api/v1/users/${user.id}/tokens`, ADMIN_TOKEN, { name: 'bench', expiresInDays: 30 })
    ).token;
  };
  const producerDept = await department('基准市公安局', '11350100MB0000501');
  const consumerDept = await department('基准市人力资源和社会保障局', '11350100MB0000502');
  const producerToken = await clerk('基准测试提供方', producerDept, ['producer', 'consumer']);
  const consumerToken = await clerk('基准测试使用方', consumerDept, ['consumer']);
  const entry = await api<{ id: string }>(port, 'POST', '/api/v1/resources', producerToken, {
    name: '基准测试人口登记信息',
    categoryCode: '101',
    summary: '交换基准测试用的人口登记信息，20 个信息项，一百万行。',
    format: 'database',
    formatDetail: 'PostgreSQL',
    items: BENCH_ITEMS,
    sharingType: 'conditional',
    sharingConditions: '用于依法履职',
    openType: 'not_open',
    updateCycle: 'daily',
    totalDataVolume: { records: ROWS },
    scopeOfUse: '社会保障业务办理',
    provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv' }],
  });
  await api(port, 'POST', `/api/v1/resources/${entry.id}/submit`, producerToken);
  await api(port, 'POST', `/api/v1/resources/${entry.id}/publish`, ADMIN_TOKEN);
  const req = await api<{ id: string }>(port, 'POST', '/api/v1/sharing-requests', consumerToken, {
    resourceId: entry.id,
    provisionMode: 'batch_exchange',
    items: BENCH_ITEMS.map((i) => i.name),
    purpose: '社会保险参保登记核对',
    basis: '《中华人民共和国社会保险法》',
    scopeOfUse: '市人社局社保业务',
    periodStart: shanghaiDate(),
    periodEnd: shanghaiDate(180),
    submit: true,
  });
  const approved = await api<{ grantId: string }>(port, 'POST', `/api/v1/sharing-requests/${req.id}/approve`, producerToken, {});
  // The grant's quotas lifted for the run (a batch grant's default is 10,000,000 rows a day).
  const current = await request(port, 'GET', `/api/v1/grants/${approved.grantId}/terms`, producerToken);
  const terms = await request(
    port,
    'PUT',
    `/api/v1/grants/${approved.grantId}/terms`,
    producerToken,
    { clearItems: [], requestsPerMinute: 1_000_000, rowsPerDay: 1_000_000_000 },
    current.headers.etag ? { 'if-match': current.headers.etag } : {},
  );
  if (terms.status !== 200) console.warn(`  (PUT terms → ${terms.status} ${terms.text.slice(0, 300)})`);
  return { producerToken, consumerToken, entryId: entry.id, grantId: approved.grantId, termsSet: terms.status === 200 };
}

// ---- bare imports ---------------------------------------------------------------------------------------

function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 16 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return seconds;
}

function psql(...commands: string[]): void {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', PG_URL, ...commands.flatMap((c) => ['-c', c])], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql ${commands.join('; ')} → ${r.status}\n${r.stderr}`);
}

/** The sqlite3 shell's `.import --csv` of the file into a plain table of a new database file; the best of two, seconds. */
function bareSqlite(csv: string): number {
  const which = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  if (which.error) throw new Error('the sqlite3 shell is missing: apt-get install sqlite3 (Debian), then run again');
  const times: number[] = [];
  for (let round = 0; round < 2; round++) {
    const db = path.join(DATA, 'bare.sqlite');
    fs.rmSync(db, { force: true });
    times.push(timed('sqlite3', [db, `.import --csv ${csv} t`]));
    fs.rmSync(db, { force: true });
  }
  return Math.min(...times);
}

/** psql's `\copy … csv header` of the file into a plain table (20 text columns); the best of two, seconds. */
function barePostgres(csv: string): number {
  const columns = BENCH_ITEMS.map((i) => `"${i.name}" text`).join(', ');
  const times: number[] = [];
  for (let round = 0; round < 2; round++) {
    psql(
      `DROP SCHEMA IF EXISTS ${PG_BARE_SCHEMA} CASCADE`,
      `CREATE SCHEMA ${PG_BARE_SCHEMA}`,
      `CREATE TABLE ${PG_BARE_SCHEMA}.t (${columns})`,
      'CHECKPOINT',
    );
    times.push(timed('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', PG_URL, '-c', `\\copy ${PG_BARE_SCHEMA}.t from '${csv}' csv header`]));
  }
  psql(`DROP SCHEMA IF EXISTS ${PG_BARE_SCHEMA} CASCADE`);
  return Math.min(...times);
}

// ---- one database -------------------------------------------------------------------------------------

interface Line {
  database: string;
  step: string;
  rows: number;
  seconds: number;
  rssMb: number;
  bare?: number;
  goal: string;
}

async function runDatabase(
  database: 'sqlite' | 'postgres',
  files: { full: string; increments: string[] },
  bareSeconds: number,
): Promise<Line[]> {
  const lines: Line[] = [];
  const dataDir = path.join(DATA, `server-${database}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { DATA_DIR: dataDir };
  if (database === 'postgres') {
    psql(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`, `CREATE SCHEMA ${PG_SCHEMA}`, 'CHECKPOINT');
    const url = new URL(PG_URL);
    url.searchParams.set('options', `-c search_path=${PG_SCHEMA},public`);
    env.DATABASE_URL = url.toString();
  }
  const server = await startServer(env);
  try {
    const city = await makeCity(server.port);
    if (!city.termsSet) console.warn('  (the grant terms could not be set: the default quotas apply)');
    const rowsPerSecond = (rows: number, seconds: number) => rows / seconds;
    const judge = (rps: number, rss: number, goalRps: number, bare?: number) => {
      const parts = [`≥ ${goalRps / 1000}k rows/s: ${rps >= goalRps ? 'met' : '**missed**'}`];
      if (bare !== undefined) parts.push(`≥ ${GOALS.bareRatio} × bare: ${rps / bare >= GOALS.bareRatio ? 'met' : '**missed**'}`);
      parts.push(`RSS ≤ ${GOALS.rssMb} MB: ${rss <= GOALS.rssMb ? 'met' : '**missed**'}`);
      return parts.join(', ');
    };
    const bareRps = ROWS / bareSeconds;

    // The full delivery, then the same file again (a full snapshot that changes nothing).
    const uploads = ['full delivery (1st, into an empty entry)', 'full delivery again (same file, no change)'];
    for (const step of STEPS.has('again') ? uploads : uploads.slice(0, 1)) {
      const meter = peakMeter(server.pid);
      const { seconds, body } = await upload(server.port, city.producerToken, city.entryId, files.full, '?kind=full');
      const rss = mb(meter.stop());
      if (body.rowsAccepted !== ROWS)
        throw new Error(`the delivery took ${body.rowsAccepted} rows of ${ROWS}: ${JSON.stringify(body).slice(0, 600)}`);
      const rps = rowsPerSecond(ROWS, seconds);
      lines.push({
        database,
        step,
        rows: ROWS,
        seconds,
        rssMb: rss,
        bare: bareRps,
        goal: judge(rps, rss, GOALS.ingestRowsPerSecond, bareRps),
      });
      console.log(
        `  ${step}: ${seconds.toFixed(2)} s, ${Math.round(rps)} rows/s, ${(rps / bareRps).toFixed(2)} × bare, peak RSS ${rss} MB`,
      );
    }

    if (!STEPS.has('download')) return lines;
    // The masked full download.
    let meter = peakMeter(server.pid);
    const full = await download(server.port, city.consumerToken, city.grantId, '?format=csv');
    const rss = mb(meter.stop());
    if (full.rows !== ROWS) throw new Error(`the download gave ${full.rows} rows of ${ROWS}`);
    const dps = rowsPerSecond(full.rows, full.seconds);
    lines.push({
      database,
      step: 'masked full download (CSV)',
      rows: full.rows,
      seconds: full.seconds,
      rssMb: rss,
      goal: judge(dps, rss, GOALS.downloadRowsPerSecond),
    });
    console.log(
      `  masked full download: ${full.seconds.toFixed(2)} s, ${Math.round(dps)} rows/s, ${(full.bytes / 1e6).toFixed(0)} MB, peak RSS ${rss} MB`,
    );

    // Increments, each followed by the changes since the previous cursor.
    let cursor = full.cursor;
    let incSeconds = 0;
    let incRows = 0;
    let chSeconds = 0;
    let chRows = 0;
    let incRss = 0;
    let chRss = 0;
    for (const file of STEPS.has('increments') ? files.increments : []) {
      meter = peakMeter(server.pid);
      const inc = await upload(server.port, city.producerToken, city.entryId, file, '?kind=increment');
      incRss = Math.max(incRss, mb(meter.stop()));
      incSeconds += inc.seconds;
      incRows += Number(inc.body.rowsAccepted);
      meter = peakMeter(server.pid);
      const changes = await download(server.port, city.consumerToken, city.grantId, `?format=csv&since=${cursor}`);
      chRss = Math.max(chRss, mb(meter.stop()));
      if (changes.rows !== Number(inc.body.rowsAccepted))
        throw new Error(`changes since ${cursor}: ${changes.rows} rows, the increment had ${inc.body.rowsAccepted}`);
      chSeconds += changes.seconds;
      chRows += changes.rows;
      cursor = changes.cursor;
    }
    if (STEPS.has('increments') && files.increments.length > 0) {
      lines.push({
        database,
        step: `${files.increments.length} increments of ${INCREMENT_ROWS} changed rows`,
        rows: incRows,
        seconds: incSeconds,
        rssMb: incRss,
        goal: `${(incSeconds / files.increments.length).toFixed(2)} s each`,
      });
      lines.push({
        database,
        step: `downloads of the changes since the cursor, after each`,
        rows: chRows,
        seconds: chSeconds,
        rssMb: chRss,
        goal: `${(chSeconds / files.increments.length).toFixed(2)} s each`,
      });
      console.log(`  increments: ${Math.round(incRows / incSeconds)} rows/s; changes since: ${Math.round(chRows / chSeconds)} rows/s`);
    }
  } catch (err) {
    console.error(server.output());
    throw err;
  } finally {
    await stopServer(server);
    if (database === 'postgres') psql(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return lines;
}

// ---- the run ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!fs.existsSync(SERVER_MAIN)) throw new Error(`no server build at ${SERVER_MAIN}: npm run build (or set BENCH_SERVER_MAIN)`);
  fs.mkdirSync(DATA, { recursive: true });
  const full = path.join(DATA, `delivery-${ROWS}.csv`);
  if (!fs.existsSync(full)) {
    console.log(`generating ${full} …`);
    const partial = `${full}.partial`;
    await writeBenchCsv(partial, ROWS);
    fs.renameSync(partial, full);
  }
  const increments: string[] = [];
  for (let k = 1; k <= INCREMENTS; k++) {
    const file = path.join(DATA, `increment-${ROWS}-${INCREMENT_ROWS}-${k}.csv`);
    if (!fs.existsSync(file)) await writeBenchIncrement(file, INCREMENT_ROWS, ROWS, k);
    increments.push(file);
  }
  const bytes = fs.statSync(full).size;
  console.log(`delivery: ${ROWS} rows, 20 items, ${(bytes / 1e6).toFixed(0)} MB`);

  const lines: Line[] = [];
  const bare: Record<string, number> = {};
  for (const database of DATABASES) {
    console.log(`${database}: bare import …`);
    bare[database] = database === 'sqlite' ? bareSqlite(full) : barePostgres(full);
    console.log(`  bare import: ${bare[database].toFixed(2)} s, ${Math.round(ROWS / bare[database])} rows/s`);
    lines.push(...(await runDatabase(database, { full, increments }, bare[database])));
  }

  const table = [
    '| database | step | rows | s | rows/s | × bare import | peak RSS MB | goal |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...DATABASES.map(
      (d) =>
        `| ${d} | bare import (${d === 'sqlite' ? '`sqlite3` `.import --csv`' : '`psql` `\\copy … csv header`'}, plain table) | ${ROWS} | ${bare[d].toFixed(2)} | ${Math.round(ROWS / bare[d])} | 1.00 | — | the limit |`,
    ),
    ...lines.map(
      (l) =>
        `| ${l.database} | ${l.step} | ${l.rows} | ${l.seconds.toFixed(2)} | ${Math.round(l.rows / l.seconds)} | ${l.bare ? (l.rows / l.seconds / l.bare).toFixed(2) : '—'} | ${l.rssMb} | ${l.goal} |`,
    ),
  ].join('\n');
  console.log(`\n${table}\n`);

  if (process.env.BENCH_RECORD === '1') {
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const section = [
      '',
      `## ${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)} — batch exchange: ingest and download (issue 16)`,
      '',
      `Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. ` +
        `Command: \`BENCH_RECORD=1 npm run bench:exchange\` (the built server, NODE_ENV=production; SQLite on a new file, ` +
        `PostgreSQL in a scratch schema; uploads and downloads over HTTP on loopback; peak RSS = the server's VmHWM, reset before each step).`,
      '',
      `Delivery: ${ROWS} rows × 20 items, ${(bytes / 1e6).toFixed(0)} MB of CSV (bench/exchange-data.ts). Bare imports: best of two.`,
      '',
      table,
      '',
    ].join('\n');
    fs.appendFileSync(RESULTS, section);
    console.log(`appended to ${RESULTS}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
