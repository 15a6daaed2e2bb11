import express from 'express';
import { ModuleContext } from '../context';
import { AuditFilter } from './audit.store';

export function auditRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.audit;
  ctx.bind(router, 'listAuditEvents', async (req, res) => {
    res.json(await service.list(req.actor, req.valid.query as unknown as AuditFilter));
  });
  ctx.bind(router, 'verifyAuditChain', async (req, res) => {
    res.json(await service.verify(req.actor));
  });
  ctx.bind(router, 'listAuditCheckpoints', async (req, res) => {
    res.json(await service.checkpoints(req.actor));
  });
  ctx.bind(router, 'signAuditCheckpoint', async (req, res) => {
    res.status(201).json(await service.sign(req.actor));
  });
  return router;
}
