import { Knex } from 'knex';
import type { ClientRateLimitInfo, IncrementResponse, RateLimitStore, RateLimitWindow } from './rate-limit-counts';

// The rate-limit counts in the database (SQLite or PostgreSQL), so that every instance of
// the service counts against one limit per key (ADR 0016). A fixed window per key: windows start
// at multiples of windowMs (epoch milliseconds), so every instance computes the same window for the
// same moment; a lease (below) costs one INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL, SQLite
// ≥ 3.35), which the database runs atomically per row, so concurrent requests on different
// instances never lose a hit.
//
// A window only ever moves forward: an instance whose clock lags a little behind another's, at the
// turn of a window, counts its request into the newer window instead of resetting it.
//
// The service uses it on PostgreSQL; on SQLite, one process per database file, the counts live in
// that process (ProcessRateLimitStore). The store itself works on either database.
//
// Leases (ADR 0016, amended 2026-12-04): a statement per request was the one round trip to
// PostgreSQL left on a cached read once the change feed answers the rest (ADR 0021). So an
// instance takes hits for a key in leases: one statement adds a whole lease to the shared count,
// and the instance hands its hits out locally until the lease is used up. A lease is at most an
// eighth of what is left under the limit (and at most LEASE_MAX), so it shrinks to one hit as the
// limit nears: the total let through over all instances never exceeds the limit, and what a lease
// holds back from the other instances near the limit is a hit or two. With an unknown limit, or a
// limit under 16, every hit is its own statement, exactly as without leases.

const TABLE = 'rate_limit_hits';

const INCREMENT = `
INSERT INTO ${TABLE} ("key", window_start, hits) VALUES (?, ?, ?)
ON CONFLICT ("key") DO UPDATE SET
  hits = CASE WHEN excluded.window_start > ${TABLE}.window_start THEN excluded.hits ELSE ${TABLE}.hits + excluded.hits END,
  window_start = CASE WHEN excluded.window_start > ${TABLE}.window_start THEN excluded.window_start ELSE ${TABLE}.window_start END
RETURNING hits, window_start`;

type Row = { hits: number | string; window_start: number | string };

/** The most hits one lease takes. */
export const LEASE_MAX = 64;

/** Hits of a key this instance has taken and not yet handed out: positions next..last of the window's count. */
interface Lease {
  windowStart: number;
  next: number;
  last: number;
  /** The window's count as last seen, for the size of the next lease. */
  seen: number;
}

/** The rows a raw statement returned, whichever driver ran it. */
function rowsOf(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}

export interface DatabaseStoreOptions {
  /** Where time comes from (the app's clock), so tests can move the window. */
  now?: () => Date;
  /** Prepended to every key (a store per limiter). */
  prefix?: string;
}

export class DatabaseRateLimitStore implements RateLimitStore {
  readonly prefix: string;
  private windowMs = 60_000;
  private readonly now: () => Date;
  private lastPruneMs = 0;
  private pruning: Promise<void> | null = null;
  /** The limit per window, when it is a fixed number (it sizes the leases); null: no leases. */
  private limit: number | null = null;
  private readonly leases = new Map<string, Lease>();
  /** A lease being taken, per key: callers meanwhile wait for it rather than take their own. */
  private readonly taking = new Map<string, Promise<IncrementResponse>>();
  private statements = 0;

  constructor(
    private readonly db: Knex,
    options: DatabaseStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.prefix = options.prefix ?? 'token:';
  }

  init(options: RateLimitWindow): void {
    this.windowMs = options.windowMs;
    this.limit = Number.isFinite(options.limit) ? options.limit : null;
  }

  /** Statements run by increment since start (tests, the benchmark's reading). */
  get statementCount(): number {
    return this.statements;
  }

  /** The start of the window the moment falls in. */
  windowStartOf(ms: number): number {
    return ms - (ms % this.windowMs);
  }

  async increment(key: string): Promise<IncrementResponse> {
    for (;;) {
      const nowMs = this.now().getTime();
      const windowStart = this.windowStartOf(nowMs);
      let lease = this.leases.get(key);
      // A lease of an ended window is void; one of a newer window (this clock lags) still counts.
      if (lease && lease.windowStart < windowStart) {
        this.leases.delete(key);
        lease = undefined;
      }
      if (lease && lease.next <= lease.last) {
        return { totalHits: lease.next++, resetTime: new Date(lease.windowStart + this.windowMs) };
      }
      const size = this.leaseSize(lease?.seen ?? 0);
      if (size === 1) return this.take(key, windowStart, 1, nowMs);
      const taking = this.taking.get(key);
      if (taking) {
        await taking;
        continue;
      }
      const run = this.take(key, windowStart, size, nowMs);
      this.taking.set(key, run);
      try {
        return await run;
      } finally {
        this.taking.delete(key);
      }
    }
  }

  /** How many hits to take at once, given the window's count as last seen. */
  private leaseSize(seen: number): number {
    if (this.limit === null) return 1;
    return Math.max(1, Math.min(LEASE_MAX, Math.floor((this.limit - seen) / 8)));
  }

  /**
   * Adds `size` hits to the shared count in one statement and answers this call with the first of
   * them; the rest, as far as they fall within the limit, are kept as the key's lease. Hits past
   * the limit are counted but never handed out (the caller is refused, as every later one is).
   */
  private async take(key: string, windowStart: number, size: number, nowMs: number): Promise<IncrementResponse> {
    this.statements++;
    const rows = rowsOf(await this.db.raw(INCREMENT, [this.prefix + key, windowStart, size]));
    const row = rows[0];
    this.pruneNow(nowMs);
    const total = Number(row.hits);
    const rowWindow = Number(row.window_start);
    const first = total - size + 1;
    const last = this.limit === null ? first : Math.min(total, Math.max(first, this.limit));
    this.leases.set(key, { windowStart: rowWindow, next: first + 1, last, seen: total });
    return { totalHits: first, resetTime: new Date(rowWindow + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row: Row | undefined = await this.db(TABLE)
      .where({ key: this.prefix + key })
      .first('hits', 'window_start');
    if (!row || Number(row.window_start) < this.windowStartOf(this.now().getTime())) return undefined;
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.window_start) + this.windowMs) };
  }

  /** Takes back one hit of the current window (a window that has already turned is left alone). */
  async decrement(key: string): Promise<void> {
    await this.db(TABLE)
      .where({ key: this.prefix + key, window_start: this.windowStartOf(this.now().getTime()) })
      .where('hits', '>', 0)
      .update({ hits: this.db.raw('hits - 1') });
  }

  async resetKey(key: string): Promise<void> {
    this.leases.delete(key);
    await this.db(TABLE)
      .where({ key: this.prefix + key })
      .delete();
  }

  async resetAll(): Promise<void> {
    this.leases.clear();
    await this.db(TABLE).where('key', 'like', `${this.prefix}%`).delete();
  }

  /**
   * Deletes the rows of windows that have ended (keys that stopped calling). At most once a window
   * per instance, after a request and not in its way; an error is only retried a window later.
   */
  prune(nowMs = this.now().getTime()): Promise<void> {
    this.lastPruneMs = nowMs;
    const run = this.db(TABLE)
      .where('window_start', '<', this.windowStartOf(nowMs))
      .delete()
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        if (this.pruning === run) this.pruning = null;
      });
    this.pruning = run;
    return run;
  }

  private pruneNow(nowMs: number): void {
    if (this.pruning || nowMs - this.lastPruneMs < this.windowMs) return;
    void this.prune(nowMs);
  }

  /** Waits for a pruning in progress (tests, shutdown). */
  async shutdown(): Promise<void> {
    await this.pruning;
  }
}
