import express from 'express';
import { requireRole } from '../../domain/actor';
import { ModuleContext } from '../context';
import { AuditFilter } from './audit.store';

export function auditRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  ctx.bind(router, 'listAuditEvents', async (req, res) => {
    requireRole(req.actor, 'bureau', 'auditor');
    res.json(await ctx.services.audit.list(req.valid.query as unknown as AuditFilter));
  });
  return router;
}
