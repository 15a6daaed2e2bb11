import express from 'express';
import type { Database } from '../db/database';
import { RateLimitedError } from '../errors';
import { sendProblem } from './problem';
import { dialectOf } from '../db/knex';
import type { IncrementResponse, RateLimitStore } from './rate-limit-counts';
import { DatabaseRateLimitStore } from './rate-limit.store';
import { ProcessRateLimitStore } from './rate-limit-process.store';

// Per-token rate limit: a caller is its user, known after authentication. On PostgreSQL the counts
// live in the database (DatabaseRateLimitStore), so several instances behind a load balancer share
// one limit (ADR 0016); a SQLite file has one process, which counts in memory
// (ProcessRateLimitStore). Every answer carries the IETF draft-7 headers (`RateLimit-Policy:
// 600;w=60`, `RateLimit: limit=600, remaining=599, reset=27`); over the limit: 429 problem+json
// with Retry-After, the seconds until the window turns.
//
// The middleware is the service's own rather than express-rate-limit's: that one's per-request
// wrapper cost more than the key, the count and the two headers it gave (ADR 0024 has the figures).
// The stores did not change.

const WINDOW_MS = 60_000;

export function perTokenRateLimit(perMinute: number, db: Database, now: () => Date = () => new Date()): express.RequestHandler {
  const store: RateLimitStore =
    dialectOf(db) === 'postgres' ? new DatabaseRateLimitStore(db, { now }) : new ProcessRateLimitStore(db, { now });
  return rateLimitWith(store, perMinute, now);
}

/**
 * The limit of the public operations (x-rate-limited-per-address in the contract: a certificate's
 * online verification and its verification link), which no token identifies: per client address,
 * counted in the same stores under their own prefix. Behind a balancer the address is the
 * balancer's until `trust proxy` is configured (docs/scale-out.md).
 */
export function perAddressRateLimit(perMinute: number, db: Database, now: () => Date = () => new Date()): express.RequestHandler {
  const options = { now, prefix: 'address:' };
  const store: RateLimitStore =
    dialectOf(db) === 'postgres' ? new DatabaseRateLimitStore(db, options) : new ProcessRateLimitStore(db, options);
  return rateLimitWith(store, perMinute, now, (req) => req.ip ?? 'unknown');
}

/** The middleware over a given store (tests give it one of their own); counted per user unless `keyOf` says otherwise. */
export function rateLimitWith(
  store: RateLimitStore,
  perMinute: number,
  now: () => Date,
  keyOf: (req: express.Request) => string = (req) => req.actor.userId,
): express.RequestHandler {
  store.init({ windowMs: WINDOW_MS, limit: perMinute });
  const windowSeconds = Math.ceil(WINDOW_MS / 1000);
  const policy = `${perMinute};w=${windowSeconds}`;

  const answer = (req: express.Request, res: express.Response, next: express.NextFunction, { totalHits, resetTime }: IncrementResponse) => {
    const seconds = resetTime
      ? Math.min(Math.max(Math.ceil((resetTime.getTime() - now().getTime()) / 1000), 0), windowSeconds)
      : windowSeconds;
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit', `limit=${perMinute}, remaining=${Math.max(perMinute - totalHits, 0)}, reset=${seconds}`);
    if (totalHits <= perMinute) return next();
    sendProblem(res, new RateLimitedError(perMinute, seconds), req.originalUrl.split('?')[0]);
  };

  return (req, res, next) => {
    // In memory the count is known at once: no promise, no turn of the event loop.
    const counted = store.increment(keyOf(req));
    if (counted instanceof Promise) counted.then((c) => answer(req, res, next, c), next);
    else answer(req, res, next, counted);
  };
}
