import { createPrivateKey } from 'node:crypto';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import type { LevelWithSilent } from 'pino';

// Every environment variable the service reads is read here, and checked here: a wrong value stops
// the start (main.ts exits 2) with a message naming the variable, instead of being taken for a
// default, a 1 ms timer or a limit that silently never applies. README's Configuration table lists
// them. Read elsewhere, by libraries, and not moved: NODE_ENV by express too (its `env` setting),
// PGHOST/PGUSER/PGPASSWORD/PGSSLMODE… by the pg driver for what DATABASE_URL leaves out, and
// NODE_OPTIONS/UV_THREADPOOL_SIZE/TZ by Node itself.

export type NodeEnv = 'production' | 'development' | 'test';

export interface Config {
  port: number;
  /** HOST: the address to listen on (default every interface; 127.0.0.1 behind a proxy on the same machine). */
  host: string | null;
  /**
   * TRUST_PROXY: which proxies' X-Forwarded-For to believe for the client's address (audit trail,
   * rate limits): express's `trust proxy` — a number of hops, or addresses, CIDR ranges and
   * loopback/linklocal/uniquelocal; false (default): the connection's own address.
   */
  trustProxy: number | string[] | false;
  /** DATABASE_WAIT_SECONDS: how long the start waits for a PostgreSQL that is starting or not yet reachable (default 30). */
  databaseWaitSeconds: number;
  /** METRICS_TOKEN: the bearer token /metrics asks for; null: /metrics answers loopback callers only. */
  metricsToken: string | null;
  /** postgres://… when set; otherwise the embedded SQLite file under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** NODE_ENV, trimmed and lower-cased; null when unset. Only `production` changes anything here (loadDemoData). */
  nodeEnv: NodeEnv | null;
  /** Load the demo city into an empty database at start (default: yes, except when NODE_ENV=production). */
  loadDemoData: boolean;
  bootstrapAdminToken: string | null;
  /** A pino level (default info). */
  logLevel: LevelWithSilent;
  /** Largest accepted request body, as express reads it (`1mb`, `512kb`, or bytes). */
  bodyLimit: string;
  /** Validate every response against the contract (on in tests; costs time in production). */
  validateResponses: boolean;
  /** Working days a producer has to answer a conditional sharing request (default 10). */
  sharingReplyWorkingDays: number;
  /** Longest lifetime, in days, of a token a user issues for itself (default 30); 0: only the bureau issues tokens. */
  selfServiceTokenDays: number;
  /** Minutes without a request after which a person's session ends (SESSION_IDLE_MINUTES, default 30; ADR 0043). */
  sessionIdleMinutes: number;
  /** Hours after which a session ends however busy (SESSION_MAX_HOURS, default 12). */
  sessionMaxHours: number;
  /** Mark the session cookie Secure (SESSION_COOKIE_SECURE, default false): set it true behind https. */
  sessionCookieSecure: boolean;
  /** Months of trial run after which final acceptance is late (Wendeng art. 36: 6); null: no limit. */
  acceptanceMaxTrialMonths: number | null;
  /** How far ahead a reported acceptance delay may set the new date, in months (default 6). */
  acceptanceDelayMaxMonths: number;
  /** Browser origins allowed by CORS, each exactly as a browser sends it in `Origin`; empty: CORS closed. */
  corsOrigins: string[];
  /** Requests per minute per token before 429. */
  rateLimitPerMinute: number;
  /** SHED_MAX_IN_FLIGHT: API requests in flight beyond which new ones are refused with 503 overloaded. */
  maxInFlight: number;
  /** Megabytes of read results kept while the database is unchanged (ADR 0018); 0: off. */
  readCacheMegabytes: number;
  /** PG_WORK_MEM_MB: PostgreSQL's work_mem for the service's connections (src/db/knex.ts says why). */
  pgWorkMemMb: number;
  /** SEARCH_TIMEOUT_MS: how long one statement of a search or facet count may run on PostgreSQL before it is stopped (503 search_timeout). */
  searchTimeoutMs: number;
  /** PostgreSQL: learn of changes by LISTEN/NOTIFY instead of asking on every request (ADR 0021). */
  changeFeed: boolean;
  /** How far V8's old generation may grow past what survived its last full collection, in percent; 0: V8's own policy (ADR 0022). */
  heapGrowingPercent: number;
  /** MASKING_KEY_FILE, absolute (default <dataDir>/masking-key): the keyed-hash masking rule's key, made on first start. */
  maskingKeyFile: string;
  /** DELIVERY_MAX_MB: the largest batch delivery accepted, in bytes (default 1 GiB). */
  maxDeliveryBytes: number;
  /** ATTACHMENT_MAX_BYTES: the largest attachment accepted, in bytes (default 20 MiB). */
  maxAttachmentBytes: number;
  /** How the exchange forwards queries and verifications to producers' endpoints (docs/exchange.md "Forwarding"). */
  forward: {
    /** EXCHANGE_FORWARD_TIMEOUT_MS (default 5000). */
    timeoutMs: number;
    /** EXCHANGE_FORWARD_MAX_KB: the largest answer accepted (default 1024 KiB), in bytes. */
    maxBytes: number;
    /** EXCHANGE_FORWARD_ALLOW: addresses or CIDR ranges allowed although not public (default none). */
    allow: string[];
  };
  /** EXCHANGE_PROBE_HOURS: hours between probes of producers' endpoints (default 6; 0: only on demand). */
  probeHours: number;
  /** WEBHOOK_POLL_SECONDS: seconds between turns of the webhook dispatcher (default 30; 0: off — docs/notifications.md). */
  webhookPollSeconds: number;
  /** CERTIFICATE_KEYS_DIR, absolute (default <dataDir>/certificate-keys): the private halves of the certificate signing keys (ADR 0032). */
  certificateKeysDir: string;
  /** PUBLIC_RATE_LIMIT_PER_MINUTE: requests per minute per client address to the public certificate verifications (default 60). */
  publicRateLimitPerMinute: number;
  /** AUDIT_SIGNING_KEY: the checkpoint signing key itself (an Ed25519 PKCS#8 PEM, checked); null: auditSigningKeyFile is used. */
  auditSigningKeyPem: string | null;
  /** AUDIT_SIGNING_KEY_FILE, absolute (default <dataDir>/audit-signing-key.pem); made on first start. Unused when auditSigningKeyPem is set. */
  auditSigningKeyFile: string;
  /** Minutes between signatures of the audit chain's head (default 15). */
  auditCheckpointMinutes: number;
}

export class ConfigError extends Error {
  // The CLIs print String(err): say what kind of error it is.
  override name = 'ConfigError';
}

/** `<NAME> <zh>，当前为 "<value>" (<NAME> <en>, got "<value>")`; without the value for a secret. */
function refused(name: string, zh: string, en: string, value?: string): ConfigError {
  if (value === undefined) return new ConfigError(`${name} ${zh} (${name} ${en})`);
  return new ConfigError(`${name} ${zh}，当前为 "${value}" (${name} ${en}, got "${value}")`);
}

/** Unset or blank: the default applies (the narrowing is for the callers' other branch, where the value is a string). */
function unset(value: string | undefined): value is undefined {
  return value === undefined || value.trim() === '';
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (unset(value)) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase())) return false;
  throw refused(name, '须为 true 或 false', 'must be true or false', value);
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (unset(value)) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw refused(name, '须为正整数', 'must be a positive integer', value);
  return n;
}

/** What the lowest value of a range does, in Chinese and English, for the message. */
interface MinMeans {
  zh: string;
  en: string;
}

/** An integer setting from min to max, `fallback` when unset; `minMeans` says what min does. */
function integerFrom(name: string, value: string | undefined, fallback: number, min: number, max: number, minMeans?: MinMeans): number {
  if (unset(value)) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw refused(
      name,
      `须为 ${min}${minMeans ? `（${minMeans.zh}）` : ' '}至 ${max} 的整数`,
      `must be an integer from ${min}${minMeans ? ` (${minMeans.en})` : ''} to ${max}`,
      value,
    );
  }
  return n;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

// express's `trust proxy` setting, checked here rather than at the first request: `true` (every
// hop) is refused, since any client could then write its own X-Forwarded-For into the audit trail.
function trustProxy(value: string | undefined): number | string[] | false {
  if (unset(value) || ['false', 'off', 'no', '0'].includes(value.trim().toLowerCase())) return false;
  const v = value.trim();
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops >= 1 && hops <= 10) return hops;
  } else {
    const items = v.split(',').map((s) => s.trim());
    const valid = (item: string) => PROXY_NAMES.includes(item) || ipaddr.isValid(item) || (item.includes('/') && isCidr(item));
    if (items.length > 0 && items.every(valid)) return items;
  }
  throw refused(
    'TRUST_PROXY',
    '须为 1 至 10 的代理层数，或以逗号分隔的代理地址、CIDR 网段或 loopback/linklocal/uniquelocal（不接受 true：任何客户端都可伪造其地址）',
    'must be a number of proxy hops from 1 to 10, or a comma-separated list of proxy addresses, CIDR ranges or loopback/linklocal/uniquelocal (not true: any client could forge its address)',
    value,
  );
}

function isCidr(item: string): boolean {
  try {
    ipaddr.parseCIDR(item);
    return true;
  } catch {
    return false;
  }
}

function metricsToken(value: string | undefined): string | null {
  if (unset(value)) return null;
  // Not repeated: it is a secret.
  if (value.trim().length < 16) throw refused('METRICS_TOKEN', '须至少 16 个字符', 'must be at least 16 characters');
  return value.trim();
}

function host(value: string | undefined): string | null {
  if (unset(value)) return null;
  const v = value.trim();
  if (ipaddr.isValid(v) || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(v)) return v;
  throw refused('HOST', '须为 IP 地址或主机名', 'must be an IP address or a host name', value);
}

const NODE_ENVS: readonly NodeEnv[] = ['production', 'development', 'test'];

// A misspelt NODE_ENV (`prod`, `prodution`) would quietly load the demo city, whose administrator
// token README publishes: refuse what is not one of the three conventional values.
function nodeEnv(value: string | undefined): NodeEnv | null {
  if (unset(value)) return null;
  const v = value.trim().toLowerCase();
  const known = NODE_ENVS.find((e) => e === v);
  if (known === undefined) {
    throw refused(
      'NODE_ENV',
      '须为 production、development 或 test（production 时不加载演示城市）',
      'must be production, development or test (production: the demo city is not loaded)',
      value,
    );
  }
  return known;
}

const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

// pino throws on a level it does not know, as an unexplained stack trace before anything is logged.
function logLevel(value: string | undefined): LevelWithSilent {
  if (unset(value)) return 'info';
  const v = value.trim().toLowerCase();
  const known = LOG_LEVELS.find((l) => l === v);
  if (known === undefined) {
    throw refused('LOG_LEVEL', `须为 ${LOG_LEVELS.join('、')} 之一`, `must be one of ${LOG_LEVELS.join(', ')}`, value);
  }
  return known;
}

const BODY_UNITS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

// express reads the limit with the `bytes` package, which takes "10 apples" for 10 bytes and throws
// on "lots" only once the app is built: accept a plain byte count or a number of kb, mb or gb.
function bodyLimit(value: string | undefined): string {
  if (unset(value)) return '1mb';
  const v = value.trim();
  const withUnit = /^(\d+(?:\.\d+)?) *(kb|mb|gb)$/i.exec(v);
  const size = withUnit ? Math.floor(Number(withUnit[1]) * BODY_UNITS[withUnit[2].toLowerCase()]) : /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(size >= 1024 && size <= 1024 ** 3)) {
    throw refused(
      'BODY_LIMIT',
      '须为 1kb 至 1gb 的大小，如 1mb、512kb 或字节数',
      'must be a size from 1kb to 1gb, such as 1mb, 512kb or a number of bytes',
      value,
    );
  }
  return v;
}

// Addresses the exchange may forward to although they are not public: each an IP address or a CIDR
// range, as ipaddr.js reads them (src/http/forwarding.ts).
function addressList(name: string, value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const ok = entry.includes('/') ? ipaddr.isValidCIDR(entry) : ipaddr.isValid(entry);
    if (!ok) {
      throw refused(
        name,
        `的每一项须为 IP 地址或 CIDR 网段，"${entry}" 不是`,
        `must list IP addresses or CIDR ranges; "${entry}" is not one`,
      );
    }
  }
  return entries;
}

// The CORS check compares the browser's Origin header with each entry exactly: an entry with a
// path, a trailing slash, capitals or a default port, or `*`, would never match and leave CORS
// silently closed.
function corsOrigins(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const entry of entries) {
    let origin: string | null = null;
    try {
      const url = new URL(entry);
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      // not a URL: refused below
    }
    if (origin !== entry) {
      const hint = origin === null ? '' : `，应写作 "${origin}"`;
      const enHint = origin === null ? '' : `; write "${origin}"`;
      throw refused(
        'CORS_ORIGINS',
        `的每一项须为 http(s)://主机[:端口] 形式的来源，"${entry}" 不是${hint}`,
        `must list origins, each http(s)://host[:port] as a browser sends it; "${entry}" is not one${enHint}`,
      );
    }
  }
  return entries;
}

/** Whether `pem` is an Ed25519 private key (PKCS#8 PEM), the only kind the checkpoints are documented to carry. */
export function isEd25519PrivateKeyPem(pem: string): boolean {
  try {
    return createPrivateKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/**
 * AUDIT_SIGNING_KEY and AUDIT_SIGNING_KEY_FILE: the key itself when set (it wins over the file),
 * otherwise the file, by default <dataDir>/audit-signing-key.pem. The key is a secret: a refusal
 * never repeats it.
 */
export function auditKeySettings(env: NodeJS.ProcessEnv, dataDir: string): Pick<Config, 'auditSigningKeyPem' | 'auditSigningKeyFile'> {
  const pem = unset(env.AUDIT_SIGNING_KEY) ? null : env.AUDIT_SIGNING_KEY;
  if (pem !== null && !isEd25519PrivateKeyPem(pem)) {
    // A PEM squeezed onto one line for an env file keeps its line breaks as the two characters \n.
    const escaped = pem.includes('\\n');
    throw refused(
      'AUDIT_SIGNING_KEY',
      `须为 PKCS#8 PEM 格式的 Ed25519 私钥（openssl genpkey -algorithm ed25519）${escaped ? '；其中的 \\n 须为真实换行' : ''}`,
      `must be an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)${escaped ? '; its \\n must be real line breaks' : ''}`,
    );
  }
  return {
    auditSigningKeyPem: pem,
    auditSigningKeyFile: unset(env.AUDIT_SIGNING_KEY_FILE)
      ? path.join(dataDir, 'audit-signing-key.pem')
      : path.resolve(env.AUDIT_SIGNING_KEY_FILE.trim()),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // Not repeated: the URL may carry a password.
    throw refused(
      'DATABASE_URL',
      '须以 postgres:// 开头（使用内置 SQLite 时不要设置）',
      'must start with postgres:// (leave it unset for the embedded SQLite)',
    );
  }
  const token = env.BOOTSTRAP_ADMIN_TOKEN?.trim() || null;
  if (token !== null && token.length < 16) {
    throw refused('BOOTSTRAP_ADMIN_TOKEN', '须至少 16 个字符', 'must be at least 16 characters');
  }
  const maxTrial = unset(env.ACCEPTANCE_MAX_TRIAL_MONTHS) ? null : Number(env.ACCEPTANCE_MAX_TRIAL_MONTHS);
  if (maxTrial !== null && (!Number.isInteger(maxTrial) || maxTrial < 4 || maxTrial > 36)) {
    throw refused(
      'ACCEPTANCE_MAX_TRIAL_MONTHS',
      '须为 4 至 36 的整数（文登：6）',
      'must be an integer from 4 to 36 (Wendeng: 6)',
      env.ACCEPTANCE_MAX_TRIAL_MONTHS,
    );
  }
  const environment = nodeEnv(env.NODE_ENV);
  const dataDir = path.resolve(env.DATA_DIR?.trim() || 'data');
  return {
    port: integerFrom('PORT', env.PORT, 3000, 0, 65535, { zh: '由系统选择空闲端口', en: 'any free port' }),
    host: host(env.HOST),
    trustProxy: trustProxy(env.TRUST_PROXY),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    databaseWaitSeconds: integerFrom('DATABASE_WAIT_SECONDS', env.DATABASE_WAIT_SECONDS, 30, 0, 600, { zh: '只试一次', en: 'one try' }),
    databaseUrl,
    dataDir,
    nodeEnv: environment,
    // The demo city's tokens are published in README: never loaded in production unless asked for.
    loadDemoData: parseBoolean('DEMO_DATA', env.DEMO_DATA, environment !== 'production'),
    bootstrapAdminToken: token,
    logLevel: logLevel(env.LOG_LEVEL),
    bodyLimit: bodyLimit(env.BODY_LIMIT),
    validateResponses: parseBoolean('VALIDATE_RESPONSES', env.VALIDATE_RESPONSES, false),
    sharingReplyWorkingDays: integerFrom('SHARING_REPLY_WORKING_DAYS', env.SHARING_REPLY_WORKING_DAYS, 10, 1, 60),
    // SELF_SERVICE_TOKEN_DAYS: how long a token a user issues for itself may last; 0 forbids it.
    selfServiceTokenDays: integerFrom('SELF_SERVICE_TOKEN_DAYS', env.SELF_SERVICE_TOKEN_DAYS, 30, 0, 366, {
      zh: '只有大数据管理局签发令牌',
      en: 'only the bureau issues tokens',
    }),
    // Sessions of people who sign in (ADR 0043): idle timeout, absolute lifetime, the cookie's Secure flag.
    sessionIdleMinutes: integerFrom('SESSION_IDLE_MINUTES', env.SESSION_IDLE_MINUTES, 30, 1, 1440),
    sessionMaxHours: integerFrom('SESSION_MAX_HOURS', env.SESSION_MAX_HOURS, 12, 1, 720),
    sessionCookieSecure: parseBoolean('SESSION_COOKIE_SECURE', env.SESSION_COOKIE_SECURE, false),
    acceptanceMaxTrialMonths: maxTrial,
    acceptanceDelayMaxMonths: integerFrom('ACCEPTANCE_DELAY_MAX_MONTHS', env.ACCEPTANCE_DELAY_MAX_MONTHS, 6, 1, 24, {
      zh: '一个月',
      en: 'one month',
    }),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    rateLimitPerMinute: positiveInteger('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 600),
    maxInFlight: integerFrom('SHED_MAX_IN_FLIGHT', env.SHED_MAX_IN_FLIGHT, 128, 1, 100_000),
    // READ_CACHE_MB: megabytes of read results to keep (ADR 0018).
    readCacheMegabytes: integerFrom('READ_CACHE_MB', env.READ_CACHE_MB, 32, 0, 4096, { zh: '关闭', en: 'off' }),
    pgWorkMemMb: integerFrom('PG_WORK_MEM_MB', env.PG_WORK_MEM_MB, 32, 1, 2048),
    searchTimeoutMs: integerFrom('SEARCH_TIMEOUT_MS', env.SEARCH_TIMEOUT_MS, 5000, 100, 600_000),
    changeFeed: parseBoolean('CHANGE_FEED', env.CHANGE_FEED, true),
    // HEAP_GROWING_PERCENT: V8's old-generation growth factor as a percentage (ADR 0022).
    heapGrowingPercent: integerFrom('HEAP_GROWING_PERCENT', env.HEAP_GROWING_PERCENT, 100, 0, 400, {
      zh: '由 V8 自行决定',
      en: "V8's own policy",
    }),
    ...auditKeySettings(env, dataDir),
    maskingKeyFile: unset(env.MASKING_KEY_FILE) ? path.join(dataDir, 'masking-key') : path.resolve(env.MASKING_KEY_FILE.trim()),
    maxDeliveryBytes: integerFrom('DELIVERY_MAX_MB', env.DELIVERY_MAX_MB, 1024, 1, 102400) * 1024 * 1024,
    maxAttachmentBytes: integerFrom('ATTACHMENT_MAX_BYTES', env.ATTACHMENT_MAX_BYTES, 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    certificateKeysDir: unset(env.CERTIFICATE_KEYS_DIR)
      ? path.join(dataDir, 'certificate-keys')
      : path.resolve(env.CERTIFICATE_KEYS_DIR.trim()),
    publicRateLimitPerMinute: integerFrom('PUBLIC_RATE_LIMIT_PER_MINUTE', env.PUBLIC_RATE_LIMIT_PER_MINUTE, 60, 1, 1_000_000),
    forward: {
      timeoutMs: integerFrom('EXCHANGE_FORWARD_TIMEOUT_MS', env.EXCHANGE_FORWARD_TIMEOUT_MS, 5000, 100, 60000),
      maxBytes: integerFrom('EXCHANGE_FORWARD_MAX_KB', env.EXCHANGE_FORWARD_MAX_KB, 1024, 1, 102400) * 1024,
      allow: addressList('EXCHANGE_FORWARD_ALLOW', env.EXCHANGE_FORWARD_ALLOW),
    },
    webhookPollSeconds: integerFrom('WEBHOOK_POLL_SECONDS', env.WEBHOOK_POLL_SECONDS, 30, 0, 3600, {
      zh: '不发送通知',
      en: 'no notifications sent',
    }),
    probeHours: integerFrom('EXCHANGE_PROBE_HOURS', env.EXCHANGE_PROBE_HOURS, 6, 0, 168, { zh: '只按需探测', en: 'on demand only' }),
    // 0 made a timer of 1 ms (setInterval's floor), signing all the time; more than a day (1440)
    // would leave the newest events unsigned, and their truncation unnoticed, for longer than that.
    auditCheckpointMinutes: integerFrom('AUDIT_CHECKPOINT_MINUTES', env.AUDIT_CHECKPOINT_MINUTES, 15, 1, 1440, {
      zh: '每分钟',
      en: 'every minute',
    }),
  };
}
