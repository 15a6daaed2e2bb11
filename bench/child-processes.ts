import { ChildProcess } from 'node:child_process';
import net from 'node:net';

// The child processes of a benchmark (the measured server, bare express): tracked so that every one
// still running is SIGKILLed when the benchmark exits, however it exits; stopped gracefully when a
// step is done. Shared by bench/exchange-ingest.ts and bench/exchange-query.ts.

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

/** Tracks a child until it exits. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The measured server's environment: the calling shell's, without the settings that must not leak
 * into it, then the benchmark's (production, no demo city, quiet logs, its admin token, a rate limit
 * far above what the load sends) and the step's own.
 */
export function measuredServerEnv(port: number, adminToken: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'BOOTSTRAP_ADMIN_TOKEN',
    'VALIDATE_RESPONSES',
    'CORS_ORIGINS',
    'AUDIT_SIGNING_KEY',
    'AUDIT_SIGNING_KEY_FILE',
    'NODE_OPTIONS',
  ])
    delete childEnv[name];
  return Object.assign(childEnv, {
    PORT: String(port),
    NODE_ENV: 'production',
    DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN_TOKEN: adminToken,
    RATE_LIMIT_PER_MINUTE: '1000000000',
    // No scheduled probe of the producers' endpoints during a measurement (bench/load.ts says why).
    EXCHANGE_PROBE_HOURS: '0',
    WEBHOOK_POLL_SECONDS: '0',
    ...env,
  });
}
