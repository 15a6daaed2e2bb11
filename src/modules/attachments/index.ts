import { Area } from '../area';
import { attachmentsRouter } from './attachments.router';
import { AttachmentDeps, AttachmentService } from './attachments.service';

// The attachments area (附件): files attached to a project's acceptance materials, a registration's
// project materials and a connection's evidence (docs/attachments.md). Depends on the audit trail
// and on the owning areas' services, which say who may read or change their objects; no area
// depends on it.
export function attachmentsArea(deps: AttachmentDeps): Area<AttachmentService> {
  const service = new AttachmentService(deps);
  return { service, router: (bind) => attachmentsRouter(service, bind) };
}
