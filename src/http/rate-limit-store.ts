import { Knex } from 'knex';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';

// An express-rate-limit Store in the database (SQLite or PostgreSQL), so that every instance of
// the service counts against one limit per key (ADR 0016). A fixed window per key: windows start
// at multiples of windowMs (epoch milliseconds), so every instance computes the same window for the
// same moment; a request costs one INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL, SQLite
// ≥ 3.35), which the database runs atomically per row, so concurrent requests on different
// instances never lose a hit.
//
// A window only ever moves forward: an instance whose clock lags a little behind another's, at the
// turn of a window, counts its request into the newer window instead of resetting it.
//
// The service uses it on PostgreSQL; on SQLite, one process per database file, the counts live in
// that process (ProcessRateLimitStore). The store itself works on either database.

const TABLE = 'rate_limit_hits';

const INCREMENT = `
INSERT INTO ${TABLE} ("key", window_start, hits) VALUES (?, ?, 1)
ON CONFLICT ("key") DO UPDATE SET
  hits = CASE WHEN excluded.window_start > ${TABLE}.window_start THEN 1 ELSE ${TABLE}.hits + 1 END,
  window_start = CASE WHEN excluded.window_start > ${TABLE}.window_start THEN excluded.window_start ELSE ${TABLE}.window_start END
RETURNING hits, window_start`;

type Row = { hits: number | string; window_start: number | string };

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

export class DatabaseRateLimitStore implements Store {
  /** Counts are shared with every other instance on the same database. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private readonly now: () => Date;
  private lastPruneMs = 0;
  private pruning: Promise<void> | null = null;

  constructor(
    private readonly db: Knex,
    options: DatabaseStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.prefix = options.prefix ?? 'token:';
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** The start of the window the moment falls in. */
  windowStartOf(ms: number): number {
    return ms - (ms % this.windowMs);
  }

  async increment(key: string): Promise<IncrementResponse> {
    const nowMs = this.now().getTime();
    const rows = rowsOf(await this.db.raw(INCREMENT, [this.prefix + key, this.windowStartOf(nowMs)]));
    const row = rows[0];
    this.pruneNow(nowMs);
    return { totalHits: Number(row.hits), resetTime: new Date(Number(row.window_start) + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row: Row | undefined = await this.db(TABLE).where({ key: this.prefix + key }).first('hits', 'window_start');
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
    await this.db(TABLE).where({ key: this.prefix + key }).delete();
  }

  async resetAll(): Promise<void> {
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
