import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';

export function onboardingRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.onboarding;
  ctx.bind(router, 'getOnboarding', async (req, res) => {
    res.json(await service.get(req.actor, req.valid.params.projectId));
  });
  ctx.bind(router, 'verifyOnboarding', async (req, res) => {
    res.status(201).json(await service.verify(req.actor, req.valid.params.projectId));
  });
  ctx.bind(router, 'listConnections', async (req, res) => {
    res.json(await service.listConnections(req.actor, req.valid.params.resourceId));
  });
  ctx.bind(router, 'declareConnection', async (req, res) => {
    res
      .status(201)
      .json(await service.declareConnection(req.actor, req.valid.params.resourceId, req.valid.body as BodyOf<'declareConnection'>));
  });
  ctx.bind(router, 'confirmConnection', async (req, res) => {
    res.json(await service.confirmConnection(req.actor, req.valid.params.connectionId));
  });
  return router;
}
