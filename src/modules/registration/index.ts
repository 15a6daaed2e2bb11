import { Area } from '../area';
import { registrationRouter } from './registration.router';
import { RegistrationDeps, RegistrationService } from './registration.service';

// The registration area (信息化项目成果登记): the achievement registration form a project files after
// final acceptance, the bureau's receipt, and its paper forms. Depends on projects, the catalog,
// sharing and the audit trail.
export function registrationArea(deps: RegistrationDeps): Area<RegistrationService> {
  const service = new RegistrationService(deps);
  return { service, router: (bind) => registrationRouter(service, bind) };
}
