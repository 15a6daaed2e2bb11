import { Area } from '../area';
import { auditRouter } from './audit.router';
import { AuditDeps, AuditService } from './audit.service';

// The audit area (审计): the hash-chained trail every other area records into, its checkpoints and
// their verification. Depends on no other area; every other area receives its service.
export function auditArea(deps: AuditDeps): Area<AuditService> {
  const service = new AuditService(deps);
  return { service, router: (bind) => auditRouter(service, bind) };
}
