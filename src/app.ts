import { randomUUID } from 'node:crypto';
import express from 'express';
import { Knex } from 'knex';
import pino, { Logger } from 'pino';
import pinoHttp from 'pino-http';
import { Clock, systemClock } from './clock';
import { bindOperation, Contract } from './http/contract';
import { requireBearerToken } from './http/auth';
import { errorHandler, notFoundHandler } from './http/problem';
import { AuditStore } from './modules/audit/audit.store';
import { CalendarService } from './modules/calendar/calendar.service';
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
import { UserService } from './modules/users/users.service';
import { usersRouter } from './modules/users/users.router';
import { vocabulariesRouter } from './modules/vocabularies.router';

export interface AppOptions {
  db: Knex;
  clock?: Clock;
  logger?: Logger;
  bodyLimit?: string;
  /** Check every response against the contract (tests). */
  validateResponses?: boolean;
  /** Working days a producer has to answer a conditional sharing request. */
  sharingReplyWorkingDays?: number;
  contract?: Contract;
}

export const DEFAULT_REPLY_WORKING_DAYS = 10;

export function createServices(db: Knex, clock: Clock, replyWorkingDays = DEFAULT_REPLY_WORKING_DAYS): Services {
  const projects = new ProjectService(db, clock);
  return {
    audit: new AuditStore(db),
    departments: new DepartmentService(db, clock),
    users: new UserService(db, clock),
    projects,
    resources: new ResourceService(db, clock, projects),
    sharing: new SharingService(db, clock, replyWorkingDays),
    calendar: new CalendarService(db, clock, replyWorkingDays),
  };
}

const REQUEST_ID = /^[\w.:-]{1,100}$/;

/** The express application, without listening, so tests drive it directly. */
export function createApp(options: AppOptions): express.Express {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ level: 'silent' });
  const bodyLimit = options.bodyLimit ?? '1mb';
  const contract = options.contract ?? new Contract();
  const services = createServices(options.db, clock, options.sharingReplyWorkingDays);
  const ctx: ModuleContext = {
    services,
    bind: (router, operationId, handler) => bindOperation(router, contract, operationId, handler, { checkResponses: options.validateResponses ?? false }),
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Tokens never reach the log.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    }),
  );
  app.use(express.json({ limit: bodyLimit, type: ['application/json', 'application/*+json'] }));

  app.use(systemRouter(ctx, options.db, contract));
  app.use('/api/v1', requireBearerToken((token, requestId, ip) => services.users.authenticate(token, requestId, ip)));
  app.use(vocabulariesRouter(ctx));
  app.use(departmentsRouter(ctx));
  app.use(usersRouter(ctx));
  app.use(projectsRouter(ctx));
  app.use(resourcesRouter(ctx));
  app.use(sharingRouter(ctx));
  app.use(calendarRouter(ctx));
  app.use(auditRouter(ctx));
  app.use(notFoundHandler);
  app.use(errorHandler(logger, bodyLimit));
  return app;
}
