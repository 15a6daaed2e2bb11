import { Knex } from 'knex';
import type { ClientRateLimitInfo, IncrementResponse, RateLimitStore, RateLimitWindow } from './rate-limit-counts';

// The per-token counts for SQLite, in process memory (ADR 0016, amended 2026-11-22). A SQLite
// file is served by one process, so the one limit per token the database store gives several
// PostgreSQL instances is here simply a map. The counts of one database are shared by every app in
// the process on it (tests run two), kept per knex instance. The same fixed windows as the
// database store: they start at multiples of windowMs, and a window only moves forward.
// Counting in the database cost a statement and a pool acquisition per request (ADR 0016, amended
// 2026-11-22, has the figure); counts are lost on restart, as they were with the TEMP table before,
// which a per-minute limit does not mind.

interface Count {
  windowStart: number;
  hits: number;
}

const countsByDatabase = new WeakMap<Knex, Map<string, Count>>();

export class ProcessRateLimitStore implements RateLimitStore {
  readonly prefix: string;
  private windowMs = 60_000;
  private readonly now: () => Date;
  private readonly counts: Map<string, Count>;
  private lastPruneMs = 0;

  constructor(db: Knex, options: { now?: () => Date; prefix?: string } = {}) {
    this.now = options.now ?? (() => new Date());
    this.prefix = options.prefix ?? 'token:';
    let counts = countsByDatabase.get(db);
    if (!counts) {
      counts = new Map();
      countsByDatabase.set(db, counts);
    }
    this.counts = counts;
  }

  init(options: RateLimitWindow): void {
    this.windowMs = options.windowMs;
  }

  private windowStartOf(ms: number): number {
    return ms - (ms % this.windowMs);
  }

  /** The count of a key in the current window, if any (tests and get()). */
  current(key: string): Count | undefined {
    const count = this.counts.get(this.prefix + key);
    return count && count.windowStart >= this.windowStartOf(this.now().getTime()) ? count : undefined;
  }

  /** How many keys have hits in the current window (tests, diagnostics). */
  keysInWindow(): number {
    const start = this.windowStartOf(this.now().getTime());
    let n = 0;
    for (const [key, count] of this.counts) if (key.startsWith(this.prefix) && count.windowStart >= start) n++;
    return n;
  }

  increment(key: string): IncrementResponse {
    const nowMs = this.now().getTime();
    const windowStart = this.windowStartOf(nowMs);
    let count = this.counts.get(this.prefix + key);
    if (!count || windowStart > count.windowStart) {
      count = { windowStart, hits: 0 };
      this.counts.set(this.prefix + key, count);
    }
    count.hits += 1;
    this.prune(nowMs);
    return { totalHits: count.hits, resetTime: new Date(count.windowStart + this.windowMs) };
  }

  get(key: string): ClientRateLimitInfo | undefined {
    const count = this.current(key);
    return count ? { totalHits: count.hits, resetTime: new Date(count.windowStart + this.windowMs) } : undefined;
  }

  decrement(key: string): void {
    const count = this.current(key);
    if (count && count.hits > 0) count.hits -= 1;
  }

  resetKey(key: string): void {
    this.counts.delete(this.prefix + key);
  }

  resetAll(): void {
    for (const key of this.counts.keys()) if (key.startsWith(this.prefix)) this.counts.delete(key);
  }

  /** Forgets the keys of windows that have ended, at most once a window. */
  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < this.windowMs) return;
    this.lastPruneMs = nowMs;
    const current = this.windowStartOf(nowMs);
    for (const [key, count] of this.counts) if (count.windowStart < current) this.counts.delete(key);
  }
}
