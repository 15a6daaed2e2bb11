import express from 'express';
import { pageRequestOf } from '../../db/pagination';
import { Bind } from '../../http/binding';
import { AuditService } from './audit.service';

export function auditRouter(service: AuditService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'listAuditEvents', ({ actor, query }) => service.list(actor, { ...query, ...pageRequestOf(query) }));
  bind(router, 'verifyAuditChain', ({ actor }) => service.verify(actor));
  bind(router, 'listAuditCheckpoints', ({ actor }) => service.checkpoints(actor));
  bind(router, 'signAuditCheckpoint', ({ actor }) => service.sign(actor));
  return router;
}
