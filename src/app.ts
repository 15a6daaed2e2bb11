import path from 'node:path';
import express from 'express';
import pino, { Logger } from 'pino';
import { Clock, systemClock } from './clock';
import { changeFeedOf } from './db/change-feed';
import { Database } from './db/database';
import { etagOf, rowVersionOf } from './db/versions';
import { ReadCache } from './db/read-cache';
import { SigningKey } from './domain/audit-chain';
import { requireBearerTokenOrSession } from './http/auth';
import { Bind, callOf, SENT } from './http/binding';
import { bindOperation, Contract, Operation } from './http/contract';
import { idempotency } from './http/idempotency';
import { serializeJsonOnce } from './http/json-once';
import { createMetrics } from './http/metrics';
import { loadShedding } from './http/load-shedding';
import { errorHandler, notFoundHandler } from './http/problem';
import { perAddressRateLimit, perTokenRateLimit } from './http/rate-limit';
import { requestLog } from './http/request-log';
import { routeByArea } from './http/route-gate';
import { corsPolicy, securityHeaders } from './http/security';
import { createAreas, Services, ServiceSettings } from './modules/areas';
import { systemRouter } from './modules/system/system.router';
import { consoleRouter } from './modules/system/console';
import { logicalRoot } from './paths';
import { SESSION_COOKIE } from './modules/users/sessions.router';
import type { ForwardSettings } from './http/forwarding';

export { DEFAULT_REPLY_WORKING_DAYS } from './modules/areas';
export type { Services, ServiceSettings } from './modules/areas';

export interface AppOptions {
  db: Database;
  clock?: Clock;
  logger?: Logger;
  bodyLimit?: string;
  /** Check every response against the contract (tests). */
  validateResponses?: boolean;
  /** Working days a producer has to answer a conditional sharing request. */
  sharingReplyWorkingDays?: number;
  /** Longest lifetime in days of a token a user issues for itself (SELF_SERVICE_TOKEN_DAYS, 30 by default); 0: only the bureau issues tokens. */
  selfServiceTokenDays?: number;
  /** Where the city limits the trial run before final acceptance (Wendeng: 6 months); null: no limit. */
  acceptanceMaxTrialMonths?: number | null;
  /** How far ahead a reported acceptance delay may set the new date (months); 6 when absent. */
  acceptanceDelayMaxMonths?: number;
  /** The Ed25519 key that signs audit checkpoints; a fresh one when absent (tests). */
  auditSigningKey?: SigningKey;
  /** Where the exchange keeps received files (DATA_DIR/exchange); a temporary folder when absent (tests). */
  exchangeDir?: string;
  /** The key of the keyed-hash masking rule (DATA_DIR/masking-key); a fresh one when absent (tests). */
  maskingKey?: Buffer;
  /** Where attachments are kept (DATA_DIR/attachments); a temporary folder when absent (tests). */
  attachmentsDir?: string;
  /** The largest attachment accepted, in bytes (ATTACHMENT_MAX_BYTES). */
  maxAttachmentBytes?: number;
  /** The largest delivery accepted, in bytes. */
  maxDeliveryBytes?: number;
  /** How queries and verifications are forwarded to producers' endpoints (config.forward). */
  forward?: ForwardSettings;
  /** Origins a browser front end may call from; none by default. */
  corsOrigins?: string[];
  /** Requests per minute per token; null or absent: no limit (main.ts sets the configured one). */
  rateLimitPerMinute?: number | null;
  /** Requests per minute per client address to the public certificate verifications; null or absent: no limit (main.ts sets the configured one). */
  publicRateLimitPerMinute?: number | null;
  /** The folder of the certificate signing keys (DATA_DIR/certificate-keys); a temporary folder when absent (tests). */
  certificateKeysDir?: string;
  contract?: Contract;
  /** Results of costly reads (ADR 0018); a 32 MB one when absent. */
  readCache?: ReadCache;
  /** API requests in flight beyond which new ones are refused with 503 overloaded (src/http/load-shedding.ts); absent: never (tests). */
  maxInFlight?: number;
  /** How long one search statement may run on PostgreSQL (SEARCH_TIMEOUT_MS); absent: no limit. */
  searchTimeoutMs?: number;
  /** Which proxies' X-Forwarded-For gives the client's address (TRUST_PROXY); absent: none. */
  trustProxy?: number | string[] | false;
  /** The bearer token /metrics asks for (METRICS_TOKEN); absent: loopback callers only. */
  metricsToken?: string | null;
  /** Minutes without a request after which a session ends (SESSION_IDLE_MINUTES); 30 when absent. */
  sessionIdleMinutes?: number;
  /** Hours after which a session ends however busy (SESSION_MAX_HOURS); 12 when absent. */
  sessionMaxHours?: number;
  /** Where the built web console is (dist/web by default; ADR 0044). */
  consoleDir?: string;
  /** Mark the session cookie Secure (SESSION_COOKIE_SECURE; behind https); false when absent. */
  sessionCookieSecure?: boolean;
}

/** The areas' services alone (seeds, the command-line tools, tests that call services directly). */
export function createServices(db: Database, clock: Clock, settings: ServiceSettings = {}): Services {
  return createAreas(db, clock, settings).services;
}

/** The express application, without listening, so tests drive it directly. */
/** Sends a handler's answer with the operation's success status; an answer sent by the handler is left alone. */
function send(res: express.Response, status: number, answer: unknown): void {
  if (answer === SENT) return;
  // An answer that is one versioned object carries the version of the row it shows as its ETag,
  // whichever operation gave it (read, create, update or action), for If-Match next.
  const version = rowVersionOf(answer);
  if (version !== undefined) {
    res.setHeader('ETag', etagOf(version));
    // That ETag names the row's version (for If-Match), not these bytes: fields computed at read
    // time (a project's overdue registration, a withheld payment) change while it stays. So express
    // must not answer If-None-Match with 304 from it — a browser would show a stale object.
    delete res.req.headers['if-none-match'];
  }
  res.status(status).json(answer);
}

export function createApp(options: AppOptions): express.Express {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const bodyLimit = options.bodyLimit ?? '1mb';
  const contract = options.contract ?? new Contract();
  const readCache = options.readCache ?? new ReadCache(options.db);
  const areas = createAreas(options.db, clock, {
    replyWorkingDays: options.sharingReplyWorkingDays,
    selfServiceTokenDays: options.selfServiceTokenDays,
    maxTrialMonths: options.acceptanceMaxTrialMonths,
    delayMaxMonths: options.acceptanceDelayMaxMonths,
    auditSigningKey: options.auditSigningKey,
    exchangeDir: options.exchangeDir,
    maskingKey: options.maskingKey,
    maxDeliveryBytes: options.maxDeliveryBytes,
    forward: options.forward,
    certificateKeysDir: options.certificateKeysDir,
    readCache,
    searchTimeoutMs: options.searchTimeoutMs,
    attachmentsDir: options.attachmentsDir,
    maxAttachmentBytes: options.maxAttachmentBytes,
    sessionIdleMinutes: options.sessionIdleMinutes,
    sessionMaxHours: options.sessionMaxHours,
    sessionCookieSecure: options.sessionCookieSecure,
  });
  const idempotent = idempotency(options.db, () => clock.now()) as express.RequestHandler;
  // An operation whose answer holds a secret (x-answer-holds-secret: createToken) never has its
  // answer stored for replay: a retry is told what was created instead.
  const idempotentHoldingSecret = idempotency(options.db, () => clock.now(), { answerHoldsSecret: true }) as express.RequestHandler;
  const marked = (op: Operation, extension: string): boolean => {
    const paths = contract.document.paths as Record<string, Record<string, Record<string, unknown>>>;
    return paths[op.path]?.[op.method]?.[extension] === true;
  };
  const answerHoldsSecret = (op: Operation) => marked(op, 'x-answer-holds-secret');
  const parseBody = express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] });
  const services = areas.services;
  const checkResponses = options.validateResponses ?? false;
  // Creating requests (a POST answering 201) honour Idempotency-Key. One whose body is streamed
  // (x-streamed-body: a delivery) checks the key itself, once the body's hash is known.
  // The public operations a client address may call only so often (x-rate-limited-per-address: a
  // certificate's verification, which no token identifies).
  const perAddress = options.publicRateLimitPerMinute
    ? perAddressRateLimit(options.publicRateLimitPerMinute, options.db, () => clock.now())
    : null;
  const before = (op: Operation) => [
    ...(perAddress && marked(op, 'x-rate-limited-per-address') ? [perAddress] : []),
    ...(op.method === 'post' && op.responses['201'] && op.secured && !marked(op, 'x-streamed-body')
      ? [answerHoldsSecret(op) ? idempotentHoldingSecret : idempotent]
      : []),
  ];
  const bind: Bind = (router, operationId, handler) => {
    const status = contract.operation(operationId).responses['201'] ? 201 : 200;
    bindOperation(
      router,
      contract,
      operationId,
      (req, res) => {
        const answer = handler(callOf(req), res, req);
        // Most handlers answer with a promise; one that answers at once is sent without another turn.
        return answer instanceof Promise ? answer.then((a) => send(res, status, a)) : send(res, status, answer);
      },
      { checkResponses, parseBody, before },
    );
  };

  const shedder = options.maxInFlight ? loadShedding(options.maxInFlight) : null;
  const metrics = createMetrics(readCache, () => changeFeedOf(options.db), shedder ?? undefined);
  const app = express();
  app.disable('x-powered-by');
  // The client's address behind a reverse proxy (TRUST_PROXY): what the audit trail records.
  if (options.trustProxy) app.set('trust proxy', options.trustProxy);
  serializeJsonOnce(app);
  app.use(securityHeaders());
  app.use(corsPolicy(options.corsOrigins ?? []));
  app.use(metrics.middleware);
  app.set('query parser', 'simple');
  app.use(requestLog(logger));
  if (shedder) app.use(shedder.middleware);
  // The system routes (health, metrics, the contract, Swagger UI) serve no /api/ path: API calls
  // skip that router rather than try its routes one by one (route-gate.ts has the same reason).
  const system = systemRouter(bind, options.db, contract, metrics.registry, options.metricsToken ?? null);
  const skipForApi: express.RequestHandler = (req, res, next) => (req.url.startsWith('/api/') ? next() : system(req, res, next));
  // Its routes stay visible to the test that every route is a documented operation.
  app.use(Object.assign(skipForApi, { stack: system.stack }));
  // The web console's page at / (getConsolePage); its other pages and assets just before the 404.
  const webConsole = consoleRouter(bind, options.consoleDir ?? path.join(logicalRoot(), 'dist', 'web'));
  app.use(webConsole.page);
  // The areas' public operations (security: [] — the certificates' JWKS and verifications) before
  // the bearer-token check; a request for any other route passes through them untouched.
  app.use(routeByArea(areas.publicRouters(bind)));
  // A bearer token, or a person's session cookie (ADR 0043: CSRF checks on unsafe calls).
  app.use(
    '/api/v1',
    requireBearerTokenOrSession(
      (token, requestId, ip) => services.users.authenticate(token, requestId, ip),
      (token, requestId, ip) => services.users.sessions.authenticate(token, requestId, ip),
      { cookieName: SESSION_COOKIE, corsOrigins: options.corsOrigins ?? [] },
    ),
  );
  if (options.rateLimitPerMinute)
    app.use(
      '/api/v1',
      perTokenRateLimit(options.rateLimitPerMinute, options.db, () => clock.now()),
    );
  app.use(routeByArea(areas.routers(bind)));
  app.use(webConsole.fallback);
  app.use(notFoundHandler);
  app.use(errorHandler(logger, bodyLimit));
  return app;
}
