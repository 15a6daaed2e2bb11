import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { Clock } from '../clock';
import { Database } from '../db/database';
import { ReadCache } from '../db/read-cache';
import { newSigningKey, SigningKey } from '../domain/audit-chain';
import { Bind } from '../http/binding';
import { attachmentsArea } from './attachments';
import { AttachmentService } from './attachments/attachments.service';
import { auditArea } from './audit';
import { AuditService } from './audit/audit.service';
import { boardArea } from './board';
import { BoardService } from './board/board.service';
import { calendarArea } from './calendar';
import { categoriesArea } from './categories';
import { CategoryService } from './categories/categories.service';
import { CalendarService } from './calendar/calendar.service';
import { departmentsArea } from './departments';
import { DepartmentService } from './departments/departments.service';
import { onboardingArea } from './onboarding';
import { OnboardingService } from './onboarding/onboarding.service';
import { projectsArea } from './projects';
import { ProjectService } from './projects/projects.service';
import { registrationArea } from './registration';
import { RegistrationService } from './registration/registration.service';
import { resourcesArea } from './resources';
import { ResourceService } from './resources/resources.service';
import { sharingArea } from './sharing';
import { SharingService } from './sharing/sharing.service';
import { usersArea } from './users';
import { UserService } from './users/users.service';
import { vocabulariesRouter } from './vocabularies/vocabularies.router';
import { exchangeArea } from './exchange';
import { notificationsArea } from './notifications';
import { NotificationsService } from './notifications/notifications.service';
import { Forwarder } from '../http/forwarding';
import type { Exchange } from './exchange';
import type { ForwardSettings } from '../http/forwarding';

// The composition root: every area built by its factory from what it depends on, in the order of
// the dependencies — each area receives the services of the areas it calls, and no area builds
// another's store. The graph has no cycle (npm run check:cycles); where an area must follow a
// change of one it does not depend on (grants follow a withdrawn entry, deadlines a changed
// calendar), it subscribes here.
//
//   audit ← departments ← users
//   audit ← calendar
//   audit ← categories
//   audit, departments, categories, cache ← resources
//   audit, resources, calendar ← sharing          (follows withdrawals and the calendar)
//   audit, resources, sharing ← exchange
//   audit, resources, sharing, exchange, cache ← onboarding   (the exchange's observations are its evidence)
//   audit, departments, calendar, onboarding ← projects
//   audit, projects, resources, sharing ← registration
//   projects, calendar, exchange, cache ← board
//   audit, projects, registration, onboarding ← attachments   (their rights decide who reads and changes)
//   audit, departments, resources, sharing, projects, calendar, exchange ← notifications  (to-do lists, webhooks)

export const DEFAULT_REPLY_WORKING_DAYS = 10;
export const DEFAULT_MAX_DELIVERY_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface Services {
  audit: AuditService;
  departments: DepartmentService;
  users: UserService;
  calendar: CalendarService;
  categories: CategoryService;
  resources: ResourceService;
  sharing: SharingService;
  onboarding: OnboardingService;
  projects: ProjectService;
  registration: RegistrationService;
  board: BoardService;
  exchange: Exchange;
  attachments: AttachmentService;
  notifications: NotificationsService;
}

export interface ServiceSettings {
  replyWorkingDays?: number;
  selfServiceTokenDays?: number;
  maxTrialMonths?: number | null;
  delayMaxMonths?: number;
  auditSigningKey?: SigningKey;
  /** Where the exchange keeps received files; a folder under the system's temporary directory when absent (tests). */
  exchangeDir?: string;
  /** The key of the keyed-hash masking rule; a fresh one when absent (tests). */
  maskingKey?: Buffer;
  /** The largest delivery accepted, in bytes (1 GiB when absent). */
  maxDeliveryBytes?: number;
  /** How queries and verifications are forwarded to producers' endpoints (5 s, 1 MiB, no internal address when absent). */
  forward?: ForwardSettings;
  /** The folder of the certificate signing keys (DATA_DIR/certificate-keys); a temporary folder when absent (tests). */
  certificateKeysDir?: string;
  /** Results of costly reads, kept while the database is unchanged (ADR 0018); one per process by default. */
  readCache?: ReadCache;
  /** How long a search statement may run on PostgreSQL (SEARCH_TIMEOUT_MS); absent: no limit (tests). */
  searchTimeoutMs?: number;
  /** Where attachments are kept (DATA_DIR/attachments); a folder under the system's temporary directory when absent (tests). */
  attachmentsDir?: string;
  /** The largest attachment accepted, in bytes (ATTACHMENT_MAX_BYTES; 20 MiB when absent). */
  maxAttachmentBytes?: number;
  /** Sessions of people who sign in (ADR 0043): idle minutes (30), lifetime in hours (12), the cookie Secure (false). */
  sessionIdleMinutes?: number;
  sessionMaxHours?: number;
  sessionCookieSecure?: boolean;
}

export interface Areas {
  services: Services;
  /** The areas' routers, bound to the contract's operations, in the order they are tried. */
  routers: (bind: Bind) => express.Router[];
  /** The routers of the operations the contract marks public (security: []), tried before the bearer-token check. */
  publicRouters: (bind: Bind) => express.Router[];
}

export function createAreas(db: Database, clock: Clock, settings: ServiceSettings = {}): Areas {
  const cache = settings.readCache ?? new ReadCache(db);
  const audit = auditArea({ db, clock, key: settings.auditSigningKey ?? newSigningKey() });
  const departments = departmentsArea({ db, clock, audit: audit.service });
  const users = usersArea({
    db,
    clock,
    audit: audit.service,
    departments: departments.service,
    selfServiceTokenDays: settings.selfServiceTokenDays,
    idleMinutes: settings.sessionIdleMinutes,
    maxHours: settings.sessionMaxHours,
    cookieSecure: settings.sessionCookieSecure,
  });
  const calendar = calendarArea({ db, clock, audit: audit.service });
  const categories = categoriesArea({ db, clock, audit: audit.service });
  const resources = resourcesArea({
    db,
    clock,
    audit: audit.service,
    departments: departments.service,
    categories: categories.service,
    cache,
    searchTimeoutMs: settings.searchTimeoutMs ?? null,
  });
  const sharing = sharingArea({
    db,
    clock,
    audit: audit.service,
    resources: resources.service,
    calendar: calendar.service,
    replyWorkingDays: settings.replyWorkingDays ?? DEFAULT_REPLY_WORKING_DAYS,
  });
  resources.service.followWithdrawals((tx, actor, entryId, reason) => sharing.service.suspendGrantsOfEntry(tx, actor, entryId, reason));
  calendar.service.follow((tx, workingDays) => sharing.service.followCalendar(tx, workingDays));
  const exchange = exchangeArea({
    db,
    clock,
    audit: audit.service,
    resources: resources.service,
    sharing: sharing.service,
    filesDir: settings.exchangeDir ?? path.join(os.tmpdir(), `catalog-exchange-${randomUUID()}`),
    maskingKey: settings.maskingKey ?? randomBytes(32),
    maxDeliveryBytes: settings.maxDeliveryBytes ?? DEFAULT_MAX_DELIVERY_BYTES,
    forward: settings.forward ?? { timeoutMs: 5000, maxBytes: 1024 * 1024, allow: [] },
    certificateKeysDir: settings.certificateKeysDir ?? path.join(os.tmpdir(), `catalog-certificate-keys-${randomUUID()}`),
  });
  const onboarding = onboardingArea({
    db,
    clock,
    audit: audit.service,
    resources: resources.service,
    sharing: sharing.service,
    exchange: exchange.service.streams,
    cache,
  });
  const projects = projectsArea({
    db,
    clock,
    audit: audit.service,
    departments: departments.service,
    calendar: calendar.service,
    onboarding: onboarding.service,
    maxTrialMonths: settings.maxTrialMonths,
    delayMaxMonths: settings.delayMaxMonths,
  });
  const registration = registrationArea({
    db,
    clock,
    audit: audit.service,
    projects: projects.service,
    resources: resources.service,
    sharing: sharing.service,
  });
  const board = boardArea({
    db,
    clock,
    projects: projects.service,
    calendar: calendar.service,
    cache,
    exchange: {
      usageFigures: (fromDay) => exchange.service.access.usageFigures(fromDay),
      overdueOf: (departmentId) => exchange.service.streams.overdueOf(departmentId),
    },
  });
  const attachments = attachmentsArea({
    db,
    clock,
    audit: audit.service,
    access: {
      project: (conn, actor, id, intent) => projects.service.materialsAccess(conn, actor, id, intent),
      registration: (conn, actor, id, intent) => registration.service.materialsAccess(conn, actor, id, intent),
      connection: (conn, actor, id, intent) => onboarding.service.connectionAccess(conn, actor, id, intent),
    },
    filesDir: settings.attachmentsDir ?? path.join(os.tmpdir(), `catalog-attachments-${randomUUID()}`),
    maxBytes: settings.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
  });
  const notifications = notificationsArea({
    db,
    clock,
    audit: audit.service,
    departments: departments.service,
    resources: resources.service,
    sharing: sharing.service,
    projects: projects.service,
    calendar: calendar.service,
    exchange: { overdueOf: (departmentId) => exchange.service.streams.overdueOf(departmentId) },
    // Webhooks are called through the same guard, with the same allowed addresses, as forwarding.
    forwarder: new Forwarder(settings.forward ?? { timeoutMs: 5000, maxBytes: 1024 * 1024, allow: [] }),
  });
  const areas = [
    departments,
    users,
    projects,
    categories,
    resources,
    sharing,
    calendar,
    onboarding,
    registration,
    board,
    audit,
    exchange,
    attachments,
    notifications,
  ];
  return {
    services: {
      audit: audit.service,
      departments: departments.service,
      users: users.service,
      calendar: calendar.service,
      categories: categories.service,
      resources: resources.service,
      sharing: sharing.service,
      onboarding: onboarding.service,
      projects: projects.service,
      registration: registration.service,
      board: board.service,
      exchange: exchange.service,
      attachments: attachments.service,
      notifications: notifications.service,
    },
    routers: (bind) => [vocabulariesRouter(bind, categories.service), ...areas.map((area) => area.router(bind))],
    publicRouters: (bind) => areas.flatMap((area) => (area.publicRouter ? [area.publicRouter(bind)] : [])),
  };
}
