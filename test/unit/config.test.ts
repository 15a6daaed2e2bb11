import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

// READ_CACHE_MB (ADR 0018): how much of the read cache to keep, 0 to turn it off; a wrong value
// stops the start with a message naming the variable.
describe('READ_CACHE_MB', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 32 MB and takes 0 (off) to 4096', () => {
    expect(loadConfig(base).readCacheMegabytes).toBe(32);
    expect(loadConfig({ ...base, READ_CACHE_MB: '0' }).readCacheMegabytes).toBe(0);
    expect(loadConfig({ ...base, READ_CACHE_MB: ' 16 ' }).readCacheMegabytes).toBe(16);
    expect(loadConfig({ ...base, READ_CACHE_MB: '4096' }).readCacheMegabytes).toBe(4096);
  });

  it.each(['-1', '1.5', 'lots', '4097', '64MB'])('refuses %p', (value) => {
    expect(() => loadConfig({ ...base, READ_CACHE_MB: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, READ_CACHE_MB: value })).toThrow(/READ_CACHE_MB/);
  });
});

// SEARCH_TIMEOUT_MS (docs/system.md "Overload"): how long one search statement may run on PostgreSQL.
describe('SEARCH_TIMEOUT_MS', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 5 s and takes 100 ms to 10 minutes', () => {
    expect(loadConfig(base).searchTimeoutMs).toBe(5000);
    expect(loadConfig({ ...base, SEARCH_TIMEOUT_MS: '100' }).searchTimeoutMs).toBe(100);
    expect(loadConfig({ ...base, SEARCH_TIMEOUT_MS: '600000' }).searchTimeoutMs).toBe(600_000);
  });

  it.each(['0', '99', '5s', '600001', '-5'])('refuses %p', (value) => {
    expect(() => loadConfig({ ...base, SEARCH_TIMEOUT_MS: value })).toThrow(/SEARCH_TIMEOUT_MS/);
  });
});

// PG_WORK_MEM_MB: PostgreSQL's work_mem for the service's connections.
describe('PG_WORK_MEM_MB', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 32 and takes 1 to 2048', () => {
    expect(loadConfig(base).pgWorkMemMb).toBe(32);
    expect(loadConfig({ ...base, PG_WORK_MEM_MB: '256' }).pgWorkMemMb).toBe(256);
  });

  it.each(['0', '2049', '32MB'])('refuses %p', (value) => {
    expect(() => loadConfig({ ...base, PG_WORK_MEM_MB: value })).toThrow(/PG_WORK_MEM_MB/);
  });
});

// The operator's network settings: HOST, TRUST_PROXY, METRICS_TOKEN, DATABASE_WAIT_SECONDS.
describe('HOST, TRUST_PROXY, METRICS_TOKEN, DATABASE_WAIT_SECONDS', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('default to every interface, no trusted proxy, loopback-only metrics and 30 s of waiting', () => {
    expect(loadConfig(base)).toMatchObject({ host: null, trustProxy: false, metricsToken: null, databaseWaitSeconds: 30 });
  });

  it('take an address or host name, proxy hops or addresses, a long token and 0–600 s', () => {
    expect(loadConfig({ ...base, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ ...base, HOST: 'catalog.internal' }).host).toBe('catalog.internal');
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.5' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.5',
    ]);
    expect(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, METRICS_TOKEN: ' a-scraper-token-of-length ' }).metricsToken).toBe('a-scraper-token-of-length');
    expect(loadConfig({ ...base, DATABASE_WAIT_SECONDS: '0' }).databaseWaitSeconds).toBe(0);
  });

  it.each([
    ['HOST', 'not a host!'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '11'],
    ['TRUST_PROXY', '10.0.0.0/99'],
    ['TRUST_PROXY', 'nginx'],
    ['METRICS_TOKEN', 'short'],
    ['DATABASE_WAIT_SECONDS', '601'],
  ])('refuses %s=%p, naming it', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(`^${name} `));
  });

  it('does not repeat a refused METRICS_TOKEN (a secret)', () => {
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short-secret' })).toThrow(/^(?!.*short-secret)/s);
  });
});

// CHANGE_FEED (ADR 0021): on by default (it matters only on PostgreSQL), off on request.
describe('CHANGE_FEED', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('is on by default and turns off with false/off/0', () => {
    expect(loadConfig(base).changeFeed).toBe(true);
    for (const off of ['false', 'off', '0', 'no']) expect(loadConfig({ ...base, CHANGE_FEED: off }).changeFeed).toBe(false);
    expect(loadConfig({ ...base, CHANGE_FEED: 'on' }).changeFeed).toBe(true);
  });

  it('refuses a value that is not a yes or a no, naming the variable', () => {
    expect(() => loadConfig({ ...base, CHANGE_FEED: 'sometimes' })).toThrow(/CHANGE_FEED/);
  });
});

// HEAP_GROWING_PERCENT (ADR 0022): the old generation grows to at most twice what survived by default.
describe('HEAP_GROWING_PERCENT', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 100 and takes 0 (V8 decides) to 400', () => {
    expect(loadConfig(base).heapGrowingPercent).toBe(100);
    expect(loadConfig({ ...base, HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ ...base, HEAP_GROWING_PERCENT: '50' }).heapGrowingPercent).toBe(50);
    expect(loadConfig({ ...base, HEAP_GROWING_PERCENT: '400' }).heapGrowingPercent).toBe(400);
  });

  it.each(['-1', '1.5', '401', 'twice'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, HEAP_GROWING_PERCENT: value })).toThrow(/HEAP_GROWING_PERCENT/);
  });
});

// DEMO_DATA: the demo city (whose tokens README publishes) loads into an empty database by default
// for `npm install && npm start`, but never by accident in production.
describe('DEMO_DATA and NODE_ENV', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('loads the demo city by default when NODE_ENV is unset or not production', () => {
    expect(loadConfig(base).loadDemoData).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).loadDemoData).toBe(true);
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).loadDemoData).toBe(true);
  });

  it('does not load it when NODE_ENV=production, unless DEMO_DATA=true says so', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).loadDemoData).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: ' Production ' }).loadDemoData).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', DEMO_DATA: '' }).loadDemoData).toBe(false);
    expect(loadConfig({ ...base, NODE_ENV: 'production', DEMO_DATA: 'true' }).loadDemoData).toBe(true);
  });

  it('turns it off with DEMO_DATA=false anywhere, and refuses a value that is not a yes or a no', () => {
    expect(loadConfig({ ...base, DEMO_DATA: 'false' }).loadDemoData).toBe(false);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });
});

// SELF_SERVICE_TOKEN_DAYS: how long a token a user issues for itself may last; 0: the bureau issues every token.
describe('SELF_SERVICE_TOKEN_DAYS', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 30 and takes 0 (self-service off) to 366', () => {
    expect(loadConfig(base).selfServiceTokenDays).toBe(30);
    expect(loadConfig({ ...base, SELF_SERVICE_TOKEN_DAYS: '0' }).selfServiceTokenDays).toBe(0);
    expect(loadConfig({ ...base, SELF_SERVICE_TOKEN_DAYS: '7' }).selfServiceTokenDays).toBe(7);
    expect(loadConfig({ ...base, SELF_SERVICE_TOKEN_DAYS: '366' }).selfServiceTokenDays).toBe(366);
  });

  it.each(['-1', '1.5', '367', 'month'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, SELF_SERVICE_TOKEN_DAYS: value })).toThrow(/SELF_SERVICE_TOKEN_DAYS/);
  });
});

describe('ACCEPTANCE_DELAY_MAX_MONTHS', () => {
  const delay = (value?: string) => loadConfig(value === undefined ? {} : { ACCEPTANCE_DELAY_MAX_MONTHS: value }).acceptanceDelayMaxMonths;

  it('defaults to 6 months and takes 1 to 24', () => {
    expect(delay()).toBe(6);
    expect(delay('')).toBe(6);
    expect(delay('1')).toBe(1);
    expect(delay('24')).toBe(24);
  });

  it('refuses 0, more than 24 and what is not a whole number, naming the variable', () => {
    for (const bad of ['0', '25', '6.5', 'six']) expect(() => delay(bad)).toThrow(/ACCEPTANCE_DELAY_MAX_MONTHS/);
  });
});

// AUDIT_CHECKPOINT_MINUTES: how often the audit chain's head is signed. 0 once made a 1 ms timer.
describe('AUDIT_CHECKPOINT_MINUTES', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };
  const minutes = (value?: string) =>
    loadConfig(value === undefined ? base : { ...base, AUDIT_CHECKPOINT_MINUTES: value }).auditCheckpointMinutes;

  it('defaults to 15 and takes 1 to 1440 (a day)', () => {
    expect(minutes()).toBe(15);
    expect(minutes('')).toBe(15);
    expect(minutes('1')).toBe(1);
    expect(minutes(' 60 ')).toBe(60);
    expect(minutes('1440')).toBe(1440);
  });

  it.each(['0', '-5', '0.5', '1441', 'hourly', '15m'])('refuses %p, naming the variable', (value) => {
    expect(() => minutes(value)).toThrow(ConfigError);
    expect(() => minutes(value)).toThrow(/AUDIT_CHECKPOINT_MINUTES/);
  });
});

// LOG_LEVEL: a pino level; pino itself would throw an unexplained stack trace before logging anything.
describe('LOG_LEVEL', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to info and takes every pino level, silent included, in any case', () => {
    expect(loadConfig(base).logLevel).toBe('info');
    expect(loadConfig({ ...base, LOG_LEVEL: '' }).logLevel).toBe('info');
    for (const level of ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) {
      expect(loadConfig({ ...base, LOG_LEVEL: level }).logLevel).toBe(level);
    }
    expect(loadConfig({ ...base, LOG_LEVEL: ' WARN ' }).logLevel).toBe('warn');
  });

  it.each(['verbose', 'warning', 'off', '30'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, LOG_LEVEL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, LOG_LEVEL: value })).toThrow(/LOG_LEVEL/);
  });
});

// NODE_ENV: a misspelt production would quietly load the demo city and its published tokens.
describe('NODE_ENV', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('is unset by default and takes production, development or test', () => {
    expect(loadConfig(base).nodeEnv).toBeNull();
    expect(loadConfig({ ...base, NODE_ENV: ' ' }).nodeEnv).toBeNull();
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).nodeEnv).toBe('production');
    expect(loadConfig({ ...base, NODE_ENV: ' Production ' }).nodeEnv).toBe('production');
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).nodeEnv).toBe('development');
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).nodeEnv).toBe('test');
  });

  it.each(['prod', 'prodution', 'staging'])('refuses %p, naming the variable, rather than loading the demo city', (value) => {
    expect(() => loadConfig({ ...base, NODE_ENV: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, NODE_ENV: value })).toThrow(/NODE_ENV/);
  });
});

describe('PORT', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 3000 (also when blank) and takes 0 (any free port) to 65535', () => {
    expect(loadConfig(base).port).toBe(3000);
    expect(loadConfig({ ...base, PORT: '' }).port).toBe(3000);
    expect(loadConfig({ ...base, PORT: '0' }).port).toBe(0);
    expect(loadConfig({ ...base, PORT: '8080' }).port).toBe(8080);
    expect(loadConfig({ ...base, PORT: '65535' }).port).toBe(65535);
  });

  it.each(['-1', '65536', '80.5', 'http'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, PORT: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, PORT: value })).toThrow(/PORT/);
  });
});

describe('SHARING_REPLY_WORKING_DAYS', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 10 (also when blank) and takes 1 to 60', () => {
    expect(loadConfig(base).sharingReplyWorkingDays).toBe(10);
    expect(loadConfig({ ...base, SHARING_REPLY_WORKING_DAYS: '' }).sharingReplyWorkingDays).toBe(10);
    expect(loadConfig({ ...base, SHARING_REPLY_WORKING_DAYS: '1' }).sharingReplyWorkingDays).toBe(1);
    expect(loadConfig({ ...base, SHARING_REPLY_WORKING_DAYS: '60' }).sharingReplyWorkingDays).toBe(60);
  });

  it.each(['0', '61', '2.5', 'ten'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, SHARING_REPLY_WORKING_DAYS: value })).toThrow(/SHARING_REPLY_WORKING_DAYS/);
  });
});

// BODY_LIMIT: express's own parser takes "10 apples" for 10 bytes and throws on "lots" only once the app is built.
describe('BODY_LIMIT', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 1mb and takes bytes or kb, mb, gb from 1kb to 1gb, as written', () => {
    expect(loadConfig(base).bodyLimit).toBe('1mb');
    expect(loadConfig({ ...base, BODY_LIMIT: '' }).bodyLimit).toBe('1mb');
    expect(loadConfig({ ...base, BODY_LIMIT: '1kb' }).bodyLimit).toBe('1kb');
    expect(loadConfig({ ...base, BODY_LIMIT: ' 512KB ' }).bodyLimit).toBe('512KB');
    expect(loadConfig({ ...base, BODY_LIMIT: '2.5mb' }).bodyLimit).toBe('2.5mb');
    expect(loadConfig({ ...base, BODY_LIMIT: '1048576' }).bodyLimit).toBe('1048576');
    expect(loadConfig({ ...base, BODY_LIMIT: '1gb' }).bodyLimit).toBe('1gb');
  });

  it.each(['lots', '10 apples', '0', '1023', '0.5kb', '2gb', '1tb', '-1mb', '1.5'])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, BODY_LIMIT: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, BODY_LIMIT: value })).toThrow(/BODY_LIMIT/);
  });
});

// CORS_ORIGINS: each entry is compared with the browser's Origin header exactly, so one that can never match is refused.
describe('CORS_ORIGINS', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('is empty (CORS closed) by default and takes a comma-separated list of origins', () => {
    expect(loadConfig(base).corsOrigins).toEqual([]);
    expect(loadConfig({ ...base, CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });

  it.each([
    '*',
    'a.example',
    'https://a.example/',
    'https://a.example/app',
    'https://A.example',
    'https://a.example:443',
    'ftp://a.example',
    'null',
  ])('refuses %p, naming the variable', (value) => {
    expect(() => loadConfig({ ...base, CORS_ORIGINS: `https://ok.example,${value}` })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: `https://ok.example,${value}` })).toThrow(/CORS_ORIGINS/);
  });

  it('says how to write an entry that is a URL but not an origin', () => {
    expect(() => loadConfig({ ...base, CORS_ORIGINS: 'https://a.example/' })).toThrow(/"https:\/\/a\.example"/);
  });
});

// AUDIT_SIGNING_KEY / AUDIT_SIGNING_KEY_FILE: read here, the key itself loaded by src/audit-key.ts
// (test/unit/audit-key.test.ts).
describe('AUDIT_SIGNING_KEY and AUDIT_SIGNING_KEY_FILE', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };
  const ed25519Pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('defaults to the file audit-signing-key.pem in DATA_DIR', () => {
    const config = loadConfig(base);
    expect(config.auditSigningKeyPem).toBeNull();
    expect(config.auditSigningKeyFile).toBe(path.resolve('/tmp/catalog-config-test/audit-signing-key.pem'));
    expect(loadConfig({ ...base, AUDIT_SIGNING_KEY: ' ', AUDIT_SIGNING_KEY_FILE: '' }).auditSigningKeyPem).toBeNull();
  });

  it('takes AUDIT_SIGNING_KEY_FILE as a path, made absolute', () => {
    expect(loadConfig({ ...base, AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit.pem' }).auditSigningKeyFile).toBe('/run/secrets/audit.pem');
    expect(loadConfig({ ...base, AUDIT_SIGNING_KEY_FILE: 'keys/audit.pem' }).auditSigningKeyFile).toBe(path.resolve('keys/audit.pem'));
  });

  it('takes an Ed25519 PKCS#8 PEM as AUDIT_SIGNING_KEY', () => {
    const pem = ed25519Pem();
    expect(loadConfig({ ...base, AUDIT_SIGNING_KEY: pem }).auditSigningKeyPem).toBe(pem);
  });

  it('refuses anything else, naming the variable and never repeating the value', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const oneLine = ed25519Pem().replace(/\n/g, '\\n');
    for (const bad of ['not-a-key', rsa, oneLine]) {
      let error: unknown;
      try {
        loadConfig({ ...base, AUDIT_SIGNING_KEY: bad });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/AUDIT_SIGNING_KEY/);
      expect((error as Error).message).not.toContain(bad.trim().slice(0, 40));
    }
    expect(() => loadConfig({ ...base, AUDIT_SIGNING_KEY: oneLine })).toThrow(/real line breaks/);
  });
});

// Every refusal names its variable in Chinese for the operator, with the English after it.
describe('ConfigError messages', () => {
  it('are Chinese with an English gloss, and the error says what it is', () => {
    let error: unknown;
    try {
      loadConfig({ AUDIT_CHECKPOINT_MINUTES: '0' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toBe(
      'ConfigError: AUDIT_CHECKPOINT_MINUTES 须为 1（每分钟）至 1440 的整数，当前为 "0" (AUDIT_CHECKPOINT_MINUTES must be an integer from 1 (every minute) to 1440, got "0")',
    );
  });
});

// The sessions of people who sign in (ADR 0043): idle timeout, absolute lifetime, the cookie's Secure flag.
describe('SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, SESSION_COOKIE_SECURE', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('default to 30 minutes, 12 hours and a cookie without Secure', () => {
    const config = loadConfig(base);
    expect([config.sessionIdleMinutes, config.sessionMaxHours, config.sessionCookieSecure]).toEqual([30, 12, false]);
  });

  it('take other values', () => {
    const config = loadConfig({ ...base, SESSION_IDLE_MINUTES: '15', SESSION_MAX_HOURS: '8', SESSION_COOKIE_SECURE: 'true' });
    expect([config.sessionIdleMinutes, config.sessionMaxHours, config.sessionCookieSecure]).toEqual([15, 8, true]);
  });

  it.each([
    ['SESSION_IDLE_MINUTES', '0'],
    ['SESSION_IDLE_MINUTES', '1441'],
    ['SESSION_IDLE_MINUTES', 'half an hour'],
    ['SESSION_MAX_HOURS', '0'],
    ['SESSION_MAX_HOURS', '721'],
    ['SESSION_COOKIE_SECURE', 'maybe'],
  ])('refuses %s=%p, naming it', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(new RegExp(name));
  });
});
