import express from 'express';
import { Handler } from '../http/contract';
import type { AuditService } from './audit/audit.service';
import type { BoardService } from './board/board.service';
import type { CalendarService } from './calendar/calendar.service';
import type { OnboardingService } from './onboarding/onboarding.service';
import type { RegistrationService } from './registration/registration.service';
import type { DepartmentService } from './departments/departments.service';
import type { ProjectService } from './projects/projects.service';
import type { ResourceService } from './resources/resources.service';
import type { SharingService } from './sharing/sharing.service';
import type { UserService } from './users/users.service';

export interface Services {
  audit: AuditService;
  departments: DepartmentService;
  users: UserService;
  projects: ProjectService;
  resources: ResourceService;
  sharing: SharingService;
  calendar: CalendarService;
  onboarding: OnboardingService;
  registration: RegistrationService;
  board: BoardService;
}

/** What a module's router gets: the services, and how to bind a handler to a contract operation. */
export interface ModuleContext {
  services: Services;
  bind: (router: express.Router, operationId: string, handler: Handler) => void;
}
