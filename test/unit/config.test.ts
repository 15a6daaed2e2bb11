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
