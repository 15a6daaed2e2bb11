import { ConfigError, loadConfig } from '../../src/config';

// READ_CACHE_MB (ADR 0018): how much of the read cache to keep, 0 to turn it off; a wrong value
// stops the start with a message naming the variable.
describe('READ_CACHE_MB', () => {
  const base = { DATA_DIR: '/tmp/catalog-config-test' };

  it('defaults to 64 MB and takes 0 (off) to 4096', () => {
    expect(loadConfig(base).readCacheMegabytes).toBe(64);
    expect(loadConfig({ ...base, READ_CACHE_MB: '0' }).readCacheMegabytes).toBe(0);
    expect(loadConfig({ ...base, READ_CACHE_MB: ' 16 ' }).readCacheMegabytes).toBe(16);
    expect(loadConfig({ ...base, READ_CACHE_MB: '4096' }).readCacheMegabytes).toBe(4096);
  });

  it.each(['-1', '1.5', 'lots', '4097', '64MB'])('refuses %p', (value) => {
    expect(() => loadConfig({ ...base, READ_CACHE_MB: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, READ_CACHE_MB: value })).toThrow(/READ_CACHE_MB/);
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
