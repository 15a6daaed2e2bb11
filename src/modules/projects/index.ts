import { Area } from '../area';
import { projectsRouter } from './projects.router';
import { ProjectDeps, ProjectService } from './projects.service';

// The projects area (信息化项目): funded IT projects and their lifecycle to final acceptance, the
// acceptance gate, delays. Depends on departments, the calendar, onboarding (the gate asks it) and
// the audit trail.
export function projectsArea(deps: ProjectDeps): Area<ProjectService> {
  const service = new ProjectService(deps);
  return { service, router: (bind) => projectsRouter(service, bind) };
}
