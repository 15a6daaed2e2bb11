import path from 'node:path';

export interface Config {
  port: number;
  /** postgres://… when set; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** Load the demo city into an empty database at start (default: yes, except when NODE_ENV=production). */
  loadDemoData: boolean;
  bootstrapAdminToken: string | null;
  logLevel: string;
  bodyLimit: string;
  /** Validate every response against the contract (on in tests; costs time in production). */
  validateResponses: boolean;
  /** Working days a producer has to answer a conditional sharing request (default 10). */
  sharingReplyWorkingDays: number;
  /** Longest lifetime, in days, of a token a user issues for itself (default 30); 0: only the bureau issues tokens. */
  selfServiceTokenDays: number;
  /** Months of trial run after which final acceptance is late (Wendeng art. 36: 6); null: no limit. */
  acceptanceMaxTrialMonths: number | null;
  /** How far ahead a reported acceptance delay may set the new date, in months (default 6). */
  acceptanceDelayMaxMonths: number;
  /** Browser origins allowed by CORS; empty: CORS closed. */
  corsOrigins: string[];
  /** Requests per minute per token before 429. */
  rateLimitPerMinute: number;
  /** Megabytes of read results kept while the database is unchanged (ADR 0018); 0: off. */
  readCacheMegabytes: number;
  /** PostgreSQL: learn of changes by LISTEN/NOTIFY instead of asking on every request (ADR 0021). */
  changeFeed: boolean;
  /** How far V8's old generation may grow past what survived its last full collection, in percent; 0: V8's own policy (ADR 0022). */
  heapGrowingPercent: number;
}

export class ConfigError extends Error {}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${env.PORT}"`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite)');
  }
  const token = env.BOOTSTRAP_ADMIN_TOKEN?.trim() || null;
  if (token !== null && token.length < 16) {
    throw new ConfigError('BOOTSTRAP_ADMIN_TOKEN must be at least 16 characters');
  }
  const replyDays = Number(env.SHARING_REPLY_WORKING_DAYS ?? 10);
  if (!Number.isInteger(replyDays) || replyDays < 1 || replyDays > 60) {
    throw new ConfigError(`SHARING_REPLY_WORKING_DAYS must be an integer from 1 to 60, got "${env.SHARING_REPLY_WORKING_DAYS}"`);
  }
  const maxTrial = env.ACCEPTANCE_MAX_TRIAL_MONTHS?.trim() ? Number(env.ACCEPTANCE_MAX_TRIAL_MONTHS) : null;
  if (maxTrial !== null && (!Number.isInteger(maxTrial) || maxTrial < 4 || maxTrial > 36)) {
    throw new ConfigError(
      `ACCEPTANCE_MAX_TRIAL_MONTHS must be an integer from 4 to 36 (Wendeng: 6), got "${env.ACCEPTANCE_MAX_TRIAL_MONTHS}"`,
    );
  }
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    // The demo city's tokens are published in README: never loaded in production unless asked for.
    loadDemoData: parseBoolean('DEMO_DATA', env.DEMO_DATA, env.NODE_ENV?.trim().toLowerCase() !== 'production'),
    bootstrapAdminToken: token,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    bodyLimit: env.BODY_LIMIT?.trim() || '1mb',
    validateResponses: parseBoolean('VALIDATE_RESPONSES', env.VALIDATE_RESPONSES, false),
    sharingReplyWorkingDays: replyDays,
    // SELF_SERVICE_TOKEN_DAYS: how long a token a user issues for itself may last; 0 forbids it.
    selfServiceTokenDays: integerFrom('SELF_SERVICE_TOKEN_DAYS', env.SELF_SERVICE_TOKEN_DAYS, 30, 0, 366, 'only the bureau issues tokens'),
    acceptanceMaxTrialMonths: maxTrial,
    acceptanceDelayMaxMonths: integerFrom('ACCEPTANCE_DELAY_MAX_MONTHS', env.ACCEPTANCE_DELAY_MAX_MONTHS, 6, 1, 24, 'one month'),
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    rateLimitPerMinute: positiveInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 600),
    // READ_CACHE_MB: megabytes of read results to keep (ADR 0018).
    readCacheMegabytes: integerFrom('READ_CACHE_MB', env.READ_CACHE_MB, 64, 0, 4096, 'off'),
    changeFeed: parseBoolean('CHANGE_FEED', env.CHANGE_FEED, true),
    // HEAP_GROWING_PERCENT: V8's old-generation growth factor as a percentage (ADR 0022).
    heapGrowingPercent: integerFrom('HEAP_GROWING_PERCENT', env.HEAP_GROWING_PERCENT, 100, 0, 400, "V8's own policy"),
  };
}

/** An integer setting from min to max, `fallback` when unset; `minMeans` says what min does. */
function integerFrom(name: string, value: string | undefined, fallback: number, min: number, max: number, minMeans: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer from ${min} (${minMeans}) to ${max}, got "${value}"`);
  return n;
}
