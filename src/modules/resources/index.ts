import { Area } from '../area';
import { resourcesRouter } from './resources.router';
import { CatalogExport } from './resources.export';
import { CatalogImport } from './resources.import';
import { ResourceDeps, ResourceService } from './resources.service';

// The catalog area (信息资源目录): entries with their items, provision modes and sharing terms, their
// review and publication, versions and search, and the catalog in and out of Excel (the import
// template, the import, the .xlsx and CSV export). Depends on departments, the audit trail and the
// read cache; what depends on an entry staying published subscribes (ResourceService.followWithdrawals).
export function resourcesArea(deps: ResourceDeps): Area<ResourceService> {
  const service = new ResourceService(deps);
  const excel = {
    importer: new CatalogImport({ db: deps.db, clock: deps.clock, audit: deps.audit, resources: service }),
    exporter: new CatalogExport({ db: deps.db, resources: service }),
  };
  return { service, router: (bind) => resourcesRouter(service, bind, excel) };
}
