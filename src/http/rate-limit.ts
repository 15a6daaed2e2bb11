import express from 'express';
import { rateLimit, RateLimitInfo } from 'express-rate-limit';
import { Knex } from 'knex';
import { AppError } from '../errors';
import { sendProblem } from './problem';
import { dialectOf } from '../db/knex';
import { DatabaseRateLimitStore } from './rate-limit-store';
import { ProcessRateLimitStore } from './rate-limit-process-store';

// Per-token rate limit (express-rate-limit): a caller is its user, known after authentication.
// On PostgreSQL the counts live in the database (DatabaseRateLimitStore), so several instances
// behind a load balancer share one limit (ADR 0016); a SQLite file has one process, which counts
// in memory (ProcessRateLimitStore). Over the limit: 429 problem+json with Retry-After, the
// seconds until the window turns.

const WINDOW_MS = 60_000;

export function perTokenRateLimit(perMinute: number, db: Knex, now: () => Date = () => new Date()): express.RequestHandler {
  return rateLimit({
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: dialectOf(db) === 'postgres' ? new DatabaseRateLimitStore(db, { now }) : new ProcessRateLimitStore(db, { now }),
    keyGenerator: (req) => req.actor.userId,
    // The key is the authenticated user, never the client address: the checks of how the address
    // was derived (X-Forwarded-For behind a load balancer, trust proxy) do not apply.
    validate: { ip: false, trustProxy: false, xForwardedForHeader: false, forwardedHeader: false },
    handler: (req, res, _next, options) => {
      const resetTime = (req as express.Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.ceil((resetTime.getTime() - now().getTime()) / 1000) : Math.ceil(options.windowMs / 1000);
      res.setHeader('Retry-After', String(Math.min(Math.max(seconds, 1), Math.ceil(options.windowMs / 1000))));
      sendProblem(res, new AppError(429, 'rate_limited', 'Too many requests', `请求过于频繁，每分钟最多 ${perMinute} 次，请稍后重试 (rate limit exceeded)`), req.originalUrl.split('?')[0]);
    },
  });
}
