import { Area } from '../area';
import { sharingRouter } from './sharing.router';
import { SharingDeps, SharingService } from './sharing.service';

// The sharing area (数据共享申请与授权): requests for entries, their answers within working-day
// deadlines, the bureau's decisions on disputes, and the grants they give. Depends on the catalog,
// the calendar and the audit trail; follows withdrawals and calendar changes (wired by the
// composition root, src/modules/areas.ts).
export function sharingArea(deps: SharingDeps): Area<SharingService> {
  const service = new SharingService(deps);
  return { service, router: (bind) => sharingRouter(service, bind) };
}
