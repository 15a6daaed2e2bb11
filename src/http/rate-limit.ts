import express from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../errors';
import { sendProblem } from './problem';

// Per-token rate limit (express-rate-limit): a caller is its user, known after authentication.
// Over the limit: 429 problem+json with Retry-After.

export function perTokenRateLimit(perMinute: number): express.RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => req.actor.userId,
    handler: (req, res, _next, options) => {
      res.setHeader('Retry-After', String(Math.ceil(options.windowMs / 1000)));
      sendProblem(res, new AppError(429, 'rate_limited', 'Too many requests', `请求过于频繁，每分钟最多 ${perMinute} 次，请稍后重试 (rate limit exceeded)`), req.originalUrl.split('?')[0]);
    },
  });
}
