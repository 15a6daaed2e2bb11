import express from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ReadCache } from '../db/read-cache';
import type { ChangeFeed } from '../db/change-feed';
import type { LoadShedder } from './load-shedding';

// Prometheus metrics (prom-client), one registry per app so tests can make many apps. Requests
// are labelled by the contract's operationId, never by the raw path (ids would explode the series).

export interface Metrics {
  registry: Registry;
  middleware: express.RequestHandler;
}

export function createMetrics(readCache?: ReadCache, changeFeed?: () => ChangeFeed | null, shedder?: Pick<LoadShedder, 'shed'>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  if (changeFeed) {
    new Gauge({
      name: 'change_feed_live',
      help: 'PostgreSQL change feed listening and caught up (1), or every request reads the database (0)',
      registers: [registry],
      collect() {
        this.set(changeFeed()?.isLive ? 1 : 0);
      },
    });
    new Gauge({
      name: 'change_feed_notices',
      help: 'Change notices taken in since start',
      registers: [registry],
      collect() {
        this.set(changeFeed()?.noticeCount ?? 0);
      },
    });
  }
  if (readCache) {
    // Read at scrape time: the cache counts for itself, the request path pays nothing.
    new Gauge({
      name: 'read_cache_hits',
      help: 'Reads answered from the read cache since start',
      registers: [registry],
      collect() {
        this.set(readCache.stats().hits);
      },
    });
    new Gauge({
      name: 'read_cache_misses',
      help: 'Reads that went to the database since start',
      registers: [registry],
      collect() {
        this.set(readCache.stats().misses);
      },
    });
    new Gauge({
      name: 'read_cache_bytes',
      help: 'Approximate size of the results held (JSON characters)',
      registers: [registry],
      collect() {
        this.set(readCache.stats().bytes);
      },
    });
  }
  if (shedder) {
    new Gauge({
      name: 'http_requests_shed',
      help: 'API requests refused with 503 overloaded since start (src/http/load-shedding.ts)',
      registers: [registry],
      collect() {
        this.set(shedder.shed());
      },
    });
  }
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by operation and status',
    labelNames: ['operation', 'method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by operation',
    labelNames: ['operation', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware: express.RequestHandler = (req, res, next) => {
    const start = process.hrtime.bigint();
    // Answers sent in full ('close' after 'finish'); a request the client abandoned is not counted.
    res.on('close', () => {
      if (!res.writableFinished) return;
      const operation = String(res.locals.operationId ?? 'unmatched');
      requests.inc({ operation, method: req.method, status: String(res.statusCode) });
      duration.observe({ operation, method: req.method }, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
  return { registry, middleware };
}
