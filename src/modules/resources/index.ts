import { Area } from '../area';
import { resourcesRouter } from './resources.router';
import { ResourceDeps, ResourceService } from './resources.service';

// The catalog area (信息资源目录): entries with their items, provision modes and sharing terms, their
// review and publication, versions and search. Depends on departments, the audit trail and the read
// cache; what depends on an entry staying published subscribes (ResourceService.followWithdrawals).
export function resourcesArea(deps: ResourceDeps): Area<ResourceService> {
  const service = new ResourceService(deps);
  return { service, router: (bind) => resourcesRouter(service, bind) };
}
