import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

// What can be checked before the start does any work, each failing with one line that names the
// setting to fix (main.ts logs it and exits 2): the port, the data folder, the database. Checked
// in that order, before migrations or the demo city, so a taken port is found in a millisecond
// rather than after seconds of start-up work.

export class StartupError extends Error {
  override name = 'StartupError';
}

/** The answer to every request while the service starts: the port is taken, the service not ready. */
function starting(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'application/problem+json; charset=utf-8', 'Retry-After': '1' });
  res.end(
    JSON.stringify({
      type: '/problems/starting',
      title: 'Service unavailable',
      status: 503,
      code: 'starting',
      detail: '服务正在启动，请稍后重试 (the service is starting: try again shortly)',
    }),
  );
}

export interface ClaimedPort {
  server: http.Server;
  port: number;
  /** From now on requests go to `handler` (the application, once it is ready). */
  serve: (handler: http.RequestListener) => void;
}

/** Listens on PORT (and HOST) at once, answering 503 `starting` until `serve` hands over. */
export function claimPort(port: number, host: string | null): Promise<ClaimedPort> {
  let handler: http.RequestListener = starting;
  const server = http.createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = host ? `${host}:${port}` : String(port);
      if (err.code === 'EADDRINUSE')
        reject(
          new StartupError(
            `端口 ${where} 已被占用：请停止占用它的进程，或用 PORT 另选端口 (PORT ${where} is already in use: stop what holds it, or choose another with PORT)`,
          ),
        );
      else if (err.code === 'EACCES')
        reject(
          new StartupError(
            `无权监听端口 ${where}：1024 以下的端口需要特权，请用 PORT 另选端口 (PORT ${where} needs privileges: choose a port above 1023 with PORT)`,
          ),
        );
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND')
        reject(new StartupError(`HOST ${host} 不是本机的地址 (HOST ${host} is not an address of this machine)`));
      else
        reject(new StartupError(`无法监听 ${where}：${err.code ?? err.message} (cannot listen on ${where}: ${err.code ?? err.message})`));
    });
    const listening = () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : port,
        serve: (h) => {
          handler = h;
        },
      });
    };
    if (host) server.listen(port, host, listening);
    else server.listen(port, listening);
  });
}

/** DATA_DIR exists (made if missing) and the service may write in it. */
export function checkDataDir(dataDir: string): void {
  const probe = path.join(dataDir, `.write-check-${process.pid}`);
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.unlinkSync(probe);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new StartupError(
      `DATA_DIR ${dataDir} 不可写（${code}）：请创建该目录并授予服务写权限，或用 DATA_DIR 另选目录 (DATA_DIR ${dataDir} is not writable (${code}): create it for the service's user, or choose another)`,
    );
  }
}

/** The URL as it may be shown: without its password. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

// PostgreSQL is starting, shutting down or not yet reachable (a container started beside it): worth
// waiting for. A wrong password, user or database name is not.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P03',
  '57P01',
  '53300',
]);

function reasonOf(err: unknown): { code: string; text: string } {
  const e = err as { code?: string; message?: string; errors?: Array<{ code?: string }> };
  // node-postgres reports a refused connection to every address of a name as an AggregateError.
  const code = e.code ?? e.errors?.[0]?.code ?? 'unknown';
  const texts: Record<string, string> = {
    ECONNREFUSED: '连接被拒绝 (connection refused)',
    ENOTFOUND: '主机名无法解析 (host name not found)',
    EAI_AGAIN: '主机名暂时无法解析 (host name lookup failed)',
    ETIMEDOUT: '连接超时 (connection timed out)',
    '28P01': '密码错误 (wrong password)',
    '28000': '该用户无权连接 (the user may not connect)',
    '3D000': '数据库不存在 (no such database)',
    '57P03': '数据库正在启动 (the database is starting)',
  };
  return { code, text: texts[code] ?? `${code}` };
}

/**
 * Waits until `ping` (the database's cheapest question) answers, for up to `waitSeconds` while the
 * failure is one that passes (the server starting or not yet reachable); a wrong password, user or
 * database name fails at once.
 */
export async function waitForDatabase(
  ping: () => Promise<unknown>,
  url: string | null,
  waitSeconds: number,
  onRetry: (reason: string) => void,
): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await ping();
      return;
    } catch (err) {
      const { code, text } = reasonOf(err);
      const where = url ? shownUrl(url) : 'SQLite';
      if (!TRANSIENT_CODES.has(code) || Date.now() >= deadline) {
        const waited = TRANSIENT_CODES.has(code) ? `，已等待 ${waitSeconds} 秒` : '';
        const waitedEn = TRANSIENT_CODES.has(code) ? `, after waiting ${waitSeconds} s` : '';
        throw new StartupError(
          `无法连接 DATABASE_URL 指定的数据库 ${where}：${text}${waited} (cannot connect to the database DATABASE_URL names${waitedEn})`,
        );
      }
      onRetry(text);
      await new Promise((r) => setTimeout(r, Math.min(2000, 200 * attempt)));
    }
  }
}
