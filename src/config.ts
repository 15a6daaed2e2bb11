import path from 'node:path';

export interface Config {
  port: number;
  /** postgres://… when set; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** Load the demo city into an empty database at start. */
  loadDemoData: boolean;
  bootstrapAdminToken: string | null;
  logLevel: string;
  bodyLimit: string;
  /** Validate every response against the contract (on in tests; costs time in production). */
  validateResponses: boolean;
  /** Working days a producer has to answer a conditional sharing request (default 10). */
  sharingReplyWorkingDays: number;
  /** Months of trial run after which final acceptance is late (Wendeng art. 36: 6); null: no limit. */
  acceptanceMaxTrialMonths: number | null;
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
    throw new ConfigError(`ACCEPTANCE_MAX_TRIAL_MONTHS must be an integer from 4 to 36 (Wendeng: 6), got "${env.ACCEPTANCE_MAX_TRIAL_MONTHS}"`);
  }
  return {
    port,
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
    loadDemoData: parseBoolean('DEMO_DATA', env.DEMO_DATA, true),
    bootstrapAdminToken: token,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    bodyLimit: env.BODY_LIMIT?.trim() || '1mb',
    validateResponses: parseBoolean('VALIDATE_RESPONSES', env.VALIDATE_RESPONSES, false),
    sharingReplyWorkingDays: replyDays,
    acceptanceMaxTrialMonths: maxTrial,
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    rateLimitPerMinute: positiveInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 600),
    readCacheMegabytes: readCacheMegabytes(env.READ_CACHE_MB),
    changeFeed: parseBoolean('CHANGE_FEED', env.CHANGE_FEED, true),
    heapGrowingPercent: heapGrowingPercent(env.HEAP_GROWING_PERCENT),
  };
}

/** READ_CACHE_MB: megabytes of read results to keep (ADR 0018); 0 turns the cache off. Default 64. */
function readCacheMegabytes(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 64;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 4096) throw new ConfigError(`READ_CACHE_MB must be an integer from 0 (off) to 4096, got "${value}"`);
  return n;
}

/** HEAP_GROWING_PERCENT (ADR 0022): V8's old-generation growth factor as a percentage; 0 leaves V8's own. Default 100. */
function heapGrowingPercent(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 400) throw new ConfigError(`HEAP_GROWING_PERCENT must be an integer from 0 (V8's own policy) to 400, got "${value}"`);
  return n;
}
