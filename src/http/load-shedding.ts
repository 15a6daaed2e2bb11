import { monitorEventLoopDelay } from 'node:perf_hooks';
import express from 'express';
import { ServiceUnavailableError } from '../errors';

// Graceful saturation (过载保护, docs/system.md "Overload"): past what the instance can answer in
// time, a new API request is told at once to come back (503 `overloaded`, Retry-After) instead of
// joining a queue in which every request grows slow and some wait for ever. Two signals, both
// cheap: how many API requests are in flight here, and how late the event loop runs (a loop busy
// for 100 ms delays every request queued behind it by as much). Health and metrics are never shed,
// so an operator and a load balancer still see the instance.

export interface SheddingLimits {
  /** API requests in flight on this instance beyond which new ones are refused. */
  maxInFlight: number;
  /** The event loop's mean delay (ms) over the last window beyond which new requests are refused; 0: not checked. */
  maxLagMs: number;
}

/** How often the event loop's delay is read and its window started anew. */
const LAG_WINDOW_MS = 250;

/** Whether a new request is refused, given what the instance carries now. */
export function isOverloaded(now: { inFlight: number; lagMs: number }, limits: SheddingLimits): boolean {
  return now.inFlight >= limits.maxInFlight || (limits.maxLagMs > 0 && now.lagMs > limits.maxLagMs);
}

export interface LoadShedder {
  middleware: express.RequestHandler;
  /** Requests refused since start (the /metrics endpoint reports them). */
  shed(): number;
  /** Stops the event loop's monitor (an app closed in a test). */
  stop(): void;
}

export function loadShedding(limits: SheddingLimits): LoadShedder {
  let inFlight = 0;
  let refused = 0;
  let lagMs = 0;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const timer = setInterval(() => {
    // The histogram is in nanoseconds; with a resolution of 10 ms an idle loop reads about 10.
    lagMs = Math.max(0, delay.mean / 1e6 - 10);
    delay.reset();
  }, LAG_WINDOW_MS);
  timer.unref();
  const middleware: express.RequestHandler = (req, res, next) => {
    if (!req.url.startsWith('/api/')) return next();
    if (isOverloaded({ inFlight, lagMs }, limits)) {
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
  return {
    middleware,
    shed: () => refused,
    stop: () => {
      clearInterval(timer);
      delay.disable();
    },
  };
}
