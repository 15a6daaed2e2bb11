import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { claimPort } from '../../src/startup';
import { compiledServer, freePort, ROOT, serverProcesses, startServerProcess } from '../support/built-server';
import { DIALECT } from '../support/db';

// The start as an operator meets it (src/startup.ts, src/main.ts): what can be checked is checked
// before any work, and each failure is one line of the JSON log naming the setting, exit code 2;
// SIGTERM and SIGINT stop the one process cleanly. Runs the compiled server as a child process.

let main: string;
const dirs: string[] = [];

beforeAll(() => {
  main = compiledServer().main;
}, 120_000);
afterAll(() => {
  for (const child of serverProcesses) child.kill('SIGKILL');
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-start-'));
  dirs.push(dir);
  return dir;
}

const UNSET = ['DATABASE_URL', 'PG_TEST_URL', 'NODE_OPTIONS', 'BOOTSTRAP_ADMIN_TOKEN', 'HOST', 'TRUST_PROXY', 'METRICS_TOKEN'];

/** Runs the server until it exits (30 s at most): its exit code, its output, how long it ran. */
function runToExit(env: NodeJS.ProcessEnv): Promise<{ code: number | null; lines: string[]; ms: number }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of UNSET) delete childEnv[name];
  Object.assign(childEnv, { LOG_LEVEL: 'info', DEMO_DATA: 'false' }, env);
  const started = Date.now();
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  serverProcesses.add(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      serverProcesses.delete(child);
      resolve({ code, lines: output.split('\n').filter((l) => l.trim() !== ''), ms: Date.now() - started });
    });
  });
}

/** The fatal line: JSON, level 60, its message. */
function fatalMessage(lines: string[]): string {
  const fatal = lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level === 60);
  expect(fatal).toHaveLength(1);
  return fatal[0].msg;
}

if (DIALECT === 'sqlite') {
  it('a taken port stops the start at once, before the database is touched, naming PORT', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, resolve));
    const port = (holder.address() as net.AddressInfo).port;
    const dataDir = tempDir();
    try {
      const run = await runToExit({ PORT: String(port), DATA_DIR: dataDir });
      expect(run.code).toBe(2);
      expect(fatalMessage(run.lines)).toBe(
        `端口 ${port} 已被占用：请停止占用它的进程，或用 PORT 另选端口 (PORT ${port} is already in use: stop what holds it, or choose another with PORT)`,
      );
      // Nothing was migrated or made.
      expect(fs.readdirSync(dataDir)).toEqual([]);
      // Every line the process wrote is JSON (no stack trace, no knex text).
      for (const line of run.lines) expect(() => JSON.parse(line)).not.toThrow();
    } finally {
      holder.close();
    }
  });

  it('an unwritable DATA_DIR stops the start with one line naming DATA_DIR', async () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    const run = await runToExit({ PORT: String(await freePort()), DATA_DIR: path.join(file, 'data') });
    expect(run.code).toBe(2);
    expect(fatalMessage(run.lines)).toMatch(/^DATA_DIR .*a-file\/data 不可写（ENOTDIR）.*\(DATA_DIR .* is not writable \(ENOTDIR\)/);
    for (const line of run.lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('a database that refuses connections is retried for DATABASE_WAIT_SECONDS, then named without its password', async () => {
    const closed = await freePort();
    const run = await runToExit({
      PORT: String(await freePort()),
      DATA_DIR: tempDir(),
      DATABASE_URL: `postgres://someone:s3cret-password@127.0.0.1:${closed}/catalog`,
      DATABASE_WAIT_SECONDS: '2',
    });
    expect(run.code).toBe(2);
    const message = fatalMessage(run.lines);
    expect(message).toContain(`无法连接 DATABASE_URL 指定的数据库 postgres://someone:***@127.0.0.1:${closed}/catalog：连接被拒绝`);
    expect(message).toContain('已等待 2 秒');
    expect(run.lines.join('\n')).not.toContain('s3cret-password');
    // It waited (with warnings), but not much longer than asked.
    expect(run.lines.some((l) => (JSON.parse(l) as { msg: string }).msg.includes('retrying'))).toBe(true);
    expect(run.ms).toBeGreaterThanOrEqual(2000);
    expect(run.ms).toBeLessThan(15_000);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s stops the one server process cleanly (exit 0) and frees the port', async (signal) => {
    const port = await freePort();
    const server = await startServerProcess('server', main, port, { DATA_DIR: tempDir(), DEMO_DATA: 'false', HOST: '127.0.0.1' }, UNSET);
    server.child.kill(signal);
    const exit = await server.exit;
    expect(exit).toMatchObject({ code: 0, signal: null });
    // The port is free again.
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    again.close();
  });

  it('answers 503 starting while the start is under way, then hands over to the application', async () => {
    const claimed = await claimPort(0, '127.0.0.1');
    const get = () =>
      new Promise<{ status: number; type: string; body: string; retryAfter: string | undefined }>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: claimed.port, path: '/healthz', agent: false }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                type: String(res.headers['content-type']),
                body,
                retryAfter: res.headers['retry-after'] as string | undefined,
              }),
            );
          })
          .on('error', reject);
      });
    try {
      const early = await get();
      expect(early.status).toBe(503);
      expect(early.type).toMatch(/^application\/problem\+json/);
      expect(early.retryAfter).toBe('1');
      expect(JSON.parse(early.body)).toMatchObject({
        code: 'starting',
        detail: '服务正在启动，请稍后重试 (the service is starting: try again shortly)',
      });
      claimed.serve((_req, res) => res.end('ready'));
      expect(await get()).toMatchObject({ status: 200, body: 'ready' });
    } finally {
      claimed.server.close();
    }
  });
} else {
  it('a database that does not exist fails at once, not after DATABASE_WAIT_SECONDS', async () => {
    const url = new URL(process.env.PG_TEST_URL!);
    url.pathname = '/no_such_catalog_database';
    const run = await runToExit({
      PORT: String(await freePort()),
      DATA_DIR: tempDir(),
      DATABASE_URL: url.toString(),
      DATABASE_WAIT_SECONDS: '60',
    });
    expect(run.code).toBe(2);
    expect(fatalMessage(run.lines)).toContain('数据库不存在 (no such database)');
    expect(run.ms).toBeLessThan(15_000);
  });
}
