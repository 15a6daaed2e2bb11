// What a per-token rate limit needs of the place its counts live (src/http/rate-limit.ts): one
// count per key and fixed window. Two places implement it: the database, shared by every instance
// on PostgreSQL (DatabaseRateLimitStore), and the process, for a SQLite file served by one process
// (ProcessRateLimitStore). The names are those of express-rate-limit's Store, which they
// implemented before the middleware became the service's own (ADR 0024).

export interface RateLimitWindow {
  /** Length of a window; windows start at multiples of it (epoch milliseconds). */
  windowMs: number;
  /** Requests allowed per key and window. */
  limit: number;
}

/** A key's count in its window after this hit, and when that window ends. */
export interface IncrementResponse {
  totalHits: number;
  resetTime: Date | undefined;
}

export type ClientRateLimitInfo = IncrementResponse;

export interface RateLimitStore {
  /** Told the window and the limit once, before the first increment. */
  init(options: RateLimitWindow): void;
  /** Counts a hit for `key`: synchronous where the count is in memory, a promise where it is not. */
  increment(key: string): IncrementResponse | Promise<IncrementResponse>;
}
