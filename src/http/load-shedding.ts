import express from 'express';
import { ServiceUnavailableError } from '../errors';

// Graceful saturation (过载保护, docs/system.md "Overload"): past the number of API requests an
// instance may have in flight, a new one is told at once to come back (503 `overloaded`,
// Retry-After) instead of joining a queue in which every request grows slow and some wait for
// ever. A bounded queue, counted here without touching the database. Health and metrics are never
// refused, so an operator and a load balancer still see the instance. (The event loop's delay was
// tried as a second signal and dropped: one slow request alone then refused the next, with no
// queue at all.)

/** Whether a new request is refused with `inFlight` API requests already under way. */
export function isOverloaded(inFlight: number, maxInFlight: number): boolean {
  return inFlight >= maxInFlight;
}

export interface LoadShedder {
  middleware: express.RequestHandler;
  /** Requests refused since start (the /metrics endpoint reports them). */
  shed(): number;
}

export function loadShedding(maxInFlight: number): LoadShedder {
  let inFlight = 0;
  let refused = 0;
  const middleware: express.RequestHandler = (req, res, next) => {
    if (!req.url.startsWith('/api/')) return next();
    if (isOverloaded(inFlight, maxInFlight)) {
      refused++;
      return next(
        new ServiceUnavailableError('overloaded', '服务繁忙，请稍后重试 (the service is overloaded: try again shortly)', {
          'Retry-After': '1',
        }),
      );
    }
    inFlight++;
    // 'close' comes once per request, answered or abandoned.
    res.once('close', () => inFlight--);
    next();
  };
  return { middleware, shed: () => refused };
}
