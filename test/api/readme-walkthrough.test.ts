import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { compiledServer, freePort, ROOT, ServerProcess, serverProcesses, startServerProcess } from '../support/built-server';
import { DIALECT } from '../support/db';

// README's walk through the API, run as a reader runs it (`npm run walkthrough`, which executes the
// README's own bash blocks) against the compiled server on the demo city — twice, since a reader
// runs it again — and on a server where the walk cannot succeed, where it must stop loudly at the
// first failing call. On PostgreSQL the server works in a fresh schema.

let main: string;
let dataDir: string;
/** On PostgreSQL: the prefix of this file's schemas, one per server, and those made so far. */
let schema: string | null = null;
const schemas: string[] = [];

async function onPostgres(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.PG_TEST_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const UNSET = ['DATABASE_URL', 'NODE_OPTIONS', 'BOOTSTRAP_ADMIN_TOKEN', 'HOST', 'TRUST_PROXY', 'METRICS_TOKEN', 'PORT', 'BASE'];

beforeAll(async () => {
  main = compiledServer().main;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-walk-'));
  if (DIALECT === 'postgres') schema = `walk_${randomBytes(6).toString('hex')}`;
}, 120_000);

afterAll(async () => {
  for (const child of serverProcesses) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const name of schemas) await onPostgres(`DROP SCHEMA ${name} CASCADE`);
});

function databaseEnv(subdir: string): NodeJS.ProcessEnv {
  const dir = path.join(dataDir, subdir);
  fs.mkdirSync(dir, { recursive: true });
  if (!schema) return { DATA_DIR: dir };
  const url = new URL(process.env.PG_TEST_URL!);
  url.searchParams.set('options', `-c search_path=${schema}_${subdir},public`);
  return { DATA_DIR: dir, DATABASE_URL: url.toString() };
}

async function serverOn(subdir: string, demo: boolean): Promise<{ server: ServerProcess; base: string }> {
  if (schema) {
    schemas.push(`${schema}_${subdir}`);
    await onPostgres(`CREATE SCHEMA ${schema}_${subdir}`);
  }
  const port = await freePort();
  const env = { ...databaseEnv(subdir), DEMO_DATA: String(demo), EXCHANGE_PROBE_HOURS: '0', LOG_LEVEL: 'warn', NODE_ENV: 'development' };
  const server = await startServerProcess(`server (${subdir})`, main, port, env, UNSET);
  return { server, base: `http://127.0.0.1:${port}` };
}

/** `npm run walkthrough`'s script with BASE, to its end: exit code and everything it printed. */
function walk(base: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BASE: base };
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'walkthrough.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const savedFolder = (output: string): string => /downloaded files are in (\S+)/.exec(output)![1];

afterAll(() => {
  for (const dir of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('walkthrough-'))) {
    fs.rmSync(path.join(os.tmpdir(), dir), { recursive: true, force: true });
  }
});

describe("README's walk through the API", () => {
  it('runs to its end on the demo city, and again on the same database', async () => {
    const { server, base } = await serverOn('demo', true);
    for (const run of [1, 2]) {
      const { code, output } = await walk(base);
      if (code !== 0)
        throw new Error(`run ${run} failed (exit ${code}):\n${output.slice(-4000)}\nserver:\n${server.output().slice(-2000)}`);
      // The two certificate checks: the signed one holds, the altered one does not.
      expect(output).toContain('"valid":true');
      expect(output).toContain('"reason":"bad_signature"');
      // The query answer (masked on the first run; clear once the walk's terms let 权利人 leave clear)
      // and the invalid credit code's problem.
      expect(output).toContain(run === 1 ? '"权利人":"李**"' : '"权利人":"李');
      expect(output).toContain('invalid_credit_code');
      // What it downloaded are the real files, not error bodies.
      const folder = savedFolder(output);
      expect(fs.readFileSync(path.join(folder, '申请表.xlsx')).subarray(0, 2).toString()).toBe('PK');
      expect(fs.readFileSync(path.join(folder, 'licence.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
      expect(fs.readFileSync(path.join(folder, '调用记录.csv'), 'utf8')).toMatch(/^\uFEFF/);
    }
    // The department is registered once however often the walk runs.
    const departments = (await (
      await fetch(`${base}/api/v1/departments?limit=100`, { headers: { authorization: 'Bearer demo-bureau-token' } })
    ).json()) as {
      items: Array<{ creditCode: string }>;
    };
    expect(departments.items.filter((d) => d.creditCode === '11350100MB00000100')).toHaveLength(1);
  }, 180_000);

  it('stops at the first failing call and shows the problem, when the demo tokens do not exist', async () => {
    const { base } = await serverOn('empty', false);
    const { code, output } = await walk(base);
    expect(code).not.toBe(0);
    expect(output).toContain('"code":"unauthenticated"');
    expect(output).toContain('the walk-through stopped at the step above');
    // Stopped in the first block of steps: nothing after the department's registration ran.
    expect(output).not.toContain('第 3/');
  }, 120_000);

  it('says that nothing answers when no service listens at BASE', async () => {
    const { code, output } = await walk(`http://127.0.0.1:${await freePort()}`);
    expect(code).toBe(1);
    expect(output).toMatch(/no service answers at http:\/\/127\.0\.0\.1:\d+/);
  }, 60_000);
});
