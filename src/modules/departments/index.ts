import { Area } from '../area';
import { departmentsRouter } from './departments.router';
import { DepartmentDeps, DepartmentService } from './departments.service';

// The departments area (政务部门): the government bodies, their unified social credit codes and the
// one bureau. Depends on the audit trail only.
export function departmentsArea(deps: DepartmentDeps): Area<DepartmentService> {
  const service = new DepartmentService(deps);
  return { service, router: (bind) => departmentsRouter(service, bind) };
}
