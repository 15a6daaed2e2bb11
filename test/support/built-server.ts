import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { sourceStamp as stampOf } from '../../scripts/source-stamp';

// The real server for tests that run it as a child process (test/crash, test/scale-out): compiled
// once per state of the sources into node_modules/.cache, shared by those tests.

export const ROOT = path.resolve(__dirname, '..', '..');

/** A stamp of every source the build reads (scripts/source-stamp.js). */
export function sourceStamp(): string {
  return stampOf(ROOT);
}

/** The compiled server (src/main.js), built when the sources changed since the last build. */
export function compiledServer(): { main: string; buildMs: number | null } {
  const cache = path.join(ROOT, 'node_modules', '.cache', 'crash-safety');
  const stamp = sourceStamp();
  const dir = path.join(cache, `build-${stamp}`);
  const main = path.join(dir, 'src', 'main.js');
  if (fs.existsSync(path.join(dir, '.complete'))) return { main, buildMs: null };
  fs.mkdirSync(cache, { recursive: true });
  // Builds of older sources are of no more use (a day's grace for a run that may still use one).
  for (const old of fs.readdirSync(cache)) {
    const full = path.join(cache, old);
    if (full !== dir && Date.now() - fs.statSync(full).mtimeMs > 24 * 3600_000) fs.rmSync(full, { recursive: true, force: true });
  }
  const started = Date.now();
  const tmp = fs.mkdtempSync(path.join(cache, 'tmp-'));
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', tmp],
      { cwd: ROOT, stdio: 'pipe' },
    );
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`building the server failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`, { cause: err });
  }
  fs.writeFileSync(path.join(tmp, '.complete'), stamp);
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another run built the same sources at the same time: use its build.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, '.complete'))) throw err;
  }
  return { main, buildMs: Date.now() - started };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

export interface ServerProcess {
  child: ChildProcess;
  exit: Promise<ServerExit>;
  /** The last 20,000 characters the server wrote (stdout and stderr). */
  output: () => string;
}

/** Every server process a test started and that has not exited; a test's afterAll kills them. */
export const serverProcesses = new Set<ChildProcess>();
// Whatever happens to the test run, no server outlives it.
process.on('exit', () => {
  for (const child of serverProcesses) child.kill('SIGKILL');
});

const healthStatus = (port: number) =>
  new Promise<number>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });

/**
 * Starts the compiled server `main` on `port` with `env` laid over this process's environment
 * (less the variables listed in `unset`), and waits until /healthz answers 200 (60 s at most).
 */
export async function startServerProcess(
  label: string,
  main: string,
  port: number,
  env: NodeJS.ProcessEnv,
  unset: string[],
): Promise<ServerProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of unset) delete childEnv[name];
  Object.assign(childEnv, { PORT: String(port) }, env);
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  serverProcesses.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<ServerExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      serverProcesses.delete(child);
      resolve({ code, signal, at: Date.now() });
    });
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`${label} exited before answering /healthz:\n${output}`);
    if ((await healthStatus(port)) === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${label} did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  return { child, exit, output: () => output };
}

// ---- JSON over plain node:http (these tests measure connections, so no supertest) ----------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** Headers and payload of a JSON API call: Accept, the bearer token, and the body when there is one. */
export function jsonRequest(
  token: string | undefined,
  body: unknown,
  extra: http.OutgoingHttpHeaders = {},
): { headers: http.OutgoingHttpHeaders; payload: Buffer | null } {
  const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
  const headers: http.OutgoingHttpHeaders = { Accept: 'application/json', ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (payload) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = payload.length;
  }
  return { headers, payload };
}

/** The answer's body as JSON; a body that is not JSON comes back as { text }. */
export function parseJsonReply(chunks: Buffer[]): Json {
  const text = Buffer.concat(chunks).toString();
  try {
    return text ? (JSON.parse(text) as Json) : {};
  } catch {
    return { text };
  }
}
