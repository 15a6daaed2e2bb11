import { randomUUID } from 'node:crypto';
import express from 'express';
import { Logger } from 'pino';

// One log line per request, written with pino when the answer is finished (or the client gave up):
// the request id, method, path, status and duration — never headers, so tokens cannot reach the
// log. It replaces pino-http, whose per-request child logger and header redaction were a cost of
// every request (ADR 0007; bench/RESULTS.md, 2026-11-22 session 3); the line carries what an
// operator greps for.

const REQUEST_ID = /^[\w.:-]{1,100}$/;

export function requestLog(logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // A caller's (or the load balancer's) X-Request-Id is kept when it is safe to log; else a new one.
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const line = (aborted: boolean) => {
      const status = res.statusCode;
      const level = aborted || status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger[level](
        {
          requestId: id,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status,
          ms: Math.round(ms * 10) / 10,
          operation: res.locals.operationId,
        },
        aborted ? 'request aborted' : 'request completed',
      );
    };
    // 'close' comes once per response, after 'finish' or instead of it when the client went away:
    // one listener, where a 'finish' and a 'close' listener each cost a closure per request.
    res.on('close', () => line(!res.writableFinished));
    next();
  };
}
