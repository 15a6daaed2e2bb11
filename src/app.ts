import express from 'express';
import { Knex } from 'knex';
import pino, { Logger } from 'pino';
import { Clock, systemClock } from './clock';
import { bindOperation, Contract, Operation } from './http/contract';
import { requireBearerToken } from './http/auth';
import { createMetrics } from './http/metrics';
import { requestLog } from './http/request-log';
import { serializeJsonOnce } from './http/json-once';
import { perTokenRateLimit } from './http/rate-limit';
import { idempotency } from './http/idempotency';
import { ReadCache } from './db/read-cache';
import { changeFeedOf } from './db/change-feed';
import { corsPolicy, securityHeaders } from './http/security';
import { errorHandler, notFoundHandler } from './http/problem';
import { AuditService } from './modules/audit/audit.service';
import { newSigningKey, SigningKey } from './domain/audit-chain';
import { BoardService } from './modules/board/board.service';
import { boardRouter } from './modules/board/board.router';
import { CalendarService } from './modules/calendar/calendar.service';
import { OnboardingService } from './modules/onboarding/onboarding.service';
import { onboardingRouter } from './modules/onboarding/onboarding.router';
import { RegistrationService } from './modules/registration/registration.service';
import { registrationRouter } from './modules/registration/registration.router';
import { calendarRouter } from './modules/calendar/calendar.router';
import { auditRouter } from './modules/audit/audit.router';
import { ModuleContext, Services } from './modules/context';
import { DepartmentService } from './modules/departments/departments.service';
import { departmentsRouter } from './modules/departments/departments.router';
import { ProjectService } from './modules/projects/projects.service';
import { projectsRouter } from './modules/projects/projects.router';
import { ResourceService } from './modules/resources/resources.service';
import { resourcesRouter } from './modules/resources/resources.router';
import { SharingService } from './modules/sharing/sharing.service';
import { sharingRouter } from './modules/sharing/sharing.router';
import { systemRouter } from './modules/system/system.router';
import { DEFAULT_SELF_SERVICE_TOKEN_DAYS, UserService } from './modules/users/users.service';
import { usersRouter } from './modules/users/users.router';
import { vocabulariesRouter } from './modules/vocabularies.router';
import { routeByArea } from './http/route-gate';

export interface AppOptions {
  db: Knex;
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
  /** Origins a browser front end may call from; none by default. */
  corsOrigins?: string[];
  /** Requests per minute per token; null or absent: no limit (main.ts sets the configured one). */
  rateLimitPerMinute?: number | null;
  contract?: Contract;
  /** Results of costly reads (ADR 0018); a 64 MB one when absent. */
  readCache?: ReadCache;
}

export const DEFAULT_REPLY_WORKING_DAYS = 10;

export interface ServiceSettings {
  replyWorkingDays?: number;
  selfServiceTokenDays?: number;
  maxTrialMonths?: number | null;
  delayMaxMonths?: number;
  auditSigningKey?: SigningKey;
  /** Results of costly reads, kept while the database is unchanged (ADR 0018); one per process by default. */
  readCache?: ReadCache;
}

export function createServices(db: Knex, clock: Clock, settings: ServiceSettings = {}): Services {
  const replyWorkingDays = settings.replyWorkingDays ?? DEFAULT_REPLY_WORKING_DAYS;
  const cache = settings.readCache ?? new ReadCache(db);
  const projects = new ProjectService(db, clock, settings.maxTrialMonths ?? null, settings.delayMaxMonths);
  const onboarding = new OnboardingService(db, clock, projects, cache);
  projects.useOnboarding(onboarding);
  return {
    audit: new AuditService(db, clock, settings.auditSigningKey ?? newSigningKey()),
    departments: new DepartmentService(db, clock),
    users: new UserService(db, clock, settings.selfServiceTokenDays ?? DEFAULT_SELF_SERVICE_TOKEN_DAYS),
    projects,
    resources: new ResourceService(db, clock, projects, cache),
    sharing: new SharingService(db, clock, replyWorkingDays),
    calendar: new CalendarService(db, clock, replyWorkingDays),
    onboarding,
    registration: new RegistrationService(db, clock, projects),
    board: new BoardService(db, clock, projects, cache),
  };
}

/** The express application, without listening, so tests drive it directly. */
export function createApp(options: AppOptions): express.Express {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const bodyLimit = options.bodyLimit ?? '1mb';
  const contract = options.contract ?? new Contract();
  const readCache = options.readCache ?? new ReadCache(options.db);
  const services = createServices(options.db, clock, {
    replyWorkingDays: options.sharingReplyWorkingDays,
    selfServiceTokenDays: options.selfServiceTokenDays,
    maxTrialMonths: options.acceptanceMaxTrialMonths,
    delayMaxMonths: options.acceptanceDelayMaxMonths,
    auditSigningKey: options.auditSigningKey,
    readCache,
  });
  const idempotent = idempotency(options.db, () => clock.now()) as express.RequestHandler;
  // An operation whose answer holds a secret (x-answer-holds-secret: createToken) never has its
  // answer stored for replay: a retry is told what was created instead.
  const idempotentHoldingSecret = idempotency(options.db, () => clock.now(), { answerHoldsSecret: true }) as express.RequestHandler;
  const answerHoldsSecret = (op: Operation): boolean => {
    const paths = contract.document.paths as Record<string, Record<string, Record<string, unknown>>>;
    return paths[op.path]?.[op.method]?.['x-answer-holds-secret'] === true;
  };
  const parseBody = express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] });
  const ctx: ModuleContext = {
    services,
    bind: (router, operationId, handler) =>
      bindOperation(router, contract, operationId, handler, {
        checkResponses: options.validateResponses ?? false,
        parseBody,
        // Creating requests (a POST answering 201) honour Idempotency-Key.
        before: (op) =>
          op.method === 'post' && op.responses['201'] && op.secured ? [answerHoldsSecret(op) ? idempotentHoldingSecret : idempotent] : [],
      }),
  };

  const metrics = createMetrics(readCache, () => changeFeedOf(options.db));
  const app = express();
  app.disable('x-powered-by');
  serializeJsonOnce(app);
  app.use(securityHeaders());
  app.use(corsPolicy(options.corsOrigins ?? []));
  app.use(metrics.middleware);
  app.set('query parser', 'simple');
  app.use(requestLog(logger));
  // The system routes (health, metrics, the contract, Swagger UI) serve no /api/ path: API calls
  // skip that router rather than try its routes one by one (route-gate.ts has the same reason).
  const system = systemRouter(ctx, options.db, contract, metrics.registry);
  const skipForApi: express.RequestHandler = (req, res, next) => (req.url.startsWith('/api/') ? next() : system(req, res, next));
  // Its routes stay visible to the test that every route is a documented operation.
  app.use(Object.assign(skipForApi, { stack: system.stack }));
  app.use(
    '/api/v1',
    requireBearerToken((token, requestId, ip) => services.users.authenticate(token, requestId, ip)),
  );
  if (options.rateLimitPerMinute)
    app.use(
      '/api/v1',
      perTokenRateLimit(options.rateLimitPerMinute, options.db, () => clock.now()),
    );
  app.use(
    routeByArea(
      [
        vocabulariesRouter,
        departmentsRouter,
        usersRouter,
        projectsRouter,
        resourcesRouter,
        sharingRouter,
        calendarRouter,
        onboardingRouter,
        registrationRouter,
        boardRouter,
        auditRouter,
      ].map((area) => area(ctx)),
    ),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger, bodyLimit));
  return app;
}
